"""Problems found in the knowledge base, and how they are told to people.

Every stage reports problems instead of raising, so that one run lists all
of them, sorted by file and line, each with a hint towards the fix.

Each is told in one shape, ``file:line:col: field: message. hint`` (text,
GitHub annotations and JSON alike), so tools can read it:

- ``field`` is where the fix goes: a field path (``participants[0].id``),
  or ``file`` when the problem is with the file as a whole rather than one
  field (its name, folder, encoding, size, YAML syntax). It never contains
  ``": "`` (odd keys are written as JSON strings, see ``field_path``).
- ``message`` says what is wrong, in words; it is followed by ``.``.
- ``hint``, when there is one, says the exact fix.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

# The field of a problem with the file as a whole (see the module's docstring).
FILE = "file"
# The documented shape, as tools read it: file, line, column, field, then the
# message and hint. Unambiguous because a field never holds ": ".
SHAPE = re.compile(r"(?P<file>.+?):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<field>(?:[^:\s]|:(?! ))+): (?P<text>.+)")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def __post_init__(self):
        if not self.field:  # one rule for every stage: no field means the file as a whole
            object.__setattr__(self, "field", FILE)

    def __str__(self) -> str:
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {self.message}.{hint}"


def sorted_problems(problems) -> list[Problem]:
    """Sorted by file, line, column; duplicates dropped."""
    return sorted(set(problems))


def closest(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word``, if any is close enough to suggest."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def kind_of(value) -> str:
    """What a YAML value is, in a contributor's words."""
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


_PLAIN_KEY = re.compile(r"[^\s:.\[\]\"]+")


def field_path(path) -> str:
    """``('participants', 0, 'id')`` → ``participants[0].id``.

    A key with spaces, colons, dots, brackets or quotes (only ever an
    unknown one) is written as a JSON string in brackets, ``["a\\u003a b"]``,
    so the path stays one readable token of the problem's shape."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            text += f".{part}" if text else str(part)
        else:
            text += "[" + json.dumps(str(part), ensure_ascii=False).replace(":", "\\u003a").replace(" ", "\\u0020") + "]"
    return text

"""Problems found in the knowledge base, and how they are told to people.

Every stage reports problems instead of raising, so that one run lists all
of them, sorted by file and line, each with a hint towards the fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{where}:{field} {self.message}.{hint}"


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


def field_path(path) -> str:
    """``('participants', 0, 'id')`` → ``participants[0].id``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

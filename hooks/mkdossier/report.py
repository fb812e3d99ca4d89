"""How ``mkdossier check`` tells its result: to a person (text, coloured on
a terminal), to GitHub Actions (workflow annotations on the diff), or to a
program (JSON). The problems themselves come from the pipeline, sorted.
"""

from __future__ import annotations

import dataclasses
import json
import os

FORMATS = ("text", "github", "json")

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_CYAN = "\x1b[36m"
_DIM = "\x1b[2m"


# Characters that a terminal or a log viewer acts on rather than shows: C0 and
# C1 controls (escape sequences that retitle, clear or recolour a terminal;
# newlines that would forge a problem line) and the bidirectional overrides
# that reorder what is shown. Values reach problem messages, so each is shown
# as its escape (\x1b, \u202e) instead; our own colouring is added afterwards.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7f, 0xa0))}
_CONTROLS.update({code: f"\\u{code:04x}" for code in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
                                                        *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def printable(text) -> str:
    """``text`` with every control character written as its escape (linear time)."""
    return str(text).translate(_CONTROLS)


def printable_lines(text) -> str:
    """Like ``printable``, but our own line breaks stay (a message of several lines)."""
    return "\n".join(map(printable, str(text).split("\n")))


def _printable(problem):
    return dataclasses.replace(problem, file=printable(problem.file), field=printable(problem.field),
                               message=printable(problem.message), hint=printable(problem.hint))


def use_colour(choice: str, stream) -> bool:
    """``always``/``never``, or ``auto``: on a terminal, unless NO_COLOR is set."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def count_line(problems) -> str:
    count = len(problems)
    return f"{count} problem{'s' if count != 1 else ''} found."


def ok_line(counts: dict[str, int]) -> str:
    summary = ", ".join(f"{n} {printable(t)}" for t, n in sorted(counts.items()))
    return f"OK: {sum(counts.values())} records ({summary})."


def text_lines(problems, colour: bool = False) -> list[str]:
    """``file:line:col: field: message. hint`` per problem, then the count."""
    problems = [_printable(p) for p in problems]
    if not colour:
        return [str(p) for p in problems] + [count_line(problems)]
    lines = []
    for p in problems:
        field = f" {_CYAN}{p.field}:{_RESET}" if p.field else ""
        hint = f" {_DIM}{p.hint}{_RESET}" if p.hint else ""
        lines.append(f"{_BOLD}{p.file}:{p.line}:{p.col}:{_RESET}{field} {_RED}{p.message}.{_RESET}{hint}")
    return lines + [f"{_BOLD}{_RED}{count_line(problems)}{_RESET}"]


def _escape_data(text: str) -> str:
    # As in @actions/core: a workflow command's message may not contain raw newlines.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(problems) -> list[str]:
    """One ``::error`` workflow command per problem (shown on the PR diff), then the count."""
    lines = []
    for p in map(_printable, problems):
        message = f"{p.field}: {p.message}." if p.field else f"{p.message}."
        if p.hint:
            message += f" {p.hint}"
        props = f"file={_escape_property(p.file)},line={p.line},col={p.col},title={_escape_property('mkdossier check')}"
        lines.append(f"::error {props}::{_escape_data(message)}")
    return lines + [count_line(problems)]


def json_text(problems, counts: dict[str, int] | None = None) -> str:
    """The whole result as one JSON document."""
    document = {
        "ok": not problems,
        "problems": [
            {"file": p.file, "line": p.line, "col": p.col, "field": p.field,
             "message": p.message, "hint": p.hint, "text": str(p)}
            for p in problems
        ],
    }
    if counts is not None:
        document["records"] = dict(sorted(counts.items()))
    return json.dumps(document, indent=2, ensure_ascii=False)


def check_output(problems, counts: dict[str, int] | None, fmt: str = "text", colour: bool = False) -> str:
    """What ``mkdossier check`` prints, for the problems or (with none) the record counts."""
    if fmt == "json":
        return json_text(problems, counts if not problems else None)
    if not problems:
        line = ok_line(counts or {})
        return f"{_GREEN}{line}{_RESET}" if colour and fmt == "text" else line
    lines = github_lines(problems) if fmt == "github" else text_lines(problems, colour)
    return "\n".join(lines)

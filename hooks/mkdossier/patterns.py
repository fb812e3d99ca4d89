"""Field patterns (``pattern:`` in the model) on a linear-time engine.

A pattern may come from a pull request (``data/model.yaml``), and Python's
``re`` backtracks: ``^(a+)+$`` against a long value would hang ``check``.
RE2 matches in time linear in the value, so patterns compile with it, and
one it cannot run is refused when the model is loaded, with the reason.
"""

from __future__ import annotations

import functools

import re2

MAX_LENGTH = 200  # a pattern's size bounds RE2's work per character
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # refusals are reported as problems, not logged to stderr

# What RE2's error says → why, in a contributor's words.
_REASONS = (
    ("invalid escape sequence: \\1", "backreferences are not allowed"),
    ("invalid escape sequence: \\2", "backreferences are not allowed"),
    ("(?=", "lookahead is not allowed"),
    ("(?!", "lookahead is not allowed"),
    ("(?<=", "lookbehind is not allowed"),
    ("(?<!", "lookbehind is not allowed"),
    ("repetition", "a repetition count may be at most 1000"),
)


class Unsupported(ValueError):
    """A pattern RE2 cannot run; the message says why."""


@functools.lru_cache(maxsize=1024)
def compiled(pattern: str):
    """The pattern compiled with RE2; ``Unsupported`` if it cannot be."""
    if len(pattern) > MAX_LENGTH:
        raise Unsupported(f"it is longer than {MAX_LENGTH} characters")
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        raise Unsupported(_reason(error)) from None


def _reason(error: Exception) -> str:
    said = error.args[0] if error.args else b""
    said = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    for needle, reason in _REASONS:
        if needle in said:
            return reason
    if "\\" in said and "escape" in said:
        return "backreferences are not allowed" if any(c.isdigit() for c in said) else "an escape is not valid"
    return "it is not a valid pattern (" + said[:60].replace("\n", " ") + ")"


def unsupported_reason(pattern: str) -> str:
    """Why RE2 cannot run ``pattern`` ("" when it can)."""
    try:
        compiled(pattern)
    except Unsupported as error:
        return str(error)
    return ""


def matches(pattern: str, value: str) -> bool:
    """True when ``pattern`` is found in ``value`` (like ``re.search``)."""
    try:
        return compiled(pattern).search(value) is not None
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
        return compiled(pattern).search(value.encode("utf-8", "replace").decode("utf-8")) is not None

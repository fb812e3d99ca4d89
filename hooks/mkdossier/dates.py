"""Uncertain dates: EDTF strings to sortable bounds and to the words a person
would use ("early November 2022", "10–13 September 2023", "c. 2023").

Parsing is the ``edtf`` library's; this module only turns its result into
plain bounds (earliest and latest possible day) and wording.
"""

from __future__ import annotations

import calendar
import functools
import re
import datetime as dt
from dataclasses import dataclass


MONTHS = [calendar.month_name[m] for m in range(13)]
OPEN = ".."


@dataclass(frozen=True)
class Span:
    """A date as written, with its earliest and latest possible day.

    ``lower``/``upper`` are None when that end is open or unknown.
    """

    text: str
    lower: dt.date | None
    upper: dt.date | None
    approximate: bool = False
    uncertain: bool = False

    @property
    def sort_key(self) -> tuple:
        """Earliest possible day, then latest, then the text (never the text alone).

        A span open at the start ("before X") sorts at its end: shown just
        before X, not ahead of everything.
        """
        return (self.lower or self.upper or dt.date.min, self.upper or dt.date.max, self.text)

    @property
    def year(self) -> int | None:
        return (self.lower or self.upper).year if (self.lower or self.upper) else None


END_BEFORE_START = "the end is before the start"


class DateError(ValueError):
    """The text is not a date we can read; the message says why."""


def _bound(value) -> dt.date | None:
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None


# Plain calendar dates (by far the most common) are read directly: the edtf
# library's parser costs about 10 ms a date (profiled), which dominates a
# large build. Everything else (unspecified digits, seasons, sets, …) goes to
# the library; tests check both paths agree.
# Unspecified digits of the common forms (201X, 20XX, 2019-XX, 2019-05-XX,
# 2019-XX-XX) are read here too; other places for X go to the library.
PLAIN = re.compile(r"^(\d{4}|\d{3}X|\d{2}XX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([~?%]?)$")


def _plain(text: str):
    match = PLAIN.match(text)
    if not match:
        return None
    year, month, day, qualifier = match.groups()
    if "X" in year and (month or qualifier):
        return None
    if year.endswith("X"):
        return dt.date(int(year.replace("X", "0")), 1, 1), dt.date(int(year.replace("X", "9")), 12, 31), False, False
    if month == "XX":
        if day not in (None, "XX"):
            return None
        month, day = None, None
    if day == "XX":
        day = None
    if "00" in (month, day):
        raise DateError("not a valid EDTF date")
    year, month, day = int(year), int(month or 0), int(day or 0)
    if month > 12:  # seasons (2023-21) and other EDTF sub-year groupings: the library's
        return None
    try:
        if day:
            lower = upper = dt.date(year, month, day)
        elif month:
            lower = dt.date(year, month, 1)
            upper = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            lower, upper = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise DateError("not a valid EDTF date") from None
    return lower, upper, qualifier in "~%" and bool(qualifier), qualifier in "?%" and bool(qualifier)


def _single(text: str) -> tuple[dt.date | None, dt.date | None, bool, bool]:
    """Bounds and qualifiers of a single (non-interval) EDTF date."""
    if text in (OPEN, ""):
        return None, None, False, False
    plain = _plain(text)
    if plain is not None:
        return plain
    if not any(char.isdigit() for char in text):  # every EDTF date has digits; skip the slow parser
        raise DateError("not a valid EDTF date")
    from edtf import parse_edtf  # here: building its grammar costs a tenth of a second at start-up

    parsed = parse_edtf(text)
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    return _bound(parsed.lower_strict()), _bound(parsed.upper_strict()), approximate, uncertain


def parse(text) -> Span:
    """Read an EDTF date or interval; raise DateError with a plain reason."""
    return _parse(str(text).strip())


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> Span:
    try:
        if "/" in text:
            start, _, end = text.partition("/")
            lower, _, approx1, unc1 = _single(start)
            _, upper, approx2, unc2 = _single(end)
            if lower is None and upper is None:
                raise DateError("an interval needs at least one known end")
            span = Span(text, lower, upper, approx1 or approx2, unc1 or unc2)
        else:
            lower, upper, approximate, uncertain = _single(text)
            if lower is None and upper is None:
                raise DateError("not a date")
            span = Span(text, lower, upper, approximate, uncertain)
    except DateError:
        raise
    except Exception:  # the edtf library fails in many ways on odd input (EDTFParseException and others)
        raise DateError("not a valid EDTF date") from None
    if span.lower and span.upper and span.upper < span.lower:
        raise DateError(END_BEFORE_START)
    return span


def _day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def _month(d: dt.date) -> str:
    return f"{MONTHS[d.month]} {d.year}"


def _last_day(d: dt.date) -> int:
    return calendar.monthrange(d.year, d.month)[1]


def _range(lower: dt.date, upper: dt.date) -> str:
    """Wording for a closed span of days, as precise as it really is."""
    if lower == upper:
        return _day(lower)
    whole_year = (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31)
    if whole_year and lower.year == upper.year:
        return str(lower.year)
    if whole_year:
        return f"{lower.year}–{upper.year}"
    same_month = (lower.year, lower.month) == (upper.year, upper.month)
    if same_month:
        last = _last_day(lower)
        thirds = {(1, last): "", (1, 10): "early ", (11, 20): "mid-", (21, last): "late "}
        part = thirds.get((lower.day, upper.day))
        if part is not None:
            return f"{part}{_month(lower)}"
        return f"{lower.day}–{upper.day} {MONTHS[lower.month]} {lower.year}"
    if lower.day == 1 and upper.day == _last_day(upper):
        if lower.year == upper.year:
            return f"{MONTHS[lower.month]}–{_month(upper)}"
        return f"{_month(lower)} – {_month(upper)}"
    if lower.year == upper.year:
        return f"{lower.day} {MONTHS[lower.month]} – {_day(upper)}"
    return f"{_day(lower)} – {_day(upper)}"


def describe(span: Span) -> str:
    """The date as a person would write it."""
    if not (span.lower or span.upper):
        return span.text
    if span.lower and span.upper:
        words = _range(span.lower, span.upper)
    elif span.lower:
        words = f"from {_day(span.lower)} (end unknown)"
    else:
        words = f"until {_day(span.upper)} (start unknown)"
    if span.approximate:
        words = f"c. {words}"
    if span.uncertain:
        words = f"{words} (uncertain)"
    return words


def describe_text(text) -> str:
    """``describe`` for a raw EDTF string; the string itself if unreadable."""
    try:
        return describe(parse(text))
    except DateError:
        return str(text)



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
# A date the sources do not give: said honestly rather than bounded by a guess.
# It has no bounds, sorts after every known date and reads "date unknown".
UNKNOWN = "unknown"
UNKNOWN_WORDS = "date unknown"


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
        before X, not ahead of everything. A date with no known bound
        (``unknown``) sorts after every known one.
        """
        if self.lower is None and self.upper is None:
            return (dt.date.max, dt.date.max, self.text)
        return (self.lower or self.upper or dt.date.min, self.upper or dt.date.max, self.text)

    @property
    def unknown(self) -> bool:
        """True for ``unknown``: the sources give no date at all."""
        return self.text == UNKNOWN

    @property
    def year(self) -> int | None:
        return (self.lower or self.upper).year if (self.lower or self.upper) else None

    @functools.cached_property
    def words(self) -> str:
        """The date as a person would write it (``describe``), worded once."""
        return describe(self)

    @functools.cached_property
    def iso(self) -> tuple[str, str]:
        """Its start and end in ISO 8601 at the precision written (``iso_ends``), worked out once."""
        return iso_ends(self.text)

    @property
    def precision(self) -> str:
        """How precisely it is known: day, month, year, span, open (one end
        unknown) or unknown."""
        if self.lower is None and self.upper is None:
            return "unknown"
        if self.lower is None or self.upper is None:
            return "open"
        if self.lower == self.upper:
            return "day"
        if (self.lower.year, self.lower.month) == (self.upper.year, self.upper.month) and self.lower.day == 1 \
                and self.upper.day == calendar.monthrange(self.upper.year, self.upper.month)[1]:
            return "month"
        if self.lower == dt.date(self.lower.year, 1, 1) and self.upper == dt.date(self.lower.year, 12, 31):
            return "year"
        return "span"


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
    if text == UNKNOWN:
        return Span(text, None, None)
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


# The wording of parts of a month and of a year ("early November 2022",
# "late 2023"), of seasons and of open starts: ``describe`` prints them,
# and ``suggest`` (below) reads them back, so a suggested date is shown on
# the site in the words the contributor wrote.
MONTH_THIRDS = {"early ": (1, 10), "mid-": (11, 20), "late ": (21, None)}  # None: the month's last day
YEAR_THIRDS = {(1, 4): "early ", (5, 8): "mid-", (9, 12): "late "}
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}  # EDTF's season codes
SEASON = re.compile(r"([0-9]{4})-(2[1-4])")


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
    if whole_year and lower.year % 10 == 0 and upper.year == lower.year + 9:
        return f"the {lower.year}s"
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
            part = YEAR_THIRDS.get((lower.month, upper.month))
            if part is not None:
                return f"{part}{lower.year}"
            return f"{MONTHS[lower.month]}–{_month(upper)}"
        return f"{_month(lower)} – {_month(upper)}"
    if lower.year == upper.year:
        return f"{lower.day} {MONTHS[lower.month]} – {_day(upper)}"
    return f"{_day(lower)} – {_day(upper)}"


def describe(span: Span) -> str:
    """The date as a person would write it."""
    if not (span.lower or span.upper):
        return UNKNOWN_WORDS if span.unknown else span.text
    season = SEASON.fullmatch(span.text.rstrip("~?%"))
    if season is not None:
        words = f"{SEASONS[int(season.group(2))]} {season.group(1)}"
    elif span.lower and span.upper:
        words = _range(span.lower, span.upper)
    elif span.lower:
        words = f"from {_day(span.lower)} (end unknown)"
    elif (span.upper.month, span.upper.day) == (12, 31):
        words = f"before {span.upper.year + 1}"
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




# -- what a contributor probably meant -----------------------------------------
#
# ``check`` reports an unreadable date with the reason in words ("month 13
# does not exist") and, when it can tell, the EDTF the contributor meant
# ("late 2023" → 2023-09/2023-12). The phrases read here are the ones
# ``describe`` prints, so a suggestion is shown on the site as the phrase
# that was written. Every pattern below is anchored, with no nested
# repetition: linear time on any text.

GENERIC_HINT = ("Write EDTF: 2023-09-11 (day), 2023-06 (month), 2023~ (about), 2023-09? (uncertain), "
                "2022-11-01/2022-11-10 (interval), 2023-09-11/.. (open end).")

# Phrase examples, each with the EDTF ``suggest`` proposes and the words the
# site shows for it (the same phrase, in the site's spelling). Tested both ways.
PHRASES = [
    ("late 2023", "2023-09/2023-12", "late 2023"),
    ("early 2023", "2023-01/2023-04", "early 2023"),
    ("mid-2023", "2023-05/2023-08", "mid-2023"),
    ("mid 2023", "2023-05/2023-08", "mid-2023"),
    ("early November 2022", "2022-11-01/2022-11-10", "early November 2022"),
    ("mid-November 2022", "2022-11-11/2022-11-20", "mid-November 2022"),
    ("late February 2024", "2024-02-21/2024-02-29", "late February 2024"),
    ("the 1980s", "198X", "the 1980s"),
    ("1980s", "198X", "the 1980s"),
    ("the 1980's", "198X", "the 1980s"),
    ("summer 2023", "2023-22", "summer 2023"),
    ("spring 2023", "2023-21", "spring 2023"),
    ("autumn 2023", "2023-23", "autumn 2023"),
    ("fall 2023", "2023-23", "autumn 2023"),
    ("winter 2023", "2023-24", "winter 2023"),
    ("before 2020", "../2019", "before 2020"),
    ("c. 1950", "1950~", "c. 1950"),
    ("circa 1950", "1950~", "c. 1950"),
    ("about 1950", "1950~", "c. 1950"),
    ("around September 2023", "2023-09~", "c. September 2023"),
    ("September 2023", "2023-09", "September 2023"),
    ("Sept 2023", "2023-09", "September 2023"),
    ("11 September 2023", "2023-09-11", "11 September 2023"),
    ("11th September 2023", "2023-09-11", "11 September 2023"),
    ("September 11, 2023", "2023-09-11", "11 September 2023"),
    ("Sept 11, 2023", "2023-09-11", "11 September 2023"),
    ("10-13 September 2023", "2023-09-10/2023-09-13", "10–13 September 2023"),
    ("between 2020 and 2022", "2020/2022", "2020–2022"),
    ("2020-2022", "2020/2022", "2020–2022"),
    ("probably 2023", "2023?", "2023 (uncertain)"),
    ("2023 (uncertain)", "2023?", "2023 (uncertain)"),
    ("c. 2023 (uncertain)", "2023%", "c. 2023 (uncertain)"),
]

_MONTH_WORDS = {name.lower(): number for number, name in enumerate(MONTHS) if number}
_MONTH_WORDS.update({name[:3].lower(): number for number, name in enumerate(MONTHS) if number})
_MONTH_WORDS["sept"] = 9
_SEASON_WORDS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_ABOUT = {"c", "ca", "circa", "about", "around", "approximately", "approx", "roughly"}
_MAYBE = {"probably", "possibly", "perhaps", "maybe", "uncertain"}
_PUNCTUATION = str.maketrans({",": " ", ".": " ", "(": " ", ")": " ", "'": "", "\u2019": "",
                              "-": " - ", "\u2013": " - ", "\u2014": " - ", "/": " / "})
_ORDINAL = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"[0-9]{4}")
_DECADE = re.compile(r"([0-9]{3})0s")


def _token(word: str) -> tuple:
    """One word of a phrase as (kind, value)."""
    if _YEAR.fullmatch(word):
        return ("year", int(word))
    day = _ORDINAL.fullmatch(word)
    if day:
        return ("day", int(day.group(1)))
    decade = _DECADE.fullmatch(word)
    if decade:
        return ("decade", decade.group(1))
    if word in _MONTH_WORDS:
        return ("month", _MONTH_WORDS[word])
    if word in _SEASON_WORDS:
        return ("season", _SEASON_WORDS[word])
    return ("word", word)


def _day_text(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _phrase_edtf(tokens: list[tuple]) -> str | None:
    """The EDTF for a phrase's tokens (qualifiers already taken off), if it is one we read."""
    kinds = tuple(kind for kind, _ in tokens)
    values = [value for _, value in tokens]
    if kinds == ("year",):
        return f"{values[0]:04d}"
    if kinds == ("decade",):
        return f"{values[0]}X"
    if kinds == ("month", "year"):
        return f"{values[1]:04d}-{values[0]:02d}"
    if kinds == ("season", "year"):
        return f"{values[1]:04d}-{values[0]}"
    if kinds in (("day", "month", "year"), ("month", "day", "year")):
        day, month = (values[0], values[1]) if kinds[0] == "day" else (values[1], values[0])
        return _day_text(values[2], month, day)
    if kinds == ("word", "year") and values[0] in ("early", "mid", "late"):
        (first, last), = [months for months, part in YEAR_THIRDS.items() if part.strip(" -") == values[0]]
        return f"{values[1]:04d}-{first:02d}/{values[1]:04d}-{last:02d}"
    if kinds == ("word", "month", "year") and values[0] in ("early", "mid", "late"):
        first, last = next(days for part, days in MONTH_THIRDS.items() if part.strip(" -") == values[0])
        year, month = values[2], values[1]
        last = last or calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{first:02d}/{year:04d}-{month:02d}-{last:02d}"
    if kinds == ("word", "year") and values[0] == "before":
        return f"../{values[1] - 1:04d}"
    if kinds == ("year", "word", "year") and values[1] in ("-", "to", "/"):
        return f"{values[0]:04d}/{values[2]:04d}"
    if kinds == ("word", "year", "word", "year") and (values[0], values[2]) in (("between", "and"), ("from", "to")):
        return f"{values[1]:04d}/{values[3]:04d}"
    if kinds == ("day", "word", "day", "month", "year") and values[1] in ("-", "to"):
        start, end = _day_text(values[4], values[3], values[0]), _day_text(values[4], values[3], values[2])
        return f"{start}/{end}" if start and end else None
    return None


def suggest(text: str) -> str | None:
    """The EDTF for a date written in words ("late 2023" → "2023-09/2023-12"), if we read it."""
    if len(text) > 60:
        return None
    words = str(text).lower().translate(_PUNCTUATION).split()
    if words[:2] == ["mid", "-"]:  # "mid-2023", "mid-November"
        del words[1]
    uncertain = bool(words) and (words[-1] in ("?", "uncertain") or words[-1].endswith("?"))
    if words and words[-1].endswith("?"):
        words[-1] = words[-1].rstrip("?")
        words = [w for w in words if w]
    while words and words[-1] == "uncertain":
        words.pop()
    approximate = False
    while words and words[0] in _ABOUT | _MAYBE | {"the", "in", "on"}:
        approximate |= words[0] in _ABOUT
        uncertain |= words[0] in _MAYBE
        words.pop(0)
    edtf = _phrase_edtf([_token(word) for word in words])
    if edtf is None:
        return None
    if approximate or uncertain:
        if not PLAIN.fullmatch(edtf) or "X" in edtf:  # qualifiers only on a plain day, month or year
            return None
        edtf += "%" if approximate and uncertain else "~" if approximate else "?"
    try:
        parse(edtf)
    except DateError:
        return None
    return edtf


_NUMERIC = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
_ISO_LIKE = re.compile(r"([0-9]+)-([0-9]+)(?:-([0-9]+))?")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def _calendar_fault(year: int, month: int, day: int | None) -> tuple[str, str] | None:
    """What is wrong with a year, month and day, in words, and the fix; None if nothing is."""
    if year > 9999:
        digits = {5: "five", 6: "six", 7: "seven", 8: "eight"}.get(len(str(year)), str(len(str(year))))
        return (f"the year {year} has {digits} digits",
                "Write the year with four digits.")
    if not 1 <= month <= 12 and not (day is None and 21 <= month <= 24):
        swapped = _day_text(year, day, month) if day and 1 <= day <= 12 else None
        hint = (f"Did you mean {swapped} ({describe(parse(swapped))})? EDTF writes the month before the day."
                if swapped else "Months run from 01 to 12 (and 21 to 24 for seasons: 2023-22 is summer 2023).")
        return f"month {month} does not exist", hint
    if day is None:
        return None
    last = calendar.monthrange(year, month)[1]
    if day == 0 or day > 31:
        return f"day {day} does not exist", f"Write the day as 01 to {last}."
    if day > last:
        if month == 2:
            reason = f"{day} February {year} does not exist ({year} is not a leap year)" if day == 29 else \
                f"{day} February does not exist (February has {last} days in {year})"
        else:
            reason = f"{day} {MONTHS[month]} does not exist ({MONTHS[month]} has {last} days)"
        return reason, f"The last day of {MONTHS[month]} {year} is {year:04d}-{month:02d}-{last:02d}."
    return None


def _single_fault(text: str) -> tuple[str, str] | None:
    iso = _ISO_LIKE.fullmatch(text.rstrip("~?%"))
    if iso is None:
        return None
    year_text, month_text, day_text = iso.groups()
    year, month = int(year_text), int(month_text)
    day = int(day_text) if day_text is not None else None
    fault = _calendar_fault(year, month, day)
    if fault is not None:
        return fault
    if len(year_text) == 4 and (len(month_text) != 2 or (day_text is not None and len(day_text) != 2)):
        padded = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "") + text[len(text.rstrip("~?%")):]
        return "months and days are written with two digits", f"Write {padded}."
    return None


def explain(text) -> tuple[str, str]:
    """Why ``text`` is not a date we read, in words, and the fix (a hint).

    Only called for text ``parse`` refused."""
    text = str(text).strip()
    if len(text) <= 60:
        numeric = _NUMERIC.fullmatch(text)
        if numeric is not None:
            first, second, year = map(int, numeric.groups())
            readings = [d for d in (_day_text(year, second, first), _day_text(year, first, second)) if d]
            if len(readings) == 2 and readings[0] != readings[1]:
                both = " or ".join(f"{d} ({describe(parse(d))})" for d in readings)
                return ("the order of day and month is ambiguous, and EDTF writes the year first",
                        f"Write {both}.")
            if readings:
                return "EDTF writes the year first, then month and day", f"Write {readings[0]}."
        compact = _COMPACT.fullmatch(text)
        if compact is not None and _day_text(*map(int, compact.groups())):
            return "the parts of the date need hyphens", f"Write {'-'.join(compact.groups())}."
        if "/" in text:
            start, _, end = text.partition("/")
            for name, part in (("start", start), ("end", end)):
                fault = _single_fault(part)
                if fault is not None:
                    return f"the {name} ({part}): {fault[0]}", fault[1]
            try:
                lower, upper = parse(start).lower, parse(end).upper
            except DateError:
                lower = upper = None
            if lower and upper and upper < lower:
                return (f"the end ({end}) is before the start ({start})",
                        f"Swap them: {end}/{start}, or correct one of them.")
        else:
            fault = _single_fault(text)
            if fault is not None:
                return fault
        edtf = suggest(text)
        if edtf is not None:
            return ("dates are written in EDTF, not in words",
                    f"Write '{edtf}': the site shows it as '{describe(parse(edtf))}'.")
    return "not a valid EDTF date", GENERIC_HINT


# --- ISO 8601 ------------------------------------------------------------------
# What a date is in the formats that have no EDTF (CSV bounds, JSON-LD, FtM,
# iCalendar): its bounds, or one ISO value at the precision it was written.


def span_of(value) -> Span | None:
    """The EDTF value as a span, or None when it is missing or unreadable."""
    if value is None or value == "":
        return None
    try:
        return parse(value)
    except DateError:
        return None


def precision(lower: dt.date | None, upper: dt.date | None) -> str:
    """"day", "month" or "year" when the bounds are exactly one such unit, else ""."""
    if not (lower and upper):
        return ""
    if lower == upper:
        return "day"
    if (lower.year, lower.month) == (upper.year, upper.month) and lower.day == 1 and upper.day == _last_day(upper):
        return "month"
    if lower.year == upper.year and (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31):
        return "year"
    return ""


def iso_at_precision(lower: dt.date | None, upper: dt.date | None) -> str:
    """ISO 8601 at the precision of the bounds: 2023-09-11, 2023-06 or 2023."""
    unit = precision(lower, upper)
    if unit == "day":
        return lower.isoformat()
    if unit == "month":
        return f"{lower.year:04d}-{lower.month:02d}"
    if unit == "year":
        return f"{lower.year:04d}"
    return ""


def iso_ends(value) -> tuple[str, str]:
    """An EDTF date as (start, end) in ISO 8601, each at its written precision.

    A single day, month or year gives the same value twice; an interval gives
    each end ("" when open or unknown). Qualifiers (``~``, ``?``, ``%``) have no
    ISO form and are dropped: read ``approximate``/``uncertain`` for them.
    """
    whole = span_of(value)
    if whole is None or whole.lower is None and whole.upper is None:  # missing, unreadable, or `unknown`
        return "", ""
    text = str(value).strip()
    if "/" not in text:
        unit = iso_at_precision(whole.lower, whole.upper)
        if unit:
            return unit, unit
        return whole.lower.isoformat(), whole.upper.isoformat()
    first, _, last = text.partition("/")
    ends = []
    for part, bound in ((first, whole.lower), (last, whole.upper)):
        one = span_of(part) if part not in ("", OPEN) else None
        ends.append(iso_at_precision(one.lower, one.upper) if one else "")
        if one and not ends[-1] and bound:
            ends[-1] = bound.isoformat()
    return ends[0], ends[1]


def single_iso(value) -> str:
    """The date as one ISO 8601 value (2023-09-11, 2023-06, 2023), or "" when
    it is an interval or a span no ISO date names."""
    start, end = iso_ends(value)
    return start if start and start == end else ""

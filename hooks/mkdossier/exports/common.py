"""What every export shares: where the site is published, page URLs, dates
at the precision they were written, and record text as plain text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .. import dates, markup
from ..yamlsource import FORBIDDEN
from ..load import Record
from ..site import record_path, relative
from ..resolve import Graph

DATA_LICENSE = "CC BY 4.0"
LICENSE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL 1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
# Characters XML 1.0 and iCalendar cannot carry (C0 controls but tab and
# line breaks), with the others check refuses (lone surrogates,
# non-characters, C1 controls): a second wall, so that an export stays
# well-formed even for text that did not come through check.
_CONTROL = FORBIDDEN


@dataclass(frozen=True)
class Site:
    """Where the exports are published: what the formats need beyond the graph."""

    name: str = "Knowledge base"
    url: str = ""  # e.g. https://example.org/dossier/ ; "" means links stay relative
    license: str = DATA_LICENSE
    directory_urls: bool = True  # MkDocs' use_directory_urls (False in the offline bundle)

    @property
    def license_url(self) -> str:
        return LICENSE_URLS.get(self.license, "")

    def page_url(self, page: str) -> str:
        """The URL of a generated page, relative to the site root (MkDocs' rule)."""
        stem = page[: -len(".md")] if page.endswith(".md") else page
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")

    def record_url(self, graph: Graph, record: Record) -> str:
        return self.page_url(record_path(graph, record))

    def absolute(self, url: str) -> str:
        """The URL on the published site; "" when the site URL is unknown."""
        if not self.url:
            return ""
        return self.url.rstrip("/") + "/" + url

    def link(self, from_url: str, to_url: str) -> str:
        """A link from one file of the site to another: absolute when the
        site URL is known, else relative (which also works offline)."""
        if self.url:
            return self.absolute(to_url)
        return relative_url(from_url, to_url)


def relative_url(from_url: str, to_url: str) -> str:
    """``to_url`` relative to the file at ``from_url`` (both site-relative)."""
    target = [part for part in to_url.rstrip("/").split("/") if part]
    rel = relative(from_url.split("/")[:-1], target, keep_last=False) or "."
    if to_url == "" or to_url.endswith("/"):
        return "./" if rel == "." else rel + "/"
    return rel


def clean_text(value) -> str:
    """Text without the control characters XML and iCalendar reject."""
    return _CONTROL.sub("", str(value))


def plain(graph: Graph, markdown) -> str:
    """A Markdown field as text: ``[[id]]`` mentions become the record's title
    (or their own text), everything else stays as written."""
    def mention(match: re.Match) -> str:
        record = graph.records.get(match.group(1).strip())
        if match.group(2):
            return match.group(2)
        return graph.title(record) if record else match.group(1).strip()

    return clean_text(markup.MENTION.sub(mention, str(markdown or ""))).strip()


def one_line(value) -> str:
    return " ".join(clean_text(value).split())


# --- Dates -----------------------------------------------------------------


def span(value) -> dates.Span | None:
    """The EDTF value as a span, or None when it is missing or unreadable."""
    if value is None or value == "":
        return None
    try:
        return dates.parse(value)
    except dates.DateError:
        return None


def _last_day(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


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
    whole = span(value)
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
        one = span(part) if part not in ("", dates.OPEN) else None
        ends.append(iso_at_precision(one.lower, one.upper) if one else "")
        if one and not ends[-1] and bound:
            ends[-1] = bound.isoformat()
    return ends[0], ends[1]


def single_iso(value) -> str:
    """The date as one ISO 8601 value (2023-09-11, 2023-06, 2023), or "" when
    it is an interval or a span no ISO date names."""
    start, end = iso_ends(value)
    return start if start and start == end else ""


def newest_day(graph: Graph) -> dt.date:
    """The latest day any incident may have happened on: the exports' clock,
    so that the same data always gives the same timestamps."""
    days = []
    for record in graph.of_type("incident"):
        when = graph.date_of(record)
        day = when.upper or when.lower
        if day:
            days.append(day)
    return max(days, default=dt.date(1970, 1, 1))


def incident_day(graph: Graph, record: Record) -> dt.date:
    """The latest known day of an incident (its end, or its start when open)."""
    when = graph.date_of(record)
    return when.upper or when.lower or dt.date(1970, 1, 1)


def newest_incidents(graph: Graph) -> list[Record]:
    """Incidents newest first: the chronology's order reversed (as on the home page)."""
    return list(reversed(graph.incidents()))

"""What every export shares: where the site is published, page URLs, record
text as plain text, and what the chronology's formats (calendar, feed) read
off a record through the model."""

from __future__ import annotations

import datetime as dt
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
# The exports' clock when the knowledge base has no known day at all.
EPOCH = dt.date(1970, 1, 1)


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
    def title_of(record_id: str) -> str | None:
        record = graph.records.get(record_id)
        return graph.title(record) if record else None

    return clean_text(markup.mentions_as_text(markdown, title_of)).strip()


def one_line(value) -> str:
    return " ".join(clean_text(value).split())


# --- Dates -----------------------------------------------------------------
# A date is parsed once, in resolve (``graph.span``); its ISO forms are the
# span's (``Span.iso``). These read a value as written, parsing it again.
iso_ends, single_iso = dates.iso_ends, dates.single_iso


def newest_day(graph: Graph) -> dt.date:
    """The exports' clock, so that the same data always gives the same
    timestamps: the latest day a chronology record may have happened on;
    without one, the latest day of any date in the knowledge base; without
    any, 1970-01-01."""
    latest = [when.upper or when.lower for when in map(graph.date_of, graph.incidents())]
    if not any(latest):
        latest = [when.upper or when.lower for when in graph.spans.values()]
    return max(filter(None, latest), default=EPOCH)


def incident_day(graph: Graph, record: Record, clock: dt.date | None = None) -> dt.date:
    """The latest known day of a chronology record (its end, or its start when
    open). One whose date is unknown has no day of its own: it takes the
    exports' clock (``newest_day``, or ``clock`` when the caller has it),
    which is also the feed's own date."""
    when = graph.date_of(record)
    return when.upper or when.lower or clock or newest_day(graph)


def newest_incidents(graph: Graph) -> list[Record]:
    """The chronology newest first: its order reversed (as on the home page)."""
    return list(reversed(graph.incidents()))


# --- What the calendar and the feed say of a chronology record ---------------

def lead(graph: Graph, record: Record) -> str:
    """The record's text for a calendar event or a feed entry: its first
    Markdown field with a value (an incident's summary), as plain text."""
    for spec in graph.model.types[record.type].fields.values():
        value = record.data.get(spec.name)
        if spec.type == "markdown" and value:
            return plain(graph, value)
    return ""


def categories(graph: Graph, record: Record) -> list[str]:
    """The values of its lists the chronology filters by (tags), in order."""
    found = []
    for spec in graph.model.types[record.type].fields.values():
        value = record.data.get(spec.name)
        if spec.filter and spec.type == "list" and isinstance(value, list):
            found += [one_line(v) for v in value if v is not None]
    return list(dict.fromkeys(v for v in found if v))


def departures(graph: Graph, record: Record) -> list[str]:
    """What its hidden enum fields with a default say when they depart from
    it, as sentences ("Status: expected."): a page says them with the date."""
    return [f"{spec.title}: {one_line(value.replace('_', ' '))}." for spec, value in graph.departures(record)]

"""What every export shares: where the site is published, page URLs, dates
at the precision they were written, and record text as plain text."""

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
# A date's ISO forms are the date's own (``dates``); the exports read them here too.
span = dates.span_of
precision, iso_at_precision, iso_ends, single_iso = dates.precision, dates.iso_at_precision, dates.iso_ends, dates.single_iso


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

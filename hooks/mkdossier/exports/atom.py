"""incidents.atom: an Atom feed (RFC 4287) of the chronology, newest first,
for feed readers. Built with xml.etree, so all text is escaped by the XML
writer; timestamps are the records' dates, never the build's clock.

An entry's ``updated`` is the latest day its record may have happened on;
one whose date is unknown takes the feed's own ``updated`` (the latest day
of the chronology, ``common.newest_day``): no later than anything the feed
knows, and never a made-up day such as 1970-01-01."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from ..load import Record
from ..parts import EVERY, Parts
from ..site import CHRONOLOGY
from ..resolve import Graph
from .common import Site, categories, departures, incident_day, lead, newest_day, newest_incidents, one_line

ATOM = "http://www.w3.org/2005/Atom"
PATH = "downloads/incidents.atom"
_ENTRIES = "dossier-entries"  # a slot, not Atom: never in the file


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_id(site: Site, url: str) -> str:
    """An entry or feed id: its URL on the site, or a stable URN when the
    site URL is unknown (Atom ids must be absolute IRIs)."""
    return site.absolute(url) or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'mkdossier:{site.name}/{url}')}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _entry(graph: Graph, record: Record, site: Site, clock: dt.date) -> bytes:
    """One entry, written as it is indented inside the feed (``export``)."""
    url = site.record_url(graph, record)
    summary = " ".join(filter(None, [f"Date: {graph.date_of(record).words}.", *departures(graph, record),
                                     lead(graph, record)]))
    entry = ET.Element("entry")
    _add(entry, "id", atom_id(site, url))
    _add(entry, "title", one_line(graph.title(record)), type="text")
    _add(entry, "updated", _timestamp(incident_day(graph, record, clock)))
    _add(entry, "link", rel="alternate", type="text/html", href=site.link(PATH, url))
    _add(entry, "summary", summary, type="text")
    for term in categories(graph, record):
        _add(entry, "category", term=term)
    ET.indent(entry, level=1)
    return ET.tostring(entry, encoding="utf-8")


def export(graph: Graph, site: Site, parts: Parts = EVERY) -> bytes:
    """The feed, each entry one of ``parts`` (under the feed's date, which every entry may carry)."""
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "id", atom_id(site, PATH))
    _add(feed, "title", one_line(f"{site.name}: chronology"), type="text")
    _add(feed, "subtitle", "Every incident in the knowledge base, newest first.", type="text")
    clock = newest_day(graph)
    _add(feed, "updated", _timestamp(clock))
    if site.url:
        _add(feed, "link", rel="self", type="application/atom+xml", href=site.absolute(PATH))
    _add(feed, "link", rel="alternate", type="text/html", href=site.link(PATH, site.page_url(CHRONOLOGY)))
    author = _add(feed, "author")
    _add(author, "name", one_line(site.name))
    license_url = f" ({site.license_url})" if site.license_url else ""
    _add(feed, "rights", f"Data license: {site.license}{license_url}", type="text")
    _add(feed, "generator", "mkdossier")
    ET.SubElement(feed, _ENTRIES)  # where the entries go, written one by one
    ET.indent(feed)
    head, tail = ET.tostring(feed, encoding="utf-8", xml_declaration=True).split(f"<{_ENTRIES} />".encode())
    kind = f"atom {clock.isoformat()}"
    entries = [parts.of(kind, record, lambda record=record: _entry(graph, record, site, clock))
               for record in newest_incidents(graph)]
    if not entries:  # the slot and the indentation before it go
        return head[:head.rindex(b"\n")] + tail + b"\n"
    return head + b"\n  ".join(entries) + tail + b"\n"

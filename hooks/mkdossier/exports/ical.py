"""incidents.ics: one all-day VEVENT per chronology record (RFC 5545), for calendar apps.

Placement rule (docs/exports.md): an event covers every day the incident may
have happened on, from its earliest to its latest possible day, so a month
or a year is never shown as if it were a day; an open end is not guessed,
the event sits on the one known day. The description says how precise the
date really is. Written with the standard library: CRLF lines folded at 75
octets, TEXT values escaped.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from .. import dates
from ..fieldtypes import Field
from ..load import Record
from ..resolve import Graph
from ..parts import EVERY, Parts
from .common import Site, categories, clean_text, departures, lead, newest_day, one_line, plain


def escape(value) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    text = clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (§3.1);
    a folded line starts with a space, so it holds 74 octets of the value."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def placement(when: dates.Span) -> tuple[dt.date, dt.date | None, str]:
    """First day, day after the last (DTEND is exclusive) and how precise the
    date is. The day after 31 December 9999 has no date: None, and the event
    says how many days it lasts instead (DURATION, RFC 5545 §3.8.2.5)."""
    unit = when.precision
    qualifiers = "".join([" It is approximate." if when.approximate else "",
                          " It is uncertain." if when.uncertain else ""])
    if when.lower and when.upper:
        first, last = when.lower, when.upper
        if unit == "day":
            note = "Day precision."
        elif unit in ("month", "year"):
            note = f"{unit.capitalize()} precision: the day is not known; shown across the whole {unit}."
        else:
            note = "An interval: shown from its first to its last day."
    elif when.lower:
        first = last = when.lower
        note = "The end is not known; shown on the first known day only."
    else:
        first = last = when.upper
        note = "The start is not known; shown on the last possible day only."
    after = last + dt.timedelta(days=1) if last < dt.date.max else None
    return first, after, note + qualifiers


def _date(day: dt.date) -> str:
    """A DATE value: always four digits of year (strftime's %Y gives 999 for 999)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _uid_host(site: Site) -> str:
    return urlsplit(site.url).netloc or "mkdossier.invalid"


def _cited(graph: Graph, record: Record) -> list[Record]:
    """The records of citable types (sources) its own ref fields name, in order."""
    found = []
    for spec in graph.model.types[record.type].fields.values():
        refs = spec.type == "ref" or spec.type == "list" and spec.items is not None and spec.items.type == "ref"
        value = record.data.get(spec.name) if refs else None
        for target in value if isinstance(value, list) else [value]:
            if target in graph.records and graph.citable(graph.records[target]):
                found.append(target)
    return [graph.records[i] for i in dict.fromkeys(found)]


def _text(graph: Graph, spec: Field, mapping: dict, value) -> str:
    """One value of a field with an ``ical`` mapping, as the calendar writes it."""
    if "cases" in mapping or "fallback" in mapping:
        return one_line((mapping.get("cases") or {}).get(str(value), mapping.get("fallback") or value))
    if spec.type == "object":
        return ""
    if spec.type == "ref":
        return one_line(graph.title(graph.records[value])) if value in graph.records else ""
    if spec.type == "markdown":
        return plain(graph, value)
    return one_line(spec.kind.text(value, spec))


def _declared(graph: Graph, record: Record) -> list[str]:
    """The properties its fields fill (``ical:`` in model.yaml): LOCATION from
    a ref's title, STATUS from an enum's case; each property once."""
    lines, seen = [], set()
    for spec in graph.model.types[record.type].fields.values():
        mapping = spec.ical
        name = mapping.get("property")
        value = record.data.get(spec.name, spec.default)
        if not name or value is None or name in seen:
            continue
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        texts = [escape(_text(graph, inner, mapping, v)) for v in (value if isinstance(value, list) else [value])]
        if any(texts):
            seen.add(name)
            lines.append(f"{name}:" + ",".join(t for t in texts if t))
    return lines


def _event(graph: Graph, record: Record, site: Site, stamp: str) -> list[str]:
    when = graph.date_of(record)
    if not (when.lower or when.upper):
        return []
    first, after, note = placement(when)
    description = [f"Date: {when.words} (EDTF {when.text}). {note}", *departures(graph, record), lead(graph, record)]
    sources = [one_line(graph.title(source)) for source in _cited(graph, record)]
    if sources:
        description.append("Sources: " + "; ".join(sources) + ".")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{record.id}@{_uid_host(site)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(first)}",
        f"DTEND;VALUE=DATE:{_date(after)}" if after else f"DURATION:P{(dt.date.max - first).days + 1}D",
        f"SUMMARY:{escape(one_line(graph.title(record)))}",
        "DESCRIPTION:" + escape("\n\n".join(d for d in description if d)),
        *_declared(graph, record),
        "TRANSP:TRANSPARENT",
    ]
    tags = categories(graph, record)
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in tags))
    url = site.absolute(site.record_url(graph, record))
    if url:
        lines.append(f"URL:{url}")
    return lines + ["END:VEVENT"]


def export(graph: Graph, site: Site, parts: Parts = EVERY) -> bytes:
    # DTSTAMP must be a UTC date-time; it comes from the data, not the clock.
    stamp = f"{_date(newest_day(graph))}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//mkdossier//{escape(one_line(site.name))}//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(one_line(site.name))}",
    ]
    for record in graph.incidents():
        lines += parts.of(f"ical {stamp}", record, lambda record=record: _event(graph, record, site, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")

"""incidents.ics: one all-day VEVENT per incident (RFC 5545), for calendar apps.

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
from ..load import Record
from ..resolve import Graph
from .common import Site, clean_text, newest_day, one_line, plain, precision

STATUS = {"happened": "CONFIRMED", "expected": "TENTATIVE", "planned": "TENTATIVE", "cancelled": "CANCELLED"}


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
    unit = precision(when.lower, when.upper)
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


def _event(graph: Graph, record: Record, site: Site, stamp: str) -> list[str]:
    data = record.data
    when = graph.date_of(record)
    if not (when.lower or when.upper):
        return []
    first, after, note = placement(when)
    status = data.get("status", "happened")
    description = [f"Date: {dates.describe(when)} (EDTF {when.text}). {note}"]
    if status != "happened":
        description.append(f"Status: {status}.")
    description.append(plain(graph, data.get("summary")))
    sources = [one_line(graph.title(graph.records[s])) for s in data.get("sources") or []]
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
        f"STATUS:{STATUS.get(status, 'CONFIRMED')}",
        "TRANSP:TRANSPARENT",
    ]
    if data.get("location"):
        lines.append(f"LOCATION:{escape(one_line(graph.title(graph.records[data['location']])))}")
    if data.get("tags"):
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in data["tags"]))
    url = site.absolute(site.record_url(graph, record))
    if url:
        lines.append(f"URL:{url}")
    return lines + ["END:VEVENT"]


def export(graph: Graph, site: Site) -> bytes:
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
        lines += _event(graph, record, site, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")

"""The chronology: every incident in date order, grouped by year and month.

Order is by the earliest possible day, then the latest, then the title, so
"early November 2022" sorts before "November 2022" and an open-ended
expectation comes after what is known. A year with more incidents than the
threshold gets a page of its own, which keeps pages small as the base grows.
"""

from __future__ import annotations

from collections import OrderedDict

from .. import dates, markup
from ..load import Record
from ..resolve import Graph
from .pages import (CHRONOLOGY, Settings, front_matter, href, join_blocks, link,
                    participant_links, when)


def _month_group(span: dates.Span) -> str:
    """The heading an incident sits under within its year."""
    if span.lower and span.upper and (span.lower.year, span.lower.month) == (span.upper.year, span.upper.month):
        return f"{dates.MONTHS[span.lower.month]} {span.lower.year}"
    year = span.year
    return f"{year}, over several months or month unknown" if year else "Date unknown"


def _year(graph: Graph, record: Record) -> str:
    year = graph.date_of(record).year
    return str(year) if year else "undated"


def entry(graph: Graph, page: str, record: Record) -> str:
    """One incident as a list item: date, title, participants, claim status."""
    statuses = sorted({c.status for c in graph.claims_of(record.id)})
    parts = [f"**{markup.text(when(graph, record))}** — {link(graph, page, record.id)}"]
    participants = participant_links(graph, page, record)
    if participants:
        parts.append(f"with {participants}")
    if statuses:
        parts.append("claims: " + ", ".join(f"*{s}*" for s in statuses))
    return "- " + " · ".join(parts)


def _year_blocks(graph: Graph, page: str, incidents: list[Record], level: str) -> str:
    groups: OrderedDict[str, list[Record]] = OrderedDict()
    for record in incidents:
        groups.setdefault(_month_group(graph.date_of(record)), []).append(record)
    return "\n\n".join(f"{level} {markup.text(heading)}\n\n" + "\n".join(entry(graph, page, r) for r in records)
                       for heading, records in groups.items())


def chronology_pages(graph: Graph, settings: Settings) -> dict[str, str]:
    by_year: OrderedDict[str, list[Record]] = OrderedDict()
    for record in graph.incidents():
        by_year.setdefault(_year(graph, record), []).append(record)
    pages: dict[str, str] = {}
    blocks = [
        "# Chronology",
        f"{sum(len(v) for v in by_year.values())} incidents, in date order. Dates are as precise as the "
        "sources allow: *early*, *mid-* and *late* mean the first, second and last third of a month; "
        "*c.* means approximate.",
    ]
    for year, incidents in by_year.items():
        if len(incidents) > settings.year_page_threshold:
            year_page = f"chronology/{year}.md"
            pages[year_page] = front_matter(f"Chronology: {year}") + join_blocks(
                f"# Chronology: {year}",
                f"{len(incidents)} incidents. [All years]({href(year_page, CHRONOLOGY)})",
                _year_blocks(graph, year_page, incidents, "##"),
            )
            blocks.append(f"## {year}\n\n[{len(incidents)} incidents in {year}]({href(CHRONOLOGY, year_page)})")
        else:
            blocks.append(f"## {year}\n\n" + _year_blocks(graph, CHRONOLOGY, incidents, "###"))
    pages[CHRONOLOGY] = front_matter("Chronology") + join_blocks(*blocks)
    return pages

"""The chronology: every incident in date order, grouped by year and month.

Order is by the earliest possible day, then the latest, then the title, so
"early November 2022" sorts before "November 2022" and an open-ended
expectation comes after what is known. A year with more incidents than the
threshold gets a page of its own, which keeps pages small as the base grows.
"""

from __future__ import annotations

import html
import json
from collections import OrderedDict

from .. import dates, markup
from ..load import Record
from ..resolve import Graph
from .timeline import incident_timeline
from .pages import (CHRONOLOGY, NOT_SEARCHED, Settings, front_matter, href, join_blocks, link, pager,
                    participant_links, when)

# The filter script, loaded only by the pages that have the filter form
# (``scripts`` in their front matter; overrides/main.html adds the tag).
FILTER_SCRIPT = "assets/javascripts/chronology-filters.js"
# Every incident, for the filters across all years and pages: a script, not
# JSON, because a page opened from file:// cannot fetch a file, only load it.
INCIDENTS_SCRIPT = "chronology/incidents.js"


def _month_group(span: dates.Span) -> tuple[int, str]:
    """The heading an incident sits under within its year, and its place.

    An incident that fits in about a month sits under the month it starts
    in (an open span under its known end); longer spans come first, under
    a heading of their own, rather than under a month they might not be in.
    """
    start, end = span.lower or span.upper, span.upper or span.lower
    if start is None:
        return (0, "Date unknown")
    if (end - start).days <= 31:
        return (start.month, f"{dates.MONTHS[start.month]} {start.year}")
    return (0, f"Over several months of {start.year}")


def _year(graph: Graph, record: Record) -> str:
    year = graph.date_of(record).year
    return str(year) if year else "undated"


def entry_text(graph: Graph, page: str, record: Record) -> str:
    """One incident in a line: date, title, participants, claim status."""
    statuses = sorted({c.status for c in graph.claims_of(record.id)})
    parts = [f"**{markup.text(when(graph, record))}** — {link(graph, page, record.id)}"]
    participants = participant_links(graph, page, record)
    if participants:
        parts.append(f"with {participants}")
    if statuses:
        parts.append("claims: " + ", ".join(f"*{s}*" for s in statuses))
    linked = incident_links(graph, page, record)
    return " · ".join(parts) + (f'<br>\n<small class="dossier-linked">{linked}</small>' if linked else "")


def incident_links(graph: Graph, page: str, record: Record) -> str:
    """The incident's links to other incidents, both ways: "Part of: … · Prompted: …"."""
    groups: dict[str, list[str]] = {}
    for edge in graph.edges_out.get(record.id, []):
        groups.setdefault(graph.model.relations[edge.kind].outgoing, []).append(link(graph, page, edge.target))
    for edge in sorted(graph.edges_in.get(record.id, []), key=lambda e: e.source):
        if graph.records[edge.source].type == record.type:
            groups.setdefault(graph.model.relations[edge.kind].incoming, []).append(link(graph, page, edge.source))
    return " · ".join(f"{markup.text(label)}: {', '.join(links)}" for label, links in groups.items())


def involved(graph: Graph) -> dict[str, list[str]]:
    """Incident id → the records involved in it, as every count of "incidents
    involving X" means it (``Graph.incidents_of``: participants, location,
    records the summary mentions), so the filters agree with the pages."""
    key = ("involved",)
    if key not in graph._sorted:
        found: dict[str, list[str]] = {}
        for entity, incident_ids in graph.incidents_of.items():
            for incident_id in incident_ids:
                found.setdefault(incident_id, []).append(entity)
        graph._sorted[key] = {i: sorted(entities) for i, entities in found.items()}
    return graph._sorted[key]


def _facets(graph: Graph, record: Record) -> dict[str, list[str]]:
    """What the filters can narrow an incident by."""
    span = graph.date_of(record)
    claims = graph.claims_of(record.id)
    return {
        "party": involved(graph).get(record.id, []),
        "tag": sorted(record.data.get("tags") or []),
        "status": sorted({c.status for c in claims}),
        "from": [str(span.lower.year)] if span.lower else [],
        "to": [str(span.upper.year)] if span.upper else [],
    }


def _entry_block(graph: Graph, page: str, record: Record) -> str:
    """An incident as a block the filters can show or hide."""
    attributes = " ".join(f'data-{name}="{html.escape(" ".join(values))}"'
                          for name, values in _facets(graph, record).items())
    return f'<div class="dossier-entry" {attributes} markdown>\n{entry_text(graph, page, record)}\n</div>'


def _select(name: str, label: str, options: list[tuple[str, str]], any_label: str = "Any") -> str:
    choices = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
    return (f'<label>{label} <select name="{name}"><option value="">{any_label}</option>'
            f"{choices}</select></label>")


def filter_form(graph: Graph, incidents: list[Record]) -> str:
    """The filter controls; hidden until the script shows them, so without
    JavaScript the full list stays readable."""
    facets = [_facets(graph, r) for r in incidents]
    parties = sorted({p for f in facets for p in f["party"]},
                     key=lambda i: (graph.title(graph.records[i]).casefold(), i))  # ties by id: same bytes every run
    tags = sorted({t for f in facets for t in f["tag"]})
    statuses = sorted({s for f in facets for s in f["status"]})
    years = sorted({int(y) for f in facets for y in f["from"] + f["to"]})
    years = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    # Labels in words: the first and last years themselves, not "last year"
    # (which reads as the year before this one).
    first, last = (years[0], years[-1]) if years else ("", "")
    controls = [
        _select("party", "Involving", [(p, graph.title(graph.records[p])) for p in parties],
                "Anyone or anything"),
        _select("tag", "Tag", [(t, tag_text(t)) for t in tags], "Any tag"),
        _select("status", "Claim status", [(s, s.capitalize()) for s in statuses], "Any status"),
        _select("from", "From", [(y, y) for y in years], f"{first} (the earliest)" if first else "The earliest"),
        _select("to", "To", [(y, y) for y in years], f"{last} (the latest)" if last else "The latest"),
    ]
    # Without JavaScript a shared link's filter (?party=…) cannot apply: say
    # so rather than show everything as if filtered (the script hides this).
    notice = ('<p class="dossier-nojs" data-search-exclude>The filters need JavaScript: '
              "every incident is listed here, whatever filter a link asks for.</p>")
    return (notice + '<form class="dossier-filters" hidden data-search-exclude>'
            + "".join(controls)
            + '<button type="reset" class="md-button">Show all</button>'
            + '<output class="dossier-filters__count" aria-live="polite"></output></form>')


def tag_text(tag: str) -> str:
    """``arms_transfer``, ``arms-trade`` → ``arms transfer``, ``arms trade``: a tag as people read it."""
    return tag.replace("_", " ").replace("-", " ")


def _groups(graph: Graph, incidents: list[Record]) -> list[tuple[str, list[Record]]]:
    """Incidents under their month headings, in order."""
    groups: dict[tuple[int, str], list[Record]] = {}
    for record in incidents:
        groups.setdefault(_month_group(graph.date_of(record)), []).append(record)
    return [(heading, records) for (_order, heading), records in sorted(groups.items())]


def _blocks(graph: Graph, page: str, groups, level: str) -> str:
    return "\n\n".join(f"{level} {markup.text(heading)}\n\n" + "\n\n".join(_entry_block(graph, page, r) for r in records)
                       for heading, records in groups)


def _incidents(count: int) -> str:
    return f"{count} incident{'' if count == 1 else 's'}"


def _parts(groups, size: int) -> list[list[tuple[str, list[Record]]]]:
    """Month groups packed into pages of at most ``size`` incidents (a larger
    month is cut), so no page grows with the knowledge base."""
    parts: list[list] = [[]]
    count = 0
    for heading, records in groups:
        for start in range(0, len(records), size):
            chunk = records[start:start + size]
            if count and count + len(chunk) > size:
                parts.append([])
                count = 0
            parts[-1].append((heading, chunk))
            count += len(chunk)
    return parts


def chronology_pages(graph: Graph, settings: Settings) -> dict[str, str]:
    by_year: OrderedDict[str, list[Record]] = OrderedDict()
    for record in graph.incidents():
        by_year.setdefault(_year(graph, record), []).append(record)
    pages: dict[str, str] = {}
    # Years stay on the index only while the whole chronology fits on one page.
    total = sum(len(v) for v in by_year.values())
    inline = {year for year, rs in by_year.items()
              if len(rs) <= settings.year_page_threshold and total <= settings.chronology_page_size}
    blocks = [
        "# Chronology",
        f'<span class="dossier-chronology-total">{_incidents(total)}</span>, in date order. '
        "Dates are as precise as the "
        "sources allow: *early*, *mid-* and *late* mean the first, second and last third of a month; "
        "*c.* means approximate.",
        # The form on the index filters every incident (the script reads them
        # from INCIDENTS_SCRIPT); its options are the ones listed here when
        # every incident is, else the script fills them in.
        filter_form(graph, [r for year, rs in by_year.items() if year in inline for r in rs]),
    ]
    year_pages: dict[int, str] = {}  # where the timeline's bar for a year links
    for year, incidents in by_year.items():
        if year.isdigit():
            year_pages[int(year)] = f"{CHRONOLOGY}#{year}" if year in inline else f"chronology/{year}.md"
        if year in inline:
            blocks.append(f"## {year}\n\n" + _blocks(graph, CHRONOLOGY, _groups(graph, incidents), "###"))
            continue
        parts = _parts(_groups(graph, incidents), settings.chronology_page_size)
        paths = [f"chronology/{year}.md"] + [f"chronology/{year}-{n}.md" for n in range(2, len(parts) + 1)]
        links = []
        for number, (path, part) in enumerate(zip(paths, parts), start=1):
            count = sum(len(records) for _heading, records in part)
            span = part[0][0] if part[0][0] == part[-1][0] else f"{part[0][0]} to {part[-1][0]}"
            of = f" ({number} of {len(parts)})" if len(parts) > 1 else ""
            around = pager(path, paths, number, ("All years", CHRONOLOGY))
            pages[path] = front_matter(f"Chronology: {year}{of}", search=NOT_SEARCHED,
                                       scripts=[FILTER_SCRIPT]) + join_blocks(
                f"# Chronology: {year}{of}",
                f"{count} of the {len(incidents)} incidents of {year}: {markup.text(span)}. {around}",
                incident_timeline(graph, path, [r for _heading, records in part for r in records], settings,
                                  about=f" on this page ({span})"),
                filter_form(graph, [r for _heading, records in part for r in records]),
                _blocks(graph, path, part, "##"),
            )
            links.append(f"- [{markup.text(span)}]({href(CHRONOLOGY, path)}): {_incidents(count)}")
        blocks.append(f"## {year}\n\n{_incidents(len(incidents))} in {year}:\n\n" + "\n".join(links))
    blocks.insert(2, incident_timeline(graph, CHRONOLOGY, graph.incidents(), settings, by_year=year_pages))
    scripts = {"scripts": [INCIDENTS_SCRIPT, FILTER_SCRIPT]}  # the data first: the filter script reads it
    pages[CHRONOLOGY] = front_matter("Chronology", search=NOT_SEARCHED, **scripts) + join_blocks(*blocks)
    return pages


def incidents_data(graph: Graph, settings: Settings) -> dict[str, bytes]:
    """``chronology/incidents.js``: every incident for the filters, as one
    global (``dossierIncidents``). Compact at scale: records are numbers into
    a table of ids and titles; the same graph gives the same bytes.

    Each incident: [id, title, date in words, heading year, first year, last
    year, [involved], [tags], [statuses]] (years are 0 when unknown)."""
    parties: dict[str, int] = {}
    tags: dict[str, int] = {}
    statuses: dict[str, int] = {}
    incidents = []
    for record in graph.incidents():
        span = graph.date_of(record)
        facets = _facets(graph, record)
        incidents.append([
            record.id, graph.title(record), when(graph, record), int(_year(graph, record).replace("undated", "0")),
            span.lower.year if span.lower else 0, span.upper.year if span.upper else 0,
            [parties.setdefault(p, len(parties)) for p in facets["party"]],
            [tags.setdefault(t, len(tags)) for t in facets["tag"]],
            [statuses.setdefault(s, len(statuses)) for s in facets["status"]],
        ])
    data = {
        "folder": graph.model.types["incident"].folder + "/",
        "directoryUrls": settings.use_directory_urls,
        "parties": [[p, graph.title(graph.records[p])] for p in parties],
        "tags": [[t, tag_text(t)] for t in tags],
        "statuses": [[s, s.capitalize()] for s in statuses],
        "incidents": incidents,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {INCIDENTS_SCRIPT: (f"/* Generated by mkdossier: every incident, for the chronology's filters. */\n"
                               f"window.dossierIncidents={text};\n").encode("utf-8")}

"""The chronology: every incident (each record of a ``chronology`` type) in
date order, grouped by year and month, with filters the model declares.

Order is by the earliest possible day, then the latest, then the title, so
"early November 2022" sorts before "November 2022" and an open-ended
expectation comes after what is known. A year with more incidents than the
threshold gets a page of its own, which keeps pages small as the base grows.
"""

from __future__ import annotations

import functools
import html
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from .. import dates, grading, markup
from ..fieldtypes import Field
from ..load import Record
from ..parts import EVERY, Parts
from ..resolve import Graph
from . import values
from .pages import (CHRONOLOGY, NOT_SEARCHED, Settings, filter_key, front_matter, href, join_blocks, link, pager,
                    participant_links, tag_text, when)
from .timeline import chronology_nouns, incident_timeline, page_href

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
        if graph.in_chronology(graph.records[edge.target]):
            groups.setdefault(graph.model.relations[edge.kind].outgoing, []).append(link(graph, page, edge.target))
    for edge in sorted(graph.edges_in.get(record.id, []), key=lambda e: e.source):
        if graph.in_chronology(graph.records[edge.source]):
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


@dataclass(frozen=True)
class Facet:
    """One way the filters narrow the chronology: a select in the form, a
    list of values in the data file, a key in the address (``?party=ada``)."""

    key: str
    label: str
    any: str  # the option that narrows nothing
    values: Callable[[Record], list[str]]  # a record's values
    words: Callable[[str], str]  # a value as its option says it
    order: Callable[[str], tuple]  # where a value's option goes


# Keys of the facets the graph derives; a filter field keyed like one of them
# would make two selects of one name, and is left out (the derived one stays).
DERIVED_KEYS = ("party", "status", "reliability", "from", "to")


def _party_facet(graph: Graph) -> Facet:
    def order(record_id: str) -> tuple:
        return (graph.title(graph.records[record_id]).casefold(), record_id)  # ties by id: same bytes every run
    return Facet("party", "Involving", "Anyone or anything", lambda r: involved(graph).get(r.id, []),
                 lambda i: graph.title(graph.records[i]), order)


def _vocabulary_order(graph: Graph, spec: Field) -> Callable[[str], tuple]:
    """A vocabulary's values in the order the model lists them; anything else by value."""
    if spec.type != "enum":
        return lambda value: (0, value)
    place = {value: n for n, value in enumerate(graph.model.vocabularies.get(spec.vocabulary, {}))}
    return lambda value: (place.get(value, len(place)), value)


def _field_facet(graph: Graph, spec: Field) -> Facet:
    """A field with ``filter: true``: its values (a list's items, or the value),
    keyed as the record pages link them (``pages.filter_key``)."""
    inner = spec.items if spec.type == "list" and spec.items is not None else spec

    def found(record: Record) -> list[str]:
        value = record.data.get(spec.name)
        return sorted({str(v) for v in (value if isinstance(value, list) else [value])
                       if v not in (None, "") and not isinstance(v, (dict, list))})
    words = ((lambda v: values.enum_words(graph, inner, v)) if inner.type == "enum" else tag_text)
    # A list's key names one of its values (tags → tag): "Any tag".
    any_value = f"Any {tag_text(filter_key(spec))}" if spec.type == "list" else "Any"
    return Facet(filter_key(spec), spec.title, any_value, found, words,
                 _vocabulary_order(graph, inner))


def _reliability_facet(graph: Graph) -> Facet | None:
    """The reliability grades of the sources a chronology record cites (the
    fields of citable types on the ``source_reliability`` scale), and of its
    claims' citations where a stance grades its own."""
    graded = {name: spec for name, record_type in graph.model.types.items() if record_type.citation
              for spec in record_type.fields.values()
              if spec.type == "enum" and spec.vocabulary == grading.RELIABILITY}
    if not graded:
        return None
    spec = next(iter(graded.values()))
    label = f"{graph.model.types[next(iter(graded))].label} {spec.title.lower()}"

    def found(record: Record) -> list[str]:
        grades = set()
        for cited in set((record.refs or {}).values()):
            source = graph.records.get(cited)
            grade = source.data.get(graded[source.type].name) if source is not None and source.type in graded else None
            if grade:
                grades.add(str(grade))
        grades.update(s.reliability for claim in graph.claims_of(record.id) for s in claim.stances if s.reliability)
        return sorted(grades)
    return Facet("reliability", label, "Any", found, lambda v: values.enum_words(graph, spec, v),
                 _vocabulary_order(graph, spec))


def _status_facet(graph: Graph) -> Facet:
    return Facet("status", "Claim status", "Any status", lambda r: sorted({c.status for c in graph.claims_of(r.id)}),
                 str.capitalize, lambda s: (s,))


def facets(graph: Graph) -> list[Facet]:
    """The chronology's filters, in the form's order: who or what is involved,
    each ``filter`` field of the chronology types (in model order), claim
    status, source reliability. A facet no chronology record has a value for
    is left out (the review filter appears once the team reviews)."""
    key = ("facets",)
    if key not in graph._sorted:
        fields: dict[str, Field] = {}
        for type_name in graph.model.chronology_types():
            for spec in graph.model.types[type_name].fields.values():
                if spec.filter and filter_key(spec) not in DERIVED_KEYS:
                    fields.setdefault(filter_key(spec), spec)
        found = [_party_facet(graph), *(_field_facet(graph, spec) for spec in fields.values()),
                 _status_facet(graph), _reliability_facet(graph)]
        incidents = graph.incidents()
        graph._sorted[key] = [f for f in found if f is not None and any(f.values(r) for r in incidents)]
    return graph._sorted[key]


def _years(graph: Graph, record: Record) -> dict[str, list[str]]:
    """The first and last year an incident may fall in (for the year range)."""
    span = graph.date_of(record)
    return {"from": [str(span.lower.year)] if span.lower else [],
            "to": [str(span.upper.year)] if span.upper else []}


def _facet_values(graph: Graph, record: Record) -> dict[str, list[str]]:
    """What the filters can narrow an incident by: each facet's values, then
    its years (worked out once: the entry, the form and the data file read them)."""
    cache = graph._sorted.setdefault(("facet values",), {})
    found = cache.get(record.id)
    if found is None:
        found = cache[record.id] = {**{f.key: f.values(record) for f in facets(graph)}, **_years(graph, record)}
    return found


def _entry_block(graph: Graph, page: str, record: Record) -> str:
    """An incident as a block the filters can show or hide: its facets in one
    attribute, ``key=value,value`` (values percent-encoded), read by the script."""
    pairs = " ".join(f"{key}={','.join(_encoded(v) for v in found)}"
                     for key, found in _facet_values(graph, record).items() if found)
    return (f'<div class="dossier-entry" data-facets="{html.escape(pairs)}" markdown>\n'
            f"{entry_text(graph, page, record)}\n</div>")


@functools.lru_cache(maxsize=100_000)  # the same parties and tags on entry after entry
def _encoded(value: str) -> str:
    """A facet value as the entry's attribute holds it: no space or comma in it."""
    return quote(value, safe="")


def _select(name: str, label: str, options: list[tuple[str, str]], any_label: str = "Any") -> str:
    choices = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
    return (f'<label>{html.escape(label)} <select name="{html.escape(name)}">'
            f'<option value="">{html.escape(any_label)}</option>'
            f"{choices}</select></label>")


def filter_form(graph: Graph, incidents: list[Record], years_of: list[Record] | None = None,
                every_year: str = "") -> str:
    """The filter controls, with the options of these incidents (the years of
    ``years_of``, when given); hidden until the script shows them, so without
    JavaScript the full list stays readable. On a page of one year,
    ``every_year`` is the chronology's address: a link there with the same
    filter (the script adds the query), since this page filters only itself."""
    controls = []
    for facet in facets(graph):
        options = sorted({v for r in incidents for v in _facet_values(graph, r)[facet.key]}, key=facet.order)
        controls.append(_select(facet.key, facet.label, [(v, facet.words(v)) for v in options], facet.any))
    spans = [_facet_values(graph, r) for r in (incidents if years_of is None else years_of)]
    years = sorted({int(y) for s in spans for y in s["from"] + s["to"]})
    years = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    # Labels in words: the first and last years themselves, not "last year"
    # (which reads as the year before this one).
    first, last = (years[0], years[-1]) if years else ("", "")
    controls += [
        _select("from", "From", [(y, y) for y in years], f"{first} (the earliest)" if first else "The earliest"),
        _select("to", "To", [(y, y) for y in years], f"{last} (the latest)" if last else "The latest"),
    ]
    one, many = chronology_nouns(graph)
    # Without JavaScript a shared link's filter (?party=…) cannot apply: say
    # so rather than show everything as if filtered (the script hides this).
    notice = ('<p class="dossier-nojs" data-search-exclude>The filters need JavaScript: '
              f"every {html.escape(one)} is listed here, whatever filter a link asks for.</p>")
    # The count's nouns, for the script ("Showing 3 of 11 incidents").
    nouns = (f'<span class="dossier-filters__one" hidden>{html.escape(one)}</span>'
             f'<span class="dossier-filters__many" hidden>{html.escape(many)}</span>')
    across = (f'<a class="dossier-filters__all" href="{html.escape(every_year)}">'
              "The same filter on every year</a>" if every_year else "")
    return (notice + '<form class="dossier-filters" hidden data-search-exclude>'
            + "".join(controls)
            + '<button type="reset" class="md-button">Show all</button>'
            + '<output class="dossier-filters__count" aria-live="polite"></output>' + across + nouns + "</form>")


def _form(graph: Graph, parts: Parts, incidents: list[Record], years_of: list[Record] | None = None,
          every_year: str = "") -> str:
    """``filter_form``, one of ``parts``: what it shows depends on the incidents it
    lists (and dates), and of the whole graph only on which facets there are."""
    kind = "\0".join(["filter form", every_year, str(len(incidents)), str(years_of is None),
                      *(facet.key for facet in facets(graph))])
    return parts.of_all(kind, [*incidents, *(years_of or [])],
                        lambda: filter_form(graph, incidents, years_of, every_year))


def _groups(graph: Graph, incidents: list[Record]) -> list[tuple[str, list[Record]]]:
    """Incidents under their month headings, in order."""
    groups: dict[tuple[int, str], list[Record]] = {}
    for record in incidents:
        groups.setdefault(_month_group(graph.date_of(record)), []).append(record)
    return [(heading, records) for (_order, heading), records in sorted(groups.items())]


def _blocks(graph: Graph, page: str, groups, level: str, parts: Parts = EVERY) -> str:
    """The entries under their headings, each entry one of ``parts``."""
    kind = f"chronology entry {page}"
    return "\n\n".join(f"{level} {markup.text(heading)}\n\n" + "\n\n".join(
        parts.of(kind, r, lambda r=r: _entry_block(graph, page, r)) for r in records) for heading, records in groups)


def _incidents(graph: Graph, count: int) -> str:
    one, many = chronology_nouns(graph)
    return f"{count} {one if count == 1 else many}"


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


def chronology_pages(graph: Graph, settings: Settings, parts: Parts = EVERY) -> dict[str, str]:
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
        f'<span class="dossier-chronology-total">{_incidents(graph, total)}</span>, in date order. '
        "Dates are as precise as the "
        "sources allow: *early*, *mid-* and *late* mean the first, second and last third of a month; "
        "*c.* means approximate.",
        # The form on the index filters every incident (the script reads them
        # from INCIDENTS_SCRIPT); its options are the ones listed here when
        # every incident is, else the script fills them in. Its years are all.
        _form(graph, parts, [r for year, rs in by_year.items() if year in inline for r in rs], graph.incidents()),
    ]
    year_pages: dict[int, str] = {}  # where the timeline's bar for a year links
    for year, incidents in by_year.items():
        if year.isdigit():
            year_pages[int(year)] = f"{CHRONOLOGY}#{year}" if year in inline else f"chronology/{year}.md"
        if year in inline:
            blocks.append(f"## {year}\n\n" + _blocks(graph, CHRONOLOGY, _groups(graph, incidents), "###", parts))
            continue
        pieces = _parts(_groups(graph, incidents), settings.chronology_page_size)
        paths = [f"chronology/{year}.md"] + [f"chronology/{year}-{n}.md" for n in range(2, len(pieces) + 1)]
        links = []
        for number, (path, part) in enumerate(zip(paths, pieces), start=1):
            count = sum(len(records) for _heading, records in part)
            span = part[0][0] if part[0][0] == part[-1][0] else f"{part[0][0]} to {part[-1][0]}"
            of = f" ({number} of {len(pieces)})" if len(pieces) > 1 else ""
            around = pager(path, paths, number, ("All years", CHRONOLOGY))
            pages[path] = front_matter(f"Chronology: {year}{of}", search=NOT_SEARCHED,
                                       scripts=[FILTER_SCRIPT]) + join_blocks(
                f"# Chronology: {year}{of}",
                f"{count} of the {_incidents(graph, len(incidents))} of {year}: {markup.text(span)}. {around}",
                incident_timeline(graph, path, [r for _heading, records in part for r in records], settings,
                                  about=f" on this page ({span})"),
                _form(graph, parts, [r for _heading, records in part for r in records],
                      every_year=page_href(settings, path, CHRONOLOGY)),
                _blocks(graph, path, part, "##", parts),
            )
            links.append(f"- [{markup.text(span)}]({href(CHRONOLOGY, path)}): {_incidents(graph, count)}")
        blocks.append(f"## {year}\n\n{_incidents(graph, len(incidents))} in {year}:\n\n" + "\n".join(links))
    blocks.insert(2, incident_timeline(graph, CHRONOLOGY, graph.incidents(), settings, by_year=year_pages))
    scripts = {"scripts": [INCIDENTS_SCRIPT, FILTER_SCRIPT]}  # the data first: the filter script reads it
    pages[CHRONOLOGY] = front_matter("Chronology", search=NOT_SEARCHED, **scripts) + join_blocks(*blocks)
    return pages


def incidents_data(graph: Graph, settings: Settings) -> dict[str, bytes]:
    """``chronology/incidents.js``: every incident for the filters, as one
    global (``dossierIncidents``). Compact at scale: records are numbers into
    a table of each facet's values (in its options' order); the same graph
    gives the same bytes.

    ``facets``: [key, [[value, words], …]] for each select of the form but the
    years. Each incident: [id, title, date in words, heading year, first year,
    last year, folder (into ``folders``), then for each facet the numbers of
    its values] (years are 0 when unknown)."""
    found = facets(graph)
    incidents = graph.incidents()
    tables = []
    for facet in found:
        values_ = sorted({v for r in incidents for v in _facet_values(graph, r)[facet.key]}, key=facet.order)
        tables.append({v: n for n, v in enumerate(values_)})
    folders = {name: n for n, name in enumerate(graph.model.chronology_types())}
    rows = []
    for record in incidents:
        span = graph.date_of(record)
        facet_values = _facet_values(graph, record)
        rows.append([
            record.id, graph.title(record), when(graph, record), int(_year(graph, record).replace("undated", "0")),
            span.lower.year if span.lower else 0, span.upper.year if span.upper else 0, folders[record.type],
            *([table[v] for v in facet_values[facet.key]] for facet, table in zip(found, tables)),
        ])
    data = {
        "folders": [graph.model.types[name].folder + "/" for name in folders],
        "directoryUrls": settings.use_directory_urls,
        "facets": [[facet.key, [[v, facet.words(v)] for v in table]] for facet, table in zip(found, tables)],
        "incidents": rows,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {INCIDENTS_SCRIPT: (f"/* Generated by mkdossier: every {chronology_nouns(graph)[0]}, for the "
                               f"chronology's filters. */\nwindow.dossierIncidents={text};\n").encode("utf-8")}

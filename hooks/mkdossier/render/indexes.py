"""Section indexes: one readable table per record type, cut into pages of
a bounded size once a type has many records, so no page grows with the base.

The columns are the type's ``columns:`` in the model: a field (its label
heading the column, its value as a page shows it) or a derived count;
nothing here names a type or a field."""

from __future__ import annotations

from .. import markup
from ..fieldtypes import Field, has_value
from ..load import Record
from ..parts import EVERY, Parts
from ..resolve import Graph
from . import values
from .pages import (NOT_SEARCHED, Settings, chunks, front_matter, href, index_path, join_blocks, link, pager, table,
                    when)
from .records import review_badge, review_field

def _incident_count(graph: Graph, page: str, record: Record) -> str:
    return str(len(graph.incidents_of.get(record.id, [])))


def _claim_statuses(graph: Graph, page: str, record: Record) -> str:
    return markup.text(", ".join(sorted({c.status for c in graph.claims_of(record.id)})))


def _derived(graph: Graph, type_name: str) -> dict[str, tuple]:
    """The columns a type may name that are no field: (heading, cell)."""
    chronology = [graph.model.types[t].plural for t in graph.model.chronology_types()]
    return {
        "incidents": (" and ".join(chronology) or "Incidents", _incident_count),
        # A claim's own status, or the statuses of the claims a record holds.
        "claims": ("Status" if graph.model.types[type_name].claim else "Claims", _claim_statuses),
    }


def _field_cell(spec: Field, dated: bool):
    def cell(graph: Graph, page: str, record: Record) -> str:
        if dated:  # the date that places it in time, as the chronology says it
            return markup.text(when(graph, record))
        value = record.data.get(spec.name)
        if not has_value(value):
            return ""
        return " ".join(values.shown(graph, page, spec, value).split())  # a table row is one line
    return cell


def columns(graph: Graph, type_name: str) -> list[tuple[str, object]]:
    """The columns of a type's table after the title, ``(heading, cell)``;
    a review column last once any of its records is reviewed."""
    record_type = graph.model.types[type_name]
    derived = _derived(graph, type_name)
    found = []
    for name in record_type.columns:
        if name in derived:  # before a field of the same name: an incident's `claims` shows their status
            found.append(derived[name])
        elif name in record_type.fields:
            spec = record_type.fields[name]
            found.append((markup.text(spec.title), _field_cell(spec, name == record_type.dated_by)))
    review = review_field(graph.model.types[type_name])
    if review is not None and any(r.data.get(review.name) for r in graph.of_type(type_name)):
        def badge(graph: Graph, page: str, record: Record, name=review.name) -> str:
            state = record.data.get(name)
            return review_badge(graph, str(state)) if state else ""
        found.append((markup.text(review.title), badge))
    return found


def records_of(graph: Graph, type_name: str) -> list[Record]:
    """A type's records as its index lists them: in chronology order for a
    chronology type, else by title."""
    if graph.model.types[type_name].chronology:
        return [r for r in graph.incidents() if r.type == type_name]
    return graph.of_type(type_name)


def _part_paths(graph: Graph, type_name: str, count: int) -> list[str]:
    """Where the parts of a long section index go: a folder below the section's,
    so no part can take the path of a record's page."""
    return [f"{graph.model.types[type_name].folder}/pages/{n}.md" for n in range(1, count + 1)]


def _guide_word(graph: Graph, record: Record) -> str:
    """What a part of an index starts or ends with: the date as the chronology
    says it for a chronology record (they are in date order), the title for
    the others (alphabetical)."""
    return when(graph, record) if graph.in_chronology(record) else graph.title(record)


def _listing(graph: Graph, type_name: str, page: str, records: list[Record], parts: Parts = EVERY) -> str:
    found = columns(graph, type_name)
    kind = "\0".join(["index row", page] + [heading for heading, _cell in found])  # a row is one of ``parts``
    rows = [parts.of(kind, r, lambda r=r: [link(graph, page, r.id)] + [cell(graph, page, r) for _h, cell in found])
            for r in records]
    if not rows:
        return "*None yet.*"
    return table([markup.text(graph.model.types[type_name].label)] + [h for h, _c in found], rows)


def index_pages_of(graph: Graph, type_name: str, page_size: int, parts: Parts = EVERY) -> dict[str, str]:
    """A type's section index: one table, or, past ``page_size`` records, a list of
    parts with the first and last record of each and a page for each part."""
    record_type = graph.model.types[type_name]
    plural = markup.text(record_type.plural)  # model text: a pull request may set it
    page = index_path(graph, type_name)
    records = records_of(graph, type_name)
    intro = f"{markup.text(record_type.doc)} {len(records)} in the knowledge base."
    if len(records) <= page_size:
        return {page: front_matter(record_type.plural, search=NOT_SEARCHED)
                + join_blocks(f"# {plural}", intro, _listing(graph, type_name, page, records, parts))}
    pieces = chunks(records, page_size)
    paths = _part_paths(graph, type_name, len(pieces))
    pages, rows = {}, []
    first = 1
    for number, (path, part) in enumerate(zip(paths, pieces), start=1):
        last = first + len(part) - 1
        start, end = (markup.text(_guide_word(graph, r)) for r in (part[0], part[-1]))
        title = f"{record_type.plural} ({number} of {len(pieces)})"
        pages[path] = front_matter(title, search=NOT_SEARCHED) + join_blocks(
            f"# {markup.text(title)}",
            f"{plural} {first}–{last} of {len(records)}: {start} to {end}. "
            + pager(path, paths, number, (f"All {markup.text(record_type.plural.lower())}", page)),
            _listing(graph, type_name, path, part, parts),
            pager(path, paths, number, (f"All {markup.text(record_type.plural.lower())}", page)),
        )
        rows.append([f"[{first}–{last}]({href(page, path)})", start, end])
        first = last + 1
    pages[page] = front_matter(record_type.plural, search=NOT_SEARCHED) + join_blocks(
        f"# {plural}", f"{intro} They are listed on {len(pieces)} pages:",
        table([plural, "From", "To"], rows))
    return pages


def index_pages(graph: Graph, settings: Settings, parts: Parts = EVERY) -> dict[str, str]:
    pages: dict[str, str] = {}
    for name in graph.model.types:
        pages.update(index_pages_of(graph, name, settings.index_page_size, parts))
    return pages

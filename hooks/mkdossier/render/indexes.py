"""Section indexes: one readable table per record type, cut into pages of
a bounded size once a type has many records, so no page grows with the base."""

from __future__ import annotations

from .. import dates, markup
from ..load import Record
from ..resolve import Graph
from .pages import (NOT_SEARCHED, Settings, chunks, front_matter, href, index_path, join_blocks, link,
                    names_text, pager, table, when)
from .records import review_badge


def _aliases(graph: Graph, page: str, record: Record) -> str:
    return names_text(graph, record.data.get("aliases") or [])


def _kind(graph: Graph, page: str, record: Record) -> str:
    return markup.text((record.data.get("kind") or "").replace("_", " "))


def _incident_count(graph: Graph, page: str, record: Record) -> str:
    return str(len(graph.incidents_of.get(record.id, [])))


def _publisher(graph: Graph, page: str, record: Record) -> str:
    publisher = record.data.get("publisher")
    return link(graph, page, publisher) if publisher else ""


def _published(graph: Graph, page: str, record: Record) -> str:
    return markup.text(dates.describe(graph.date_of(record)))


def _when(graph: Graph, page: str, record: Record) -> str:
    return markup.text(when(graph, record))


def _claim_statuses(graph: Graph, page: str, record: Record) -> str:
    return markup.text(", ".join(sorted({c.status for c in graph.claims_of(record.id)})))


# The columns of each type's table after the title: (heading, cell).
COLUMNS = {
    "person": [("Also known as", _aliases), ("Incidents", _incident_count)],
    "organization": [("Also known as", _aliases), ("Kind", _kind), ("Incidents", _incident_count)],
    "place": [("Also known as", _aliases), ("Kind", _kind), ("Incidents", _incident_count)],
    "source": [("Publisher", _publisher), ("Published", _published), ("Kind", _kind)],
    "incident": [("Date", _when), ("Claims", _claim_statuses)],
    "claim": [("Status", _claim_statuses)],
}


def _part_paths(graph: Graph, type_name: str, count: int) -> list[str]:
    """Where the parts of a long section index go: a folder below the section's,
    so no part can take the path of a record's page."""
    return [f"{graph.model.types[type_name].folder}/pages/{n}.md" for n in range(1, count + 1)]


def _guide_word(graph: Graph, type_name: str, record: Record) -> str:
    """What a part of an index starts or ends with: a date for incidents (in date
    order), the title for the others (in alphabetical order)."""
    return when(graph, record) if type_name == "incident" else graph.title(record)


def _review(graph: Graph, page: str, record: Record) -> str:
    state = record.data.get("review")
    return review_badge(graph, state) if state else ""


def _listing(graph: Graph, type_name: str, page: str, records: list[Record]) -> str:
    columns = COLUMNS.get(type_name, [])
    if any(r.data.get("review") for r in graph.of_type(type_name)):  # a column only once the team reviews
        columns = [*columns, ("Review", _review)]
    rows = [[link(graph, page, r.id)] + [cell(graph, page, r) for _h, cell in columns] for r in records]
    if not rows:
        return "*None yet.*"
    return table([markup.text(graph.model.types[type_name].label)] + [h for h, _c in columns], rows)


def index_pages_of(graph: Graph, type_name: str, page_size: int) -> dict[str, str]:
    """A type's section index: one table, or, past ``page_size`` records, a list of
    parts with the first and last record of each and a page for each part."""
    record_type = graph.model.types[type_name]
    plural = markup.text(record_type.plural)  # model text: a pull request may set it
    page = index_path(graph, type_name)
    records = graph.incidents() if type_name == "incident" else graph.of_type(type_name)
    intro = f"{markup.text(record_type.doc)} {len(records)} in the knowledge base."
    if len(records) <= page_size:
        return {page: front_matter(record_type.plural, search=NOT_SEARCHED)
                + join_blocks(f"# {plural}", intro, _listing(graph, type_name, page, records))}
    parts = chunks(records, page_size)
    paths = _part_paths(graph, type_name, len(parts))
    pages, rows = {}, []
    first = 1
    for number, (path, part) in enumerate(zip(paths, parts), start=1):
        last = first + len(part) - 1
        start, end = (markup.text(_guide_word(graph, type_name, r)) for r in (part[0], part[-1]))
        title = f"{record_type.plural} ({number} of {len(parts)})"
        pages[path] = front_matter(title, search=NOT_SEARCHED) + join_blocks(
            f"# {markup.text(title)}",
            f"{plural} {first}–{last} of {len(records)}: {start} to {end}. "
            + pager(path, paths, number, (f"All {markup.text(record_type.plural.lower())}", page)),
            _listing(graph, type_name, path, part),
            pager(path, paths, number, (f"All {markup.text(record_type.plural.lower())}", page)),
        )
        rows.append([f"[{first}–{last}]({href(page, path)})", start, end])
        first = last + 1
    pages[page] = front_matter(record_type.plural, search=NOT_SEARCHED) + join_blocks(
        f"# {plural}", f"{intro} They are listed on {len(parts)} pages:",
        table([plural, "From", "To"], rows))
    return pages


def index_pages(graph: Graph, settings: Settings) -> dict[str, str]:
    pages: dict[str, str] = {}
    for name in graph.model.types:
        pages.update(index_pages_of(graph, name, settings.index_page_size))
    return pages

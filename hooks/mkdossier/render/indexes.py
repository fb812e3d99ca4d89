"""Section indexes: one readable table per record type."""

from __future__ import annotations

from .. import dates, markup
from ..load import Record
from ..resolve import Graph
from .pages import NOT_SEARCHED, Settings, front_matter, index_path, join_blocks, link, table, when


def _aliases(graph: Graph, page: str, record: Record) -> str:
    return markup.text(" · ".join(record.data.get("aliases") or []))


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


def index_page(graph: Graph, type_name: str) -> str:
    record_type = graph.model.types[type_name]
    page = index_path(graph, type_name)
    records = graph.incidents() if type_name == "incident" else graph.of_type(type_name)
    columns = COLUMNS.get(type_name, [])
    rows = [[link(graph, page, r.id)] + [cell(graph, page, r) for _h, cell in columns] for r in records]
    intro = f"{markup.text(record_type.doc)} {len(records)} in the knowledge base."
    listing = table([record_type.label] + [h for h, _c in columns], rows) if rows else "*None yet.*"
    return front_matter(record_type.plural, search=NOT_SEARCHED) + join_blocks(f"# {record_type.plural}", intro, listing)


def index_pages(graph: Graph, settings: Settings) -> dict[str, str]:
    return {index_path(graph, name): index_page(graph, name) for name in graph.model.types}

"""Which record pages an edit reaches, read off the typed graph.

Under ``mkdocs serve`` the engine renders again only these pages and keeps
the others from the previous rendering (at 10,000 records, rendering every
record page took most of a rebuild after a one-line edit, profiled).

A record page shows its record, and of the records it is connected to (any
ref either way: typed relations, involvement, stances, citations, mentions)
their titles, types, dates and how they connect; the neighbourhood graph also
ranks those neighbours by how connected they are, which the records next to
*them* change. So an edit reaches the pages within two connections of an
added, removed or changed record, in the graph before the edit or after it.
Where a record is cited, its citation shows the fields its type declares
(model: ``citation``, e.g. a source's publisher): a record shown in another's
citation changes that one too. Site-wide pages (indexes, chronology, …) are
always rendered again.
"""

from __future__ import annotations

from .resolve import Graph

HOPS = 2


def changed_records(old: Graph, new: Graph) -> set[str]:
    """Ids of the records added, removed, or whose file or content changed;
    and of those whose citation shows one of them."""
    changed = set(old.records.keys() ^ new.records.keys())
    for record_id, record in new.records.items():
        before = old.records.get(record_id)
        if before is not None and (before.key != record.key or before.file != record.file
                                   or before.type != record.type):
            changed.add(record_id)
    frontier = set(changed)
    while frontier:
        frontier = {citing for graph in (old, new) for record_id in frontier
                    for citing in _citations_showing(graph, record_id)} - changed
        changed |= frontier
    return changed


def _citations_showing(graph: Graph, record_id: str) -> set[str]:
    """The records whose citation (their type's ``citation`` fields) shows this one."""
    found = set()
    for other_id in graph.referenced_by.get(record_id, ()):
        other = graph.records[other_id]
        shown = graph.model.types[other.type].citation
        if shown and any(target == record_id and path.split("/")[0] in shown
                         for path, target in (other.refs or {}).items()):
            found.add(other_id)
    return found


def connected(graph: Graph, record_id: str) -> set[str]:
    """The records one connection away: what it references, and what references it."""
    found = set(graph.referenced_by.get(record_id, ()))
    record = graph.records.get(record_id)
    if record is not None:
        found.update((record.refs or {}).values())
        for ids in (record.mentions or {}).values():
            found.update(ids)
    return found


def reached(old: Graph, new: Graph, changed: set[str], hops: int = HOPS) -> set[str]:
    """The changed records and those within ``hops`` connections of one, before or after."""
    found, frontier = set(changed), set(changed)
    for _ in range(hops):
        step: set[str] = set()
        for record_id in frontier:
            step |= connected(old, record_id) | connected(new, record_id)
        frontier = step - found
        found |= frontier
    return found

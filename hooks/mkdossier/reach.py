"""Which record pages an edit reaches, read off the typed graph.

Under ``mkdocs serve`` the engine renders again only these pages and keeps
the others from the previous rendering (at 10,000 records, rendering every
record page took most of a rebuild after a one-line edit, profiled).

A record page shows its record, and of the records it is connected to (any
ref either way: typed relations, involvement, stances, citations, mentions)
their titles, types, dates and how they connect. So an edit reaches the pages
one connection from an added, removed or changed record, in the graph before
the edit or after it. Three things reach further:

- The neighbourhood graph ranks a page's neighbours by how connected they
  are (``Graph.degree``), which the records next to *them* change: where an
  edit changes a record's degree, it reaches the pages next to that record.
- Where a record is cited, its citation shows the fields its type declares
  (model: ``citation``, e.g. a source's publisher): a record shown in
  another's citation changes that one too.
- A typed relation is shown on both ends with the sources it cites, and
  only the end that declares it references them: a source cited by a
  relation reaches the page at its other end.

Site-wide pages (indexes, chronology, …) are always rendered again.
``tests/test_reach.py`` checks the rule against a full rendering after
random edits of every kind of record.
"""

from __future__ import annotations

from .resolve import Graph


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


def _relations_citing(graph: Graph, source_id: str) -> set[str]:
    """The far ends of the typed relations that cite this record as their source."""
    return {edge.target for citing in graph.referenced_by.get(source_id, ())
            for edge in graph.edges_out.get(citing, ()) if source_id in edge.sources}


def within(old: Graph, new: Graph, start: set[str], hops: int) -> set[str]:
    """``start`` and the records within ``hops`` connections of one, before or after."""
    found, frontier = set(start), set(start)
    for _ in range(hops):
        step: set[str] = set()
        for record_id in frontier:
            step |= connected(old, record_id) | connected(new, record_id)
        frontier = step - found
        found |= frontier
    return found


def reached(old: Graph, new: Graph, changed: set[str]) -> set[str]:
    """The pages ``changed`` reach: one connection from each changed record
    and from each record whose degree changed, and the far ends of the
    relations citing a changed record."""
    found = within(old, new, changed, 1)
    # A degree changes only where a connection was added or removed: next to a changed record.
    found |= within(old, new, {i for i in found if old.degree(i) != new.degree(i)}, 1)
    for record_id in changed:
        found |= _relations_citing(old, record_id) | _relations_citing(new, record_id)
    return found

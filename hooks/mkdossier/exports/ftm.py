"""entities.ftm.json: the knowledge base as FollowTheMoney entities, one JSON
object a line, for Aleph, OpenAleph, yente and the ``ftm`` tools.

Nothing here names a record type or a field: model.yaml declares, under
``ftm:``, the schema of each record type, the property each field fills, the
link schema of each relation kind, the link a list of typed links falls back
to and the property each field of a typed link fills (see the head of
model.yaml), and ``mkdossier import ftm`` reads the same declarations the
other way. Every source a record cites becomes a Documentation link.
Values are written as FtM cleans them (dates at their precision, URLs with a
path), because FtM silently drops what it cannot parse.
"""

from __future__ import annotations

import functools
import json
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from .. import fieldtypes
from ..load import Record
from ..model import Field, Model, RecordType
from ..resolve import Graph
from ..parts import EVERY, Parts
from .common import Site, iso_ends, one_line, plain, single_iso

# The property of a field whose values are Documentation links, not values.
DOCUMENTED_BY = "documentedBy"
# What a link mapping needs: its schema and the properties of its two ends.
LINK_KEYS = ("schema", "source", "target")


def ftm_url(url) -> str:
    """A URL as FtM's url type writes it (an empty path becomes "/")."""
    parts = urlsplit(str(url).strip())
    if parts.scheme and parts.netloc and not parts.path:
        parts = parts._replace(path="/")
    return urlunsplit(parts)


def record_schema(model: Model, type_name: str) -> str:
    """The FtM schema a record type becomes ("" when it is not exported)."""
    record_type = model.types.get(type_name)
    return (record_type.ftm.get("schema") or "") if record_type else ""


def title_properties(record_type: RecordType) -> list[str]:
    return list(record_type.ftm.get("title") or ["name"])


def link_list_to(model: Model, record_type: RecordType, target_type: str) -> Field | None:
    """The list of typed links of ``record_type`` whose targets may be of ``target_type``."""
    return next((spec for spec in record_type.link_lists()
                 if target_type in (spec.items.fields["target"].to or model.types)), None)


def fallback_link(links: Field) -> dict:
    """The link a list of typed links declares for kinds with none that fits ({} for none)."""
    declared = links.ftm.get("link") or {}
    return declared if all(declared.get(key) for key in LINK_KEYS) else {}


def link_mapping(model: Model, kind: str, source_type: str, target_type: str, links: Field) -> dict:
    """The FtM link schema and properties for one typed link (``ftm:`` on its
    relation kind, else the ``link`` its list declares); {} when neither does."""
    declared = model.relations[kind].ftm
    complete = all(declared.get(key) for key in LINK_KEYS)
    fits = source_type in declared.get("from", [source_type]) and target_type in declared.get("to", [target_type])
    return declared if complete and fits else fallback_link(links)


def field_value(record: Record, path: str):
    """The value at a dotted field path (``identifiers.ftm``), or None."""
    value = record.data
    for step in path.split("."):
        value = value.get(step) if isinstance(value, dict) else None
    return value


def entity_id(graph: Graph, record_id: str) -> str:
    """The entity id of a record: the FtM id it was imported with, else its own id."""
    record = graph.records[record_id]
    id_field = graph.model.types[record.type].ftm.get("id")
    kept = field_value(record, id_field) if id_field else None
    return str(kept) if kept else record_id


def entity(entity_id: str, schema: str, properties: dict) -> dict:
    """An entity with its empty values dropped and each property's values unique."""
    props = {}
    for name, values in properties.items():
        values = values if isinstance(values, list) else [values]
        kept = []
        for value in values:
            if value not in (None, "") and value not in kept:
                kept.append(value)
        if kept:
            props[name] = kept
    return {"id": entity_id, "schema": schema, "properties": props}


def date_note(graph: Graph, label: str, value) -> str:
    """"Label: the date in words (EDTF value)." for the entity's notes."""
    return f"{label}: {graph.span(value).words} (EDTF {value})."


def enum_words(value) -> str:
    return str(value).replace("_", " ")


def _words(value) -> str:
    return " ".join(str(value).split())


# One value as FtM writes it, by its field's type; a type not listed here
# writes its value on one line. The graph gives titles and entity ids.
FTM_VALUES: dict[str, Callable[[Graph, object], str]] = {
    "markdown": plain,
    "edtf": lambda graph, value: single_iso(value),
    "url": lambda graph, value: ftm_url(value),
    "boolean": lambda graph, value: "true" if value else "false",
    "ref": lambda graph, value: entity_id(graph, value) if value in graph.records else "",
    "enum": lambda graph, value: enum_words(value),
    "relation": lambda graph, value: graph.model.relations[value].outgoing if value in graph.model.relations else "",
    "name": lambda graph, value: _words(fieldtypes.Name.text(value)),
    "number": lambda graph, value: fieldtypes.scalar_text(value),
    "money": lambda graph, value: fieldtypes.scalar_text(value.get("amount")) if isinstance(value, dict) else "",
}


def ftm_value(graph: Graph, spec: Field, value) -> str:
    """One value as FtM writes it, by the field's type."""
    write = FTM_VALUES.get(spec.type)
    return write(graph, value) if write else _words(value)


class _Entity:
    """The properties of one record's entity, filled field by field."""

    def __init__(self, graph: Graph, record: Record):
        self.graph, self.record = graph, record
        self.properties: dict[str, list] = {}
        self.notes: list[str] = []

    def add(self, name: str, value) -> None:
        if name and name != DOCUMENTED_BY:
            self.properties.setdefault(name, []).append(value)

    def fill(self, spec: Field, value, path: str, omit: set) -> None:
        if path in omit:
            return
        ftm = spec.ftm
        if "link" in ftm:
            return  # typed links are entities of their own (``_relation_links``)
        if not ftm:
            if spec.type == "object" and isinstance(value, dict):
                for name, inner in spec.fields.items():
                    self.fill(inner, value.get(name), f"{path}.{name}", omit)
            return
        if value is None and spec.default is not None:
            value = spec.default
        if value is None or value == "":
            return
        dated = isinstance(spec.kind, fieldtypes.Date)
        if "note" in ftm:
            self.notes.append(date_note(self.graph, ftm["note"], value) if dated
                              else f"{ftm['note']}: {one_line(spec.kind.text(value, spec))}.")
        if dated:
            self._date(ftm, value)
        elif spec.type == "list" and "item" in ftm:
            if spec.items is None or ftm["item"] not in spec.items.fields:
                return  # a declaration naming no field of the items: nothing to write
            for item in value:
                role = item.get(ftm.get("by", ""))
                target = (ftm.get("cases") or {}).get(role, ftm.get("property"))
                self.add(target, ftm_value(self.graph, spec.items.fields[ftm["item"]], item.get(ftm["item"])))
        elif spec.type == "list":
            for item in value:
                self.add(ftm.get("property"), ftm_value(self.graph, spec.items, item))
        else:
            self._single(spec, ftm, value)

    def _date(self, ftm: dict, value) -> None:
        if "end" in ftm:
            start, end = iso_ends(value)
            self.add(ftm.get("property"), start)
            self.add(ftm["end"], end if end != start else "")
        else:
            self.add(ftm.get("property"), single_iso(value))

    def _single(self, spec: Field, ftm: dict, value) -> None:
        if spec.type == "ref" and "countries" in ftm:
            return  # a place has no country code to write: see docs/exports.md
        self.add(ftm.get("property"), ftm_value(self.graph, spec, value))
        if not isinstance(value, str):
            return  # a number or an amount: no record to caption, no vocabulary value
        if "caption" in ftm and value in self.graph.records:
            self.add(ftm["caption"], one_line(self.graph.title(self.graph.records[value])))
        title_in = (ftm.get("title_in") or {}).get(value)
        if title_in:
            self.add(title_in, one_line(self.graph.title(self.record)))


def record_entity(graph: Graph, record: Record, site: Site) -> dict:
    """The entity of one record, as its type's ``ftm:`` and its fields' declare."""
    record_type = graph.model.types[record.type]
    made = _Entity(graph, record)
    title = one_line(graph.title(record))
    for name in title_properties(record_type):
        made.add(name, title)
    omit = set(record_type.ftm.get("omit") or [])
    for name, spec in record_type.fields.items():
        if name != record_type.title_field:
            made.fill(spec, record.data.get(name), name, omit)
    if made.notes:
        made.add("notes", " ".join(filter(None, made.notes)))
    if record_type.ftm.get("page"):
        made.add(record_type.ftm["page"], site.absolute(site.record_url(graph, record)))
    return entity(entity_id(graph, record.id), record_type.ftm["schema"], made.properties)


def _relation_links(graph: Graph, record: Record, exported: set[str]) -> list[dict]:
    """One link entity per typed link of a record: its ends in the properties its mapping
    names, its other fields in the properties they declare (since → startDate…)."""
    links, seen = [], {}
    record_type = graph.model.types[record.type]
    for spec in record_type.link_lists():
        for item in record.data.get(spec.name) or []:
            kind, target = item["type"], item["target"]
            if target not in exported:
                continue
            mapping = link_mapping(graph.model, kind, record.type, graph.records[target].type, spec)
            if not mapping:
                continue
            source_id, target_id = entity_id(graph, record.id), entity_id(graph, target)
            base = f"{source_id}.{kind}.{target_id}"
            seen[base] = seen.get(base, 0) + 1
            made = _Entity(graph, record)
            made.add(mapping["source"], source_id)
            made.add(mapping["target"], target_id)
            for name, inner in spec.items.fields.items():
                if name != "target":
                    made.fill(inner, item.get(name), name, set())
            links.append(entity(base if seen[base] == 1 else f"{base}.{seen[base]}", mapping["schema"],
                                made.properties))
    return links


def _documentation_links(graph: Graph, source: Record, exported: set[str]) -> list[dict]:
    """One Documentation per record citing a source."""
    document = entity_id(graph, source.id)
    return [entity(f"{document}.documents.{entity_id(graph, citing)}", "Documentation",
                   {"document": document, "entity": entity_id(graph, citing), "role": "cited"})
            for citing in sorted(graph.cited_by.get(source.id, ())) if citing in exported]


def _exported(graph: Graph) -> list[Record]:
    """The records that are entities, by type, then id."""
    found = []
    for type_name in graph.model.types:
        if record_schema(graph.model, type_name):
            found += sorted((r for r in graph.records.values() if r.type == type_name), key=lambda r: r.id)
    return found


def _shares(graph: Graph, site: Site):
    """(kind, record, make): each record's shares of the file, in its order:
    the records' entities (by type, then id), then their relation links, then
    the documentation of the records citing each source (each by record id)."""
    records = _exported(graph)
    exported = {r.id for r in records}
    for record in records:
        yield "ftm entity", record, lambda record=record: [record_entity(graph, record, site)]
    by_id = sorted(records, key=lambda r: r.id)
    for record in by_id:
        yield "ftm links", record, lambda record=record: _relation_links(graph, record, exported)
    for record in by_id:
        yield "ftm documentation", record, lambda record=record: _documentation_links(graph, record, exported)


def entities(graph: Graph, site: Site) -> list[dict]:
    """Every entity: records (by type, then id), then relation links, then documentation."""
    return [entity for _kind, _record, make in _shares(graph, site) for entity in make()]


def export(graph: Graph, site: Site, parts: Parts = EVERY) -> bytes:
    """``entities`` as JSON lines, each record's share one of ``parts``."""
    def lines(make) -> bytes:
        return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in make()).encode("utf-8")

    return b"".join(parts.of(kind, record, functools.partial(lines, make))
                    for kind, record, make in _shares(graph, site))

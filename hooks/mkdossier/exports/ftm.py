"""entities.ftm.json: the knowledge base as FollowTheMoney entities, one JSON
object a line, for Aleph, OpenAleph, yente and the ``ftm`` tools.

Records become things (Person, Organization, Address, Event, Article);
relations become the link schema their kind declares under ``ftm:`` in
model.yaml; every source a record cites becomes a Documentation link.
Values are written as FtM cleans them (dates at their precision, URLs with a
path), because FtM silently drops what it cannot parse.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

from .. import dates
from ..load import Record
from ..model import Model
from ..resolve import Graph
from .common import Site, iso_ends, one_line, plain, single_iso, span

# The FtM schema of each record type. Claims have none: they are in
# dossier.json and claims.csv.
RECORD_SCHEMATA = {
    "person": "Person",
    "organization": "Organization",
    "place": "Address",
    "incident": "Event",
    "source": "Article",
}
# The link for a relation whose kind declares no FtM schema for its ends.
UNKNOWN_LINK = {"schema": "UnknownLink", "source": "subject", "target": "object"}
# Participant roles that make a party an Event's organizer (the rest are involved).
ORGANIZER_ROLES = {"organizer", "host"}


def ftm_url(url) -> str:
    """A URL as FtM's url type writes it (an empty path becomes "/")."""
    parts = urlsplit(str(url).strip())
    if parts.scheme and parts.netloc and not parts.path:
        parts = parts._replace(path="/")
    return urlunsplit(parts)


def link_mapping(model: Model, kind: str, source_type: str, target_type: str) -> dict:
    """The FtM link schema and properties for one relation (``ftm:`` in model.yaml)."""
    declared = model.relations[kind].ftm
    complete = all(declared.get(key) for key in ("schema", "source", "target"))
    fits = source_type in declared.get("from", [source_type]) and target_type in declared.get("to", [target_type])
    return declared if complete and fits else UNKNOWN_LINK


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


def _thing(graph: Graph, record: Record, site: Site) -> dict:
    """What every record's entity says: names, text, identifiers, tags."""
    data = record.data
    identifiers = data.get("identifiers") or {}
    return {
        "name": one_line(graph.title(record)),
        "alias": [one_line(a) for a in data.get("aliases") or []],
        "description": plain(graph, data.get("description")),
        "wikidataId": identifiers.get("wikidata"),
        "keywords": list(data.get("tags") or []),
        "sourceUrl": site.absolute(site.record_url(graph, record)) if record.type != "source" else "",
    }


def _date_note(label: str, value) -> str:
    when = span(value)
    return f"{label}: {dates.describe(when)} (EDTF {value})." if when else ""


def _person(graph: Graph, record: Record, site: Site) -> dict:
    props = _thing(graph, record, site)
    website = (record.data.get("identifiers") or {}).get("website")
    props["website"] = ftm_url(website) if website else ""
    return props


def _organization(graph: Graph, record: Record, site: Site) -> dict:
    props = _person(graph, record, site)
    props["classification"] = (record.data.get("kind") or "").replace("_", " ")
    return props


def _place(graph: Graph, record: Record, site: Site) -> dict:
    props = _thing(graph, record, site)
    name = props["name"]
    props["full"] = name
    kind = record.data.get("kind")
    if kind == "city":
        props["city"] = name
    elif kind == "region":
        props["region"] = name
    return props


def _incident(graph: Graph, record: Record, site: Site) -> dict:
    data = record.data
    props = _thing(graph, record, site)
    start, end = iso_ends(data.get("date"))
    participants = data.get("participants") or []
    status = data.get("status", "happened")
    location = data.get("location")
    props.update({
        "summary": plain(graph, data.get("summary")),
        "description": plain(graph, data.get("body")),
        "startDate": start,
        "endDate": end if end != start else "",
        "location": one_line(graph.title(graph.records[location])) if location else "",
        "addressEntity": location,
        "organizer": [p["id"] for p in participants if p["role"] in ORGANIZER_ROLES],
        "involved": [p["id"] for p in participants if p["role"] not in ORGANIZER_ROLES],
        "notes": " ".join(filter(None, [_date_note("Date", data.get("date")),
                                        _date_note("Reported", data.get("reported")),
                                        f"Status: {status}."])),
    })
    return props


def _source(graph: Graph, record: Record, site: Site) -> dict:
    data = record.data
    props = _thing(graph, record, site)
    publisher = data.get("publisher")
    published = data.get("published")
    props.update({
        "title": props["name"],
        "summary": plain(graph, data.get("summary")),
        "publishedAt": single_iso(published),
        "notes": _date_note("Published", published),
        "publisher": one_line(graph.title(graph.records[publisher])) if publisher else "",
        "sourceUrl": ftm_url(data["url"]) if data.get("url") else "",
    })
    return props


BUILDERS = {"person": _person, "organization": _organization, "place": _place,
            "incident": _incident, "source": _source}


def _relation_links(graph: Graph, exported: set[str]) -> list[dict]:
    links, seen = [], {}
    for record_id in sorted(graph.edges_out):
        for edge in graph.edges_out[record_id]:
            if edge.source not in exported or edge.target not in exported:
                continue
            mapping = link_mapping(graph.model, edge.kind, graph.records[edge.source].type,
                                   graph.records[edge.target].type)
            base = f"{edge.source}.{edge.kind}.{edge.target}"
            seen[base] = seen.get(base, 0) + 1
            link_id = base if seen[base] == 1 else f"{base}.{seen[base]}"
            since, _ = iso_ends(edge.since)
            _, until = iso_ends(edge.until)
            links.append(entity(link_id, mapping["schema"], {
                mapping["source"]: edge.source,
                mapping["target"]: edge.target,
                "role": graph.model.relations[edge.kind].outgoing,
                "startDate": since,
                "endDate": until,
                "summary": one_line(edge.note or ""),
                "proof": list(edge.sources),
            }))
    return links


def _documentation_links(graph: Graph, exported: set[str]) -> list[dict]:
    """One Documentation per (source, record citing it) pair."""
    links = []
    for source_id in sorted(graph.cited_by):
        for citing in sorted(graph.cited_by[source_id]):
            if citing in exported:
                links.append(entity(f"{source_id}.documents.{citing}", "Documentation",
                                    {"document": source_id, "entity": citing, "role": "cited"}))
    return links


def entities(graph: Graph, site: Site) -> list[dict]:
    """Every entity: records (by type, then id), then relation links, then documentation."""
    found = []
    exported = {r.id for r in graph.records.values() if r.type in RECORD_SCHEMATA}
    for type_name in graph.model.types:
        if type_name not in RECORD_SCHEMATA:
            continue
        for record in sorted((r for r in graph.records.values() if r.type == type_name), key=lambda r: r.id):
            found.append(entity(record.id, RECORD_SCHEMATA[type_name], BUILDERS[type_name](graph, record, site)))
    return found + _relation_links(graph, exported) + _documentation_links(graph, exported)


def export(graph: Graph, site: Site) -> bytes:
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities(graph, site)]
    return "".join(line + "\n" for line in lines).encode("utf-8")

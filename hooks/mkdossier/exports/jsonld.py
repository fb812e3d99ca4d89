"""schema.org JSON-LD for one record, to embed in its page
(``<script type="application/ld+json">``) for search engines and linked-data tools.

The context is inline (``@vocab`` schema.org) rather than the URL
"https://schema.org", so the data expands without fetching anything: the
offline bundle and a reader without network get the same triples. Node ids
are the record pages (``…/#it``), relative unless the site URL is known, so
they resolve against the page they are embedded in.
"""

from __future__ import annotations

import json

from .. import fieldtypes
from ..load import Record
from ..site import Settings
from ..resolve import Graph
from .common import Site, iso_ends, one_line, plain, single_iso

CONTEXT = {
    "@vocab": "http://schema.org/",  # the namespace the schema.org context itself maps to
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
    "mainEntityOfPage": {"@type": "@id"},
    "eventStatus": {"@type": "@vocab"},
}
# Identifiers that name an item in another database, as the URL of that item
# (fields of type url are used as they are).
SAME_AS = {"wikidata": "https://www.wikidata.org/wiki/{}"}
ORGANIZATION_TYPES = {
    "government": "GovernmentOrganization",
    "government_body": "GovernmentOrganization",
    "ministry": "GovernmentOrganization",
    "armed_forces": "GovernmentOrganization",
    "media_outlet": "NewsMediaOrganization",
    "news_agency": "NewsMediaOrganization",
    "university": "CollegeOrUniversity",
    "company": "Corporation",
}
PLACE_TYPES = {"country": "Country", "region": "AdministrativeArea", "city": "City"}
SOURCE_TYPES = {"news_report": "NewsArticle", "analysis": "Report", "social_media": "SocialMediaPosting"}
# Which Event property holds a participant, by role (others: contributor).
PARTICIPANT_PROPERTIES = {
    "organizer": "organizer", "host": "organizer",
    "guest": "attendee", "visitor": "attendee", "participant": "attendee",
    "subject": "about", "accused": "about", "alleged_recipient": "about", "alleged_supplier": "about",
}
EVENT_STATUS = {"cancelled": "EventCancelled"}  # happened, expected, planned: EventScheduled


def schema_type(record: Record) -> str:
    kind = record.data.get("kind")
    if record.type == "organization":
        return ORGANIZATION_TYPES.get(kind, "Organization")
    if record.type == "place":
        return PLACE_TYPES.get(kind, "Place")
    if record.type == "source":
        return SOURCE_TYPES.get(kind, "CreativeWork")
    return {"person": "Person", "incident": "Event", "claim": "Claim"}.get(record.type, "Thing")


class _Nodes:
    """Node ids and references, seen from one record's page."""

    def __init__(self, graph: Graph, record: Record, site: Site):
        self.graph, self.site = graph, site
        self.page = site.record_url(graph, record)

    def page_link(self, record: Record) -> str:
        return self.site.link(self.page, self.site.record_url(self.graph, record))

    def node_id(self, record: Record) -> str:
        return self.page_link(record) + "#it"

    def ref(self, record_id: str) -> dict:
        record = self.graph.records[record_id]
        return {"@id": self.node_id(record), "@type": schema_type(record), "name": one_line(self.graph.title(record))}

    def refs(self, record_ids) -> list[dict]:
        unique = list(dict.fromkeys(record_ids))
        return [self.ref(i) for i in unique if i in self.graph.records]


def same_as(graph: Graph, record: Record) -> list[str]:
    """Identifiers as the URLs of the same item elsewhere."""
    spec = graph.model.types[record.type].fields.get("identifiers")
    values = record.data.get("identifiers") or {}
    if spec is None:
        return []
    found = []
    for name, field_spec in spec.fields.items():
        value = values.get(name)
        if not value:
            continue
        if field_spec.type == "url":
            found.append(str(value))
        elif name in SAME_AS:
            found.append(SAME_AS[name].format(value))
    return found


def _compact(node: dict) -> dict:
    return {k: v for k, v in node.items() if v not in (None, "", [], {})}


def _incident(graph: Graph, record: Record, nodes: _Nodes) -> dict:
    data = record.data
    start, end = iso_ends(data.get("date"))
    by_property: dict[str, list[str]] = {}
    for participant in data.get("participants") or []:
        prop = PARTICIPANT_PROPERTIES.get(participant["role"], "contributor")
        by_property.setdefault(prop, []).append(participant["id"])
    node = {
        "startDate": start,
        "endDate": end if end != start else "",
        "eventStatus": EVENT_STATUS.get(data.get("status", "happened"), "EventScheduled"),
        "location": nodes.ref(data["location"]) if data.get("location") else None,
        "description": plain(graph, data.get("summary")),
        "subjectOf": nodes.refs(data.get("sources") or []),
        "keywords": ", ".join(data.get("tags") or []),
    }
    node.update({prop: nodes.refs(ids) for prop, ids in sorted(by_property.items())})
    return node


def _source(graph: Graph, record: Record, nodes: _Nodes) -> dict:
    data = record.data
    return {
        "headline": one_line(data.get("title", "")),
        "datePublished": single_iso(data.get("published")),
        "publisher": nodes.ref(data["publisher"]) if data.get("publisher") else None,
        "inLanguage": data.get("language"),
        "url": data.get("url"),
        "description": plain(graph, data.get("summary")),
        "isBasedOn": nodes.refs(data.get("based_on") or []),
        "keywords": ", ".join(data.get("tags") or []),
        "archivedAt": [copy["url"] for copy in data.get("archived") or []],
        "author": [nodes.ref(a["person"]) if a.get("person") else {"@type": "Person", "name": one_line(a["name"])}
                   for a in data.get("authors") or []],
    }


def _claim(graph: Graph, record: Record, nodes: _Nodes) -> dict:
    data = record.data
    return {
        "text": one_line(data.get("statement", "")),
        "about": nodes.refs(data.get("about") or []),
        "appearance": nodes.refs(s.get("source") for s in data.get("stances") or []),
        "description": plain(graph, data.get("description")),
    }


def _name(graph: Graph, name):
    """A name, tagged with its language: declared (``lang``), else its script's."""
    language = fieldtypes.Name.language(name, graph.model)
    text = one_line(fieldtypes.Name.text(name))
    return {"@value": text, "@language": language} if language else text


def _entity(graph: Graph, record: Record, nodes: _Nodes) -> dict:
    data = record.data
    website = (data.get("identifiers") or {}).get("website")
    node = {
        "alternateName": [_name(graph, a) for a in data.get("aliases") or []],
        "description": plain(graph, data.get("description")),
        "sameAs": same_as(graph, record),
        "url": website,
    }
    if record.type == "place" and data.get("located_in"):
        node["containedInPlace"] = nodes.ref(data["located_in"])
    return node


BUILDERS = {"incident": _incident, "source": _source, "claim": _claim}


def record_jsonld(graph: Graph, record: Record, settings: Settings | None = None, *,
                  site_url: str = "", use_directory_urls: bool = True) -> dict:
    """The record as one schema.org node, with its context, ready for json.dumps."""
    site = Site(name=(settings or Settings()).site_name, url=site_url, directory_urls=use_directory_urls)
    nodes = _Nodes(graph, record, site)
    node = {
        "@context": CONTEXT,
        "@type": schema_type(record),
        "@id": nodes.node_id(record),
        "name": one_line(graph.title(record)),
        "mainEntityOfPage": nodes.page_link(record),
    }
    node.update(BUILDERS.get(record.type, _entity)(graph, record, nodes))
    return _compact(node)


def script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&``
    are escaped inside the JSON so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'

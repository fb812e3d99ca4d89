"""schema.org JSON-LD for one record, to embed in its page
(``<script type="application/ld+json">``) for search engines and linked-data tools.

Nothing here names a record type or a field: model.yaml declares, under
``jsonld:``, each type's schema.org type and the property each field fills
(see its head), and this module walks those declarations.

The context is inline (``@vocab`` schema.org) rather than the URL
"https://schema.org", so the data expands without fetching anything: the
offline bundle and a reader without network get the same triples. Node ids
are the record pages (``…/#it``), relative unless the site URL is known, so
they resolve against the page they are embedded in.
"""

from __future__ import annotations

import json
from typing import Callable
from urllib.parse import quote

from .. import fieldtypes
from ..load import Record
from ..model import Field, Model, RecordType
from ..site import Settings
from ..resolve import Graph
from .common import Site, clean_text, one_line, plain

CONTEXT = {
    "@vocab": "http://schema.org/",  # the namespace the schema.org context itself maps to
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
    "mainEntityOfPage": {"@type": "@id"},
    "eventStatus": {"@type": "@vocab"},
}
ADDRESS, TERM = {"@type": "@id"}, {"@type": "@vocab"}
THING = "Thing"  # the type of a record whose type declares none


def schema_type(model: Model, record: Record) -> str:
    """The record's schema.org type: its type's ``jsonld`` (the ``cases``
    entry for the value of its ``by`` field, else ``type``), else Thing."""
    declared = model.types[record.type].jsonld
    by = declared.get("by")
    value = record.data.get(by) if by else None
    case = (declared.get("cases") or {}).get(str(value)) if value is not None else None
    return case or declared.get("type") or THING


def addresses(spec: Field, value) -> list[str]:
    """What a mapping (identifiers) says of the same item elsewhere: its url
    fields as written, its other values in their ``formatter_url``."""
    found = []
    for name, inner in spec.fields.items():
        held = value.get(name) if isinstance(value, dict) else None
        if held in (None, ""):
            continue
        if inner.type == "url":
            found.append(clean_text(held).strip())
        elif inner.formatter_url:
            found.append(inner.formatter_url.replace("{value}", quote(str(held), safe="")))
    return found


def context(record_type: RecordType) -> dict:
    """The inline context: schema.org as the vocabulary, the properties the
    type fills with addresses read as links (@id), and those it fills with an
    enum's cases read as schema.org terms (@vocab)."""
    found = dict(CONTEXT)

    def coerce(spec: Field) -> None:
        mapping = spec.jsonld
        name = mapping.get("property")
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        if inner.type == "object":
            for nested in inner.fields.values():  # fields filling their own properties
                coerce(nested)
            inner = inner.fields.get(mapping.get("item"), inner)
        if name and (inner.type == "url" or spec.type == "object"):
            found.setdefault(name, ADDRESS)
        elif name and inner.type == "enum" and mapping.get("cases"):
            found.setdefault(name, TERM)

    for spec in record_type.fields.values():
        coerce(spec)
    return found


def _name(graph: Graph, name):
    """A name, tagged with its language: declared (``lang``), else its script's."""
    language = fieldtypes.Name.language(name, graph.model)
    text = one_line(fieldtypes.Name.text(name))
    return {"@value": text, "@language": language} if language else text


def _case(spec: Field, value):
    """An enum's value as its mapping's ``cases`` name it (else ``fallback``, else the value)."""
    mapping = spec.jsonld
    return (mapping.get("cases") or {}).get(str(value), mapping.get("fallback") or one_line(value))


def _single_iso(ends: tuple[str, str]) -> str:
    """A date as one ISO 8601 value: "" for an interval (a field with an
    ``end`` gives both ends instead)."""
    start, end = ends
    return start if start == end else ""


def _money(value):
    if not isinstance(value, dict):
        return None
    return {"@type": "MonetaryAmount", "value": value.get("amount"), "currency": value.get("currency")}


def _compact(node: dict) -> dict:
    return {k: v for k, v in node.items() if fieldtypes.has_value(v)}


def _unique(values: list) -> list:
    """Values without empties and repeats (a record cited twice is one node), in order."""
    seen, found = set(), []
    for value in values:
        if isinstance(value, dict):  # a node: its id says which
            key = value.get("@id") or json.dumps(value, sort_keys=True, default=str)
        else:
            key = json.dumps(value, default=str) if isinstance(value, list) else value
        if value not in (None, "", {}) and key not in seen:
            seen.add(key)
            found.append(value)
    return found


class _Writer:
    """Writes one record's node, seen from its page: node ids, references to
    other records' nodes, and the values of its fields."""

    def __init__(self, graph: Graph, record: Record, site: Site):
        self.graph, self.site = graph, site
        self.page = site.record_url(graph, record)

    def page_link(self, record: Record) -> str:
        return self.site.link(self.page, self.site.record_url(self.graph, record))

    def node_id(self, record: Record) -> str:
        return self.page_link(record) + "#it"

    def ref(self, record_id) -> dict | None:
        record = self.graph.records.get(record_id) if isinstance(record_id, str) else None
        if record is None:
            return None
        return {"@id": self.node_id(record), "@type": schema_type(self.graph.model, record),
                "name": one_line(self.graph.title(record))}

    # -- a record's fields, as their ``jsonld`` mappings say ------------------

    def fill(self, node: dict, fields: dict[str, Field], data: dict) -> dict:
        """Each field's value under its property (a property filled by several
        fields holds all their values)."""
        for name, spec in fields.items():
            value = data.get(name, spec.default)
            if value is None:
                continue
            mapping = spec.jsonld
            prop = mapping.get("property")
            if spec.type == "object":
                if isinstance(value, dict):
                    self.fill(node, spec.fields, value)
                    if prop:
                        _put(node, prop, addresses(spec, value))
            elif spec.type == "list":
                if prop and isinstance(value, list):
                    for item_prop, values in self.items(spec, value).items():
                        _put(node, item_prop, values)
            elif prop and spec.type == "edtf" and mapping.get("end"):
                start, end = self.graph.span(value).iso
                _put(node, prop, start)
                _put(node, mapping["end"], end if end != start else "")
            elif prop:
                _put(node, prop, self.value(spec, value))
        return node

    def items(self, spec: Field, values: list) -> dict[str, list]:
        """A list's values by property: each item itself, or for mappings its
        ``item`` field, under the ``cases`` property of its ``by`` field."""
        mapping, items = spec.jsonld, spec.items
        found: dict[str, list] = {}
        for value in values:
            prop = mapping["property"]
            if items is not None and items.type == "object" and isinstance(value, dict):
                if mapping.get("by"):
                    prop = (mapping.get("cases") or {}).get(str(value.get(mapping["by"])), prop)
                one = self.item(items, mapping.get("item"), value)
            else:
                one = self.value(items, value) if items is not None else one_line(value)
            found.setdefault(prop, []).append(one)
        return {prop: _unique(values) for prop, values in found.items()}

    def item(self, items: Field, name: str | None, value: dict):
        """One mapping of a list: its ``item`` field's value; when it has none
        and that field is a ref (an author with no record), a node of the
        ref's type named by the mapping's first text; with no ``item``, a node
        of its fields' own properties."""
        if not name:
            return _compact(self.fill({}, items.fields, value))
        inner = items.fields.get(name)
        if inner is not None and value.get(name) is not None:
            return self.value(inner, value[name])
        if inner is None or inner.type != "ref":
            return None
        label = next((value[n] for n, f in items.fields.items() if f.type == "string" and value.get(n)), None)
        return {"@type": self.target_type(inner), "name": one_line(label)} if label else None

    def target_type(self, ref: Field) -> str:
        """The schema.org type of what a ref points at, when its types agree."""
        declared = {self.graph.model.types[t].jsonld.get("type") or THING
                    for t in ref.to if t in self.graph.model.types}
        return declared.pop() if len(declared) == 1 else THING

    def value(self, spec: Field, value):
        """One value as JSON-LD, by its field's type (a type not listed is text)."""
        write = VALUES.get(spec.type)
        return write(self, spec, value) if write else clean_text(value).strip()


# One value as JSON-LD, by its field's type: a ref is the record's node, a
# date ISO 8601 at its precision (one value, or none for an interval).
VALUES: dict[str, Callable[[_Writer, Field, object], object]] = {
    "ref": lambda writer, spec, value: writer.ref(value),
    "markdown": lambda writer, spec, value: plain(writer.graph, value),
    "string": lambda writer, spec, value: one_line(value),
    "name": lambda writer, spec, value: _name(writer.graph, value),
    "edtf": lambda writer, spec, value: _single_iso(writer.graph.span(value).iso),
    "enum": lambda writer, spec, value: _case(spec, value),
    "number": lambda writer, spec, value: value,
    "boolean": lambda writer, spec, value: value,
    "money": lambda writer, spec, value: _money(value),
}


def _put(node: dict, prop: str, value) -> None:
    """A value under a property; a second field filling it adds its values."""
    if not fieldtypes.has_value(value):
        return
    if prop not in node:
        node[prop] = value
        return
    before = node[prop] if isinstance(node[prop], list) else [node[prop]]
    node[prop] = _unique(before + (value if isinstance(value, list) else [value]))


def record_jsonld(graph: Graph, record: Record, settings: Settings | None = None, *,
                  site_url: str = "", use_directory_urls: bool = True) -> dict:
    """The record as one schema.org node, with its context, ready for json.dumps."""
    site = Site(name=(settings or Settings()).site_name, url=site_url, directory_urls=use_directory_urls)
    writer = _Writer(graph, record, site)
    record_type = graph.model.types[record.type]
    node = {
        "@context": context(record_type),
        "@type": schema_type(graph.model, record),
        "@id": writer.node_id(record),
        "name": one_line(graph.title(record)),  # the title, whichever field holds it
        "mainEntityOfPage": writer.page_link(record),
    }
    fields = writer.fill({}, record_type.fields, record.data)
    return _compact({**node, **{prop: value for prop, value in fields.items() if prop not in node}})


def script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&``
    are escaped inside the JSON so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'

"""``mkdossier import ftm FILE``: a FollowTheMoney entity stream (OpenSanctions,
Aleph, our own entities.ftm.json) into records and relations in ``data/``.

It reads the ``ftm:`` declarations of model.yaml backwards, the same ones the
entities export (``exports/ftm.py``) walks forwards: a thing entity becomes
the record type whose declared schema is its closest ancestor, each property
fills the field that declares it, a link entity (Directorship, Membership…)
becomes a relation on the record at its source end, Documentation links fill
the fields declared ``documentedBy``. What no declaration covers is counted
in the report, never silently dropped.

Needs the ``followthemoney`` library (the schemata's ancestry and country
names); it is imported when the command runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import dates, scaffold
from .exports.ftm import DOCUMENTED_BY, fallback_link, link_list_to, link_mapping, title_properties
from .load import load
from .model import Field, Model, RecordType
from .slugs import is_id

EXAMPLES = 3  # examples kept per reported schema or property


class ImportError_(ValueError):
    """The file cannot be read; the message says where and why."""


@dataclass
class Report:
    """What the import did and what it could not carry."""

    written: list[str] = field(default_factory=list)  # files, relative to the data folder
    created: Counter = field(default_factory=Counter)  # record type → new records
    updated: Counter = field(default_factory=Counter)
    relations: int = 0
    unknown_schemata: Counter = field(default_factory=Counter)
    unknown_properties: Counter = field(default_factory=Counter)  # "Schema.property"
    skipped: Counter = field(default_factory=Counter)  # reason → count
    examples: dict = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)

    def example(self, key: str, text: str) -> None:
        if len(self.examples[key]) < EXAMPLES:
            self.examples[key].append(text)

    def lines(self) -> list[str]:
        out = [f"{sum(self.created.values())} records created, {sum(self.updated.values())} updated, "
               f"{self.relations} relations."]
        for type_name in sorted(set(self.created) | set(self.updated)):
            out.append(f"  {type_name}: {self.created[type_name]} new, {self.updated[type_name]} updated")
        for title, counts in (("Schemata not in the model (not imported)", self.unknown_schemata),
                              ("Properties not in the model (not imported)", self.unknown_properties),
                              ("Skipped", self.skipped)):
            if counts:
                out.append(f"{title}:")
                for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                    shown = ", ".join(self.examples.get(key, []))
                    out.append(f"  {key}: {count}" + (f" (e.g. {shown})" if shown else ""))
        out += self.notes
        return out


# -- reading ----------------------------------------------------------------------------


def read_entities(path: Path) -> list[dict]:
    """Entities from JSON lines (one object a line) or one JSON array."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            found = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportError_(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
        rows = list(enumerate(found, 1))
    else:
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append((number, json.loads(line)))
                except json.JSONDecodeError as error:
                    raise ImportError_(f"{path}:{number}:{error.colno}: not JSON: {error.msg}. "
                                       "Give one entity a line, or one JSON array.") from None
    entities = []
    for number, raw in rows:
        if not (isinstance(raw, dict) and isinstance(raw.get("id"), str) and isinstance(raw.get("schema"), str)
                and isinstance(raw.get("properties", {}), dict)):
            raise ImportError_(f"{path}:{number}: not a FollowTheMoney entity: it needs 'id', 'schema' "
                               "and 'properties'")
        entities.append(raw)
    return entities


def _values(raw: dict, name: str) -> list[str]:
    values = (raw.get("properties") or {}).get(name) or []
    values = values if isinstance(values, list) else [values]
    return [str(v) for v in values if v not in (None, "")]


# -- the model, read backwards ----------------------------------------------------------


def record_type_for(model: Model, schema) -> RecordType | None:
    """The type whose declared schema is the closest ancestor of ``schema``
    (or which names it under ``also:``)."""
    best, distance = None, None
    for record_type in model.types.values():
        declared = record_type.ftm.get("schema")
        if not declared:
            continue
        names = [declared] + list(record_type.ftm.get("also") or [])
        for rank, name in enumerate(names):
            if schema.is_a(name):
                far = (_depth(schema, name), rank)
                if distance is None or far < distance:
                    best, distance = record_type, far
    return best


def _depth(schema, ancestor: str) -> int:
    """How many `extends` steps from ``schema`` up to ``ancestor``."""
    level, steps = {schema}, 0
    while level:
        if any(s.name == ancestor for s in level):
            return steps
        level = {parent for s in level for parent in s.extends}
        steps += 1
    return 99


def _walk_fields(fields: dict[str, Field], prefix: str = ""):
    """(path, spec) for every declared field, into objects without their own ftm."""
    for name, spec in fields.items():
        path = f"{prefix}{name}"
        if spec.ftm:
            yield path, spec
        elif spec.type == "object":
            yield from _walk_fields(spec.fields, path + ".")


def _set(data: dict, path: str, value) -> None:
    steps = path.split(".")
    for step in steps[:-1]:
        data = data.setdefault(step, {})
    data[steps[-1]] = value


def _get(data: dict, path: str):
    for step in path.split("."):
        data = data.get(step) if isinstance(data, dict) else None
    return data


def _vocabulary_value(model: Model, spec: Field, words: str) -> str:
    values = model.vocabularies.get(spec.vocabulary, {})
    candidate = "_".join(str(words).strip().lower().replace("-", " ").split())
    return candidate if candidate in values else ""


def _schema_words(name: str) -> str:
    """PublicBody → public_body."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _note(text: str, label: str) -> str:
    """The value of "Label: … (EDTF value)." or "Label: value." in exported notes (linear scans)."""
    start = text.find(f"{label}: ")
    if start < 0:
        return ""
    start += len(label) + 2
    edtf = text.find("(EDTF ", start)
    if edtf >= 0 and edtf < text.find(").", start) + 1:
        return text[edtf + len("(EDTF "):text.find(")", edtf)]
    end = text.find(".", start)
    return text[start:end if end >= 0 else len(text)].strip()


def _date(value: str) -> str:
    """An FtM date (an ISO prefix) as EDTF at the same precision, or ""."""
    value = value.strip()[:10]
    try:
        dates.parse(value)
    except dates.DateError:
        return ""
    return value


def _edtf(start: str, end: str) -> str:
    start, end = _date(start) if start else "", _date(end) if end else ""
    if start and end and end != start:
        return f"{start}/{end}"
    if end and not start:
        return f"../{end}"
    return start


def _fallback_links(model: Model) -> list[dict]:
    """The links the model's lists of typed links fall back to, each once, in the model's order."""
    found = []
    for record_type in model.types.values():
        for spec in record_type.link_lists():
            if fallback_link(spec) and fallback_link(spec) not in found:
                found.append(fallback_link(spec))
    return found


def _plain_to_markdown(text: str) -> str:
    """Plain text in a Markdown field: [[ would start a mention."""
    return text.replace("[[", "\\[\\[")


# -- the import -------------------------------------------------------------------------


class Importer:
    def __init__(self, model: Model, records, file: Path, published: str, ftm_model):
        self.model, self.file, self.published, self.ftm = model, file, published, ftm_model
        self.report = Report()
        self.existing = {r.id: r for r in records}
        self.taken = set(self.existing)
        self.by_ftm_id: dict[str, str] = {}  # FtM id → record id (existing records)
        for record in records:
            id_field = model.types[record.type].ftm.get("id")
            kept = _get(record.data, id_field) if id_field else None
            if kept:
                self.by_ftm_id[str(kept)] = record.id
        self.out: dict[str, tuple[RecordType, dict]] = {}  # record id → (type, data)
        self.ids: dict[str, str] = {}  # FtM id → record id, for this import
        self.types_of: dict[str, RecordType] = {}
        self.import_source = ""
        self.source_type = record_type_for(model, ftm_model.get("Document"))

    # ids ---------------------------------------------------------------------------

    def _caption(self, record_type: RecordType, raw: dict) -> str:
        for name in title_properties(record_type) + ["name", "title"]:
            values = _values(raw, name)
            if values:
                return " ".join(values[0].split())
        return raw["id"]

    def _new_id(self, record_type: RecordType, caption: str, data: dict, ftm_id: str) -> str:
        base = scaffold.record_id(record_type, caption, data) or scaffold.slug(ftm_id) or record_type.name
        candidate, number = base, 1
        while candidate in self.taken or not is_id(candidate):
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate

    # things ------------------------------------------------------------------------

    def things(self, entities: list[dict]) -> None:
        pending = []
        for raw in sorted(entities, key=lambda e: e["id"]):
            schema = self.ftm.get(raw["schema"])
            if schema is None:
                self._unknown_schema(raw, "not a FollowTheMoney schema")
                continue
            if schema.edge or raw["schema"] == "Documentation":
                continue
            record_type = record_type_for(self.model, schema)
            if record_type is None:
                self._unknown_schema(raw)
                continue
            data = self._data(record_type, raw, schema)
            if data is None:
                continue
            pending.append((raw, record_type, data))
        for raw, record_type, data in pending:
            record_id = self.by_ftm_id.get(raw["id"])
            if record_id is None:
                record_id = self._new_id(record_type, self._caption(record_type, raw), data, raw["id"])
                self.report.created[record_type.name] += 1
            else:
                self.report.updated[record_type.name] += 1
                data = {**self.existing[record_id].data, **data}
            self.ids[raw["id"]] = record_id
            self.types_of[raw["id"]] = record_type
            self.out[record_id] = (record_type, data)
        for raw, record_type, _data in pending:
            self._refs(raw, record_type)

    def _unknown_schema(self, raw: dict, why: str = "") -> None:
        key = raw["schema"] + (f" ({why})" if why else "")
        self.report.unknown_schemata[key] += 1
        self.report.example(key, raw["id"])

    def _data(self, record_type: RecordType, raw: dict, schema) -> dict | None:
        """The record's fields from the entity's properties (refs come later, once ids are known)."""
        data: dict = {}
        caption = self._caption(record_type, raw)
        data[record_type.title_field] = caption
        used = set(title_properties(record_type)) | {"notes"}
        names = _values(raw, "name")
        notes = " ".join(_values(raw, "notes"))
        id_field = record_type.ftm.get("id")
        if id_field:
            _set(data, id_field, raw["id"])
        if record_type.ftm.get("page"):
            used.add(record_type.ftm["page"])  # the record's page on the site that exported it
        for path, spec in _walk_fields(record_type.fields):
            ftm = spec.ftm
            used.update(filter(None, [ftm.get("property"), ftm.get("end"), ftm.get("caption")]))
            used.update((ftm.get("cases") or {}).values())
            used.update((ftm.get("title_in") or {}).values())
            if ftm.get("property") == DOCUMENTED_BY or spec.type == "ref" or (
                    spec.type == "list" and spec.items is not None and spec.items.type in ("ref", "object")):
                continue  # filled once every entity has its record id
            value = self._value(record_type, raw, spec, ftm, notes, schema)
            if ftm.get("property") == "alias" and len(names) > 1:
                value = list(dict.fromkeys(names[1:] + (value or [])))  # further names are aliases
            if value not in (None, "", []):
                _set(data, path, value)
        for name in (raw.get("properties") or {}):
            if name not in used and name != "name":
                key = f"{raw['schema']}.{name}"
                self.report.unknown_properties[key] += 1
                self.report.example(key, raw["id"])
        missing = [n for n, s in record_type.fields.items() if s.required and n not in data and s.type != "list"
                   and s.type != "ref"]
        for name in missing:
            spec = record_type.fields[name]
            if spec.type == "edtf":  # said honestly, never guessed (the file's date bounds the report, not the event)
                data[name] = dates.UNKNOWN
                key = f"{record_type.name}.{name} not given: written as {dates.UNKNOWN}"
                self.report.skipped[key] += 1
                self.report.example(key, raw["id"])
            else:
                key = f"{raw['schema']} without {spec.ftm.get('property') or name} ({record_type.name} needs {name})"
                self.report.skipped[key] += 1
                self.report.example(key, raw["id"])
                return None
        return data

    def _value(self, record_type, raw, spec: Field, ftm: dict, notes: str, schema):
        prop = ftm.get("property")
        values = _values(raw, prop) if prop else []
        if spec.type == "edtf":
            noted = _note(notes, ftm["note"]) if "note" in ftm else ""
            if noted:  # our own export writes the exact EDTF there: qualifiers and all
                try:
                    dates.parse(noted)
                    return noted
                except dates.DateError:
                    pass
            end = _values(raw, ftm["end"]) if "end" in ftm else []
            return _edtf(values[0] if values else "", end[0] if end else "")
        if spec.type == "enum":
            words = _note(notes, ftm["note"]) if "note" in ftm else ""
            words = words or (values[0] if values else "")
            for title_value, title_prop in (ftm.get("title_in") or {}).items():
                if _values(raw, title_prop):
                    words = title_value
            found = _vocabulary_value(self.model, spec, words) if words else ""
            if words and not found:
                key = f"{raw['schema']}.{prop or ftm.get('note')} value not in {spec.vocabulary}"
                self.report.skipped[key] += 1
                self.report.example(key, f"{raw['id']}: {words}")
            found = found or _vocabulary_value(self.model, spec, _schema_words(schema.name))
            return found or (ftm.get("fallback") if spec.required else None) or None
        if spec.type == "list":
            items = values
            if spec.items is not None and spec.items.pattern:
                items = [v for v in values if spec.items.matches(v)]
            return [" ".join(v.split()) for v in items]
        if not values:
            return None
        text = values[0] if spec.type in ("markdown", "text") else " ".join(values[0].split())
        if spec.type == "markdown":
            return _plain_to_markdown(text)
        if spec.pattern and not spec.matches(text):
            return None
        return text

    # references, once every record has its id ------------------------------------------

    def _refs(self, raw: dict, record_type: RecordType) -> None:
        record_id = self.ids[raw["id"]]
        data = self.out[record_id][1]
        for path, spec in _walk_fields(record_type.fields):
            ftm = spec.ftm
            if spec.type == "ref" and "countries" in ftm:
                codes = _values(raw, ftm.get("property") or "country")
                if codes:
                    place = self._country(codes[0], spec, ftm["countries"])
                    if place:
                        _set(data, path, place)
            elif spec.type == "ref":
                target = None
                for value in _values(raw, ftm.get("property") or ""):
                    target = target or self._target(value, spec)
                if target is None and ftm.get("caption"):
                    for caption in _values(raw, ftm["caption"]):
                        target = target or self._by_title(caption, spec.to)
                if target:
                    _set(data, path, target)
            elif spec.type == "list" and "item" in ftm:
                items = self._items(raw, spec, ftm)
                if items:
                    _set(data, path, items)

    def _target(self, ftm_id: str, spec: Field) -> str | None:
        record_id = self.ids.get(ftm_id) or self.by_ftm_id.get(ftm_id)
        if record_id is None and ftm_id in self.existing:
            record_id = ftm_id
        record_type = self._type_of(record_id) if record_id else None
        if record_id and (not spec.to or (record_type and record_type.name in spec.to)):
            return record_id
        return None

    def _type_of(self, record_id: str) -> RecordType | None:
        if record_id in self.out:
            return self.out[record_id][0]
        if record_id in self.existing:
            return self.model.types[self.existing[record_id].type]
        return None

    def _by_title(self, title: str, types) -> str | None:
        found = []
        for record_id in sorted(set(self.out) | set(self.existing)):
            record_type = self._type_of(record_id)
            if types and record_type.name not in types:
                continue
            data = self.out[record_id][1] if record_id in self.out else self.existing[record_id].data
            if " ".join(str(data.get(record_type.title_field, "")).split()) == " ".join(title.split()):
                found.append(record_id)
        return found[0] if len(found) == 1 else None

    def _items(self, raw: dict, spec: Field, ftm: dict) -> list[dict]:
        items, seen = [], set()
        by_property = {ftm.get("property"): ftm.get("fallback")}
        for value, prop in (ftm.get("cases") or {}).items():
            by_property.setdefault(prop, value)
        item_spec = spec.items.fields.get(ftm["item"]) if spec.items is not None else None
        if item_spec is None:
            return []
        for prop, role in by_property.items():
            for value in _values(raw, prop or ""):
                target = self._target(value, item_spec)
                if target is None:
                    key = f"{raw['schema']}.{prop} pointing at an entity not imported"
                    self.report.skipped[key] += 1
                    self.report.example(key, f"{raw['id']} → {value}")
                elif target not in seen:
                    seen.add(target)
                    items.append({ftm["item"]: target, **({ftm["by"]: role} if ftm.get("by") and role else {})})
        return items

    def _country(self, code: str, spec: Field, fields: dict) -> str | None:
        from followthemoney.types import registry

        name = registry.country.caption(code.lower())
        if not name or name == code.lower():
            key = f"country code '{code}' unknown to FollowTheMoney"
            self.report.skipped[key] += 1
            return None
        place_type = self.model.types.get(spec.to[0]) if spec.to else None
        if place_type is None:
            return None
        found = self._by_title(name, [place_type.name])
        if found:
            return found
        data = {place_type.title_field: name, **fields}
        record_id = self._new_id(place_type, name, data, code)
        self.out[record_id] = (place_type, data)
        self.report.created[place_type.name] += 1
        return record_id

    # links -------------------------------------------------------------------------

    def links(self, entities: list[dict]) -> None:
        ordered = sorted(entities, key=lambda e: e["id"])
        for raw in ordered:
            schema = self.ftm.get(raw["schema"])
            if schema is not None and schema.edge and raw["schema"] != "Documentation":
                self._link(raw, schema)
        for raw in ordered:  # after the relations, whose sources explain most of them
            if raw["schema"] == "Documentation":
                self._documentation(raw)

    def _ends(self, raw: dict, mapping: dict):
        """(holder, target) record ids for a link read through one mapping, or None."""
        sources, targets = _values(raw, mapping["source"]), _values(raw, mapping["target"])
        holder = self.ids.get(sources[0]) if sources else None
        target = (self.ids.get(targets[0]) or self.by_ftm_id.get(targets[0])) if targets else None
        return (holder, target) if holder and target else None

    def _link(self, raw: dict, schema) -> None:
        """The relation kind whose FtM mapping, for these ends, is this schema in
        this direction; the link becomes an item of the holder's list of typed
        links, each field read from the property it declares."""
        fitting, known, ended = [], False, False
        fallbacks = _fallback_links(self.model)
        for kind in self.model.relations.values():
            for mapping in (kind.ftm, *fallbacks):
                if mapping.get("schema") != raw["schema"] or not mapping.get("source"):
                    continue
                known = True
                ends = self._ends(raw, mapping)
                if ends is None:
                    continue
                ended = True
                holder_type, target_type = self._type_of(ends[0]), self._type_of(ends[1])
                links = link_list_to(self.model, holder_type, target_type.name)
                if (links is not None and holder_type.name in kind.source_types
                        and target_type.name in kind.target_types
                        and link_mapping(self.model, kind.name, holder_type.name, target_type.name, links) == mapping):
                    fitting.append((kind, mapping, ends, links))
                    break
        if not known:
            self._unknown_schema(raw)
            return
        chosen = next((f for f in fitting if f[0].outgoing in self._kind_words(raw, f[3])), None)
        chosen = chosen or next((f for f in fitting if f[0].ftm.get("preferred")), None)
        declaring = [k for k in self.model.relations.values() if k.ftm.get("schema") == raw["schema"]]
        if chosen is None and len(declaring) == 1 and len(fitting) == 1 and fitting[0][0] is declaring[0]:
            chosen = fitting[0]  # the one kind of this schema (Membership → member_of)
        if chosen is None:
            key = (f"{raw['schema']} with no relation kind for its role and ends" if ended
                   else f"{raw['schema']} whose ends were not imported")
            self.report.skipped[key] += 1
            self.report.example(key, raw["id"])
            return
        kind, mapping, (source, target), links = chosen
        used = {mapping["source"], mapping["target"]}
        for spec in links.items.fields.values():
            used.update(filter(None, [spec.ftm.get("property"), spec.ftm.get("end")]))
        for name in raw.get("properties") or {}:
            if name not in used:
                key = f"{raw['schema']}.{name}"
                self.report.unknown_properties[key] += 1
                self.report.example(key, raw["id"])
        item = self._link_item(raw, kind, target, links)
        data = self.out[source][1]
        kept = [i for i in data.get(links.name) or [] if (i.get("type"), i.get("target")) != (kind.name, target)]
        data[links.name] = kept + [item]
        self.report.relations += 1

    def _kind_words(self, raw: dict, links: Field) -> list[str]:
        """The values of the property the relation field of ``links`` declares (a link's roles)."""
        prop = links.items.fields["type"].ftm.get("property")
        return [" ".join(v.split()) for v in _values(raw, prop)] if prop else []

    def _link_item(self, raw: dict, kind, target: str, links: Field) -> dict:
        """One typed link, its fields in the model's order, each from the property it declares."""
        item: dict = {}
        relation = links.items.fields["type"]
        for name, spec in links.items.fields.items():
            ftm = spec.ftm
            values = _values(raw, ftm["property"]) if ftm.get("property") else []
            if name == "type":
                value = kind.name
            elif name == "target":
                value = target
            elif spec.type == "edtf":
                ends = _values(raw, ftm["end"]) if ftm.get("end") else []
                value = _edtf(values[0] if values else "", ends[0] if ends else "")
            elif spec.type == "list" and spec.items is not None and spec.items.type == "ref":
                value = list(dict.fromkeys(filter(None, (self._target(v, spec.items) for v in values))))
                if not value and spec.required and self.source_type and self.source_type.name in spec.items.to:
                    value = [self._import_source()]
            elif spec.type == "ref":
                value = next(filter(None, (self._target(v, spec) for v in values)), None)
            else:
                value = " ".join(" ".join(values).split())
            if name == relation.ftm.get("others") and not value:  # a role naming no kind, kept in words
                value = "; ".join(w for w in self._kind_words(raw, links) if w != kind.outgoing)
            if value not in (None, "", []):
                item[name] = value
        return item

    def _documentation(self, raw: dict) -> None:
        documents, cited = _values(raw, "document"), _values(raw, "entity")
        document = self.ids.get(documents[0]) if documents else None
        citing = self.ids.get(cited[0]) if cited else None
        if document is None or citing is None:
            key = "Documentation whose ends were not imported"
            self.report.skipped[key] += 1
            self.report.example(key, raw["id"])
            return
        record_type, data = self.out[citing]
        for path, spec in _walk_fields(record_type.fields):
            if spec.ftm.get("property") == DOCUMENTED_BY and spec.type == "list":
                values = _get(data, path) or []
                if document not in values and document != citing:
                    _set(data, path, values + [document])
                return
        if not any(document in (item.get(name) or []) for links in record_type.link_lists()
                   for item in data.get(links.name) or [] for name, spec in links.items.fields.items()
                   if spec.type == "list"):
            key = "Documentation of a record with no field for sources (a citation in its text?)"
            self.report.skipped[key] += 1
            self.report.example(key, raw["id"])

    def _import_source(self) -> str:
        """One source record for the file, cited where an entity gives none."""
        if self.import_source:
            return self.import_source
        record_type = self.source_type
        title = f"Imported from {self.file.name}"
        data: dict = {record_type.title_field: title}
        for name, spec in record_type.fields.items():
            if spec.required and name not in data:
                if spec.type == "edtf":
                    data[name] = self.published
                elif spec.type == "enum":
                    data[name] = spec.ftm.get("fallback") or next(iter(self.model.vocabularies[spec.vocabulary]))
        existing = self._by_title(title, [record_type.name])
        record_id = existing or self._new_id(record_type, title, data, title)
        if existing and existing in self.existing:
            data = {**self.existing[existing].data, **data}
            self.report.updated[record_type.name] += 1
        else:
            self.report.created[record_type.name] += 1
        self.out[record_id] = (record_type, data)
        self.import_source = record_id
        return record_id

    def finish(self) -> None:
        """Incidents and other records whose required source list stayed empty cite the file."""
        for record_id, (record_type, data) in list(self.out.items()):
            for path, spec in _walk_fields(record_type.fields):
                if spec.ftm.get("property") == DOCUMENTED_BY and spec.required and not _get(data, path):
                    _set(data, path, [self._import_source()])


def _ordered(record_type: RecordType, data: dict) -> dict:
    """Fields in the model's order, as ``mkdossier new`` writes them."""
    order = list(record_type.fields)
    return {k: data[k] for k in sorted(data, key=lambda k: order.index(k) if k in order else len(order))}


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def run(file, data_dir, root=None, dry_run: bool = False, published: str = "") -> Report:
    """Import ``file`` into ``data_dir``; with ``dry_run`` only report."""
    try:
        from followthemoney import model as ftm_model
    except ImportError:  # pragma: no cover - the message is the feature
        raise ImportError_("mkdossier import ftm needs the followthemoney library: "
                           ".venv/bin/pip install -c constraints.txt -e '.[ftm]' (on Debian first: apt-get install libicu-dev pkg-config)") from None
    file, data_dir = Path(file), Path(data_dir)
    if not file.is_file():
        raise ImportError_(f"{file}: no such file")
    loaded = load(data_dir, root)
    if published:
        try:
            dates.parse(published)
        except dates.DateError as error:
            raise ImportError_(f"--published {published}: {error}") from None
    else:
        published = dt.date.fromtimestamp(file.stat().st_mtime).isoformat()
    entities = read_entities(file)
    importer = Importer(loaded.model, loaded.records, file, published, ftm_model)
    importer.things(entities)
    importer.links(entities)
    importer.finish()
    report = importer.report
    for record_id, (record_type, data) in sorted(importer.out.items()):
        existing = importer.existing.get(record_id)
        path = Path(existing.file) if existing else Path(record_type.folder) / f"{record_id}.yaml"
        if existing:
            path = data_dir / record_type.folder / f"{record_id}.yaml"
        else:
            path = data_dir / path
        report.written.append(str(path))
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_dump(_ordered(record_type, data)), encoding="utf-8")
    if not dry_run and report.written:
        report.notes.append(f"Wrote {len(report.written)} files under {data_dir}. Run: mkdossier check")
    elif dry_run:
        report.notes.append(f"Dry run: {len(report.written)} files would be written under {data_dir}.")
    return report

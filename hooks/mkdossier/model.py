"""The record model, read from ``model.yaml`` (and a knowledge base's own
``data/model.yaml``): record types, their fields, vocabularies, relations.

Everything that needs a field list (validation, JSON Schema, the format
reference page, exports) reads it from here.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fieldtypes import Field  # a field's spec sits beside the types that read it
from .yamlsource import UNSURE, TextDatesLoader, parse_data

MODEL_FILE = Path(__file__).with_name("model.yaml")
EXTENSION_FILE = "model.yaml"  # inside the data folder


@dataclass
class RelationKind:
    name: str
    outgoing: str
    incoming: str
    source_types: tuple[str, ...]
    target_types: tuple[str, ...]
    # How the FollowTheMoney export writes it: {schema, source, target} and,
    # optionally, the `from`/`to` record types that schema fits (see ftm.py).
    ftm: dict = field(default_factory=dict)


@dataclass
class RecordType:
    name: str
    folder: str
    label: str
    plural: str
    title_field: str
    doc: str
    fields: dict[str, Field]
    # Its FollowTheMoney schema and how the entity is made (`ftm:` on a type);
    # {} when its records are not FtM entities.
    ftm: dict = field(default_factory=dict)
    # What pages, indexes and the chronology make of it (model.yaml's head).
    dated_by: str = ""  # the date field that places a record in time
    chronology: bool = False  # its records make the chronology
    claim: bool = False  # each record is itself a claim
    featured: tuple[str, ...] = ()  # the fields opening its page's facts
    columns: tuple[str, ...] = ()  # its index's columns after the title
    citation: tuple[str, ...] = ()  # the fields after its title where it is cited
    jsonld: dict = field(default_factory=dict)  # its schema.org type: {type, by, cases}

    shared: frozenset[str] = frozenset()  # the fields it has from its field groups

    def link_lists(self) -> list[Field]:
        """Its lists of typed links (``Field.is_link_list``). Their items' keys
        (type, target, since, until) are the engine's; ``model_check`` keeps
        every such list shaped so."""
        return [spec for spec in self.fields.values() if spec.is_link_list]

    def fields_in_page_order(self) -> list[Field]:
        """Its fields as its page lists them: the featured ones, then its own,
        then those of its field groups (tags, review), each in declared order."""
        rest = [f for n, f in self.fields.items() if n not in self.featured]
        return ([self.fields[n] for n in self.featured if n in self.fields]
                + [f for f in rest if f.name not in self.shared] + [f for f in rest if f.name in self.shared])


@dataclass
class Model:
    types: dict[str, RecordType]
    vocabularies: dict[str, dict[str, str]]
    relations: dict[str, RelationKind]
    # Unicode script name (hangul, cyrillic) → the language of names in it.
    name_languages: dict[str, str] = field(default_factory=dict)
    # Stance value → what it means for a claim's status (supports, opposes,
    # neutral, confirms): resolve.claim_status reads meanings, never names.
    stance_meanings: dict[str, str] = field(default_factory=dict)

    def type_for_folder(self, folder: str) -> RecordType | None:
        return next((t for t in self.types.values() if t.folder == folder), None)

    def chronology_types(self) -> list[str]:
        """The types whose records make the chronology (``chronology: true``)."""
        return [name for name, t in self.types.items() if t.chronology]


def _field(name: str, spec: dict) -> Field:
    return Field(
        name=name,
        type=spec["type"],
        doc=spec.get("doc", ""),
        required=bool(spec.get("required", False)),
        items=_field(name, spec["items"]) if "items" in spec else None,
        fields={k: _field(k, v) for k, v in (spec.get("fields") or {}).items()},
        to=tuple(spec.get("to", ())),
        vocabulary=spec.get("vocabulary", ""),
        pattern=spec.get("pattern", ""),
        min_items=int(spec.get("min_items", 0)),
        min=spec.get("min"),
        max=spec.get("max"),
        default=spec.get("default"),
        example=spec.get("example"),
        ftm=_field_ftm(spec.get("ftm")),
        label=spec.get("label", ""),
        show=spec.get("show", ""),
        beside=spec.get("beside", ""),
        inverse=spec.get("inverse", ""),
        involves=bool(spec.get("involves", False)),
        claims=bool(spec.get("claims", False)),
        filter=bool(spec.get("filter", False)),
        formatter_url=spec.get("formatter_url", ""),
        caption=spec.get("caption", ""),
        jsonld=_field_ftm(spec.get("jsonld")),
        ical=_field_ftm(spec.get("ical")),
    )


def _field_ftm(declared) -> dict:
    if isinstance(declared, str):
        return {"property": declared}
    return dict(declared or {})


def merge(base: dict, extra: dict) -> dict:
    """Deep merge for model extensions: mappings merge, lists append."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = copy.deepcopy(value)
    return out


def model_from_dict(raw: dict) -> Model:
    groups = raw.get("field_groups") or {}
    types = {}
    for name, spec in raw["types"].items():
        specs: dict = {}
        for group in spec.get("field_groups", []):
            specs.update(groups[group])
        specs.update(spec.get("fields") or {})
        types[name] = RecordType(
            name=name,
            folder=spec["folder"],
            label=spec["label"],
            plural=spec["plural"],
            title_field=spec["title_field"],
            doc=spec.get("doc", ""),
            fields={k: _field(k, v) for k, v in specs.items()},
            ftm=dict(spec.get("ftm") or {}),
            dated_by=spec.get("dated_by", ""),
            chronology=bool(spec.get("chronology", False)),
            claim=bool(spec.get("claim", False)),
            featured=tuple(spec.get("featured") or ()),
            shared=frozenset(n for g in spec.get("field_groups", []) for n in groups[g]) - set(spec.get("fields") or {}),
            columns=tuple(spec.get("columns") or ()),
            citation=tuple(spec.get("citation") or ()),
            jsonld=dict(spec.get("jsonld") or {}),
        )
    relations = {
        name: RelationKind(
            name=name,
            outgoing=spec["outgoing"],
            incoming=spec["incoming"],
            source_types=tuple(spec["from"]),
            target_types=tuple(spec["to"]),
            ftm=dict(spec.get("ftm") or {}),
        )
        for name, spec in raw["relations"].items()
    }
    return Model(types=types, vocabularies=raw["vocabularies"], relations=relations,
                 name_languages=dict(raw.get("name_languages") or {}),
                 stance_meanings=dict(raw.get("stance_meanings") or {}))


def base_model_dict() -> dict:
    """The packaged model as plain data (a copy: callers may change it)."""
    return copy.deepcopy(_base_model_dict())


@functools.lru_cache(maxsize=1)
def _base_model_dict() -> dict:
    text = MODEL_FILE.read_text(encoding="utf-8")
    data = parse_data(text, len(text))
    if data is UNSURE:
        data = yaml.load(text, Loader=TextDatesLoader)  # noqa: S506 (safe)
    return data


def load_model(extension: dict | None = None) -> Model:
    """The packaged model, extended by a knowledge base's own model file."""
    raw = base_model_dict()
    if extension:
        raw = merge(raw, extension)
    return model_from_dict(raw)

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

"""JSON Schema for editors, derived from the record model: one schema per
record type, written to ``schema/<type>.schema.json`` by ``mkdossier schema``.

Editors (VS Code's YAML extension, any yaml-language-server client) use it to
complete keys and vocabulary values and to flag shape errors as you type.
It checks each file on its own; ``mkdossier check`` remains the authority
(it also checks that ids exist, relation directions, date order, mentions).
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import Field, Model, RecordType
from .fieldtypes import EDTF_LOOSE, ONE_LINE, URL  # noqa: F401 (the patterns, kept importable from here)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schema"

def schema_file(type_name: str) -> str:
    return f"{type_name}.schema.json"


def _described(schema: dict, spec: Field, extra: str = "") -> dict:
    """A value's schema with what editors show beside it: the field's label
    (its name on pages) as the title, its doc, default and example."""
    doc = " ".join(part for part in (spec.doc, extra) if part)
    out = {"title": spec.label} if spec.label else {}
    if doc:
        out["description"] = doc
    out.update(schema)
    if spec.default is not None:
        out["default"] = spec.default
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


class _ValueSchema:
    """Hands a field type the schema of what it holds (list items, object fields)."""

    def __init__(self, model: Model):
        self.model = model

    def __call__(self, spec: Field) -> dict:
        return _value_schema(spec, self.model)

    def object(self, fields: dict[str, Field]) -> dict:
        return _object_schema(fields, self.model)


def _value_schema(spec: Field, model: Model) -> dict:
    """The schema of one field's value, as its field type (``fieldtypes``) says."""
    schema, extra = spec.kind.schema(spec, model, _ValueSchema(model))
    return _described(schema, spec, extra)


def _article_list(types) -> str:
    return " or ".join(("an " if t[:1] in "aeiou" else "a ") + t for t in types)


def _object_schema(fields: dict[str, Field], model: Model) -> dict:
    schema = {
        "type": "object",
        "properties": {name: _value_schema(spec, model) for name, spec in fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        schema["required"] = required
    return schema


def record_schema(record_type: RecordType, model: Model) -> dict:
    """The JSON Schema of one record file of ``record_type``."""
    body = _object_schema(record_type.fields, model)
    return {
        "$schema": DIALECT,
        "title": f"mkdossier {record_type.label.lower()} record",
        "description": f"{record_type.doc} One record per file: data/{record_type.folder}/<id>.yaml, "
                       "where the file name is the id. Generated from the record model by "
                       "`mkdossier schema`; do not edit by hand.",
        **body,
    }


def schemas(model: Model) -> dict[str, str]:
    """``{file name: JSON text}`` for every record type, as written to ``schema/``."""
    return {
        schema_file(name): json.dumps(record_schema(record_type, model), indent=2, ensure_ascii=False) + "\n"
        for name, record_type in model.types.items()
    }


def editor_mapping(model: Model, schema_dir: str = FOLDER, data_dir: str = "data") -> dict[str, list[str]]:
    """The ``yaml.schemas`` setting of VS Code's YAML extension: schema → files."""
    return {f"./{schema_dir}/{schema_file(name)}": [f"{data_dir}/{t.folder}/*.yaml", f"{data_dir}/{t.folder}/*.yml"]
            for name, t in model.types.items()}


def stale_files(model: Model, out: Path) -> list[str]:
    """Files in ``out`` that differ from what the model generates (missing, changed or extra)."""
    wanted = schemas(model)
    stale = [name for name, text in wanted.items()
             if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]
    if out.is_dir():
        stale += sorted(p.name for p in out.glob("*.schema.json") if p.name not in wanted)
    return sorted(stale)


def write_schemas(model: Model, out: Path) -> list[Path]:
    """Write every schema into ``out``; remove schemas of types that no longer exist."""
    out.mkdir(parents=True, exist_ok=True)
    wanted = schemas(model)
    for old in out.glob("*.schema.json"):
        if old.name not in wanted:
            old.unlink()
    written = []
    for name, text in wanted.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

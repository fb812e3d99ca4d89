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
from .validate import ID, LANGUAGE

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schema"

# One line of text, not blank: what validation accepts for a `string`.
ONE_LINE = r"^\s*\S[^\n]*\s*$"
# EDTF, loosely: digits, X, and the signs EDTF uses (qualifiers, intervals, sets).
# The strict reading is the `edtf` library's, in `mkdossier check`.
EDTF_LOOSE = r"^[-+0-9X.?~%/\[\]{},:TZSYE]*[0-9X][-+0-9X.?~%/\[\]{},:TZSYE]*$"
URL = r"^\s*https?://[^\s/?#]+"


def schema_file(type_name: str) -> str:
    return f"{type_name}.schema.json"


def _described(schema: dict, spec: Field, extra: str = "") -> dict:
    doc = " ".join(part for part in (spec.doc, extra) if part)
    out = {"description": doc} if doc else {}
    out.update(schema)
    if spec.default is not None:
        out["default"] = spec.default
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


def _value_schema(spec: Field, model: Model) -> dict:
    """The schema of one field's value, following the model's field types."""
    kind = spec.type
    if kind == "list":
        schema = {"type": "array", "items": _value_schema(spec.items, model)} if spec.items else {"type": "array"}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        return _described(schema, spec)
    if kind == "object":
        return _described(_object_schema(spec.fields, model), spec)
    if kind == "boolean":
        return _described({"type": "boolean"}, spec)
    if kind == "edtf":
        # A bare year (2023) reads as a number in YAML; validation accepts it.
        return _described({"type": ["string", "integer"], "pattern": EDTF_LOOSE}, spec,
                          "EDTF, e.g. 2023-09-11, 2023-06, 2022-11-01/2022-11-10, 2023~, 2023-09?, 2023-09-11/..")
    if kind == "url":
        return _described({"type": "string", "pattern": URL}, spec)
    if kind == "language":
        return _described({"type": "string", "pattern": LANGUAGE.pattern}, spec)
    if kind == "ref":
        targets = _article_list(spec.to) if spec.to else "a record"
        return _described({"type": "string", "pattern": ID.pattern}, spec, f"(The id of {targets}.)")
    if kind == "enum":
        values = model.vocabularies.get(spec.vocabulary, {})
        return _described({"enum": list(values), "enumDescriptions": list(values.values())}, spec)
    if kind == "relation":
        kinds = model.relations.values()
        return _described({
            "enum": [k.name for k in kinds],
            "enumDescriptions": [f"{k.outgoing} / {k.incoming} ({', '.join(k.source_types)} → "
                                 f"{', '.join(k.target_types)})" for k in kinds],
        }, spec)
    if kind == "string":
        return _described({"type": "string", "pattern": spec.pattern or ONE_LINE}, spec)
    # text, markdown: free text (Markdown mentions are checked by `mkdossier check`)
    schema = {"type": "string"}
    if spec.pattern:
        schema["pattern"] = spec.pattern
    return _described(schema, spec)


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

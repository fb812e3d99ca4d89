"""Checks a knowledge base's model extension (``data/model.yaml``) before it
is merged, so a mistake there is a positioned problem, not a traceback."""

from __future__ import annotations

from .problems import closest

FIELD_TYPES = ("string", "text", "markdown", "edtf", "url", "boolean", "language",
               "ref", "enum", "relation", "object", "list")
SECTIONS = ("vocabularies", "relations", "field_groups", "types")
TYPE_KEYS = ("folder", "label", "plural", "title_field")


def _hint_for(word: str, known) -> str:
    guess = closest(word, known)
    return f"Did you mean '{guess}'?" if guess else f"Use one of: {', '.join(known)}."


def check_extension(extension, base: dict) -> list[tuple[tuple, str, str]]:
    """Problems as ``(path, message, hint)``; ``base`` is the packaged model."""
    if not isinstance(extension, dict):
        return [((), "the model extension must be a mapping", "Start with 'relations:', 'types:' or 'vocabularies:'.")]
    problems: list[tuple[tuple, str, str]] = []
    types = set(base["types"]) | set(extension.get("types") or {} if isinstance(extension.get("types"), dict) else ())
    vocabularies = set(base["vocabularies"])
    if isinstance(extension.get("vocabularies"), dict):
        vocabularies |= set(extension["vocabularies"])
    for key, value in extension.items():
        if key not in SECTIONS:
            problems.append(((key,), f"unknown section '{key}'", _hint_for(str(key), SECTIONS)))
        elif not isinstance(value, dict):
            problems.append(((key,), f"'{key}' must be a mapping", ""))
    for name, values in _mapping(extension.get("vocabularies")):
        if not isinstance(values, dict):
            problems.append((("vocabularies", name), f"vocabulary '{name}' must map each value to its meaning",
                             "Write 'value: What it means.' lines."))
    for name, spec in _mapping(extension.get("relations")):
        path = ("relations", name)
        if not isinstance(spec, dict):
            problems.append((path, f"relation kind '{name}' must be a mapping", ""))
            continue
        known = base["relations"].get(name, {})
        for key in ("outgoing", "incoming", "from", "to"):
            if key not in spec and key not in known:
                problems.append((path, f"relation kind '{name}' needs '{key}'",
                                 "Give outgoing and incoming labels and the from/to record types."))
        for key in ("from", "to"):
            if key in spec:
                problems += _type_list(path + (key,), spec[key], types)
    groups = dict(base.get("field_groups") or {})
    for name, spec in _mapping(extension.get("types")):
        path = ("types", name)
        if not isinstance(spec, dict):
            problems.append((path, f"record type '{name}' must be a mapping", ""))
            continue
        if name not in base["types"]:
            for key in TYPE_KEYS:
                if key not in spec:
                    problems.append((path, f"new record type '{name}' needs '{key}'", ""))
        for group in spec.get("field_groups") or []:
            if group not in groups:
                problems.append((path + ("field_groups",), f"unknown field group '{group}'", _hint_for(group, groups)))
        for field, field_spec in _mapping(spec.get("fields")):
            problems += _field(path + ("fields", field), field_spec, types, vocabularies)
    return problems


def _mapping(value):
    return value.items() if isinstance(value, dict) else ()


def _type_list(path, value, types) -> list:
    if not isinstance(value, list):
        return [(path, f"'{path[-1]}' must be a list of record types", f"Write it as [{value}].")]
    return [(path, f"unknown record type '{t}'", _hint_for(str(t), sorted(types))) for t in value if t not in types]


def _field(path, spec, types, vocabularies) -> list:
    if not isinstance(spec, dict) or "type" not in spec:
        return [(path, f"field '{path[-1]}' needs a 'type'", f"Use one of: {', '.join(FIELD_TYPES)}.")]
    kind = spec["type"]
    if kind not in FIELD_TYPES:
        return [(path + ("type",), f"unknown field type '{kind}'", _hint_for(str(kind), FIELD_TYPES))]
    problems = []
    if kind == "list":
        problems += _field(path + ("items",), spec.get("items"), types, vocabularies)
    if kind == "ref":
        problems += _type_list(path + ("to",), spec.get("to", []), types)
    if kind == "enum" and spec.get("vocabulary") not in vocabularies:
        problems.append((path + ("vocabulary",), f"unknown vocabulary '{spec.get('vocabulary')}'",
                         _hint_for(str(spec.get("vocabulary")), sorted(vocabularies))))
    if kind == "object":
        for name, inner in _mapping(spec.get("fields")):
            problems += _field(path + ("fields", name), inner, types, vocabularies)
    return problems

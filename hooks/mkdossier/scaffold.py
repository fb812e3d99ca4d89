"""What ``mkdossier new`` writes: a record file that passes ``mkdossier check``
from the start (``create`` writes it and checks). Its id is a slug of the
name (transliterated to Latin letters), its fields come from the command
line, and the fields it leaves out are listed underneath as comments, with
their meaning, ready to fill in.

Every option is a field of the record model, so a field added to the model
is an option here too.
"""

from __future__ import annotations

import re

import yaml

from . import dates, fieldtypes
from .model import Field, Model, RecordType
from .problems import closest
from .slugs import slug

# The field types one option value holds (``fieldtypes``: a type says so itself).
SCALARS = tuple(name for name, kind in fieldtypes.REGISTRY.items() if kind.on_command_line and name != "list")


class ScaffoldError(ValueError):
    """The record cannot be written; the message says why and what to do."""


# -- ids ------------------------------------------------------------------------


def date_prefix(value) -> str:
    """The part of an id a date gives: the day, month or year it falls within."""
    try:
        span = dates.parse(value)
    except dates.DateError:
        return ""
    lower, upper = span.lower, span.upper
    if lower is None or upper is None:
        return ""
    if lower == upper:
        return lower.isoformat()
    if (lower.year, lower.month) == (upper.year, upper.month):
        return f"{lower.year:04d}-{lower.month:02d}"
    if lower.year == upper.year:
        return f"{lower.year:04d}"
    return ""


def record_id(record_type: RecordType, name: str, values: dict) -> str:
    """Records of the chronology start with the date their type is ``dated_by``
    (2023-09-13-…), like the rest of the base; others are their name."""
    base = slug(name)
    date = values.get(record_type.dated_by) if record_type.chronology and record_type.dated_by else None
    if date is not None:
        prefix = date_prefix(date)
        if prefix and not base.startswith(prefix):
            base = f"{prefix}-{base}" if base else prefix
    return base


# -- command-line values --------------------------------------------------------


def _flat(spec: Field) -> bool:
    """A scalar, or a list of scalars: what one option value (or KEY=VALUE) can hold."""
    if spec.type == "list":
        return spec.items is not None and spec.items.type in SCALARS
    return spec.type in SCALARS


def _expressible(spec: Field) -> bool:
    """Whether a field can be given as an option (nested lists of mappings cannot)."""
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    if inner.type == "object":
        return all(_flat(f) for f in inner.fields.values())
    return _flat(spec)


def option_fields(record_type: RecordType) -> dict[str, Field]:
    """The fields that are options of ``mkdossier new``: all but the title field
    and those too nested for one command line (they are written as comments)."""
    return {name: spec for name, spec in record_type.fields.items()
            if name != record_type.title_field and (_expressible(spec) or spec.required)}


def option_help(spec: Field, model: Model) -> str:
    """What the option takes, in a few words, for ``--help``."""
    note = _field_note(spec, model)
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    if inner.type == "object":
        keys = ",".join(f"{k}=…" for k in inner.fields)
        note += f". As {keys}"
    if spec.type == "list":
        note += ". Repeat for more"
    return note


def metavar(spec: Field) -> str:
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    if inner.type == "object":
        return "KEY=VALUE,…"
    return inner.kind.metavar


def new_command(record_type: RecordType) -> str:
    """The shortest ``mkdossier new`` command line for a type, with its required
    options: for the format reference, e.g. ``mkdossier new incident "TITLE" --date EDTF --sources ID``."""
    words = [f"mkdossier new {record_type.name}", f'"{record_type.title_field.upper()}"']
    words += [f"--{name} {metavar(spec)}" for name, spec in option_fields(record_type).items() if spec.required]
    return " ".join(words)


def _scalar(spec: Field, raw: str, option: str):
    """One command-line value, as its field type reads it."""
    try:
        return spec.kind.from_option(spec, raw, option)
    except fieldtypes.OptionError as error:
        raise ScaffoldError(str(error)) from None


def _mapping(fields: dict[str, Field], raw: str, option: str) -> dict:
    """``party=us-government,stance=asserts`` → a mapping; a comma only splits
    before a known key, so values may contain commas."""
    keys = "|".join(re.escape(k) for k in sorted(fields, key=len, reverse=True))
    out = {}
    for part in re.split(rf",(?=\s*(?:{keys})=)", raw):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in fields:
            guess = closest(key, fields)
            hint = f" Did you mean '{guess}'?" if guess else ""
            raise ScaffoldError(f"{option}: '{part}' is not KEY=VALUE with KEY one of "
                                f"{', '.join(fields)}.{hint}")
        out[key] = _scalar(fields[key], value.strip(), option)
    return {k: out[k] for k in fields if k in out}  # the model's order


def value_from_option(spec: Field, raw, option: str):
    """The YAML value of a field given on the command line (a list for repeated options)."""
    if spec.type == "list":
        items = raw if isinstance(raw, list) else [raw]
        inner = spec.items
        if inner is not None and inner.type == "object":
            return [_mapping(inner.fields, item, option) for item in items]
        return [_scalar(inner, item, option) if inner is not None else item for item in items]
    if spec.type == "object":
        return _mapping(spec.fields, raw, option)
    return _scalar(spec, raw, option)


def missing_required(record_type: RecordType, values: dict) -> list[str]:
    return [name for name, spec in option_fields(record_type).items() if spec.required and name not in values]


# -- the file -------------------------------------------------------------------


class _Date(str):
    """An EDTF value: written in double quotes, like the rest of the base."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # "  - item" under a key, as in the data files


_Dumper.add_representer(_Date, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", str(value), style='"'))


def _mark_dates(spec: Field, value):
    if spec.kind.quoted and isinstance(value, str):
        return _Date(value)
    if spec.type == "list" and isinstance(value, list) and spec.items is not None:
        return [_mark_dates(spec.items, v) for v in value]
    if spec.type == "object" and isinstance(value, dict):
        return {k: _mark_dates(spec.fields[k], v) if k in spec.fields else v for k, v in value.items()}
    return value


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10_000)


def _placeholder(spec: Field) -> str:
    """An empty value to fill in (the default where the model has one)."""
    value = spec.kind.placeholder(spec)
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("...").strip()


def _field_note(spec: Field, model: Model) -> str:
    note = spec.doc.rstrip(".")
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    if inner.type == "enum":
        values = list(model.vocabularies.get(inner.vocabulary, {}))
        note += f" ({', '.join(values)})" if len(values) <= 6 else f" (a {inner.vocabulary} value)"
    if inner.type == "ref" and inner.to:
        note += f" (id of {' or '.join(inner.to)})"
    if spec.example is not None:
        example = yaml.dump(spec.example, Dumper=_Dumper, allow_unicode=True, default_flow_style=True,
                            width=10_000).strip().removesuffix("...").strip()
        if f"e.g. {example}" not in note:
            note += f", e.g. {example}"
    if spec.required:
        note += " (required)"
    return note


def _commented(name: str, spec: Field, model: Model, indent: str = "", first: str = "") -> list[str]:
    """A field as commented-out YAML with its meaning: the skeleton's "fill me in" lines."""
    lead = indent + first
    inner = spec.items if spec.type == "list" and spec.items is not None else None
    if inner is not None and inner.type == "object":
        lines = [f"# {lead}{name}:  # {_field_note(spec, model)}"]
        lines += _commented_object(inner.fields, model, " " * len(lead) + "  ", "- ")
        return lines
    if spec.type == "object":
        lines = [f"# {lead}{name}:  # {_field_note(spec, model)}"]
        lines += _commented_object(spec.fields, model, " " * len(lead) + "  ", "")
        return lines
    return [f"# {lead}{name}: {_placeholder(spec)}  # {_field_note(spec, model)}"]


def _commented_object(fields: dict[str, Field], model: Model, indent: str, first: str) -> list[str]:
    shown = [(k, s) for k, s in fields.items() if s.required] or list(fields.items())[:1]
    lines = []
    for index, (key, spec) in enumerate(shown):
        marker = first if index == 0 else " " * len(first)
        lines += _commented(key, spec, model, indent, marker)
    others = [k for k in fields if k not in dict(shown)]
    if others:
        lines.append(f"# {indent}{' ' * len(first)}# optional: {', '.join(others)}")
    return lines


def skeleton(model: Model, record_type: RecordType, title: str, values: dict, schema_ref: str = "") -> str:
    """The text of a new record file: the given fields, then the others as comments."""
    data = {record_type.title_field: title}
    for name, spec in record_type.fields.items():
        if name in values:
            data[name] = _mark_dates(spec, values[name])
    lines = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    text = "\n".join(lines) + ("\n" if lines else "") + _dump(data)
    optional = [(n, s) for n, s in record_type.fields.items() if n not in data]
    if optional:
        text += "\n# More fields (remove the '# ' to use one; see the format reference):\n"
        for name, spec in optional:
            text += "\n".join(_commented(name, spec, model)) + "\n"
    return text


# -- writing --------------------------------------------------------------------


def find_type(model: Model, word: str) -> RecordType:
    """A record type by name ("person") or folder ("people")."""
    for record_type in model.types.values():
        if word in (record_type.name, record_type.folder):
            return record_type
    names = list(model.types)
    guess = closest(word, names + [t.folder for t in model.types.values()])
    hint = f" Did you mean '{guess}'?" if guess else ""
    raise ScaffoldError(f"unknown record type '{word}'; use one of: {', '.join(names)}.{hint}")

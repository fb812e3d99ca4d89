"""Checks a knowledge base's model extension (``data/model.yaml``) before it
is merged, so a mistake there is a positioned problem, not a traceback.

The extension arrives in pull requests like any record, so it is untrusted:
it may add fields, types, vocabulary values and relation kinds, but never
weaken the core model (change a core field's type, make it optional, point
a core type elsewhere), name a folder outside the site, or bring a pattern
that could not run in linear time.

Two passes. First the extension is walked against the declared shape of the
model file below (which keys each part may have, and their values), so a new
key is one line. Then what the merged model would be is checked as a whole:
references between its parts, folders, patterns, and the core kept intact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import fieldtypes, patterns
from .model import merge
from .problems import closest, kind_of

# The field types (``fieldtypes``: one class each; a new type is one class there).
FIELD_TYPES = fieldtypes.NAMES
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # types, fields, relation kinds, vocabularies, groups
FOLDER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FTM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,39}$")
# Top-level paths of the site the engine or MkDocs use (render/pages.py, exports,
# the hook, docs/, Material's assets, the search plugin, the CSV table names).
RESERVED_FOLDERS = frozenset({
    "assets", "benchmark", "chronology", "disputed", "downloads", "exports", "index", "reference",
    "relations", "search", "sitemap", "404", "csv", "schema", "data",
})
LABEL_MAX = 80
DOC_MAX = 2000
FOLDER_MAX = 40
SHOWN_MAX = 40  # how much of a contributor's text a message repeats

Problems = list  # of (path, message, hint)


def shown(value) -> str:
    """A name or value as repeated in a message: short, one line, no control characters."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def _hint_for(word, known) -> str:
    guess = closest(str(word), [str(k) for k in known])
    return f"Did you mean '{guess}'?" if guess else f"Use one of: {', '.join(map(str, known))}."


# -- the shape of the model file ---------------------------------------------------------


class Shape:
    """What one value of the model file may be."""

    def problems(self, value, path: tuple) -> Problems:
        raise NotImplementedError


@dataclass
class Text(Shape):
    limit: int = LABEL_MAX
    lines: bool = False  # may span lines
    form: re.Pattern | None = None
    form_words: str = ""

    def problems(self, value, path):
        key = shown(path[-1])
        if not isinstance(value, str):
            hint = "Quote it." if isinstance(value, (int, float)) else ""
            return [(path, f"'{key}' must be text, got {kind_of(value)}", hint)]
        if not value.strip():
            return [(path, f"'{key}' is empty", "Fill it in or remove it.")]
        if len(value) > self.limit:
            return [(path, f"'{key}' is {len(value)} characters long; at most {self.limit} are allowed",
                     "Shorten it.")]
        if not self.lines and ("\n" in value.strip() or "\r" in value):
            return [(path, f"'{key}' must be one line", "Join the lines.")]
        if any(not c.isprintable() and c not in "\n\t" for c in value):
            return [(path, f"'{key}' holds a control character", "Remove it.")]
        if self.form is not None and not self.form.match(value):
            return [(path, f"'{shown(value)}' is not a valid {key}", self.form_words)]
        return []


@dataclass
class Choice(Shape):
    """One of a few words (how a field is shown, what a stance means)."""

    values: tuple[str, ...]
    what: str

    def problems(self, value, path):
        if isinstance(value, str) and value in self.values:
            return []
        written = f"'{shown(value)}'" if isinstance(value, str) else kind_of(value)
        return [(path, f"{written} is not {self.what}", f"Use one of: {', '.join(self.values)}.")]


class Flag(Shape):
    def problems(self, value, path):
        if isinstance(value, bool):
            return []
        return [(path, f"'{shown(path[-1])}' must be true or false, got {kind_of(value)}", "")]


class Count(Shape):
    def problems(self, value, path):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
            return []
        return [(path, f"'{shown(path[-1])}' must be a whole number from 0 to 1000, got {kind_of(value)}",
                 "Write a number such as 1.")]


class Bound(Shape):
    """The least or greatest value of a number field."""

    def problems(self, value, path):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e18:
            return []
        return [(path, f"'{shown(path[-1])}' must be a number, got {kind_of(value)}", "Write a number such as 0.")]


@dataclass
class Names(Shape):
    """A list of names (record types, field groups; FtM schemata, field paths)."""

    form: re.Pattern = NAME
    form_words: str = "Use lowercase letters, digits and _."

    def problems(self, value, path):
        if not isinstance(value, list):
            written = shown(value) if isinstance(value, (str, int)) else "…"
            return [(path, f"'{shown(path[-1])}' must be a list, got {kind_of(value)}", f"Write it as [{written}].")]
        return [(path + (i,), f"'{shown(item)}' is not a name", self.form_words)
                for i, item in enumerate(value) if not isinstance(item, str) or not self.form.match(item)]


@dataclass
class TextOrKeys(Shape):
    """A short form (one text) or its long form (a mapping), as `ftm:` on a field."""

    short: Text
    long: Shape

    def problems(self, value, path):
        return (self.short if isinstance(value, str) else self.long).problems(value, path)


class Example(Shape):
    """Example and default values: text, numbers, true/false, or a list of them."""

    def problems(self, value, path):
        scalar = (str, int, float, bool)
        if isinstance(value, scalar) or (isinstance(value, list) and all(isinstance(v, scalar) for v in value)):
            text = str(value)
            if len(text) > DOC_MAX:
                return [(path, f"'{shown(path[-1])}' is too long", "Shorten it.")]
            return []
        return [(path, f"'{shown(path[-1])}' must be text, a number, true/false or a list of them, "
                       f"got {kind_of(value)}", "")]


@dataclass
class Keys(Shape):
    """A mapping with known keys, each with its own shape."""

    what: str
    table: dict = field(default_factory=dict)

    def problems(self, value, path):
        name = shown(path[-1]) if path else ""
        if not isinstance(value, dict):
            return [(path, f"{self.what} '{name}' must be a mapping, got {kind_of(value)}", "")]
        found = []
        for key, item in value.items():
            if key not in self.table:
                found.append((path + (key,), f"unknown key '{shown(key)}' in {self.what} '{name}'",
                              _hint_for(key, self.table)))
            else:
                found += self.table[key].problems(item, path + (key,))
        return found


@dataclass
class MapOf(Shape):
    """A mapping of names (or values) to things of one shape."""

    what: str
    item: Shape
    key: Text | None = None  # how a key may look (names by default)
    non_empty: bool = False
    hint: str = ""

    def problems(self, value, path):
        name = shown(path[-1])
        if not isinstance(value, dict):
            return [(path, f"'{name}' must be a mapping, got {kind_of(value)}", self.hint)]
        if self.non_empty and not value:
            return [(path, f"'{name}' is empty", self.hint)]
        found = []
        for key, item in value.items():
            if self.key is None:
                if not isinstance(key, str) or not NAME.match(key):
                    found.append((path + (key,), f"'{shown(key)}' is not a valid {self.what} name",
                                  "Use lowercase letters, digits and _, starting with a letter."))
                    continue
            else:
                bad = self.key.problems(key, path + (key,))
                if bad:
                    found.append((path + (key,), f"'{shown(key)}' is not a valid {self.what}",
                                  "Use one line of plain text, up to 80 characters."))
                    continue
            found += self.item.problems(item, path + (key,))
        return found


LABEL = Text(LABEL_MAX)
DOC = Text(DOC_MAX)  # one line: docs also land in YAML comments (mkdossier new)
NAMES = Names()
FIELD = Keys("field")
# FollowTheMoney mappings (see the head of model.yaml): one line per key.
FTM_PROPERTY = Text(40, form=FTM_NAME, form_words="Use a FollowTheMoney property name, e.g. alias.")
FTM_SCHEMA = Text(40, form=FTM_NAME, form_words="Use a FollowTheMoney schema name, e.g. Person.")
FIELD_PATH = re.compile(r"^[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39}){0,3}$")
FIELD_FTM = TextOrKeys(FTM_PROPERTY, Keys("ftm mapping of a field", {
    "property": FTM_PROPERTY,
    "end": FTM_PROPERTY,
    "note": LABEL,
    "caption": FTM_PROPERTY,
    "title_in": MapOf("vocabulary value", FTM_PROPERTY, key=Text(LABEL_MAX)),
    "item": Text(40, form=NAME, form_words="Name a field of the items."),
    "by": Text(40, form=NAME, form_words="Name a field of the items."),
    "cases": MapOf("vocabulary value", FTM_PROPERTY, key=Text(LABEL_MAX)),
    "countries": MapOf("field", Text(LABEL_MAX)),
    "fallback": LABEL,
}))
TYPE_FTM = Keys("ftm mapping of a record type", {
    "schema": FTM_SCHEMA,
    "also": Names(FTM_NAME, "Use FollowTheMoney schema names, e.g. LegalEntity."),
    "title": Names(FTM_NAME, "Use FollowTheMoney property names, e.g. name."),
    "id": Text(80, form=FIELD_PATH, form_words="Name a field, e.g. identifiers.ftm."),
    "page": FTM_PROPERTY,
    "omit": Names(FIELD_PATH, "Name fields, e.g. identifiers.website."),
})
FIELD.table.update({
    "type": Text(20),
    "doc": DOC,
    "required": Flag(),
    "items": FIELD,
    "fields": MapOf("field", FIELD),
    "to": NAMES,
    "vocabulary": Text(40),
    "pattern": Text(patterns.MAX_LENGTH),
    "min_items": Count(),
    "min": Bound(),
    "max": Bound(),
    "default": Example(),
    "example": Example(),
    "ftm": FIELD_FTM,
})
# schema.org names, as `jsonld:` on a field and on a type (same grammar as `ftm:`).
SCHEMA_ORG_NAME = Text(40, form=FTM_NAME, form_words="Use a schema.org name, e.g. alternateName.")
FIELD_JSONLD = TextOrKeys(SCHEMA_ORG_NAME, Keys("jsonld mapping of a field", {
    "property": SCHEMA_ORG_NAME,
    "end": SCHEMA_ORG_NAME,
    "item": Text(40, form=NAME, form_words="Name a field of the items."),
    "by": Text(40, form=NAME, form_words="Name a field of the items."),
    "cases": MapOf("vocabulary value", SCHEMA_ORG_NAME, key=Text(LABEL_MAX)),
    "fallback": SCHEMA_ORG_NAME,
}))
# iCalendar properties a field may fill in the calendar's events (`ical:` on a
# field, same grammar): those the export does not write itself, and X- names.
ICAL_PROPERTY = Text(40, form=re.compile(r"^(LOCATION|STATUS|CATEGORIES|COMMENT|CONTACT|RESOURCES|X-[A-Z0-9-]{1,36})$"),
                     form_words="Use LOCATION, STATUS, CATEGORIES, COMMENT, CONTACT, RESOURCES or an X- name.")
ICAL_VALUE = Text(40, form=re.compile(r"^[A-Z][A-Z0-9-]*$"), form_words="Use an iCalendar value, e.g. TENTATIVE.")
FIELD_ICAL = TextOrKeys(ICAL_PROPERTY, Keys("ical mapping of a field", {
    "property": ICAL_PROPERTY,
    "cases": MapOf("vocabulary value", ICAL_VALUE, key=Text(LABEL_MAX)),
    "fallback": ICAL_VALUE,
}))
TYPE_JSONLD = Keys("jsonld mapping of a record type", {
    "type": SCHEMA_ORG_NAME,
    "by": Text(40, form=NAME, form_words="Name a field of the type."),
    "cases": MapOf("vocabulary value", SCHEMA_ORG_NAME, key=Text(LABEL_MAX)),
})
SHOW_FORMS = ("fact", "text", "list", "hidden")
SHOW = Choice(SHOW_FORMS, "a way a page shows a field")
FIELD.table.update({
    "label": LABEL,
    "show": SHOW,
    "beside": Text(40, form=NAME, form_words="Name a field of the same type."),
    "inverse": LABEL,
    "involves": Flag(),
    "claims": Flag(),
    "filter": Flag(),
    "jsonld": FIELD_JSONLD,
    "ical": FIELD_ICAL,
    "formatter_url": Text(200, form=re.compile(r"^https?://[^\s{}]+\{value\}[^\s{}]*$"),
                          form_words="Write an http(s) address with {value} where the value goes."),
    "caption": LABEL,
})
# `{field}` in a caption: a field of the mapping it captions.
CAPTION_FIELD = re.compile(r"\{([^{}]*)\}")
# The derived index columns (`columns:` on a type), besides field names.
DERIVED_COLUMNS = ("incidents", "claims")
FTM = Keys("ftm mapping", {
    "schema": Text(40, form=FTM_NAME, form_words="Use a FollowTheMoney schema name, e.g. UnknownLink."),
    "source": Text(40, form=FTM_NAME, form_words="Use a FollowTheMoney property name, e.g. subject."),
    "target": Text(40, form=FTM_NAME, form_words="Use a FollowTheMoney property name, e.g. object."),
    "from": NAMES,
    "to": NAMES,
    "preferred": Flag(),
})
RELATION = Keys("relation kind", {"outgoing": LABEL, "incoming": LABEL, "from": NAMES, "to": NAMES, "ftm": FTM})
# On a list of typed links: the FtM link its items become when their kind declares
# none that fits; on its relation field: the item field keeping values that name no kind.
FIELD_FTM.long.table.update({
    "link": Keys("ftm link of a list of typed links", {k: FTM.table[k] for k in ("schema", "source", "target")}),
    "others": Text(40, form=NAME, form_words="Name a field of the items."),
})
TYPE = Keys("record type", {
    "folder": Text(FOLDER_MAX), "label": LABEL, "plural": LABEL, "title_field": Text(40), "doc": DOC,
    "field_groups": NAMES, "fields": MapOf("field", FIELD), "ftm": TYPE_FTM,
    "dated_by": Text(40, form=NAME, form_words="Name a date field of the type."),
    "chronology": Flag(), "claim": Flag(), "featured": NAMES, "columns": NAMES, "citation": NAMES,
    "jsonld": TYPE_JSONLD,
})
VOCABULARY = MapOf("vocabulary value", DOC, key=Text(LABEL_MAX), non_empty=True,
                   hint="Write 'value: What it means.' lines.")
# Script → language tag (see name_languages in model.yaml).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
NAME_LANGUAGES = MapOf("script", Text(35, form=LANGUAGE_TAG, form_words="Use a language tag such as 'ru' or 'ko'."),
                       hint="Write 'script: language' lines, e.g. 'cyrillic: ru'.")
# What a stance value means for claim status (stance_meanings in model.yaml).
STANCE_MEANINGS = ("supports", "opposes", "neutral", "confirms")
STANCE_MEANING = Choice(STANCE_MEANINGS, "a meaning of a stance")
SECTIONS = {
    "vocabularies": MapOf("vocabulary", VOCABULARY),
    "stance_meanings": MapOf("stance value", STANCE_MEANING, key=Text(LABEL_MAX)),
    "relations": MapOf("relation kind", RELATION),
    "field_groups": MapOf("field group", MapOf("field", FIELD)),
    "types": MapOf("record type", TYPE),
    "name_languages": NAME_LANGUAGES,
}
# Keys a new record type or relation kind must have.
NEW_TYPE_KEYS = ("folder", "label", "plural", "title_field")
# What the engine relies on in a core type: kept. (Lists such as `columns` and
# `featured` are appended to, which only adds.)
CORE_TYPE_KEYS = ("folder", "title_field", "dated_by", "chronology", "claim")
# The fields of a typed link the engine reads (resolve, validate): name → field type.
LINK_FIELDS = {"type": "relation", "target": "ref", "since": "edtf", "until": "edtf", "sources": "list"}
NEW_RELATION_KEYS = ("outgoing", "incoming", "from", "to")
# Which field types each type-specific key applies to.
APPLIES_TO = {"pattern": ("string", "text"), "default": ("string", "enum"), "formatter_url": ("string",),
              "caption": ("object",)}
for _name, _kind in fieldtypes.REGISTRY.items():  # the keys a type declares its own
    for _key in _kind.spec_keys:
        APPLIES_TO.setdefault(_key, tuple(n for n, k in fieldtypes.REGISTRY.items() if _key in k.spec_keys))


def _shape_problems(extension: dict) -> Problems:
    found = []
    for key, value in extension.items():
        if key not in SECTIONS:
            found.append(((key,), f"unknown section '{shown(key)}'", _hint_for(key, SECTIONS)))
        elif value is None:
            found.append(((key,), f"'{key}' is empty", "Remove it, or add entries under it."))
        else:
            found += SECTIONS[key].problems(value, (key,))
    return found


# -- the merged model as a whole ------------------------------------------------------------


def _effective_fields(raw: dict, type_name: str) -> dict:
    """A type's fields: those of its field groups, then its own (as ``model_from_dict``)."""
    spec = raw["types"][type_name]
    fields: dict = {}
    for group in spec.get("field_groups") or []:
        fields.update(raw.get("field_groups", {}).get(group) or {})
    fields.update(spec.get("fields") or {})
    return fields


def _holds_relation(items) -> bool:
    """Items of a list of typed links: mappings with a field of type relation."""
    inner = items.get("fields") if isinstance(items, dict) and items.get("type") == "object" else None
    return isinstance(inner, dict) and any(isinstance(f, dict) and f.get("type") == "relation"
                                           for f in inner.values())


def _signature(spec: dict):
    """What the engine relies on in a field it reads by name: its type, and the
    types and required flags of what it holds."""
    if not isinstance(spec, dict):
        return None
    kind = spec.get("type")
    if kind == "list":
        return (kind, _signature(spec.get("items")))
    if kind == "object":
        inner = spec.get("fields") or {}
        return (kind, tuple(sorted((n, bool(s.get("required")), _signature(s))
                                   for n, s in inner.items() if isinstance(s, dict))))
    return (kind, spec.get("pattern", ""))


class _Whole:
    """Checks the merged model; positions point into the extension."""

    def __init__(self, extension: dict, base: dict, merged: dict):
        self.extension, self.base, self.merged = extension, base, merged
        self.found: Problems = []
        self.types = set(merged["types"])
        self.vocabularies = merged["vocabularies"]
        # Fields the engine reads by name on any record: kept as the core declares them.
        self.engine_fields: dict[str, set] = {}
        for name in base["types"]:
            for field_name, spec in _effective_fields(base, name).items():
                self.engine_fields.setdefault(field_name, set()).add(_signature(spec))

    def where(self, *candidates: tuple) -> tuple:
        """The first candidate path written in the extension (or its deepest written part)."""
        best: tuple = ()
        for path in candidates:
            node, depth = self.extension, 0
            for step in path:
                if isinstance(node, dict) and step in node:
                    node = node[step]
                elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                    node = node[step]
                else:
                    break
                depth += 1
            if depth == len(path):
                return path
            if depth > len(best):
                best = path[:depth]
        return best

    def add(self, path: tuple, message: str, hint: str = "") -> None:
        self.found.append((path, message, hint))

    def run(self) -> Problems:
        self._relations()
        self._types()
        self._stance_meanings()
        # One mistake in a shared field group is one problem, not one per type.
        return list(dict.fromkeys(self.found))

    def _relations(self) -> None:
        for name, spec in self.merged["relations"].items():
            path = self.where(("relations", name))
            core = self.base["relations"].get(name)
            if core is not None:
                for key in sorted(set(spec) | set(core)):
                    if spec.get(key) != core.get(key):
                        self.add(self.where(("relations", name, key)),
                                 f"a knowledge base cannot change the core relation kind '{name}' ({key})",
                                 "Add a new relation kind instead.")
                continue
            missing = [k for k in NEW_RELATION_KEYS if k not in spec]
            for key in missing:
                self.add(path, f"relation kind '{shown(name)}' needs '{key}'",
                         "Give outgoing and incoming labels and the from/to record types.")
            for key in ("from", "to"):
                self._type_list(("relations", name, key), spec.get(key) or [])
            ftm = spec.get("ftm") or {}
            for key in ("from", "to"):
                self._type_list(("relations", name, "ftm", key), ftm.get(key) or [])

    def _stance_meanings(self) -> None:
        """Every stance value has a meaning (claim status is derived from it), and
        the core ones keep theirs."""
        meanings = self.merged.get("stance_meanings") or {}
        core = self.base.get("stance_meanings") or {}
        for value in self.vocabularies.get("stance") or {}:
            if value not in meanings:
                self.add(self.where(("vocabularies", "stance", value)),
                         f"the stance '{shown(value)}' needs a meaning for claim status",
                         f"Add it under 'stance_meanings:', e.g. '{shown(value)}: neutral' "
                         f"(one of: {', '.join(STANCE_MEANINGS)}).")
        for value, meaning in meanings.items():
            if value not in (self.vocabularies.get("stance") or {}):
                self.add(self.where(("stance_meanings", value)), f"'{shown(value)}' is not a stance value",
                         "Declare it under 'vocabularies: stance:' too, or remove it.")
            elif value in core and core[value] != meaning:
                self.add(self.where(("stance_meanings", value)),
                         f"a knowledge base cannot change the meaning of the core stance '{value}' ({core[value]})",
                         "Add a new stance value instead.")

    def _type_list(self, path: tuple, names: list) -> None:
        for index, name in enumerate(names):
            if name not in self.types:
                self.add(self.where(path + (index,)), f"unknown record type '{shown(name)}'",
                         _hint_for(name, sorted(self.types)))

    def _types(self) -> None:
        folders: dict[str, str] = {}
        groups = self.merged.get("field_groups") or {}
        for name, spec in self.merged["types"].items():
            path = ("types", name)
            core = self.base["types"].get(name)
            for index, group in enumerate(spec.get("field_groups") or []):
                if group not in groups:
                    self.add(self.where(path + ("field_groups", index)), f"unknown field group '{shown(group)}'",
                             _hint_for(group, sorted(groups)))
            if core is not None:
                for key in CORE_TYPE_KEYS:
                    if (spec.get(key) or None) != (core.get(key) or None):
                        was = core.get(key)
                        was = "true" if was is True else was or "it declares none"
                        self.add(self.where(path + (key,)),
                                 f"a knowledge base cannot change the {key} of the core record type '{name}' "
                                 f"({was})", "Add a new record type instead.")
            else:
                for key in NEW_TYPE_KEYS:
                    if key not in spec:
                        self.add(self.where(path), f"new record type '{shown(name)}' needs '{key}'", "")
            folder = spec.get("folder")
            if isinstance(folder, str) and core is None:
                self._folder(path, folder, folders)
            if isinstance(folder, str):
                folders.setdefault(folder, name)
            fields = _effective_fields(self.merged, name)
            core_fields = _effective_fields(self.base, name) if core is not None else {}
            for field_name, field_spec in fields.items():
                field_path = self._field_path(name, field_name)
                self._field(field_path, field_name, field_spec, core_fields.get(field_name))
                if field_name not in core_fields and field_name in self.engine_fields:
                    if _signature(field_spec) not in self.engine_fields[field_name]:
                        self.add(field_path, f"the field '{field_name}' has a fixed meaning in every record "
                                 f"type; declare it as the core types do", "Or give the field another name.")
            self._declarations(path, spec, fields)
            title = spec.get("title_field")
            if core is None and isinstance(title, str):
                title_spec = fields.get(title)
                if not isinstance(title_spec, dict) or title_spec.get("type") != "string":
                    self.add(self.where(path + ("title_field",)),
                             f"the title field '{shown(title)}' must be a field of type string of the type",
                             "Declare it under 'fields:' with 'type: string' and 'required: true'.")
                elif not title_spec.get("required"):
                    self.add(self.where(path + ("title_field",)),
                             f"the title field '{shown(title)}' must be required", "Add 'required: true' to it.")

    def _declarations(self, path: tuple, spec: dict, fields: dict) -> None:
        """What a type declares about its fields names fields it has, of a type that fits."""
        dated_by = spec.get("dated_by")
        if dated_by is not None and (fields.get(dated_by) or {}).get("type") != "edtf":
            date_fields = sorted(n for n, f in fields.items() if isinstance(f, dict) and f.get("type") == "edtf")
            self.add(self.where(path + ("dated_by",)), f"'{shown(dated_by)}' is not a date (edtf) field of the type",
                     _hint_for(dated_by, date_fields) if date_fields else "Declare a field with 'type: edtf' and name it here.")
        if spec.get("chronology") and not dated_by and path[-1] not in self.base["types"]:  # core: kept as it is
            self.add(self.where(path + ("chronology",)), "a chronology type needs 'dated_by'",
                     "Name the date field that places its records in time.")
        if spec.get("claim") and (fields.get("stances") or {}).get("type") != "list":
            self.add(self.where(path + ("claim",)), "a claim type needs the field 'stances'",
                     "Declare it as the core claim type does (field_groups or a copy of its 'stances').")
        for key, extra in (("featured", ()), ("citation", ()), ("columns", DERIVED_COLUMNS)):
            for index, name in enumerate(spec.get(key) or []):
                if name not in fields and name not in extra:
                    self.add(self.where(path + (key, index)), f"'{shown(name)}' is not a field of the type",
                             _hint_for(name, [*fields, *extra]))
        by = (spec.get("jsonld") or {}).get("by")
        if by is not None and (fields.get(by) or {}).get("type") != "enum":
            enums = sorted(n for n, f in fields.items() if isinstance(f, dict) and f.get("type") == "enum")
            self.add(self.where(path + ("jsonld", "by")), f"'{shown(by)}' is not an enum field of the type",
                     _hint_for(by, enums) if enums else "Declare a field with 'type: enum' and name it here.")
        for name, field_spec in fields.items():
            beside = field_spec.get("beside") if isinstance(field_spec, dict) else None
            if beside is not None and (beside not in fields or beside == name):
                self.add(self.where(*[p + ("beside",) for p in self._field_candidates(path[1], name)]),
                         f"'{shown(beside)}' is not another field of the type",
                         _hint_for(beside, [n for n in fields if n != name]))

    def _folder(self, path: tuple, folder: str, folders: dict) -> None:
        where = self.where(path + ("folder",))
        if not FOLDER.match(folder):
            self.add(where, f"the folder '{shown(folder)}' must be one name of lowercase letters, digits "
                     "and single hyphens", "For example: 'vessels'.")
        elif folder in RESERVED_FOLDERS:
            self.add(where, f"the folder '{folder}' is used by the site itself", "Choose another name.")
        elif folder in folders:
            self.add(where, f"the folder '{folder}' is already used by the record type '{folders[folder]}'",
                     "Choose another name.")

    def _field_candidates(self, type_name: str, field_name: str) -> list[tuple]:
        candidates = [("types", type_name, "fields", field_name)]
        for group in self.merged["types"][type_name].get("field_groups") or []:
            candidates.append(("field_groups", group, field_name))
        return candidates

    def _field_path(self, type_name: str, field_name: str) -> tuple:
        return self.where(*self._field_candidates(type_name, field_name), ("types", type_name, "field_groups"))

    def _field(self, path: tuple, name: str, spec, core) -> None:
        """One field (and what it holds); ``core`` is the core's spec of it, if any."""
        if not isinstance(spec, dict):  # only possible through merging: guarded
            self.add(path, f"field '{shown(name)}' must be a mapping", "")
            return
        kind = spec.get("type")
        if kind is None:
            self.add(path, f"field '{shown(name)}' needs a 'type'", f"Use one of: {', '.join(FIELD_TYPES)}.")
            return
        if kind not in FIELD_TYPES:
            self.add(self._sub(path, "type"), f"unknown field type '{shown(kind)}'", _hint_for(kind, FIELD_TYPES))
            return
        if core is not None and self._weakens(path, name, spec, core):
            return
        for key, kinds in APPLIES_TO.items():
            if key in spec and kind not in kinds:
                self.add(self._sub(path, key), f"'{key}' does not apply to a {kind} field",
                         f"It applies to {' and '.join(kinds)} fields.")
        caption = spec.get("caption")
        if kind == "object" and isinstance(caption, str):
            inner_names = list(spec.get("fields") or {})
            for named in CAPTION_FIELD.findall(caption):
                if named not in inner_names:
                    self.add(self._sub(path, "caption"), f"'{{{shown(named)}}}' in the caption is not a field "
                             "of the mapping", _hint_for(named, inner_names or ["…"]))
        if kind == "list":
            if "items" not in spec:
                self.add(path, f"list field '{shown(name)}' needs 'items'", "For example: 'items: {type: string}'.")
            else:
                self._field(self._sub(path, "items"), name, spec["items"], (core or {}).get("items"))
        if kind == "object":
            core_inner = (core or {}).get("fields") or {}
            for inner, inner_spec in (spec.get("fields") or {}).items():
                self._field(self._sub(path, "fields", inner), inner, inner_spec, core_inner.get(inner))
        if kind == "ref":
            self._type_list(path + ("to",), spec.get("to") or [])
        inner_kind = (spec.get("items") or {}).get("type") if kind == "list" else kind
        if "inverse" in spec and inner_kind != "ref":
            self.add(self._sub(path, "inverse"), "'inverse' applies to a ref field (or a list of refs)",
                     "Remove it, or make the field a ref.")
        if spec.get("involves") and inner_kind not in ("ref", "markdown"):
            self.add(self._sub(path, "involves"), "'involves' applies to a ref or Markdown field",
                     "Remove it, or make the field a ref.")
        if kind == "list" and _holds_relation(spec.get("items")):
            self._link_items(self._sub(path, "items", "fields"), spec["items"]["fields"])
        if spec.get("claims"):
            item_fields = (spec.get("items") or {}).get("fields") or {}
            if inner_kind != "object" or not {"statement", "stances"} <= set(item_fields):
                self.add(self._sub(path, "claims"), "'claims' applies to a list of mappings with "
                         "'statement' and 'stances'", "Declare the items as the core incident's claims do.")
        if kind == "enum":
            vocabulary = spec.get("vocabulary")
            if vocabulary not in self.vocabularies:
                self.add(self._sub(path, "vocabulary"),
                         f"unknown vocabulary '{shown(vocabulary)}'" if vocabulary else
                         f"enum field '{shown(name)}' needs 'vocabulary'", _hint_for(vocabulary or "", sorted(self.vocabularies)))
            elif "default" in spec and spec["default"] not in self.vocabularies[vocabulary]:
                self.add(self._sub(path, "default"), f"the default '{shown(spec['default'])}' is not a value of "
                         f"the vocabulary '{vocabulary}'", _hint_for(spec["default"], self.vocabularies[vocabulary]))
        if kind == "string" and "default" in spec and not isinstance(spec["default"], str):
            self.add(self._sub(path, "default"), "the default of a string field must be text", "Quote it.")
        if "pattern" in spec and core is None:
            reason = patterns.unsupported_reason(spec["pattern"])
            if reason:
                linear = "not allowed" in reason
                self.add(self._sub(path, "pattern"), f"the pattern '{shown(spec['pattern'])}' is not supported: "
                         + reason + (" (patterns run in linear time)" if linear else ""),
                         "Write it without them." if linear else "Correct it.")

    def _link_items(self, path: tuple, fields: dict) -> None:
        """A list of typed links holds what the engine reads of one: a required
        relation `type`, a required ref `target`, dates `since`/`until`."""
        relations = [k for k, f in fields.items() if k != "type" and isinstance(f, dict) and f.get("type") == "relation"]
        for key in relations:  # the kind has one name, the engine's
            self.add(self._sub(path, key), f"the relation field of a typed link is named 'type', not '{shown(key)}'",
                     f"Rename '{shown(key)}' to 'type'." if "type" not in fields else "Give this field another type.")
        for key, kind in LINK_FIELDS.items():
            inner = fields.get(key)
            if inner is None and key in ("type", "target") and not (key == "type" and relations):
                self.add(path, f"a list of typed links needs the field '{key}' ({kind}) in its items",
                         "Declare the items as the core 'relations' lists do: type, target, since, until, sources.")
            elif isinstance(inner, dict) and inner.get("type") != kind:
                self.add(self._sub(path, key, "type"), f"'{key}' of a typed link must be of type {kind}",
                         "Give the field another name, or declare it as the core 'relations' lists do.")
            elif isinstance(inner, dict) and key in ("type", "target") and not inner.get("required"):
                self.add(self._sub(path, key), f"'{key}' of a typed link must be required", "Add 'required: true' to it.")

    def _sub(self, path: tuple, *steps) -> tuple:
        return self.where(path + steps)

    def _weakens(self, path: tuple, name: str, spec: dict, core: dict) -> bool:
        """Report what would weaken a core field; True if its type changed (nothing more to say)."""
        if spec.get("type") != core.get("type"):
            self.add(self._sub(path, "type"), f"a knowledge base cannot change the type of the core field "
                     f"'{name}' ({core.get('type')})", "Add a new field instead.")
            return True
        if core.get("required") and not spec.get("required"):
            self.add(self._sub(path, "required"), f"a knowledge base cannot make the core field '{name}' optional",
                     "Add a new field instead.")
        if spec.get("min_items", 0) < core.get("min_items", 0):
            self.add(self._sub(path, "min_items"), f"a knowledge base cannot lower min_items of the core field "
                     f"'{name}' ({core['min_items']})", "")
        for key in ("to", "vocabulary", "pattern", "default"):
            if spec.get(key) != core.get(key):
                self.add(self._sub(path, key), f"a knowledge base cannot change '{key}' of the core field '{name}'",
                         "Add a new field instead.")
        return False


def check_extension(extension, base: dict) -> Problems:
    """Problems as ``(path, message, hint)``; ``base`` is the packaged model."""
    if not isinstance(extension, dict):
        return [((), "the model extension must be a mapping", "Start with 'relations:', 'types:' or 'vocabularies:'.")]
    found = _shape_problems(extension)
    if found:
        return found
    return _Whole(extension, base, merge(base, extension)).run()


def check_base(base: dict) -> Problems:
    """Problems in the packaged model itself (a test keeps it at none)."""
    return _Whole({}, {"types": {}, "relations": {}, "vocabularies": {}, "field_groups": {}}, base).run()

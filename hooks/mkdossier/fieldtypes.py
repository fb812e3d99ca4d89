"""The field types of the record model, one class each, in one registry,
and ``Field``, the spec of one field (its type and what the type reads).

A field type knows its values, as FollowTheMoney's ``types/`` do: how to
check one (problems as ``Fault`` data, worded for contributors), how to say
it in words (the format reference) and in JSON Schema, how ``mkdossier new``
takes it from the command line and what it writes as a placeholder, its
plain text and its CSV cells. Validation, the schema, the scaffold, the
reference page and the exports ask the registry (``get(spec.type)``, or
``spec.kind``) instead of switching on type names.

It knows nothing of pages or graphs: the pages show a value with links
(``render/values.py``) and the FollowTheMoney export writes it with entity
ids (``exports/ftm.py``), each from a small table keyed by type name, above
this module. Only the low modules are imported here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple
from urllib.parse import urlsplit

from . import dates, languages, markup, patterns
from .problems import closest, kind_of

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SEPARATOR = "; "  # between the values of a list in one CSV cell
# EDTF, loosely: digits, X, and the signs EDTF uses (qualifiers, intervals, sets).
# The strict reading is the `edtf` library's, in `mkdossier check`.
# `unknown` (no date in the sources) is the one word a date may be.
EDTF_LOOSE = r"^(?:unknown|[-+0-9X.?~%/\[\]{},:TZSYE]*[0-9X][-+0-9X.?~%/\[\]{},:TZSYE]*)$"
URL = r"^\s*https?://[^\s/?#]+"
ONE_LINE = r"^\s*\S[^\n]*\s*$"  # one line of text, not blank: what a `string` accepts
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


class Fault(NamedTuple):
    """One problem with a value: where, what, what to do. ``at`` points into
    a text value (offset, the text to point at) when the fault is inside it."""

    path: tuple
    message: str
    hint: str = ""
    at: tuple | None = None


class OptionError(ValueError):
    """A command-line value that does not fit its field."""


def article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def scalar_text(value) -> str:
    """A value as one CSV cell or line: "" for nothing, true/false, as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)



def has_value(value) -> bool:
    """A field holds something to show or export: neither missing nor empty."""
    return value not in (None, "", [], {})

class FieldType:
    """What every field type answers; the defaults suit one line of text."""

    name = ""
    words = ""  # in messages: "expected {words}, got …"
    metavar = "TEXT"  # the value of its `mkdossier new` option
    text_value = True  # its values are text: a YAML number or true/false is refused ("Quote it")
    on_command_line = True  # one option value (or KEY=VALUE part) can hold it
    quoted = False  # written in double quotes by `mkdossier new` (dates)
    spec_keys: tuple[str, ...] = ()  # keys of a field spec that apply to it alone (model_check)
    placeholder_value: object = ""

    # -- validation ---------------------------------------------------------

    def check(self, value, spec, ctx, path: tuple) -> list[Fault]:
        if not isinstance(value, str):
            written = ctx.written(path).strip() or str(value)
            hint = f"Quote it: '{written}'." if isinstance(value, (int, float)) else ""
            return [Fault(path, f"expected {self.words or self.name}, got {kind_of(value)}", hint)]
        return self.check_text(value, spec, ctx, path)

    def check_text(self, value: str, spec, ctx, path: tuple) -> list[Fault]:
        return []

    # -- words and schema ------------------------------------------------------

    def describe(self, spec, model) -> str:
        """The type in words, for the format reference."""
        return self.name

    def schema(self, spec, model, value_schema: Callable) -> tuple[dict, str]:
        """The JSON Schema of a value, and words added to the field's description."""
        schema = {"type": "string"}
        if spec.pattern:
            schema["pattern"] = spec.pattern
        return schema, ""

    # -- mkdossier new -----------------------------------------------------------

    def from_option(self, spec, raw: str, option: str):
        return raw

    def placeholder(self, spec):
        return spec.default if spec.default is not None else self.placeholder_value

    # -- what readers and exports get --------------------------------------------

    def text(self, value, spec=None) -> str:
        """The value as plain text, for people (CSV cells, notes, the page)."""
        return scalar_text(value)

    def cell(self, value, spec=None) -> str:
        """One value in a CSV cell: as written in the record."""
        return scalar_text(value)

    def columns(self, name: str, spec) -> list[tuple[str, Callable]]:
        """(heading, cell of the record's data) for this field in a CSV table."""
        return [(name, lambda data: self.cell(data.get(name), spec))]


class Text(FieldType):
    name, words = "text", "text"

    def check_text(self, value, spec, ctx, path):
        return ctx.pattern_faults(path, value, spec)


class String(Text):
    name, words = "string", "one line of text"

    def check_text(self, value, spec, ctx, path):
        found = []
        if "\n" in value.strip():
            found.append(Fault(path, "expected one line of text, got several lines",
                               "Join the lines, or use a Markdown field."))
        if not value.strip():
            found.append(Fault(path, "is empty", "Fill it in, or remove the field."))
        return found + ctx.pattern_faults(path, value, spec)

    def schema(self, spec, model, value_schema):
        return {"type": "string", "pattern": spec.pattern or ONE_LINE}, ""


class Markdown(FieldType):
    name, words = "markdown", "Markdown text"

    def check_text(self, value, spec, ctx, path):
        costly = markup.too_costly(value)
        if costly is not None:
            offset, message, hint = costly
            needle = value[offset:offset + 20].split("\n")[0] or value[offset:offset + 1]
            return [Fault(path, message, hint, (offset, needle))]  # its links are not worth reading
        if "[[" in value:
            ctx.note_mentions(path, markup.mention_ids(value))
        found = [Fault(path, "images are not allowed in Markdown fields",
                       "Readers' browsers would fetch them from another host; link to it instead.", (offset, "!["))
                 for offset in markup.images(value)]
        for url, offset in markup.link_targets(value):
            if markup.unsafe_url(url):
                offset = value.find(url, offset)
                found.append(Fault(path, f"link to '{url}' is not allowed", "Links may only use http, https or mailto.",
                                   (offset, url)))
        return found

    def text(self, value, spec=None):
        return markup.mentions_as_text(value).strip()


class Date(FieldType):
    """An EDTF date, or ``unknown`` when the sources give none (never a guess)."""

    name, words = "edtf", "an EDTF date such as 2023-09-11, 2023-06 or 2022-11-01/2022-11-10"
    metavar = "EDTF"
    quoted = True

    def check(self, value, spec, ctx, path):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a bare year reads as a number in YAML
        return super().check(value, spec, ctx, path)

    def check_text(self, value, spec, ctx, path):
        try:
            dates.parse(value)
        except dates.DateError:
            reason, hint = dates.explain(value)  # in words, with the EDTF the contributor probably meant
            return [Fault(path, f"invalid date '{value}': {reason}", hint)]
        return []

    def schema(self, spec, model, value_schema):
        # A bare year (2023) reads as a number in YAML; validation accepts it.
        return ({"type": ["string", "integer"], "pattern": EDTF_LOOSE},
                "EDTF, e.g. 2023-09-11, 2023-06, 2022-11-01/2022-11-10, 2023~, 2023-09?, 2023-09-11/.., "
                "or unknown")

    def text(self, value, spec=None):
        return dates.describe_text(value) if value is not None else ""

    def columns(self, name, spec):
        def bound(which):
            def cell(data):
                when = dates.span_of(data.get(name))
                day = getattr(when, which) if when else None
                return day.isoformat() if day else ""
            return cell
        return [(name, lambda d: scalar_text(d.get(name))), (f"{name}_earliest", bound("lower")),
                (f"{name}_latest", bound("upper"))]


class Url(FieldType):
    name, words = "url", "an http(s) URL"
    metavar = "URL"

    def check_text(self, value, spec, ctx, path):
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return [Fault(path, f"'{value}' is not an http(s) URL", "Write the full address, starting with https://.")]
        return []

    def schema(self, spec, model, value_schema):
        return {"type": "string", "pattern": URL}, ""



class Boolean(FieldType):
    name, words = "boolean", "true or false"
    metavar = "true|false"
    text_value = False
    placeholder_value = False

    def check(self, value, spec, ctx, path):
        if not isinstance(value, bool):
            return [Fault(path, f"expected true or false, got {kind_of(value)}")]
        return []

    def schema(self, spec, model, value_schema):
        return {"type": "boolean"}, ""

    def from_option(self, spec, raw, option):
        lowered = raw.strip().lower()
        if lowered not in ("true", "false"):
            raise OptionError(f"{option}: expected true or false, got '{raw}'")
        return lowered == "true"


class Language(FieldType):
    name, words = "language", "a language tag such as en or ru"
    metavar = "LANG"

    def check_text(self, value, spec, ctx, path):
        if not LANGUAGE.match(value):
            return [Fault(path, f"'{value}' is not a language tag", "Use a code such as 'en', 'ru' or 'ko'.")]
        return []

    def schema(self, spec, model, value_schema):
        return {"type": "string", "pattern": LANGUAGE.pattern}, ""



class Ref(FieldType):
    name, words = "ref", "a record id"
    metavar = "ID"
    spec_keys = ("to",)

    def check_text(self, value, spec, ctx, path):
        ctx.note_ref(path, value)  # whether it exists is known once every file is read
        return []

    def describe(self, spec, model):
        return "id of " + " or ".join(spec.to)

    def schema(self, spec, model, value_schema):
        targets = " or ".join(article(t) for t in spec.to) if spec.to else "a record"
        return {"type": "string", "pattern": ID_PATTERN}, f"(The id of {targets}.)"

    def text(self, value, spec=None):
        return scalar_text(value)


class Enum(FieldType):
    name, words = "enum", "one value of a vocabulary"
    metavar = "VALUE"
    spec_keys = ("vocabulary",)

    def check_text(self, value, spec, ctx, path):
        values = ctx.model.vocabularies.get(spec.vocabulary, {})
        if value not in values:
            guess = closest(value, values)
            hint = f"Did you mean '{guess}'?" if guess else f"Use one of: {', '.join(values)}."
            return [Fault(path, f"unknown {spec.vocabulary.replace('_', ' ')} '{value}'", hint)]
        return []

    def describe(self, spec, model):
        return f"one of {spec.vocabulary} (see Vocabularies)"

    def schema(self, spec, model, value_schema):
        values = model.vocabularies.get(spec.vocabulary, {})
        return {"enum": list(values), "enumDescriptions": list(values.values())}, ""

    def text(self, value, spec=None):
        return str(value).replace("_", " ")


class Relation(FieldType):
    name, words = "relation", "a relation kind"
    metavar = "KIND"

    def check_text(self, value, spec, ctx, path):
        relations = ctx.model.relations
        if value not in relations:
            guess = closest(value, relations)
            hint = (f"Did you mean '{guess}'?" if guess else
                    "Use a kind from the relation vocabulary, or declare a new one in data/model.yaml.")
            return [Fault(path, f"unknown relation type '{value}'", hint)]
        return []

    def schema(self, spec, model, value_schema):
        kinds = model.relations.values()
        return {
            "enum": [k.name for k in kinds],
            "enumDescriptions": [f"{k.outgoing} / {k.incoming} ({', '.join(k.source_types)} → "
                                 f"{', '.join(k.target_types)})" for k in kinds],
        }, ""


class Object(FieldType):
    name, words = "object", "a mapping of fields"
    text_value = False
    on_command_line = False
    spec_keys = ("fields",)
    placeholder_value: object = {}

    def check(self, value, spec, ctx, path):
        ctx.check_mapping(path, value, spec.fields)
        return []

    def describe(self, spec, model):
        return "mapping"

    def schema(self, spec, model, value_schema):
        return value_schema.object(spec.fields), ""

    def placeholder(self, spec):
        return spec.default if spec.default is not None else {}

    def columns(self, name, spec):
        return [(f"{name}.{sub}", lambda d, sub=sub: scalar_text((d.get(name) or {}).get(sub))) for sub in spec.fields]


class List(FieldType):
    name, words = "list", "a list"
    text_value = False
    spec_keys = ("items", "min_items")

    def check(self, value, spec, ctx, path):
        if not isinstance(value, list):
            return [Fault(path, f"expected a list, got {kind_of(value)}",
                          f"Write it as '[{value}]' or as '- ' lines." if isinstance(value, (str, int)) else "")]
        found = []
        if len(value) < spec.min_items:
            found.append(Fault(path, f"needs at least {spec.min_items} item(s)", ""))
        for index, item in enumerate(value):
            found += ctx.check_value(path + (index,), item, spec.items)
        return found

    def describe(self, spec, model):
        return f"list of {spec.items.kind.describe(spec.items, model)}" if spec.items is not None else "list"

    def schema(self, spec, model, value_schema):
        schema = {"type": "array", "items": value_schema(spec.items)} if spec.items else {"type": "array"}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        return schema, ""

    def placeholder(self, spec):
        return spec.default if spec.default is not None else []

    def from_option(self, spec, raw, option):
        inner = spec.items
        return [inner.kind.from_option(inner, part.strip(), option) for part in raw.split(";") if part.strip()]

    def text(self, value, spec=None):
        inner = spec.items if spec is not None else None
        return SEPARATOR.join(inner.kind.text(v, inner) if inner is not None else scalar_text(v) for v in value or [])

    def columns(self, name, spec):
        inner = spec.items
        if inner is not None and isinstance(inner.kind, (Object, Money)):
            # mappings: compact JSON, as written
            return [(name, lambda d: json.dumps(d.get(name), ensure_ascii=False, sort_keys=True) if d.get(name) else "")]
        return [(name, lambda d: SEPARATOR.join(inner.kind.cell(v, inner) if inner is not None else scalar_text(v)
                                                for v in d.get(name) or []))]


# -- the domain's own types ------------------------------------------------------


class Name(FieldType):
    """A name as text, or ``{name: …, lang: …}`` when its language is known
    (``- {name: Україна, lang: uk}``): a declared language wins over the one
    the name's script implies (``name_languages`` in the model)."""

    name, words = "name", "a name (text, or name: and lang:)"
    text_value = False

    @staticmethod
    def parts():
        return {"name": Field("name", "string", doc="The name as written.", required=True),
                "lang": Field("lang", "language", doc="The language it is written in.")}

    def check(self, value, spec, ctx, path):
        if isinstance(value, dict):
            ctx.check_mapping(path, value, self.parts())
            return []
        if isinstance(value, str):
            return STRING.check_text(value, spec, ctx, path)
        written = ctx.written(path).strip() or str(value)
        hint = f"Quote it: '{written}'." if isinstance(value, (int, float)) else "Write the name, or {name: …, lang: …}."
        return [Fault(path, f"expected {self.words}, got {kind_of(value)}", hint)]

    def describe(self, spec, model):
        return "name (text, or {name, lang})"

    def schema(self, spec, model, value_schema):
        one = {"type": "string", "pattern": ONE_LINE}
        tagged = {"type": "object", "properties": {"name": one, "lang": {"type": "string", "pattern": LANGUAGE.pattern}},
                  "required": ["name"], "additionalProperties": False}
        return {"oneOf": [one, tagged]}, "A name, or {name: …, lang: …} to say its language."

    def from_option(self, spec, raw, option):
        name, sep, lang = raw.rpartition("@")  # "Україна@uk"
        if sep and LANGUAGE.match(lang.strip()) and name.strip():
            return {"name": name.strip(), "lang": lang.strip()}
        return raw

    @staticmethod
    def text(value, spec=None) -> str:
        """The name itself, whichever way it is written."""
        if isinstance(value, dict):
            return scalar_text(value.get("name"))
        return scalar_text(value)

    @staticmethod
    def language(value, model) -> str:
        """Its declared language, else the one its script implies, else ""."""
        if isinstance(value, dict) and value.get("lang"):
            return str(value["lang"])
        return languages.language_of(Name.text(value), model.name_languages)

    def cell(self, value, spec=None):
        return self.text(value)  # the language is in dossier.json and the JSON-LD (docs/exports.md)


def _number_text(value) -> str:
    """1500000 → "1,500,000"; 2.5 → "2.5" (thousands separated, no rounding)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return scalar_text(value)
    if isinstance(value, int) or value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}"


class Number(FieldType):
    """A whole or decimal number, written as a YAML number; ``min``/``max`` bound it."""

    name, words = "number", "a number"
    metavar = "NUMBER"
    text_value = False
    spec_keys = ("min", "max")

    def check(self, value, spec, ctx, path):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
                float("inf"), float("-inf")):
            hint = ("Write it without quotes or separators, e.g. 1500000." if isinstance(value, str) else
                    "Write a number such as 12 or 2.5.")
            return [Fault(path, f"expected a number, got {kind_of(value)}", hint)]
        low, high = getattr(spec, "min", None), getattr(spec, "max", None)
        if low is not None and value < low:
            return [Fault(path, f"{_number_text(value)} is below the least allowed, {_number_text(low)}", "")]
        if high is not None and value > high:
            return [Fault(path, f"{_number_text(value)} is above the most allowed, {_number_text(high)}", "")]
        return []

    def describe(self, spec, model):
        low, high = getattr(spec, "min", None), getattr(spec, "max", None)
        if low is not None and high is not None:
            return f"number from {_number_text(low)} to {_number_text(high)}"
        if low is not None:
            return f"number, at least {_number_text(low)}"
        if high is not None:
            return f"number, at most {_number_text(high)}"
        return "number"

    def schema(self, spec, model, value_schema):
        schema: dict = {"type": "number"}
        if getattr(spec, "min", None) is not None:
            schema["minimum"] = spec.min
        if getattr(spec, "max", None) is not None:
            schema["maximum"] = spec.max
        return schema, ""

    def from_option(self, spec, raw, option):
        try:
            return int(raw.strip())
        except ValueError:
            try:
                return float(raw.strip())
            except ValueError:
                raise OptionError(f"{option}: expected a number, got '{raw}'") from None

    def text(self, value, spec=None):
        return _number_text(value)


@functools.lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """ISO 4217 codes, from Babel's CLDR data (the list Material's Babel keeps up to date)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


class Currency(FieldType):
    name, words = "currency", "an ISO 4217 currency code such as USD"
    metavar = "CODE"

    def check_text(self, value, spec, ctx, path):
        if value not in currencies():
            upper = value.strip().upper()
            guess = upper if upper in currencies() else closest(upper, sorted(currencies()))
            hint = f"Did you mean '{guess}'?" if guess else "Use a three-letter ISO 4217 code such as USD, EUR or RUB."
            return [Fault(path, f"'{value}' is not an ISO 4217 currency code", hint)]
        return []

    def schema(self, spec, model, value_schema):
        return {"type": "string", "enum": sorted(currencies())}, ""


class Money(FieldType):
    """An amount in a currency: ``{amount: 1500000, currency: USD}``."""

    name, words = "money", "an amount with its currency"
    metavar = "'AMOUNT CODE'"
    text_value = False
    placeholder_value: object = {}

    @staticmethod
    def parts():
        return {"amount": Field("amount", "number", doc="How much.", required=True),
                "currency": Field("currency", "currency", doc="The ISO 4217 code, e.g. USD.", required=True)}

    def check(self, value, spec, ctx, path):
        if not isinstance(value, dict):
            return [Fault(path, f"expected {self.words}, got {kind_of(value)}",
                          "Write it as {amount: 1500000, currency: USD}.")]
        ctx.check_mapping(path, value, self.parts())
        return []

    def describe(self, spec, model):
        return "money ({amount, currency})"

    def schema(self, spec, model, value_schema):
        return value_schema.object(self.parts()), "An amount and its ISO 4217 currency code."

    def placeholder(self, spec):
        return {"amount": 0, "currency": "USD"} if spec.default is None else spec.default

    def from_option(self, spec, raw, option):
        amount, _, code = raw.strip().rpartition(" ")  # "1500000 USD"
        return {"amount": NUMBER.from_option(spec, amount, option), "currency": code.strip()}

    def text(self, value, spec=None):
        if not isinstance(value, dict):
            return scalar_text(value)
        return f"{_number_text(value.get('amount'))} {scalar_text(value.get('currency'))}".strip()

    def columns(self, name, spec):
        return [(f"{name}.amount", lambda d: scalar_text((d.get(name) or {}).get("amount"))),
                (f"{name}.currency", lambda d: scalar_text((d.get(name) or {}).get("currency")))]


class Unknown(FieldType):
    """A type the model does not know: the model extension's problem, reported there."""

    def __init__(self, name: str):
        self.name = self.words = name


STRING, NUMBER, NAME = String(), Number(), Name()
REGISTRY: dict[str, FieldType] = {t.name: t for t in (
    STRING, Text(), Markdown(), Date(), Url(), Boolean(), Language(), Ref(), Enum(), Relation(), Object(), List(),
    NAME, NUMBER, Money(), Currency(),
)}
NAMES = tuple(REGISTRY)


def get(name: str) -> FieldType:
    """The field type of that name (an inert stand-in for a name no type has)."""
    found = REGISTRY.get(name)
    return found if found is not None else Unknown(name)


# -- a field's spec ------------------------------------------------------------


@dataclass
class Field:
    """One field of a record type, as model.yaml declares it (``model`` reads
    the YAML): its type and what its type reads (``to``, ``vocabulary``, …)."""

    name: str
    type: str
    doc: str = ""
    required: bool = False
    items: Field | None = None  # for lists
    fields: dict[str, Field] = field(default_factory=dict)  # for objects
    to: tuple[str, ...] = ()  # for refs: allowed record types
    vocabulary: str = ""  # for enums
    pattern: str = ""
    min_items: int = 0
    min: int | float | None = None  # for numbers: the least and the greatest allowed
    max: int | float | None = None
    default: object = None
    example: object = None
    # How FollowTheMoney carries it (model.yaml, `ftm:` on a field): always a
    # mapping here, {"property": …} for the short form `ftm: alias`.
    ftm: dict = field(default_factory=dict)
    # How pages show it and what it means to the graph (model.yaml's head):
    label: str = ""  # its name for readers; `title` gives the default
    show: str = ""  # fact, text, list or hidden; `shown_as` gives the default
    beside: str = ""  # the field whose fact line it joins
    inverse: str = ""  # on a ref: the heading on the target's page
    involves: bool = False  # on a ref or Markdown of a chronology type
    claims: bool = False  # on a list: its items are claims
    filter: bool = False  # the chronology filters by it
    formatter_url: str = ""  # on a string: the address its value links to ({value})
    caption: str = ""  # on a mapping: how one reads in a line ({field} for a field's words)
    jsonld: dict = field(default_factory=dict)  # the schema.org property, as `ftm`
    ical: dict = field(default_factory=dict)  # the iCalendar property, as `ftm`

    @property
    def title(self) -> str:
        """Its name for readers: declared, else the field name in words."""
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def shown_as(self) -> str:
        """How a page shows it: declared, else text for Markdown, a list for
        lists of mappings, a fact line for the rest."""
        if self.show:
            return self.show
        if self.type == "markdown":
            return "text"
        if self.type == "list" and self.items is not None and self.items.type == "object":
            return "list"
        return "fact"

    @property
    def is_link_list(self) -> bool:
        """True for a list of typed links: mappings holding a ``relation``
        field (the kind) and a ``ref`` (the target), read both ways."""
        items = self.items if self.type == "list" else None
        return items is not None and items.type == "object" and any(
            f.type == "relation" for f in items.fields.values())

    @property
    def kind(self) -> FieldType:
        """Its field type: what checks its values and puts them in words."""
        return get(self.type)

    def matches(self, value: str) -> bool:
        """True when the value has the field's form (always, without a pattern).
        Linear time: patterns run on RE2 (``patterns``), refused at load if they cannot."""
        return not self.pattern or patterns.matches(self.pattern, value)

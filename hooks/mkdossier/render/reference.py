"""The format reference for contributors, generated from the model, so the
documentation can never disagree with what validation accepts."""

from __future__ import annotations

import json
import re

from .. import dates, fieldtypes, markup, scaffold
from ..model import Field, Model, RecordType
from ..resolve import Graph
from .pages import REFERENCE, Settings, front_matter, join_blocks, table

DATE_EXAMPLES = [
    ("2022-09-05", "a day"),
    ("2023-06", "a month"),
    ("2023", "a year"),
    ("2022-11-01/2022-11-10", "a span within a month"),
    ("2023-07-21/2023-07-31", "a span within a month"),
    ("2023-09-10/2023-09-13", "an event over days"),
    ("2023~", "approximate"),
    ("2023-09?", "uncertain"),
    ("2023-09-11/..", "open end: from that day on"),
    ("unknown", "the sources give no date"),
]


def type_words(spec: Field, model: Model) -> str:
    """A field's type in words, for people (its field type says them)."""
    return spec.kind.describe(spec, model)


def _code(value) -> str:
    """Model text shown as code, inert in Markdown too: inside an HTML code
    element Markdown still makes links and emphasis, so it is escaped as text."""
    return f"<code>{markup.text(value)}</code>"


def _fenced(code: str, language: str) -> str:
    """A fenced code block no line of ``code`` can close: the fence is longer
    than any run of backticks in it (model text reaches the commands)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


# How a page shows a field (``show`` in the model), in the reference's words.
SHOWN = {"fact": "fact", "text": "text", "list": "section", "hidden": "hidden"}
# The derived index columns (``columns`` in the model), in words.
DERIVED_COLUMNS = {"incidents": "how many chronology records involve it", "claims": "its claims' status"}


def _shown(spec: Field, record_type: RecordType) -> str:
    """How a record's page shows a top-level field, with its label: "fact: Address"."""
    form, fields = spec.shown_as, record_type.fields
    if spec.name == record_type.title_field:
        return "the title"
    if form == "hidden":
        return SHOWN[form]
    if spec.beside and spec.beside in fields:
        return f"beside {markup.text(fields[spec.beside].title)}"
    return f"{SHOWN.get(form, form)}: {markup.text(spec.title)}"


def _notes(spec: Field, model: Model) -> str:
    """What else a field means to the site, in a sentence each."""
    notes = []
    if spec.inverse:
        notes.append(f"The page it names lists this record under “{markup.text(spec.inverse)}”.")
    if spec.involves:
        notes.append("The records it names list this one in their chronology.")
    if spec.filter:
        notes.append("The chronology can be filtered by it.")
    if spec.claims:
        notes.append("Each item is a claim; its status is derived from what each stance means.")
    return " ".join(notes)


def _field_rows(spec_fields: dict[str, Field], model: Model, prefix: str = "",
                record_type: RecordType | None = None) -> list[list[str]]:
    """The rows of a type's fields (``record_type`` given) and, below each
    mapping, of what it holds (``prefix``: its path)."""
    rows = []
    for name, spec in spec_fields.items():
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        doc = " ".join(part for part in (markup.text(spec.doc), _notes(spec, model) or _notes(inner, model)) if part)
        if spec.example is not None:
            doc += " Example: " + _code(json.dumps(spec.example, ensure_ascii=False))
        rows.append([_code(f"{prefix}{name}"), markup.text(type_words(spec, model)),
                     "yes" if spec.required else "", _shown(spec, record_type) if record_type else "", doc])
        if inner.type == "object":
            marker = "[]." if spec.type == "list" else "."
            rows += _field_rows(inner.fields, model, f"{prefix}{name}{marker}")
    return rows


def _type_notes(record_type: RecordType, model: Model) -> str:
    """What the model says about a type beyond its fields, briefly."""
    fields = record_type.fields
    notes = []
    if record_type.dated_by:
        notes.append(f"Dated by {_code(record_type.dated_by)}"
                     + ("; its records make the chronology." if record_type.chronology else "."))
    if record_type.claim:
        notes.append(f"Each record is a claim: {_code(record_type.title_field)} is its statement, "
                     "its status is derived from its stances.")
    if record_type.columns:
        columns = [markup.text(fields[c].title) if c in fields else f"{c.capitalize()} ({DERIVED_COLUMNS.get(c, c)})"
                   for c in record_type.columns]
        notes.append("Its index lists the title, then " + ", ".join(columns) + ".")
    if record_type.citation:
        notes.append("Where it is cited: the title, then "
                     + ", ".join(markup.text(fields[c].title) for c in record_type.citation if c in fields) + ".")
    pointing = [f"“{markup.text(spec.inverse)}” ({markup.text(other.label.lower())} {_code(spec.name)})"
                for other in model.types.values() for spec in other.fields.values()
                if spec.inverse and record_type.name in _targets(spec)]
    if pointing:
        notes.append("Its page also lists the records that name it: " + ", ".join(pointing) + ".")
    return " ".join(notes)


def _targets(spec: Field) -> tuple[str, ...]:
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    return inner.to


def reference_markdown(model: Model) -> str:
    blocks = [
        "# Format reference",
        "This page is generated from the record model, the same one that checks every file. "
        "Each record is one YAML file, `data/<folder>/<id>.yaml`; the file name is the id "
        "(lowercase letters, digits and hyphens). Markdown fields link other records with "
        "`[[id]]` or `[[id|text]]`. Raw HTML is shown as text.",
        "Editors that read JSON Schema (VS Code with the YAML extension, already set up in "
        "`.vscode/settings.json`) complete and check fields as you type, from `schema/`. "
        "`mkdossier check` lists every problem with its file, line and a hint; "
        "CONTRIBUTING.md in the repository walks through adding records step by step.",
        "## Record types",
        "*On the page* says how a record's page shows each field: a *fact* line of its facts "
        "under the label given, *text* (Markdown paragraphs), a *section* under the label as "
        "its heading, or *hidden* (not as a field of its own). A knowledge base adds types, "
        "fields and labels in `data/model.yaml` (the head of the engine's `model.yaml` "
        "documents every key).",
    ]
    for name, record_type in model.types.items():
        blocks.append(f"### {markup.text(record_type.label)} ({_code(record_type.folder + '/')})")
        blocks.append(markup.text(record_type.doc))
        blocks.append(_type_notes(record_type, model))
        blocks.append("Start one with:\n\n" + _fenced(scaffold.new_command(record_type), "sh"))
        blocks.append(table(["Field", "Type", "Required", "On the page", "Meaning"],
                            _field_rows(record_type.fields, model, record_type=record_type)))
    blocks.append("## Dates")
    blocks.append("Dates are written in EDTF (Extended Date/Time Format), as precisely as the sources "
                  "allow and no more. They are sorted by the earliest possible day, then the latest. "
                  "Any date field may say `unknown` rather than invent bounds: it is shown as "
                  "\"date unknown\" and sorted after every known date (the chronology lists such "
                  "incidents last, under \"Date unknown\").")
    blocks.append(table(["Written", "Meaning", "Shown as"],
                        [[f"`{t}`", m, markup.text(dates.describe(dates.parse(t)))]  # our constants: plain code
                         for t, m in DATE_EXAMPLES]))
    blocks.append("## Field types")
    blocks.append("What each type in the tables above accepts. A model extension (`data/model.yaml`) "
                  "may use any of them.")
    blocks.append(table(["Type", "Accepts"], [[_code(name), markup.text(kind.words)]
                                              for name, kind in fieldtypes.REGISTRY.items()]))
    blocks.append("## Relation types")
    blocks.append("A relation is written once, on one record; the other record shows it with the "
                  "incoming label.")
    blocks.append(table(["Type", "Shown on the record", "Shown on the target", "From", "To"],
                        [[_code(k.name), markup.text(k.outgoing), markup.text(k.incoming),
                          markup.text(", ".join(k.source_types)), markup.text(", ".join(k.target_types))]
                         for k in model.relations.values()]))
    blocks.append("## Vocabularies")
    for vocabulary, values in model.vocabularies.items():
        blocks.append(f"### {markup.text(vocabulary)}")
        if vocabulary == "claim_status":
            blocks.append("Derived from the stances, never written by hand.")
        if vocabulary == "stance":  # what each value counts as, for claim status (stance_meanings)
            blocks.append("*Counts as* is what the stance means for a claim's status: it supports or "
                          "opposes the claim, relays it (neutral), or confirms it.")
            blocks.append(table(["Value", "Meaning", "Counts as"],
                                [[_code(v), markup.text(d), markup.text(model.stance_meanings.get(v, ""))]
                                 for v, d in values.items()]))
            continue
        blocks.append(table(["Value", "Meaning"], [[_code(v), markup.text(d)] for v, d in values.items()]))
    return join_blocks(*blocks)


def reference_page(graph: Graph, settings: Settings) -> dict[str, str]:
    return {REFERENCE: front_matter("Format reference") + reference_markdown(graph.model)}

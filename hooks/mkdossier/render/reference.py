"""The format reference for contributors, generated from the model, so the
documentation can never disagree with what validation accepts."""

from __future__ import annotations

import json
import re

from .. import dates, fieldtypes, markup, scaffold
from ..model import Field, Model
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


def _field_rows(spec_fields: dict[str, Field], model: Model, prefix: str = "") -> list[list[str]]:
    rows = []
    for name, spec in spec_fields.items():
        doc = markup.text(spec.doc)
        if spec.example is not None:
            doc += " Example: " + _code(json.dumps(spec.example, ensure_ascii=False))
        rows.append([_code(f"{prefix}{name}"), markup.text(type_words(spec, model)),
                     "yes" if spec.required else "", doc])
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        if inner.type == "object":
            marker = "[]." if spec.type == "list" else "."
            rows += _field_rows(inner.fields, model, f"{prefix}{name}{marker}")
    return rows


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
    ]
    for name, record_type in model.types.items():
        blocks.append(f"### {markup.text(record_type.label)} ({_code(record_type.folder + '/')})")
        blocks.append(markup.text(record_type.doc))
        blocks.append("Start one with:\n\n" + _fenced(scaffold.new_command(record_type), "sh"))
        blocks.append(table(["Field", "Type", "Required", "Meaning"], _field_rows(record_type.fields, model)))
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
        note = ("Derived from the stances, never written by hand." if vocabulary == "claim_status" else "")
        blocks.append(note)
        blocks.append(table(["Value", "Meaning"], [[_code(v), markup.text(d)] for v, d in values.items()]))
    return join_blocks(*blocks)


def reference_page(graph: Graph, settings: Settings) -> dict[str, str]:
    return {REFERENCE: front_matter("Format reference") + reference_markdown(graph.model)}

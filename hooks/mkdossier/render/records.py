"""One page per record: facts, text, lists, relations both ways, claims, the
record's own chronology, the records pointing at it and backlinks, with
every citation as a footnote.

The page walks the model: each field of the record's type, in page order
(``featured`` first), is shown as its ``show`` says (a fact line, Markdown
text, a list under its label, or not at all); each ``inverse`` label of the
fields pointing at the record is a section. No field or type is named here.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import defaultdict

from .. import fieldtypes, grading, markup, search_terms
from ..exports import jsonld
from ..fieldtypes import Field, has_value
from ..load import Record
from ..model import RecordType
from ..resolve import Claim, Graph
from . import values
from .graph import neighbourhood_block
from .pages import Settings, front_matter, join_blocks, link, record_path, status_badge, when
from .timeline import incident_timeline

# Lists of links repeat what other pages say: kept out of the search index,
# which then holds each record's names, facts, text and claims.
LISTING = " { data-search-exclude }"
# A block that starts like this is not a plain paragraph: a list, a heading, a
# quote, a table, code. Cutting the text after it could change how it reads.
_NOT_A_PARAGRAPH = re.compile(r"^(?: {0,3}(?:[-*+]|\d+[.)])(?:\s|$)| {0,3}(?:#|>|\||```|~~~)| {4}|\t)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NOT_CLASS = re.compile(r"[^a-z0-9_-]+")
# The review states' vocabulary (model.yaml): the field holding one is the
# badge by the title, whatever its name.
REVIEW_STATES = "review_state"
# A claim type's stances (the engine's own concept, read by resolve): shown
# as the claim's "Stances", not as a list of mappings.
STANCES = "stances"


def not_searched(markdown: str) -> str:
    """Markdown shown on the page but kept out of the search index."""
    return f"<div data-search-exclude markdown>\n\n{markdown}\n\n</div>" if markdown else ""


def first_paragraph_searched(markdown: str) -> str:
    """A contributor's text with only its first paragraph in the search index.

    The first paragraph says what the record is (the issue asks for names,
    titles and summaries to stay searchable); the rest is shown in full but
    kept out of the index, so the index grows with records, not with prose.
    """
    first, *rest = _BLANK_LINE.split(markdown, maxsplit=1)
    if not rest or not rest[0].strip() or _NOT_A_PARAGRAPH.match(first):
        return markdown
    return f"{first}\n\n{not_searched(rest[0])}"


class _Citations:
    """Footnotes for the sources cited on one page, numbered by first use."""

    def __init__(self, graph: Graph, page: str):
        self.graph, self.page, self.used = graph, page, []

    def cite(self, *source_ids: str) -> str:
        for source_id in source_ids:
            if source_id not in self.used:
                self.used.append(source_id)
        return "".join(f"[^{s}]" for s in source_ids)

    def footnotes(self) -> str:
        return "\n".join(f"[^{s}]: {source_line(self.graph, self.page, s)}" for s in self.used)


def source_line(graph: Graph, page: str, source_id: str) -> str:
    """A record as cited: its title, then what its type's ``citation`` names
    (a source's publisher and date), with the fields ``beside`` another (its
    archive copies) in parentheses at the end."""
    source = graph.records[source_id]
    record_type = graph.model.types[source.type]
    parts, beside = [link(graph, page, source_id)], []
    for name in record_type.citation:
        spec, value = record_type.fields.get(name), source.data.get(name)
        if spec is not None and has_value(value):
            (beside if spec.beside else parts).append(values.shown(graph, page, spec, value))
    return ", ".join(parts) + (f" ({', '.join(beside)})" if beside else "")


def grade_text(graph: Graph, grade: grading.Grade) -> str:
    """An Admiralty grade as shown: its code, then its words."""
    if not grade:
        return ""
    return (f'<small class="dossier-grade">grade {markup.text(grade.code)}: '
            f"{markup.text(grading.grade_words(graph.model, grade))}</small>")


def review_badge(graph: Graph, state: str) -> str:
    """Where the record stands in the team's checking, in words, with its meaning on hover."""
    meaning = graph.model.vocabularies.get(REVIEW_STATES, {}).get(state, "")
    short, _, rest = meaning.partition(":")
    rest = rest.strip()[:1].upper() + rest.strip()[1:]
    modifier = _NOT_CLASS.sub("-", state.lower())  # a vocabulary value of an extension may be any text
    return (f'<span class="dossier-review dossier-review--{modifier}" title="{html.escape(rest)}">'
            f"{markup.text(short or state.replace('_', ' '))}</span>")


# -- which fields the page shows, and how ----------------------------------------------


def _typed_links(spec: Field) -> bool:
    """A list of typed links (items holding a ``relation``): the Relations section shows them."""
    items = spec.items if spec.type == "list" else None
    return items is not None and items.type == "object" and any(f.type == "relation" for f in items.fields.values())


def _shown_elsewhere(record_type: RecordType, spec: Field) -> bool:
    """Fields the page shows in a section of their own, not by their ``show``:
    the title (the heading), typed links (Relations), claims (Claims), a
    claim type's stances (Stances) and the review state (the badge)."""
    return (spec.name == record_type.title_field or _typed_links(spec) or spec.claims
            or (record_type.claim and spec.name == STANCES) or review_field(record_type) is spec)


def _page_fields(record_type: RecordType, shown_as: str) -> list[Field]:
    return [spec for spec in record_type.fields_in_page_order()
            if spec.shown_as == shown_as and not _shown_elsewhere(record_type, spec)]


def review_field(record_type: RecordType) -> Field | None:
    """The field holding the record's review state (by its vocabulary)."""
    return next((f for f in record_type.fields.values() if f.type == "enum" and f.vocabulary == REVIEW_STATES), None)


# -- facts --------------------------------------------------------------------------------


def _fact(label: str, value: str) -> str:
    return f"- **{markup.text(label)}:** {value}"


def _facts(graph: Graph, page: str, record: Record) -> str:
    """A line per field shown as a fact, with a value: its label, then its
    value as a page shows its type; a mapping, a line per field in it; a
    field ``beside`` another joins that one's line."""
    record_type = graph.model.types[record.type]
    data = record.data
    facts = _page_fields(record_type, "fact")
    joins: dict[str, list[Field]] = defaultdict(list)
    for spec in facts:
        if (spec.beside and any(f.name == spec.beside for f in facts) and has_value(data.get(spec.beside))
                and has_value(data.get(spec.name))):
            joins[spec.beside].append(spec)
    joined = {spec.name for specs in joins.values() for spec in specs}
    lines = []
    for spec in facts:
        value = data.get(spec.name)
        if spec.name in joined or not has_value(value):
            continue
        if spec.type == "object" and not spec.caption:
            lines += [_fact(inner.title, values.shown(graph, page, inner, value[name]))
                      for name, inner in spec.fields.items()
                      if inner.shown_as != "hidden" and isinstance(value, dict) and has_value(value.get(name))]
            continue
        if spec.name == record_type.dated_by:
            shown = markup.text(when(graph, record))  # with what is said with the date (an incident's status)
        elif spec.type == "list" and spec.items is not None and spec.items.type == "ref" and not spec.filter:
            lines += _ref_facts(graph, page, spec, value)
            continue
        else:
            shown = values.shown(graph, page, spec, value)
        beside = [values.shown(graph, page, b, data[b.name]) for b in joins.get(spec.name, ())]
        lines.append(_fact(spec.title, shown + (f" ({', '.join(beside)})" if beside else "")))
    return "\n".join(lines)


def _ref_facts(graph: Graph, page: str, spec: Field, ids: list[str]) -> list[str]:
    """A list of records in a line; chronology records (long titles) one a
    line under their type ("In incidents:"), so the list does not read as one sentence."""
    known = [i for i in ids if i in graph.records]
    long = [i for i in known if graph.in_chronology(graph.records[i])]
    others = [i for i in ids if i not in long]
    lines = [_fact(spec.title, values.shown(graph, page, spec, others))] if others else []
    groups: dict[str, list[str]] = defaultdict(list)
    for i in long:
        groups[graph.model.types[graph.records[i].type].plural].append(i)
    for plural, members in groups.items():
        lines.append(f"- **In {markup.text(plural.lower())}:**\n"
                     + "\n".join(f"    - {link(graph, page, i)}" for i in members))
    return lines


# -- text ---------------------------------------------------------------------------------


def _texts(graph: Graph, page: str, record: Record) -> list[str]:
    """The record's text fields, in order. The first with a value is its lead,
    searched by its first paragraph; the later ones are the full account,
    shown but kept out of the search index (most of its size otherwise). A
    later one that opens with the lead's text says it: the lead is dropped.
    Texts go in declared order (a field group's before the type's own), so
    a text a model extension adds follows the description it extends."""
    record_type = graph.model.types[record.type]
    shown = _page_fields(record_type, "text")
    texts = [values.shown(graph, page, spec, record.data[spec.name]) for spec in record_type.fields.values()
             if spec in shown and has_value(record.data.get(spec.name))]
    texts = [t for t in texts if t]
    if len(texts) > 1 and any(_words(t).startswith(_words(texts[0])) for t in texts[1:]):
        texts = texts[1:]
    return [first_paragraph_searched(t) for t in texts[:1]] + [not_searched(t) for t in texts[1:]]


def _words(markdown: str) -> str:
    return " ".join(markdown.split())


# -- lists --------------------------------------------------------------------------------


def _lists(graph: Graph, page: str, record: Record) -> str:
    """A section per field shown as a list, under its label: records cited
    (sources) as citations, other records as links, mappings as a line each."""
    record_type = graph.model.types[record.type]
    blocks = []
    for spec in _page_fields(record_type, "list"):
        value = record.data.get(spec.name)
        if not has_value(value):
            continue
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        items = value if isinstance(value, list) else [value]
        lines = [f"- {_list_item(graph, page, inner, item)}" for item in items]
        blocks.append(f"## {markup.text(spec.title)}{LISTING}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _list_item(graph: Graph, page: str, spec: Field, value) -> str:
    """One item of a listed field: a record cited as a citation; a mapping as
    its values one after another (``link — *role* — “label”``)."""
    if spec.type == "ref" and value in graph.records:
        return source_line(graph, page, value) if graph.citable(graph.records[value]) else link(graph, page, value)
    if spec.type == "object" and isinstance(value, dict):
        if spec.caption:
            return values.shown(graph, page, spec, value)
        parts = []
        for name, inner in spec.fields.items():
            if inner.shown_as == "hidden" or not has_value(value.get(name)):
                continue
            if inner.type == "enum":
                parts.append(f"*{markup.text(values.enum_words(graph, inner, value[name]))}*")
            elif inner.type in ("string", "text"):
                parts.append(f"“{markup.text(value[name])}”")
            else:
                parts.append(values.shown(graph, page, inner, value[name]))
        return " — ".join(parts)
    return values.shown(graph, page, spec, value)


# -- the record's connections -------------------------------------------------------------


def _relations(graph: Graph, page: str, record: Record, cites: _Citations) -> str:
    """Relations grouped by label: outgoing ones as written, incoming ones inverted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges_out.get(record.id, []):
        groups[graph.model.relations[edge.kind].outgoing].append(_edge_line(graph, page, edge, edge.target, cites))
    for edge in sorted(graph.edges_in.get(record.id, []), key=lambda e: e.source):
        groups[graph.model.relations[edge.kind].incoming].append(_edge_line(graph, page, edge, edge.source, cites))
    if not groups:
        return ""
    blocks = [f"## Relations{LISTING}"]
    for label in sorted(groups):
        blocks.append(f"### {markup.text(label)}{LISTING}\n\n" + "\n".join(f"- {line}" for line in groups[label]))
    return "\n\n".join(blocks)


def _edge_line(graph: Graph, page: str, edge, other: str, cites: _Citations) -> str:
    line = link(graph, page, other)
    if edge.since or edge.until:
        since = graph.span(edge.since).words if edge.since else "?"
        until = graph.span(edge.until).words if edge.until else "…"
        line += f" ({markup.text(since)} – {markup.text(until)})"
    if edge.note:
        line += f" — {markup.text(edge.note)}"
    return line + cites.cite(*edge.sources)


def _party(graph: Graph, page: str, stance) -> str:
    """The party, and how the source names whoever spoke for it, as words in
    the sentence ("…, named “Pyongyang” in the source, denies")."""
    who = link(graph, page, stance.party)
    if stance.anonymous:
        named = f"“{markup.text(stance.speaker)}”, unnamed" if stance.speaker else "unnamed officials"
        who += f", through {named},"
    elif stance.speaker:
        who += f", named “{markup.text(stance.speaker)}” in the source,"
    return who


def _language_of(graph: Graph, record: Record | None) -> str:
    """The language a record declares itself written in (its language field)."""
    if record is None:
        return ""
    return next((str(record.data[spec.name]) for spec in graph.model.types[record.type].fields.values()
                 if spec.type == "language" and has_value(record.data.get(spec.name))), "")


def quote_text(graph: Graph, stance) -> str:
    """A quote as its source prints it, marked with the source's declared
    language (a quote in a Russian source is read with a Russian voice)."""
    text = markup.text(stance.quote)
    language = _language_of(graph, graph.records.get(stance.source))
    return f'<span lang="{html.escape(language)}">{text}</span>' if language else text


def stance_line(graph: Graph, page: str, stance, cites: _Citations | None = None) -> str:
    """One party's stance on a claim, with its source."""
    line = f"{_party(graph, page, stance)} *{markup.text(stance.stance)}*"
    if stance.date:
        line += f" ({markup.text(graph.span(stance.date).words)})"
    if stance.quote:
        line += f": “{quote_text(graph, stance)}”"
    grade = grade_text(graph, grading.grade_of(graph, stance.source, stance))
    if grade:
        line += f" {grade}"
    if cites is None:
        return line + f" — {source_line(graph, page, stance.source)}"
    return line + cites.cite(stance.source)


def _claim_block(graph: Graph, page: str, claim: Claim, cites: _Citations, level: str = "###",
                 said_above: frozenset = frozenset()) -> str:
    heading = f"{level} {markup.text(claim.statement)} {{#{claim.anchor}}}"
    stances = "\n".join(f"- {stance_line(graph, page, s, cites)}" for s in claim.stances
                        if _stance_key(s) not in said_above)
    return f"{heading}\n\nStatus: {status_badge(claim)}" + (f"\n\n{stances}" if stances else "")


def _stance_key(stance) -> tuple:
    return dataclasses.astuple(stance)


def _shared_stances(claims: list[Claim]) -> list:
    """The stances every claim of a page has, word for word (one party, one
    source, one quote on several claims): said once, not under each claim."""
    if len(claims) < 2:
        return []
    common = set.intersection(*({_stance_key(s) for s in c.stances} for c in claims))
    return [s for s in claims[0].stances if _stance_key(s) in common]


def _claims(graph: Graph, page: str, record: Record, cites: _Citations) -> str:
    blocks = []
    own = graph.claims_of(record.id)
    if own and not graph.model.types[record.type].claim:
        blocks.append(f"## Claims{LISTING}")
        shared = _shared_stances(own)
        if shared:
            blocks.append(f"On each of the {len(own)} claims below:\n\n"
                          + "\n".join(f"- {stance_line(graph, page, s, cites)}" for s in shared))
        said = frozenset(map(_stance_key, shared))
        blocks += [_claim_block(graph, page, c, cites, said_above=said) for c in own]
    taken = [c for c in graph.claims_by_party.get(record.id, []) if c.owner != record.id]
    if taken:
        lines = []
        for claim in taken:
            mine = ", ".join(sorted({s.stance for s in claim.stances if s.party == record.id}))
            owner = link(graph, page, claim.owner, claim.statement, anchor=claim.anchor)
            lines.append(f"- *{markup.text(mine)}*: {owner} — {status_badge(claim)}")
        blocks.append(f"## Stances on claims{LISTING}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _chronology(graph: Graph, page: str, record: Record, settings: Settings) -> str:
    """The chronology records involving this one, with the roles it plays in each."""
    incidents = graph.incidents_of.get(record.id, [])
    if not incidents:
        return ""
    lines = []
    for incident_id in incidents:
        roles = [role.replace("_", " ") for role in graph.roles(incident_id, record.id)]
        role = f" — *{markup.text(', '.join(roles))}*" if roles else ""
        lines.append(f"- **{markup.text(when(graph, graph.records[incident_id]))}** "
                     f"{link(graph, page, incident_id)}{role}")
    timeline = incident_timeline(graph, page, [graph.records[i] for i in incidents], settings,
                                 about=f" involving {graph.title(record)}")
    return f"## Chronology{LISTING}\n\n" + (f"{timeline}\n\n" if timeline else "") + "\n".join(lines)


def _by_title(graph: Graph, ids) -> list[str]:
    return sorted(set(ids), key=lambda i: (graph.title(graph.records[i]).casefold(), i))


def _pointing_at(graph: Graph, page: str, record: Record) -> str:
    """A section per ``inverse`` label of the fields pointing at the record
    (a publisher's "Published", a source's "Relayed by"): cited records as citations."""
    blocks = []
    for label, ids in sorted(graph.pointing_at.get(record.id, {}).items()):
        lines = [f"- {source_line(graph, page, i)}" if graph.citable(graph.records[i]) else f"- {link(graph, page, i)}"
                 for i in _by_title(graph, ids) if i != record.id]
        if lines:
            blocks.append(f"## {markup.text(label)}{LISTING}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _referenced_by(graph: Graph, page: str, record: Record) -> str:
    """Backlinks not already listed on the page: in its chronology, stances,
    relations or the sections of records pointing at it."""
    shown = set(graph.incidents_of.get(record.id, ()))
    shown |= {c.owner for c in graph.claims_by_party.get(record.id, ())}
    shown |= graph.linked(record.id)
    shown |= {i for ids in graph.pointing_at.get(record.id, {}).values() for i in ids}
    ids = sorted(graph.referenced_by.get(record.id, set()) - shown,
                 key=lambda i: (graph.records[i].type, graph.title(graph.records[i]).casefold(), i))
    if not ids:
        return ""
    heading = "Cited by" if graph.citable(record) else "Referenced by"
    if len(ids) <= GROUP_BACKLINKS_FROM:
        lines = [f"- {link(graph, page, i)} <small>({markup.text(_type_label(graph, i).lower())})</small>"
                 for i in ids]
        return f"## {heading}{LISTING}\n\n" + "\n".join(lines)
    # A long list reads as a wall: one group per record type, with its count.
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[graph.model.types[graph.records[i].type].plural].append(i)
    counts = ", ".join(f"{len(members)} {markup.text(plural.lower())}" for plural, members in groups.items())
    blocks = [f"## {heading}{LISTING}", f"{len(ids)} records: {counts}."]
    for plural, members in groups.items():
        blocks.append(f"### {markup.text(plural)} ({len(members)}){LISTING}\n\n"
                      + "\n".join(f"- {link(graph, page, i)}" for i in members))
    return "\n\n".join(blocks)


GROUP_BACKLINKS_FROM = 8  # more backlinks than this are grouped by type


def _type_label(graph: Graph, record_id: str) -> str:
    return graph.model.types[graph.records[record_id].type].label


def _edit(settings: Settings, record: Record) -> str:
    if settings.edit_url:
        return f"---\n\n[Edit this record]({settings.edit_url.format(path=record.file)}) · {markup.code(record.file)}"
    return f"---\n\nSource file: {markup.code(record.file)}"


# -- the page -----------------------------------------------------------------------------


def _names(record_type: RecordType, record: Record) -> list | None:
    """The record's names (fields of the name type), or None when its type has none."""
    found, has_names = [], False
    for spec in record_type.fields.values():
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        if inner.type != "name":
            continue
        has_names = True
        value = record.data.get(spec.name)
        found += value if isinstance(value, list) else [value] if has_value(value) else []
    return found if has_names else None


def record_page(graph: Graph, record: Record, settings: Settings) -> str:
    page = record_path(graph, record)
    cites = _Citations(graph, page)
    record_type = graph.model.types[record.type]
    title = graph.title(record)
    lead = f"*{markup.text(record_type.label)}*"
    body = ""
    if record_type.claim:
        claim = graph.claims_of(record.id)[0]
        # The page's title is the statement: the stances go under "Stances".
        body = _claim_block(graph, page, claim, cites, level="##").replace(
            f"## {markup.text(claim.statement)} {{#", "## Stances {#", 1)
        lead += f" · {status_badge(claim)}"
    review = review_field(record_type)
    if review is not None and has_value(record.data.get(review.name)):
        lead += f" · {review_badge(graph, str(record.data[review.name]))}"
    meta: dict = {"search": {"boost": 2}, "jsonld": jsonld_text(graph, record, settings)}
    names = _names(record_type, record)
    if names is not None:
        # A named record's names go in the search index's most boosted field
        # (the front matter's "tags"): a search for any of them puts its own
        # page first. Each with its folded spelling too: `Orban` finds Orbán.
        searched = search_terms.search_names([title, *map(fieldtypes.Name.text, names)])
        meta.update(tags=[markup.html_text(n) for n in searched])
    return front_matter(title, **meta) + join_blocks(
        f"# {markup.text(title)}",
        f"{lead}\n{{ data-search-exclude }}",  # the record type is no search term
        _facts(graph, page, record),
        *_texts(graph, page, record),
        body,
        _lists(graph, page, record),
        neighbourhood_block(graph, record, settings),
        _relations(graph, page, record, cites),
        _claims(graph, page, record, cites),
        _chronology(graph, page, record, settings),
        _pointing_at(graph, page, record),
        _referenced_by(graph, page, record),
        _edit(settings, record),
        cites.footnotes(),
    )


# Line breaks that YAML (the front matter) would fold into spaces; inside the
# JSON-LD they can only be in strings, where the escape means the same.
_YAML_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def jsonld_text(graph: Graph, record: Record, settings: Settings) -> str:
    """The record's JSON-LD, carried in the front matter: the content is
    sanitized, so the ``<script type="application/ld+json">`` is printed in
    the page's ``<head>`` by ``overrides/main.html``. ``<``, ``>`` and ``&``
    are already escaped by ``jsonld.script``."""
    element = jsonld.script(jsonld.record_jsonld(graph, record, settings, site_url=settings.site_url,
                                                 use_directory_urls=settings.use_directory_urls))
    return element[element.index(">") + 1:-len("</script>")].translate(_YAML_BREAKS)


def record_pages(graph: Graph, settings: Settings, records=None) -> dict[str, str]:
    """The page of each record (of ``records``, a slice of them, if given)."""
    records = graph.records.values() if records is None else records
    return {record_path(graph, r): record_page(graph, r, settings) for r in records}

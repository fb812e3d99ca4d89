"""One page per record: facts, relations both ways, claims, the record's own
chronology, sources and backlinks, with every citation as a footnote."""

from __future__ import annotations

import dataclasses
import html
import re
from urllib.parse import quote
from collections import defaultdict

from .. import dates, fieldtypes, grading, markup, search_terms
from ..exports import jsonld
from ..load import Record
from ..resolve import Claim, Graph
from .graph import neighbourhood_block
from .timeline import incident_timeline
from .chronology import tag_text
from . import values
from .pages import (CHRONOLOGY, Settings, front_matter, href, join_blocks, link, markdown_field, names_text, record_path,
                    status_badge, when)


# Lists of links repeat what other pages say: kept out of the search index,
# which then holds each record's names, facts, text and claims.
LISTING = " { data-search-exclude }"
# A block that starts like this is not a plain paragraph: a list, a heading, a
# quote, a table, code. Cutting the text after it could change how it reads.
_NOT_A_PARAGRAPH = re.compile(r"^(?: {0,3}(?:[-*+]|\d+[.)])(?:\s|$)| {0,3}(?:#|>|\||```|~~~)| {4}|\t)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NOT_CLASS = re.compile(r"[^a-z0-9_-]+")


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
    """A source as cited: title, publisher, date."""
    source = graph.records[source_id]
    parts = [link(graph, page, source_id)]
    if source.data.get("publisher"):
        parts.append(link(graph, page, source.data["publisher"]))
    parts.append(markup.text(dates.describe(graph.date_of(source))))
    archived = archived_links(source.data)
    return ", ".join(parts) + (f" ({archived})" if archived else "")


def archived_links(data: dict) -> str:
    """A source's archive copies, each with its capture date, for beside its link."""
    links = [markup.url_link(copy["url"], f"archive copy of {dates.describe_text(copy['captured'])}")
             for copy in data.get("archived") or []]
    return ", ".join(links)


def grade_text(graph: Graph, grade: grading.Grade) -> str:
    """An Admiralty grade as shown: its code, then its words."""
    if not grade:
        return ""
    return (f'<small class="dossier-grade">grade {markup.text(grade.code)}: '
            f"{markup.text(grading.grade_words(graph.model, grade))}</small>")


def review_badge(graph: Graph, state: str) -> str:
    """Where the record stands in the team's checking, in words, with its meaning on hover."""
    meaning = graph.model.vocabularies.get("review_state", {}).get(state, "")
    short, _, rest = meaning.partition(":")
    rest = rest.strip()[:1].upper() + rest.strip()[1:]
    modifier = _NOT_CLASS.sub("-", state.lower())  # a vocabulary value of an extension may be any text
    return (f'<span class="dossier-review dossier-review--{modifier}" title="{html.escape(rest)}">'
            f"{markup.text(short or state.replace('_', ' '))}</span>")


def _source_rows(graph: Graph, page: str, data: dict) -> list[tuple[str, str]]:
    """A source's authors, archive copies (without an address), access date and grade."""
    rows = []
    if data.get("authors"):
        rows.append(("Authors", ", ".join(link(graph, page, a["person"], a["name"]) if a.get("person")
                                          else markup.text(a["name"]) for a in data["authors"])))
    if data.get("archived") and not data.get("url"):
        rows.append(("Archived", archived_links(data)))
    if data.get("accessed"):
        rows.append(("Accessed", markup.text(dates.describe_text(data["accessed"]))))
    model = graph.model
    if data.get("reliability"):
        rows.append(("Reliability", f"{markup.code(data['reliability'])} "
                     f"{markup.text(grading.words(model, grading.RELIABILITY, data['reliability']))}"))
    if data.get("credibility"):
        rows.append(("Credibility", f"{markup.code(data['credibility'])} "
                     f"{markup.text(grading.words(model, grading.CREDIBILITY, data['credibility']))}"))
    return rows


def _facts(graph: Graph, page: str, record: Record) -> str:
    data = record.data
    rows: list[tuple[str, str]] = []
    if data.get("aliases"):
        rows.append(("Also known as", names_text(graph, data["aliases"])))
    if data.get("kind"):
        rows.append(("Kind", markup.text(data["kind"].replace("_", " "))))
    for name in ("country", "located_in", "publisher", "location"):
        if data.get(name):
            rows.append((name.replace("_", " ").capitalize(), link(graph, page, data[name])))
    if record.type == "incident":
        # The EDTF behind the words is in the exports; a reader needs the words.
        rows.append(("Date", markup.text(when(graph, record))))
        if data.get("reported"):
            rows.append(("Made public", markup.text(dates.describe_text(data["reported"]))))
    if data.get("published"):
        rows.append(("Published", markup.text(dates.describe_text(data["published"]))))
    if data.get("language"):
        rows.append(("Language", markup.text(language_name(data["language"]))))
    if data.get("url"):
        archived = archived_links(data)
        rows.append(("Address", markup.url_link(data["url"]) + (f" ({archived})" if archived else "")))
    if record.type == "source":
        rows += _source_rows(graph, page, data)
    identifiers = data.get("identifiers") or {}
    if identifiers.get("wikidata"):
        qid = markup.text(identifiers["wikidata"])
        rows.append(("Wikidata", f"[{qid}](https://www.wikidata.org/wiki/{qid})"))
    if identifiers.get("website"):
        rows.append(("Website", markup.url_link(identifiers["website"])))
    if data.get("tags"):
        rows.append(("Tags", tag_links(page, data["tags"])))
    rows += _declared_facts(graph, page, record)
    return "\n".join(f"- **{label}:** {value}" for label, value in rows)


def language_name(code: str) -> str:
    """``en`` → ``English``; ``ko`` → ``Korean``: a language as readers name it
    (the code itself when Babel does not know it)."""
    try:
        import babel  # installed with the theme (mkdocs-material needs it)
        return babel.Locale("en").languages.get(code.replace("-", "_")) or babel.Locale.parse(
            code, sep="-").get_display_name("en") or code
    except Exception:  # an unknown or malformed code: show it as written
        return code


def tag_links(page: str, tags: list[str]) -> str:
    """Each tag as words, linked to the chronology filtered by it (the filter
    script reads ``?tag=`` from the address)."""
    target = href(page, CHRONOLOGY)
    return ", ".join(f"[{markup.text(tag_text(t))}]({target}?tag={quote(t, safe='')})" for t in tags)


# The fields this page shows by its own rules (above, and in its sections);
# every other field the model declares gets a generic fact line (below), so
# a field added by data/model.yaml reaches the page.
SHOWN_FIELDS = frozenset({
    "aliases", "kind", "country", "located_in", "publisher", "location", "date", "reported", "status",
    "published", "language", "url", "identifiers", "tags", "summary", "description", "body", "participants",
    "sources", "relations", "claims", "attribution", "based_on", "about", "stances", "statement", "review",
    "authors", "archived", "accessed", "reliability", "credibility",
})


def _declared_facts(graph: Graph, page: str, record: Record) -> list[tuple[str, str]]:
    """A line per other field with a value: its name as the label, its value
    as a page shows its type (``values``). Mappings, lists of mappings
    and Markdown have no one-line form and are left to a declared layout."""
    record_type = graph.model.types[record.type]
    rows = []
    for name, spec in record_type.fields.items():
        value = record.data.get(name)
        if name in SHOWN_FIELDS or name == record_type.title_field or value in (None, "", [], {}):
            continue
        inner = spec.items if spec.type == "list" and spec.items is not None else spec
        if inner.type in ("object", "markdown"):
            continue
        rows.append((markup.text(name.replace("_", " ").capitalize()), values.shown(graph, page, spec, value)))
    return rows


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
        since = dates.describe_text(edge.since) if edge.since else "?"
        until = dates.describe_text(edge.until) if edge.until else "…"
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


def quote_text(graph: Graph, stance) -> str:
    """A quote as its source prints it, marked with the source's declared
    language (a quote in a Russian source is read with a Russian voice)."""
    text = markup.text(stance.quote)
    source = graph.records.get(stance.source)
    language = source.data.get("language") if source is not None else None
    return f'<span lang="{html.escape(language)}">{text}</span>' if language else text


def stance_line(graph: Graph, page: str, stance, cites: _Citations | None = None) -> str:
    """One party's stance on a claim, with its source."""
    line = f"{_party(graph, page, stance)} *{markup.text(stance.stance)}*"
    if stance.date:
        line += f" ({markup.text(dates.describe_text(stance.date))})"
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


def _about(graph: Graph, page: str, about: list[str]) -> str:
    """What a claim is about: the parties in a line, the incidents (long
    titles) one a line, so the list does not read as one sentence."""
    incidents = [i for i in about if graph.records[i].type == "incident"]
    others = [i for i in about if i not in incidents]
    lines = ["- **About:** " + ", ".join(link(graph, page, i) for i in others)] if others else []
    if incidents:
        lines.append("- **In incidents:**\n" + "\n".join(f"    - {link(graph, page, i)}" for i in incidents))
    return "\n".join(lines)


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
    if own and record.type != "claim":
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
    incidents = graph.incidents_of.get(record.id, [])
    if not incidents:
        return ""
    lines = []
    for incident_id in incidents:
        incident = graph.records[incident_id]
        roles = sorted({p["role"].replace("_", " ") for p in incident.data.get("participants") or []
                        if p["id"] == record.id})
        role = f" — *{markup.text(', '.join(roles))}*" if roles else ""
        lines.append(f"- **{markup.text(when(graph, incident))}** {link(graph, page, incident_id)}{role}")
    timeline = incident_timeline(graph, page, [graph.records[i] for i in incidents], settings,
                                 about=f" involving {graph.title(record)}")
    return f"## Chronology{LISTING}\n\n" + (f"{timeline}\n\n" if timeline else "") + "\n".join(lines)


def _incident_parts(graph: Graph, page: str, record: Record, cites: _Citations) -> str:
    data = record.data
    blocks = []
    if data.get("participants"):
        lines = [f"- {link(graph, page, p['id'])} — *{markup.text(p['role'].replace('_', ' '))}*"
                 for p in data["participants"]]
        blocks.append(f"## Participants{LISTING}\n\n" + "\n".join(lines))
    if data.get("sources"):
        blocks.append(f"## Sources{LISTING}\n\n" + "\n".join(f"- {source_line(graph, page, s)}" for s in data["sources"]))
    return "\n\n".join(blocks)


def _source_parts(graph: Graph, page: str, record: Record) -> str:
    data = record.data
    blocks = []
    if data.get("attribution"):
        lines = []
        for item in data["attribution"]:
            label = f" — “{markup.text(item['label'])}”" if item.get("label") else ""
            lines.append(f"- {link(graph, page, item['party'])}: *{markup.text(item['kind'].replace('_', ' '))}*{label}")
        blocks.append(f"## Relays{LISTING}\n\n" + "\n".join(lines))
    if data.get("based_on"):
        blocks.append(f"## Based on{LISTING}\n\n" + "\n".join(f"- {source_line(graph, page, s)}" for s in data["based_on"]))
    relayed_by = sorted(graph.based_on_by.get(record.id, []))
    if relayed_by:
        blocks.append(f"## Relayed by{LISTING}\n\n" + "\n".join(f"- {source_line(graph, page, s)}" for s in relayed_by))
    return "\n\n".join(blocks)


def _published(graph: Graph, page: str, record: Record) -> str:
    """The sources a person or organization published."""
    published = sorted(graph.published_by.get(record.id, []),
                       key=lambda i: (graph.title(graph.records[i]).casefold(), i))
    if not published:
        return ""
    return f"## Published{LISTING}\n\n" + "\n".join(f"- {source_line(graph, page, s)}" for s in published)


def _referenced_by(graph: Graph, page: str, record: Record) -> str:
    """Backlinks not already listed in the page's chronology or stances."""
    shown = set(graph.incidents_of.get(record.id, ()))
    shown |= {c.owner for c in graph.claims_by_party.get(record.id, ())}
    ids = sorted(graph.referenced_by.get(record.id, set()) - shown,
                 key=lambda i: (graph.records[i].type, graph.title(graph.records[i]).casefold(), i))
    if not ids:
        return ""
    heading = "Cited by" if record.type == "source" else "Referenced by"
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


def record_page(graph: Graph, record: Record, settings: Settings) -> str:
    page = record_path(graph, record)
    cites = _Citations(graph, page)
    data = record.data
    label = graph.model.types[record.type].label
    title = graph.title(record)
    lead = f"*{markup.text(label)}*"
    if record.type == "claim":
        claim = graph.claims_of(record.id)[0]
        # The page's title is the statement: the stances go under "Stances".
        body = _claim_block(graph, page, claim, cites, level="##").replace(
            f"## {markup.text(claim.statement)} {{#", "## Stances {#", 1)
        lead += f" · {status_badge(claim)}"
        about = _about(graph, page, data.get("about") or [])
    else:
        body = about = ""
    if data.get("review"):
        lead += f" · {review_badge(graph, data['review'])}"
    summary, description, account = (markdown_field(graph, page, data.get(name))
                                     for name in ("summary", "description", "body"))
    if summary and " ".join(account.split()).startswith(" ".join(summary.split())):
        summary = ""  # the body opens with the summary: said once
    # The body is the full account: with a summary to find the record by, it
    # stays out of the search index (most of the index's size otherwise).
    account = not_searched(account) if summary else first_paragraph_searched(account)
    text_fields = [first_paragraph_searched(summary), first_paragraph_searched(description), account]
    meta = {"search": {"boost": 2}, "jsonld": jsonld_text(graph, record, settings)}
    if "aliases" in graph.model.types[record.type].fields:
        # An entity's names go in the search index's most boosted field
        # ("tags"): a search for any of them puts its own page first. Each
        # with its folded spelling too: `Orban` finds Orbán.
        names = search_terms.search_names([title, *map(fieldtypes.Name.text, data.get("aliases") or [])])
        meta["tags"] = [markup.html_text(n) for n in names]
    return front_matter(title, **meta) + join_blocks(
        f"# {markup.text(title)}",
        f"{lead}\n{{ data-search-exclude }}",  # the record type is no search term
        "\n".join(filter(None, [about, _facts(graph, page, record)])),
        *text_fields,
        body,
        _incident_parts(graph, page, record, cites) if record.type == "incident" else "",
        neighbourhood_block(graph, record, settings),
        _relations(graph, page, record, cites),
        _claims(graph, page, record, cites),
        _chronology(graph, page, record, settings),
        _source_parts(graph, page, record) if record.type == "source" else _published(graph, page, record),
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


def record_pages(graph: Graph, settings: Settings) -> dict[str, str]:
    return {record_path(graph, r): record_page(graph, r, settings) for r in graph.records.values()}

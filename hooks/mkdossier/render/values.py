"""A field's value as a record page shows it. The field type gives the
value's words (``fieldtypes``); this table adds what needs the graph and the
page: links to the records a value names, dates in words (parsed once, in
``resolve``), vocabulary values in words, Markdown with its mentions linked,
a name marked with its language, a filter field's values linked to the
filtered chronology. A type not listed shows its words."""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import quote

from .. import markup
from ..fieldtypes import Field, has_value
from ..resolve import Graph
from .pages import CHRONOLOGY, filter_key, href, link, markdown_field, name_text, names_text, tag_text

# `{field}` in a caption (model.yaml): a field of the mapping, in words.
_CAPTION_FIELD = re.compile(r"\{([^{}]*)\}")
# A vocabulary value's meaning may open with its short name ("Usually
# reliable: minor doubt about …"), as the grading scales and review states do.
_SHORT_NAME = 40


def shown(graph: Graph, page: str, spec: Field, value) -> str:
    """The value as Markdown on ``page``, by its field's type; a ``filter``
    field's values link to the chronology filtered by each."""
    if spec.filter:
        return filter_links(graph, page, spec, value)
    show = SHOWN.get(spec.type)
    return show(graph, page, spec, value) if show else markup.text(spec.kind.text(value, spec))


def words(graph: Graph, spec: Field, value) -> str:
    """The value as plain words (no Markdown): a date as a person writes it,
    a vocabulary value as words, anything else as its type says it."""
    if spec.type == "edtf":
        return graph.span(value).words
    if spec.type == "enum":
        return enum_words(graph, spec, value)
    return spec.kind.text(value, spec)


def enum_words(graph: Graph, spec: Field, value) -> str:
    """A vocabulary value in words: ``media_outlet`` → ``media outlet``; a value
    whose meaning opens with its short name reads as it (``needs_review`` →
    ``Needs review``), after the value itself when that is a code (``B`` →
    ``B Usually reliable``)."""
    plain = str(value).replace("_", " ")
    short = short_name(graph, spec.vocabulary, value)
    if not short:
        return plain
    return short if short.casefold() == plain.casefold() else f"{value} {short}"


def short_name(graph: Graph, vocabulary: str, value) -> str:
    """The short name a vocabulary value's meaning opens with, before a colon
    ("Usually reliable: …"), or "" when its meaning is a sentence."""
    meaning = graph.model.vocabularies.get(vocabulary, {}).get(value, "")
    short, colon, _rest = str(meaning).partition(":")
    short = short.strip()
    return short if colon and short and len(short) <= _SHORT_NAME and "." not in short else ""


def language_name(code: str) -> str:
    """``en`` → ``English``; ``ko`` → ``Korean``: a language as readers name it
    (the code itself when Babel does not know it)."""
    try:
        import babel  # installed with the theme (mkdocs-material needs it)
        return babel.Locale("en").languages.get(code.replace("-", "_")) or babel.Locale.parse(
            code, sep="-").get_display_name("en") or code
    except Exception:  # an unknown or malformed code: show it as written
        return code


def filter_links(graph: Graph, page: str, spec: Field, value) -> str:
    """Each value in words, linked to the chronology filtered by it (the
    filter script reads ``?{key}=`` from the address)."""
    inner = spec.items if spec.type == "list" and spec.items is not None else spec
    target, key = href(page, CHRONOLOGY), filter_key(spec)
    found = value if isinstance(value, list) else [value]
    return ", ".join(f"[{markup.text(_filter_words(graph, inner, v))}]({target}?{key}={quote(str(v), safe='')})"
                     for v in found)


def _filter_words(graph: Graph, spec: Field, value) -> str:
    # A filter value is a key (a tag, a vocabulary value): hyphens and underscores read as spaces.
    return enum_words(graph, spec, value) if spec.type == "enum" else tag_text(str(value))


def _list(graph: Graph, page: str, spec: Field, value) -> str:
    inner = spec.items
    if inner is None:
        return markup.text(spec.kind.text(value, spec))
    if inner.type == "name":
        return names_text(graph, value or [])
    return ", ".join(shown(graph, page, inner, v) for v in value or [])


def _ref(graph: Graph, page: str, spec: Field, value) -> str:
    return link(graph, page, value) if value in graph.records else markup.text(value)


def _string(graph: Graph, page: str, spec: Field, value) -> str:
    """Text, linked to the address the field's ``formatter_url`` makes of it
    (a Wikidata id to its item)."""
    if spec.formatter_url:
        address = spec.formatter_url.replace("{value}", quote(str(value), safe=""))
        if not markup.unsafe_url(address):
            return markup.url_link(address, str(value))
    return markup.text(spec.kind.text(value, spec))


def mapping_inline(graph: Graph, page: str, spec: Field, value) -> str:
    """A mapping in a line: its ``caption`` (else its first text), linked to its
    url field, else to the record its ref names (a source's archive copy, an
    author with a record); with neither, its values one after another."""
    if not isinstance(value, dict):
        return markup.text(value)
    present = {name: inner for name, inner in spec.fields.items() if has_value(value.get(name))}
    if spec.caption:
        caption = _CAPTION_FIELD.sub(
            lambda m: words(graph, present[m[1]], value[m[1]]) if m[1] in present else "", spec.caption)
    else:
        caption = next((str(value[n]) for n, inner in present.items() if inner.type in ("string", "text")), "")
    caption = " ".join(caption.split())
    address = next((value[n] for n, inner in present.items() if inner.type == "url"), None)
    if address is not None:
        return markup.url_link(address, caption or None)
    record_id = next((value[n] for n, inner in present.items() if inner.type == "ref" and value[n] in graph.records),
                     None)
    if record_id is not None:
        return link(graph, page, record_id, caption or None)
    if caption:
        return markup.text(caption)
    return ", ".join(shown(graph, page, inner, value[n]) for n, inner in present.items())


SHOWN: dict[str, Callable[[Graph, str, Field, object], str]] = {
    "markdown": lambda graph, page, spec, value: markdown_field(graph, page, value),
    "ref": _ref,
    "list": _list,
    "string": _string,
    "object": mapping_inline,
    "name": lambda graph, page, spec, value: name_text(graph, value),
    "url": lambda graph, page, spec, value: markup.url_link(value),
    "language": lambda graph, page, spec, value: markup.text(language_name(str(value))),
    "edtf": lambda graph, page, spec, value: markup.text(graph.span(value).words),
    "enum": lambda graph, page, spec, value: markup.text(enum_words(graph, spec, value)),
    "boolean": lambda graph, page, spec, value: "yes" if value else "no",
}

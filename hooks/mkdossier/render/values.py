"""A field's value as a record page shows it. The field type gives the
value's words (``fieldtypes``); this table adds what needs the graph and the
page: links to the records a value names, Markdown with its mentions linked,
a name marked with its language. A type not listed shows its words."""

from __future__ import annotations

from typing import Callable

from .. import markup
from ..fieldtypes import Field
from ..resolve import Graph
from .pages import link, markdown_field, name_text


def shown(graph: Graph, page: str, spec: Field, value) -> str:
    """The value as Markdown on ``page``, by its field's type."""
    show = SHOWN.get(spec.type)
    return show(graph, page, spec, value) if show else markup.text(spec.kind.text(value, spec))


def _list(graph: Graph, page: str, spec: Field, value) -> str:
    return ", ".join(shown(graph, page, spec.items, v) for v in value or [])


def _ref(graph: Graph, page: str, spec: Field, value) -> str:
    return link(graph, page, value) if value in graph.records else markup.text(value)


SHOWN: dict[str, Callable[[Graph, str, Field, object], str]] = {
    "markdown": lambda graph, page, spec, value: markdown_field(graph, page, value),
    "ref": _ref,
    "list": _list,
    "name": lambda graph, page, spec, value: name_text(graph, value),
    "url": lambda graph, page, spec, value: markup.url_link(value),
    "language": lambda graph, page, spec, value: markup.code(value),
}

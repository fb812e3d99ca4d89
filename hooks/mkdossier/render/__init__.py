"""Stage 4: the graph as Markdown pages, ``{path: markdown}``, in memory.

Each module renders one kind of page; all of them link with relative
``.md`` paths so the site generator checks and rewrites the links.
"""

from __future__ import annotations

import functools
from typing import Callable

from ..parts import EVERY, Parts
from ..resolve import Graph
from . import figures
from .chronology import chronology_pages
from .claims import disputed_page
from .graph import graph_page
from .home import home_page
from .indexes import index_pages
from .pages import Settings
from .records import record_pages
from .reference import reference_page

__all__ = ["Settings", "render", "render_parts"]


def _site_pages(graph: Graph, settings: Settings, parts: Parts = EVERY) -> dict[str, str]:
    """The pages that are not one record's; those that list every record
    of a kind are made of ``parts``."""
    pages: dict[str, str] = {}
    for page in (home_page, disputed_page, reference_page):
        pages.update(page(graph, settings))
    for page in (index_pages, chronology_pages, graph_page):
        pages.update(page(graph, settings, parts))
    return pages


def render_parts(graph: Graph, settings: Settings, slices: int = 1, only: set[str] | None = None,
                 parts: Parts = EVERY) -> list[Callable[[], dict[str, str]]]:
    """The rendering as independent parts, to run in any order and in any
    process: the site-wide pages, then the record pages (of the records in
    ``only``, if given) in ``slices`` slices. Together their pages are
    ``render``'s; where a part runs, ``figures.collect()`` then gives its figures.
    ``parts``: records' parts of the site-wide pages (``parts.Parts``)."""
    records = [r for r in graph.records.values() if only is None or r.id in only]
    size = max(1, -(-len(records) // max(1, slices)))
    return [functools.partial(_site_pages, graph, settings, parts)] + [
        functools.partial(record_pages, graph, settings, records[start:start + size])
        for start in range(0, len(records), size)]


def render(graph: Graph, settings: Settings) -> dict[str, str]:
    """Every generated page, keyed by its path in the site, in a stable order.
    Figures are left as slots in the pages: ``figures.collect()`` gives them."""
    figures.collect()  # none left over from an earlier rendering
    pages: dict[str, str] = {}
    for part in render_parts(graph, settings):
        pages.update(part())
    return dict(sorted(pages.items()))

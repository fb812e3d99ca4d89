"""Stage 4: the graph as Markdown pages, ``{path: markdown}``, in memory.

Each module renders one kind of page; all of them link with relative
``.md`` paths so the site generator checks and rewrites the links.
"""

from __future__ import annotations

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

__all__ = ["Settings", "render"]


def render(graph: Graph, settings: Settings) -> dict[str, str]:
    """Every generated page, keyed by its path in the site, in a stable order.
    Figures are left as slots in the pages: ``figures.collect()`` gives them."""
    figures.collect()  # none left over from an earlier rendering
    pages: dict[str, str] = {}
    pages.update(home_page(graph, settings))
    pages.update(index_pages(graph, settings))
    pages.update(record_pages(graph, settings))
    pages.update(chronology_pages(graph, settings))
    pages.update(disputed_page(graph, settings))
    pages.update(graph_page(graph, settings))
    pages.update(reference_page(graph, settings))
    return dict(sorted(pages.items()))

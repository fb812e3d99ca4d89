"""The home page: what the knowledge base covers, a count for each record
type of the model, the latest incidents and the disputed claims, so a
newcomer knows where to start."""

from __future__ import annotations

from .. import markup
from ..resolve import Graph
from .chronology import entry_text
from .claims import disputed_claims, link_target
from .graph import GRAPH_PAGE
from .pages import (CHRONOLOGY, DISPUTED, HOME, NOT_SEARCHED, REFERENCE, Settings, front_matter, href,
                    index_path, join_blocks, offline_download, table)
from .timeline import chronology_nouns


def home_page(graph: Graph, settings: Settings) -> dict[str, str]:
    page = HOME
    _one, many = chronology_nouns(graph)
    counts = [[f"[{markup.text(t.plural)}]({href(page, index_path(graph, name))})", str(len(graph.of_type(name)))]
              for name, t in graph.model.types.items()]
    latest = list(reversed(graph.incidents()))[: settings.latest_count]
    disputed = disputed_claims(graph)
    blocks = [
        f"# {markup.text(settings.site_name)}",
        markup.text(settings.site_description) if settings.site_description else "",
        offline_download(page, settings),
        "Every statement here cites its sources. Claims show who asserts and who denies them; "
        "dates are only as precise as the sources allow.",
        "## What is in it",
        table(["Records", "Count"], counts),
        f"Browse the [chronology]({href(page, CHRONOLOGY)}) of {markup.text(many)}, the "
        f"[disputed claims]({href(page, DISPUTED)}), the [knowledge graph]({href(page, GRAPH_PAGE)}) "
        "of how the records connect, or read how records are written in the "
        f"[format reference]({href(page, REFERENCE)}).",
        f"## Latest {markup.text(many)}",
        "\n".join(f"- {entry_text(graph, page, r)}" for r in latest) or f"*No {markup.text(many)} yet.*",
        "## Disputed claims",
        "\n".join(f"- [{markup.text(c.statement)}]({link_target(graph, page, c)})"
                  for c in disputed[: settings.home_disputed_count])
        or "*No disputed claims.*",
        f"[All {len(disputed)} disputed claims]({href(page, DISPUTED)})"
        if len(disputed) > settings.home_disputed_count else "",
    ]
    return {page: front_matter("Home", search=NOT_SEARCHED) + join_blocks(*blocks)}

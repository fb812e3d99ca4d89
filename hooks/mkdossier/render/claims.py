"""Disputed claims: each claim some party supports and another denies,
both sides next to each other with their sources."""

from __future__ import annotations

from .. import markup
from ..resolve import Graph
from .pages import DISPUTED, NOT_SEARCHED, Settings, front_matter, href, join_blocks, link, record_path, table
from .records import stance_line


def disputed_claims(graph: Graph):
    return [c for c in graph.claims if c.status == "disputed"]


def disputed_page(graph: Graph, settings: Settings) -> dict[str, str]:
    page = DISPUTED
    blocks = ["# Disputed claims",
              "Claims that one party asserts, reports or confirms and another denies. "
              "The status is derived from the stances recorded in the knowledge base."]
    claims = disputed_claims(graph)
    if not claims:
        blocks.append("*No disputed claims.*")
    for claim in claims:
        support = [stance_line(graph, page, s) for s in claim.stances if s.stance != "denies"]
        against = [stance_line(graph, page, s) for s in claim.stances if s.stance == "denies"]
        rows = [[support[i] if i < len(support) else "", against[i] if i < len(against) else ""]
                for i in range(max(len(support), len(against)))]
        where = link(graph, page, claim.owner)
        blocks.append(f"## {markup.text(claim.statement)}\n\nIn {where} · "
                      f"[the claim]({link_target(graph, page, claim)})")
        blocks.append(table(["Supports", "Denies"], rows))
    return {page: front_matter("Disputed claims", search=NOT_SEARCHED) + join_blocks(*blocks)}


def link_target(graph: Graph, page: str, claim) -> str:
    return href(page, record_path(graph, graph.records[claim.owner]), claim.anchor)

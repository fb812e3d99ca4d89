"""Disputed claims: each claim some party opposes and another supports or relays,
both sides next to each other with their sources. Past a page's worth, the
claims go on numbered pages and the first page lists them."""

from __future__ import annotations

from .. import markup
from ..resolve import Claim, Graph, stance_meaning
from .pages import (DISPUTED, NOT_SEARCHED, Settings, chunks, front_matter, href, join_blocks, link, pager,
                    record_path, table)
from .records import stance_line

INTRO = ("Claims that one party asserts, reports or confirms and another denies. "
         "The status is derived from the stances recorded in the knowledge base; "
         "a grade such as B2 is the source's reliability (A–F) and the information's credibility (1–6) "
         "on the Admiralty scale.")


def disputed_claims(graph: Graph) -> list[Claim]:
    return [c for c in graph.claims if c.status == "disputed"]


def _claim_blocks(graph: Graph, page: str, claims: list[Claim]) -> list[str]:
    blocks = []
    for claim in claims:
        opposes = [stance_meaning(graph.model.stance_meanings, s.stance) == "opposes" for s in claim.stances]
        support = [stance_line(graph, page, s) for s, o in zip(claim.stances, opposes) if not o]
        against = [stance_line(graph, page, s) for s, o in zip(claim.stances, opposes) if o]
        rows = [[support[i] if i < len(support) else "", against[i] if i < len(against) else ""]
                for i in range(max(len(support), len(against)))]
        where = link(graph, page, claim.owner)
        blocks.append(f"## {markup.text(claim.statement)}\n\nIn {where} · "
                      f"[the claim]({link_target(graph, page, claim)})")
        blocks.append(table(["Supports", "Denies"], rows))
    return blocks


def _part_paths(count: int) -> list[str]:
    folder = DISPUTED.removesuffix(".md")
    return [f"{folder}/{n}.md" for n in range(1, count + 1)]


def disputed_page(graph: Graph, settings: Settings) -> dict[str, str]:
    claims = disputed_claims(graph)
    if len(claims) <= settings.disputed_page_size:
        blocks = _claim_blocks(graph, DISPUTED, claims) or ["*No disputed claims.*"]
        return {DISPUTED: front_matter("Disputed claims", search=NOT_SEARCHED)
                + join_blocks("# Disputed claims", INTRO, *blocks)}
    parts = chunks(claims, settings.disputed_page_size)
    paths = _part_paths(len(parts))
    pages, lines = {}, []
    first = 1
    for number, (path, part) in enumerate(zip(paths, parts), start=1):
        last = first + len(part) - 1
        title = f"Disputed claims {first}–{last}"
        pages[path] = front_matter(title, search=NOT_SEARCHED) + join_blocks(
            f"# {title}",
            f"Claims {first}–{last} of the {len(claims)} disputed claims, page {number} of {len(parts)}. "
            + pager(path, paths, number, ("All pages", DISPUTED)),
            *_claim_blocks(graph, path, part),
            pager(path, paths, number, ("All pages", DISPUTED)),
        )
        lines.append(f"- [Claims {first}–{last}]({href(DISPUTED, path)}): from "
                     f"“{markup.text(part[0].statement)}” to “{markup.text(part[-1].statement)}”")
        first = last + 1
    pages[DISPUTED] = front_matter("Disputed claims", search=NOT_SEARCHED) + join_blocks(
        "# Disputed claims", INTRO, f"{len(claims)} disputed claims, on {len(parts)} pages:", "\n".join(lines))
    return pages


def link_target(graph: Graph, page: str, claim: Claim) -> str:
    return href(page, record_path(graph, graph.records[claim.owner]), claim.anchor)

"""Listings that grow with the knowledge base (section indexes, disputed claims)
are cut into pages of a bounded size; a small base keeps its single pages.

A synthetic base with small page sizes is rendered by the engine, written into
a project like the repository's without the hook, and built by real MkDocs:
every link must resolve, every record must be listed exactly once."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import GENERATOR_BIN, REPO, SMALL_KB, write_kb
from mkdossier import markup, pipeline, synth
from mkdossier.render import Settings
from mkdossier.render.pages import when
from test_site import broken_links

SETTINGS = Settings(site_name="Paging", index_page_size=20, disputed_page_size=5, home_disputed_count=10)


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _without_hooks(config: str) -> str:
    """mkdocs.yml without its ``hooks:`` and ``watch:`` blocks (line-based: it has !ENV tags)."""
    kept, skipping = [], False
    for line in config.splitlines(keepends=True):
        if line.strip() and not line[0].isspace():
            skipping = line.startswith(("hooks:", "watch:"))
        if not skipping:
            kept.append(line)
    return "".join(kept)


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """``(result, site)``: a 250-record base rendered with small page sizes and built."""
    root = tmp_path_factory.mktemp("paging")
    data = synth.write(synth.knowledge_base(250, seed=0), root / "data")
    result = pipeline.build(data, SETTINGS)
    assert result.problems == []
    project = root / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "overrides", project / "overrides")
    (project / "mkdocs.yml").write_text(_without_hooks((REPO / "mkdocs.yml").read_text(encoding="utf-8")),
                                        encoding="utf-8")
    for path, content in {**result.pages, **result.files}.items():
        target = project / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
    site = root / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    built = subprocess.run([GENERATOR_BIN, "build", "--strict", "-f", str(project / "mkdocs.yml"),
                            "-d", str(site)], capture_output=True, text=True, env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    return result, site


def test_every_link_of_the_paged_site_resolves(paged):
    _result, site = paged
    assert broken_links(site) == []


@pytest.mark.parametrize("type_name", ["person", "organization", "source", "incident"])
def test_a_long_section_index_lists_its_parts_and_each_part_its_records(paged, type_name):
    result, site = paged
    graph = result.graph
    folder = graph.model.types[type_name].folder
    records = graph.incidents() if type_name == "incident" else graph.of_type(type_name)
    assert len(records) > SETTINGS.index_page_size
    overview = _html(site / folder / "index.html")
    parts = [a["href"] for a in overview.select("article table tbody tr td:first-child a")]
    assert parts == [f"pages/{n}/" for n in range(1, len(parts) + 1)]
    assert len(parts) == -(-len(records) // SETTINGS.index_page_size)
    listed = []
    for number, href in enumerate(parts, start=1):
        page = _html(site / folder / href / "index.html")
        rows = [row.find("a")["href"].rstrip("/").split("/")[-1] for row in page.select("article table tbody tr")]
        assert 0 < len(rows) <= SETTINGS.index_page_size
        listed += rows
        pager = {a.get_text(): a["href"] for a in page.select("article p a") if a.get_text() in
                 ("Previous", "Next") or a.get_text().startswith("All ")}
        assert pager[f"All {graph.model.types[type_name].plural.lower()}"] == "../../"
        assert pager.get("Previous") == (f"../{number - 1}/" if number > 1 else None)
        assert pager.get("Next") == (f"../{number + 1}/" if number < len(parts) else None)
    assert listed == [r.id for r in records]  # every record once, in the index's order


def test_a_short_section_index_stays_one_page(paged):
    result, site = paged
    places = result.graph.of_type("place")
    assert len(places) <= SETTINGS.index_page_size
    assert not (site / "places" / "pages").exists()
    rows = _html(site / "places" / "index.html").select("article table tbody tr")
    assert [row.find("a")["href"].rstrip("/").split("/")[-1] for row in rows] == [p.id for p in places]


def test_parts_are_named_by_their_first_and_last_record(paged):
    result, _site = paged
    graph = result.graph
    incidents, people = graph.incidents(), graph.of_type("person")
    assert (f"| [1–20](pages/1.md) | {markup.text(when(graph, incidents[0]))} | "
            f"{markup.text(when(graph, incidents[19]))} |") in result.pages["incidents/index.md"]
    assert (f"| [21–40](pages/2.md) | {markup.text(graph.title(people[20]))} | "
            f"{markup.text(graph.title(people[39]))} |") in result.pages["people/index.md"]
    assert "[All incidents](../index.md) · [Next](2.md)" in result.pages["incidents/pages/1.md"]


def test_disputed_claims_are_paged_with_both_sides_on_every_page(paged):
    result, site = paged
    disputed = [c for c in result.graph.claims if c.status == "disputed"]
    assert len(disputed) > SETTINGS.disputed_page_size
    overview = _html(site / "disputed" / "index.html")
    parts = [a["href"] for a in overview.select("article li a")]
    assert parts == [f"{n}/" for n in range(1, len(parts) + 1)]
    statements = []
    for number, href in enumerate(parts, start=1):
        page = _html(site / "disputed" / href / "index.html")
        headings = page.select("article h2")
        assert 0 < len(headings) <= SETTINGS.disputed_page_size
        for heading in headings:
            statements.append(heading.get_text().rstrip("¶"))
            assert [th.get_text() for th in heading.find_next("table").find_all("th")] == ["Supports", "Denies"]
        texts = [a.get_text() for a in page.select("article p a")]
        assert texts.count("All pages") == 2  # above and below the claims
        assert ("Previous" in texts) == (number > 1) and ("Next" in texts) == (number < len(parts))
    assert statements == [c.statement for c in disputed]


def test_home_lists_a_bounded_number_of_disputed_claims(paged):
    result, site = paged
    disputed = [c for c in result.graph.claims if c.status == "disputed"]
    home = _html(site / "index.html")
    heading = next(h for h in home.select("article h2") if h.get_text().rstrip("¶") == "Disputed claims")
    assert len(heading.find_next("ul").find_all("li")) == SETTINGS.home_disputed_count
    more = heading.find_next("ul").find_next("p").find("a")
    assert more.get_text() == f"All {len(disputed)} disputed claims" and more["href"] == "disputed/"


def test_paged_output_is_deterministic(paged, tmp_path):
    result, _site = paged
    data = synth.write(synth.knowledge_base(250, seed=0), tmp_path / "data")
    again = pipeline.build(data, SETTINGS)
    assert again.pages == result.pages


def test_pages_are_cut_exactly_past_the_page_size(tmp_path):
    data = write_kb(tmp_path, SMALL_KB)  # 3 incidents, 1 disputed claim
    exact = pipeline.build(data, Settings(index_page_size=3, disputed_page_size=1)).pages
    assert not any("/pages/" in path or path.startswith("disputed/") for path in exact)
    cut = pipeline.build(data, Settings(index_page_size=2)).pages
    assert sorted(p for p in cut if p.startswith("incidents/pages/")) == [
        "incidents/pages/1.md", "incidents/pages/2.md"]
    assert "| [3–3](pages/2.md) | late July 2023 | late July 2023 |" in cut["incidents/index.md"]


def test_a_small_knowledge_base_looks_as_before(tmp_path):
    pages = pipeline.build(write_kb(tmp_path, SMALL_KB), Settings()).pages
    assert not any("/pages/" in path or path.startswith("disputed/") for path in pages)
    assert pages["people/index.md"].endswith("| [Ada Example](ada.md) | Ада Пример | 2 |\n")
    assert "## It happened\\." in pages["disputed.md"]
    assert "All 1 disputed claims" not in pages["index.md"]

"""The relationship graphs drawn at build time: on a record page every
neighbour (or the cap, with how many more), linked to its page, edges
labelled the way the relation reads; the whole knowledge base by type on the
graph page, small at 2,000 records; kept by the sanitizer; accessible under
axe; and screenshots of a chronology and a person page to look at."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (BIN, CHROMIUM, FLAGS, REPO, SMALL_KB, build_kb_site, make_project, mkdocs_build, serve_folder,
                      write_kb)
from mkdossier import sanitize
from mkdossier.exports.common import Site, relative_url
from mkdossier.render import graph as graph_svg
from mkdossier.render.pages import Settings
from mkdossier.render.timeline import page_href

ARTIFACTS = REPO / "test-artifacts"
# One organization with more members than a graph draws.
MEMBERS = 30
CROWD = {f"people/member-{n:02d}.yaml": f"name: Member {n:02d}\nrelations: [{{type: member_of, target: big-party, sources: [report]}}]\n"
         for n in range(MEMBERS)}
KB = dict(SMALL_KB, **CROWD, **{"organizations/big-party.yaml": "name: Big Party\nkind: political_party\n"})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("graph")
    return build_kb_site(root, KB)


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _nodes(site: Path, page: str) -> dict[str, object]:
    """The graph's node links by the record page they reach (``people/ada``)."""
    svg = _page(site, page).select_one("div.dossier-figure--graph svg")
    assert svg is not None, f"no graph on {page}"
    found = {}
    for link in svg.find_all("a"):
        target = (site / page / link["href"]).resolve()
        assert (target / "index.html").is_file(), f"{link['href']} is not a page"
        found[f"{target.parent.name}/{target.name}"] = link
    return found


def _edge_labels(site: Path, page: str) -> list[str]:
    svg = _page(site, page).select_one("div.dossier-figure--graph svg")
    return [t.get_text() for t in svg.find_all("text", class_="e")]


def test_every_neighbour_is_drawn_and_linked(site):
    nodes = _nodes(site, "people/ada")
    # Minister of (a relation), visitor in (participant), asserts (a claim's party), mentioned by.
    assert set(nodes) == {"organizations/beta-ministry", "incidents/late", "incidents/early", "incidents/month"}
    titles = {key: link.find("title").get_text() for key, link in nodes.items()}
    assert titles["organizations/beta-ministry"] == (
        "Beta Ministry (organization): Ada Example — Minister of → Beta Ministry")
    assert titles["incidents/early"].endswith("Ada Example — asserts → Early thing")
    assert titles["incidents/month"].endswith("Month thing — mentions → Ada Example")
    # The relation seen from its other end: the same label, the arrow the other way.
    assert _nodes(site, "organizations/beta-ministry")["people/ada"].find("title").get_text().endswith(
        "Ada Example — Minister of → Beta Ministry")
    # An incident: its participants, its claims' parties.
    assert set(_nodes(site, "incidents/early")) == {"people/ada", "organizations/beta-ministry"}


def test_edge_labels_read_the_way_the_relation_points(site):
    """Level labels carry an arrow pointing as the relation runs on the drawing;
    the first neighbour is at the top of the circle (the organization, by type)."""
    labels = _edge_labels(site, "people/ada")
    assert "Minister of ↑" in labels  # Ada (centre) → Beta Ministry (top)
    labels = _edge_labels(site, "organizations/beta-ministry")
    assert any(label.startswith("Minister of") and label.endswith("↓") for label in labels)  # Ada (top) → centre
    # Every spoke has an arrowhead; a two-way connection has two.
    svg = _page(site, "people/ada").select_one("div.dossier-figure--graph svg")
    heads = svg.find("path", class_="h")["d"].count("M")
    assert heads == len(_nodes(site, "people/ada"))


def test_a_crowded_neighbourhood_is_capped_and_says_how_many_more(site):
    nodes = _nodes(site, "organizations/big-party")
    assert len(nodes) == graph_svg.NODE_LIMIT - 1
    caption = _page(site, "organizations/big-party").select_one("div.dossier-figure--graph p").get_text()
    assert f"and {MEMBERS - len(nodes)} more" in caption
    # The ones drawn are the first by title (all equally connected), in drawing order.
    assert sorted(nodes) == [f"people/member-{n:02d}" for n in range(len(nodes))]


def test_the_sanitizer_keeps_the_svg_in_the_built_page(site):
    for page in ("people/ada", "chronology", "graph"):
        soup = _page(site, page)
        svg = soup.select_one("article div.dossier-figure svg")
        assert svg is not None, page
        # The case kept (html5ever reads SVG as foreign content; html.parser lowercases names).
        assert re.search(r'<svg [^>]*viewBox="', (site / page / "index.html").read_text(encoding="utf-8"))
        assert not [e for e in soup.select("article svg *") if any(a.startswith("on") for a in e.attrs)]
    # What the sanitizer does not keep in an SVG.
    dirty = ('<svg viewBox="0 0 1 1" onload="x()"><a href="javascript:alert(1)"><title>t</title></a>'
             '<use href="https://evil.example/x.svg#a"></use><rect fill="url(https://evil.example/p)" '
             'style="fill:red"></rect><foreignObject><p>x</p></foreignObject><animate attributeName="href">'
             '</animate><text transform="matrix(1 0 0 1 0 0)">x</text></svg>')
    clean = sanitize.clean(dirty)
    assert clean == '<svg viewBox="0 0 1 1"><a><title>t</title></a><rect></rect><text>x</text></svg>'


def test_links_in_svg_are_the_addresses_the_site_serves():
    """Raw HTML is not rewritten by MkDocs: the engine writes the served address."""
    pages = ["index.md", "graph.md", "chronology/index.md", "chronology/2023.md", "people/ada.md",
             "people/index.md", "incidents/x.md", "reference/format.md"]
    for directory_urls, (start, target) in itertools.product((True, False), itertools.permutations(pages, 2)):
        site = Site(directory_urls=directory_urls)
        assert page_href(Settings(use_directory_urls=directory_urls), start, target) == relative_url(
            site.page_url(start), site.page_url(target)), (start, target)


def test_figures_can_be_turned_off(tmp_path):
    """`extra: figures: false` in mkdocs.yml: no timeline or graph on any page
    (what `make bench` builds to weigh them), the rest of each page unchanged."""
    project = make_project(tmp_path / "project", write_kb(tmp_path, KB))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  figures: true\n", "\n  figures: false\n"),
                      encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in ("people/ada", "chronology", "organizations/big-party"):
        soup = _page(site, page)
        assert soup.select("div.dossier-figure") == [] and soup.find("svg", attrs={"role": "img"}) is None, page
        assert soup.find(id="connections") is None, page
    assert _page(site, "people/ada").find("h1").get_text(strip=True).startswith("Ada Example")
    assert (site / "graph" / "index.html").is_file()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A synthetic knowledge base of 2,000 records, built."""
    root = tmp_path_factory.mktemp("synthetic")
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", "2000", "--out", str(root / "data")],
                   check=True, capture_output=True, timeout=300)
    project = make_project(root / "project", root / "data")
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_whole_knowledge_base_graph_stays_small(synthetic):
    page = synthetic / "graph" / "index.html"
    assert page.stat().st_size < 150_000  # by type, not by record
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one("div.dossier-figure--graph svg")
    types = {(synthetic / "graph" / a["href"]).resolve().name for a in svg.find_all("a")}
    assert types == {"people", "organizations", "places", "sources", "incidents", "claims"}
    assert len(soup.select("article table")) >= 2  # connections by kind, best connected per type
    # Reached from the home page.
    home = BeautifulSoup((synthetic / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a["href"].rstrip("/").endswith("graph") for a in home.select("article a[href]"))


def test_record_graphs_stay_capped_at_scale(synthetic):
    sizes = []
    for page in sorted(synthetic.glob("organizations/*/index.html"))[:200]:
        svg = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "div.dossier-figure--graph svg")
        if svg is not None:
            assert len(svg.find_all("a")) <= graph_svg.NODE_LIMIT - 1
            sizes.append(len(str(svg)))
    assert sizes and max(sizes) < 20_000


def test_chronology_overview_at_scale_is_a_bar_per_year(synthetic):
    soup = BeautifulSoup((synthetic / "chronology" / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one("div.dossier-figure--timeline svg")
    years = sorted(p.parent.name for p in (synthetic / "chronology").glob("*/index.html"))
    targets = {(synthetic / "chronology" / a["href"]).resolve().name for a in svg.find_all("a")}
    assert targets and targets <= set(years)
    year_page = BeautifulSoup((synthetic / "chronology" / years[-1] / "index.html").read_text(encoding="utf-8"),
                              "html.parser")
    entries = year_page.select("div.dossier-entry")
    marks = year_page.select("div.dossier-figure--timeline svg a")
    assert entries and len(marks) == len(entries)  # a year page holds at most MARK_LIMIT incidents


# -- in a browser ---------------------------------------------------------------------

@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_pages_with_figures_pass_axe_and_are_photographed(site, synthetic):
    from playwright.sync_api import sync_playwright

    from test_accessibility import axe_violations

    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(60_000)
        page = context.new_page()
        for folder, paths in ((site, ["chronology/", "people/ada/", "organizations/big-party/", "graph/"]),
                              (synthetic, ["chronology/"])):
            server = serve_folder(folder)
            try:
                for path in paths:
                    page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                    page.wait_for_load_state("networkidle")
                    violations = axe_violations(page)
                    if violations:
                        found[path] = violations
                    name = ("synthetic-" if folder == synthetic else "") + (path.strip("/").replace("/", "-"))
                    page.screenshot(path=str(ARTIFACTS / f"figures-{name}.png"), full_page=True)
                    # Keyboard: the first node of a graph or mark of a timeline takes focus by Tab.
                    links = page.locator("div.dossier-figure svg a")
                    if links.count():
                        links.first.focus()
                        assert page.evaluate("document.activeElement.closest('svg') !== null")
            finally:
                server.shutdown()
        browser.close()
    assert not found, found

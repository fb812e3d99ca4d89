"""The nav, the home page's counts, the section indexes and the chronology's
filters walk the model: a knowledge base whose data/model.yaml adds a
chronology type with a filter field gets it in the nav's Records section
(mkdocs.yml names no type), on the home page, in its own index (in date
order, its declared columns) and in the chronology, whose filters gain a
select for each ``filter`` field (the review state too, once records have
one) and for the reliability of the sources cited. One real build; its HTML
and the filter data are parsed, and the filters are used in a browser."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import CHROMIUM, SMALL_KB, build_kb_site, serve_folder
from mkdossier import site as site_paths
from mkdossier.model import load_model

KB = {
    **SMALL_KB,
    "model.yaml": """
        vocabularies:
          court_level:
            district: A district court.
            appeal: A court of appeal.
        types:
          hearing:
            folder: hearings
            label: Hearing
            plural: Hearings
            title_field: title
            doc: A court hearing.
            field_groups: [tagged, reviewable]
            dated_by: held
            chronology: true
            columns: [held, level]
            fields:
              title: {type: string, required: true}
              held: {type: edtf, required: true}
              level: {type: enum, vocabulary: court_level, filter: true, label: Court}
              parties:
                type: list
                items: {type: ref, to: [person, organization], involves: true}
              sources: {type: list, items: {type: ref, to: [source]}, required: true}
    """,
    "sources/report.yaml": """
        title: A report
        publisher: delta-news
        published: "2023-01-05"
        kind: news_report
        reliability: B
    """,
    "sources/memo.yaml": """
        title: A memo
        published: "2023-02"
        kind: document
        reliability: E
    """,
    "incidents/early.yaml": """
        title: Early thing
        date: 2022-11-01/2022-11-10
        sources: [report]
        tags: [oil]
        review: needs_review
        claims:
          - statement: It happened.
            stances:
              - {party: ada, stance: asserts, source: report}
              - {party: beta-ministry, stance: denies, source: report, quote: baseless}
    """,
    "hearings/appeal.yaml": """
        title: The appeal is heard
        held: "2023-02-10"
        level: appeal
        parties: [ada, beta-ministry]
        sources: [memo]
        tags: [courts]
        review: draft
    """,
}
ORDER = ["Early thing", "Month thing", "The appeal is heard", "Late thing"]  # the chronology's


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_kb_site(tmp_path_factory.mktemp("nav-model"), KB)


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- the nav's Records section ---------------------------------------------------------------

def test_the_records_section_lists_every_type_in_model_order(built):
    nav = _soup(built, "hearings/appeal").select_one("nav.md-nav--primary")
    section = next(item for item in nav.select("li.md-nav__item--section")
                   if item.find("label").get_text(" ", strip=True) == "Records")
    links = [(" ".join(a.get_text().split()), a["href"]) for a in section.select("a.md-nav__link[href]")]
    assert [text for text, _href in links] == [
        "People", "Organizations", "Places", "Sources", "Incidents", "Claims", "Hearings"]
    assert links[-1][1] == "../"  # the section index, never a record page
    assert all(not href.rstrip("/").endswith(("ada", "appeal")) for _text, href in links)


def test_the_home_page_counts_the_new_type(built):
    rows = {tr.find("a").get_text(): tr.find_all("td")[-1].get_text()
            for tr in _soup(built, "").select("article table tbody tr")}
    assert rows["Hearings"] == "1" and rows["Incidents"] == "3"


@pytest.mark.parametrize("nav, expected", [
    pytest.param(["index.md", {"Records": site_paths.RECORDS_NAV}, "about.md"],
                 ["index.md", {"Records": "ENTRIES"}, "about.md"], id="a section"),
    pytest.param([{"Browse": ["index.md", site_paths.RECORDS_NAV]}],
                 [{"Browse": ["index.md", "*ENTRIES"]}], id="in place, inside a section"),
    pytest.param(["index.md"], ["index.md", {"Records": "ENTRIES"}], id="no marker: a section at the end"),
    pytest.param(["index.md", {"Mine": ["people/index.md", "places/index.md"]}],
                 ["index.md", {"Mine": ["people/index.md", "places/index.md"]}, {"Records": "MISSING"}],
                 id="no marker: only the indexes the nav does not list"),
    pytest.param(None, None, id="no nav: the generator lists every page"),
])
def test_where_the_records_section_goes(nav, expected):
    model = load_model()
    entries = site_paths.records_nav(model)
    missing = [e for e in entries if next(iter(e.values())) not in ("people/index.md", "places/index.md")]

    def spelled(value):
        if value == "ENTRIES":
            return entries
        if value == "MISSING":
            return missing
        if isinstance(value, list):
            return [e for item in value for e in (entries if item == "*ENTRIES" else [spelled(item)])]
        if isinstance(value, dict):
            return {k: spelled(v) for k, v in value.items()}
        return value

    assert site_paths.nav_with_records(nav, model) == spelled(expected)


def test_nav_titles_from_the_model_are_text():
    model = load_model()
    model.types["person"].plural = "People <b>&</b>"
    assert site_paths.records_nav(model)[0] == {"People ‹b›&amp;‹/b›": "people/index.md"}


# --- the new type's index ---------------------------------------------------------------------

def test_a_chronology_type_s_index_has_its_columns_and_review(built):
    table = _soup(built, "hearings").find("article").find("table")
    assert [th.get_text() for th in table.find_all("th")] == ["Hearing", "Held", "Court", "Review"]
    cells = [td.get_text(" ", strip=True) for td in table.select("tbody td")]
    assert cells == ["The appeal is heard", "10 February 2023", "appeal", "Draft"]


def test_incidents_are_listed_in_date_order(built):
    rows = _soup(built, "incidents").select("article table tbody tr")
    assert [tr.find("a").get_text() for tr in rows] == ["Early thing", "Month thing", "Late thing"]


# --- the chronology's filters -----------------------------------------------------------------

def _form(built: Path):
    return _soup(built, "chronology").select_one("form.dossier-filters")


def _options(select) -> list[tuple[str, str]]:
    return [(o["value"], o.get_text()) for o in select.find_all("option")][1:]


def test_the_filters_are_the_model_s(built):
    form = _form(built)
    selects = form.find_all("select")
    # Involving, each filter field of the chronology types (model order), claim status,
    # source reliability, the years.
    assert [s["name"] for s in selects] == ["party", "tag", "review", "level", "status", "reliability", "from", "to"]
    labels = {s["name"]: s.find_parent("label").find(string=True).strip() for s in selects}
    assert labels == {"party": "Involving", "tag": "Tags", "review": "Review", "level": "Court",
                      "status": "Claim status", "reliability": "Source reliability", "from": "From", "to": "To"}
    named = {s["name"]: _options(s) for s in selects}
    assert named["tag"] == [("courts", "courts"), ("oil", "oil")]
    assert named["review"] == [("draft", "Draft"), ("needs_review", "Needs review")]  # the vocabulary's order
    assert named["level"] == [("appeal", "appeal")]
    assert named["reliability"] == [("B", "B Usually reliable"), ("E", "E Unreliable")]


def _entries(built: Path) -> dict[str, dict[str, list[str]]]:
    found = {}
    for entry in _soup(built, "chronology").select(".dossier-entry"):
        facets = {}
        for pair in entry["data-facets"].split():
            key, _, values = pair.partition("=")
            facets[key] = [unquote(v) for v in values.split(",")]
        found[entry.find("a").get_text()] = facets
    return found


def test_each_entry_carries_its_facets(built):
    entries = _entries(built)
    assert list(entries) == ORDER
    assert entries["The appeal is heard"] == {
        "party": ["ada", "beta-ministry"], "tag": ["courts"], "review": ["draft"], "level": ["appeal"],
        "reliability": ["E"], "from": ["2023"], "to": ["2023"]}
    assert entries["Early thing"]["reliability"] == ["B"]
    assert entries["Early thing"]["status"] == ["disputed"]


def test_the_filter_data_has_each_record_s_own_folder(built):
    text = (built / "chronology" / "incidents.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))
    assert data["folders"] == ["incidents/", "hearings/"]
    assert [f[0] for f in data["facets"]] == ["party", "tag", "review", "level", "status", "reliability"]
    rows = {row[1]: row for row in data["incidents"]}
    assert [row[1] for row in data["incidents"]] == ORDER
    assert data["folders"][rows["The appeal is heard"][6]] == "hearings/"
    assert data["folders"][rows["Late thing"][6]] == "incidents/"
    review = [f[1] for f in data["facets"] if f[0] == "review"][0]
    assert [review[i][0] for i in rows["Early thing"][7 + 2]] == ["needs_review"]


@pytest.fixture(scope="module")
def url(built):
    server = serve_folder(built)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def _shown(page) -> list[str]:
    return page.locator(".dossier-entry:visible a").evaluate_all(
        "links => links.filter(a => a.closest('.dossier-entry').querySelector('a') === a).map(a => a.textContent)")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_the_new_filters_narrow_the_chronology_in_a_browser(page, url):
    page.goto(url + "chronology/")
    page.locator("form.dossier-filters").wait_for()
    assert _shown(page) == ORDER
    page.select_option("select[name=review]", "needs_review")
    assert _shown(page) == ["Early thing"]
    assert "review=needs_review" in page.url
    page.select_option("select[name=review]", "")
    page.select_option("select[name=reliability]", "E")
    assert _shown(page) == ["The appeal is heard"]
    # Two types make this chronology: its records are counted as such.
    assert page.locator(".dossier-filters__count").inner_text() == "Showing 1 of 4 records"
    page.select_option("select[name=reliability]", "")
    page.select_option("select[name=level]", "appeal")
    assert _shown(page) == ["The appeal is heard"]
    # A record page's link to the filtered chronology (``?tag=``) opens it filtered.
    page.goto(url + "chronology/?tag=oil")
    page.locator("form.dossier-filters").wait_for()
    assert page.locator("select[name=tag]").input_value() == "oil"
    assert _shown(page) == ["Early thing"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_every_filter_is_reached_by_keyboard_in_order(page, url):
    page.goto(url + "chronology/")
    page.locator("select[name=party]").focus()
    names = []
    for _ in range(7):
        page.keyboard.press("Tab")
        names.append(page.evaluate("() => document.activeElement.getAttribute('name')"))
    assert names == ["tag", "review", "level", "status", "reliability", "from", "to"]

"""The chronology's filters across all years and pages, on a synthetic
knowledge base of 10,000 records (years split into pages of their own), in
a real browser: filtering by one person lists every one of their incidents,
and the count matches their page and the People index.

SLOW: one site build of 10,000 records for the whole module (about two
minutes on a two-core machine); every test here shares it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, CHROMIUM, make_project, mkdocs_build, serve_folder
from test_browser import Session

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
RECORDS = 10_000
MAX_DATA_BYTES = 1_500_000  # chronology/incidents.js at 10,000 records


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("across")
    data = root / "synth"
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", str(RECORDS), "--out", str(data)],
                   check=True, capture_output=True, timeout=300)
    project = make_project(root / "project", data)
    site = root / "site"
    result = mkdocs_build(project, site, timeout=1200)  # 10,000 pages
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def url(site):
    server = serve_folder(site)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _busiest_person(site: Path) -> tuple[str, str, int]:
    """The person with the most incidents, by the People index's count (its pages)."""
    best = ("", "", -1)
    for index in sorted((site / "people" / "pages").glob("*/index.html")):
        for row in _soup(index).select("article table tbody tr"):
            link, cells = row.select_one("a"), row.select("td")
            count = int(cells[-1].get_text())
            if count > best[2]:
                best = (link["href"].rstrip("/").split("/")[-1], link.get_text(), count)
    return best


def _page_chronology(site: Path, person: str) -> list[str]:
    """The incidents the person's own page lists under Chronology."""
    soup = _soup(site / "people" / person / "index.html")
    heading = soup.find("h2", id="chronology")
    items = heading.find_next_sibling("ul").select("li a") if heading else []
    return [a["href"].rstrip("/").split("/")[-1] for a in items]


def test_the_data_file_is_compact(site):
    data = site / "chronology" / "incidents.js"
    assert data.stat().st_size < MAX_DATA_BYTES, data.stat().st_size
    text = data.read_text(encoding="utf-8")
    parsed = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))
    assert len(parsed["incidents"]) == len(list((site / "incidents").glob("*/index.html")))


def test_the_years_are_split_into_pages(site):
    assert len(list((site / "chronology").glob("*-2/index.html"))) > 0


def test_filtering_by_a_person_lists_all_their_incidents_across_pages(browser, site, url):
    person, name, count = _busiest_person(site)
    listed = _page_chronology(site, person)
    assert count > 1 and len(listed) == count  # the index and the person's page agree
    session = Session(browser, allowed=url)
    page = session.page
    page.goto(url + "chronology/")
    page.locator("form.dossier-filters").wait_for()
    total = int(re.match(r"\d+", page.locator(".dossier-chronology-total").inner_text()).group())
    page.select_option("select[name=party]", person)
    assert f"party={person}" in page.url
    results = page.locator(".dossier-results li a")
    results.first.wait_for()
    found = [h.rstrip("/").split("/")[-1] for h in results.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
    assert sorted(found) == sorted(listed)
    years = {re.sub(r"\D", "", h) for h in page.locator(".dossier-results h2").all_inner_texts()}
    assert len(years) > 1  # across years
    assert page.locator(".dossier-filters__count").inner_text() == f"Showing {count} of {total} incidents"
    assert page.locator(".dossier-chronology-total").inner_text() == f"{count} of {total} incidents"
    # The table of contents shows the matching years, not every year.
    toc = page.locator(".md-sidebar--secondary .md-nav__link:visible").all_inner_texts()
    assert sorted(t.strip() for t in toc) == sorted(page.locator(".dossier-results h2").all_inner_texts())
    # The URL is the state: the same view from a shared link.
    page.goto(page.url)
    page.locator(".dossier-results li a").first.wait_for()
    assert page.locator(".dossier-results li a").count() == count
    page.locator(".dossier-filters button[type=reset]").click()
    page.wait_for_function("document.querySelector('.dossier-results').hidden")
    assert page.locator(".dossier-filters__count").inner_text() == f"{total} incidents"
    assert session.foreign_requests() == []


def test_a_year_page_carries_its_filter_to_every_year(browser, site, url):
    """A page of one year filters only itself; its link takes the filter to the whole chronology."""
    year_page = sorted((site / "chronology").glob("*-2/index.html"))[0].parent.name
    session = Session(browser, allowed=url)
    page = session.page
    page.goto(url + f"chronology/{year_page}/")
    page.locator("form.dossier-filters").wait_for()
    options = page.locator("select[name=party] option").evaluate_all("os => os.map(o => o.value)")
    person = next(v for v in options if v and (site / "people" / v / "index.html").exists())
    page.select_option("select[name=party]", person)
    link = page.locator(".dossier-filters__all")
    assert link.get_attribute("href") == f"../?party={person}"
    link.click()
    page.wait_for_url(re.compile(r"/chronology/\?party="))
    page.locator(".dossier-results li a").first.wait_for()
    found = page.locator(".dossier-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert sorted(h.rstrip("/").split("/")[-1] for h in found) == sorted(_page_chronology(site, person))
    assert page.locator("select[name=party]").input_value() == person
    assert session.foreign_requests() == []


# -- the Downloads page and the offline bundle ----------------------------------


def test_downloads_page_under_serve_never_links_a_zip_from_an_earlier_build(tmp_path):
    """A zip left in dist/ by an earlier build holds pages since edited or
    deleted: under `make serve` the Downloads page says how to make a bundle
    instead of linking that one. A build that has one links it (test_offline)."""
    from bs4 import BeautifulSoup

    from conftest import SMALL_KB, write_kb
    from mkdossier import bundle
    from mkdossier.render.downloads import NO_OFFLINE_BUNDLE
    from test_serve_rebuild import Server

    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))
    stale = project / "dist" / bundle.bundle_name("Russia–North Korea arms cooperation")
    stale.parent.mkdir()
    stale.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip, from "an earlier build"
    server = Server(project, tmp_path / "serve-tmp")
    try:
        status, text = server.get("downloads/")
    finally:
        server.stop()
    assert status == 200
    article = BeautifulSoup(text, "html.parser").select_one("article")
    assert not [a for a in article.select("a[href]") if a["href"].endswith(".zip")]
    assert NO_OFFLINE_BUNDLE.split(".")[0] in article.get_text()

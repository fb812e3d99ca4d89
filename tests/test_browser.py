"""The site in a real browser (Debian's chromium driven by Playwright), both
hosted on 127.0.0.1 and as the offline bundle opened from file://.

Every request is recorded: any request to another host fails the test.
Screenshots of a record page and the chronology go to test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM, GENERATOR_BIN, REPO, make_project, serve_folder

ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


@pytest.fixture(scope="module")
def offline_root(tmp_path_factory) -> Path:
    """The offline bundle, built by `make offline`'s command and unzipped into
    a folder whose path has a space and Cyrillic letters."""
    project = make_project(tmp_path_factory.mktemp("offline") / "project", REPO / "data")
    env = dict(os.environ, MKDOSSIER_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([GENERATOR_BIN, "build", "--strict", "-d", "offline-site"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    bundles = list((project / "dist").glob("*-offline.zip"))
    assert len(bundles) == 1
    target = project.parent / "Досье offline копия"
    with zipfile.ZipFile(bundles[0]) as archive:
        archive.extractall(target)
    (top,) = target.iterdir()
    return top


@pytest.fixture(scope="module")
def hosted_url(built_site):
    server = serve_folder(built_site)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


class Session:
    """A browser page that records every request it makes."""

    def __init__(self, browser, allowed: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 1000})
        self.page.set_default_timeout(60_000)  # a loaded CI machine is slow, not broken
        self.requests: list[str] = []
        self.allowed = allowed
        self.page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        def ours(url: str) -> bool:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                return True
            if self.allowed == "file":
                return parts.scheme == "file"
            return f"{parts.scheme}://{parts.netloc}/" == self.allowed
        return [url for url in self.requests if not ours(url)]

    def search(self, query: str) -> list[str]:
        page = self.page
        page.locator("label.md-search__icon, .md-search__input").first.click()
        field = page.locator("input.md-search__input")
        field.fill("")
        field.type(query)
        field.press("End")  # a real key: Material searches on keyup
        results = page.locator(".md-search-result__list li a")
        results.first.wait_for(timeout=60_000)
        return [a.get_attribute("href") for a in results.all()]


def _entries_shown(page) -> int:
    return page.locator(".dossier-entry:visible").count()


def _check_reader_journey(session: Session, home: str, page_name) -> None:
    page = session.page
    page.goto(home)
    assert "Russia–North Korea arms cooperation" in page.title()
    for query in ("Shoigu", "Шойгу"):
        hrefs = session.search(query)
        assert page_name("people/sergei-shoigu") in hrefs[0], (query, hrefs)
    kim = session.search("Ким Чен Ын")
    assert page_name("people/kim-jong-un") in kim[0], kim
    page.locator(".md-search-result__list li a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Kim Jong Un"
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Chronology").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Chronology"


def _check_filters(session: Session) -> None:
    page = session.page
    total = _entries_shown(page)
    assert total == 11
    page.select_option("select[name=party]", "sergei-shoigu")
    shown = _entries_shown(page)
    assert 0 < shown < total
    assert "party=sergei-shoigu" in page.url
    page.select_option("select[name=to]", "2022")
    assert _entries_shown(page) == 0
    page.select_option("select[name=to]", "")
    page.select_option("select[name=status]", "disputed")
    filtered = _entries_shown(page)
    url = page.url
    assert "status=disputed" in url and "party=sergei-shoigu" in url
    page.goto(url)  # the filtered view round-trips through the URL
    assert page.locator("select[name=party]").input_value() == "sergei-shoigu"
    assert _entries_shown(page) == filtered
    assert page.locator(".dossier-filters__count").inner_text().startswith(f"Showing {filtered} of {total}")
    page.locator(".dossier-filters button[type=reset]").click()
    page.wait_for_function("document.querySelectorAll('.dossier-entry[hidden]').length === 0")
    assert "party=" not in page.url


def test_offline_bundle_from_file_url(browser, offline_root):
    session = Session(browser, allowed="file")
    home = (offline_root / "index.html").as_uri()
    _check_reader_journey(session, home, lambda name: f"{name}.html")
    _check_filters(session)
    assert session.foreign_requests() == []
    assert all(urlsplit(u).scheme in ("file", "data", "blob", "about") for u in session.requests)


def test_hosted_site_requests_only_itself(browser, hosted_url):
    session = Session(browser, allowed=hosted_url)
    _check_reader_journey(session, hosted_url, lambda name: f"{name}/")
    _check_filters(session)
    for path in ("people/sergei-shoigu/", "disputed/", "reference/format/"):
        session.page.goto(hosted_url + path)
        session.page.wait_for_load_state("networkidle")
    assert session.foreign_requests() == []


def test_chronology_without_javascript_shows_everything(browser, hosted_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(hosted_url + "chronology/")
    assert page.locator(".dossier-entry").count() == 11
    assert page.locator("form.dossier-filters").is_hidden()
    context.close()


def test_screenshots_for_review(browser, hosted_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path, name in (("people/sergei-shoigu/", "record-page.png"), ("chronology/", "chronology.png")):
        page.goto(hosted_url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert (ARTIFACTS / name).stat().st_size > 10_000

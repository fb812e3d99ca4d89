"""Full-page screenshots of the shipped site for a person to look at: the
home page, the chronology, a person's page and the disputed claim's page,
saved in test-artifacts/ (ignored by git). The test checks each page drew
(its heading is there, nothing was fetched from another host); the eye
checks the rest."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from conftest import CHROMIUM, FLAGS, REPO, serve_folder

ARTIFACTS = REPO / "test-artifacts"
PAGES = {
    "reading-home.png": ("", "Russia–North Korea arms cooperation"),
    "reading-chronology.png": ("chronology/", "Chronology"),
    "reading-person.png": ("people/sergei-shoigu/", "Sergei Shoigu"),
    "reading-claim.png": ("claims/north-korea-sells-arms-to-russia/",
                                                   "North Korea sells arms to Russia."),
}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


@pytest.fixture(scope="module")
def hosted_url(built_site):
    server = serve_folder(built_site)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_screenshots_of_each_page_type(hosted_url):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(60_000)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        for name, (path, heading) in PAGES.items():
            page.goto(hosted_url + path)
            page.wait_for_load_state("networkidle")
            assert heading in page.locator("article h1").first.inner_text(), path
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            assert (ARTIFACTS / name).stat().st_size > 10_000, f"{name}: an empty picture"
        browser.close()
    foreign = [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
    assert not foreign, foreign

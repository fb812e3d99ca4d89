"""A hostile knowledge base in a real browser: every page opened, every link
in the content area clicked. Built with the old pattern-based link checks
switched off, so the sanitizer and the Content-Security-Policy are what stand
between the payloads and the reader. Any dialog, any javascript: URL, any
script the policy had to refuse, or any request the page itself makes to
another host fails the test. (A click on an ordinary http(s) link to another
site is a navigation the reader chose: it is stopped, not failed.)"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import CHROMIUM, SMALL_KB, serve_folder
from test_hostile import ESCAPED
from test_sanitize import LINK_VECTORS, build_without_pattern_checks

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                reason="Debian chromium not installed")

# A heading in a Markdown field reaches the theme's table of contents.
TOC_VECTOR = {
    "people/toc-heading.yaml": ('name: "Toc &lt;img src=x onerror=alert(11)&gt;"\ndescription: "## <img src=x '
                                'onerror=alert(12)> &lt;svg onload=alert(13)&gt;\\n\\ntext\\n\\n## <b>Second</b>\\n"\n'),
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    with pytest.MonkeyPatch.context() as monkeypatch:
        site = build_without_pattern_checks(monkeypatch, root, {**SMALL_KB, **ESCAPED, **LINK_VECTORS, **TOC_VECTOR})

    server = serve_folder(site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    yield f"http://127.0.0.1:{server.server_port}/", pages
    server.shutdown()


def test_no_payload_runs_when_every_page_is_opened_and_every_link_clicked(browser, hostile_url):
    base, pages = hostile_url
    assert any("quote-ref" in p for p in pages) and any("mallory" in p for p in pages)
    context = browser.new_context()
    failures, stopped = [], []

    def route(route):
        request = route.request
        if urlsplit(request.url).hostname == "127.0.0.1":
            return route.continue_()
        if request.is_navigation_request() and urlsplit(request.url).scheme in ("http", "https"):
            stopped.append(request.url)  # answered here: an aborted one would race the next goto
            return route.fulfill(status=200, content_type="text/plain", body="stopped by the test")
        failures.append(f"request to another host: {request.url}")
        route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: (failures.append(f"dialog {dialog.message!r} on {page.url}"), dialog.dismiss()))
    page.on("console", lambda message: failures.append(f"console on {page.url}: {message.text}")
            if "Content Security Policy" in message.text or "JavaScript URL" in message.text else None)
    page.on("pageerror", lambda error: failures.append(f"page error on {page.url}: {error}"))
    page.on("request", lambda request: failures.append(f"request {request.url}")
            if urlsplit(request.url).scheme not in ("http", "https", "data", "blob", "about", "chrome-error")
            else None)  # chrome-error: the page shown for a stopped navigation

    def open_page(url: str) -> None:
        for attempt in range(3):  # a click's navigation may still be landing
            try:
                page.goto(url)
                return
            except PlaywrightError:
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)

    clicked: set[str] = set()
    for path in pages:
        url = urljoin(base, path.removesuffix("index.html"))
        open_page(url)
        links = page.locator("article a[href]:not(.md-content__button)")
        # An SVG link's .href is an object: resolve its attribute as the browser does.
        hrefs = links.evaluate_all("links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
        for index, href in enumerate(hrefs):
            if urlsplit(href).scheme.lower() not in ("http", "https", "mailto"):
                failures.append(f"{path}: link to {href!r}")
            if href in clicked or href.startswith("mailto:"):
                continue
            clicked.add(href)
            if page.url.split("#")[0] != url:
                open_page(url)
            link = links.nth(index)
            try:
                link.click(timeout=2_000)
            except PlaywrightError:  # hidden (a folded part of the page): a click event all the same
                link.dispatch_event("click")
            page.wait_for_load_state()
    context.close()
    assert len(clicked) > 50
    assert failures == []

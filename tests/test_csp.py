"""The Content-Security-Policy: first in every page's head, hosted and
offline, allowing only the theme's own inline scripts by hash; a script
planted in a page is not allowed, and the site works under it in Chromium."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build as mkdocs_build_in_process
from mkdocs.config import load_config

from conftest import CHROMIUM, REPO, SMALL_KB, make_project, write_kb
from mkdossier import csp, sanitize
from test_browser import (Session, _check_filters, _check_reader_journey,  # noqa: F401 (fixtures)
                          hosted_url, offline_root)

SHIM = REPO / "docs" / "assets" / "vendor" / "iframe-worker" / "shim.js"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


def page_policy(soup: BeautifulSoup) -> dict[str, list[str]]:
    """The policy of a page, which must be the first element of its head."""
    first = next(child for child in soup.head.children if isinstance(child, Tag))
    assert first.name == "meta" and first.get("http-equiv") == "Content-Security-Policy", first
    return {name: values for name, *values in (d.split() for d in first["content"].split(";") if d.strip())}


def check_page(path: Path, offline: bool) -> None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    policy = page_policy(soup)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    hashes = policy["script-src"][1:]
    assert all(h.startswith("'sha256-") for h in hashes), hashes
    for name, values in policy.items():
        for value in values:  # nothing from other origins, no eval, inline only for styles
            assert "://" not in value and "*" not in value and value != "'unsafe-eval'", (path, name, value)
            assert value != "'unsafe-inline'" or name == "style-src", (path, name)
    assert len(soup.find_all("meta", attrs={"http-equiv": True})) == 1, path
    inline = [s for s in soup.find_all("script") if not s.get("src")
              and (s.get("type") or "").lower() in csp.EXECUTABLE_TYPES]
    assert inline, path  # the theme's own
    for script in inline:
        assert csp.script_hash(script.string or "") in hashes, (path, (script.string or "")[:80])
    if offline:  # the search worker's bootstrap in the shim's iframe
        worker_url = json.loads(soup.find("script", id="__config").string)["search"]
        assert csp.script_hash(csp.offline_worker_script(SHIM.read_text(), worker_url)) in hashes, path


def test_every_hosted_page_has_the_policy_first_with_only_hashed_inline_scripts(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40 and built_site / "404.html" in pages
    for page in pages:
        check_page(page, offline=False)


def test_every_offline_page_has_the_policy_first_with_only_hashed_inline_scripts(offline_root):
    pages = sorted(offline_root.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        check_page(page, offline=True)


def test_offline_worker_script_is_what_the_shim_writes():
    """The hash is of the exact text the vendored shim writes into its iframe
    (its two functions' source, then the worker URL); the shim is pinned by hash."""
    assert hashlib.sha256(SHIM.read_bytes()).hexdigest().startswith("e8e412db")
    text = csp.offline_worker_script(SHIM.read_text(), "../assets/javascripts/workers/search.x.min.js")
    assert text.startswith('postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts=function d(...s)')
    assert text.endswith('{filename:"../assets/javascripts/workers/search.x.min.js",error}))})')
    for unsafe in ('x"+alert(1)+"', "javascript:alert(1)", "//evil.example/w.js", "a b"):
        with pytest.raises(ValueError):
            csp.offline_worker_script(SHIM.read_text(), unsafe)


def test_the_policy_is_in_the_head_before_any_script():
    page = '<!doctype html><html><header></header><head lang="en"><script>x</script></head></html>'
    out = csp.with_policy(page, csp.policy(["'sha256-abc='"]))
    assert out.index('<meta http-equiv="Content-Security-Policy"') == page.index("<script>")
    assert "script-src 'self' 'sha256-abc='" in out


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """A build with the sanitizer switched off and a script in a page: the
    policy is computed from the theme, so the planted script is not allowed."""
    root = tmp_path_factory.mktemp("planted")
    project = make_project(root / "project", write_kb(root / "kb", SMALL_KB))
    (project / "docs" / "planted.md").write_text("# Planted\n\n<script>alert(document.domain)</script>\n")
    original = sanitize.clean
    sanitize.clean = lambda html: html
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(root / "site"))
        mkdocs_build_in_process(config)
    finally:
        sanitize.clean = original
    return root / "site"


def test_a_planted_inline_script_is_not_in_the_policy(planted_site):
    soup = BeautifulSoup((planted_site / "planted" / "index.html").read_text(encoding="utf-8"), "html.parser")
    planted = [s for s in soup.find_all("script") if s.string and "alert" in s.string]
    assert len(planted) == 1
    assert csp.script_hash(planted[0].string) not in page_policy(soup)["script-src"]


class Watched(Session):
    """A session that also records dialogs, page errors and CSP reports."""

    def __init__(self, browser, allowed: str):
        super().__init__(browser, allowed)
        self.dialogs, self.violations = [], []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda message: self.violations.append(message.text)
                     if "Content Security Policy" in message.text else None)
        self.page.on("pageerror", lambda error: self.violations.append(str(error)))


@needs_chromium
def test_a_planted_inline_script_does_not_run(browser, planted_site):  # noqa: F811
    session = Watched(browser, allowed="file")
    session.page.goto((planted_site / "planted" / "index.html").as_uri())
    session.page.wait_for_load_state("load")
    assert session.dialogs == []
    assert any("Content Security Policy" in v for v in session.violations), session.violations


@needs_chromium
def test_hosted_site_works_under_the_policy(browser, hosted_url):  # noqa: F811
    session = Watched(browser, allowed=hosted_url)
    _check_reader_journey(session, hosted_url, lambda name: f"{name}/")
    _check_filters(session)
    assert session.violations == []
    assert session.foreign_requests() == []


@needs_chromium
def test_offline_bundle_works_under_the_policy_from_file_url(browser, offline_root):  # noqa: F811
    """From file:// the search worker runs in the shim's iframe, under the
    page's policy: its bootstrap script is allowed by hash."""
    session = Watched(browser, allowed="file")
    _check_reader_journey(session, (offline_root / "index.html").as_uri(), lambda name: f"{name}.html")
    _check_filters(session)
    assert session.violations == []
    assert session.foreign_requests() == []

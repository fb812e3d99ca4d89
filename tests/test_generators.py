"""The same site from MkDocs 1.6 and from ProperDocs, its maintained fork:
the hooks are keyed to whichever generator runs them, so a strict build of
the shipped knowledge base gives the same pages under both, page by page."""

from __future__ import annotations

import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, REPO

GENERATORS = ("mkdocs", "properdocs")


def _build(generator: str, site) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([str(BIN / generator), "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def _without_generator_tag(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all("meta", attrs={"name": "generator"}):
        tag.decompose()
    return str(soup)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for generator in GENERATORS:
        site = tmp_path_factory.mktemp(generator)
        result = _build(generator, site)
        assert result.returncode == 0, f"{generator}: {result.stderr}"
        built[generator] = site
    return built


def test_both_generators_build_the_same_files(sites):
    files = {g: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
             for g, site in sites.items()}
    assert files["mkdocs"] == files["properdocs"]
    assert "people/sergei-shoigu/index.html" in files["mkdocs"]


def test_pages_differ_only_in_the_generator_tag(sites):
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    differing = []
    for page in sorted(mkdocs.rglob("*.html")):
        other = properdocs / page.relative_to(mkdocs)
        if page.read_bytes() == other.read_bytes():
            continue
        if _without_generator_tag(page.read_text(encoding="utf-8")) != _without_generator_tag(
                other.read_text(encoding="utf-8")):
            differing.append(page.relative_to(mkdocs).as_posix())
    assert differing == []
    generator = BeautifulSoup((properdocs / "index.html").read_text(encoding="utf-8"), "html.parser").find(
        "meta", attrs={"name": "generator"})
    assert generator and "properdocs" in generator["content"].lower()


def test_other_files_are_byte_identical(sites):
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    differing = [path.relative_to(mkdocs).as_posix() for path in sorted(mkdocs.rglob("*"))
                 if path.is_file() and path.suffix != ".html"
                 and path.read_bytes() != (properdocs / path.relative_to(mkdocs)).read_bytes()]
    assert differing == []

"""The engine converts its generated pages to HTML itself, on every core and
cached by content (``page_html``): the site must come out byte for byte as
when MkDocs converts every page (``MKDOSSIER_PAGE_HTML=off``), cold or with
the cache warm, and a stale or damaged cache may cost time, never a wrong page.
"""

from __future__ import annotations

import filecmp
import itertools
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, REPO, SMALL_KB, make_project, mkdocs_build, write_kb
from mkdossier import page_html


def _build(project: Path, site: Path, monkeypatch, cache: Path, engine: bool = True, *extra: str) -> Path:
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(cache))
    monkeypatch.setenv("MKDOSSIER_PAGE_HTML", "on" if engine else "off")
    result = mkdocs_build(project, site, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    site.joinpath("build.log").write_text(result.stderr, encoding="utf-8") if extra else None
    return site


def _indexed_by_workers(site: Path) -> int:
    """How many pages' search entries the engine's workers made (the build's debug log)."""
    found = re.search(r"mkdossier: (\d+) page\(s\) indexed for search by the engine's workers",
                      site.joinpath("build.log").read_text(encoding="utf-8"))
    assert found, "the build did not say"
    return int(found.group(1))


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or exist on one side only (paths relative to the sites)."""
    out = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            out.append(name)
    return out


def _stored(cache: Path) -> list[Path]:
    return sorted(p for folder in cache.glob("pages-*") for p in folder.glob("*.entry"))


def test_shipped_site_is_the_same_converted_by_the_engine(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", REPO / "data")
    by_mkdocs = _build(project, tmp_path / "mkdocs", monkeypatch, tmp_path / "cache-a", engine=False)
    cold = _build(project, tmp_path / "cold", monkeypatch, tmp_path / "cache-b")
    assert _stored(tmp_path / "cache-b"), "the engine converted no page"
    warm = _build(project, tmp_path / "warm", monkeypatch, tmp_path / "cache-b")
    assert _differences(by_mkdocs, cold) == []
    assert _differences(by_mkdocs, warm) == []


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """1,000 synthetic records (names in several scripts, unknown values,
    hostile text): enough pages that the engine converts them in parallel."""
    root = tmp_path_factory.mktemp("page-html")
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", "1000", "--out", str(root / "data")],
                   check=True, capture_output=True, timeout=300)
    return make_project(root / "project", root / "data")


def test_synthetic_site_is_the_same_converted_in_parallel(synthetic, tmp_path, monkeypatch):
    pages = len(list((synthetic / "data").rglob("*.yaml")))
    assert pages > page_html.PARALLEL_FROM  # the worker processes ran
    by_mkdocs = _build(synthetic, tmp_path / "mkdocs", monkeypatch, tmp_path / "cache-a", engine=False)
    engine = _build(synthetic, tmp_path / "engine", monkeypatch, tmp_path / "cache-b", True, "-v")
    assert len(_stored(tmp_path / "cache-b")) > 1000
    # Material's search did not parse the engine's pages again: their entries came with their HTML,
    # and the search index is the same, byte for byte, as when MkDocs converts and the plugin parses.
    assert _indexed_by_workers(engine) >= pages
    (engine / "build.log").unlink()
    assert _differences(by_mkdocs, engine) == []


def test_a_damaged_cache_costs_only_time(synthetic, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    clean = _build(synthetic, tmp_path / "clean", monkeypatch, cache)
    entries = _stored(cache)
    # Cut short, emptied, replaced by another page's entry, changed by hand (the seal no longer fits).
    entries[0].write_bytes(entries[0].read_bytes()[:100])
    entries[1].write_bytes(b"")
    entries[2].write_bytes(entries[3].read_bytes())
    text = entries[4].read_text(encoding="utf-8")
    entries[4].write_text(text.replace("<p>", "<p>planted ", 1), encoding="utf-8")
    again = _build(synthetic, tmp_path / "again", monkeypatch, cache)
    assert _differences(clean, again) == []


def test_a_stale_cache_follows_names_config_and_theme(tmp_path, monkeypatch):
    """Entries of an earlier build, then a neighbour's new name, a changed
    Markdown setting and a changed theme: each build equals a clean one."""
    data = write_kb(tmp_path / "kb", SMALL_KB)
    project = make_project(tmp_path / "project", data)
    cache = tmp_path / "cache"
    _build(project, tmp_path / "first", monkeypatch, cache)

    ada = project / "data" / "people" / "ada.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("name: Ada Example", "name: Ada Renamed"),
                   encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink: true", "permalink: '#'"),
                      encoding="utf-8")
    overrides = project / "overrides" / "main.html"
    overrides.write_text(overrides.read_text(encoding="utf-8") + "\n{% block announce %}Changed theme{% endblock %}\n",
                         encoding="utf-8")

    warm = _build(project, tmp_path / "warm", monkeypatch, cache)
    fresh = _build(project, tmp_path / "fresh", monkeypatch, tmp_path / "other-cache")
    assert _differences(fresh, warm) == []
    ada = (warm / "people" / "ada" / "index.html").read_text(encoding="utf-8")
    city = (warm / "places" / "gamma-city" / "index.html").read_text(encoding="utf-8")
    assert "Ada Renamed" in city and "Ada Example" not in city  # a neighbour's page follows the new name
    assert 'title="Permanent link">#</a>' in ada and "Changed theme" in ada


def test_the_engine_reads_its_front_matter_as_the_site_generator_does(synthetic):
    """The engine's pages are split into front matter and body without a YAML
    parser (``read_front_matter``): the same body and metadata as MkDocs' reading,
    on the repository's pages and 1,000 synthetic records' (several scripts, hostile text)."""
    from mkdocs.utils.meta import get_data

    from mkdossier import pipeline
    from mkdossier.render.pages import front_matter, read_front_matter

    pages = {**pipeline.build(REPO / "data", root=REPO).pages, **pipeline.build(synthetic / "data").pages}
    pages["odd"] = front_matter('Line\u2028break "quoted" \\ <b>x</b> 김정은', search={"exclude": True},
                                hide=["toc"], template="main.html") + "\n\n# Body\n---\ntext\n"
    assert len(pages) > 1000
    for path, text in pages.items():
        assert read_front_matter(text) == get_data(text), path
    for other in ("# No front matter\n", "---\ntitle: [unclosed\n---\nbody\n", "---\ntitle: x\n...\nbody\n",
                  "---\ntitle: \"a\"\n"):
        assert read_front_matter(other) is None


def test_links_come_out_as_the_site_generator_writes_them():
    from mkdocs.utils import get_relative_url

    urls = ["./", "people/ada/", "people/", "a/b/c/", "x.html", "people/ada.html", "chronology/2023/",
            "assets/x.css", "", "a/./b/../c/", "../y/", "downloads/dossier.zip"]
    for url, other in itertools.product(urls, repeat=2):
        assert page_html.relative_url(url, other) == get_relative_url(url, other), (url, other)


def test_a_link_to_a_missing_page_is_left_to_the_site_generator():
    converter = page_html.Converter(page_html.Dialect(("toc", "attr_list")), {"people/ada.md": "people/ada/"})
    assert converter.convert("people/ada.md", "people/ada/", "[me](ada.md) [gone](bob.md)") is None
    assert converter.convert("people/ada.md", "people/ada/", "[abs](/people/ada.md)") is None
    done = converter.convert("people/ada.md", "people/ada/", "# A\n\n[me](ada.md#a) [out](https://example.org/x.md)")
    assert done is not None
    assert '<a href="./#a">me</a>' in done.html and 'href="https://example.org/x.md"' in done.html
    assert done.links_to_anchors == {"people/ada.md": {"a": "ada.md#a"}}
    assert "a" in done.anchors


def test_figures_are_cleaned_once_and_a_damaged_entry_costs_only_time(tmp_path, monkeypatch):
    """Cleaned figures are kept by their digest: a rebuild cleans only new ones."""
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    store = page_html.open_store(tmp_path)
    dialect = page_html.Dialect(("toc",))
    pages = {"a.md": ("a/", "# A", {"title": "A"})}
    figures = {"k1": b'<svg><script>alert(1)</script><rect width="1"/></svg>', "k2": b"<svg><g></g></svg>"}
    _keys, first = page_html.convert_pages(pages, {"a.md": "a/"}, dialect, store, workers=1, fragments=figures)
    assert b"script" not in first["k1"]
    cleaned = []
    monkeypatch.setattr(page_html, "clean_fragments", lambda f: cleaned.append(sorted(f)) or {k: b"" for k in f})
    more = {**figures, "k3": b"<svg></svg>"}
    _keys, again = page_html.convert_pages(pages, {"a.md": "a/"}, dialect, store, workers=1, fragments=more)
    assert cleaned == [["k3"]] and again["k1"] == first["k1"] and again["k2"] == first["k2"]
    store.path(page_html.FIGURES).write_bytes(b"damaged")
    monkeypatch.undo()
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    _keys, after = page_html.convert_pages(pages, {"a.md": "a/"}, dialect, store, workers=1, fragments=figures)
    assert after == first

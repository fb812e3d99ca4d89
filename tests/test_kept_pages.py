"""Finished pages kept between builds (``hooks/mkdossier_kept.py``): a
rebuild takes each unchanged page's theme output and search entries from the
cache instead of rendering and parsing it again. The site must come out byte
for byte as a clean build's, and a stale or damaged cache, or one damaged
while the build runs, costs only time.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, SMALL_KB, make_project, mkdocs_build, write_kb
from test_page_html import _differences


def _build(project: Path, site: Path, monkeypatch, cache: Path | str) -> int:
    """Build; how many pages were kept from an earlier build."""
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(cache))
    result = mkdocs_build(project, site, "--verbose")
    assert result.returncode == 0, result.stderr[-3000:]
    found = re.search(r"mkdossier: (\d+) page\(s\) kept", result.stderr)
    return int(found.group(1)) if found else 0


def _pages(site: Path) -> int:
    return sum(1 for page in site.rglob("*.html") if page.name != "404.html")


def _entries(cache: Path) -> list[Path]:
    return sorted(p for folder in cache.glob("finished-*") for p in folder.glob("*.entry"))


def test_a_rebuild_keeps_every_page_and_makes_the_same_site(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", REPO / "data")
    cache = tmp_path / "cache"
    assert _build(project, tmp_path / "cold", monkeypatch, cache) == 0
    assert len(_entries(cache)) == 2 * _pages(tmp_path / "cold")  # each page's output and search entries
    assert _build(project, tmp_path / "warm", monkeypatch, cache) == _pages(tmp_path / "warm")
    _build(project, tmp_path / "uncached", monkeypatch, "off")
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []
    assert _differences(tmp_path / "uncached", tmp_path / "warm") == []


def test_an_edit_keeps_only_the_pages_it_does_not_change(tmp_path, monkeypatch):
    """A new name reaches its own page, its neighbours' and the lists; the
    rest is kept. The search index, made of kept and fresh entries in the
    build's order, is the clean build's."""
    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))
    cache = tmp_path / "cache"
    _build(project, tmp_path / "first", monkeypatch, cache)
    ada = project / "data" / "people" / "ada.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("name: Ada Example", "name: Ada Renamed"),
                   encoding="utf-8")
    kept = _build(project, tmp_path / "warm", monkeypatch, cache)
    _build(project, tmp_path / "fresh", monkeypatch, tmp_path / "other-cache")
    assert 0 < kept < _pages(tmp_path / "warm")
    assert _differences(tmp_path / "fresh", tmp_path / "warm") == []
    city = (tmp_path / "warm" / "places" / "gamma-city" / "index.html").read_text(encoding="utf-8")
    assert "Ada Renamed" in city and "Ada Example" not in city


def test_the_theme_and_the_configuration_are_part_of_every_page(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))
    cache = tmp_path / "cache"
    _build(project, tmp_path / "first", monkeypatch, cache)
    overrides = project / "overrides" / "main.html"
    overrides.write_text(overrides.read_text(encoding="utf-8") + "\n{% block announce %}Changed theme{% endblock %}\n",
                         encoding="utf-8")
    assert _build(project, tmp_path / "theme", monkeypatch, cache) == 0
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    - content.action.edit\n", ""),
                      encoding="utf-8")
    assert _build(project, tmp_path / "config", monkeypatch, cache) == 0
    _build(project, tmp_path / "fresh", monkeypatch, tmp_path / "other-cache")
    assert _differences(tmp_path / "fresh", tmp_path / "config") == []
    assert "Changed theme" in (tmp_path / "config" / "people" / "ada" / "index.html").read_text(encoding="utf-8")


def test_damaged_entries_cost_only_time(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))
    cache = tmp_path / "cache"
    _build(project, tmp_path / "clean", monkeypatch, cache)
    outputs = [p for p in _entries(cache) if not p.stem.endswith("-search")]
    searches = [p for p in _entries(cache) if p.stem.endswith("-search")]
    outputs[0].write_bytes(outputs[0].read_bytes()[:100])  # cut short
    outputs[1].write_bytes(outputs[2].read_bytes())  # another page's entry
    text = outputs[3].read_text(encoding="utf-8")  # changed by hand: the seal no longer fits
    outputs[3].write_text(text.replace("<body", "<body onload=alert(1)", 1), encoding="utf-8")
    searches[-1].write_bytes(b"")  # another page's search entries
    _build(project, tmp_path / "again", monkeypatch, cache)
    assert _differences(tmp_path / "clean", tmp_path / "again") == []
    # Each damaged entry was made again: the next build keeps every page.
    assert _build(project, tmp_path / "third", monkeypatch, cache) == _pages(tmp_path / "clean")
    assert _differences(tmp_path / "clean", tmp_path / "third") == []


def test_entries_damaged_while_the_build_runs_cost_only_time(tmp_path, monkeypatch):
    """Found when the build began, gone or damaged when the page is written:
    the theme renders that page after all."""
    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))
    cache = tmp_path / "cache"
    (project / "spoil.py").write_text(
        "import os\n"
        "from pathlib import Path\n"
        "from mkdocs.plugins import event_priority\n\n"
        "@event_priority(-100)  # after the hook has found the pages it keeps\n"
        "def on_env(env, config, files):\n"
        "    if os.environ.get('SPOIL'):\n"
        "        for n, entry in enumerate(sorted(Path(%r).glob('finished-*/*[0-9a-f].entry'))):\n"
        "            entry.unlink() if n %% 2 else entry.write_bytes(b'{}')\n"
        "    return env\n" % str(cache), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - hooks/mkdossier_hook.py\n", "  - hooks/mkdossier_hook.py\n  - spoil.py\n"), encoding="utf-8")
    _build(project, tmp_path / "clean", monkeypatch, cache)
    monkeypatch.setenv("SPOIL", "1")
    assert _build(project, tmp_path / "again", monkeypatch, cache) == _pages(tmp_path / "clean")
    assert _differences(tmp_path / "clean", tmp_path / "again") == []
    monkeypatch.delenv("SPOIL")
    assert _build(project, tmp_path / "third", monkeypatch, cache) == _pages(tmp_path / "clean")
    assert _differences(tmp_path / "clean", tmp_path / "third") == []

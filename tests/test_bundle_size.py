"""The offline bundle carries only what a reader's browser loads from it:
no source maps, only the lunr languages the site's search uses, one copy of
the search index (``search_index.js``), and the chronology's filter script
only on the chronology pages. (Search from file:// in the unzipped bundle is
tested in test_browser.py.)"""

from __future__ import annotations

import os
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup

from conftest import GENERATOR_BIN, REPO, make_project
from mkdossier import bundle

# The shipped bundle was 1.08 MB with the dead weight, 0.51 MB without (docs/benchmark.md).
MAX_BYTES = 650_000


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("bundle") / "project", REPO / "data")
    env = dict(os.environ, MKDOSSIER_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([GENERATOR_BIN, "build", "--strict", "-d", "offline-site"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (zipped,) = (project / "dist").glob("*-offline.zip")
    with zipfile.ZipFile(zipped) as archive:
        names = [name.split("/", 1)[1] for name in archive.namelist()]
        pages = {name: archive.read(f"{zipped.stem}/{name}").decode("utf-8")
                 for name in names if name.endswith(".html")}
    return zipped, names, pages


def test_no_source_maps_and_one_search_index(offline):
    _zipped, names, _pages = offline
    assert [n for n in names if n.endswith(".map")] == []
    assert "search/search_index.js" in names
    assert "search/search_index.json" not in names


def test_only_the_lunr_languages_the_search_uses(offline):
    _zipped, names, _pages = offline
    lunr = sorted(n.removeprefix(bundle.LUNR) for n in names if n.startswith(bundle.LUNR))
    # mkdocs.yml: search lang [en, ru]
    assert lunr == ["min/lunr.ko.min.js", "min/lunr.multi.min.js", "min/lunr.ru.min.js",
                    "min/lunr.stemmer.support.min.js"]


def test_lunr_files_follow_the_languages():
    assert bundle.lunr_files(["en"]) == set()
    assert bundle.lunr_files(["th"]) == {"wordcut.js", "min/lunr.th.min.js", "min/lunr.stemmer.support.min.js"}
    assert "tinyseg.js" in bundle.lunr_files(["en", "ja"])


def test_filter_script_only_on_chronology_pages(offline):
    _zipped, _names, pages = offline
    loading = set()
    for name, text in pages.items():
        sources = [s["src"] for s in BeautifulSoup(text, "html.parser").find_all("script", src=True)]
        if any(s.endswith("chronology-filters.js") for s in sources):
            loading.add(name)
        has_form = "dossier-filters" in text and "<form" in text
        assert has_form == (name in loading), name
    assert loading and all(name.startswith("chronology/") for name in loading)


def test_bundle_is_lean(offline):
    zipped, _names, _pages = offline
    assert zipped.stat().st_size < MAX_BYTES

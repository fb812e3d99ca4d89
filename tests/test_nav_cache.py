"""The theme's navigation is rendered once for all the pages that show the
same one (``mkdossier_nav``): the site must be byte for byte the one built
with every page's navigation rendered (``MKDOSSIER_NAV_CACHE=off``), for the
site and for the offline bundle, whose pages link with other addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, make_project, mkdocs_build
from test_page_html import _differences


def _build(project: Path, site: Path, monkeypatch, cache: str, offline: bool) -> tuple[Path, int]:
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", "off")
    monkeypatch.setenv("MKDOSSIER_NAV_CACHE", cache)
    monkeypatch.setenv("MKDOSSIER_OFFLINE", "true" if offline else "false")
    result = mkdocs_build(project, site, "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    reused = re.search(r"mkdossier: (\d+) page\(s\) given a navigation rendered for another", result.stderr)
    return site, int(reused.group(1))


@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline bundle"])
def test_pages_share_a_navigation_and_come_out_the_same(tmp_path, monkeypatch, offline):
    project = make_project(tmp_path / "project", REPO / "data")
    shared, reused = _build(project, tmp_path / "shared", monkeypatch, "on", offline)
    each, none = _build(project, tmp_path / "each", monkeypatch, "off", offline)
    records = len(list((REPO / "data").rglob("*.yaml")))
    assert none == 0 and reused >= records - 10  # record pages are not in the navigation: they share one
    assert _differences(each, shared) == []
    # A page in the navigation shows itself there as the current page.
    home = (shared / ("index.html")).read_text(encoding="utf-8")
    assert "md-nav__link--active" in home

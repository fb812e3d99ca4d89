"""The offline bundle: vendored scripts only, file:// links, and a link to it
from the hosted site."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess

from bs4 import BeautifulSoup

from conftest import GENERATOR_BIN, REPO, make_project, mkdocs_build

SHIM = REPO / "docs" / "assets" / "vendor" / "iframe-worker" / "shim.js"


def test_vendored_shim_is_the_published_file():
    recorded = re.search(r"sha256: ([0-9a-f]{64})", (SHIM.parent / "SOURCE.txt").read_text()).group(1)
    assert hashlib.sha256(SHIM.read_bytes()).hexdigest() == recorded
    assert "MIT" in (SHIM.parent / "LICENSE").read_text()


def test_offline_build_uses_only_vendored_scripts_and_links_the_hosted_site_to_it(tmp_path):
    project = make_project(tmp_path / "project", REPO / "data")
    env = dict(os.environ, MKDOSSIER_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    offline = subprocess.run([GENERATOR_BIN, "build", "--strict", "-d", str(tmp_path / "offline")],
                             cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert offline.returncode == 0, offline.stderr
    home = BeautifulSoup((tmp_path / "offline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sources = [s["src"] for s in home.find_all("script", src=True)]
    assert "assets/vendor/iframe-worker/shim.js" in sources
    assert all("://" not in s for s in sources)
    assert (tmp_path / "offline" / "search" / "search_index.js").is_file()
    assert not any(a["href"].endswith("/") for a in home.select("nav a[href]") if "://" not in a["href"])
    assert "Download for offline reading" not in home.get_text()  # no bundle inside the bundle

    hosted = mkdocs_build(project, tmp_path / "hosted")
    assert hosted.returncode == 0, hosted.stderr
    page = BeautifulSoup((tmp_path / "hosted" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.find("a", string="Download for offline reading")
    assert link["href"] == "downloads/russia-north-korea-arms-cooperation-offline.zip"
    assert (tmp_path / "hosted" / link["href"]).read_bytes() == next((project / "dist").glob("*.zip")).read_bytes()

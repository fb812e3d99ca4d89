"""Same commit, same bytes: two builds of the knowledge base are identical,
and so are two offline bundles."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import GENERATOR_BIN, REPO, make_project, mkdocs_build


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, built_site):
    again = tmp_path / "again"
    result = mkdocs_build(REPO, again)
    assert result.returncode == 0, result.stderr
    first, second = _files(built_site), _files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_two_offline_bundles_are_byte_identical(tmp_path):
    bundles = []
    for name in ("one", "two"):
        project = make_project(tmp_path / name, REPO / "data")
        env = dict(os.environ, MKDOSSIER_OFFLINE="true", NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
        result = subprocess.run([GENERATOR_BIN, "build", "--strict", "-d", "offline-site"],
                                cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        (bundle,) = (project / "dist").glob("*-offline.zip")
        bundles.append(bundle.read_bytes())
    assert bundles[0] == bundles[1]

"""Same commit, same bytes: two builds of the knowledge base are identical,
and so are two offline bundles."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import BIN, GENERATOR_BIN, REPO, SMALL_KB, make_project, mkdocs_build, write_kb


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


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    """Sets and dicts of strings iterate in an order that changes with
    PYTHONHASHSEED: every ordering of records must break ties by id (records
    sharing a title are common: "Kim", "Ministry of Defence")."""
    files = dict(SMALL_KB)
    for n in range(12):
        files[f"people/kim-{n}.yaml"] = "name: Kim\n"
        files[f"incidents/meeting-{n}.yaml"] = (
            f"title: Meeting\ndate: '2023-05'\nsources: [report]\n"
            f"participants: [{{id: kim-{n}, role: guest}}, {{id: kim-{(n + 1) % 12}, role: host}}]\n"
            f"summary: With [[kim-{(n + 5) % 12}]] and [[gamma-city]].\n")
    data = write_kb(tmp_path / "kb", files)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed, MKDOSSIER_CACHE_DIR="off")
        result = subprocess.run([str(BIN / "mkdossier"), "render", "--data", str(data), "--out", str(out)],
                                capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(_files(out))
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []

"""Synthetic knowledge bases for the benchmark (``mkdossier synth``): the same seed
gives the same bytes, they pass check with the mix real bases have, the nav of
the site they make does not grow with them, and ``bench/run.py`` runs end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import REPO, make_project, mkdocs_build
from mkdossier import pipeline, synth

# One pattern for each form of date the generator promises (see synth.DATE_FORMS).
DAY = r"\d{4}-\d{2}-\d{2}"
DATE_FORMS = {
    "day": rf"^{DAY}$",
    "month": r"^\d{4}-\d{2}$",
    "year": r"^\d{4}$",
    "interval": rf"^{DAY}/{DAY}$",
    "approximate": r"^\d{4}(-\d{2})?~$",
    "uncertain": r"^\d{4}-\d{2}(-\d{2})?\?$",
    "approximate and uncertain": r"^\d{4}-\d{2}%$",
    "open end": rf"^{DAY}/\.\.$",
    "open start": rf"^\.\./{DAY}$",
    "unspecified digits": r"X",
}


def _synth(out: Path, records: int, seed: int = 0, hash_seed: str = "0") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    return subprocess.run([sys.executable, "-m", "mkdossier.synth", "--records", str(records), "--out", str(out),
                           "--seed", str(seed)], capture_output=True, text=True, env=env, timeout=300)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(tmp_path):
    # Different hash seeds: no set or dict order leaks into the files.
    first = _synth(tmp_path / "first", 300, hash_seed="1")
    again = _synth(tmp_path / "again", 300, hash_seed="2")
    other = _synth(tmp_path / "other", 300, seed=1)
    for result in (first, again, other):
        assert result.returncode == 0, result.stderr
    assert "Wrote 300 records" in first.stdout
    assert _files(tmp_path / "first") == _files(tmp_path / "again")
    assert _files(tmp_path / "other") != _files(tmp_path / "first")
    assert synth.knowledge_base(300, seed=0) == {k: v.decode() for k, v in _files(tmp_path / "first").items()}


def test_synthetic_knowledge_base_passes_check_with_a_realistic_mix(tmp_path):
    data = synth.write(synth.knowledge_base(300, seed=0), tmp_path / "data")
    result = pipeline.check(data)
    assert [str(p) for p in result.problems] == []
    graph = result.graph

    counts = {name: len(graph.of_type(name)) for name in graph.model.types}
    assert sum(counts.values()) == 300
    for name, share in synth.MIX.items():
        assert abs(counts[name] - 300 * share) <= 1, (name, counts)

    incidents = graph.of_type("incident")
    assert {len(i.data["participants"]) for i in incidents} == {2, 3, 4, 5}
    assert {len(c.stances) for c in graph.claims} == {1, 2, 3}
    assert {c.status for c in graph.claims} == set(graph.model.vocabularies["claim_status"])
    assert sum(bool(edges) for edges in graph.edges_out.values()) > 50
    assert sum(len(ids) for ids in graph.referenced_by.values()) > 1000  # [[mentions]] in prose

    written = [r.data.get(key) for r in graph.records.values() for key in ("date", "published")]
    written += [e.since for edges in graph.edges_out.values() for e in edges]
    written = [str(d) for d in written if d]
    missing = [form for form, pattern in DATE_FORMS.items() if not any(re.search(pattern, d) for d in written)]
    assert missing == []

    aliases = [a for r in graph.records.values() for a in r.data.get("aliases") or []]
    assert any(re.search("[\u0400-\u04ff]", a) for a in aliases)  # Cyrillic
    assert any(re.search("[\uac00-\ud7af]", a) for a in aliases)  # Hangul


def test_only_values_the_model_allows(tmp_path):
    """Vocabularies and relation kinds come from the model, so a base stays valid as it changes."""
    model = pipeline.load(REPO / "data").model
    files = synth.knowledge_base(1000, seed=5)
    used: dict[str, set] = {"relation": set(), "role": set(), "stance": set()}
    for name, text in files.items():
        record = yaml.safe_load(text)
        used["relation"] |= {r["type"] for r in record.get("relations") or []}
        used["role"] |= {p["role"] for p in record.get("participants") or []}
        claims = record.get("claims") or ([record] if name.startswith("claims/") else [])
        used["stance"] |= {s["stance"] for c in claims for s in c["stances"]}
    assert used["relation"] <= set(model.relations) and len(used["relation"]) >= 8
    assert used["role"] == set(model.vocabularies["participant_role"])
    assert used["stance"] == set(model.vocabularies["stance"])


def test_synth_refuses_a_folder_with_files_and_too_few_records(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notes.txt").write_text("mine", encoding="utf-8")
    busy = _synth(tmp_path / "data", 100)
    assert busy.returncode == 2
    assert "is not empty" in busy.stderr
    assert (tmp_path / "data" / "notes.txt").read_text(encoding="utf-8") == "mine"
    tiny = _synth(tmp_path / "tiny", 3)
    assert tiny.returncode == 2
    assert "at least 10 records" in tiny.stderr


def _nav(page: Path) -> list[str]:
    """The text of each link in Material's primary navigation."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    return [" ".join(a.get_text().split()) for a in nav.find_all("a", href=True)]


def test_nav_does_not_grow_with_the_knowledge_base(tmp_path):
    navs = {}
    for records in (60, 240):
        project = make_project(tmp_path / f"project-{records}")
        synth.write(synth.knowledge_base(records, seed=3), project / "data")
        site = tmp_path / f"site-{records}"
        result = mkdocs_build(project, site)
        assert result.returncode == 0, result.stderr
        people = sorted((site / "people").glob("*/index.html"))
        assert len(people) == records // 5
        navs[records] = _nav(people[0])
        assert navs[records] == _nav(people[-1])
    assert len(navs[60]) == len(navs[240])
    assert navs[60] == navs[240]
    assert "People" in navs[60]


def test_bench_quick_run_reports_every_figure(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--json", str(out)],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ratio hooked / baseline" in result.stdout
    (run,) = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert run["records"] == 200
    assert set(run["hooked"]["stages"]) >= {"load", "validate", "resolve", "engine", "pages", "exports", "figures", "mkdocs"}
    assert run["baseline"]["wall"] > 0 and run["ratio"] > 0
    # The figures' cost: the same build with `extra: figures: false`.
    assert "ratio with / without timelines and graphs" in result.stdout
    assert run["without_figures"]["wall"] > 0 and run["figures_ratio"] > 0
    # The speed targets' figures: a rebuild with nothing changed, against the baseline.
    assert "ratio warm rebuild / baseline" in result.stdout and run["warm"]["ratio"] > 0
    assert run["site"]["search_index_mb"] > 0 and run["site"]["nav_links"] > 5
    # The baseline built the same pages: the same number of HTML pages, about the same size.
    assert abs(run["baseline"]["site_mb"] - run["site"]["site_mb"]) < 0.05 * run["site"]["site_mb"]
    assert all(found == total for found, total in run["site"]["searchable"].values())

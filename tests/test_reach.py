"""Rendering again only the pages an edit reaches (``mkdocs serve``) gives
exactly what rendering everything gives: after renamed records of every
type, a renamed publisher (shown in citations three connections away), a moved reference, a deleted record, a new one and a broken edit, on a
synthetic knowledge base (names in several scripts, unknown values, hostile
text)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from mkdossier import pipeline, reach, synth
from mkdossier.render import Settings

RECORDS = 400


def _files(data: Path) -> dict[str, dict]:
    return {p.relative_to(data).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(data.rglob("*.yaml"))}


def _write(data: Path, name: str, record: dict) -> None:
    (data / name).write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _replace(value, old: str, new: str):
    """``value`` with every string equal to ``old`` (an id) replaced by ``new``."""
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return new if value == old else value


def _same(incremental: pipeline.Result, full: pipeline.Result) -> None:
    assert incremental.ok and full.ok, (incremental.problems or full.problems)[:3]
    assert list(incremental.pages.items()) == list(full.pages.items())
    assert incremental.figures == full.figures
    assert incremental.files == full.files


@pytest.fixture()
def data(tmp_path) -> Path:
    return synth.write(synth.knowledge_base(RECORDS, seed=11), tmp_path / "data")


def test_an_edit_renders_again_only_what_it_reaches(data):
    rng = random.Random(4)
    settings = Settings()
    last = pipeline.build(data, settings, incremental=True)
    assert last.ok and last.rendered == len(last.graph.records)
    model = last.graph.model

    def by_type(graph):
        found: dict[str, list] = {}
        for record in graph.records.values():
            found.setdefault(record.type, []).append(record)
        return found

    def edit_and_compare(describe: str, keeps: bool = True) -> pipeline.Result:
        incremental = pipeline.build(data, settings, previous=last, incremental=True)
        full = pipeline.build(data, settings)
        _same(incremental, full)
        if keeps:
            assert incremental.rendered < len(full.graph.records), describe  # pages were kept
            # and so were the export parts of records the edit did not reach (the same objects)
            kept = [key for key, part in incremental.parts.items() if last.parts.get(key) is part]
            assert kept and {kind for kind, _id in kept} >= {"ftm entity", "ftm links", "csv", "dossier"}, describe
        return incremental

    # A renamed record of each type: its title is on every page next to it.
    for type_name, records in sorted(by_type(last.graph).items()):
        record = rng.choice(records)
        name = record.file.split("/", 1)[1]
        content = _files(data)[name]
        content[model.types[type_name].title_field] = f"Renamed {type_name} — Ünïcode 이름 Имя"
        _write(data, name, content)
        last = edit_and_compare(f"renamed {record.id}")

    # A record shown in citations (a source's publisher): the pages citing those sources change.
    graph = last.graph
    shown = min((i for i in graph.records if reach._citations_showing(graph, i)),
                key=lambda i: (len(reach._citations_showing(graph, i)), i))
    record = graph.records[shown]
    name = record.file.split("/", 1)[1]
    content = _files(data)[name]
    content[model.types[record.type].title_field] = "Renamed publisher"
    _write(data, name, content)
    last = edit_and_compare(f"renamed {shown}, shown in citations", keeps=False)

    # A reference moved from one record to another of the same type.
    graph = last.graph
    holder = next(r for r in graph.records.values()
                  if r.refs and any(len(by_type(graph)[graph.records[t].type]) > 1 for t in r.refs.values()))
    old_target = next(t for t in holder.refs.values() if len(by_type(graph)[graph.records[t].type]) > 1)
    new_target = next(r.id for r in by_type(graph)[graph.records[old_target].type] if r.id != old_target)
    name = holder.file.split("/", 1)[1]
    _write(data, name, _replace(_files(data)[name], old_target, new_target))
    last = edit_and_compare(f"{holder.id}: {old_target} → {new_target}")

    # A record nothing references, deleted; then written back.
    graph = last.graph
    gone = next(r for r in graph.records.values() if not graph.referenced_by.get(r.id))
    gone_file = data / gone.file.split("/", 1)[1]
    text = gone_file.read_bytes()
    gone_file.unlink()
    last = edit_and_compare(f"deleted {gone.id}")
    assert gone.id not in last.graph.records
    gone_file.write_bytes(text)
    last = edit_and_compare(f"added {gone.id}")

    # A broken edit makes no build; the next good one is compared with the last good one.
    holder_file = data / holder.file.split("/", 1)[1]
    good = holder_file.read_bytes()
    holder_file.write_text("title: [unclosed\n", encoding="utf-8")
    assert not pipeline.build(data, settings, previous=last, incremental=True).ok
    holder_file.write_bytes(good.replace(new_target.encode(), old_target.encode()))
    last = edit_and_compare("fixed, with the reference moved back")


def test_a_changed_model_or_settings_renders_everything(data):
    first = pipeline.build(data, Settings(), incremental=True)
    again = pipeline.build(data, Settings(site_name="Another name", site_url="https://example.org/kb/"),
                           previous=first, incremental=True)
    assert again.rendered == len(again.graph.records)
    _same(again, pipeline.build(data, Settings(site_name="Another name", site_url="https://example.org/kb/")))
    unchanged = pipeline.build(data, Settings(site_name="Another name", site_url="https://example.org/kb/"),
                               previous=again, incremental=True)
    assert unchanged.rendered == 0
    assert all(unchanged.parts[key] is part for key, part in again.parts.items())
    _same(unchanged, again)


def test_what_an_edit_reaches_is_two_connections_either_way(data):
    graph = pipeline.check(data).graph
    hub = max(graph.records, key=lambda i: len(reach.connected(graph, i)))
    one = reach.reached(graph, graph, {hub}, hops=1)
    assert one == {hub} | reach.connected(graph, hub)
    two = reach.reached(graph, graph, {hub})
    assert two == one.union(*(reach.connected(graph, i) for i in one))
    assert reach.changed_records(graph, graph) == set()

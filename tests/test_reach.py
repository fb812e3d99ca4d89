"""Rendering again only the pages an edit reaches (``mkdocs serve``) gives
exactly what rendering everything gives: after renamed records of every
type, a renamed publisher (shown in citations three connections away), a
moved reference, a deleted record, a new one, a broken edit, a neighbour
moved into a hub's graph by an edit two connections away, and random edits
of any value of any record, on a synthetic knowledge base (names in several
scripts, unknown values, hostile text)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from conftest import value_at, with_value, yaml_paths
from mkdossier import pipeline, reach, synth
from mkdossier.render import Settings
from mkdossier.render import graph as figures

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


def _graph(graph) -> dict:
    """Everything the graph holds but its caches, as plain values (dict order kept where it matters)."""
    return {name: ({key: value for key, value in found.items() if value} if isinstance(found, dict) else found)
            for name, found in vars(graph).items() if not name.startswith("_") and name != "records"} | {
        "dates in order": list(graph.spans)}


def _same(incremental: pipeline.Result, full: pipeline.Result) -> None:
    assert incremental.ok and full.ok, (incremental.problems or full.problems)[:3]
    assert _graph(incremental.graph) == _graph(full.graph)  # resolved from the last build's shares, or afresh
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
            # what unchanged records add to the graph was taken from the last build, not read again
            shares = incremental.graph._shares
            assert sum(shares.get(key) is share for key, share in last.graph._shares.items()) >= len(shares) - 2
            # and so were the parts of export files and site-wide pages of records the edit
            # did not reach (the same objects)
            kept = {kind.split(" ", 1)[0] if kind.startswith(("atom ", "ical ", "chronology entry ")) else
                    kind.split("\0", 1)[0] for (kind, _id), part in incremental.parts.items()
                    if last.parts.get((kind, _id)) is part}
            assert kept >= {"ftm entity", "ftm links", "csv", "dossier", "atom", "ical", "chronology",
                            "index row", "type links", "filter form", "dossier claims", "csv relations",
                            "csv claims"}, (describe, kept)
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


def test_random_edits_render_what_a_full_rendering_renders(data):
    """Any value of any record, changed: a reference to another record of its
    type, a date to another day, text to other text (scripts, markup, empty).
    Each edit that makes a valid base is built incrementally and compared with
    a full rendering; the reach it took is recorded to show it stays small."""
    rng = random.Random(8)
    settings = Settings()
    last = pipeline.build(data, settings, incremental=True)
    compared, rendered = 0, []
    while compared < 16:
        graph = last.graph
        record = rng.choice(sorted(graph.records.values(), key=lambda r: r.id))
        name = record.file.split("/", 1)[1]
        path = data / name
        text = path.read_text(encoding="utf-8")
        content = yaml.safe_load(text)
        where = rng.choice([p for p in yaml_paths(content) if isinstance(value_at(content, p), str)])
        value = value_at(content, where)
        if value in graph.records:
            others = [r.id for r in graph.of_type(graph.records[value].type) if r.id != value]
            new = rng.choice(others) if others else value
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            new = f"{value[:8]}{rng.randint(1, 28):02d}"
        else:
            new = rng.choice(["Ünïcode 이름 Имя", "<b onclick=x()>bold</b> & *it*", f"{value} edited", ""])
        _write(data, name, with_value(content, where, new))
        incremental = pipeline.build(data, settings, previous=last, incremental=True)
        if not incremental.ok:  # e.g. a value outside its enum: put back
            path.write_text(text, encoding="utf-8")
            continue
        _same(incremental, pipeline.build(data, settings))
        compared += 1
        rendered.append(incremental.rendered)
        last = incremental
    assert sorted(rendered)[len(rendered) // 2] < len(last.graph.records) / 4, rendered


def test_what_an_edit_reaches(data):
    graph = pipeline.check(data).graph
    hub = max(graph.records, key=lambda i: len(reach.connected(graph, i)))
    one = reach.within(graph, graph, {hub}, 1)
    assert one == {hub} | reach.connected(graph, hub)
    assert reach.within(graph, graph, {hub}, 2) == one.union(*(reach.connected(graph, i) for i in one))
    # Nothing rewired: one connection, and the far ends of the relations citing it.
    assert one <= reach.reached(graph, graph, {hub}) <= reach.within(graph, graph, {hub}, 2)
    assert reach.changed_records(graph, graph) == set()


def test_a_changed_degree_reaches_the_pages_that_rank_that_record(data):
    """A page's graph shows its best-connected neighbours first (at most
    ``NODE_LIMIT``): an edit far from a hub that connects one more record to
    one of the hub's neighbours can move that neighbour into the hub's graph.
    The hub is two connections from the edit, reached only through the
    neighbour's changed degree."""
    settings = Settings()
    last = pipeline.build(data, settings, incremental=True)
    graph = last.graph

    def shown(graph, hub):
        return {n.id for n in figures.chosen(graph, figures.neighbourhood(graph, graph.records[hub]))}

    def attempts():
        """(hub, the file to edit, the id it references, the hub's neighbour to reference instead)."""
        for hub in sorted(graph.records):
            ranked = sorted(figures.neighbourhood(graph, graph.records[hub]),
                            key=lambda n: (n.rank, -len(n.labels), -graph.degree(n.id), n.id))
            if len(ranked) < figures.NODE_LIMIT:
                continue
            last_in, left_out = ranked[figures.NODE_LIMIT - 2], ranked[figures.NODE_LIMIT - 1].id
            if ((last_in.rank, len(last_in.labels)) != (ranked[figures.NODE_LIMIT - 1].rank,
                                                        len(ranked[figures.NODE_LIMIT - 1].labels))
                    or graph.degree(left_out) + 1 < graph.degree(last_in.id)):
                continue  # one more connection would not move it in
            near = reach.within(graph, graph, {hub}, 1)
            for record in sorted(graph.records.values(), key=lambda r: r.id):
                if record.id in near or left_out in reach.connected(graph, record.id):
                    continue
                # a reference that counts in the degree: a typed link or an involvement
                counted = graph.linked(record.id) | {i for i in record.refs.values()
                                                     if record.id in graph.incidents_of.get(i, ())}
                for target in sorted(counted):
                    if (target not in near
                            and graph.records[target].type == graph.records[left_out].type):
                        yield hub, record, target, left_out
                        break

    for hub, record, old_target, new_target in attempts():
        name = record.file.split("/", 1)[1]
        path = data / name
        text = path.read_text(encoding="utf-8")
        _write(data, name, _replace(yaml.safe_load(text), old_target, new_target))
        after = pipeline.check(data)
        if after.ok and shown(after.graph, hub) != shown(graph, hub):
            break
        path.write_text(text, encoding="utf-8")
    else:
        pytest.fail("no edit moves a neighbour into a hub's graph in this knowledge base")

    incremental = pipeline.build(data, settings, previous=last, incremental=True)
    _same(incremental, pipeline.build(data, settings))
    changed = reach.changed_records(last.graph, incremental.graph)
    assert changed == {record.id}
    assert hub not in reach.within(last.graph, incremental.graph, changed, 1)
    assert hub not in reach._relations_citing(last.graph, record.id) | reach._relations_citing(incremental.graph, record.id)
    assert hub in reach.reached(last.graph, incremental.graph, changed)
    page = next(p for p in incremental.pages if p.endswith(f"/{hub}.md"))
    assert incremental.pages[page] != last.pages[page]  # its graph shows the other neighbour

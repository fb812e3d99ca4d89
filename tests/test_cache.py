"""The disk cache and the quick data path must never change what ``check``
and ``build`` say: only how fast they say it."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, SMALL_KB, write_kb
from mkdossier import cache, pipeline, yamlsource


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of its own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(folder))
    return folder


def _no_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file the cache knew")
    monkeypatch.setattr("mkdossier.load.parse_data", refuse)
    monkeypatch.setattr("mkdossier.load.parse", refuse)


def test_second_check_reads_the_cache_and_builds_the_same_pages(tmp_path, cache_dir, monkeypatch):
    data = write_kb(tmp_path, SMALL_KB)
    cold = pipeline.build(data)
    assert cold.ok and list(cache_dir.glob("*.json"))
    _no_parsing(monkeypatch)
    warm = pipeline.build(data)
    assert warm.ok
    assert warm.pages == cold.pages and warm.files == cold.files


def test_a_changed_file_is_read_again_and_its_problem_has_its_position(tmp_path, cache_dir, monkeypatch):
    data = write_kb(tmp_path, SMALL_KB)
    assert pipeline.check(data).ok
    (data / "people/ada.yaml").write_text(
        "name: Ada Example\ndescription: Works with [[beta-ministri]].\n", encoding="utf-8")
    problems = [str(p) for p in pipeline.check(data).problems]
    assert problems == ["data/people/ada.yaml:2:25: description: unknown id 'beta-ministri'. "
                        "Did you mean 'beta-ministry' (data/organizations/beta-ministry.yaml)?"]


def test_a_cached_file_still_points_at_its_line_when_another_file_breaks_it(tmp_path, cache_dir, monkeypatch):
    """The cache keeps data without positions: they are found again on demand."""
    data = write_kb(tmp_path, SMALL_KB)
    assert pipeline.check(data).ok
    (data / "places/gamma-city.yaml").unlink()
    problems = [str(p) for p in pipeline.check(data).problems]
    assert problems == ["data/people/ada.yaml:3:61: description: unknown id 'gamma-city'."]


@pytest.mark.parametrize("damage", [
    b"\x00\xff not json",
    b"[]",
    b'{"format": 1, "fingerprint": "x", "entries": {}}',
    "same fingerprint, entries of the wrong shape",
])
def test_a_damaged_cache_costs_time_not_correctness(tmp_path, cache_dir, monkeypatch, damage):
    data = write_kb(tmp_path, SMALL_KB)
    expected = pipeline.build(data).pages
    (stored,) = cache_dir.glob("*.json")
    if isinstance(damage, str):
        content = json.loads(stored.read_bytes())
        content["entries"] = {key: {"data": 5, "refs": "x", "mentions": []} for key in content["entries"]}
        damage = json.dumps(content).encode()
    stored.write_bytes(damage)
    result = pipeline.build(data)
    assert result.ok, result.problems
    assert result.pages == expected


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", "off")
    assert cache.directory() is None
    assert pipeline.check(write_kb(tmp_path, SMALL_KB)).ok


def test_a_change_to_the_knowledge_base_model_drops_the_cache(tmp_path, cache_dir, monkeypatch):
    """A new vocabulary value can make a cached file wrong (or right)."""
    data = write_kb(tmp_path, SMALL_KB)
    assert pipeline.check(data).ok
    (data / "model.yaml").write_text("vocabularies:\n  organization_kind:\n    newsroom: A newsroom.\n",
                                     encoding="utf-8")
    (data / "organizations/delta-news.yaml").write_text("name: Delta News\nkind: newsroom\n", encoding="utf-8")
    assert pipeline.check(data).ok
    (data / "model.yaml").unlink()
    problems = [str(p) for p in pipeline.check(data).problems]
    assert len(problems) == 1 and "unknown organization kind 'newsroom'" in problems[0]


def test_the_real_knowledge_base_reads_the_same_both_ways():
    """Every file of data/: the quick path gives exactly what ``parse`` gives."""
    for path in sorted((REPO / "data").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        quick = yamlsource.parse_data(text, len(text.encode()))
        assert quick is not yamlsource.UNSURE, path
        assert quick == yamlsource.parse(text).data, path


# YAML-ish documents: the quick path must agree with ``parse`` or give up.
_scalars = st.sampled_from(["a", "b: c", "'q'", '"d"', "1", "2.5", "yes", "null", "2023-01-01", "&x 1",
                            "*x", "!!str 1", "[1, 2]", "{k: v}", "R&D", "x #c", "- y", "|\n  t", "~"])
_documents = st.lists(
    st.tuples(st.sampled_from(["a", "b", "a", "1", "<<", "c d"]), _scalars, st.integers(0, 2)),
    max_size=8,
).map(lambda items: "".join(f"{'  ' * depth}{key}: {value}\n" for key, value, depth in items))


@settings(max_examples=300, deadline=None)
@given(_documents)
def test_quick_path_agrees_with_parse_or_gives_up(text):
    quick = yamlsource.parse_data(text, len(text.encode()))
    full = yamlsource.parse(text)
    if quick is yamlsource.UNSURE:
        return
    assert not full.errors, (text, full.errors)
    assert quick == full.data


def test_quick_path_gives_up_on_what_parse_refuses():
    for text in ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "1: x\n", "a: !!binary aGk=\n", "- " * 30 + "x\n",
                 "a: [" * 30 + "]" * 30 + "\n", "a: 'x\n", "a:\tb\n\x00"]:
        assert yamlsource.parse_data(text, len(text)) is yamlsource.UNSURE, text
    assert yamlsource.parse_data(textwrap.dedent("""
        name: R&D & more
        list: [a, b]
    """), 40) == {"name": "R&D & more", "list": ["a", "b"]}


def test_a_server_keeps_the_cache_in_memory_only_while_the_file_is_the_one_it_read(tmp_path, cache_dir, monkeypatch):
    """Under ``make serve`` (``cache.remember``) a rebuild uses the entries it
    read or wrote last instead of loading the cache file again; an edit, or a
    cache file changed on disk, still reads what is there."""
    monkeypatch.setattr(cache, "_remembered", None)
    cache.remember()
    data = write_kb(tmp_path, SMALL_KB)
    cold = pipeline.build(data)
    assert cold.ok
    reads = []
    real_read = cache.DiskCache._read_file
    monkeypatch.setattr(cache.DiskCache, "_read_file", lambda self: reads.append(1) or real_read(self))
    with monkeypatch.context() as quiet:
        _no_parsing(quiet)
        warm = pipeline.build(data, previous=cold)
    assert warm.ok and warm.pages == cold.pages and warm.files == cold.files and reads == []

    (data / "people/ada.yaml").write_text("name: Ada Exámple\ndescription: Сотрудница, 에이다.\n", encoding="utf-8")
    edited = pipeline.build(data, previous=warm)
    assert reads == [] and edited.ok
    (stored,) = cache_dir.glob("*.json")
    stored.write_bytes(stored.read_bytes().replace(b"Ada Ex", b"Eve Ex"))  # no longer what it says it is
    again = pipeline.build(data, previous=edited)
    assert reads == [1] and again.ok

    monkeypatch.setattr(cache, "_remembered", None)
    fresh = pipeline.build(data)
    assert again.pages == edited.pages == fresh.pages and again.files == edited.files == fresh.files
    assert "Ada Exámple" in "".join(fresh.pages.values())

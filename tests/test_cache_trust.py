"""The disk cache cannot promote bad data: an entry is used only if this
user's own runs wrote it, for these very bytes, in the shape ``validate``
leaves. Anything planted, copied or damaged is ignored: check and build say
exactly what they say with the cache off, without a traceback."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SMALL_KB, git, write_kb
from mkdossier import cache, load, pipeline

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"

# A source whose URL check refuses: the cache must never vouch for it.
HOSTILE_KB = {**SMALL_KB, "sources/report.yaml": """
    title: A report
    publisher: delta-news
    published: "2023-01-05"
    kind: news_report
    url: "javascript:alert(1)"
"""}
HOSTILE_FILE = "sources/report.yaml"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(folder))
    return folder


def _uncached(data: Path, monkeypatch) -> tuple[list[str], dict]:
    with monkeypatch.context() as patch:
        patch.setenv("MKDOSSIER_CACHE_DIR", "off")
        result = pipeline.build(data)
    return [str(p) for p in result.problems], result.pages


def _cached(data: Path) -> tuple[list[str], dict]:
    result = pipeline.build(data)
    return [str(p) for p in result.problems], result.pages


def _entry_key(data: Path, name: str, record_type: str) -> str:
    return f"{record_type}:{cache.digest((data / name).read_bytes())}"


def _stored(data: Path, entries: dict) -> dict:
    return {"format": cache.FORMAT, "folder": str(data.resolve()),
            "fingerprint": cache.engine_fingerprint(b""), "entries": entries}


def _forged_entry() -> dict:
    """What the hostile source would look like had it passed check."""
    data = {"title": "A report", "publisher": "delta-news", "published": "2023-01-05",
            "kind": "news_report", "url": "javascript:alert(1)"}
    return {"data": data, "refs": {"publisher": "delta-news"}, "mentions": {}}


def _plant(cache_dir: Path, data: Path, raw: bytes) -> Path:
    path = cache.file_for(data.resolve(), cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _planted(kind: str, cache_dir: Path, data: Path) -> bytes:
    key = _entry_key(data, HOSTILE_FILE, "source")
    own_key = cache.secret_key(cache_dir)
    forged = _stored(data, {key: _forged_entry()})
    if kind == "unsigned":
        return json.dumps(forged).encode()
    if kind == "forged mac":
        return b'{"mac":"' + b"0" * 64 + b'",' + json.dumps(forged).encode()[1:]
    if kind == "other key":
        return cache.sealed(forged, b"k" * cache.KEY_BYTES)
    if kind == "edited after sealing":
        honest = _stored(data, {key: {**_forged_entry(), "data": {**_forged_entry()["data"],
                                                                     "url": "https://example.org/"}}})
        return cache.sealed(honest, own_key).replace(b"https://example.org/", b"javascript:alert(1)")
    if kind == "truncated":
        return cache.sealed(forged, own_key)[:-40]
    if kind == "deep nesting":
        raw = cache.sealed(_stored(data, {}), own_key)
        return raw[:-3] + b',"x":' + _deep(100_000).encode() + b"}}"
    if kind == "sealed deep nesting":  # authentic, yet more nesting than JSON's reader takes
        body = json.dumps(_stored(data, {}))[1:-1].encode() + b',"x":' + _deep(100_000).encode() + b"}"
        return b'{"mac":"' + cache._mac(own_key, body) + b'",' + body
    if kind == "other folder":
        return cache.sealed({**forged, "folder": "/elsewhere"}, own_key)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["unsigned", "forged mac", "other key", "edited after sealing", "truncated",
                                  "deep nesting", "sealed deep nesting", "other folder"])
def test_a_planted_entry_never_vouches_for_a_refused_file(tmp_path, cache_dir, monkeypatch, kind):
    data = write_kb(tmp_path, HOSTILE_KB)
    expected = _uncached(data, monkeypatch)
    assert any("url" in p for p in expected[0]), expected
    _plant(cache_dir, data, _planted(kind, cache_dir, data))
    assert _cached(data) == expected


# Entries in a file that is authentic (sealed with this user's key) but of a
# shape ``validate`` never leaves: each is read again from its file.
WRONG_SHAPES = {
    "not a mapping": [1, 2],
    "a string": "data",
    "null": None,
    "missing mentions": {"data": {}, "refs": {}},
    "extra member": {"data": {}, "refs": {}, "mentions": {}, "ok": True},
    "data a list": {"data": [], "refs": {}, "mentions": {}},
    "refs a list": {"data": {}, "refs": [], "mentions": {}},
    "ref to a number": {"data": {}, "refs": {"publisher": 5}, "mentions": {}},
    "mentions not lists": {"data": {}, "refs": {}, "mentions": {"summary": "ada"}},
    "mention a mapping": {"data": {}, "refs": {}, "mentions": {"summary": [{"id": "ada"}]}},
}


@pytest.mark.parametrize("shape", list(WRONG_SHAPES))
def test_an_authentic_entry_of_the_wrong_shape_is_read_again(tmp_path, cache_dir, monkeypatch, shape):
    data = write_kb(tmp_path, SMALL_KB)
    expected = _uncached(data, monkeypatch)
    entries = {_entry_key(data, name, folder) for name, folder in
               [("people/ada.yaml", "person"), ("sources/report.yaml", "source"),
                ("incidents/month.yaml", "incident")]}
    stored = _stored(data, {key: WRONG_SHAPES[shape] for key in entries})
    _plant(cache_dir, data, cache.sealed(stored, cache.secret_key(cache_dir)))
    assert _cached(data) == expected


def test_the_cache_still_speeds_up_a_second_run(tmp_path, cache_dir, monkeypatch):
    """Authentication costs nothing in trust: this user's own entries are used."""
    data = write_kb(tmp_path, SMALL_KB)
    cold = _cached(data)

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file the cache knew")
    monkeypatch.setattr("mkdossier.load.parse_data", refuse)
    monkeypatch.setattr("mkdossier.load.parse", refuse)
    assert _cached(data) == cold


def test_a_cache_file_copied_from_another_cache_is_ignored(tmp_path, cache_dir, monkeypatch):
    data = write_kb(tmp_path, SMALL_KB)
    _cached(data)
    (written,) = cache_dir.glob("*.json")
    elsewhere = tmp_path / "other-cache"
    elsewhere.mkdir()
    shutil.copy(written, elsewhere / written.name)
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(elsewhere))
    parsed = []
    original = load.parse_data
    monkeypatch.setattr(load, "parse_data", lambda *a: parsed.append(a) or original(*a))
    assert pipeline.check(data).ok
    assert len(parsed) == len(SMALL_KB)


def test_the_key_is_private_and_a_key_others_can_read_is_replaced(tmp_path, cache_dir, monkeypatch):
    data = write_kb(tmp_path, SMALL_KB)
    _cached(data)
    key_file = cache_dir / cache.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    old_key = key_file.read_bytes()
    key_file.chmod(0o644)  # perhaps seen by others: no longer a secret
    assert _cached(data)[0] == []
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and key_file.read_bytes() != old_key


def test_a_symbolic_link_as_key_is_not_followed(tmp_path, cache_dir, monkeypatch):
    data = write_kb(tmp_path, SMALL_KB)
    cache_dir.mkdir(mode=0o700)
    target = tmp_path / "somewhere"
    target.write_bytes(b"x" * cache.KEY_BYTES)
    target.chmod(0o600)
    (cache_dir / cache.KEY_FILE).symlink_to(target)
    assert _cached(data)[0] == []
    assert not (cache_dir / cache.KEY_FILE).is_symlink()
    assert target.read_bytes() == b"x" * cache.KEY_BYTES


# -- orphans ---------------------------------------------------------------------


def test_cache_files_of_gone_folders_and_stale_ones_are_pruned(tmp_path, cache_dir, monkeypatch):
    gone = write_kb(tmp_path / "gone", SMALL_KB)
    stale = write_kb(tmp_path / "stale", SMALL_KB)
    kept = write_kb(tmp_path / "kept", SMALL_KB)
    for data in (gone, stale, kept):
        _cached(data)
    files = {name: cache.file_for(d.resolve(), cache_dir) for name, d in
             [("gone", gone), ("stale", stale), ("kept", kept)]}
    assert all(path.is_file() for path in files.values())
    shutil.rmtree(gone)
    month_ago = time.time() - (cache.STALE_DAYS + 1) * 86400
    os.utime(files["stale"], (month_ago, month_ago))
    unrelated = cache_dir / "notes.json"
    unrelated.write_text("{}")
    os.utime(unrelated, (month_ago, month_ago))
    _cached(kept)
    assert not files["gone"].exists() and not files["stale"].exists()
    assert files["kept"].is_file() and unrelated.is_file()  # only our own files are pruned


def test_diff_leaves_no_cache_file_for_its_temporary_checkout(tmp_path, cache_dir):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "kb", repo)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "base")
    for _ in range(2):
        result = subprocess.run([str(BIN / "mkdossier"), "diff", "HEAD"], cwd=repo, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    assert [p.name for p in cache_dir.glob("*.json")] == [cache.file_for((repo / "data").resolve(), cache_dir).name]

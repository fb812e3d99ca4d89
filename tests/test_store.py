"""The stores of build results (``mkdossier.store``): an entry is used only as
it was written under its own name; stores of projects that are gone go, and
a project keeps its last ``VARIANTS`` of a kind."""

from __future__ import annotations

import os
import time

from mkdossier import store


def test_an_entry_is_used_only_as_written_under_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "project").mkdir()
    kept = store.Store(tmp_path / "project", kind="test")
    kept.write_bytes("a", b"<p>first</p>")
    kept.write_value("b", {"html": "<p>second</p>"})
    assert kept.read_bytes("a") == b"<p>first</p>"
    assert kept.read_value("b", fields=("html",)) == {"html": "<p>second</p>"}
    assert kept.read_value("b", fields=("toc",)) is None  # not all there: not used, removed
    assert not kept.has("b")

    kept.write_bytes("b", b"<p>second</p>")
    kept.path("c").write_bytes(kept.path("a").read_bytes())  # copied under another name
    kept.path("b").write_bytes(kept.path("b").read_bytes().replace(b"second", b"planted"))  # changed by hand
    assert kept.read_bytes("c") is None and kept.read_bytes("b") is None
    assert not kept.has("b") and not kept.has("c")

    again = store.Store(tmp_path / "project", kind="test")  # the same project: the same entries, the same key
    assert again.read_bytes("a") == b"<p>first</p>"
    again.keep_only(["x"])
    assert not again.has("a")


def test_stores_of_projects_that_are_gone_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "gone").mkdir()
    (tmp_path / "here").mkdir()
    gone = store.Store(tmp_path / "gone", kind="pages")
    gone.write_bytes("k", b"x")
    (tmp_path / "gone").rmdir()
    here = store.Store(tmp_path / "here", kind="pages")
    assert not gone.folder.exists() and here.folder.is_dir()
    assert here.read_bytes("k") is None


def test_a_project_keeps_its_last_variants(tmp_path, monkeypatch):
    """The site and the offline bundle (``make build``) keep theirs; a third goes, the least recently used."""
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "project").mkdir()
    (tmp_path / "other").mkdir()
    other = store.Store(tmp_path / "other", kind="finished")
    site = store.Store(tmp_path / "project", kind="finished", variant="site")
    old = time.time() - 60
    os.utime(site.folder / store.PROJECT, (old, old))
    bundle = store.Store(tmp_path / "project", kind="finished", variant="bundle")
    assert site.folder.is_dir() and bundle.folder.is_dir()
    third = store.Store(tmp_path / "project", kind="finished", variant="third")
    assert not site.folder.exists() and bundle.folder.is_dir() and third.folder.is_dir()
    assert other.folder.is_dir()  # another project's store stays
    pages = store.Store(tmp_path / "project", kind="pages")  # another kind: stores of its own
    assert pages.folder.is_dir() and bundle.folder.is_dir()


def test_without_a_cache_folder_the_store_is_temporary(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", "off")
    temporary = store.Store(tmp_path, kind="pages")
    temporary.write_bytes("k", b"x")
    assert temporary.temporary and temporary.read_bytes("k") == b"x"
    temporary.close()
    assert not temporary.folder.exists()


def test_entries_written_later_are_there_once_read_or_kept(tmp_path, monkeypatch):
    """``write_later``: the entries wait on a thread of their own, at most
    ``WAITING`` in memory; reading one, keeping some and closing wait for them."""
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "project").mkdir()
    kept = store.Store(tmp_path / "project", kind="test")
    bodies = {f"k{n}": f"<p>Пример 예시 {n}</p>".encode() for n in range(store.WAITING * 5)}
    for key, body in bodies.items():
        kept.write_later(key, body)
        assert kept._writes.qsize() <= store.WAITING
    kept.write_value("v", {"search": [{"title": "Łukasz"}]}, later=True)
    assert kept.read_bytes("k0") == bodies["k0"]  # a read waits for what it asks
    kept.write_later("last", b"last")
    kept.keep_only([*bodies, "v", "last"])  # keeping waits for every entry
    assert all(kept.read_bytes(key) == body for key, body in bodies.items())
    assert kept.read_value("v", fields=("search",)) == {"search": [{"title": "Łukasz"}]}
    assert kept.read_bytes("last") == b"last"
    kept.write_later("after", b"after")
    kept.close()
    assert store.Store(tmp_path / "project", kind="test").read_bytes("after") == b"after"

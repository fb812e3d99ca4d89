"""The engine's rendering kept between builds (``mkdossier.kept_render``):
with the same inputs a build takes pages, figures and exports from the
store; any change to a record, the settings or the model renders again, and
a damaged entry costs only time. Either way the result is a fresh rendering's."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL_KB, write_kb
from mkdossier import kept_render, pipeline
from mkdossier.render import Settings
from mkdossier.store import Store


def _build(data: Path, settings: Settings, store: Store | None):
    result = pipeline.build(data, settings, root=data.parent, store=store)
    assert result.ok, result.problems
    return result


def _same(left, right) -> bool:
    return (list(left.pages.items()) == list(right.pages.items()) and left.files == right.files
            and left.figures == right.figures)


def test_the_same_inputs_are_not_rendered_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    data = write_kb(tmp_path / "kb", SMALL_KB)
    settings = Settings(site_name="Test")
    store = Store(tmp_path / "kb", kind="render")
    first = _build(data, settings, store)
    assert first.rendered > 0 and all(store.has(part) for part in kept_render.PARTS)
    again = _build(data, settings, store)
    assert again.rendered == 0 and _same(first, again)
    assert list(again.files) == list(first.files) and again.settings == settings


def test_a_change_to_a_record_the_settings_or_the_model_renders_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    data = write_kb(tmp_path / "kb", SMALL_KB)
    store = Store(tmp_path / "kb", kind="render")
    _build(data, Settings(), store)

    ada = data / "people" / "ada.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Ada Example", "Ada Renamed"), encoding="utf-8")
    renamed = _build(data, Settings(), store)
    assert renamed.rendered > 0 and _same(renamed, _build(data, Settings(), None))
    assert "Ada Renamed" in renamed.pages["places/gamma-city.md"]

    other = _build(data, Settings(site_name="Other"), store)
    assert other.rendered > 0 and _same(other, _build(data, Settings(site_name="Other"), None))

    (data / "model.yaml").write_text("vocabularies:\n  organization_kind:\n    newsroom: A newsroom.\n",
                                     encoding="utf-8")
    extended = _build(data, Settings(site_name="Other"), store)
    assert extended.rendered > 0 and _same(extended, _build(data, Settings(site_name="Other"), None))


def test_a_damaged_entry_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setenv("MKDOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    data = write_kb(tmp_path / "kb", SMALL_KB)
    store = Store(tmp_path / "kb", kind="render")
    first = _build(data, Settings(), store)
    damages = (lambda raw: raw[:200], lambda raw: raw.replace(b"Ada Example", b"Ada Planted"), lambda raw: b"")
    for part, damage in zip(kept_render.PARTS, damages):
        entry = store.path(part)
        entry.write_bytes(damage(entry.read_bytes()))
        again = _build(data, Settings(), store)
        assert again.rendered > 0 and _same(first, again)
    store.path("pages").write_bytes(store.path("files").read_bytes())  # another part under this name
    again = _build(data, Settings(), store)
    assert again.rendered > 0 and _same(first, again)

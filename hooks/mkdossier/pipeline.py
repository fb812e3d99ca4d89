"""The four stages chained: data folder in, problems or pages out.

Drivers (the MkDocs hook, the CLI) call ``check`` or ``build`` and never
the stages one by one, so they behave the same.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .load import load
from .problems import Problem
from .resolve import Graph, resolve
from .validate import validate

if TYPE_CHECKING:  # rendering is imported when used: `mkdossier check` starts faster without it
    from .render import Settings


@dataclass
class Result:
    problems: list[Problem]
    graph: Graph | None = None
    pages: dict[str, str] = field(default_factory=dict)  # path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # path → export file
    # Figures (inline SVG), whose slots the pages hold: render/figures.py says why.
    figures: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@contextlib.contextmanager
def _without_collections():
    """The stages make millions of small objects that live as long as the
    graph, and hardly any cycles: the cyclic collector would scan them again
    and again (at 100,000 records it took most of ``check``'s time, profiled).
    They are collected by reference counting as usual."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def check(data_dir, root=None) -> Result:
    """Load, validate and (if valid) resolve: everything but rendering."""
    with _without_collections():
        return _check(data_dir, root)


def _check(data_dir, root) -> Result:
    loaded = load(data_dir, root)
    problems = validate(loaded)
    if loaded.cache is not None:
        loaded.cache.save()
    if problems:
        return Result(problems)
    return Result([], resolve(loaded.model, loaded.records))


def build(data_dir, settings: Settings | None = None, root=None) -> Result:
    """Check, then render every page and export file; nothing at all if anything is wrong."""
    from .render import Settings

    with _without_collections():
        result = _check(data_dir, root)
        if result.ok:
            _render(result, settings or Settings())
    return result


def _render(result: Result, settings) -> None:
    from .exports import exports
    from .render import figures, render
    from .render.downloads import downloads_page
    from .render.chronology import incidents_data

    result.pages = render(result.graph, settings)
    result.figures = figures.collect()
    result.files = exports(result.graph, settings, site_url=settings.site_url,
                           data_license=settings.data_license, use_directory_urls=settings.use_directory_urls)
    result.pages.update(downloads_page(result.graph, settings, result.files, data_license=settings.data_license))
    # Not a download: the data the chronology's filters read (after the Downloads page lists the exports).
    result.files.update(incidents_data(result.graph, settings))


class OutsideFolder(ValueError):
    """A generated path would land outside the folder it is written to."""


def write_files(files: dict[str, bytes], folder) -> dict[str, Path]:
    """Write generated files under ``folder``; refuse, before writing anything,
    a path that would escape it (paths come from the model, which data/ extends)."""
    folder = Path(folder).resolve()
    targets = {path: (folder / path).resolve() for path in files}
    for path, target in targets.items():
        if folder not in target.parents:
            raise OutsideFolder(f"refusing to write outside {folder}: {path}")
    for path, target in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    return targets


def page_files(result: Result) -> dict[str, str]:
    """Which data file each record page comes from (for edit links)."""
    from .render.pages import record_path

    if result.graph is None:
        return {}
    return {record_path(result.graph, r): r.file for r in result.graph.records.values()}

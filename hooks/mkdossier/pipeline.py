"""The four stages chained: data folder in, problems or pages out.

Drivers (the MkDocs hook, the CLI) call ``check`` or ``build`` and never
the stages one by one, so they behave the same.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import kept_render, parallel, reach
from .load import Loaded, load
from .problems import Problem
from .resolve import Graph, resolve
from .validate import validate

if TYPE_CHECKING:  # rendering is imported when used: `mkdossier check` starts faster without it
    from .render import Settings
    from .store import Store


@dataclass
class Result:
    problems: list[Problem]
    graph: Graph | None = None
    pages: dict[str, str] = field(default_factory=dict)  # path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # path → export file
    # Figures (inline SVG), whose slots the pages hold: render/figures.py says why.
    figures: dict[str, bytes] = field(default_factory=dict)
    settings: Settings | None = None  # what the pages were rendered with
    rendered: int = 0  # record pages rendered (the others were kept from ``previous``)
    # Each record's parts of the export files, for a next build given this one as ``previous``.
    parts: dict = field(default_factory=dict)

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


def _check(data_dir, root, loaded: Loaded | None = None, save_cache: bool = True,
           previous: Graph | None = None) -> Result:
    loaded = loaded if loaded is not None else load(data_dir, root)
    problems = validate(loaded)
    if loaded.cache is not None and save_cache:
        loaded.cache.save()
    if problems:
        return Result(problems)
    return Result([], resolve(loaded.model, loaded.records, previous))


def build(data_dir, settings: Settings | None = None, root=None, workers: int = 1,
          previous: Result | None = None, loaded: Loaded | None = None, store: Store | None = None,
          incremental: bool = False, save_cache: bool = True) -> Result:
    """Check, then render every page and export file; nothing at all if
    anything is wrong. ``workers`` > 1: render on that many cores (see
    ``parallel``). ``previous``: the last good build of the same data folder
    (``mkdocs serve``): what each unchanged record adds to the graph is
    taken from it (``resolve``), the record pages an edit did not reach are
    kept from it (see ``reach``), and so are their records' parts of the export files
    if that build was ``incremental`` (it kept them, ``parts.Parts``).
    ``store``: where the rendering of the same inputs by an earlier build
    may be kept (``kept_render``). The result is the
    same either way. ``loaded``: the data folder as ``load`` read it just
    before (the hook reads it once); ``save_cache=False``: its disk cache is
    left for the caller to save (``loaded.cache.save()``), once the site
    is served."""
    from .render import Settings

    settings = settings or Settings()
    with _without_collections():
        loaded = loaded if loaded is not None else load(data_dir, root)
        result = _check(data_dir, root, loaded, save_cache, previous.graph if previous is not None else None)
        if result.ok:
            inputs = kept_render.inputs(loaded, settings) if store is not None and previous is None else None
            if not (inputs and kept_render.restore(store, inputs, result, settings)):
                _render(result, settings, workers, previous, incremental)
                if inputs:
                    kept_render.keep(store, inputs, result)
    return result


PARALLEL_FROM = 300  # records to render before other processes are worth starting
SLICES_PER_WORKER = 4  # record pages in slices, so that the workers finish together


def _kept_pages(previous: Result | None, result: Result, settings) -> tuple[dict[str, str], set[str] | None]:
    """The record pages of ``previous`` that no edit reached, and the ids of
    the records whose pages are rendered again (None: all of them)."""
    from .render import figures
    from .site import record_path

    if (previous is None or not previous.ok or previous.graph is None or previous.settings != settings
            or previous.graph.model != result.graph.model):
        return {}, None
    old, new = previous.graph, result.graph
    again = reach.reached(old, new, reach.changed_records(old, new))
    kept: dict[str, str] = {}
    for record_id, record in new.records.items():
        if record_id in again:
            continue
        page = previous.pages.get(record_path(new, record))
        if page is None or any(key not in previous.figures for key in figures.keys(page)):
            again.add(record_id)
        else:
            kept[record_path(new, record)] = page
    return kept, again


def _exports(graph: Graph, settings, parts) -> tuple[dict[str, bytes], dict | None]:
    """The export files, and the parts made for them if they are to be kept."""
    from .exports import exports

    files = exports(graph, settings, site_url=settings.site_url, data_license=settings.data_license,
                    use_directory_urls=settings.use_directory_urls, parts=parts)
    return files, parts.made


def _render(result: Result, settings, workers: int = 1, previous: Result | None = None,
            incremental: bool = False) -> None:
    from .parts import Parts
    from .render import figures, render_parts
    from .render.chronology import incidents_data
    from .render.downloads import downloads_page

    graph = result.graph
    result.settings = settings
    kept, again = _kept_pages(previous, result, settings)
    result.rendered = len(graph.records) if again is None else len(again & graph.records.keys())
    if result.rendered < PARALLEL_FROM:
        workers = 1
    parts = Parts(previous.parts if previous else None, again, keep=incremental)
    jobs = [functools.partial(_exports, graph, settings, parts)]  # the longest job first
    jobs += render_parts(graph, settings, slices=workers * SLICES_PER_WORKER if workers > 1 else 1, only=again,
                         parts=parts)

    def run(index: int):
        figures.collect()  # what this job draws, and nothing else
        return jobs[index](), figures.collect()

    done = parallel.run_jobs(run, len(jobs), workers)
    files, parts_made = done[0][0]
    result.files, result.parts = files, parts_made or {}
    pages: dict[str, str] = dict(kept)
    for made, drawn in done[1:]:
        pages.update(made)
        result.figures.update(drawn)
    for page in kept.values():
        for key in figures.keys(page):
            result.figures.setdefault(key, previous.figures[key])
    result.pages = dict(sorted(pages.items()))
    result.pages.update(downloads_page(graph, settings, result.files, data_license=settings.data_license))
    # Not a download: the data the chronology's filters read (after the Downloads page lists the exports).
    result.files.update(incidents_data(graph, settings))


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

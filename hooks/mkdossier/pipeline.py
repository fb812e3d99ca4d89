"""The four stages chained: data folder in, problems or pages out.

Drivers (the MkDocs hook, the CLI) call ``check`` or ``build`` and never
the stages one by one, so they behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    @property
    def ok(self) -> bool:
        return not self.problems


def check(data_dir, root=None) -> Result:
    """Load, validate and (if valid) resolve: everything but rendering."""
    loaded = load(data_dir, root)
    problems = validate(loaded)
    if loaded.cache is not None:
        loaded.cache.save()
    if problems:
        return Result(problems)
    return Result([], resolve(loaded.model, loaded.records))


def build(data_dir, settings: Settings | None = None, root=None) -> Result:
    """Check, then render every page and export file; nothing at all if anything is wrong."""
    from .exports import downloads_page, exports
    from .render import Settings, render

    result = check(data_dir, root)
    if result.ok:
        settings = settings or Settings()
        result.pages = render(result.graph, settings)
        result.files = exports(result.graph, settings, site_url=settings.site_url,
                               data_license=settings.data_license,
                               use_directory_urls=settings.use_directory_urls)
        result.pages.update(downloads_page(result.graph, settings, result.files,
                                           data_license=settings.data_license))
    return result


def page_files(result: Result) -> dict[str, str]:
    """Which data file each record page comes from (for edit links)."""
    from .render.pages import record_path

    if result.graph is None:
        return {}
    return {record_path(result.graph, r): r.file for r in result.graph.records.values()}

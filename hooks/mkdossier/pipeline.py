"""The four stages chained: data folder in, problems or pages out.

Drivers (the MkDocs hook, the CLI) call ``check`` or ``build`` and never
the stages one by one, so they behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import load
from .problems import Problem
from .render import Settings, render
from .render.pages import record_path
from .resolve import Graph, resolve
from .validate import validate


@dataclass
class Result:
    problems: list[Problem]
    graph: Graph | None = None
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(data_dir, root=None) -> Result:
    """Load, validate and (if valid) resolve: everything but rendering."""
    loaded = load(data_dir, root)
    problems = validate(loaded)
    if problems:
        return Result(problems)
    return Result([], resolve(loaded.model, loaded.records))


def build(data_dir, settings: Settings | None = None, root=None) -> Result:
    """Check, then render every page; no pages at all if anything is wrong."""
    result = check(data_dir, root)
    if result.ok:
        result.pages = render(result.graph, settings or Settings())
    return result


def page_files(result: Result) -> dict[str, str]:
    """Which data file each record page comes from (for edit links)."""
    if result.graph is None:
        return {}
    return {record_path(result.graph, r): r.file for r in result.graph.records.values()}

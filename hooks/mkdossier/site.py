"""What the renderers and the exports share about the site: its settings,
the paths of its pages and the nav's Records section. It sits below both
(exports link to record pages, render embeds an export in pages), so
neither imports the other for it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import markup
from .load import Record
from .model import Model
from .resolve import Graph

HOME = "index.md"
CHRONOLOGY = "chronology/index.md"
DISPUTED = "disputed.md"
REFERENCE = "reference/format.md"


@dataclass(frozen=True)
class Settings:
    """What the site generator tells the renderers about the site."""

    site_name: str = "Knowledge base"
    site_description: str = ""
    edit_url: str = ""  # e.g. https://example.org/repo/edit/main/{path}
    year_page_threshold: int = 60  # a year with more incidents gets pages of its own
    chronology_page_size: int = 150  # at most this many incidents on one of those pages
    index_page_size: int = 200  # a section index with more records is cut into pages of this many
    disputed_page_size: int = 30  # the disputed claims, cut into pages of this many once there are more
    home_disputed_count: int = 10  # disputed claims listed on the home page
    latest_count: int = 5
    offline_bundle: str = ""  # path of the offline zip in the site, if there is one
    offline_bundle_size: int = 0
    site_url: str = ""  # makes export links absolute; relative ones suit the offline bundle
    use_directory_urls: bool = True  # must match the site generator's
    data_license: str = "CC BY 4.0"
    figures: bool = True  # timelines and neighbourhood graphs on the pages (their cost: docs/benchmark.md)


def record_path(graph: Graph, record: Record) -> str:
    return f"{graph.model.types[record.type].folder}/{record.id}.md"


def index_path(graph: Graph, type_name: str) -> str:
    return f"{graph.model.types[type_name].folder}/index.md"


# Where mkdocs.yml's nav lists the record types' indexes: a section
# (``- Records: mkdossier:records``) or, as an item of its own, in place.
RECORDS_NAV = "mkdossier:records"


def records_nav(model: Model) -> list[dict[str, str]]:
    """Each record type's index, in the model's order, as nav entries: the
    nav lists section indexes, never record pages (it would grow with the base)."""
    # The theme prints nav titles as HTML, and a plural may come from data/model.yaml.
    return [{markup.html_text(t.plural): f"{t.folder}/index.md"} for t in model.types.values()]


def nav_with_records(nav: list | None, model: Model) -> list | None:
    """The site's nav with ``RECORDS_NAV`` replaced by the record types'
    indexes; without it, a Records section at the end lists the indexes the
    nav does not name yet (none: nothing added). No nav at all: the site
    generator lists every page, and this adds nothing."""
    if nav is None:
        return None
    entries = records_nav(model)
    found = []

    def replaced(value):
        if value == RECORDS_NAV:
            found.append(value)
            return entries
        if isinstance(value, list):  # a bare marker among items stands for the entries themselves
            return [e for item in value for e in (replaced(item) if item == RECORDS_NAV else [replaced(item)])]
        if isinstance(value, dict):
            return {title: replaced(inner) for title, inner in value.items()}
        return value

    nav = replaced(nav)
    if found:
        return nav
    listed = set(_paths(nav))
    missing = [e for e in entries if next(iter(e.values())) not in listed]
    return nav + [{"Records": missing}] if missing else nav


def _paths(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _paths(item)]
    return []


def relative(start: list[str], target: list[str], keep_last: bool = True) -> str:
    """The path to ``target`` from folder ``start`` (both as parts from the site
    root). String work only: ``posixpath.relpath`` would ask the file system
    for the working folder, which profiling showed costs seconds on a large site."""
    limit = min(len(start), len(target) - (1 if keep_last else 0))
    common = 0
    while common < limit and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link between two pages of the site (both relative to its root)."""
    rel = _from_folder(from_page.rpartition("/")[0], to_page)
    return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=100_000)  # pages of a folder link to the same records: computed once
def _from_folder(folder: str, to_page: str) -> str:
    return relative(folder.split("/") if folder else [], to_page.split("/"))

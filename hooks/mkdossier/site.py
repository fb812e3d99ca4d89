"""What the renderers and the exports share about the site: its settings and
the paths of its pages. It sits below both (exports link to record pages,
render embeds an export in pages), so neither imports the other for it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .load import Record
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


def record_path(graph: Graph, record: Record) -> str:
    return f"{graph.model.types[record.type].folder}/{record.id}.md"


def index_path(graph: Graph, type_name: str) -> str:
    return f"{graph.model.types[type_name].folder}/index.md"


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

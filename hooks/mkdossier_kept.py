"""Finished pages kept between builds, under ``mkdocs build``: a page whose
inputs have not changed since an earlier build is neither rendered by the
theme nor read by the search plugin again.

At 10,000 records a rebuild with nothing changed spent most of its time in
the theme's templates and in the search plugin parsing each page's HTML
(docs/benchmark.md). Once every page is read (``on_env``), each page gets a
key: a digest of everything the theme's page template is given, that is the
site (the configuration, the theme's files, the hooks' and engine's code,
the navigation) and the page (its address, title, metadata, table of
contents, HTML, edit link, neighbours in the navigation). A page whose key
has an entry is given a one-word template through the public ``template``
metadata, and left out of the search plugin through ``search.exclude``; its
theme output and search entries come from the entry instead, in the order
the build has them, so the site is byte for byte what a clean build makes.
Every plugin's ``on_post_page`` still runs on the output (the
Content-Security-Policy is added as always). Any other page is built as
usual and kept for next time.

Entries are sealed (``store.py``): one damaged, edited or copied from
another page is not used, which costs only time. Coupled to Material's search plugin like ``mkdossier_serve``: it
collects entries in ``search_index.entries``; if that changes, pages are
no longer kept (nothing breaks).
"""

from __future__ import annotations

import hashlib
import json
import os
import types
from collections.abc import Mapping
from pathlib import Path

import jinja2

from mkdossier import cache
from mkdossier_handover import MaterialSearch
from mkdossier.store import Store

KEPT_TEMPLATE = "mkdossier-kept.html"
FORMAT = 1
_LEFT_OUT = {"site_dir"}  # settings that change where the site goes, not what it is


class Kept:
    """One build's finished pages: their keys, those found, the search entries being collected."""

    def __init__(self):
        self.store: Store | None = None
        self.keys: dict[str, str] = {}  # page path → key
        self.found: dict[str, list] = {}  # page path → its search entries, for the pages kept
        self.search_from: int | None = None  # the search index's length when the current page came in
        self.env: jinja2.Environment | None = None
        self.context = None  # the kept page's, in case its entry is gone by the time it is written
        self.meta: dict[str, dict] = {}  # page path → its metadata before it was kept

    def plan(self, env: jinja2.Environment, config, nav, files, edit_urls: dict[str, str], project: Path) -> int:
        """At ``on_env``, all pages read: key every page and find those kept (how many)."""
        if _search_entries(config) is None:
            return 0
        site = _site_digest(config, nav)
        self.store = Store(project, kind="finished", variant=site)  # the site's apart from the bundle's
        if self.store.temporary:  # no cache folder: nothing to keep for next time
            self.finish(keep=False)
            return 0
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({KEPT_TEMPLATE: "kept"}), env.loader])
        self.env = env
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            key = _page_key(site, page, edit_urls.get(file.src_uri))
            self.keys[file.src_uri] = key
            # The search entries now (small); the page's output when it is written (not all in memory at once).
            entry = self.store.read_value(_search_key(key), fields=("search",))
            if entry is not None and isinstance(entry["search"], list) and self.store.has(key):
                self.found[file.src_uri] = entry["search"]
                self.meta[file.src_uri] = page.meta
                page.meta = {**page.meta, "template": KEPT_TEMPLATE, "search": {"exclude": True}}
        return len(self.found)

    def before_search(self, config) -> None:
        """``on_page_context``, before the search plugin reads the page."""
        entries = _search_entries(config)
        self.search_from = len(entries) if entries is not None and self.keys else None

    def after_search(self, context, page, config) -> None:
        """``on_page_context``, after the search plugin: a kept page's entries go in where it would have put them."""
        if page.file.src_uri in self.found:
            _search_entries(config).extend(self.found[page.file.src_uri])
            self.context = context

    def output(self, output: str, page, config) -> str:
        """``on_post_page``, first: the kept page's theme output, or this one kept for next time."""
        path = page.file.src_uri
        if path in self.found:
            del self.found[path]
            context, self.context, meta = self.context, None, self.meta.pop(path)
            kept = self.store.read_bytes(self.keys[path])
            try:
                return kept.decode("utf-8")
            except (AttributeError, UnicodeDecodeError):  # None, or not what was written
                pass
            # Damaged, or gone since the build began: the theme renders the page after all.
            page.meta = meta
            output = self.env.get_template(page.meta.get("template", "main.html")).render(context)
            self.store.write_bytes(self.keys[path], output.encode("utf-8", "surrogatepass"))
            return output
        entries = _search_entries(config)
        if self.store is not None and path in self.keys and self.search_from is not None and entries is not None:
            self.store.write_later(self.keys[path], output.encode("utf-8", "surrogatepass"))
            self.store.write_value(_search_key(self.keys[path]), {"search": entries[self.search_from:]}, later=True)
        self.search_from = None
        return output

    def finish(self, keep: bool) -> None:
        if self.store is not None:
            if keep:
                self.store.keep_only([*self.keys.values(), *map(_search_key, self.keys.values())])
            self.store.close()
        self.store, self.keys, self.found, self.meta = None, {}, {}, {}
        self.search_from = self.env = self.context = None


def _search_key(key: str) -> str:
    return f"{key}-search"


def _search_entries(config) -> list | None:
    """Material's search index being collected, or None (no search plugin, or one that keeps it otherwise)."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return []
    entries = MaterialSearch.collected(config)
    return entries if isinstance(entries, list) else None


def _digest(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _site_digest(config, nav) -> str:
    """What every page's theme output depends on, besides the page itself."""
    # The engine, and the modules beside the hooks (a hook imports its helpers from there).
    hooks = sorted({path for hook in config.get("hooks") or [] for path in Path(hook).parent.glob("*.py")})
    return _digest([FORMAT, _plain(config), cache.code_digest(), _files_digest(hooks, by_content=True),
                    _files_digest(map(Path, config.theme.dirs), by_content=False), _nav(nav.items),
                    _dated_theme(config.theme.dirs)])


def _dated_theme(dirs) -> str | None:
    """MkDocs' build date, only for a theme that shows it (Material does not)."""
    for folder in dirs:
        for path in Path(folder).rglob("*.html"):
            try:
                if "build_date_utc" in path.read_text(encoding="utf-8", errors="replace"):
                    return os.environ.get("SOURCE_DATE_EPOCH", "now")
            except OSError:
                continue
    return None


def _files_digest(paths, by_content: bool) -> str:
    """The files at or under ``paths``: their contents, or (for a theme's
    thousands) their sizes and modification times."""
    hasher = hashlib.blake2b(digest_size=16)
    for root in paths:
        found = [str(root)]
        if os.path.isdir(root):
            found = []
            for folder, subfolders, names in os.walk(root):
                subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
                found += [os.path.join(folder, name) for name in sorted(names)]
        for path in found:
            hasher.update(path.encode("utf-8", "surrogateescape") + b"\0")
            try:
                if by_content:
                    with open(path, "rb") as file:
                        hasher.update(file.read())
                else:
                    stat = os.stat(path)
                    hasher.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
            except OSError:
                hasher.update(b"unreadable")
    return hasher.hexdigest()


def _plain(value, depth: int = 0):
    """The configuration as plain data: settings, never object addresses."""
    if depth > 12:
        return "…"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v, depth + 1) for k, v in value.items() if str(k) not in _LEFT_OUT}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v, depth + 1) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, types.ModuleType):
        return value.__name__
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    if isinstance(getattr(value, "config", None), Mapping):  # a plugin: its settings
        return [kind, _plain(value.config, depth + 1)]
    if kind.startswith("mkdocs.") and hasattr(value, "__dict__"):  # e.g. a script's path and attributes
        return [kind, _plain(vars(value), depth + 1)]
    return kind


def _nav(items) -> list:
    return [[type(item).__name__, item.title, getattr(item, "url", None), _nav(getattr(item, "children", None) or [])]
            for item in items]


def _toc(items) -> list:
    return [[item.id, item.title, item.level, _toc(item.children)] for item in items]


def _page_key(site: str, page, edit_url: str | None) -> str:
    def neighbour(other):
        return None if other is None else [other.url, other.title]

    return _digest([site, page.file.src_uri, page.url, page.canonical_url, page.title, page.meta,
                    _toc(page.toc), page.edit_url, edit_url, page.is_homepage,
                    neighbour(page.previous_page), neighbour(page.next_page),
                    [ancestor.title for ancestor in page.ancestors],
                    hashlib.blake2b(page.content.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()])

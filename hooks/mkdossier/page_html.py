"""Generated pages' Markdown turned into HTML by the engine, on every core,
kept on disk by content.

A site generator converts its pages one after the other, in one process:
at 10,000 records most of a build is Python-Markdown (the benchmark's
profile, docs/benchmark.md). The engine knows which pages it made, so it
converts them before the generator asks, the way the generator would: the
same Python-Markdown dialect (the extensions and their settings from
mkdocs.yml), links to ``.md`` files rewritten to the addresses the site
serves, the table of contents and the anchors each page has and links to.
The site generator's adapter hands each page over through its public events,
already through the sanitizer (on every core too).

A page with a link this module cannot resolve exactly (to a file the site
does not have, or an absolute path) is left out, so that the generator
converts it itself and reports the link as it always does.

Each converted page is an entry of the project's store (``store.py``),
named by a digest of everything its HTML depends on: the dialect, the
page's path and address, every file's address, and its Markdown. An
unchanged page is not converted again; an entry that cannot be trusted is
not used (MkDocs converts that page), which costs only time.

The site's search reads every page's HTML too (Material's plugin parses it
once more, in the build's one process). Given an ``Index``, each worker
makes a page's search entries beside its HTML, with the search's own code,
and keeps them in the page's entry: the adapter hands them to the search
in place of the parse.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import posixpath
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
import nh3
from markdown.htmlparser import htmlparser
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import cache, parallel, sanitize
from .store import Store

FORMAT = 2
BATCH = 64  # pages per task sent to a worker: fewer round trips, still balanced
PARALLEL_FROM = 300  # pages to convert before other processes are worth starting


@dataclass(frozen=True)
class Dialect:
    """The Markdown the site generator speaks: its extensions (names, as
    mkdocs.yml lists them) and their settings."""

    extensions: tuple[str, ...]
    configs: dict = field(default_factory=dict, hash=False)

    def digest(self) -> str:
        text = json.dumps([FORMAT, markdown.__version__, list(self.extensions), self.configs],
                          sort_keys=True, default=repr)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class Converted:
    """A page's HTML and what the generator learns from converting it."""

    html: str  # through the sanitizer already (as the adapter would clean it)
    toc: list  # Python-Markdown's toc tokens (nested dicts)
    anchors: list[str]  # ids the page has, in its Markdown and in its raw HTML
    links_to_anchors: dict[str, dict[str, str]]  # target page's path → {anchor: link as written}
    # The page's search entries as JSON text, if an ``Index`` made them: the adapter
    # holds every page's from reading to writing, and text is a third of the memory.
    search: str | None = None


class Index(Protocol):
    """A site's search, as it reads one converted page (picklable: it goes to the workers)."""

    def digest(self) -> str:
        """Changes whenever the entries it makes of the same page may change."""

    def entries(self, page_url: str, meta: dict, converted: Converted) -> list:
        """The search entries of the page at ``page_url`` with front matter ``meta`` and this HTML."""


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other``, both site addresses: the
    generator's own rule (MkDocs' ``get_relative_url``), so links come out
    byte for byte as it writes them."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []


class Unresolved(Exception):
    """A link this module leaves to the site generator."""


class _Links(Treeprocessor):
    """Links and images to ``.md`` files, as the site serves them (the
    generator's own rule), and the anchors they point at."""

    def __init__(self, md, urls: dict[str, str]):
        super().__init__(md)
        self.urls = urls
        self.page = ""
        self.page_url = ""
        self.links_to_anchors: dict[str, dict[str, str]] = {}

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key:
                element.set(key, self.url(element.get(key)))

    def url(self, url: str | None) -> str:
        if url is None:
            raise Unresolved("a link without an address")
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc:  # external
            return url
        if url.startswith(("/", "\\")):
            raise Unresolved(url)
        if markdown.util.AMP_SUBSTITUTE in url:  # Markdown's placeholder in an e-mail address
            return url
        if not path:
            if anchor:
                self.links_to_anchors.setdefault(self.page, {}).setdefault(anchor, url)
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), unquote(path)).lstrip("/"))
        if target not in self.urls:
            raise Unresolved(url)
        if anchor:
            self.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        return urlunsplit(("", "", relative_url(self.urls[target], self.page_url), query, anchor))


class _Anchors(Treeprocessor):
    def run(self, root):
        found = self.md.dossier_anchors
        for element in root.iter():
            if anchor := element.get("id"):
                found.add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                found.add(anchor)


class _RawAnchors(Preprocessor):
    """Ids in the page's raw HTML, read as the generator reads them."""

    def run(self, lines):
        parser = _IdParser(self.md.dossier_anchors)
        parser.feed("\n".join(lines))
        parser.close()
        return lines


class _IdParser(htmlparser.HTMLParser):
    def __init__(self, found: set):
        super().__init__()
        self.found = found

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.found.add(value)
        return super().handle_starttag(tag, attrs)


class Converter:
    """One Python-Markdown in the dialect, with the generator's link rule."""

    def __init__(self, dialect: Dialect, urls: dict[str, str]):
        self.md = markdown.Markdown(extensions=list(dialect.extensions), extension_configs=dialect.configs)
        self.links = _Links(self.md, urls)
        # At the generator's priorities: raw HTML's ids before html_block (21),
        # anchors with toc (5), links last (0).
        self.md.preprocessors.register(_RawAnchors(self.md), "dossier_raw_anchors", 21)
        self.md.treeprocessors.register(_Anchors(self.md), "dossier_anchors", 5)
        self.md.treeprocessors.register(self.links, "dossier_links", 0)

    def convert(self, page: str, page_url: str, text: str, meta: dict | None = None,
                index: Index | None = None) -> Converted | None:
        """None if a link must be left to the site generator."""
        self.md.reset()
        self.md.dossier_anchors = set()
        self.links.page, self.links.page_url, self.links.links_to_anchors = page, page_url, {}
        try:
            html = sanitize.clean(self.md.convert(text))
        except Unresolved:
            return None
        converted = Converted(html, getattr(self.md, "toc_tokens", []), sorted(self.md.dossier_anchors),
                              self.links.links_to_anchors)
        if index is not None:
            entries = index.entries(page_url, meta or {}, converted)
            converted.search = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), default=str)
        return converted


def enabled() -> bool:
    """``MKDOSSIER_PAGE_HTML=off``: the site generator converts every page itself
    (the tests compare both ways)."""
    return not cache.switched_off("MKDOSSIER_PAGE_HTML")


# -- the store: one sealed entry per page -----------------------------------------------------


def open_store(project: Path, variant: str = "") -> Store:
    return Store(project, kind="pages", variant=variant)


def read(store: Store, key: str) -> Converted | None:
    stored = store.read_value(key, fields=("html", "toc", "anchors", "links", "search"))
    if stored is None:
        return None
    search = stored["search"] if isinstance(stored["search"], str) else None
    return Converted(stored["html"], stored["toc"], stored["anchors"], stored["links"], search)


def write(store: Store, key: str, converted: Converted) -> None:
    store.write_value(key, {"html": converted.html, "toc": converted.toc, "anchors": converted.anchors,
                            "links": converted.links_to_anchors, "search": converted.search})


def page_key(dialect_digest: str, urls_digest: str, page: str, page_url: str, text: str, searched: str = "") -> str:
    """``searched``: the index's digest and the page's front matter, if its search entries are made too."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in (dialect_digest, urls_digest, page, page_url, text, searched):
        hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return hasher.hexdigest()


def urls_digest(urls: dict[str, str]) -> str:
    text = "\0".join(f"{path}\1{url}" for path, url in sorted(urls.items()))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# -- converting many pages ---------------------------------------------------------------------

_worker: dict = {}


def _start(dialect: Dialect, urls: dict[str, str], folder: str, key: bytes, index: Index | None) -> None:
    _worker.update(converter=Converter(dialect, urls), store=Store.opened(Path(folder), key), index=index)


def _convert_batch(batch: list[tuple[str, str, str, str, dict]]) -> list[tuple[str, bool]]:
    converter, store, index = _worker["converter"], _worker["store"], _worker["index"]
    done = []
    for key, page, page_url, text, meta in batch:
        converted = converter.convert(page, page_url, text, meta, index)
        if converted is not None:
            write(store, key, converted)
        done.append((page, converted is not None))
    return done


FIGURES = "figures"  # the store's entry of cleaned figures


def _sanitizer() -> str:
    """Changes whenever what ``sanitize.clean`` makes may change."""
    return hashlib.blake2b(nh3.__version__.encode() + b"\0" + Path(sanitize.__file__).read_bytes(),
                           digest_size=16).hexdigest()


def _kept_figures(store: Store) -> dict[str, bytes]:
    """Figures cleaned by earlier builds, by key (a digest of the figure as drawn)."""
    body = store.read_bytes(FIGURES)
    try:
        kept = marshal.loads(body) if body is not None else None  # sealed: this module wrote it
    except (ValueError, EOFError, TypeError):
        return {}
    if not (isinstance(kept, dict) and kept.get("sanitizer") == _sanitizer() and isinstance(kept.get("clean"), dict)):
        return {}
    return {k: v for k, v in kept["clean"].items() if isinstance(k, str) and isinstance(v, bytes)}


def clean_fragments(fragments: dict[str, bytes]) -> dict[str, bytes]:
    """HTML fragments (UTF-8, by key) through the sanitizer."""
    return {key: sanitize.clean(raw.decode("utf-8")).encode("utf-8") for key, raw in fragments.items()}


def _clean_batch(batch: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    return list(clean_fragments(dict(batch)).items())


def convert_pages(pages: dict[str, tuple[str, str, dict]], urls: dict[str, str], dialect: Dialect,
                  store: Store, workers: int | None = None, fragments: dict[str, bytes] | None = None,
                  index: Index | None = None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Convert ``pages`` (path → (address, Markdown, front matter)) whose HTML
    the store lacks; the key of each page the store now holds, by path.
    ``urls``: every file of the site, path → address. ``fragments`` (key →
    HTML in UTF-8, the pages' figures) are cleaned by the sanitizer alongside:
    returned by key. ``index``: each page's search entries are made too."""
    drawn = fragments or {}
    known = _kept_figures(store) if drawn else {}
    fragments = {key: raw for key, raw in drawn.items() if key not in known}
    dialect_digest, site = dialect.digest(), urls_digest(urls)
    searched = index.digest() if index is not None else None
    keys = {page: page_key(dialect_digest, site, page, url, text, _searched(searched, meta))
            for page, (url, text, meta) in pages.items()}
    missing = [(keys[page], page, url, text, meta) for page, (url, text, meta) in pages.items()
               if not store.has(keys[page])]
    workers = workers if workers is not None else parallel.cores()
    failed: set[str] = set()
    if len(missing) >= PARALLEL_FROM and workers > 1:
        batches = [missing[i:i + BATCH] for i in range(0, len(missing), BATCH)]
        items = list(fragments.items())
        pieces = [items[i:i + BATCH * 4] for i in range(0, len(items), BATCH * 4)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_start,
                                 initargs=(dialect, urls, str(store.folder), store.key, index)) as pool:
            cleaned = [pool.submit(_clean_batch, piece) for piece in pieces]
            for done in pool.map(_convert_batch, batches):
                failed.update(page for page, ok in done if not ok)
            clean = dict(pair for future in cleaned for pair in future.result())
    else:
        clean = clean_fragments(fragments)
        converter = Converter(dialect, urls) if missing else None
        for key, page, url, text, meta in missing:
            converted = converter.convert(page, url, text, meta, index)
            if converted is None:
                failed.add(page)
            else:
                write(store, key, converted)
    if drawn:
        clean = {key: known[key] if key in known else clean[key] for key in drawn}
        if fragments:
            store.write_bytes(FIGURES, marshal.dumps({"sanitizer": _sanitizer(), "clean": clean}))
    return {page: key for page, key in keys.items() if page not in failed}, clean


def _searched(index_digest: str | None, meta: dict) -> str:
    if index_digest is None:
        return ""
    return index_digest + json.dumps(meta, ensure_ascii=False, sort_keys=True, default=repr)

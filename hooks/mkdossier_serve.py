"""Fast rebuilds under ``mkdocs serve --dirty`` (``make serve``): each rebuild
writes only the pages whose content changed since the previous build of the
same server session.

The engine still renders every page's Markdown on each rebuild (cheap); what
this module saves is MkDocs turning unchanged Markdown into HTML again. MkDocs'
dirty mode skips a page when ``file.is_modified()`` is false, but on its own it
cannot work for this site: a page held in memory always counts as modified,
the pages of a deleted record stay in the site folder, and Material's search
plugin merges only one changed page into its index. This module supplies those
three pieces; the hook (``mkdossier_hook.py``) calls it from its events.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import jinja2
import mkdocs
from mkdocs import utils
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_markdown_title, meta

# The generator running the build: MkDocs, or ProperDocs, which answers
# imports of ``mkdocs.*`` with its own modules and logs (and counts warnings
# for --strict) under its own name. Loggers are keyed to what is running.
GENERATOR = mkdocs.__name__
log = logging.getLogger(f"{GENERATOR}.plugins.mkdossier")

# Front matter of a nav page that every page's navigation shows (Material's
# partials/nav-item.html and tabs-item.html); the title is handled apart.
NAV_META = ("icon", "subtitle", "status")


class TrackedFile(File):
    """A page or generated file that is "modified" when `Session.plan` says so.

    Outside a dirty serve session nothing asks, and it behaves as any
    ``File.generated``.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed

    @classmethod
    def of(cls, file: File) -> TrackedFile:
        """The same file, every attribute kept, under this class."""
        tracked = cls.__new__(cls)
        tracked.__dict__.update(file.__dict__)
        return tracked


class Session:
    """What the previous build of this server session wrote, to compare the next one with."""

    def __init__(self):
        self.fingerprint: str | None = None  # of everything that every page depends on
        self.digests: dict[str, str] = {}  # src_uri -> digest of what its output was made from
        self.outputs: set[str] = set()  # every file the build wrote (absolute paths)
        self.search: dict[str, list[dict]] = {}  # page URL -> its search index entries
        self.rebuilt: set[str] = set()  # URLs of the pages this build writes
        self._next: tuple[str, dict[str, str], set[str]] | None = None
        # The digest of each in-memory page's content, with that content (the
        # engine hands unchanged pages over as the very same strings) and extras.
        self._made_from: dict[str, tuple[str, str, str]] = {}
        self._files = Files([])
        self._templates = CompiledTemplates()
        self._counts = (True, 0, 0, 0)

    def track(self, files: Files) -> Files:
        """Every page becomes a TrackedFile (the generated ones already are), in the
        same order: the order decides the search index and the sitemap."""
        return Files([f if isinstance(f, TrackedFile) or not f.is_documentation_page() else TrackedFile.of(f)
                      for f in files])

    def plan(self, files: Files, nav, config, page_extras: dict[str, str]) -> None:
        """Decide which files this build writes, and remove what the last build
        wrote that no longer exists (a deleted or renamed record).

        A generated file is written when its content (plus ``page_extras``, what
        the hook adds to a page outside its Markdown: the edit link) differs from
        the last build's; a hand-written page by MkDocs' own rule (newer source),
        or when pages were added or removed (its links may point at them).
        When anything every page depends on changes, the site folder is emptied
        and everything is written, as in a clean build.
        """
        nav_pages = [(page, *meta.get_data(page.file.content_string)) for page in nav.pages]
        fingerprint = _fingerprint(files, nav_pages, config)
        full = fingerprint != self.fingerprint
        if full and self.outputs:
            utils.clean_directory(config.site_dir)
        digests = {}
        # Generated: held in memory (pages) or in a folder of the hook's (exports).
        generated = [file for file in files if isinstance(file, TrackedFile) and file.generated_by is not None]
        made_from = {}
        for file in generated:
            extras = page_extras.get(file.src_uri, "")
            content = file.content_string if file.abs_src_path is None else None  # held in memory
            known = self._made_from.get(file.src_uri)
            if content is not None and known is not None and known[0] is content and known[1] == extras:
                digest = known[2]
            else:
                digest = _digest(file.content_bytes, extras)
            if content is not None:
                made_from[file.src_uri] = (content, extras, digest)
            digests[file.src_uri] = digest
            file.changed = full or digest != self.digests.get(file.src_uri) or not os.path.isfile(file.abs_dest_path)
        added_or_removed = digests.keys() != self.digests.keys()
        for file in files:
            if isinstance(file, TrackedFile) and file.generated_by is None:  # hand-written
                file.changed = full or added_or_removed or File.is_modified(file)
        for page, _markdown, front in nav_pages:
            # Every page's navigation shows the nav pages' titles and metadata,
            # which MkDocs knows only for the pages it reads: give it the front
            # matter of those it skips, and read those whose title is their heading.
            if page.title is None:
                page.file.changed = True
            elif not page.file.is_modified():
                page.meta = front
        written = sum(file.is_modified() for file in files.documentation_pages(inclusion=lambda _: True))
        outputs = {file.abs_dest_path for file in files}
        removed = _remove(self.outputs - outputs, config.site_dir)
        self._next = (fingerprint, digests, outputs)
        self._made_from = made_from
        self._files = files
        self._counts = (full, written, len(files.documentation_pages()), removed)
        self.rebuilt = set()

    def reuse_templates(self, env: jinja2.Environment) -> None:
        """MkDocs makes a new Jinja environment for each build, which compiles the
        theme's templates again (a third of a second): keep the compiled code."""
        env.bytecode_cache = self._templates

    def built(self, page) -> None:
        self.rebuilt.add(page.url)

    def finish(self, config) -> None:
        """After the pages are written, before the search plugin writes its index."""
        self._merge_search_index(self._files, config)
        self.fingerprint, self.digests, self.outputs = self._next
        full, written, pages, removed = self._counts
        if full:
            log.info(f"Wrote all {pages} pages; rebuilds write only the pages whose content changes")
        else:
            gone = f"; removed {removed} file(s) no longer generated" if removed else ""
            log.info(f"Wrote {written} of {pages} pages, the others are unchanged{gone}")

    def forget(self) -> None:
        """A failed build may have written part of the site: the next one is full."""
        self.fingerprint, self.digests = None, {}

    def _merge_search_index(self, files: Files, config) -> None:
        """The full index: fresh entries of the pages written now, the last build's
        entries of the others, in the order a clean build lists them.

        Coupled to Material's search plugin (9.6 to 9.8): it collects entries in
        ``search_index.entries`` (a list of dicts with a ``location`` of page URL
        plus anchor) from the pages written, and on ``on_post_build`` merges
        ``search_index_prev`` in, assuming a single page changed. The merge is done
        here instead and ``search_index_prev`` set to None, so that Material writes
        the entries as they are. tests/test_serve_rebuild.py compares the index
        with a clean build's.
        """
        search = config.plugins.get("material/search")
        if search is None or not search.config.enabled:
            return
        if not hasattr(search, "search_index_prev") or not hasattr(search.search_index, "entries"):
            raise RuntimeError("mkdossier_serve: Material's search plugin no longer keeps its index as "
                               "search_index.entries and search_index_prev; see _merge_search_index")
        fresh = _by_page(search.search_index.entries)
        entries = []
        for file in files.documentation_pages(inclusion=lambda _: True):
            if file.page is not None:
                url = file.page.url
                entries += fresh.get(url, []) if url in self.rebuilt else self.search.get(url, [])
        search.search_index.entries = entries
        search.search_index_prev = None
        self.search = _by_page(entries)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory. Jinja checks each against its template's
    source checksum, so an edited override is compiled again."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class QuietDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation and links may be stale.
    Under ``make serve`` mkdossier tracks what changed, so the warning is wrong
    (and would stop ``mkdocs serve --dirty --strict``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


QUIET_DIRTY_WARNING = QuietDirtyWarning()


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _fingerprint(files: Files, nav_pages, config) -> str:
    """What every page's HTML depends on besides its own content: the config file
    (nav, site name, theme, extensions), the theme overrides, the list of
    hand-written files (links resolve against it), and each nav page's title
    and metadata (every page's navigation shows them)."""
    parts: list[bytes | str] = [Path(config.config_file_path).read_bytes(),
                                repr((config.site_url, config.site_dir, config.use_directory_urls))]
    if config.theme.custom_dir:
        for path in sorted(Path(config.theme.custom_dir).rglob("*")):
            if path.is_file():
                stat = path.stat()
                parts.append(f"{path} {stat.st_mtime_ns} {stat.st_size}")
    parts += [file.src_uri for file in files if file.generated_by is None]
    for page, markdown, front in nav_pages:
        # The title the nav shows: the one given in mkdocs.yml (page.title, before
        # MkDocs reads the page), else the front matter's, else the first heading.
        title = page.title or front.get("title") or get_markdown_title(markdown)
        shown = [str(front.get(key)) for key in NAV_META]
        parts.append(repr((page.file.src_uri, title, shown)))
    return _digest(*parts)


def _by_page(entries: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].split("#")[0], []).append(entry)
    return pages


def _remove(paths: set[str], site_dir: str) -> int:
    """Delete files, and the folders they leave empty (up to the site folder)."""
    top = Path(site_dir).resolve()
    for name in paths:
        path = Path(name)
        path.unlink(missing_ok=True)
        folder = path.parent.resolve()
        while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return len(paths)

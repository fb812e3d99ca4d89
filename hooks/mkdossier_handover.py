"""The engine's own HTML of its generated pages, handed to MkDocs under
``mkdocs build`` (the adapter side of ``mkdossier.page_html``).

Before MkDocs reads the pages (``on_nav``) the engine converts its pages on
every core, or finds them in its cache. For each, ``on_page_markdown`` gives
MkDocs nothing to convert, and ``on_page_content`` gives back the engine's
HTML with what MkDocs learns from converting a page: its table of contents,
its anchors, and its links to other pages' anchors (which MkDocs checks at
the end of the build). Public events and public page attributes only.
A page is handed over only if MkDocs is about to convert exactly the
Markdown the engine converted; any other page MkDocs converts itself.

Material's search plugin would parse each page's HTML again, in this one
process (12 s at 10,000 records): the workers make a handed-over page's
search entries with the plugin's own code (``MaterialSearch``), and
``on_page_context`` hands them to the index in place of the parse, for a
page that comes to the search exactly as the workers saw it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import types
from pathlib import Path

from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from mkdossier import page_html
from mkdossier.render.pages import read_front_matter
from mkdossier.store import Store


def _digest(markdown: str) -> bytes:
    """What the engine converted, kept as a digest (not a second copy of every page)."""
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Handover:
    """One build's converted pages: their keys in the store, the page being handed over."""

    def __init__(self):
        self.store: Store | None = None
        self.keys: dict[str, tuple[str, bytes]] = {}  # page path → (store key, digest of the Markdown converted)
        self.handed = None  # (page, Converted) between on_page_markdown and on_page_content
        self.clean: str | None = None  # the HTML just handed over, already through the sanitizer
        self.metas: dict[str, dict] = {}  # page path → the front matter its search entries were made with
        self.index: MaterialSearch | None = None
        # Page path → (page, its HTML, its toc, its entries, its front matter), from
        # on_page_content (MkDocs reads every page first) to the page's on_page_context.
        self.searched: dict[str, tuple] = {}
        self.unsearched = None  # (page, its metadata, its entries) while the search plugin leaves it out
        self.indexed = 0  # pages whose search entries came from the workers

    def convert(self, generated, config, files, project: Path, figures: dict[str, bytes]) -> dict[str, bytes]:
        """Convert the generated pages (paths) whose title is in their front
        matter (MkDocs would otherwise take it from the HTML it converts); the
        pages' ``figures`` come back cleaned by the sanitizer, made alongside."""
        pages = {}
        for path in generated:
            file = files.get_file_from_path(path)
            if file is None or file.generated_by is None or not file.is_documentation_page():
                continue
            text = file.content_string
            body, meta = read_front_matter(text) or get_data(text)  # the engine's pages: the first
            if isinstance(meta.get("title"), str):
                pages[path] = (file.url, body, meta)
        if not pages:
            return page_html.clean_fragments(figures)
        # The offline bundle's addresses are not the site's: its pages are kept apart.
        self.store = page_html.open_store(project, variant=f"directory urls: {config.use_directory_urls}")
        dialect = page_html.Dialect(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        # Links to files left out of the site (drafts) stay MkDocs' to report.
        urls = {file.src_uri: file.url for file in files if not file.inclusion.is_excluded()}
        self.index = MaterialSearch.of(config)
        keys, clean = page_html.convert_pages(pages, urls, dialect, self.store, fragments=figures, index=self.index)
        self.keys = {path: (key, _digest(pages[path][1])) for path, key in keys.items()}
        if self.index is not None:
            self.metas = {path: pages[path][2] for path in keys}
        return clean

    def markdown(self, markdown: str, page) -> str:
        """"" for a page whose HTML the engine has (for exactly this Markdown)."""
        key, converted = self.keys.get(page.file.src_uri, (None, None))
        if converted is None or converted != _digest(markdown) or self.store is None:
            return markdown
        found = page_html.read(self.store, key)
        if found is None:  # gone or damaged since: MkDocs converts it
            return markdown
        self.handed = (page, found)
        return ""

    def content(self, html: str, page, files) -> str:
        handed, self.handed = self.handed, None
        if handed is None or handed[0] is not page:
            return html
        converted = handed[1]
        page.toc = get_toc(converted.toc)
        page.present_anchor_ids = set(converted.anchors)
        if page.links_to_anchors is not None:  # MkDocs collects them unless it logs at debug level
            page.links_to_anchors = {target: anchors for path, anchors in converted.links_to_anchors.items()
                                     if (target := files.get_file_from_path(path)) is not None}
        self.clean = converted.html
        meta = self.metas.pop(page.file.src_uri, None)
        if converted.search is not None and meta is not None:
            self.searched[page.file.src_uri] = (page, converted.html, page.toc, converted.search, meta)
        return converted.html

    def before_search(self, page) -> None:
        """``on_page_context``, before the search plugin: it leaves out a page
        whose entries the workers made, if the page is as they saw it."""
        searched = self.searched.pop(page.file.src_uri, None)
        if searched is None or searched[0] is not page:
            return
        meta = searched[4]
        if (page.content is not searched[1] or page.toc is not searched[2] or page.meta != meta
                or page.title != meta.get("title") or page.url != page.file.url):
            return  # changed by a plugin since: the search plugin reads it itself
        try:
            entries = json.loads(searched[3])
        except (ValueError, RecursionError):
            return
        if not isinstance(entries, list):
            return
        self.unsearched = (page, page.meta, entries)
        page.meta = {**page.meta, "search": {"exclude": True}}

    def after_search(self, page, config) -> None:
        """``on_page_context``, after the search plugin: the entries go in where it would have put them."""
        unsearched, self.unsearched = self.unsearched, None
        if unsearched is None or unsearched[0] is not page:
            return
        page.meta = unsearched[1]
        MaterialSearch.collected(config).extend(unsearched[2])
        self.indexed += 1

    def is_clean(self, html: str) -> bool:
        """Whether ``html`` is the very string just handed over (so no plugin changed it since)."""
        clean, self.clean = self.clean, None
        return html is clean

    def finish(self, keep: bool) -> None:
        """The entries of this build stay for the next (``keep``), the rest go."""
        if self.store is not None:
            if keep:
                self.store.keep_only([*(key for key, _body in self.keys.values()), page_html.FIGURES])
            self.store.close()
        self.store, self.keys, self.metas, self.index = None, {}, {}, None
        self.searched, self.unsearched, self.indexed = {}, None, 0


class MaterialSearch:
    """Material's search entries of one converted page, made by the search
    plugin's own code (its ``SearchIndex``) from what it would read: the
    page's HTML, table of contents, address and front matter."""

    def __init__(self, module: str, code: str):
        self.module = module  # where the plugin's SearchIndex is
        self.code = code

    @classmethod
    def of(cls, config) -> MaterialSearch | None:
        """For the site's search, if it is Material's plugin and collects its entries as this knows."""
        search = config.plugins.get("material/search")
        if search is None or not search.config.enabled or not isinstance(cls.collected(config), list):
            return None
        kind = type(search.search_index)
        module = sys.modules.get(kind.__module__)
        if getattr(module, "SearchIndex", None) is not kind or not hasattr(kind, "add_entry_from_context"):
            return None
        # The plugin's code, and whether it segments Chinese (with jieba, if installed).
        code = Path(module.__file__).read_bytes() + repr(getattr(module, "jieba", None) is None).encode()
        return cls(kind.__module__, hashlib.blake2b(code, digest_size=16).hexdigest())

    @staticmethod
    def collected(config) -> list | None:
        """The entries the search plugin is collecting."""
        return getattr(getattr(config.plugins.get("material/search"), "search_index", None), "entries", None)

    def digest(self) -> str:
        return self.code

    def entries(self, page_url: str, meta: dict, converted) -> list:
        index = importlib.import_module(self.module).SearchIndex()
        index.add_entry_from_context(types.SimpleNamespace(
            content=converted.html, toc=get_toc(converted.toc), url=page_url, meta=meta, title=meta.get("title")))
        return index.entries

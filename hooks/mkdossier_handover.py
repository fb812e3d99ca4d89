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
"""

from __future__ import annotations

import hashlib
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
                pages[path] = (file.url, body)
        if not pages:
            return page_html.clean_fragments(figures)
        # The offline bundle's addresses are not the site's: its pages are kept apart.
        self.store = page_html.open_store(project, variant=f"directory urls: {config.use_directory_urls}")
        dialect = page_html.Dialect(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        # Links to files left out of the site (drafts) stay MkDocs' to report.
        urls = {file.src_uri: file.url for file in files if not file.inclusion.is_excluded()}
        keys, clean = page_html.convert_pages(pages, urls, dialect, self.store, fragments=figures)
        self.keys = {path: (key, _digest(pages[path][1])) for path, key in keys.items()}
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
        return converted.html

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
        self.store, self.keys = None, {}

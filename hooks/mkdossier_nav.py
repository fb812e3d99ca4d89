"""The theme's navigation rendered once for all the pages that show the same
one, under ``mkdocs build``.

Material renders the whole navigation into every page: at 10,000 records it
was 15 of 34 s the theme's templates took in a cold build (cProfile,
docs/benchmark.md), though every record page shows the same links. The
navigation partial depends on the page only through the items marked active
(the page and its sections, if it is in the navigation) and its links, made
relative to the page. So for a page with no active item, the partial's
output is kept under those links, as this page would write them, and used
for every other page that would write the same ones; a page in the
navigation is rendered as always.

Done through Jinja's public API: at ``on_env`` the partial's name is given a
small template that looks the output up and includes the theme's own partial
(whichever the theme or the site's overrides provide) under another name.
``MKDOSSIER_NAV_CACHE=off`` renders every page's navigation (the tests
compare both ways).
"""

from __future__ import annotations

import jinja2
from mkdocs.utils import normalize_url

from mkdossier import cache

PARTIAL = "partials/nav.html"
ORIGINAL = "mkdossier-nav-partial.html"
_WRAPPER = (
    '{%- set mkdossier_key = mkdossier_nav.key(page, base_url) -%}'
    '{%- set mkdossier_kept = mkdossier_nav.get(mkdossier_key) -%}'
    '{%- if mkdossier_kept is not none -%}{{ mkdossier_kept }}'
    '{%- elif mkdossier_key is none -%}{% include "' + ORIGINAL + '" %}'
    '{%- else -%}{%- set mkdossier_output -%}{% include "' + ORIGINAL + '" %}{%- endset -%}'
    '{{ mkdossier_nav.keep(mkdossier_key, mkdossier_output) }}{%- endif -%}'
)


def enabled() -> bool:
    return not cache.switched_off("MKDOSSIER_NAV_CACHE")


class NavCache:
    """One build's rendered navigations, by the links a page would write."""

    def __init__(self):
        self.reused = 0  # pages given a navigation rendered for another
        self.kept: dict[tuple, str] = {}
        self.items: list = []
        self.urls: list[str] = []

    def install(self, env: jinja2.Environment, nav, config) -> bool:
        """Give the partial's name the looking-up template (False: the theme has no such partial)."""
        try:
            source, _filename, _uptodate = env.loader.get_source(env, PARTIAL)
        except jinja2.TemplateNotFound:
            return False
        self.kept, self.items, self.reused = {}, _all_items(nav.items), 0
        homepage = getattr(nav.homepage, "url", None)
        self.urls = [url for url in (*(getattr(item, "url", None) for item in self.items), homepage,
                                     (config.extra or {}).get("homepage"), config.theme.get("logo"))
                     if isinstance(url, str)]
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PARTIAL: _WRAPPER, ORIGINAL: source}), env.loader])
        env.globals["mkdossier_nav"] = self
        return True

    def key(self, page, base_url: str) -> tuple | None:
        """The links this page's navigation would have, or None if it shows the page itself."""
        if page is None or any(getattr(item, "active", False) for item in self.items):
            return None
        return (base_url, *(normalize_url(url, page=page, base=base_url) for url in self.urls))

    def get(self, key: tuple | None) -> str | None:
        output = self.kept.get(key) if key is not None else None
        self.reused += output is not None
        return output

    def keep(self, key: tuple, output: str) -> str:
        self.kept[key] = output
        return output

    def finish(self) -> int:
        """How many pages were given a navigation rendered for another."""
        reused, self.reused = self.reused, 0
        self.kept, self.items, self.urls = {}, [], []
        return reused


def _all_items(items) -> list:
    found = []
    for item in items:
        found.append(item)
        found += _all_items(getattr(item, "children", None) or [])
    return found

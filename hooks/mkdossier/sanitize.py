"""The guarantee behind every page: the HTML that Markdown made of the data is
cleaned by an allowlist sanitizer (nh3, i.e. Ammonia) before the theme sees it.

``markup`` escapes untrusted text and judges links by pattern before rendering;
those checks give contributors friendly early errors, but a browser is more
inventive than a pattern. Here only the tags, attributes and URL schemes our
generated pages use survive, and URLs are judged by a WHATWG URL parser (tabs,
newlines and control characters are stripped before the scheme is read, as a
browser does), so ``java\\nscript:`` or ``\\x01javascript:`` is a javascript:
URL and is removed.
"""

from __future__ import annotations

import re

import nh3

# What Python-Markdown with our extensions (tables, footnotes, attr_list,
# md_in_html, toc, admonition) and the engine's own HTML (chronology filters,
# ``<small>``, ``<code>``) produce, and what hand-written pages use.
TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "code", "pre", "span", "em", "strong", "b", "i", "small", "sup", "sub", "mark", "del", "ins",
    "kbd", "abbr", "blockquote", "hr", "br", "div", "details", "summary",
    # The chronology's filter form (no action: the filter script handles it).
    "form", "label", "select", "option", "button", "output",
}
# The timeline and relationship graphs, drawn at build time as inline SVG
# (render/timeline.py, render/graph.py): shapes, text, links and the paint
# servers they fill with. Nothing that loads or runs anything (no use, image,
# foreignObject, animate/set, script, style), no href but on a link.
SVG_TAGS = {"svg", "g", "a", "rect", "line", "path", "circle", "polygon", "text", "tspan", "title", "desc",
            "defs", "linearGradient", "stop", "pattern", "marker"}
TAGS |= SVG_TAGS
# Classes only change the look: allowed everywhere (admonition kinds, footnote
# and permalink classes, the chronology's own). Ids are the anchors links point
# at. The data-* attributes are the ones the search plugin and the chronology
# filter script read; any other data-* could steer the theme's script.
ATTRIBUTES = {
    "*": {"class", "id", "title", "hidden", "data-search-exclude", "aria-live", "lang", "dir"},
    "a": {"href", "aria-label"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "ol": {"start"},
    "li": {"value"},
    "div": {"data-facets"},  # an incident's values for the filters: "party=ada,beta tag=oil from=2022"
    # Decorative icons (claim status) that screen readers skip: only the value "true".
    "span": {"aria-hidden"},
    "abbr": {"title"},
    "select": {"name"},
    "option": {"value"},
    "button": {"type"},
    "details": {"open"},
    # The graphs: geometry and paint (values checked in _svg_value), labels for
    # assistive technology.
    "svg": {"viewBox", "width", "role", "aria-label", "aria-describedby", "aria-hidden", "focusable"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke", "stroke-width", "stroke-dasharray"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-dasharray", "marker-end", "marker-start"},
    "path": {"d", "fill", "stroke", "stroke-width", "stroke-dasharray", "marker-end", "marker-start"},
    "circle": {"cx", "cy", "r", "fill", "stroke", "stroke-width", "stroke-dasharray"},
    "polygon": {"points", "fill", "stroke", "stroke-width", "stroke-dasharray"},
    "text": {"x", "y", "dy", "text-anchor", "transform"},
    "tspan": {"x", "y", "dy"},
    "linearGradient": {"x1", "y1", "x2", "y2"},
    "stop": {"offset", "stop-color", "stop-opacity"},
    "pattern": {"patternUnits", "width", "height"},
    "marker": {"viewBox", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The tables extension aligns columns with style="text-align: …"; nothing
# else may be styled inline (no overlays that restyle the page).
STYLE_PROPERTIES = {"text-align"}
# The theme's own elements have ids starting with "__" (__config, __search,
# __drawer…): an element of the content with such an id would shadow them
# for the theme's script (DOM clobbering).
THEME_ID_PREFIX = "__"


# SVG attribute values, each read whole by a pattern without nested
# repetition (linear time): numbers and lists of them, path data, colours,
# references to a paint server or marker of the same page, and two transforms.
_NUMBERS = re.compile(r"[-0-9., ]{0,200}")
_PATH = re.compile(r"[-0-9., MmLlHhVvZzAaQqCcSsTt]{0,4000}")
_PAINT = re.compile(r"#[0-9a-fA-F]{3,8}|none|currentColor|url\(#[A-Za-z0-9_-]{1,64}\)")
_TRANSFORM = re.compile(r"(?:rotate|translate)\([-0-9., ]{1,60}\)")
_SVG_VALUES = {
    "d": _PATH, "fill": _PAINT, "stroke": _PAINT, "stop-color": _PAINT, "marker-end": _PAINT,
    "marker-start": _PAINT, "transform": _TRANSFORM, "points": _NUMBERS, "viewBox": _NUMBERS,
    "x": _NUMBERS, "y": _NUMBERS, "dy": _NUMBERS, "x1": _NUMBERS, "y1": _NUMBERS, "x2": _NUMBERS, "y2": _NUMBERS,
    "cx": _NUMBERS, "cy": _NUMBERS, "r": _NUMBERS, "rx": _NUMBERS, "width": _NUMBERS, "height": _NUMBERS,
    "stroke-width": _NUMBERS, "stroke-dasharray": _NUMBERS, "stop-opacity": _NUMBERS, "offset": _NUMBERS,
    "markerWidth": _NUMBERS, "markerHeight": _NUMBERS, "refX": _NUMBERS, "refY": _NUMBERS,
}
_SVG_WORDS = {
    "text-anchor": {"start", "middle", "end"}, "role": {"group", "img"}, "focusable": {"false"},
    "patternUnits": {"userSpaceOnUse", "objectBoundingBox"}, "markerUnits": {"userSpaceOnUse", "strokeWidth"},
    "orient": {"auto", "auto-start-reverse"},
}


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag in SVG_TAGS and tag != "a":
        pattern, words = _SVG_VALUES.get(name), _SVG_WORDS.get(name)
        if (pattern and not pattern.fullmatch(value)) or (words and value not in words):
            return None
    if name == "id" and value.startswith(THEME_ID_PREFIX):
        return None
    if name == "aria-hidden" and value != "true":
        return None
    if name == "lang" and not _language_tag(value):
        return None
    return value


def _language_tag(value: str) -> bool:
    """A BCP 47-shaped tag (``ko``, ``en-GB``, ``sr-Latn``): letters and digits
    in parts of 1 to 8 joined by hyphens; nothing else reaches a ``lang``."""
    parts = value.split("-")
    return 0 < len(value) <= 35 and all(0 < len(p) <= 8 and p.isascii() and p.isalnum() for p in parts)


# link_rel=None: ammonia would add rel="noopener noreferrer" to every link.
# No target attribute survives, so no link opens a window that could reach
# back through window.opener; on internal links the rel is noise, and the
# Content-Security-Policy is the second wall.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    link_rel=None,
    url_schemes=URL_SCHEMES,
    filter_style_properties=STYLE_PROPERTIES,
    url_relative="pass_through",
    strip_comments=True,
)


def clean(html: str) -> str:
    """Page content with nothing left that could run script or leave the allowlist."""
    return _CLEANER.clean(html)

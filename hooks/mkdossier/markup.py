"""Markdown from untrusted text.

Plain-text fields are escaped so they show exactly as written; Markdown
fields keep their formatting but lose raw HTML, attribute lists and unsafe
link schemes, and their ``[[id]]`` / ``[[id|text]]`` mentions become links.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote

MENTION = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
# Link targets in inline links, reference definitions and autolinks.
LINK_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>(?:[^()\s>]|\([^()\s]*\))*)|^\s{0,3}\[[^\]\n]+\]:\s*<?(?P<ref>\S*?)>?(?:\s|$)|<(?P<auto>[a-zA-Z][\w+.-]*:[^>\s]*)>",
    re.MULTILINE,
)
IMAGE = re.compile(r"!\[")
SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# Characters with a meaning in Markdown (and the extensions we enable).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=])")


def text(value) -> str:
    """Plain text, escaped for use inline in Markdown (and so in HTML)."""
    return _escaped(str(value))


@functools.lru_cache(maxsize=200_000)  # titles are escaped once, not once per link to them
def _escaped(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SPECIAL.sub(r"\\\1", value)
    return " ".join(value.split())  # a plain-text field never breaks a Markdown line


def code(value) -> str:
    """Plain text shown as code (HTML, since a Markdown code span cannot escape a backtick)."""
    return "<code>" + html.escape(str(value), quote=False) + "</code>"


def url_link(url: str) -> str:
    """A Markdown link to an http(s) URL, shown as itself."""
    target = quote(str(url).strip(), safe=":/?#@!$&'*+,;=%~")
    return f"[{text(url)}]({target})"


def images(markdown: str) -> list[int]:
    """Offsets of Markdown images (not allowed: a reader's browser would fetch them)."""
    return [m.start() for m in IMAGE.finditer(markdown or "")]


def html_text(value) -> str:
    """Text for places the theme prints as HTML without escaping (page titles,
    search tags). Angle brackets are replaced outright, since some theme
    filters (striptags) undo one level of escaping."""
    value = str(value).replace("&", "&amp;").replace("<", "‹").replace(">", "›")
    return " ".join(value.split())


def mentions(markdown: str) -> list[tuple[str, str | None, int]]:
    """``(id, text, offset)`` of each ``[[id]]`` / ``[[id|text]]``."""
    return [(m.group(1).strip(), m.group(2), m.start()) for m in MENTION.finditer(markdown or "")]


def mention_ids(markdown: str) -> list[str]:
    """The ids of the mentions, in order, each once."""
    return list(dict.fromkeys(found.strip() for found, _text in MENTION.findall(markdown or "")))


def link_targets(markdown: str) -> list[tuple[str, int]]:
    """``(url, offset)`` of each link or image target written in Markdown."""
    found = []
    for match in LINK_TARGETS.finditer(markdown or ""):
        url = match.group("inline") or match.group("ref") or match.group("auto") or ""
        found.append((url, match.start()))
    return found


def unsafe_url(url: str) -> bool:
    """True for a URL with a scheme other than http(s) or mailto."""
    match = SCHEME.match(url.replace("\x00", ""))
    return bool(match) and match.group(1).lower() not in SAFE_SCHEMES


def safe_markdown(markdown: str, link_for_mention) -> str:
    """Markdown ready to render: no raw HTML, no attribute lists, no unsafe
    links; mentions turned into links by ``link_for_mention(id, text)``."""
    out = (markdown or "").replace("&", "&amp;").replace("<", "&lt;")
    out = out.replace("{", "\\{").replace("}", "\\}")
    out = MENTION.sub(lambda m: link_for_mention(m.group(1).strip(), m.group(2)), out)

    def defuse(match):
        url = match.group("inline") or match.group("ref") or match.group("auto") or ""
        if ":" not in url:  # no scheme (most links, and every mention link): nothing to defuse
            return match.group(0)
        return match.group(0).replace(url, "#unsafe-link", 1) if unsafe_url(url) else match.group(0)

    return LINK_TARGETS.sub(defuse, out)


def line_col(textblock: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of ``offset`` within a text."""
    before = textblock[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

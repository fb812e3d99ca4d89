"""Figures (inline SVG timelines and graphs) travel beside a page's Markdown,
not in it.

Python-Markdown parses a raw HTML block tag by tag, and the search plugin
and the sanitizer read the result again: with the figures inside the
Markdown, a 2,000-record site built 42 % slower (measured). So the Markdown
holds a one-line slot; the figure's HTML is kept once per content (pages that
show the same figure share it), and the site generator's adapter cleans each
figure once and puts it into the page's HTML after the search plugin has
read the page (figures are not searched). ``fill`` also serves the engine's
own render route, which writes the figures into the Markdown.

Figures are kept as UTF-8 bytes: a Python string with one letter outside
Latin-1 (a Hangul name, a dash) takes two or four bytes a character, and at
10,000 records the figures took 159 MB as strings against 85 MB as bytes.
"""

from __future__ import annotations

import hashlib

SLOT = '<div id="dossier-figure-'
_SLOT_END = '"></div>'


class Figures:
    """The figures of one rendering, by a digest of their HTML."""

    def __init__(self):
        self.html: dict[str, bytes] = {}

    def slot(self, html: str) -> str:
        raw = html.encode("utf-8")
        key = hashlib.blake2b(raw, digest_size=10).hexdigest()
        self.html[key] = raw
        return f"{SLOT}{key}{_SLOT_END}"


_current = Figures()


def slot(html: str) -> str:
    """The slot that stands for this figure in a page's Markdown ("" for none)."""
    return _current.slot(html) if html else ""


def collect() -> dict[str, bytes]:
    """The figures made since the last call (``render`` starts with one)."""
    global _current
    found, _current = _current.html, Figures()
    return found


def _slots(text: str):
    """(start, end, key) of each slot in ``text``, in order. One pass."""
    start = 0
    while (found := text.find(SLOT, start)) >= 0:
        key_start = found + len(SLOT)
        key_end = text.find(_SLOT_END, key_start)
        if key_end < 0:
            return
        start = key_end + len(_SLOT_END)
        yield found, start, text[key_start:key_end]


def keys(text: str) -> list[str]:
    """The figures whose slots ``text`` holds."""
    return [key for _start, _end, key in _slots(text)]


def fill(text: str, figures: dict[str, bytes]) -> str:
    """``text`` with each slot replaced by its figure; a slot of an unknown
    figure is dropped."""
    out, done = [], 0
    for start, end, key in _slots(text):
        out += [text[done:start], figures.get(key, b"").decode("utf-8")]
        done = end
    out.append(text[done:])
    return "".join(out)

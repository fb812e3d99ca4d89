"""Markdown from untrusted text.

Plain-text fields are escaped so they show exactly as written; Markdown
fields keep their formatting but lose raw HTML, attribute lists and unsafe
link schemes, and their ``[[id]]`` / ``[[id|text]]`` mentions become links.
"""

from __future__ import annotations

import functools
import re
from typing import Callable
from urllib.parse import quote

# The patterns below run on untrusted text, so each must take linear time:
# every repeated part stops at a character that also starts the next
# attempt ("[", "]", "(", "<", a line end), so no two attempts read the same
# run twice (tests/test_linear_time.py feeds each a megabyte of its worst case).
MENTION = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
# Link targets in inline links, reference definitions and autolinks. An
# autolink holds no "<" (CommonMark's rule too): "<a:<a:<a:…" once made
# every "<" read to the end of the text, quadratic time.
LINK_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>(?:[^()\s>]|\([^()\s]*\))*)|^[ \t]{0,3}\[[^\]\n]+\]:\s*<?(?P<ref>\S*?)>?(?:\s|$)|<(?P<auto>[a-zA-Z][\w+.-]*:[^<>\s]*)>",
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
    value = _SPECIAL.sub(_escape_special, value)
    return " ".join(value.split())  # a plain-text field never breaks a Markdown line


# Python-Markdown takes a backslash before these as text ("a\\=b" shows
# the backslash) unless an extension uses them: written as entities, they
# show as themselves either way.
_AS_ENTITY = {"~": "&#126;", "^": "&#94;", "=": "&#61;"}


def _escape_special(match) -> str:
    char = match.group(1)
    return _AS_ENTITY.get(char) or "\\" + char


def code(value) -> str:
    """Plain text shown as code (HTML, since a Markdown code span cannot escape a
    backtick). Markdown still reads the text inside an HTML element, so it is
    escaped as plain text is: no link, emphasis or table cell can start in it."""
    return "<code>" + _escaped(str(value)) + "</code>"


def url_link(url: str, shown: str | None = None) -> str:
    """A Markdown link to an http(s) URL, shown as itself (or as ``shown``)."""
    target = quote(str(url).strip(), safe=":/?#@!$&'*+,;=%~")
    return f"[{text(url if shown is None else shown)}]({target})"


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
    out = _with_autolinks(markdown or "")
    # The text of a mention was escaped with the rest: unescape it, since
    # ``link_for_mention`` escapes it (else "AT&T" shows as "AT&amp;T").
    out = MENTION.sub(lambda m: link_for_mention(m.group(1).strip(), m.group(2) and _unescaped(m.group(2))), out)

    def defuse(match):
        url = match.group("inline") or match.group("ref") or match.group("auto") or ""
        if ":" not in url:  # no scheme (most links, and every mention link): nothing to defuse
            return match.group(0)
        return match.group(0).replace(url, "#unsafe-link", 1) if unsafe_url(url) else match.group(0)

    return LINK_TARGETS.sub(defuse, out)


def _escaped_html(value: str) -> str:
    """No raw HTML, no attribute lists."""
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    return value.replace("{", "\\{").replace("}", "\\}")


def _unescaped(value: str) -> str:
    return value.replace("&lt;", "<").replace("&amp;", "&")


def _with_autolinks(markdown: str) -> str:
    """The text with "&" and "<" escaped (no raw HTML), except that each
    well-formed ``<http(s)://…>`` autolink becomes a Markdown link. One scan
    from "<" to the next "<", ">" or space: linear time."""
    out, start, at = [], 0, markdown.find("<")
    while at != -1:
        end = _autolink_end(markdown, at)
        if end:
            out += [_escaped_html(markdown[start:at]), url_link(markdown[at + 1:end])]
            start = end + 1
        at = markdown.find("<", max(at + 1, start))
    out.append(_escaped_html(markdown[start:]))
    return "".join(out)


def _autolink_end(markdown: str, at: int) -> int:
    """Offset of the ">" closing an http(s) autolink that opens at ``at``, else 0."""
    head = markdown[at + 1:at + 9].lower()
    if not (head.startswith("http://") or head.startswith("https://")):
        return 0
    for index in range(at + 1, len(markdown)):
        char = markdown[index]
        if char == ">":
            return index if not markdown[at + 1:index].endswith("//") else 0
        if char == "<" or char.isspace() or ord(char) < 32:
            return 0
    return 0


def line_col(textblock: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of ``offset`` within a text."""
    before = textblock[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# --- What Markdown may cost --------------------------------------------------
# Python-Markdown takes time with the square of a paragraph's length on some
# text (each inline match copies the paragraph; each "[" or "](" left open
# reads the rest of it) and recurses once per level of nested lists or
# quotes (about 250 levels crash it). Check refuses such text with a
# position, so whatever it accepts renders in time linear in its size.
MAX_PARAGRAPH = 10_000  # characters between blank lines
MAX_NESTING = 20  # levels of lists and quotes
MAX_BRACKET_READS = 200_000  # characters read looking for the "]" or ")" that closes a "[" or "]("
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")  # linear: "[ \t]*" stops at the newline that starts the next try
# Everything before a line's text: indentation, quote markers, list markers.
# Linear: each repeated part starts with a different character.
_LINE_PREFIX = re.compile(r"^[ \t]*(?:(?:[>*+-]|\d{1,9}[.)])[ \t]*)*", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]()]")


def too_costly(markdown: str) -> tuple[int, str, str] | None:
    """``(offset, message, hint)`` of the first place Markdown would render
    in more than linear time or crash on, or None."""
    start = 0
    for end in [m.start() for m in _PARAGRAPH_BREAK.finditer(markdown)] + [len(markdown)]:
        if end - start > MAX_PARAGRAPH:
            return (start, f"a paragraph of {end - start:,} characters; at most {MAX_PARAGRAPH:,} between blank lines",
                    "Split it with blank lines: Markdown's time grows with the square of a paragraph's length.")
        found = _nested_too_deep(markdown, start, end) or _brackets_too_costly(markdown, start, end)
        if found:
            return found
        start = end + 1
    return None


def _nested_too_deep(markdown: str, start: int, end: int):
    for match in _LINE_PREFIX.finditer(markdown, start, end):
        prefix = match.group()
        if len(prefix) <= MAX_NESTING:  # each level takes at least one character
            continue
        indent = prefix[: len(prefix) - len(prefix.lstrip(" \t"))]
        levels = sum(map(prefix.count, ">*+-.)")) + (indent.count(" ") + 4 * indent.count("\t")) // 4
        if levels > MAX_NESTING:
            return (match.start(), f"lists or quotes nested {levels} levels deep; at most {MAX_NESTING}",
                    "Flatten the text: deeper nesting crashes the Markdown renderer.")
    return None


def _brackets_too_costly(markdown: str, start: int, end: int):
    """Python-Markdown reads from each "[" (and each "(" right after "]") to
    the bracket that closes it, or to the end of the paragraph: sum those reads."""
    if (markdown.count("[", start, end) + markdown.count("(", start, end)) * (end - start) <= MAX_BRACKET_READS:
        return None  # the usual text: no need to look closer
    reads, squares, parens = 0, [], []  # open "[" offsets; open "(" offsets (True: after "]")
    for match in _BRACKETS.finditer(markdown, start, end):
        at, char = match.start(), match.group()
        if at > start and markdown[at - 1] == "\\":
            continue  # escaped: Markdown takes it as text
        if char == "[":
            squares.append(at)
        elif char == "]" and squares:
            reads += at - squares.pop()
        elif char == "(":
            parens.append((at, at > start and markdown[at - 1] == "]"))
        elif char == ")" and parens:
            opened, after_link = parens.pop()
            reads += at - opened if after_link else 0
        if reads > MAX_BRACKET_READS:
            break
    reads += sum(end - at for at in squares) + sum(end - at for at, after_link in parens if after_link)
    if reads <= MAX_BRACKET_READS:
        return None
    first = min(squares + [at for at, _after in parens] or [start])
    return (first, "too many '[' or '](' left open or nested in one paragraph",
            "Close them, escape them as \\[ and \\(, or split the paragraph: "
            "Markdown reads the rest of the paragraph for each one.")


def mentions_as_text(markdown, title_of: Callable[[str], str | None] = lambda record_id: None) -> str:
    """The text with each ``[[id|text]]`` mention as its text, and each
    ``[[id]]`` as ``title_of(id)`` (the record's title; None when there is no
    such record, and then the id itself). Everything else stays as written."""
    def mention(match: re.Match) -> str:
        if match.group(2):
            return match.group(2)
        record_id = match.group(1).strip()
        title = title_of(record_id)
        return title if title is not None else record_id

    return MENTION.sub(mention, str(markdown or ""))

"""The second wall: a Content-Security-Policy in every page's ``<head>``.

A ``<meta http-equiv>`` works hosted and from ``file://``. Scripts run only
from the site itself, plus inline scripts whose sha256 is listed. The hashes
are of scripts we know at build time (the theme's own partials, rendered for
the page; the offline search worker's bootstrap, built from the vendored
shim), never of whatever the finished page contains: that would allow a
script planted in it. The MkDocs hook supplies the rendered partials.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

# A <script> without one of these types is data (JSON, JSON-LD), not run.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                    "application/ecmascript"}
# 'self' only: nothing from other origins. Styles may be inline (the theme sets
# style attributes from script); data: images and fonts are the theme's icons.
# blob: workers: the theme may start its search worker from a blob.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Where the head starts; the policy must come before any script in it.
_HEAD = re.compile(r"<head(?:\s[^<>]*)?>", re.IGNORECASE)
# What a worker URL from the theme's config looks like: a path on the site.
_RELATIVE_PATH = re.compile(r"[A-Za-z0-9._~/-]{1,300}")


class _Scripts(HTMLParser):
    """The text of each inline script that a browser would run."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        self._current = [] if "src" not in attributes and kind in EXECUTABLE_TYPES else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    """The executable inline scripts of an HTML text, in order."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    """A CSP hash source for a script's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _function_source(script: str, name: str) -> str:
    """The source text of ``function name(…){…}`` in a minified script, as
    ``Function.prototype.toString`` gives it (braces counted: the vendored shim
    has none inside strings; it is pinned by hash)."""
    start = script.index(f"function {name}(")
    depth = 0
    for position in range(script.index("{", start), len(script)):
        depth += {"{": 1, "}": -1}.get(script[position], 0)
        if depth == 0:
            return script[start:position + 1]
    raise ValueError(f"function {name} has no end")


def offline_worker_script(shim: str, worker_url: str) -> str:
    """The inline script that the iframe-worker shim writes into an
    about:blank iframe to run the search worker from file:// (the iframe has
    the page's policy). ``worker_url`` is the theme's ``search`` setting."""
    if not _RELATIVE_PATH.fullmatch(worker_url) or worker_url.startswith("//"):
        raise ValueError(f"unexpected search worker URL {worker_url!r}")
    post_message, import_scripts = _function_source(shim, "c"), _function_source(shim, "d")
    return (f"postMessage={post_message};importScripts={import_scripts};"
            f'addEventListener("error",({{error}})=>{{parent.dispatchEvent(new ErrorEvent("error",'
            f'{{filename:"{worker_url}",error}}))}})')


def policy(hashes: list[str]) -> str:
    """The policy text, allowing the inline scripts with these hashes."""
    allowed = " ".join(sorted(set(hashes)))
    return "; ".join(f"{name} {value} {allowed}" if name == "script-src" and allowed else f"{name} {value}"
                     for name, value in DIRECTIVES)


def with_policy(html: str, text: str) -> str:
    """The page with the policy as the first element of its ``<head>``."""
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("page has no <head>")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{text}">'
    return html[:head.end()] + meta + html[head.end():]

"""The engine's rendering kept between builds: a build whose inputs are
those of the last one takes its pages, figures and export files from the
store instead of rendering them again.

The inputs are everything the rendering reads: the engine's code and model,
the knowledge base's model, each record file's content (its digest, already
computed by ``load``) and the site's settings. Any change renders again;
under ``make serve`` an edit renders only the pages it reaches instead
(``reach``). Kept as one sealed entry (``store.py``): one that is damaged
or not what this module wrote is not used, which costs only time.
"""

from __future__ import annotations

import hashlib
import marshal

from . import cache
from .load import Loaded
from .store import Store

PARTS = ("pages", "files", "figures")  # one entry each: the largest is what a build holds twice, briefly
FORMAT = 1


def inputs(loaded: Loaded, settings) -> str | None:
    """A digest of everything the rendering reads; None without the disk cache
    (whose fingerprint covers the engine's top folder and both models)."""
    if loaded.cache is None:
        return None
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{FORMAT}\0{loaded.cache.fingerprint}\0{cache.code_digest()}\0{settings!r}\0"
                  .encode("utf-8", "surrogatepass"))
    for record in sorted(loaded.records, key=lambda r: r.file):
        hasher.update(f"{record.file}\0{record.key}\0".encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def restore(store: Store, digest: str, result, settings) -> bool:
    """Fill ``result`` from the entries kept for ``digest``; whether they were all there."""
    kept = {}
    for part, value_type in zip(PARTS, (str, bytes, bytes)):
        body = store.read_bytes(part)
        try:
            entry = marshal.loads(body) if body is not None else None  # sealed: this module wrote it
        except (ValueError, EOFError, TypeError):
            entry = None
        del body
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest and _table(entry[1], value_type)):
            return False
        kept[part] = entry[1]
    result.pages, result.files, result.figures = kept["pages"], kept["files"], kept["figures"]
    result.settings, result.rendered = settings, 0
    return True


def keep(store: Store, digest: str, result) -> None:
    for part in PARTS:
        store.write_bytes(part, marshal.dumps((digest, getattr(result, part))))
    store.keep_only(PARTS)


def _table(table, value_type) -> bool:
    return isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, value_type) for k, v in table.items())

"""The offline bundle: a built site folder as one deterministic zip file.

Same folder, same bytes: entries are sorted and carry a fixed date and mode,
so a bundle can be checked against a published hash. Readers on slow or
censored networks download it, so it leaves out what a reader's browser
never loads from it (``dead_weight``).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def bundle_name(site_name: str) -> str:
    """``Russia–North Korea arms cooperation`` → ``russia-north-korea-arms-cooperation-offline.zip``."""
    words = re.sub(r"[\W_]+", " ", site_name)  # dashes and punctuation separate words
    ascii_name = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "site"
    return f"{slug}-offline.zip"


# Search scripts by the language that needs them (what Material's search
# worker imports: lunr.<lang>.min.js, plus a segmenter for some languages).
LUNR = "assets/javascripts/lunr/"
SEGMENTERS = {"ja": ("tinyseg.js",), "hi": ("wordcut.js",), "th": ("wordcut.js",)}


def lunr_files(languages: list[str]) -> set[str]:
    """The lunr language files the search worker loads for these languages."""
    files = {"min/lunr.stemmer.support.min.js"} if any(lang != "en" for lang in languages) else set()
    for lang in languages:
        files.update(SEGMENTERS.get(lang, ()))
        if lang != "en":
            files.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        files.update({"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"})
    return files


def dead_weight(search_languages: list[str]):
    """A test of a site path (``a/b.js``): does the offline reader never load
    it? Source maps (only developer tools read them), the lunr languages the
    search does not use, and ``search/search_index.json`` (offline, the index
    is read from ``search_index.js``)."""
    needed = lunr_files(search_languages)

    def unused(path: str) -> bool:
        if path.endswith(".map") or path == "search/search_index.json":
            return True
        return path.startswith(LUNR) and path[len(LUNR):] not in needed

    return unused


def write_zip(folder: Path, out: Path, top: str, leave_out=lambda path: False) -> int:
    """Zip ``folder`` into ``out`` under one top folder; return the size in bytes.

    The zip is written under a name of its own and renamed into place: a
    build that stops half-way, or another build writing at the same time,
    never leaves a half-written bundle under the real name."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(
                file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
                if leave_out(path.relative_to(folder).as_posix()):
                    continue
                info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", FIXED_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        os.chmod(partial, 0o644)  # mkstemp makes it private; a bundle is for everyone
        os.replace(partial, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    return out.stat().st_size

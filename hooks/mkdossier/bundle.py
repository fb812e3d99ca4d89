"""The offline bundle: a built site folder as one deterministic zip file.

Same folder, same bytes: entries are sorted and carry a fixed date and mode,
so a bundle can be checked against a published hash.
"""

from __future__ import annotations

import re
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


def write_zip(folder: Path, out: Path, top: str) -> int:
    """Zip ``folder`` into ``out`` under one top folder; return the size in bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(out.suffix + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    partial.replace(out)  # never leave a half-written bundle under the real name
    return out.stat().st_size

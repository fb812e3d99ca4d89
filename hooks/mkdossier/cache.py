"""What parsing and checking each file found, kept on disk between runs.

Keyed by a digest of each file's bytes, so ``check`` on an unchanged
knowledge base costs reading the files and one JSON load instead of parsing
them all (like mypy's and ruff's caches). Only files without problems are
kept; a file with problems is parsed again, for its positions.

The cache lives outside the repository (``$MKDOSSIER_CACHE_DIR``, else
``$XDG_CACHE_HOME/mkdossier`` or ``~/.cache/mkdossier``): data comes from
pull requests, and a cache planted in one must not vouch for its files. It
is JSON, checked on reading; a missing, stale or damaged cache only costs
time. ``MKDOSSIER_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from pathlib import Path

import yaml

FORMAT = 1


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def directory() -> Path | None:
    chosen = os.environ.get("MKDOSSIER_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "0", "off", "false", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mkdossier"


def engine_fingerprint(*extra: bytes) -> str:
    """Changes whenever the engine's code or model, the YAML library, or ``extra``
    (the knowledge base's own model) changes: any of them can change what a file means."""
    package = Path(__file__).parent
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{FORMAT} {yaml.__version__}".encode())
    for path in sorted(package.glob("*.py")) + sorted(package.glob("*.yaml")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in extra:
        hasher.update(b"\0" + part)
    return hasher.hexdigest()


class DiskCache:
    """Entries (plain JSON values) by file digest, for one data folder."""

    def __init__(self, data_dir: Path, fingerprint: str):
        self.fingerprint = fingerprint
        folder = directory()
        name = hashlib.blake2b(str(data_dir).encode(), digest_size=8).hexdigest()
        self.path = folder / f"{name}.json" if folder else None
        self.entries: dict[str, dict] = self._read()
        self.used: dict[str, dict] = {}
        self.changed = False

    def _read(self) -> dict[str, dict]:
        if self.path is None:
            return {}
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects: the collector would scan them again and again
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}
        finally:
            if collecting:
                gc.enable()
        if (not isinstance(stored, dict) or stored.get("format") != FORMAT
                or stored.get("fingerprint") != self.fingerprint or not isinstance(stored.get("entries"), dict)):
            return {}
        return stored["entries"]

    def get(self, key: str) -> dict | None:
        entry = self.entries.get(key)
        if not isinstance(entry, dict):
            return None
        self.used[key] = entry
        return entry

    def put(self, key: str, entry: dict) -> None:
        self.used[key] = entry
        self.changed = True

    def save(self) -> None:
        """Keep what this run used; entries of files gone or changed are dropped."""
        if self.path is None or not (self.changed or len(self.used) != len(self.entries)):
            return
        stored = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self.used}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(stored, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            temporary.unlink(missing_ok=True)

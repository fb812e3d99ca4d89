"""Build results kept on disk between builds, by key, one sealed file each.

The engine and the site generator's adapter keep what took time to make
(converted pages, finished pages, the engine's rendering) in stores under
the engine's cache folder (``cache.directory()``), one folder per project
and kind, else in a temporary folder removed when the build ends. Each file
is sealed with the cache's secret key over its own name and content: one
edited by hand, damaged, or copied from another entry is not used (and is
removed), which costs only time. The stores of projects that are gone, or
not built for ``cache.STALE_DAYS``, are removed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path

from . import cache

PROJECT = "project"  # in each store: the project's folder (stores of projects that are gone are removed)
VARIANTS = 2  # stores kept per project and kind: the site's and the offline bundle's
WAITING = 64  # entries ``write_later`` holds at most before the build waits for the disk
_HEAD = b"mkdossier-store 1\n"
_MAC = 64  # hexadecimal digits (an entry of text stays text)


def _mac(secret: bytes, key: str, body: bytes) -> bytes:
    hasher = hashlib.blake2b(key.encode("utf-8") + b"\0", key=secret, digest_size=_MAC // 2)
    hasher.update(body)  # not joined to the name first: an entry may be hundreds of megabytes
    return hasher.hexdigest().encode()


class Store:
    """Sealed entries of one project and ``kind``, by key."""

    _writes: queue.Queue | None = None  # entries ``write_later`` holds, while its thread runs
    _pending: set[str] | frozenset = frozenset()  # their keys

    def __init__(self, project: Path, kind: str, variant: str = ""):
        """``variant``: builds of one project that would only evict each other's
        entries (the offline bundle and the site, under ``make build``) keep
        theirs apart; the ``VARIANTS`` last used stay."""
        folder = cache.directory()
        self.key = cache.secret_key(folder) if folder else None
        if folder and self.key:
            project = str(Path(project).resolve())
            name = hashlib.blake2b(f"{project}\0{variant}".encode(), digest_size=8).hexdigest()
            self.folder, self.temporary = folder / f"{kind}-{name}", False
            prune(folder, keep=self.folder, kind=kind, project=project)
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / PROJECT).write_text(project, encoding="utf-8")  # its time says when it was last used
        else:
            self.key = os.urandom(cache.KEY_BYTES)
            self.folder, self.temporary = Path(tempfile.mkdtemp(prefix=f"mkdossier-{kind}-")), True

    @classmethod
    def opened(cls, folder: Path, key: bytes) -> Store:
        """The store as a worker process sees it: its folder and key, given."""
        store = cls.__new__(cls)
        store.folder, store.key, store.temporary = folder, key, False
        return store

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def read_bytes(self, key: str) -> bytes | None:
        """The entry, or None; one that cannot be trusted is removed, to be made again next time."""
        if key in self._pending:
            self.flush()
        try:
            with open(self.path(key), "rb") as file:
                head, mac, body = file.read(len(_HEAD)), file.read(_MAC), file.read()
        except OSError:
            return None
        if head == _HEAD and hmac.compare_digest(mac, _mac(self.key, key, body)):
            return body
        self.path(key).unlink(missing_ok=True)
        return None

    def write_bytes(self, key: str, body: bytes) -> None:
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as file:
                file.write(_HEAD)
                file.write(_mac(self.key, key, body))
                file.write(body)
            os.replace(temporary, self.path(key))
        except OSError:
            temporary.unlink(missing_ok=True)

    def read_value(self, key: str, fields: tuple[str, ...] = ()) -> dict | None:
        """A JSON entry with ``fields``, or None."""
        body = self.read_bytes(key)
        try:
            value = json.loads(body) if body is not None else None
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict) and all(f in value for f in fields):
            return value
        if body is not None:
            self.path(key).unlink(missing_ok=True)
        return None

    def write_value(self, key: str, value: dict, later: bool = False) -> None:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (self.write_later if later else self.write_bytes)(key, body)

    def write_later(self, key: str, body: bytes) -> None:
        """Write the entry on a thread of its own, while the build goes on: a
        cold build at 10,000 records writes 20,000 finished-page entries, and
        creating a file took 70-550 µs here (measured), time the build's one
        process would otherwise wait. At most ``WAITING`` entries wait in memory."""
        if self._writes is None:
            self._writes, self._pending = queue.Queue(maxsize=WAITING), set()
            threading.Thread(target=self._write_waiting, args=(self._writes,), daemon=True).start()
        self._pending.add(key)
        self._writes.put((key, body))

    def _write_waiting(self, writes: queue.Queue) -> None:
        while (item := writes.get()) is not None:
            try:
                self.write_bytes(*item)
            except Exception:  # noqa: BLE001 - a lost entry costs only time; the thread must not die
                pass
            finally:
                self._pending.discard(item[0])
                writes.task_done()
        writes.task_done()

    def flush(self) -> None:
        """Wait for the entries ``write_later`` holds; the thread ends."""
        writes, self._writes = self._writes, None
        if writes is not None:
            writes.put(None)
            writes.join()

    def keep_only(self, keys) -> None:
        """Remove the entries this build did not have."""
        self.flush()
        if self.temporary:
            return
        wanted = {f"{key}.entry" for key in keys} | {PROJECT}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in wanted:
                (self.folder / name).unlink(missing_ok=True)

    def close(self) -> None:
        self.flush()
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)


def prune(folder: Path, keep: Path, now: float | None = None, kind: str = "pages",
          project: str | None = None) -> None:
    """Remove the stores (of ``kind``) of projects that are gone, those unused
    for ``cache.STALE_DAYS``, and ``project``'s beyond the ``VARIANTS`` last used."""
    now = time.time() if now is None else now
    variants = []  # the project's other stores of this kind, by when last used
    for store in folder.glob(f"{kind}-*"):
        if store == keep or not store.is_dir() or store.is_symlink():
            continue
        try:
            marker = store / PROJECT
            owner = marker.read_text(encoding="utf-8")
            gone = not Path(owner).is_dir()
            used = marker.stat().st_mtime
        except (OSError, ValueError):
            owner, gone, used = None, False, store.stat().st_mtime
        if gone or now - used > cache.STALE_DAYS * 86400:
            shutil.rmtree(store, ignore_errors=True)
        elif owner is not None and owner == project:
            variants.append((used, store))
    for _used, store in sorted(variants, reverse=True)[VARIANTS - 1:]:
        shutil.rmtree(store, ignore_errors=True)

"""What parsing and checking each file found, kept on disk between runs.

Keyed by a digest of each file's bytes, so ``check`` on an unchanged
knowledge base costs reading the files and one JSON load instead of parsing
them all (like mypy's and ruff's caches). Only files without problems are
kept; a file with problems is parsed again, for its positions.

A cache entry vouches that a file passed check, so it is trusted only when
this user's own runs wrote it: each cache file carries a keyed digest (MAC)
of everything after it, made with a random key created on first use
(``key`` in the cache folder, readable by its owner only). A cache file
edited by hand, copied in from elsewhere, restored by CI from another run,
or damaged, is ignored: only time is lost. Entries are bound to the content
they describe by their key (the record type and a digest of the file's
bytes), and ``load`` checks their shape again before using one.

The cache lives outside the repository (``$MKDOSSIER_CACHE_DIR``, else
``$XDG_CACHE_HOME/mkdossier`` or ``~/.cache/mkdossier``): data comes from
pull requests. ``MKDOSSIER_CACHE_DIR=off`` turns it off. Cache files of data
folders that are gone, and any not used for ``STALE_DAYS``, are removed.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import time
from pathlib import Path

import yaml

FORMAT = 2
KEY_FILE = "key"
KEY_BYTES = 32
STALE_DAYS = 30
_MAC_HEX = 64
_HEAD = b'{"mac":"'  # the file is one JSON object whose first member is the MAC of the rest
_REST = len(_HEAD) + _MAC_HEX + 2  # after '",'
_NAME = re.compile(r"^[0-9a-f]{16}\.json$")  # only our own files are ever pruned


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


OFF = ("0", "off", "false", "no")  # what turns a speed-up off, in an environment variable


def switched_off(variable: str) -> bool:
    """``MKDOSSIER_…=off`` (or 0, false, no): the tests compare the site built both ways."""
    return os.environ.get(variable, "").strip().lower() in OFF


def directory() -> Path | None:
    chosen = os.environ.get("MKDOSSIER_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", *OFF) else Path(chosen)
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


def code_digest() -> str:
    """Every file of the engine's code and model, subpackages included: what
    the rendering, not only the reading, of a knowledge base depends on."""
    package = Path(__file__).parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yaml")]):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def file_for(data_dir: Path, folder: Path) -> Path:
    name = hashlib.blake2b(str(data_dir).encode(), digest_size=8).hexdigest()
    return folder / f"{name}.json"


def forget(data_dir) -> None:
    """Remove the cache file of a data folder that is about to go (a temporary checkout)."""
    folder = directory()
    if folder is not None:
        try:
            file_for(Path(data_dir).resolve(), folder).unlink(missing_ok=True)
        except OSError:
            pass


def _own_key(path: Path) -> bytes | None:
    """The key in ``path`` if it is a plain file of this user's that nobody else can read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or info.st_size != KEY_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def secret_key(folder: Path) -> bytes | None:
    """This user's cache key, made on first use; None if it cannot be had (no cache then)."""
    path = folder / KEY_FILE
    key = _own_key(path)
    if key is not None:
        return key
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and path.exists() and path.lstat().st_uid != os.getuid():
            return None  # another user's key in a shared folder: leave it to them
        temporary = folder / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)  # the first writer wins; a bad key file is replaced
        except FileExistsError:
            if _own_key(path) is None:
                os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError:
        return None
    return _own_key(path)


def _mac(key: bytes, body: bytes) -> bytes:
    return hashlib.blake2b(body, key=key, digest_size=_MAC_HEX // 2).hexdigest().encode()


def authentic(raw: bytes, key: bytes) -> bool:
    """Whether a cache file was written with ``key`` and not changed since."""
    if len(raw) < _REST or not raw.startswith(_HEAD) or raw[_REST - 2:_REST] != b'",':
        return False
    return hmac.compare_digest(raw[len(_HEAD):_REST - 2], _mac(key, raw[_REST:]))


def sealed(stored: dict, key: bytes) -> bytes:
    body = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))[1:].encode("utf-8")
    return _HEAD + _mac(key, body) + b'",' + body


def prune(folder: Path, keep: Path | None = None, now: float | None = None) -> None:
    """Remove cache files of data folders that are gone, and those unused for ``STALE_DAYS``."""
    now = time.time() if now is None else now
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = folder / name
        try:
            if name.endswith(".tmp") and name.startswith(tuple("0123456789abcdef")):
                if now - path.lstat().st_mtime > 86400:  # left by a run that was killed
                    path.unlink()
                continue
            if not _NAME.match(name) or path == keep:
                continue
            if now - path.lstat().st_mtime > STALE_DAYS * 86400 or not _folder_exists(path):
                path.unlink()
        except OSError:
            continue


def _folder_exists(path: Path) -> bool:
    """Whether the data folder a cache file was written for still exists (read from its start)."""
    with open(path, "rb") as file:
        start = file.read(_REST + 4096)
    found = re.search(rb'"folder":("(?:[^"\\]|\\.)*")', start[_REST:])
    if found is None:
        return True  # not ours to judge
    try:
        return Path(json.loads(found.group(1))).is_dir()
    except ValueError:
        return True


# A long-lived process (the server of ``make serve``) keeps the last reading of
# each cache file in memory, to use again while the file on disk is the one it
# read or wrote: a rebuild at 10,000 records then skips loading and
# authenticating 22 MB of JSON. None: not kept (a build or a check reads once).
_remembered: dict[Path, tuple[tuple, tuple, dict]] | None = None


def remember() -> None:
    """Keep what each cache file holds in memory from now on, in this process."""
    global _remembered
    if _remembered is None:
        _remembered = {}


def _stamp(path: Path) -> tuple | None:
    """What changes when a file is written, replaced or touched."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


class DiskCache:
    """Entries (plain JSON values) by file digest, for one data folder."""

    def __init__(self, data_dir: Path, fingerprint: str):
        self.fingerprint = fingerprint
        self.data_dir = str(data_dir)
        folder = directory()
        self.key = secret_key(folder) if folder else None
        self.path = file_for(data_dir, folder) if folder and self.key else None
        self.entries: dict[str, dict] = self._read()
        self.used: dict[str, dict] = {}
        self.changed = False

    def _read(self) -> dict[str, dict]:
        if self.path is None:
            return {}
        kept = _remembered.get(self.path) if _remembered is not None else None
        if kept is not None and kept[:2] == (_stamp(self.path), self._owner()):
            return kept[2]
        entries = self._read_file()
        self._remember(entries)
        return entries

    def _owner(self) -> tuple:
        """What a reading is good for: this data folder, engine and key."""
        return self.data_dir, self.fingerprint, self.key

    def _remember(self, entries: dict[str, dict]) -> None:
        """``entries`` as the cache file now on disk holds them (not changed afterwards)."""
        if _remembered is not None and self.path is not None:
            stamp = _stamp(self.path)
            if stamp is None:
                _remembered.pop(self.path, None)
            else:
                _remembered[self.path] = (stamp, self._owner(), entries)

    def _read_file(self) -> dict[str, dict]:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}
        if not authentic(raw, self.key):
            return {}
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects: the collector would scan them again and again
        try:
            stored = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
        finally:
            if collecting:
                gc.enable()
        if (not isinstance(stored, dict) or stored.get("format") != FORMAT
                or stored.get("folder") != self.data_dir
                or stored.get("fingerprint") != self.fingerprint or not isinstance(stored.get("entries"), dict)):
            return {}
        return stored["entries"]

    def get(self, key: str, usable=lambda entry: isinstance(entry, dict)) -> dict | None:
        """The entry for ``key`` if ``usable`` accepts its shape; it is then kept on save."""
        entry = self.entries.get(key)
        if entry is None or not usable(entry):
            return None
        self.used[key] = entry
        return entry

    def put(self, key: str, entry: dict) -> None:
        self.used[key] = entry
        self.changed = True

    def save(self) -> None:
        """Keep what this run used; entries of files gone or changed are dropped."""
        if self.path is None:
            return
        if not (self.changed or len(self.used) != len(self.entries)):
            try:
                os.utime(self.path)  # still in use: not stale
            except OSError:
                pass
            self._remember(self.entries)
        else:
            self._write()
        prune(self.path.parent, keep=self.path)

    def _write(self) -> None:
        stored = {"format": FORMAT, "folder": self.data_dir, "fingerprint": self.fingerprint,
                  "entries": self.used}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(sealed(stored, self.key))
            os.replace(temporary, self.path)
        except (OSError, ValueError, TypeError, RecursionError):
            temporary.unlink(missing_ok=True)
            if _remembered is not None:
                _remembered.pop(self.path, None)
        else:
            self._remember(self.used)

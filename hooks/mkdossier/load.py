"""Stage 1: read every record file under the data folder.

One record per file, ``data/<folder>/<id>.yaml``; the folder names the type,
the file name is the id. Problems with files themselves (not UTF-8, not
YAML, not a mapping, a folder no type uses) are reported here; problems with
their content are ``validate``'s.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from . import model as model_module
from . import model_check
from .cache import DiskCache
from .model import Model
from .model_check import check_extension
from .problems import Problem, closest, field_path, kind_of
from .yamlsource import MAX_BYTES, UNSURE, Parsed, parse, parse_data

SUFFIXES = (".yaml", ".yml")


@dataclass
class Record:
    """One record file: its type, id, data and where each value was written."""

    type: str
    id: str
    file: str  # as shown to people: relative to the project, with / separators
    data: dict
    text: str = field(repr=False, default="")
    key: str = field(repr=False, default="")  # type and content digest: the disk cache's key
    cached: dict | None = field(repr=False, default=None)  # what the disk cache knew of it
    # The ids it references, by field path: ``validate`` fills them in.
    refs: dict[str, str] | None = field(repr=False, default=None)
    mentions: dict[str, list[str]] | None = field(repr=False, default=None)
    _source: Parsed | None = field(repr=False, default=None)

    @property
    def source(self) -> Parsed:
        """Positions of every value: parsed again only when a problem needs them."""
        if self._source is None:
            self._source = parse(self.text)
        return self._source

    def position(self, path, key: bool = False) -> tuple[int, int]:
        return self.source.position(tuple(path), key=key)

    def problem(self, path, message: str, hint: str = "", key: bool = False) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, field_path(path), message, hint)


@dataclass
class Loaded:
    model: Model
    records: list[Record]
    problems: list[Problem]
    unreadable: dict[str, str] = field(default_factory=dict)  # id → file, for files with problems
    cache: DiskCache | None = None


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class _File:
    """What reading one file gave: its data (unless it has problems) and text."""

    data: object
    text: str
    digest: str = ""
    entry: dict | None = None  # from the disk cache
    parsed: Parsed | None = None
    problems: list[Problem] = field(default_factory=list)


def _usable(entry) -> bool:
    """A cache entry of exactly the shape ``validate`` leaves: anything else
    is read again from the file (a damaged cache only costs time). The values
    inside ``data`` need no walk: the cache is JSON, which holds nothing but
    text, numbers, booleans, nulls, lists and mappings with text keys."""
    if not (isinstance(entry, dict) and set(entry) == {"data", "refs", "mentions"}):
        return False
    data, refs, mentions = entry["data"], entry["refs"], entry["mentions"]
    return (isinstance(data, dict)
            and isinstance(refs, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in refs.items())
            and isinstance(mentions, dict)
            and all(isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v)
                    for k, v in mentions.items()))


def _read(path: str, shown: str, disk: DiskCache | None = None, record_type: str = "",
          size: int | None = None) -> _File:
    size = os.stat(path).st_size if size is None else size
    if size > MAX_BYTES:
        message = f"file is {size / 1e6:.1f} MB; a record file may be at most {MAX_BYTES // 1000} kB"
        return _File(None, "", problems=[Problem(shown, 1, 1, "", message, "Split it, or move long text elsewhere.")])
    with open(path, "rb") as file:
        raw = file.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _File(None, "", problems=[Problem(shown, line, 1, "", "file is not UTF-8", "Save it as UTF-8.")])
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    digest = f"{record_type}:{cache.digest(raw)}"
    entry = disk.get(digest, _usable) if disk else None
    if entry is not None:
        return _File(entry["data"], text, digest, entry=entry)
    data = parse_data(text, size)
    if data is not UNSURE:
        return _File(data, text, digest)
    parsed = parse(text)
    problems = [Problem(shown, e.line, e.col, e.field, e.message, e.hint) for e in parsed.errors]
    if problems:
        return _File(None, text, problems=problems)
    return _File(parsed.data, text, digest, parsed=parsed)


def _model(data_dir: Path, root: Path) -> tuple[Model, list[Problem]]:
    path = data_dir / model_module.EXTENSION_FILE
    shown = _display(path, root)
    if path.is_symlink():  # refused unread: its keys would be echoed in problems (CI annotations)
        return model_module.load_model(), [Problem(
            shown, 1, 1, "", "model file is a symbolic link",
            "Commit the file itself: a link could point outside the knowledge base.")]
    if not path.is_file():
        return model_module.load_model(), []
    read = _read(path, shown)
    if read.problems:
        return model_module.load_model(), read.problems
    extension = read.data or {}
    found = check_extension(extension, model_module.base_model_dict())
    if found:
        problems = []
        parsed = read.parsed or parse(read.text)
        for path_, message, hint in found:
            # A key's name, or a list item itself (a list item has no key).
            line, col = parsed.position(path_, key=not (path_ and isinstance(path_[-1], int)))
            where = field_path(tuple(part if isinstance(part, int) else model_check.shown(part) for part in path_))
            problems.append(Problem(shown, line, col, where, message, hint))
        return model_module.load_model(), problems
    return model_module.load_model(extension), []


def _yaml_files(data_dir: Path) -> list[tuple[str, ...]]:
    """Paths (as parts, relative to the data folder) of the YAML files in its
    folders, sorted. ``os.walk`` and plain strings: pathlib costs a second
    per 10,000 files here (profiled)."""
    found = []
    top = len(str(data_dir)) + 1
    for folder, subfolders, names in os.walk(data_dir):
        subfolders.sort()
        if len(folder) < top:
            continue  # files beside the folders are not records (data/model.yaml)
        parts = tuple(folder[top:].split(os.sep))
        found += [(*parts, name) for name in names if name.endswith(SUFFIXES)]
    return sorted(found)


def load(data_dir, root=None) -> Loaded:
    """Every record under ``data_dir``, in a stable order, with file problems."""
    data_dir = Path(data_dir).resolve()
    root = Path(root).resolve() if root else data_dir.parent
    problems: list[Problem] = []
    model, model_problems = _model(data_dir, root)
    problems += model_problems
    records: list[Record] = []
    unreadable: dict[str, str] = {}
    if not data_dir.is_dir():
        problems.append(Problem(_display(data_dir, root), 1, 1, "", "data folder not found"))
        return Loaded(model, records, problems, unreadable)
    extension = data_dir / model_module.EXTENSION_FILE
    disk = DiskCache(data_dir, cache.engine_fingerprint(
        extension.read_bytes() if extension.is_file() and not extension.is_symlink() else b""))
    folders = {t.folder: t for t in model.types.values()}
    shown_dir = _display(data_dir, root)
    for parts in _yaml_files(data_dir):
        path = os.path.join(data_dir, *parts)
        shown = "/".join((shown_dir, *parts))
        folder = parts[0]
        record_type = folders.get(folder)
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            problems.append(Problem(shown, 1, 1, "", "record file is a symbolic link",
                                    "Commit the file itself: a link could point outside the knowledge base."))
            continue
        if record_type is not None and len(parts) != 2:
            hint = f"Move it to data/{folder}/: one record per file, no subfolders."
            problems.append(Problem(shown, 1, 1, "", "record file in a nested folder", hint))
            continue
        if record_type is None:
            guess = closest(folder, folders)
            hint = f"Did you mean '{guess}/'?" if guess else f"Use one of: {', '.join(sorted(folders))}."
            problems.append(Problem(shown, 1, 1, "", f"record file in unknown folder '{folder}'", hint))
            continue
        record_id = unicodedata.normalize("NFC", parts[-1].rsplit(".", 1)[0])
        read = _read(path, shown, disk, record_type.name, info.st_size)
        problems += read.problems
        if not read.problems and not isinstance(read.data, dict):
            got = "an empty file" if read.data is None else kind_of(read.data)
            problems.append(
                Problem(shown, 1, 1, "", f"expected a mapping of fields, got {got}",
                        f"Start with '{record_type.title_field}: …'.")
            )
        if not isinstance(read.data, dict) or read.problems:
            unreadable[record_id] = shown
            continue
        records.append(Record(record_type.name, record_id, shown, read.data, read.text, read.digest,
                              read.entry, _source=read.parsed))
    return Loaded(model, records, problems, unreadable, disk)

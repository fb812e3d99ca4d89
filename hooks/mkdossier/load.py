"""Stage 1: read every record file under the data folder.

One record per file, ``data/<folder>/<id>.yaml``; the folder names the type,
the file name is the id. Problems with files themselves (not UTF-8, not
YAML, not a mapping, a folder no type uses) are reported here; problems with
their content are ``validate``'s.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import model as model_module
from .model import Model
from .model_check import check_extension
from .problems import Problem, closest, field_path, kind_of
from .yamlsource import MAX_BYTES, Parsed, parse

SUFFIXES = (".yaml", ".yml")


@dataclass
class Record:
    """One record file: its type, id, data and where each value was written."""

    type: str
    id: str
    file: str  # as shown to people: relative to the project, with / separators
    data: dict
    source: Parsed = field(repr=False, default_factory=Parsed)

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


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# Parsed files by (path, modification time, size): under `mkdocs serve` a
# rebuild parses only the files that changed. Parsed data is never modified.
_parsed_cache: dict[tuple, tuple[Parsed | None, list[Problem]]] = {}


def _read(path: Path, shown: str) -> tuple[Parsed | None, list[Problem]]:
    stat = path.stat()
    key = (str(path), shown, stat.st_mtime_ns, stat.st_size)
    if key not in _parsed_cache:
        if len(_parsed_cache) > 200_000:
            _parsed_cache.clear()
        _parsed_cache[key] = _read_uncached(path, shown, stat.st_size)
    return _parsed_cache[key]


def _read_uncached(path: Path, shown: str, size: int) -> tuple[Parsed | None, list[Problem]]:
    if size > MAX_BYTES:
        message = f"file is {size / 1e6:.1f} MB; a record file may be at most {MAX_BYTES // 1000} kB"
        return None, [Problem(shown, 1, 1, "", message, "Split it, or move long text elsewhere.")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, 1, "", "file is not UTF-8", "Save it as UTF-8.")]
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    parsed = parse(text)
    problems = [Problem(shown, line, col, "", message) for line, col, message in parsed.errors]
    if problems:
        return None, problems
    return parsed, []


def _model(data_dir: Path, root: Path) -> tuple[Model, list[Problem]]:
    path = data_dir / model_module.EXTENSION_FILE
    if not path.is_file():
        return model_module.load_model(), []
    shown = _display(path, root)
    parsed, problems = _read(path, shown)
    if parsed is None:
        return model_module.load_model(), problems
    extension = parsed.data or {}
    found = check_extension(extension, model_module.base_model_dict())
    if found:
        problems = []
        for path_, message, hint in found:
            line, col = parsed.position(path_, key=True)
            problems.append(Problem(shown, line, col, field_path(path_), message, hint))
        return model_module.load_model(), problems
    return model_module.load_model(extension), []


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
    folders = {t.folder: t for t in model.types.values()}
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES or path.parent == data_dir:
            continue
        shown = _display(path, root)
        relative = path.relative_to(data_dir)
        folder = relative.parts[0]
        record_type = folders.get(folder)
        if record_type is not None and len(relative.parts) != 2:
            hint = f"Move it to data/{folder}/: one record per file, no subfolders."
            problems.append(Problem(shown, 1, 1, "", "record file in a nested folder", hint))
            continue
        if record_type is None:
            guess = closest(folder, folders)
            hint = f"Did you mean '{guess}/'?" if guess else f"Use one of: {', '.join(sorted(folders))}."
            problems.append(Problem(shown, 1, 1, "", f"record file in unknown folder '{folder}'", hint))
            continue
        record_id = unicodedata.normalize("NFC", path.stem)
        parsed, file_problems = _read(path, shown)
        problems += file_problems
        if parsed is not None and not isinstance(parsed.data, dict):
            got = "an empty file" if parsed.data is None else kind_of(parsed.data)
            problems.append(
                Problem(shown, 1, 1, "", f"expected a mapping of fields, got {got}",
                        f"Start with '{record_type.title_field}: …'.")
            )
            parsed = None
        if parsed is None:
            unreadable[record_id] = shown
            continue
        records.append(Record(record_type.name, record_id, shown, parsed.data, parsed))
    return Loaded(model, records, problems, unreadable)

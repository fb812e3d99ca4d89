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
from .problems import Problem, closest, field_path
from .yamlsource import Parsed, parse

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


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, shown: str) -> tuple[Parsed | None, list[Problem]]:
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
    try:
        return model_module.load_model(parsed.data or {}), []
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        message = f"model extension cannot be read ({type(error).__name__}: {error})"
        hint = "Follow the shape of the packaged model.yaml."
        return model_module.load_model(), [Problem(shown, 1, 1, "", message, hint)]


def load(data_dir, root=None) -> Loaded:
    """Every record under ``data_dir``, in a stable order, with file problems."""
    data_dir = Path(data_dir).resolve()
    root = Path(root).resolve() if root else data_dir.parent
    problems: list[Problem] = []
    model, model_problems = _model(data_dir, root)
    problems += model_problems
    records: list[Record] = []
    if not data_dir.is_dir():
        problems.append(Problem(_display(data_dir, root), 1, 1, "", "data folder not found"))
        return Loaded(model, records, problems)
    folders = {t.folder: t for t in model.types.values()}
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES or path.parent == data_dir:
            continue
        shown = _display(path, root)
        relative = path.relative_to(data_dir)
        folder = relative.parts[0]
        record_type = folders.get(folder)
        if record_type is None or len(relative.parts) != 2:
            guess = closest(folder, folders)
            hint = f"Did you mean '{guess}/'?" if guess else f"Use one of: {', '.join(sorted(folders))}."
            where = "a nested folder" if record_type else f"unknown folder '{folder}'"
            problems.append(Problem(shown, 1, 1, "", f"record file in {where}", hint))
            continue
        parsed, file_problems = _read(path, shown)
        problems += file_problems
        if parsed is None:
            continue
        if not isinstance(parsed.data, dict):
            got = "an empty file" if parsed.data is None else f"a {type(parsed.data).__name__}"
            problems.append(
                Problem(shown, 1, 1, "", f"expected a mapping of fields, got {got}",
                        f"Start with '{record_type.title_field}: …'.")
            )
            continue
        record_id = unicodedata.normalize("NFC", path.stem)
        records.append(Record(record_type.name, record_id, shown, parsed.data, parsed))
    return Loaded(model, records, problems)

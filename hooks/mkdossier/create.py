"""``mkdossier new`` writes the record: its file in ``data/<folder>/``, only
if the knowledge base still passes check with it (otherwise nothing is
written). What the file says is ``scaffold``'s; this module is the one that
writes and checks, so it sits above the pipeline, and ``scaffold`` (read by
the format reference page) below it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import fieldtypes, pipeline
from .json_schema import FOLDER as SCHEMA_FOLDER
from .json_schema import schema_file
from .load import load
from .model import Model
from .problems import Problem
from .scaffold import ScaffoldError, find_type, metavar, missing_required, record_id, skeleton
from .slugs import ID, slug


@dataclass
class Created:
    path: Path
    shown: str  # the path as people see it (relative to the project)
    notes: list[str] = field(default_factory=list)



def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def names_of(record, model: Model) -> list:
    """A record's title and the values of its fields of type ``name`` (aliases)."""
    record_type = model.types[record.type]
    names = [record.data.get(record_type.title_field)]
    for spec in record_type.fields.values():
        value = record.data.get(spec.name)
        if spec.type == "name" and value is not None:
            names.append(fieldtypes.Name.text(value))
        elif spec.type == "list" and spec.items is not None and spec.items.type == "name" and isinstance(value, list):
            names += [fieldtypes.Name.text(n) for n in value]
    return names


def same_names(loaded_records, model: Model, title: str) -> list[str]:
    """Files of records that already carry this name (or alias): perhaps the same thing."""
    key = title.casefold().strip()
    return [record.file for record in loaded_records
            if any(isinstance(n, str) and n.casefold().strip() == key for n in names_of(record, model))]


def create(data_dir, type_word: str, title: str, values: dict, new_id: str | None = None,
           root=None) -> Created:
    """Write a new record; raise ScaffoldError (nothing written) if it would not pass check."""
    data_dir = Path(data_dir).resolve()
    root = Path(root).resolve() if root else data_dir.parent
    loaded = load(data_dir, root)
    model = loaded.model
    record_type = find_type(model, type_word)
    if not title.strip():
        raise ScaffoldError(f"the {record_type.title_field} is empty")
    missing = missing_required(record_type, values)
    if missing:
        wanted = ", ".join(f"--{n} {metavar(record_type.fields[n])} ({record_type.fields[n].doc.rstrip('.')})"
                           for n in missing)
        article = "an" if record_type.name[:1] in "aeiou" else "a"
        raise ScaffoldError(f"{article} {record_type.name} also needs: {wanted}")
    if new_id is not None:
        _check_id(new_id)
    new_id = new_id or record_id(record_type, title, values)
    if not new_id:
        raise ScaffoldError(f"cannot make an id from '{title}'; give one with --id")
    used = {r.id.casefold(): r.file for r in loaded.records}
    used.update({i.casefold(): f for i, f in getattr(loaded, "unreadable", {}).items()})  # files with problems
    if new_id.casefold() in used:
        raise ScaffoldError(f"the id '{new_id}' is already used by {used[new_id.casefold()]}; "
                            "nothing was written. Choose another with --id")
    folder = data_dir / record_type.folder
    path = _inside(data_dir, record_type.folder, f"{new_id}.yaml")
    shown = _display(path, root)
    if path.exists() or path.with_suffix(".yml").exists():
        raise ScaffoldError(f"{shown} already exists; nothing was written. Choose another id with --id")
    schema = root / SCHEMA_FOLDER / schema_file(record_type.name)
    schema_ref = Path(os.path.relpath(schema, folder)).as_posix() if schema.is_file() else ""
    text = skeleton(model, record_type, title, values, schema_ref)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    problems = [p for p in pipeline.check(data_dir, root).problems if p.file == shown]
    if problems:
        path.unlink()
        raise ScaffoldError("the new record would not pass check; nothing was written:\n"
                            + "\n".join(str(_without_file(p)) for p in problems))
    notes = [f"note: {other} already has the name or alias '{title}'; is it the same {record_type.name}?"
             for other in same_names(loaded.records, model, title)]
    return Created(path, shown, notes)


def _check_id(new_id: str) -> None:
    """An id given with --id is the file name: only lowercase letters, digits and single hyphens."""
    if not ID.fullmatch(new_id):
        suggestion = slug(new_id)
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        raise ScaffoldError(f"invalid id '{new_id}': use lowercase letters, digits and single hyphens "
                            f"(it is the file name in data/<folder>/); nothing was written.{hint}")


def _inside(data_dir: Path, folder_name: str, name: str) -> Path:
    """``data_dir/folder_name/name``, refused unless it is really there: one
    plain folder below the data folder, no symbolic link on the way."""
    folder = data_dir / folder_name
    if Path(folder_name).name != folder_name or folder_name in ("", ".", "..") or folder.is_symlink() \
            or (folder.exists() and not folder.is_dir()):
        raise ScaffoldError(f"data/{folder_name}/ is not a plain folder of the data folder; nothing was written")
    path = folder / name
    if path.is_symlink() or path.parent.resolve() != data_dir.resolve() / folder_name:
        raise ScaffoldError(f"{name} would be written outside {data_dir}; nothing was written")
    return path


def _without_file(problem: Problem) -> str:
    """A problem in the new file, by field (its line numbers mean nothing to the caller)."""
    field_part = f"{problem.field}: " if problem.field else ""
    hint = f" {problem.hint}" if problem.hint else ""
    return f"  {field_part}{problem.message}.{hint}"

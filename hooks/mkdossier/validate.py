"""Stage 2: check records against the model; return every problem found.

Field rules come from the model (types, required, vocabularies, patterns,
reference targets). Rules that span fields or records (ids, relation
direction, date order, mentions, claim ids) are written out below, on the
fields the model declares for them: lists of typed links (items holding a
``relation`` field) and lists of ``claims``.
"""

from __future__ import annotations

import re
import unicodedata

from . import dates, fieldtypes, markup
from .fieldtypes import Fault
from .load import Loaded, Record
from .model import Field, Model
from .problems import Problem, closest, field_path, kind_of, sorted_problems
from .slugs import is_id, slug

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"  # how the model writes the id rule (tags, claim ids)
ID = re.compile(ID_PATTERN)  # ``slugs.ID``, anchored as JSON Schema patterns are written
ID_WORDS = "lowercase Latin letters, digits and single hyphens"
SWAP_HINT = "Swap the dates or correct one of them."
LANGUAGE = fieldtypes.LANGUAGE

TYPE_WORDS = {name: kind.words for name, kind in fieldtypes.REGISTRY.items()}  # "expected …"


def _article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


class _Checker:
    """Walks one knowledge base; collects problems."""

    def __init__(self, loaded: Loaded):
        self.model: Model = loaded.model
        self.records = loaded.records
        self.problems: list[Problem] = list(loaded.problems)
        self.unreadable = loaded.unreadable  # their own problems are reported already
        self.cache = loaded.cache
        self.targets: dict[tuple, tuple[str, ...]] = {}
        self.by_id: dict[str, Record] = {}
        for record in self.records:
            self.by_id.setdefault(record.id, record)

    # -- whole knowledge base -------------------------------------------------

    def run(self) -> list[Problem]:
        self._check_ids()
        for record in self.records:
            if record.refs is None:
                if record.cached is not None:  # ``load`` checked its shape
                    record.refs, record.mentions = record.cached["refs"], record.cached["mentions"]
                else:
                    self._check_record(record)
            self._check_references(record)
            self._check_relation_ends(record)
        return sorted_problems(self.problems)

    def _check_record(self, record: Record) -> None:
        """What the record's own file decides; its references are collected
        for ``_check_references``. A file without problems here is cached."""
        before = len(self.problems)
        record.refs, record.mentions = {}, {}
        self._check_mapping(record, (), record.data, self.model.types[record.type].fields)
        self._check_record_rules(record)
        if len(self.problems) == before and self.cache is not None and record.key:
            self.cache.put(record.key, {"data": record.data, "refs": record.refs, "mentions": record.mentions})

    def _check_ids(self) -> None:
        seen: dict[str, Record] = {}
        for record in self.records:
            if not is_id(record.id):
                suggestion = slug(record.id)
                hint = (f"Rename the file to '{suggestion}.yaml'." if suggestion else
                        f"Rename the file: its name is the id ({ID_WORDS}).")
                self.problems.append(Problem(
                    record.file, 1, 1, "", f"invalid id '{record.id}' (the file name): {id_fault(record.id)}",
                    hint))
            key = record.id.casefold()
            if key in seen:
                other = seen[key]
                self.problems.append(Problem(
                    record.file, 1, 1, "", f"duplicate id '{record.id}': also used by {other.file}",
                    "Ids are unique across all folders, whatever the case of their letters; rename one file."))
            else:
                seen[key] = record

    # -- fields, driven by the model -----------------------------------------

    def _check_mapping(self, record: Record, path: tuple, value, fields: dict[str, Field]) -> None:
        if not isinstance(value, dict):
            self.problems.append(record.problem(path, f"expected a mapping of fields, got {kind_of(value)}"))
            return
        for key in value:
            if key not in fields:
                guess = closest(key, fields)
                hint = f"Did you mean '{guess}'?" if guess else f"Known fields: {', '.join(fields)}."
                self.problems.append(record.problem(path + (key,), f"unknown field '{key}'", hint, key=True))
        for name, spec in fields.items():
            if name in value and value[name] is not None:
                self._check_value(record, path + (name,), value[name], spec)
            elif spec.required:
                # Positioned where it goes: on its empty value, else where its mapping starts.
                example = f", e.g. '{name}: {_example(spec)}'" if spec.example is not None else ""
                doc = f" ({spec.doc.rstrip('.')})" if spec.doc else ""
                if name in value:
                    self.problems.append(record.problem(
                        path + (name,), f"required field '{name}' is empty{doc}", f"Fill it in{example}."))
                else:
                    line, col = record.position(path)
                    self.problems.append(Problem(record.file, line, col, field_path(path + (name,)),
                                                 f"missing required field '{name}'{doc}", f"Add it{example}."))

    def _check_value(self, record: Record, path: tuple, value, spec: Field) -> None:
        """One value, by its field type (``fieldtypes``); its faults become problems."""
        for fault in spec.kind.check(value, spec, _Context(self, record), path):
            problem = record.problem(fault.path, fault.message, fault.hint)
            if fault.at is not None:
                offset, needle = fault.at
                problem = self._at_text(record, fault.path, value, offset, needle, problem)
            self.problems.append(problem)

    def pattern_faults(self, path, value, spec) -> list[Fault]:
        if not spec.matches(value):  # RE2: linear time, whatever data/model.yaml declares
            suggestion = slug(value)  # the rule `mkdossier new` makes ids with
            hint = f"Did you mean '{suggestion}'?" if suggestion and spec.matches(suggestion) else spec.doc
            if spec.pattern == ID_PATTERN:
                message = f"'{value}' is not written as an id: {id_fault(value)}"
            else:
                message = f"'{value}' does not match the expected form {spec.pattern}"
            return [Fault(path, message, hint)]
        return []

    # -- references across records --------------------------------------------

    def _check_references(self, record: Record) -> None:
        for key, value in record.refs.items():
            target = self.by_id.get(value) or self.by_id.get(unicodedata.normalize("NFC", value))
            if target is not None and target.type in self._allowed_targets(record.type, key):
                continue
            path, to = path_from_key(key), self._allowed_targets(record.type, key)
            if target is None:
                if value not in self.unreadable:
                    self.problems.append(self._unknown_id(record, path, value, to))
            else:
                allowed = " or ".join(_article(t) for t in to)
                self.problems.append(record.problem(
                    path, f"'{value}' is {_article(target.type)}; expected {allowed}",
                    f"See {target.file}."))
        for key, mentions in record.mentions.items():
            if all(map(self.by_id.__contains__, mentions)):
                continue
            path = path_from_key(key)
            text = _value_at(record.data, path)
            for mention, _text, offset in markup.mentions(text):
                if mention not in self.by_id and mention not in self.unreadable:
                    needle = text[offset:text.index("]]", offset) + 2]
                    problem = self._unknown_id(record, path, mention)
                    self.problems.append(self._at_text(record, path, text, offset, needle, problem))

    def _allowed_targets(self, record_type: str, key: str) -> tuple[str, ...]:
        """The types a reference field may point to (all types: ``model.types``)."""
        if (record_type, key) not in self.targets:
            spec = None
            fields = self.model.types[record_type].fields
            for step in path_from_key(key):
                if isinstance(step, str):
                    spec = fields[step]
                    spec = spec.items if spec.type == "list" else spec
                    fields = spec.fields or {}
            self.targets[record_type, key] = tuple(spec.to or self.model.types)
        return self.targets[record_type, key]

    def _unknown_id(self, record: Record, path: tuple, value: str, types=()) -> Problem:
        # Only ids that are themselves valid: a suggestion must be one to copy.
        candidates = {r.id: r for r in self.records if (not types or r.type in types) and is_id(r.id)}
        guess = slug(value) if slug(value) in candidates else closest(value, candidates, cutoff=0.5)
        if guess is None:  # e.g. 'shoigu' for 'sergei-shoigu': a part of the id
            guess = next((i for i in sorted(candidates) if value in i.split("-") or value in i), None)
        hint = f"Did you mean '{guess}' ({candidates[guess].file})?" if guess else ""
        return record.problem(path, f"unknown id '{value}'", hint)

    @staticmethod
    def _at_text(record: Record, path, value: str, offset: int, needle: str, problem: Problem) -> Problem:
        """Move a problem to where ``needle`` (found at ``offset`` in the value) is written."""
        line, col = record.source.locate(tuple(path), needle, value[:offset].count(needle))
        return Problem(problem.file, line, col, problem.field, problem.message, problem.hint)

    # -- rules across fields --------------------------------------------------

    def _check_record_rules(self, record: Record) -> None:
        record_type = self.model.types[record.type]
        for spec in record_type.link_lists():
            for index, link in enumerate(_mappings(record.data.get(spec.name))):
                self._check_order(record, (spec.name, index), link.get("since"), link.get("until"))
        # Each claim's id is its anchor on the page: unique in the record, across its claims lists.
        claims = [(spec.name, index, claim) for spec in record_type.fields.values() if spec.claims
                  for index, claim in enumerate(_mappings(record.data.get(spec.name)))]
        ids = [c.get("id") for _name, _index, c in claims if isinstance(c.get("id"), str)]
        for name, index, claim in claims:
            claim_id = claim.get("id")
            if isinstance(claim_id, str) and ids.count(claim_id) > 1:
                self.problems.append(record.problem((name, index, "id"),
                                                    f"duplicate claim id '{claim_id}'",
                                                    "Claim ids must be unique within the record."))

    def _check_relation_ends(self, record: Record) -> None:
        for spec in self.model.types[record.type].link_lists():
            for index, link in enumerate(_mappings(record.data.get(spec.name))):
                self._check_relation_end(record, (spec.name, index), link, spec.items.fields["target"].to)

    def _check_relation_end(self, record: Record, path: tuple, relation: dict, allowed: tuple[str, ...]) -> None:
        """The link's kind fits both ends (``from``/``to`` of the relation kind); a
        target the field itself refuses is reported by ``_check_references``."""
        kind = self.model.relations.get(relation.get("type")) if isinstance(relation.get("type"), str) else None
        if kind is None:
            return
        if record.type not in kind.source_types:
            self.problems.append(record.problem(
                path + ("type",), f"a {record.type} cannot be '{kind.name}' "
                f"(it links {' or '.join(kind.source_types)} to {' or '.join(kind.target_types)})",
                "Choose another relation type, or write the relation on the other record."))
        target = self.by_id.get(relation.get("target")) if isinstance(relation.get("target"), str) else None
        if target is not None and target.type in (allowed or self.model.types) and target.type not in kind.target_types:
            self.problems.append(record.problem(
                path + ("target",), f"'{target.id}' is {_article(target.type)}; '{kind.name}' links to "
                f"{' or '.join(_article(t) for t in kind.target_types)}", ""))

    def _check_order(self, record: Record, path: tuple, start, end) -> None:
        if start is None or end is None:
            return
        try:
            since, until = dates.parse(start), dates.parse(end)
        except (dates.DateError, TypeError):
            return
        if since.lower and until.upper and until.upper < since.lower:
            self.problems.append(record.problem(
                path + ("until",), f"ends ({end}) before it starts ({start})",
                SWAP_HINT))


class _Context:
    """What a field type's check may ask of the checker, for one record."""

    def __init__(self, checker: _Checker, record: Record):
        self.checker, self.record, self.model = checker, record, checker.model

    def written(self, path: tuple) -> str:
        return self.record.source.raw(path)

    def check_value(self, path: tuple, value, spec: Field) -> list:
        self.checker._check_value(self.record, path, value, spec)
        return []

    def check_mapping(self, path: tuple, value, fields: dict) -> None:
        self.checker._check_mapping(self.record, path, value, fields)

    def pattern_faults(self, path: tuple, value: str, spec: Field) -> list:
        return self.checker.pattern_faults(path, value, spec)

    def note_ref(self, path: tuple, value: str) -> None:
        self.record.refs[path_key(path)] = value

    def note_mentions(self, path: tuple, ids) -> None:
        self.record.mentions[path_key(path)] = ids


def id_fault(text: str) -> str:
    """What keeps ``text`` from being an id, in words ("it has capital letters and a space")."""
    if not text:
        return "it is empty"
    faults = []
    if any(char.isupper() for char in text):
        faults.append("capital letters")
    odd = next((char for char in text if not (char.isupper() or char.isascii() and (char.isalnum() or char == "-"))),
               None)
    if odd is not None:
        names = {" ": "a space", "'": "an apostrophe", "_": "an underscore", ".": "a dot"}
        faults.append(names.get(odd, f"'{odd}'"))
    if not faults:
        return "a hyphen may only stand alone between letters or digits"
    return f"it has {' and '.join(faults)}; an id has only {ID_WORDS}"


def path_key(path: tuple) -> str:
    """A field path as one string (``participants/0/id``): compact in the cache."""
    return "/".join(map(str, path))


def path_from_key(key: str) -> tuple:
    return tuple(int(step) if step.isdigit() else step for step in key.split("/"))


def _value_at(data, path: tuple):
    for step in path:
        data = data[step]
    return data


def _mappings(value) -> list:
    """The items of a list field that are mappings (others are already reported)."""
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


def _example(spec: Field) -> str:
    example = spec.example
    if isinstance(example, list):
        return "[" + ", ".join(str(e) for e in example) + "]"
    return str(example)


def validate(loaded: Loaded) -> list[Problem]:
    """All problems in the knowledge base, sorted by file and line."""
    return _Checker(loaded).run()

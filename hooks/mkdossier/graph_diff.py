"""``mkdossier diff REV``: what a change does to the knowledge graph, for the
people who review it. Both sides go through the same pipeline (the revision's
data folder is taken out of git into a temporary folder), and the resolved
graphs are compared: records added, removed and changed (which fields),
relations and claims added and removed, stances and claim statuses changed.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import cache, pipeline
from .resolve import Claim, Edge, Graph


class DiffError(RuntimeError):
    """A side of the diff cannot be read; the message says which and why."""


# -- the two sides --------------------------------------------------------------


def _git(cwd: Path, *args: str, binary: bool = False):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary)
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace") if binary else result.stderr
        raise DiffError(f"git {' '.join(args)}: {error.strip()}")
    return result.stdout


def graph_at_revision(data_dir: Path, revision: str, scratch: Path) -> Graph:
    """The graph of ``data_dir`` as it was at ``revision`` (empty if it did not exist)."""
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").strip())
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except DiffError:
        raise DiffError(f"'{revision}' is not a commit in {top}; give a branch, tag or commit "
                        "(on a shallow clone, fetch it first)") from None
    relative = data_dir.resolve().relative_to(top.resolve()).as_posix()
    old_data = scratch / relative
    old_data.mkdir(parents=True)
    if _git(top, "ls-tree", commit, "--", relative).strip():
        archive = _git(top, "archive", "--format=tar", commit, "--", relative, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            _extract(tar, scratch)
    try:
        return _graph(old_data, scratch, f"{revision}")
    finally:
        cache.forget(old_data)  # the checkout is gone after this: so is its cache file


def _extract(tar: tarfile.TarFile, scratch: Path) -> None:
    """Only plain files and folders, only inside ``scratch``."""
    for member in tar.getmembers():
        if not (member.isfile() or member.isdir()) or member.name.startswith("/") \
                or ".." in Path(member.name).parts:
            raise DiffError(f"the revision's data folder holds '{member.name}', which is not a plain file")
    if hasattr(tarfile, "data_filter"):
        tar.extractall(scratch, filter="data")
    else:  # Python before 3.10.12 / 3.11.4
        tar.extractall(scratch)  # noqa: S202 (members checked above)


def _graph(data_dir: Path, root: Path, side: str) -> Graph:
    result = pipeline.check(data_dir, root)
    if result.problems:
        count = len(result.problems)
        raise DiffError(f"{side}: the knowledge base has {count} problem{'s' if count != 1 else ''}, so there "
                        f"is no graph to compare; 'mkdossier check' lists {'them' if count != 1 else 'it'}")
    return result.graph


# -- the comparison --------------------------------------------------------------


@dataclass
class RecordChange:
    id: str
    type: str
    title: str
    file: str
    fields: list[str] = field(default_factory=list)  # for changed records


@dataclass
class RelationChange:
    source: str
    kind: str
    label: str
    target: str
    since: str | None = None
    until: str | None = None
    fields: list[str] = field(default_factory=list)  # for changed relations


@dataclass
class StanceChange:
    party: str
    source: str
    stance: str  # the new stance ("denies"); for removed stances, the old one
    before: str | None = None  # for changed stances: the old one


@dataclass
class ClaimChange:
    owner: str
    anchor: str
    statement: str
    status: str
    status_before: str | None = None
    statement_before: str | None = None
    stances_added: list[StanceChange] = field(default_factory=list)
    stances_removed: list[StanceChange] = field(default_factory=list)
    stances_changed: list[StanceChange] = field(default_factory=list)


@dataclass
class GraphDiff:
    base: str
    records_added: list[RecordChange] = field(default_factory=list)
    records_removed: list[RecordChange] = field(default_factory=list)
    records_changed: list[RecordChange] = field(default_factory=list)
    relations_added: list[RelationChange] = field(default_factory=list)
    relations_removed: list[RelationChange] = field(default_factory=list)
    relations_changed: list[RelationChange] = field(default_factory=list)
    claims_added: list[ClaimChange] = field(default_factory=list)
    claims_removed: list[ClaimChange] = field(default_factory=list)
    claims_changed: list[ClaimChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__ if name != "base")

    def as_dict(self) -> dict:
        return {
            "base": self.base,
            "records": {"added": _dicts(self.records_added), "removed": _dicts(self.records_removed),
                        "changed": _dicts(self.records_changed)},
            "relations": {"added": _dicts(self.relations_added), "removed": _dicts(self.relations_removed),
                          "changed": _dicts(self.relations_changed)},
            "claims": {"added": _dicts(self.claims_added), "removed": _dicts(self.claims_removed),
                       "changed": _dicts(self.claims_changed)},
        }


def _dicts(items) -> list[dict]:
    return [asdict(item) for item in items]


def _record_change(graph: Graph, record_id: str, fields=()) -> RecordChange:
    record = graph.records[record_id]
    return RecordChange(record.id, record.type, graph.title(record), record.file, list(fields))


def _changed_fields(old, new) -> list[str]:
    keys = list(old.data) + [k for k in new.data if k not in old.data]
    changed = [k for k in keys if old.data.get(k) != new.data.get(k)]
    if old.type != new.type:
        changed.insert(0, "(type)")
    return changed


def _edges(graph: Graph) -> dict[tuple, list[Edge]]:
    grouped = defaultdict(list)
    for edges in graph.edges_out.values():
        for edge in edges:
            grouped[(edge.source, edge.kind, edge.target)].append(edge)
    return grouped


def _relation(graph: Graph, edge: Edge, fields=()) -> RelationChange:
    kind = graph.model.relations.get(edge.kind)
    return RelationChange(edge.source, edge.kind, kind.outgoing if kind else edge.kind, edge.target,
                          edge.since, edge.until, list(fields))


def _compare_relations(old: Graph, new: Graph, diff: GraphDiff) -> None:
    before, after = _edges(old), _edges(new)
    for key in sorted(set(before) | set(after)):
        was = [e for e in before.get(key, []) if e not in after.get(key, [])]
        now = [e for e in after.get(key, []) if e not in before.get(key, [])]
        for old_edge, new_edge in zip(was, now, strict=False):  # same two ends, other dates, note or sources
            fields = [f for f in ("since", "until", "note", "sources")
                      if getattr(old_edge, f) != getattr(new_edge, f)]
            diff.relations_changed.append(_relation(new, new_edge, fields))
        diff.relations_removed += [_relation(old, e) for e in was[len(now):]]
        diff.relations_added += [_relation(new, e) for e in now[len(was):]]


def _claims(graph: Graph) -> dict[tuple[str, str], Claim]:
    """Claims by owner and a key that survives reordering: "" for a record that
    is a claim (its type's ``claim: true``), else the claim's id, else its
    statement, for the claims listed in its fields declared ``claims: true``."""
    found = {}
    for owner in sorted({c.owner for c in graph.claims}):
        record = graph.records[owner]
        record_type = graph.model.types[record.type]
        if record_type.claim:
            found[(owner, "")] = graph.claims_of(owner)[0]
            continue
        raw = [item for spec in record_type.fields.values() if spec.claims
               for item in record.data.get(spec.name) or []]
        for claim, data in zip(graph.claims_of(owner), raw, strict=True):
            found[(owner, data.get("id") or claim.statement)] = claim  # a claim's own id, as resolve reads it
    return found


def _stance_key(stance) -> tuple[str, str]:
    return (stance.party, stance.source)


def _compare_stances(old: Claim, new: Claim, change: ClaimChange) -> None:
    before = defaultdict(list)
    for stance in old.stances:
        before[_stance_key(stance)].append(stance.stance)
    after = defaultdict(list)
    for stance in new.stances:
        after[_stance_key(stance)].append(stance.stance)
    for key in sorted(set(before) | set(after)):
        was = [s for s in before.get(key, []) if s not in after.get(key, [])]
        now = [s for s in after.get(key, []) if s not in before.get(key, [])]
        for old_kind, new_kind in zip(was, now, strict=False):
            change.stances_changed.append(StanceChange(key[0], key[1], new_kind, old_kind))
        change.stances_removed += [StanceChange(key[0], key[1], s) for s in was[len(now):]]
        change.stances_added += [StanceChange(key[0], key[1], s) for s in now[len(was):]]


def _claim_change(claim: Claim) -> ClaimChange:
    change = ClaimChange(claim.owner, claim.anchor, claim.statement, claim.status)
    change.stances_added = [StanceChange(s.party, s.source, s.stance) for s in claim.stances]
    return change


def _compare_claims(old: Graph, new: Graph, diff: GraphDiff) -> None:
    before, after = _claims(old), _claims(new)
    for key in sorted(set(before) | set(after)):
        if key not in before:
            diff.claims_added.append(_claim_change(after[key]))
        elif key not in after:
            removed = _claim_change(before[key])
            removed.stances_removed, removed.stances_added = removed.stances_added, []
            diff.claims_removed.append(removed)
        else:
            was, now = before[key], after[key]
            change = ClaimChange(now.owner, now.anchor, now.statement, now.status)
            if was.status != now.status:
                change.status_before = was.status
            if was.statement != now.statement:
                change.statement_before = was.statement
            _compare_stances(was, now, change)
            if (change.status_before or change.statement_before or change.stances_added
                    or change.stances_removed or change.stances_changed):
                diff.claims_changed.append(change)


def compare(old: Graph, new: Graph, base: str = "") -> GraphDiff:
    """Everything that differs between two resolved graphs."""
    diff = GraphDiff(base)
    for record_id in sorted(set(old.records) | set(new.records)):
        if record_id not in old.records:
            diff.records_added.append(_record_change(new, record_id))
        elif record_id not in new.records:
            diff.records_removed.append(_record_change(old, record_id))
        else:
            fields = _changed_fields(old.records[record_id], new.records[record_id])
            if fields:
                diff.records_changed.append(_record_change(new, record_id, fields))
    _compare_relations(old, new, diff)
    _compare_claims(old, new, diff)
    return diff


def diff_against(data_dir, revision: str, root=None) -> GraphDiff:
    """The change from ``revision`` to the working tree's ``data_dir``."""
    data_dir = Path(data_dir).resolve()
    root = Path(root).resolve() if root else data_dir.parent
    new = _graph(data_dir, root, "working tree")
    with tempfile.TemporaryDirectory(prefix="mkdossier-diff-") as scratch:
        old = graph_at_revision(data_dir, revision, Path(scratch))
    return compare(old, new, revision)


# -- telling it ------------------------------------------------------------------


# The diff is posted as a pull-request comment, and its values come from the
# pull request: none of them may notify people (@team), load anything (images,
# HTML) or change the comment's structure. Each Markdown punctuation character
# is backslash-escaped, "&" too (``&#64;`` would be an "@"), and an invisible
# word joiner after each "@" keeps mentions from being linked.
_MARKDOWN = {ord(char): "\\" + char for char in "\\`*_[]<>|#!&$~"}
_MARKDOWN[ord("@")] = "@\u2060"


def _code(text) -> str:
    """A code span that no backtick run in ``text`` can close early (CommonMark's rule)."""
    text = " ".join(str(text).split())
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    padded = f" {text} " if longest or text.startswith(" ") else text
    return f"{fence}{padded}{fence}"


def _plain(text) -> str:
    """Contributor text inline in Markdown: no HTML, no links, no mentions, no accidental formatting."""
    return " ".join(str(text).split()).translate(_MARKDOWN)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _relation_line(change: RelationChange) -> str:
    line = f"- {_code(change.source)} — {_plain(change.label)} → {_code(change.target)}"
    when = " – ".join(d for d in (change.since, change.until) if d)
    if when:
        line += f" ({_plain(when)})"
    if change.fields:
        line += ": " + ", ".join(_code(f) for f in change.fields) + " changed"
    return line


def _stances_text(stances: list[StanceChange]) -> str:
    return "; ".join(f"{_code(s.party)} {_plain(s.stance)} ({_code(s.source)})" for s in stances)


def markdown(diff: GraphDiff) -> str:
    """The diff as Markdown for a pull-request comment."""
    base = f" since {_code(diff.base)}" if diff.base else ""
    lines = [f"### Knowledge-graph changes{base}", ""]
    if diff.empty:
        return "\n".join(lines + ["No change to the knowledge graph.", ""])
    stances_changed = sum(len(c.stances_changed) for c in diff.claims_changed)
    summary = [
        f"{len(diff.records_added)} added, {len(diff.records_changed)} changed, "
        f"{len(diff.records_removed)} removed records",
        f"{_count(len(diff.relations_added), 'relation')} added, {len(diff.relations_removed)} removed",
        f"{_count(len(diff.claims_added), 'claim')} added, {len(diff.claims_removed)} removed",
        f"{_count(stances_changed, 'stance')} changed",
    ]
    lines += ["**" + " · ".join(summary) + "**", ""]

    def section(title: str, entries: list[str]) -> None:
        if entries:
            lines.extend([f"#### {title}", "", *entries, ""])

    section("Records added", [f"- {_code(r.id)} ({_plain(r.type)}): {_plain(r.title)} — {_code(r.file)}"
                              for r in diff.records_added])
    section("Records removed", [f"- {_code(r.id)} ({_plain(r.type)}): {_plain(r.title)} — {_code(r.file)}"
                                for r in diff.records_removed])
    section("Records changed", [f"- {_code(r.id)} ({_plain(r.type)}): " + ", ".join(_code(f) for f in r.fields)
                                for r in diff.records_changed])
    section("Relations added", [_relation_line(r) for r in diff.relations_added])
    section("Relations removed", [_relation_line(r) for r in diff.relations_removed])
    section("Relations changed", [_relation_line(r) for r in diff.relations_changed])
    section("Claims added", [f"- on {_code(c.owner)}: {_plain(c.statement)} — *{_plain(c.status)}*: "
                             f"{_stances_text(c.stances_added)}" for c in diff.claims_added])
    section("Claims removed", [f"- on {_code(c.owner)}: {_plain(c.statement)} (was *{_plain(c.status)}*)"
                               for c in diff.claims_removed])
    changed = []
    for c in diff.claims_changed:
        parts = []
        if c.statement_before is not None:
            parts.append(f"statement was: {_plain(c.statement_before)}")
        if c.status_before is not None:
            parts.append(f"status *{_plain(c.status_before)}* → *{_plain(c.status)}*")
        parts += [f"{_code(s.party)} {_plain(s.before)} → {_plain(s.stance)} ({_code(s.source)})"
                  for s in c.stances_changed]
        if c.stances_added:
            parts.append("stances added: " + _stances_text(c.stances_added))
        if c.stances_removed:
            parts.append("stances removed: " + _stances_text(c.stances_removed))
        changed.append(f"- on {_code(c.owner)}: {_plain(c.statement)} — " + "; ".join(parts))
    section("Claims and stances changed", changed)
    return "\n".join(lines)


def json_text(diff: GraphDiff) -> str:
    return json.dumps(diff.as_dict(), indent=2, ensure_ascii=False)

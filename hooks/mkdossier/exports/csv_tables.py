"""CSV tables (RFC 4180, UTF-8, CRLF) for spreadsheets and data tools: one
table per record type with columns derived from the model, plus relations
(one row per relation) and claims (one row per stance). A type whose records
are claims has its rows in the claims table; lists of typed links and of
claims have theirs in the relations and claims tables.

Cells hold values as written in the records, but a Markdown field's
``[[id]]`` mentions read as the records' titles (``plain``); a list of
plain values is joined with "; "; a list of mappings is compact JSON;
an EDTF date also gets its earliest and latest possible day. A cell a
spreadsheet would run as a formula starts with "'" (``neutralized``).
"""

from __future__ import annotations

import csv
from typing import Iterable

from .. import grading
from ..load import Record
from ..model import Field, Model, RecordType
from ..resolve import Graph
from ..parts import EVERY, Parts
from .common import Site, plain
from .dossier_json import claim_id

SEPARATOR = "; "
OWN_TABLES = ("relations.csv", "claims.csv")


# A cell starting with one of these is read as a formula by spreadsheets
# (=HYPERLINK(…), +cmd|…, @SUM(…), and tab or CR before them): OWASP's rule
# is to prefix such a cell with "'", which spreadsheets show as text. It
# applies to every cell, negative numbers and BCE years (-0044) included:
# telling them apart is what attackers exploit (docs/exports.md).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(cell: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class _Line:
    """A file whose ``write`` gives back what it is given: ``csv.writer`` then
    returns each row as written (a record's part, kept as it is)."""

    @staticmethod
    def write(text: str) -> str:
        return text


_ROW = csv.writer(_Line(), lineterminator="\r\n")


def line(row: list[str]) -> bytes:
    """One row as the table holds it, cells neutralized."""
    return _ROW.writerow([neutralized(cell) for cell in row]).encode("utf-8")


def table(header: list[str], lines: Iterable[bytes]) -> bytes:
    """The header row, then the rows as written (``line``)."""
    return _ROW.writerow(header).encode("utf-8") + b"".join(lines)


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _columns(name: str, spec: Field) -> list[tuple[str, object]]:
    """(heading, cell function of the record's data) for one field, as its type says."""
    return spec.kind.columns(name, spec)


def record_table(graph: Graph, record_type: RecordType, records: list[Record], site: Site,
                 parts: Parts = EVERY) -> bytes:
    columns = [("id", None)]
    fields = record_type.fields
    elsewhere = {spec.name for spec in record_type.link_lists()} | {n for n, spec in fields.items() if spec.claims}
    for name in [record_type.title_field] + [n for n in fields if n != record_type.title_field]:
        if name in fields and name not in elsewhere:
            columns += _columns(name, fields[name]) if fields[name].type != "markdown" else [
                (heading, lambda data, cell=cell: plain(graph, cell(data)))
                for heading, cell in _columns(name, fields[name])]
    header = [heading for heading, _cell in columns] + ["page"]

    def row(r: Record) -> list[str]:
        return ([r.id] + [cell(r.data) for _h, cell in columns[1:]]
                + [site.absolute(site.record_url(graph, r)) or site.record_url(graph, r)])

    return table(header, (parts.of("csv", r, lambda r=r: line(row(r))) for r in records))


def relations_table(graph: Graph, parts: Parts = EVERY) -> bytes:
    """One row per relation; the rows of the relations a record declares are one of ``parts``."""
    header = ["source", "source_type", "source_title", "type", "label", "target", "target_type",
              "target_title", "incoming_label", "since", "until", "note", "sources"]

    def rows(record_id: str) -> bytes:
        found = []
        for edge in graph.edges_out[record_id]:
            kind = graph.model.relations[edge.kind]
            source, target = graph.records[edge.source], graph.records[edge.target]
            found.append([edge.source, source.type, graph.title(source), edge.kind, kind.outgoing,
                          edge.target, target.type, graph.title(target), kind.incoming,
                          _scalar(edge.since), _scalar(edge.until), _scalar(edge.note),
                          SEPARATOR.join(edge.sources)])
        return b"".join(map(line, found))

    return table(header, (
        parts.of("csv relations", graph.records[record_id], lambda record_id=record_id: rows(record_id))
        for record_id in sorted(graph.edges_out)))


def _names_subjects(model: Model, spec: Field) -> bool:
    """True for a ref field, or a list of refs, that may name what a claim
    concerns: any but one that only names citable records (its sources)."""
    ref = spec.items if spec.type == "list" and spec.items is not None else spec
    if ref.type != "ref":
        return False
    targets = [model.types[name] for name in ref.to if name in model.types]
    return not targets or not all(target.citation for target in targets)


def _about(graph: Graph, owner: Record) -> str:
    """What a claim concerns: for a record that is a claim, the records its
    ref fields name (``_names_subjects``); for a claim inside a record, that record."""
    record_type = graph.model.types[owner.type]
    if not record_type.claim:
        return owner.id
    found = []
    for spec in record_type.fields.values():
        value = owner.data.get(spec.name) if _names_subjects(graph.model, spec) else None
        found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    return SEPARATOR.join(dict.fromkeys(found))


def claims_table(graph: Graph, parts: Parts = EVERY) -> bytes:
    """One row per stance; the rows of the claims a record holds are one of ``parts``."""
    header = ["claim", "record", "record_type", "statement", "status", "about", "party", "party_title",
              "stance", "source", "source_title", "date", "anonymous", "speaker", "quote",
              "reliability", "credibility"]  # the grade of this citation: the stance's own, else the source's

    def rows(owner: Record, claims: list) -> bytes:
        found = []
        about = _about(graph, owner)
        for claim in claims:
            for stance in claim.stances:
                grade = grading.grade_of(graph, stance.source, stance)
                found.append([claim_id(claim), claim.owner, owner.type, claim.statement, claim.status, about,
                              stance.party, graph.title(graph.records[stance.party]), stance.stance,
                              stance.source, graph.title(graph.records[stance.source]), _scalar(stance.date),
                              _scalar(stance.anonymous), _scalar(stance.speaker), _scalar(stance.quote),
                              _scalar(grade.reliability), _scalar(grade.credibility)])
        return b"".join(map(line, found))

    # A record's claims follow each other in ``graph.claims``: the same order, owner by owner.
    return table(header, (
        parts.of("csv claims", graph.records[owner], lambda owner=owner, claims=claims: rows(graph.records[owner], claims))
        for owner, claims in graph.claims_by_owner.items()))


def tables(graph: Graph, site: Site, parts: Parts = EVERY) -> dict[str, bytes]:
    """``{file name: CSV}``: one per record type (but claim types), relations,
    claims. A chronology type's rows are in the chronology's order."""
    found = {}
    for name, record_type in graph.model.types.items():
        if record_type.claim:
            continue
        if record_type.chronology:
            records = [r for r in graph.incidents() if r.type == name]
        else:
            records = graph.of_type(name)
        found[f"{record_type.folder}.csv"] = record_table(graph, record_type, records, site, parts)
    for own in OWN_TABLES:
        if own in found:
            raise ValueError(f"a record type's folder is named like the {own} table; rename the folder")
    found["relations.csv"] = relations_table(graph, parts)
    found["claims.csv"] = claims_table(graph, parts)
    return found

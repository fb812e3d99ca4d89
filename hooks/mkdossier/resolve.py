"""Stage 3: turn valid records into a graph.

Relations are indexed both ways with their labels, ``[[mentions]]`` and
references become backlinks, and every claim gets its derived status. The
graph is plain data the renderers (and exports) read; it never changes
the records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import dates
from .load import Record
from .model import Model


@dataclass(frozen=True)
class Edge:
    """A typed relation, stored once and read from either end."""

    kind: str
    source: str  # the record that declares it
    target: str
    since: str | None = None
    until: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass
class Stance:
    party: str
    stance: str
    source: str
    date: str | None = None
    anonymous: bool = False
    speaker: str | None = None
    quote: str | None = None
    # The Admiralty grade for this citation, when it overrides the source's.
    reliability: str | None = None
    credibility: str | None = None


@dataclass
class Claim:
    """A statement with the stances taken on it, inline or standalone."""

    owner: str  # the incident or claim record holding it
    anchor: str  # unique within the owner's page
    statement: str
    stances: list[Stance]
    status: str

    @property
    def parties(self) -> list[str]:
        return sorted({s.party for s in self.stances})


def stance_meaning(meanings: dict[str, str], stance: str) -> str:
    """What a stance value means for claim status (``stance_meanings`` in
    model.yaml); a value without one (only in a model check skipped) takes no side."""
    return meanings.get(stance, "neutral")


def claim_status(stances, meanings: dict[str, str]) -> str:
    """The status follows from what the stances mean (see ``claim_status`` and
    ``stance_meanings`` in model.yaml), never from their names."""
    kinds = {stance_meaning(meanings, s.stance) for s in stances}
    if "opposes" in kinds and kinds - {"opposes"}:
        return "disputed"
    for meaning, status in (("confirms", "confirmed"), ("supports", "alleged"), ("neutral", "reported")):
        if meaning in kinds:
            return status
    return "denied"


@dataclass
class Graph:
    model: Model
    records: dict[str, Record]
    edges_out: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    edges_in: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    referenced_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    incidents_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    claims: list[Claim] = field(default_factory=list)
    claims_by_party: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    claims_by_owner: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    based_on_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # source → sources citing it
    published_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # publisher → sources
    _sorted: dict = field(default_factory=dict, repr=False)  # the graph never changes: sort once
    _titles: dict[str, str] = field(default_factory=dict, repr=False)  # read on every link to a record

    def of_type(self, type_name: str) -> list[Record]:
        """Records of a type, sorted by their title for people to scan."""
        key = ("type", type_name)
        if key not in self._sorted:
            found = [r for r in self.records.values() if r.type == type_name]
            self._sorted[key] = sorted(found, key=lambda r: (self.title(r).casefold(), r.id))
        return self._sorted[key]

    def title(self, record: Record) -> str:
        title = self._titles.get(record.id)
        if title is None:
            title = self._titles[record.id] = str(record.data.get(self.model.types[record.type].title_field, record.id))
        return title

    def date_of(self, record: Record) -> dates.Span:
        """The incident's date (a source's publication date) as a span."""
        value = record.data.get("date", record.data.get("published"))
        try:
            return dates.parse(value)
        except dates.DateError:
            return dates.Span(str(value), None, None)

    def incidents(self) -> list[Record]:
        """All incidents in date order: earliest possible day, then latest, then title."""
        if "incidents" not in self._sorted:
            self._sorted["incidents"] = sorted(
                self.of_type("incident"), key=lambda r: (self.date_of(r).sort_key, self.title(r), r.id))
        return self._sorted["incidents"]

    def claims_of(self, record_id: str) -> list[Claim]:
        return self.claims_by_owner.get(record_id, [])


def _stances(raw) -> list[Stance]:
    return [
        Stance(party=s["party"], stance=s["stance"], source=s["source"], date=s.get("date"),
               anonymous=bool(s.get("anonymous")), speaker=s.get("speaker"), quote=s.get("quote"),
               reliability=s.get("reliability"), credibility=s.get("credibility"))
        for s in raw or []
    ]


def resolve(model: Model, records: list[Record]) -> Graph:
    """The graph of a valid knowledge base (validate first: it finds each
    record's references)."""
    graph = Graph(model=model, records={r.id: r for r in records})
    sources = {r.id for r in records if r.type == "source"}
    for record in sorted(records, key=lambda r: r.id):
        data = record.data
        for relation in data.get("relations") or []:
            edge = Edge(kind=relation["type"], source=record.id, target=relation["target"],
                        since=relation.get("since"), until=relation.get("until"),
                        note=relation.get("note"), sources=tuple(relation.get("sources") or ()))
            graph.edges_out[record.id].append(edge)
            graph.edges_in[edge.target].append(edge)
        refs = set(record.refs.values()).union(*record.mentions.values())
        refs.discard(record.id)
        for ref in refs:
            graph.referenced_by[ref].add(record.id)
        for ref in refs & sources:
            graph.cited_by[ref].add(record.id)
        if record.type == "source":
            for cited in data.get("based_on") or []:
                graph.based_on_by[cited].append(record.id)
            if data.get("publisher"):
                graph.published_by[data["publisher"]].append(record.id)
        if record.type == "incident":
            involved = {p["id"] for p in data.get("participants") or []}
            if data.get("location"):
                involved.add(data["location"])
            involved.update(record.mentions.get("summary", ()))
            for entity in sorted(involved):
                graph.incidents_of[entity].append(record.id)
        raw_claims = [data] if record.type == "claim" else data.get("claims") or []
        for index, raw in enumerate(raw_claims, start=1):
            stances = _stances(raw.get("stances"))
            anchor = "claim" if record.type == "claim" else f"claim-{raw.get('id') or index}"
            claim = Claim(owner=record.id, anchor=anchor, statement=raw["statement"],
                          stances=stances, status=claim_status(stances, model.stance_meanings))
            graph.claims.append(claim)
            graph.claims_by_owner[record.id].append(claim)
            for party in claim.parties:
                graph.claims_by_party[party].append(claim)
    order = {r.id: i for i, r in enumerate(graph.incidents())}
    for entity, incident_ids in graph.incidents_of.items():
        incident_ids.sort(key=order.__getitem__)
    return graph

"""Stage 3: turn valid records into a graph: the typed view render and
exports walk.

Everything here is read off the model's declarations (``model.yaml``), never
off field names: typed links (a list of mappings with a ``relation`` field)
become one edge each, read from both ends; refs with an ``inverse`` label
are indexed at their target; refs and Markdown that ``involves`` put a
chronology record in its targets' chronologies; lists of ``claims`` (and
``claim`` types) become claims with their derived status; each date is
parsed once into a ``dates.Span`` that knows its bounds, precision and
words. The graph never changes the records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import dates
from .fieldtypes import Field
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


@dataclass(frozen=True)
class Involvement:
    """How a record takes part in a chronology record: through which field
    (its label) and in which roles (the enum values beside the ref)."""

    field: str
    roles: tuple[str, ...] = ()


@dataclass
class Graph:
    model: Model
    records: dict[str, Record]
    edges_out: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    edges_in: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    referenced_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # record → the chronology records involving it, in chronology order
    incidents_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # (chronology record, involved record) → how it is involved
    involvement: dict[tuple[str, str], list[Involvement]] = field(default_factory=lambda: defaultdict(list))
    claims: list[Claim] = field(default_factory=list)
    claims_by_party: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    claims_by_owner: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    # target → the inverse label of a ref field (model: `inverse:`) → records pointing at it
    pointing_at: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    # every date written in the records, parsed once
    spans: dict[str, dates.Span] = field(default_factory=dict)
    _dated: dict[str, dates.Span] = field(default_factory=dict, repr=False)
    _sorted: dict = field(default_factory=dict, repr=False)  # the graph never changes: sort once
    _titles: dict[str, str] = field(default_factory=dict, repr=False)  # read on every link to a record
    _shares: dict[tuple[str, str], _Share] = field(default_factory=dict, repr=False)  # by id and content: ``resolve``

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

    def span(self, text) -> dates.Span:
        """A date as written in a record, parsed (once, in ``resolve``); an
        unreadable one (only when validation was skipped) keeps its text."""
        key = str(text).strip()
        found = self.spans.get(key)
        if found is None:
            try:
                found = dates.parse(key)
            except dates.DateError:
                found = dates.Span(key, None, None)
            self.spans[key] = found
        return found

    def date_of(self, record: Record) -> dates.Span:
        """What places the record in time: the field its type is ``dated_by``
        (an undated record, or one without that date, reads "date unknown")."""
        found = self._dated.get(record.id)
        if found is None:
            field_name = self.model.types[record.type].dated_by
            value = record.data.get(field_name) if field_name else None
            found = self._dated[record.id] = self.span(dates.UNKNOWN if value in (None, "") else value)
        return found

    def departures(self, record: Record) -> list[tuple[Field, str]]:
        """Its hidden enum fields with a default whose value departs from it
        (an incident's ``status: expected``): a reader must see them beside the
        date, since the field itself is not shown."""
        return [(spec, str(value)) for spec in self.model.types[record.type].fields.values()
                if spec.type == "enum" and spec.shown_as == "hidden" and spec.default is not None
                and (value := record.data.get(spec.name)) not in (None, "", spec.default)]

    def is_dated(self, record: Record) -> bool:
        """True when the record's type declares the date that places it in time."""
        return bool(self.model.types[record.type].dated_by)

    def incidents(self) -> list[Record]:
        """The chronology (records of ``chronology`` types) in date order:
        earliest possible day, then latest, then title."""
        if "incidents" not in self._sorted:
            found = [r for name in self.model.chronology_types() for r in self.of_type(name)]
            self._sorted["incidents"] = sorted(found, key=lambda r: (self.date_of(r).sort_key, self.title(r), r.id))
        return self._sorted["incidents"]

    def in_chronology(self, record: Record) -> bool:
        return self.model.types[record.type].chronology

    def claims_of(self, record_id: str) -> list[Claim]:
        return self.claims_by_owner.get(record_id, [])

    def degree(self, record_id: str) -> int:
        """How connected a record is: relations both ways, incidents, stances
        (what ranks the neighbours a graph shows first)."""
        return (len(self.edges_out.get(record_id, ())) + len(self.edges_in.get(record_id, ()))
                + len(self.incidents_of.get(record_id, ())) + len(self.claims_by_party.get(record_id, ())))

    def linked(self, record_id: str) -> set[str]:
        """The records a typed link joins to this one, either way."""
        return ({e.target for e in self.edges_out.get(record_id, ())}
                | {e.source for e in self.edges_in.get(record_id, ())})

    def roles(self, incident_id: str, record_id: str) -> list[str]:
        """The roles a record plays in a chronology record (vocabulary values)."""
        return sorted({r for i in self.involvement.get((incident_id, record_id), ()) for r in i.roles})

    def citable(self, record: Record) -> bool:
        """True for records of a type that declares how it is cited (sources)."""
        return bool(self.model.types[record.type].citation)


def _stances(raw) -> list[Stance]:
    return [
        Stance(party=s["party"], stance=s["stance"], source=s["source"], date=s.get("date"),
               anonymous=bool(s.get("anonymous")), speaker=s.get("speaker"), quote=s.get("quote"),
               reliability=s.get("reliability"), credibility=s.get("credibility"))
        for s in raw or []
    ]


def _walk(spec: Field, value, visit, holder=None) -> None:
    """Call ``visit(spec, value, holder)`` for every value under a field,
    ``holder`` the mapping (list item) a value sits in, if any."""
    if value is None:
        return
    if spec.type == "list" and spec.items is not None:
        for item in value if isinstance(value, list) else ():
            _walk(spec.items, item, visit, holder)
        return
    visit(spec, value, holder)
    if spec.type == "object" and isinstance(value, dict):
        for name, inner in spec.fields.items():
            _walk(inner, value.get(name), visit, (spec, value))


def _link_edges(record: Record, spec: Field) -> list[Edge]:
    """One edge per typed link (the link item's keys are the engine's: type,
    target, since, until, note, sources)."""
    return [Edge(kind=raw["type"], source=record.id, target=raw["target"], since=raw.get("since"),
                 until=raw.get("until"), note=raw.get("note"), sources=tuple(raw.get("sources") or ()))
            for raw in record.data.get(spec.name) or []]


def _claims_of(model: Model, record: Record) -> list[dict]:
    """The claims a record holds, as mappings with ``statement`` and ``stances``."""
    record_type = model.types[record.type]
    if record_type.claim:
        return [{**record.data, "statement": record.data.get(record_type.title_field)}]
    found = []
    for spec in record_type.fields.values():
        if spec.claims:
            found += record.data.get(spec.name) or []
    return found


@dataclass(frozen=True)
class _Share:
    """What one record adds to the graph, read off its own data (and the
    references ``validate`` found in it): the same for the same content
    under the same model, so ``make serve`` keeps it from one rebuild to
    the next. ``pointing``: (target, inverse label, only once), in order."""

    refs: frozenset[str]
    dates: tuple[str, ...]
    pointing: tuple[tuple[str, str, bool], ...]
    edges: tuple[Edge, ...]
    involved: tuple[tuple[str, tuple[Involvement, ...]], ...]
    claims: tuple[Claim, ...]


def _share(model: Model, record: Record) -> _Share:
    record_type = model.types[record.type]
    refs = set(record.refs.values()).union(*record.mentions.values())
    refs.discard(record.id)
    dates_found: list[str] = []
    pointing: list[tuple[str, str, bool]] = []
    edges: list[Edge] = []
    involved: dict[str, list[Involvement]] = defaultdict(list)

    def visit(spec: Field, value, holder) -> None:
        if spec.type == "edtf":
            dates_found.append(value)
        elif spec.type == "ref" and spec.involves and record_type.chronology:
            roles, label = (), spec.title
            if holder is not None:  # a list item: the list names it, its enums give the roles
                holder_spec, item = holder
                label = holder_spec.title
                roles = tuple(str(item[n]) for n, f in holder_spec.fields.items()
                              if f.type == "enum" and item.get(n) is not None)
            involved[value].append(Involvement(label, roles))
        if spec.type == "ref" and spec.inverse and holder is not None:  # a ref inside list items
            pointing.append((value, spec.inverse, True))

    for spec in record_type.fields.values():
        value = record.data.get(spec.name)
        if value is None:
            continue
        _walk(spec, value, visit)
        if spec.is_link_list:
            edges += _link_edges(record, spec)
        if spec.inverse:
            for target in dict.fromkeys(value if isinstance(value, list) else [value]):
                pointing.append((target, spec.inverse, False))
        if spec.involves and spec.type == "markdown" and record_type.chronology:
            for mentioned in record.mentions.get(spec.name, ()):
                involved[mentioned].append(Involvement(spec.title))
    involved.pop(record.id, None)
    claims = []
    for index, raw in enumerate(_claims_of(model, record), start=1):
        stances = _stances(raw.get("stances"))
        anchor = "claim" if record_type.claim else f"claim-{raw.get('id') or index}"
        claims.append(Claim(owner=record.id, anchor=anchor, statement=raw["statement"],
                            stances=stances, status=claim_status(stances, model.stance_meanings)))
    return _Share(frozenset(refs), tuple(dates_found), tuple(pointing), tuple(edges),
                  tuple((entity, tuple(involved[entity])) for entity in sorted(involved)), tuple(claims))


def resolve(model: Model, records: list[Record], previous: Graph | None = None) -> Graph:
    """The graph of a valid knowledge base (validate first: it finds each
    record's references). ``previous``: the graph of an earlier rebuild
    under the same model (``make serve``): what each unchanged record adds
    is taken from it instead of being read off the record again."""
    graph = Graph(model=model, records={r.id: r for r in records})
    kept = previous._shares if previous is not None and previous.model == model else {}
    citable = {r.id for r in records if graph.citable(r)}
    for record in sorted(records, key=lambda r: r.id):
        key = (record.id, record.key)  # two files may hold the same bytes: a share names its record
        share = kept.get(key) if record.key else None
        if share is None:
            share = _share(model, record)
        if record.key:
            graph._shares[key] = share
        for ref in share.refs:
            graph.referenced_by[ref].add(record.id)
        for ref in share.refs & citable:
            graph.cited_by[ref].add(record.id)
        for value in share.dates:
            graph.span(value)
        for target, label, once in share.pointing:
            pointing = graph.pointing_at[target].setdefault(label, [])
            if not (once and record.id in pointing):
                pointing.append(record.id)
        if share.edges:
            graph.edges_out[record.id].extend(share.edges)
            for edge in share.edges:
                graph.edges_in[edge.target].append(edge)
        for entity, involvements in share.involved:
            graph.incidents_of[entity].append(record.id)
            graph.involvement[(record.id, entity)] = list(involvements)
        for claim in share.claims:
            graph.claims.append(claim)
            graph.claims_by_owner[record.id].append(claim)
            for party in claim.parties:
                graph.claims_by_party[party].append(claim)
    order = {r.id: i for i, r in enumerate(graph.incidents())}
    for entity, incident_ids in graph.incidents_of.items():
        incident_ids.sort(key=order.__getitem__)
    return graph

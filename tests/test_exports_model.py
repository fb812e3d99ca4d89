"""The exports walk the model: a record type a knowledge base adds in its
data/model.yaml reaches the CSV tables, dossier.json, the JSON-LD and, when
it is a chronology type, the calendar and the feed, as its declarations say,
with no Python change. Each file is read back by its ecosystem's parser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import feedparser
import icalendar
import pytest
from pyld import jsonld as pyld

from conftest import REPO, SMALL_KB, write_kb
from mkdossier import pipeline
from mkdossier.exports import exports, jsonld
from mkdossier.render import Settings

EXTENSION = """
vocabularies:
  hearing_outcome:
    pending: Not decided yet.
    decided: Decided.
    adjourned: Called off for now.
types:
  hearing:
    folder: hearings
    label: Hearing
    plural: Hearings
    title_field: title
    dated_by: held
    chronology: true
    jsonld: {type: Event}
    fields:
      title: {type: string, required: true}
      held:
        type: edtf
        required: true
        jsonld: {property: startDate, end: endDate}
      court:
        type: ref
        to: [organization]
        involves: true
        jsonld: location
        ical: LOCATION
      outcome:
        type: enum
        vocabulary: hearing_outcome
        default: pending
        show: hidden
        jsonld: {property: eventStatus, cases: {adjourned: EventPostponed}, fallback: EventScheduled}
        ical: {property: STATUS, cases: {pending: TENTATIVE, adjourned: CANCELLED}, fallback: CONFIRMED}
      gist: {type: markdown, jsonld: description}
      topics:
        type: list
        items: {type: string}
        filter: true
        jsonld: keywords
      exhibits:
        type: list
        items: {type: ref, to: [source]}
        jsonld: subjectOf
  vessel:
    folder: vessels
    label: Vessel
    plural: Vessels
    title_field: name
    fields:
      name: {type: string, required: true}
      notes: {type: markdown}
"""

RECORDS = {
    "model.yaml": EXTENSION,
    "hearings/first.yaml": """
        title: First hearing
        held: 2023-03-02
        court: beta-ministry
        gist: Heard [[ada]] on the matter.
        topics: [arms, "courts, appeals"]
        exhibits: [report]
    """,
    "hearings/second.yaml": """
        title: Second hearing
        held: 2023-08
        outcome: adjourned
        exhibits: [report]
    """,
    "hearings/someday.yaml": """
        title: A hearing nobody dated
        held: unknown
        outcome: decided
    """,
    "vessels/rover.yaml": "name: Rover\nnotes: Seen with [[ada]].\n",
    "claims/ada-is-minister.yaml": """
        statement: Ada is the minister.
        about: [ada, beta-ministry]
        stances:
          - {party: delta-news, stance: reports, source: report}
    """,
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    data = write_kb(tmp_path_factory.mktemp("grown"), {**SMALL_KB, **RECORDS})
    result = pipeline.check(data)
    assert result.ok, [str(p) for p in result.problems]
    return result.graph


@pytest.fixture(scope="module")
def files(graph):
    return exports(graph, Settings(site_name="Grown"), site_url="https://example.org/kb/")


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_new_types_get_csv_tables_the_chronology_in_date_order(files):
    hearings = _csv(files["downloads/csv/hearings.csv"])
    assert [r["id"] for r in hearings] == ["first", "second", "someday"]  # unknown sorts last
    assert (hearings[0]["held_earliest"], hearings[1]["held_latest"]) == ("2023-03-02", "2023-08-31")
    assert hearings[0]["gist"] == "Heard Ada Example on the matter."
    assert [r["id"] for r in _csv(files["downloads/csv/vessels.csv"])] == ["rover"]


def test_claim_records_say_what_they_are_about_from_their_ref_fields(files):
    rows = [r for r in _csv(files["downloads/csv/claims.csv"]) if r["record"] == "ada-is-minister"]
    assert [r["about"] for r in rows] == ["ada; beta-ministry"]
    assert "downloads/csv/claims.csv" in files and "downloads/csv/ada-is-minister.csv" not in files


def test_dossier_json_carries_the_new_records_and_their_dates(files):
    records = json.loads(files["downloads/dossier.json"])["records"]
    assert records["second"]["dates"]["held"]["text"] == "August 2023"
    assert records["someday"]["dates"]["held"]["unknown"] is True
    assert records["rover"]["type"] == "vessel"
    assert "cited_by" in records["report"] and "cited_by" not in records["rover"]
    assert "first" in records["report"]["cited_by"]


def _node(graph, record_id):
    record = graph.records[record_id]
    page = "https://example.org/kb/"
    document = jsonld.record_jsonld(graph, record, Settings(site_name="Grown"), site_url=page)
    expanded = pyld.expand(document)
    return document, next(n for n in expanded if n["@id"].endswith(f"/{record_id}/#it"))


SCHEMA = "http://schema.org/"


def test_jsonld_follows_the_new_types_declarations(graph):
    document, node = _node(graph, "first")
    assert node["@type"] == [SCHEMA + "Event"]
    assert node[SCHEMA + "startDate"] == [{"@value": "2023-03-02"}] and SCHEMA + "endDate" not in node
    assert node[SCHEMA + "location"][0]["@id"] == "https://example.org/kb/organizations/beta-ministry/#it"
    assert node[SCHEMA + "description"] == [{"@value": "Heard Ada Example on the matter."}]
    assert {v["@value"] for v in node[SCHEMA + "keywords"]} == {"arms", "courts, appeals"}
    assert node[SCHEMA + "subjectOf"][0]["@id"].endswith("/sources/report/#it")
    assert node[SCHEMA + "eventStatus"] == [{"@id": SCHEMA + "EventScheduled"}]  # the default's case
    _document, adjourned = _node(graph, "second")
    assert adjourned[SCHEMA + "eventStatus"] == [{"@id": SCHEMA + "EventPostponed"}]


def test_a_type_without_jsonld_is_a_thing_with_its_name(graph):
    document, node = _node(graph, "rover")
    assert node["@type"] == [SCHEMA + "Thing"]
    assert node[SCHEMA + "name"] == [{"@value": "Rover"}]
    assert set(document) == {"@context", "@type", "@id", "name", "mainEntityOfPage"}


def test_claim_records_carry_their_keywords_and_sources(graph):
    data = jsonld.record_jsonld(graph, graph.records["ada-is-minister"])
    assert data["@type"] == "Claim" and data["text"] == "Ada is the minister."
    assert [a["name"] for a in data["about"]] == ["Ada Example", "Beta Ministry"]
    assert [s["@type"] for s in data["appearance"]] == ["NewsArticle"]


def test_the_calendar_lists_the_new_chronology_type_as_declared(files):
    calendar = icalendar.Calendar.from_ical(files["downloads/incidents.ics"])
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert "someday" not in events  # a date the sources do not give is on no day
    first, second = events["first"], events["second"]
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (dt.date(2023, 3, 2), dt.date(2023, 3, 3))
    assert str(first["LOCATION"]) == "Beta Ministry"
    assert str(first["STATUS"]) == "TENTATIVE" and str(second["STATUS"]) == "CANCELLED"
    assert sorted(str(c) for c in first["CATEGORIES"].cats) == ["arms", "courts, appeals"]
    description = str(first["DESCRIPTION"])
    assert "Heard Ada Example on the matter." in description and "Sources: A report." in description
    assert "Outcome:" not in description  # the default goes without saying
    assert "Outcome: adjourned." in str(second["DESCRIPTION"])


def test_the_feed_lists_the_new_chronology_type_and_dates_unknown_ones_honestly(files, graph):
    feed = feedparser.parse(files["downloads/incidents.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {e.link.rstrip("/").rsplit("/", 1)[1]: e for e in feed.entries}
    assert [t.term for t in entries["first"].tags] == ["arms", "courts, appeals"]
    assert entries["first"].summary == "Date: 2 March 2023. Heard Ada Example on the matter."
    assert entries["someday"].summary == "Date: date unknown. Outcome: decided."
    # No made-up 1970: an unknown date is updated as of the feed (its newest known day).
    assert entries["someday"].updated_parsed[:3] == feed.feed.updated_parsed[:3] == (2023, 8, 31)
    assert feed.entries[0].link.endswith("/someday/")  # the chronology reversed: unknown sorts last


def test_a_chronology_of_unknown_dates_only_takes_the_knowledge_bases_newest_date(tmp_path):
    data = write_kb(tmp_path, {
        "organizations/court.yaml": "name: Court\nkind: other\n",
        "sources/ruling.yaml": "title: Ruling\npublished: 2021-05-04\nkind: document\npublisher: court\n",
        "incidents/someday.yaml": "title: Someday\ndate: unknown\nsources: [ruling]\n",
    })
    result = pipeline.check(data)
    assert result.ok, [str(p) for p in result.problems]
    feed = feedparser.parse(exports(result.graph, Settings())["downloads/incidents.atom"])
    assert not feed.bozo
    assert feed.entries[0].updated_parsed[:3] == feed.feed.updated_parsed[:3] == (2021, 5, 4)


# What the exports read off records is declared in the model: no record
# field or type is named in their code (the entities export has its own test).
OWNED = ["atom.py", "ical.py", "csv_tables.py", "dossier_json.py", "jsonld.py", "common.py", "__init__.py"]
NAMED = re.compile(r'\.get\("[a-z_]+"|\["[a-z_]+"\]|== "(person|organization|place|incident|source|claim)"')
# Keys that are the model's own grammar or the engine's structures, not record fields.
ENGINE_KEYS = {"property", "end", "item", "by", "cases", "fallback", "type", "amount", "currency",
               "unknown", "cited_by", "page"}


def test_the_exports_name_no_record_field_or_type():
    found = []
    for name in OWNED:
        text = (REPO / "hooks" / "mkdossier" / "exports" / name).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in NAMED.finditer(line):
                key = re.search(r'"([a-z_]+)"', match.group(0)).group(1)
                if key not in ENGINE_KEYS:
                    found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


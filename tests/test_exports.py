"""The open-data exports, each read back by the real library of its ecosystem
(followthemoney, pyld, icalendar, feedparser, csv) and checked for content:
the repository's knowledge base, plus a small hostile one (commas, quotes,
Cyrillic, markup) for escaping and round trips."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys

import feedparser
import icalendar
import markdown
import pytest
from bs4 import BeautifulSoup
from followthemoney import model as ftm_model
from pyld import jsonld as pyld

from conftest import REPO, write_kb
from mkdossier import pipeline
from mkdossier.exports import dossier_json, exports, ftm
from mkdossier.exports.common import Site
from mkdossier.render.downloads import DOWNLOADS, downloads_page, size_text
from mkdossier.exports import common, dossier_json, ftm, jsonld
from mkdossier.render import Settings
from mkdossier.render.pages import href

SETTINGS = Settings(site_name="Russia–North Korea arms cooperation")

HOSTILE_KB = {
    "people/ivan-petrov.yaml": r"""
        name: 'Ivan "Vanya" Petrov, Jr.'
        aliases: ['Иван Петров', 'Petrov, Ivan "the, quoted"']
        description: |-
          Line one, with "quotes", commas; semicolons and a backslash \ here. Member of [[club]].
          Вторая строка: «цитата», запятые.
        identifiers: {wikidata: Q42, website: "https://example.org"}
        relations:
          - {type: member_of, target: club, since: "2020-03", until: "2021~", note: 'Said "yes", twice', sources: [report]}
          - {type: based_in, target: town, sources: [report]}
          - {type: leader_of, target: town, sources: [report]}
    """,
    "organizations/club.yaml": """
        name: 'Club "Ромашка", Ltd.'
        kind: company
    """,
    "places/town.yaml": """
        name: Town </script> & <b>Co</b>
        kind: city
    """,
    "sources/report.yaml": """
        title: 'Report: "A, B; C" — Доклад'
        publisher: club
        published: "2023-06"
        kind: news_report
        url: https://example.org/report?a=1&b=2
        language: ru
    """,
    "incidents/june-meeting.yaml": """
        title: 'Meeting in June, "maybe"; Встреча'
        date: "2023-06"
        location: town
        sources: [report]
        participants: [{id: ivan-petrov, role: organizer}, {id: club, role: guest}]
        summary: Said to be held by [[ivan-petrov|Ivan]], with commas, "quotes"; and \\backslashes\\.
        claims:
          - id: it-happened
            statement: 'The meeting, "as planned", took place.'
            stances:
              - {party: ivan-petrov, stance: asserts, source: report, quote: 'Это ложь, "полностью"'}
              - {party: club, stance: denies, source: report, speaker: 'Press office, "PR"'}
    """,
    "incidents/july-trip.yaml": """
        title: A trip at the end of July
        date: 2023-07-21/2023-07-31
        sources: [report]
        participants: [{id: ivan-petrov, role: visitor}]
    """,
    "incidents/about-a-year.yaml": """
        title: Something around 2021
        date: 2021~
        sources: [report]
    """,
    "incidents/expected-visit.yaml": """
        title: A visit expected from 11 September
        date: 2023-09-11/..
        status: expected
        sources: [report]
    """,
    "claims/club-is-big.yaml": """
        statement: 'The club is big, "very"; Клуб большой.'
        about: [club]
        stances:
          - {party: ivan-petrov, stance: asserts, source: report}
    """,
}


@pytest.fixture(scope="module")
def repo_graph():
    result = pipeline.check(REPO / "data", root=REPO)
    assert result.ok, result.problems
    return result.graph


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    data = write_kb(tmp_path_factory.mktemp("hostile"), HOSTILE_KB)
    result = pipeline.check(data)
    assert result.ok, [str(p) for p in result.problems]
    return result.graph


@pytest.fixture(scope="module")
def repo_files(repo_graph):
    return exports(repo_graph, SETTINGS)


@pytest.fixture(scope="module")
def hostile_files(hostile_graph):
    return exports(hostile_graph, Settings(site_name='Hostile, "KB"; *test*'))


@pytest.fixture(params=["repo", "hostile"])
def case(request, repo_graph, repo_files, hostile_graph, hostile_files):
    """Both knowledge bases, for checks that must hold for any data."""
    return (repo_graph, repo_files) if request.param == "repo" else (hostile_graph, hostile_files)


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --- Determinism ----------------------------------------------------------------

DIGESTS = """
import hashlib, json, sys
from mkdossier import pipeline
from mkdossier.exports import exports
from mkdossier.render import Settings
graph = pipeline.check(sys.argv[1]).graph
files = exports(graph, Settings(site_name="Russia–North Korea arms cooperation"))
print(json.dumps({path: hashlib.sha256(data).hexdigest() for path, data in files.items()}))
"""


@pytest.mark.parametrize("which", ["repo", "hostile"])
def test_files_made_of_record_parts_are_the_files_written_whole(which, repo_graph, hostile_graph):
    """The JSON and JSON-lines files are written a record at a time (so that
    ``make serve`` can keep a record's part): the bytes are those of writing
    the whole document at once."""
    graph = repo_graph if which == "repo" else hostile_graph
    site = Site(name='Hostile, "KB"; *test* 김정은', url="https://example.org/kb/")
    files = exports(graph, Settings(site_name=site.name), site_url=site.url)
    document = json.dumps(dossier_json.dossier(graph, site), ensure_ascii=False, sort_keys=True, default=str)
    assert files["downloads/dossier.json"] == (document + "\n").encode("utf-8")
    lines = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in ftm.entities(graph, site))
    assert files["downloads/entities.ftm.json"] == lines.encode("utf-8")


def test_building_twice_gives_byte_identical_exports(repo_files):
    again = exports(pipeline.check(REPO / "data", root=REPO).graph, SETTINGS)
    assert again == repo_files
    expected = {path: hashlib.sha256(data).hexdigest() for path, data in repo_files.items()}
    # Sets inside the graph iterate in hash order: other hash seeds must not show.
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", DIGESTS, str(REPO / "data")], env=env,
                             capture_output=True, text=True, check=True)
        assert json.loads(run.stdout) == expected


def test_every_export_is_listed_under_downloads(repo_files):
    assert sorted(repo_files) == sorted([
        "downloads/dossier.json", "downloads/entities.ftm.json", "downloads/incidents.ics",
        "downloads/incidents.atom", "downloads/csv/people.csv", "downloads/csv/organizations.csv",
        "downloads/csv/places.csv", "downloads/csv/incidents.csv", "downloads/csv/sources.csv",
        "downloads/csv/claims.csv", "downloads/csv/relations.csv",
    ])


# --- dossier.json ---------------------------------------------------------------

def test_dossier_json_has_every_record_resolved(case):
    graph, files = case
    dossier = json.loads(files["downloads/dossier.json"])
    assert dossier["format"] == "mkdossier/1"
    assert dossier["license"]["name"] == "CC BY 4.0"
    assert set(dossier["records"]) == set(graph.records)
    for record in graph.records.values():
        entry = dossier["records"][record.id]
        assert entry["type"] == record.type
        assert entry["fields"] == json.loads(json.dumps(record.data))
        assert entry["incidents"] == graph.incidents_of.get(record.id, [])
    for edges in graph.edges_out.values():
        for edge in edges:
            outgoing = dossier["records"][edge.source]["relations"]["outgoing"]
            incoming = dossier["records"][edge.target]["relations"]["incoming"]
            assert any(r["kind"] == edge.kind and r["target"] == edge.target for r in outgoing)
            assert any(r["kind"] == edge.kind and r["source"] == edge.source
                       and r["label"] == graph.model.relations[edge.kind].incoming for r in incoming)
    assert len(dossier["claims"]) == len(graph.claims)
    for claim in graph.claims:
        entry = dossier["claims"][dossier_json.claim_id(claim)]
        assert entry["status"] == claim.status
        assert [s["stance"] for s in entry["stances"]] == [s.stance for s in claim.stances]


def test_dossier_json_interprets_dates(repo_files):
    records = json.loads(repo_files["downloads/dossier.json"])["records"]
    month = records["2023-06-bloomberg-reports-russia-resumed-oil-supplies-to-dprk"]["dates"]["date"]
    assert month == {"edtf": "2023-06", "earliest": "2023-06-01", "latest": "2023-06-30", "start": "2023-06",
                     "end": "2023-06", "approximate": False, "uncertain": False, "text": "June 2023"}
    open_end = records["2023-09-kim-jong-un-official-visit-to-russia"]["dates"]["date"]
    assert (open_end["start"], open_end["end"], open_end["latest"]) == ("2023-09-11", None, None)


# --- FollowTheMoney --------------------------------------------------------------

def _entities(files) -> list[dict]:
    return [json.loads(line) for line in files["downloads/entities.ftm.json"].decode("utf-8").splitlines()]


def test_ftm_entities_pass_validation_and_keep_every_value(case):
    graph, files = case
    entities = _entities(files)
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "entity ids are unique"
    for raw in entities:
        schema = ftm_model.get(raw["schema"])
        assert schema is not None and not schema.abstract, raw["schema"]
        unknown = set(raw["properties"]) - set(schema.properties)
        assert not unknown, f"{raw['id']}: {raw['schema']} has no {unknown}"
        proxy = ftm_model.get_proxy(raw, cleaned=False)  # cleans every value, dropping what it cannot parse
        out = proxy.to_dict()["properties"]
        assert {k: sorted(v) for k, v in out.items()} == {k: sorted(v) for k, v in raw["properties"].items()}, raw["id"]
        assert schema.validate(proxy.to_dict()) is None
        missing = [p for p in schema.required if not proxy.get(p)]
        assert not missing, f"{raw['id']}: required {missing}"
        for prop_name, values in raw["properties"].items():
            prop = schema.get(prop_name)
            if prop.type.name == "entity":
                for value in values:
                    assert value in by_id, f"{raw['id']}.{prop_name} points at missing {value}"
                    assert ftm_model.get(by_id[value]["schema"]).is_a(prop.range), (raw["id"], prop_name, value)


def test_ftm_has_every_record_relation_and_participant(case):
    graph, files = case
    by_id = {e["id"]: e for e in _entities(files)}
    for record in graph.records.values():
        if ftm.record_schema(graph.model, record.type):
            assert by_id[record.id]["schema"] == ftm.record_schema(graph.model, record.type)
            assert by_id[record.id]["properties"]["name"] == [" ".join(graph.title(record).split())]
    links = [e for e in by_id.values() if "role" in e["properties"] and e["schema"] != "Documentation"]
    assert len(links) == sum(len(v) for v in graph.edges_out.values())
    for edges in graph.edges_out.values():
        for edge in edges:
            link = by_id[f"{edge.source}.{edge.kind}.{edge.target}"]
            schema = ftm_model.get(link["schema"])
            assert link["properties"][schema.edge_source] == [edge.source]
            assert link["properties"][schema.edge_target] == [edge.target]
            assert link["properties"]["proof"] == list(edge.sources)
    for incident in graph.of_type("incident"):
        event = by_id[incident.id]["properties"]
        named = set(event.get("involved", [])) | set(event.get("organizer", []))
        assert named == {p["id"] for p in incident.data.get("participants") or []}
        for source in incident.data["sources"]:
            assert f"{source}.documents.{incident.id}" in by_id


def test_ftm_mapping_in_the_model_fits_the_ftm_vocabulary(repo_graph):
    """Every relation kind, between every pair of record types it allows (and a
    list of typed links holds), becomes a link whose ends accept those records' schemata."""
    model = repo_graph.model
    for kind in model.relations.values():
        assert kind.ftm, f"{kind.name} declares no ftm mapping in model.yaml"
        for source_type in kind.source_types:
            for target_type in kind.target_types:
                links = ftm.link_list_to(model, model.types[source_type], target_type)
                if links is None:
                    continue  # no list of the source type may point at the target type
                mapping = ftm.link_mapping(model, kind.name, source_type, target_type, links)
                schema = ftm_model.get(mapping["schema"])
                assert schema is not None and schema.edge, mapping
                source, target = schema.get(mapping["source"]), schema.get(mapping["target"])
                assert ftm_model.get(ftm.record_schema(model, source_type)).is_a(source.range), (kind.name, source_type)
                assert ftm_model.get(ftm.record_schema(model, target_type)).is_a(target.range), (kind.name, target_type)


def test_ftm_dates_keep_their_precision(hostile_files):
    by_id = {e["id"]: e for e in _entities(hostile_files)}
    assert by_id["june-meeting"]["properties"]["startDate"] == ["2023-06"]
    assert "endDate" not in by_id["june-meeting"]["properties"]
    assert by_id["july-trip"]["properties"]["startDate"] == ["2023-07-21"]
    assert by_id["july-trip"]["properties"]["endDate"] == ["2023-07-31"]
    membership = by_id["ivan-petrov.member_of.club"]
    assert membership["schema"] == "Membership"
    assert (membership["properties"]["startDate"], membership["properties"]["endDate"]) == (["2020-03"], ["2021"])
    assert by_id["ivan-petrov.leader_of.town"]["schema"] == "UnknownLink"  # Directorship needs an organization
    assert by_id["report"]["properties"]["publishedAt"] == ["2023-06"]


# --- schema.org JSON-LD -------------------------------------------------------------

def _expanded(graph, record, **options):
    site = common.Site(directory_urls=options.get("use_directory_urls", True))
    page = "https://example.org/" + site.record_url(graph, record)
    document = jsonld.record_jsonld(graph, record, SETTINGS, **options)
    return pyld.expand(document, {"base": page}), page


SCHEMA = "http://schema.org/"


def test_jsonld_of_every_record_expands_with_names_and_dates(case):
    graph, _files = case
    for record in graph.records.values():
        expanded, page = _expanded(graph, record)
        node = next(n for n in expanded if n["@id"] == page + "#it")
        assert node["@type"] == [SCHEMA + jsonld.schema_type(graph.model, record)]
        assert node[SCHEMA + "name"] == [{"@value": " ".join(graph.title(record).split())}]
        if record.type == "incident":
            start, end = common.iso_ends(record.data["date"])
            if start:
                assert node[SCHEMA + "startDate"] == [{"@value": start}]
            if end and end != start:
                assert node[SCHEMA + "endDate"] == [{"@value": end}]
        for other in node.get(SCHEMA + "location", []) + node.get(SCHEMA + "about", []):
            assert other["@id"].startswith("https://example.org/") and other["@id"].endswith("/#it")


def test_jsonld_same_as_comes_from_identifiers(repo_graph, hostile_graph):
    expanded, _page = _expanded(repo_graph, repo_graph.records["vladimir-putin"])
    assert expanded[0][SCHEMA + "sameAs"] == [{"@id": "https://www.wikidata.org/wiki/Q7747"}]
    expanded, _page = _expanded(hostile_graph, hostile_graph.records["ivan-petrov"])
    assert {v["@id"] for v in expanded[0][SCHEMA + "sameAs"]} == {"https://www.wikidata.org/wiki/Q42",
                                                                   "https://example.org"}


def test_jsonld_links_follow_the_site_urls(repo_graph):
    record = repo_graph.records["vladivostok"]
    flat = jsonld.record_jsonld(repo_graph, record, SETTINGS, use_directory_urls=False)
    assert flat["containedInPlace"]["@id"] == "russia.html#it"
    absolute = jsonld.record_jsonld(repo_graph, record, SETTINGS, site_url="https://example.org/kb/")
    assert absolute["@id"] == "https://example.org/kb/places/vladivostok/#it"
    assert absolute["containedInPlace"]["@id"] == "https://example.org/kb/places/russia/#it"


def test_jsonld_script_cannot_be_closed_by_record_text(hostile_graph):
    data = jsonld.record_jsonld(hostile_graph, hostile_graph.records["town"], SETTINGS)
    html = f"<html><head>{jsonld.script(data)}</head><body></body></html>"
    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["name"] == "Town </script> & <b>Co</b>"


# --- iCalendar ----------------------------------------------------------------------

def _events(files) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(files["downloads/incidents.ics"])
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_ical_has_one_event_per_incident(case):
    graph, files = case
    events = _events(files)
    assert len(events) == len(graph.of_type("incident"))
    for incident in graph.of_type("incident"):
        event = events[incident.id]
        assert str(event["SUMMARY"]) == graph.title(incident)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date, "all-day events"
        assert end > start
    raw = files["downloads/incidents.ics"]
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    # Text escaped as RFC 5545 says (icalendar reads unescaped commas leniently).
    lines = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    for incident in graph.of_type("incident"):
        assert "SUMMARY:" + icalendar.vText(graph.title(incident)).to_ical().decode("utf-8") in lines


def test_ical_places_intervals_months_and_open_ends_as_documented(repo_files):
    events = _events(repo_files)
    interval = events["2023-07-shoigu-travels-to-north-korea"]
    assert (interval.decoded("DTSTART"), interval.decoded("DTEND")) == (dt.date(2023, 7, 21), dt.date(2023, 8, 1))
    assert "Date: late July 2023" in str(interval["DESCRIPTION"])
    month = events["2023-06-bloomberg-reports-russia-resumed-oil-supplies-to-dprk"]
    assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (dt.date(2023, 6, 1), dt.date(2023, 7, 1))
    assert "Month precision: the day is not known; shown across the whole month." in str(month["DESCRIPTION"])
    day = events["2022-09-05-nyt-reports-russia-buying-dprk-munitions"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (dt.date(2022, 9, 5), dt.date(2022, 9, 6))
    expected = events["2023-09-kim-jong-un-official-visit-to-russia"]
    assert (expected.decoded("DTSTART"), expected.decoded("DTEND")) == (dt.date(2023, 9, 11), dt.date(2023, 9, 12))
    assert "The end is not known" in str(expected["DESCRIPTION"])
    assert str(expected["STATUS"]) == "TENTATIVE"


def test_ical_says_when_a_date_is_approximate(hostile_files):
    events = _events(hostile_files)
    year = events["about-a-year"]
    assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (dt.date(2021, 1, 1), dt.date(2022, 1, 1))
    assert "Date: c. 2021" in str(year["DESCRIPTION"]) and "It is approximate." in str(year["DESCRIPTION"])
    june = events["june-meeting"]
    assert str(june["SUMMARY"]) == 'Meeting in June, "maybe"; Встреча'
    assert 'with commas, "quotes"; and \\backslashes\\.' in str(june["DESCRIPTION"])
    assert str(june["LOCATION"]) == "Town </script> & <b>Co</b>"


# --- Atom ---------------------------------------------------------------------------

def test_atom_feed_lists_the_newest_incidents_first(case):
    graph, files = case
    feed = feedparser.parse(files["downloads/incidents.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    newest = common.newest_incidents(graph)
    assert [e.title for e in feed.entries] == [graph.title(r) for r in newest]
    assert [e.updated_parsed[:3] for e in feed.entries] == [common.incident_day(graph, r).timetuple()[:3]
                                                              for r in newest]
    assert feed.feed.updated_parsed[:3] == common.newest_day(graph).timetuple()[:3]
    assert feed.feed.rights.startswith("Data license: CC BY 4.0")
    assert len({e.id for e in feed.entries}) == len(newest)


def test_atom_links_are_absolute_when_the_site_url_is_known(repo_graph):
    files = exports(repo_graph, SETTINGS, site_url="https://example.org/kb/")
    feed = feedparser.parse(files["downloads/incidents.atom"])
    first = common.newest_incidents(repo_graph)[0]
    assert feed.entries[0].link == f"https://example.org/kb/incidents/{first.id}/"
    assert feed.entries[0].id == feed.entries[0].link
    assert any(link.rel == "self" and link.href == "https://example.org/kb/downloads/incidents.atom"
               for link in feed.feed.links)


# --- CSV ----------------------------------------------------------------------------

def test_csv_tables_hold_every_record_relation_and_stance(case):
    graph, files = case
    for name, record_type in graph.model.types.items():
        if name == "claim":
            continue
        rows = _csv(files[f"downloads/csv/{record_type.folder}.csv"])
        assert sorted(r["id"] for r in rows) == sorted(r.id for r in graph.of_type(name))
    relations = _csv(files["downloads/csv/relations.csv"])
    assert len(relations) == sum(len(v) for v in graph.edges_out.values())
    stances = _csv(files["downloads/csv/claims.csv"])
    assert len(stances) == sum(len(c.stances) for c in graph.claims)
    status = {dossier_json.claim_id(c): c.status for c in graph.claims}
    assert all(row["status"] == status[row["claim"]] for row in stances)


def test_csv_round_trips_commas_quotes_and_cyrillic(hostile_graph, hostile_files):
    person = hostile_graph.records["ivan-petrov"].data
    people = _csv(hostile_files["downloads/csv/people.csv"])
    assert len(people) == 1
    row = people[0]
    assert row["name"] == 'Ivan "Vanya" Petrov, Jr.'
    assert row["aliases"].split("; ") == ["Иван Петров", 'Petrov, Ivan "the, quoted"']
    # Mentions read as the titles of the records they name (issue #13).
    assert row["description"] == person["description"].replace("[[club]]", 'Club "Ромашка", Ltd.')
    assert "\n" in row["description"] and "«цитата»" in row["description"]
    assert row["identifiers.wikidata"] == "Q42"
    claims = {r["party"]: r for r in _csv(hostile_files["downloads/csv/claims.csv"])
              if r["claim"] == "june-meeting#claim-it-happened"}
    assert claims["ivan-petrov"]["quote"] == 'Это ложь, "полностью"'
    assert claims["club"]["speaker"] == 'Press office, "PR"'
    assert claims["club"]["statement"] == 'The meeting, "as planned", took place.'
    assert claims["club"]["status"] == "disputed"
    incident = next(r for r in _csv(hostile_files["downloads/csv/incidents.csv"]) if r["id"] == "june-meeting")
    assert (incident["date"], incident["date_earliest"], incident["date_latest"]) == ("2023-06", "2023-06-01",
                                                                                       "2023-06-30")
    assert json.loads(incident["participants"]) == hostile_graph.records["june-meeting"].data["participants"]
    relation = next(r for r in _csv(hostile_files["downloads/csv/relations.csv"]) if r["type"] == "member_of")
    assert (relation["note"], relation["target_title"]) == ('Said "yes", twice', 'Club "Ромашка", Ltd.')


# --- The Downloads page -------------------------------------------------------------

def test_downloads_page_links_every_file_with_its_size_and_the_license(hostile_graph, hostile_files):
    settings = Settings(site_name='Hostile, "KB"; *test* <b>x</b>')
    pages = downloads_page(hostile_graph, settings, hostile_files)
    assert list(pages) == [DOWNLOADS]
    body = pages[DOWNLOADS].split("---\n", 2)[2]
    soup = BeautifulSoup(markdown.markdown(body, extensions=["tables"]), "html.parser")
    rows = {}
    for tr in soup.find("table").find_all("tr")[1:]:
        cells = tr.find_all("td")
        rows[cells[0].a["href"]] = cells[2].get_text()
    assert rows == {href(DOWNLOADS, path): size_text(len(data)) for path, data in hostile_files.items()}
    text = soup.get_text()
    assert "Data license: CC BY 4.0" in text
    assert 'Hostile, "KB"; *test* <b>x</b>' in text  # shown as written, not as markup
    assert soup.find("b") is None and soup.find("em") is None


def test_exports_shape_is_documented():
    documented = (REPO / "docs" / "exports.md").read_text(encoding="utf-8")
    assert f'"format": "{dossier_json.FORMAT}"' in documented
    for name in ("entities.ftm.json", "incidents.ics", "incidents.atom", "claims.csv", "relations.csv"):
        assert name in documented

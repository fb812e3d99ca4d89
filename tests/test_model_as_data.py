"""The model as data (issue #12): a knowledge base whose data/model.yaml adds
a record type, fields on core types, a stance value, a relation kind and index
columns (tests/fixtures/model-as-data) sees each of them on its pages, in the
nav, search, indexes, JSON Schema, format reference and every export, with no
Python change. One real ``mkdocs build --strict``; the HTML and files it
writes are parsed.

Then the model checks that keep such declarations sound, each a positioned
problem with a hint, and the rules validation reads off the model (typed
links and claims of a new type, ``mkdossier new`` for it)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from followthemoney import model as ftm_model

from conftest import BIN, make_project, mkdocs_build, model_problems

FIXTURE = Path(__file__).parent / "fixtures" / "model-as-data"
TRANSFER = "2023-03-ship-to-ship-transfer"
DETAINED = "2023-05-02-angara-detained-at-nampo"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("model-as-data")
    project = make_project(root / "project", FIXTURE / "data")
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _article(site: Path, page: str):
    return _soup(site, page).find("article")


def _facts(site: Path, page: str) -> dict[str, str]:
    """A record page's fact lines, label → the value as read."""
    found = {}
    for item in _article(site, page).find_all("li"):
        label = item.find("strong", recursive=False)
        if label is not None and label.get_text().endswith(":"):
            found[label.get_text().rstrip(":")] = " ".join(item.get_text(" ").split()[len(label.get_text().split()):])
    return found


def _fact_links(site: Path, page: str, label: str) -> list[str]:
    item = next(li for li in _article(site, page).find_all("li")
                if (li.find("strong", recursive=False) or li).get_text() == f"{label}:")
    return [a.get_text() for a in item.find_all("a")]


def _heading(element) -> str:
    """A heading's words, without its permalink."""
    return element.get_text(" ", strip=True).removesuffix("¶").strip()


def _section(site: Path, page: str, heading: str) -> list:
    """The list items under a heading of a record page."""
    article = _article(site, page)
    found = next((h for h in article.find_all(["h2", "h3"]) if _heading(h) == heading), None)
    assert found is not None, f"no heading '{heading}' on {page}: {[_heading(h) for h in article.find_all(['h2', 'h3'])]}"
    items = []
    for sibling in found.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        if sibling.name in ("ul", "ol"):  # not a figure's legend, nor the footnotes
            items += sibling.find_all("li", recursive=False)
    return items


def _section_links(site: Path, page: str, heading: str) -> list[str]:
    """The record each item under a heading links to first, by its title."""
    return [li.find("a").get_text() for li in _section(site, page, heading)]


def _jsonld(site: Path, page: str) -> dict:
    script = _soup(site, page).find("head").find("script", type="application/ld+json")
    return json.loads(script.string)


def _csv(site: Path, name: str) -> dict[str, dict]:
    text = (site / "downloads" / "csv" / name).read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


# --- (a) the new record type on its pages --------------------------------------------------

def test_the_vessel_page_shows_each_new_field_by_its_label(site):
    facts = _facts(site, "vessels/chon-ma-san")
    assert facts["Hull"] == "tanker"
    assert facts["Flag"] == "North Korea"
    assert facts["Gross tonnage"] == "2,734"
    assert facts["Registered owner"] == "Korea Ocean Shipping"
    assert facts["Last sale price"] == "1,500,000 USD"
    assert facts["Currency of account"] == "KPW"
    assert facts["Charter payments"] == "250,000 EUR, 1,000,000 RUB"
    assert facts["Built"] == "1986"
    # featured first, in the model's order
    labels = list(facts)
    assert labels.index("Hull") < labels.index("Flag") < labels.index("Gross tonnage") < labels.index("Built")
    assert _fact_links(site, "vessels/chon-ma-san", "Flag") == ["North Korea"]
    names = {span.get_text(): span.get("lang") for span in _article(site, "vessels/chon-ma-san").find_all("span")
             if span.get_text() in ("Chon Ma San", "Чхонмасан")}
    assert names.get("Чхонмасан") == "ru"  # name_languages: cyrillic: ru, in data/model.yaml


def test_an_unknown_date_of_a_new_type_reads_date_unknown(site):
    assert _facts(site, "vessels/angara")["Built"] == "date unknown"


def test_a_new_type_has_the_chronology_its_incidents_name(site):
    lines = [" ".join(li.get_text(" ").split()) for li in _section(site, "vessels/angara", "Chronology")]
    assert lines == ["March 2023 천마산 takes on oil from Ангара at sea", "2 May 2023 Ангара is detained at Nampo"]
    assert _section_links(site, "vessels/chon-ma-san", "Chronology") == ["천마산 takes on oil from Ангара at sea"]


def test_an_inverse_label_heads_the_records_pointing_at_a_page(site):
    assert _section_links(site, "places/dprk", "Vessels under its flag") == ["천마산"]
    assert _section_links(site, "organizations/korea-ocean-shipping", "Vessels owned") == ["천마산"]
    assert _section_links(site, "people/zoe-lefevre", "Vessels owned") == ["Ангара"]


# --- (b) new fields on core types ----------------------------------------------------------

def test_new_fields_on_core_types_are_shown_by_their_label(site):
    assert _facts(site, "people/zoe-lefevre")["Born on"] == "March 1971"
    assert _facts(site, "people/kim-yong-chol")["Born on"] == "1946"
    transfer = _facts(site, f"incidents/{TRANSFER}")
    assert transfer["Importance"] == "4"
    assert _fact_links(site, f"incidents/{TRANSFER}", "Vessels involved") == ["천마산", "Ангара"]
    assert _facts(site, f"incidents/{DETAINED}")["Importance"] == "5"


# --- (c) a stance value with its meaning -----------------------------------------------------

def test_a_claim_only_questioned_is_reported_not_denied(site):
    article = _article(site, f"incidents/{TRANSFER}")
    heading = article.find(id="claim-breaks-sanctions")
    status = next(p for p in heading.find_next_siblings("p") if p.get_text().startswith("Status:"))
    assert status.find("strong").get_text() == "reported"
    stance = " ".join(heading.find_next("li").get_text(" ").split())
    assert stance.startswith("Zoé Lefèvre questions")


# --- (d) a relation kind between incidents -------------------------------------------------------

def test_the_new_relation_kind_reads_both_ways(site):
    assert _section_links(site, f"incidents/{DETAINED}", "Escalation of") == ["천마산 takes on oil from Ангара at sea"]
    assert _section_links(site, f"incidents/{TRANSFER}", "Escalated into") == ["Ангара is detained at Nampo"]


# --- (e) index columns, nav, search ------------------------------------------------------------

def _index(site: Path, folder: str) -> tuple[list[str], dict[str, list[str]]]:
    table = _article(site, folder).find("table")
    header = [th.get_text(" ", strip=True) for th in table.find_all("th")]
    rows = {}
    for tr in table.find_all("tr")[1:]:
        cells = [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
        rows[cells[0]] = cells[1:]
    return header, rows


def test_the_vessel_index_has_its_declared_columns(site):
    header, rows = _index(site, "vessels")
    assert header == ["Vessel", "Flag", "Gross tonnage", "Incidents"]
    assert rows == {"Ангара": ["Russia", "5,800", "2"], "천마산": ["North Korea", "2,734", "1"]}


def test_columns_added_to_core_types_are_shown(site):
    header, rows = _index(site, "people")
    assert header[-1] == "Born on"
    assert rows["Zoé Lefèvre"][-1] == "March 1971"
    header, rows = _index(site, "incidents")
    assert header[-1] == "Importance"
    assert rows["Ангара is detained at Nampo"][-1] == "5"


def test_the_nav_has_the_new_type(site):
    nav = _soup(site, "").find("nav", class_="md-nav--primary")
    links = {" ".join(a.get_text().split()): a.get("href") for a in nav.find_all("a")}
    assert links.get("Vessels", "").rstrip("/").endswith("vessels")


def test_search_finds_the_new_type(site):
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {d["location"]: d["title"] for d in docs}
    assert titles.get("vessels/chon-ma-san/") == "천마산"
    assert titles.get("vessels/angara/") == "Ангара"
    entries = json.dumps([d for d in docs if d["location"].startswith("vessels/chon-ma-san/")], ensure_ascii=False)
    assert "Chon Ma San" in entries and "Чхонмасан" in entries  # its other names find it too


# --- JSON Schema and the format reference --------------------------------------------------------

def test_the_json_schema_has_the_new_type_and_fields(tmp_path):
    made = subprocess.run([str(BIN / "mkdossier"), "schema", "--out", str(tmp_path), "--data", str(FIXTURE / "data")],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr

    def schema(name: str) -> dict:
        return json.loads((tmp_path / f"{name}.schema.json").read_text(encoding="utf-8"))

    vessel = schema("vessel")["properties"]
    assert vessel["tonnage"]["title"] == "Gross tonnage"
    assert (vessel["tonnage"]["minimum"], vessel["tonnage"]["maximum"]) == (0, 600000)
    assert vessel["hull"]["enum"] == ["tanker", "cargo"]
    assert vessel["price"]["title"] == "Last sale price" and "amount" in vessel["price"]["properties"]
    assert "KPW" in vessel["account_currency"]["enum"]
    assert vessel["payments"]["items"]["required"] == ["amount", "currency"]
    assert vessel["built"]["title"] == "Built"
    assert schema("vessel")["required"] == ["name", "hull"]
    assert schema("person")["properties"]["born"]["title"] == "Born on"
    incident = schema("incident")["properties"]
    assert (incident["importance"]["minimum"], incident["importance"]["maximum"]) == (1, 5)
    stances = incident["claims"]["items"]["properties"]["stances"]["items"]["properties"]
    assert "questions" in stances["stance"]["enum"]
    assert "escalation_of" in incident["relations"]["items"]["properties"]["type"]["enum"]


def _reference_section(site: Path, heading: str):
    """The elements of the format reference under one h3 (a record type)."""
    article = _article(site, "reference/format")
    found = next(h for h in article.find_all("h3") if _heading(h) == heading)
    parts = []
    for sibling in found.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        parts.append(sibling)
    return parts


def _reference_rows(parts) -> dict[str, list[str]]:
    table = next(p for p in parts if p.name == "table")
    rows = {}
    for tr in table.find_all("tr")[1:]:
        cells = [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_format_reference_lists_the_new_type_fields_value_and_kind(site):
    vessel = _reference_section(site, "Vessel ( vessels/ )")
    notes = " ".join(p.get_text(" ") for p in vessel if p.name == "p")
    assert "Dated by built" in " ".join(notes.split())
    assert "Its index lists the title, then Flag, Gross tonnage, Incidents" in " ".join(notes.split())
    rows = _reference_rows(vessel)
    assert rows["tonnage"][:3] == ["number from 0 to 600,000", "", "fact: Gross tonnage"]
    assert rows["price"][0] == "money ({amount, currency})"
    assert rows["payments"][0] == "list of money ({amount, currency})"
    assert "hull_kind" in rows["hull"][0] and rows["hull"][1:3] == ["yes", "fact: Hull"]
    assert rows["owner"][2] == "fact: Registered owner"
    assert "The page it names lists this record under “Vessels owned”." in rows["owner"][3]
    person = _reference_section(site, "Person ( people/ )")
    assert _reference_rows(person)["born"][:3] == ["edtf", "", "fact: Born on"]
    person_notes = " ".join(" ".join(p.get_text(" ") for p in person if p.name == "p").split())
    assert "“Vessels owned” (vessel owner )" in person_notes
    incident = _reference_rows(_reference_section(site, "Incident ( incidents/ )"))
    assert incident["importance"][0] == "number from 1 to 5"
    assert "in their chronology" in incident["vessels"][3]
    article = _article(site, "reference/format")
    tables = [[[" ".join(td.get_text(" ").split()) for td in tr.find_all("td")] for tr in t.find_all("tr")[1:]]
              for t in article.find_all("table")]
    relation_rows = {row[0]: row for rows in tables for row in rows if row}
    assert relation_rows["escalation_of"][1:3] == ["Escalation of", "Escalated into"]
    assert relation_rows["questions"][1:] == ["The party doubts the claim without denying it.", "neutral"]
    assert relation_rows["tanker"][1] == "Carries oil or other liquids in bulk."


# --- every export ---------------------------------------------------------------------------------

def test_csv_tables_carry_the_new_type_and_fields(site):
    vessels = _csv(site, "vessels.csv")
    chon = vessels["chon-ma-san"]
    assert (chon["name"], chon["hull"], chon["flag"], chon["tonnage"]) == ("천마산", "tanker", "dprk", "2734")
    assert (chon["price.amount"], chon["price.currency"], chon["account_currency"]) == ("1500000", "USD", "KPW")
    assert json.loads(chon["payments"]) == [{"amount": 250000, "currency": "EUR"}, {"amount": 1000000, "currency": "RUB"}]
    assert (chon["built"], chon["built_earliest"], chon["built_latest"]) == ("1986", "1986-01-01", "1986-12-31")
    assert (vessels["angara"]["built"], vessels["angara"]["built_earliest"]) == ("unknown", "")
    assert _csv(site, "people.csv")["zoe-lefevre"]["born"] == "1971-03"
    incidents = _csv(site, "incidents.csv")
    assert incidents[TRANSFER]["importance"] == "4"
    assert incidents[TRANSFER]["vessels"] == "chon-ma-san; angara"
    text = (site / "downloads" / "csv" / "relations.csv").read_text(encoding="utf-8")
    relations = list(csv.DictReader(io.StringIO(text, newline="")))
    assert any(r["type"] == "escalation_of" and r["target"] == TRANSFER for r in relations)
    text = (site / "downloads" / "csv" / "claims.csv").read_text(encoding="utf-8")
    stances = list(csv.DictReader(io.StringIO(text, newline="")))
    assert any(r["stance"] == "questions" and r["status"] == "reported" for r in stances)


def test_the_dossier_json_carries_the_new_type_and_fields(site):
    dossier = json.loads((site / "downloads" / "dossier.json").read_text(encoding="utf-8"))
    assert dossier["model"]["types"]["vessel"]["plural"] == "Vessels"
    assert dossier["model"]["relations"]["escalation_of"]["incoming"] == "Escalated into"
    assert "questions" in dossier["model"]["vocabularies"]["stance"]
    chon = dossier["records"]["chon-ma-san"]
    assert chon["type"] == "vessel" and chon["page"].rstrip("/").endswith("vessels/chon-ma-san")
    assert chon["fields"]["price"] == {"amount": 1500000, "currency": "USD"}
    assert chon["incidents"] == [TRANSFER]
    assert dossier["records"]["angara"]["dates"]["built"]["unknown"] is True
    assert dossier["records"]["zoe-lefevre"]["dates"]["born"]["earliest"] == "1971-03-01"
    assert dossier["records"][DETAINED]["relations"]["outgoing"][0]["label"] == "Escalation of"
    claim = next(c for c in dossier["claims"].values() if c["anchor"] == "claim-breaks-sanctions")
    assert claim["status"] == "reported"


def test_ftm_entities_carry_the_new_type_and_fields(site):
    lines = (site / "downloads" / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    entities = {e["id"]: e for e in map(json.loads, lines)}
    proxies = {i: ftm_model.get_proxy(e) for i, e in entities.items()}  # FtM refuses what its schema lacks
    chon = proxies["chon-ma-san"]
    assert chon.schema.name == "Vessel"
    assert chon.get("name") == ["천마산"] and set(chon.get("alias")) == {"Chon Ma San", "Чхонмасан"}
    assert chon.get("grossRegisteredTonnage") == ["2734"] and chon.get("buildDate") == ["1986"]
    assert chon.get("owner") == ["korea-ocean-shipping"] and chon.get("type") == ["tanker"]
    assert chon.get("amount") == ["1500000"] and chon.get("currency") == ["KPW"]
    notes = " ".join(chon.get("notes"))
    assert "Last sale price: 1,500,000 USD." in notes and "Charter payments: 250,000 EUR; 1,000,000 RUB." in notes
    assert proxies["angara"].get("buildDate") == []
    assert proxies["zoe-lefevre"].get("birthDate") == ["1971-03"]
    assert "Importance: 5." in " ".join(proxies[DETAINED].get("notes"))
    escalation = [p for p in proxies.values() if p.schema.name == "UnknownLink"
                  and p.get("subject") == [DETAINED] and p.get("object") == [TRANSFER]]
    assert len(escalation) == 1


def test_jsonld_in_the_page_head_carries_the_new_type_and_fields(site):
    chon = _jsonld(site, "vessels/chon-ma-san")
    assert chon["@type"] == "Vehicle" and chon["name"] == "천마산"
    assert {"@value": "Чхонмасан", "@language": "ru"} in chon["alternateName"]
    assert chon["productionDate"] == "1986"
    assert "productionDate" not in _jsonld(site, "vessels/angara")  # `unknown` invents nothing
    assert _jsonld(site, "people/zoe-lefevre")["birthDate"] == "1971-03"


def test_calendar_and_feed_carry_the_incidents_and_the_new_type_they_name(site):
    calendar = icalendar.Calendar.from_ical((site / "downloads" / "incidents.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    transfer = events["천마산 takes on oil from Ангара at sea"]
    assert transfer.decoded("DTSTART").isoformat() == "2023-03-01"
    assert "천마산 moored alongside Ангара" in str(transfer["DESCRIPTION"])
    detained = events["Ангара is detained at Nampo"]
    assert str(detained["LOCATION"]) == "Nampo"
    feed = feedparser.parse((site / "downloads" / "incidents.atom").read_bytes())
    entries = {e.title: e for e in feed.entries}
    assert "천마산 moored alongside Ангара" in entries["천마산 takes on oil from Ангара at sea"].summary
    assert entries["Ангара is detained at Nampo"].summary.startswith("Date: 2 May 2023.")


# --- mkdossier new, for the new type -----------------------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return root


def _new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdossier"), "new", *args], cwd=project, capture_output=True, text=True,
                          timeout=120)


def test_new_writes_a_record_of_the_new_type_and_notes_an_alias(project):
    made = _new(project, "vessel", "Chon Ma San", "--hull", "tanker", "--tonnage", "2734", "--id", "chon-ma-san-2")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "data/vessels/chon-ma-san-2.yaml"
    assert ("note: data/vessels/chon-ma-san.yaml already has the name or alias 'Chon Ma San'; "
            "is it the same vessel?") in made.stdout + made.stderr


def test_new_dates_a_chronology_record_by_its_dated_by_field(project):
    made = _new(project, "incident", "A second transfer", "--date", "2023-06", "--sources", "sighting-report")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "data/incidents/2023-06-a-second-transfer.yaml"
    made = _new(project, "vessel", "Wise Honest", "--hull", "cargo", "--built", "1989")
    assert made.stdout.splitlines()[0] == "data/vessels/wise-honest.yaml"  # dated, not a chronology type


# --- the model's declarations are checked, with positions --------------------------------------

VESSEL = """
types:
  vessel:
    folder: vessels
    label: Vessel
    plural: Vessels
    title_field: name
{extra}    fields:
      name: {{type: string, required: true}}
      built: {{type: edtf}}
{fields}"""


def _vessel(extra: str = "", fields: str = "") -> str:
    return VESSEL.format(extra=extra, fields=fields)


DECLARATIONS = [
    pytest.param(_vessel("    dated_by: name\n"),
                 "data/model.yaml:7:5: types.vessel.dated_by: 'name' is not a date (edtf) field of the type. "
                 "Use one of: built.", id="dated-by-not-a-date"),
    pytest.param(_vessel("    chronology: true\n"),
                 "data/model.yaml:7:5: types.vessel.chronology: a chronology type needs 'dated_by'. "
                 "Name the date field that places its records in time.", id="chronology-without-dated-by"),
    pytest.param(_vessel("    featured: [biult]\n"),
                 "data/model.yaml:7:16: types.vessel.featured[0]: 'biult' is not a field of the type. "
                 "Did you mean 'built'?", id="featured-unknown"),
    pytest.param(_vessel("    columns: [built, incident]\n"),
                 "data/model.yaml:7:22: types.vessel.columns[1]: 'incident' is not a field of the type. "
                 "Did you mean 'incidents'?", id="columns-unknown"),
    pytest.param(_vessel("    citation: [owner]\n"),
                 "data/model.yaml:7:16: types.vessel.citation[0]: 'owner' is not a field of the type. "
                 "Use one of: name, built.", id="citation-unknown"),
    pytest.param(_vessel(fields="      flag: {type: string, beside: flag}\n"),
                 "data/model.yaml:10:28: types.vessel.fields.flag.beside: 'flag' is not another field of the "
                 "type. Use one of: name, built.", id="beside-itself"),
    pytest.param(_vessel(fields="      flag: {type: string, inverse: Vessels}\n"),
                 "data/model.yaml:10:28: types.vessel.fields.flag.inverse: 'inverse' applies to a ref field "
                 "(or a list of refs). Remove it, or make the field a ref.", id="inverse-not-a-ref"),
    pytest.param(_vessel(fields="      flag: {type: string, involves: true}\n"),
                 "data/model.yaml:10:28: types.vessel.fields.flag.involves: 'involves' applies to a ref or "
                 "Markdown field. Remove it, or make the field a ref.", id="involves-not-a-ref"),
    pytest.param(_vessel(fields="      rumours: {type: list, claims: true, items: {type: string}}\n"),
                 "data/model.yaml:10:29: types.vessel.fields.rumours.claims: 'claims' applies to a list of "
                 "mappings with 'statement' and 'stances'. Declare the items as the core incident's claims do.",
                 id="claims-shape"),
    pytest.param(_vessel(fields="      flag: {type: string, show: sidebar}\n"),
                 "data/model.yaml:10:28: types.vessel.fields.flag.show: 'sidebar' is not a way a page shows a "
                 "field. Use one of: fact, text, list, hidden.", id="show-unknown"),
    pytest.param(_vessel(fields="      links:\n        type: list\n        items:\n          type: object\n"
                                "          fields:\n            kind: {type: relation, required: true}\n"
                                "            target: {type: ref, required: true}\n"),
                 "data/model.yaml:15:13: types.vessel.fields.links.items.fields.kind: the relation field of a "
                 "typed link is named 'type', not 'kind'. Rename 'kind' to 'type'.", id="typed-link-kind-misnamed"),
    pytest.param("types:\n  incident:\n    dated_by: reported\n",
                 "data/model.yaml:3:5: types.incident.dated_by: a knowledge base cannot change the dated_by of "
                 "the core record type 'incident' (date). Add a new record type instead.", id="core-dated-by"),
    pytest.param("types:\n  person:\n    chronology: true\n",
                 "data/model.yaml:3:5: types.person.chronology: a knowledge base cannot change the chronology of "
                 "the core record type 'person' (it declares none). Add a new record type instead.",
                 id="core-chronology"),
    pytest.param("stance_meanings:\n  asserts: maybe\n",
                 "data/model.yaml:2:3: stance_meanings.asserts: 'maybe' is not a meaning of a stance. "
                 "Use one of: supports, opposes, neutral, confirms.", id="stance-meaning-off-the-list"),
]


@pytest.mark.parametrize("model_yaml, expected", DECLARATIONS)
def test_a_declaration_that_does_not_fit_is_a_positioned_problem(tmp_path, model_yaml, expected):
    assert model_problems(tmp_path, model_yaml) == [expected]


def test_columns_and_featured_may_grow_on_a_core_type(tmp_path):
    model_yaml = "types:\n  person:\n    columns: [born]\n    featured: [born]\n    fields:\n      born: {type: edtf}\n"
    assert model_problems(tmp_path, model_yaml) == []


# --- validation reads typed links and claims off the model --------------------------------------

SHIPS = """
relations:
  sister_ship_of:
    outgoing: Sister ship of
    incoming: Sister ship
    from: [vessel]
    to: [vessel]
types:
  vessel:
    folder: vessels
    label: Vessel
    plural: Vessels
    title_field: name
    fields:
      name: {type: string, required: true}
      links:
        type: list
        items:
          type: object
          fields:
            type: {type: relation, required: true}
            target: {type: ref, to: [vessel, place], required: true}
            since: {type: edtf}
            until: {type: edtf}
            sources: {type: list, items: {type: ref, to: [source]}, required: true}
      rumours:
        type: list
        claims: true
        items:
          type: object
          fields:
            id: {type: string}
            statement: {type: string, required: true}
            stances:
              type: list
              required: true
              items:
                type: object
                fields:
                  party: {type: ref, to: [person, organization], required: true}
                  stance: {type: enum, vocabulary: stance, required: true}
                  source: {type: ref, to: [source], required: true}
"""


def test_typed_links_and_claims_of_a_new_type_are_checked(tmp_path):
    found = model_problems(tmp_path, SHIPS, {
        "vessels/twin-a.yaml": """
            name: Twin A
            links:
              - {type: sister_ship_of, target: twin-b, since: "2020", until: "2019", sources: [report]}
              - {type: sister_ship_of, target: gamma-city, sources: [report]}
              - {type: follows, target: twin-b, sources: [report]}
            rumours:
              - {id: sunk, statement: It sank., stances: [{party: ada, stance: asserts, source: report}]}
              - {id: sunk, statement: It sank twice., stances: [{party: ada, stance: asserts, source: report}]}
        """,
        "vessels/twin-b.yaml": "name: Twin B\n",
    })
    assert found == [
        "data/vessels/twin-a.yaml:3:66: links[0].until: ends (2019) before it starts (2020). "
        "Swap the dates or correct one of them.",
        "data/vessels/twin-a.yaml:4:36: links[1].target: 'gamma-city' is a place; 'sister_ship_of' links to "
        "a vessel.",
        "data/vessels/twin-a.yaml:5:12: links[2].type: a vessel cannot be 'follows' (it links incident to "
        "incident). Choose another relation type, or write the relation on the other record.",
        "data/vessels/twin-a.yaml:5:29: links[2].target: 'twin-b' is a vessel; 'follows' links to an incident.",
        "data/vessels/twin-a.yaml:7:10: rumours[0].id: duplicate claim id 'sunk'. "
        "Claim ids must be unique within the record.",
        "data/vessels/twin-a.yaml:8:10: rumours[1].id: duplicate claim id 'sunk'. "
        "Claim ids must be unique within the record.",
    ]

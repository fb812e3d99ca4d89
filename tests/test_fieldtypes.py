"""Field types as one registry (``fieldtypes``): a knowledge base whose
data/model.yaml adds a date, a number, money and a list of money, with names
that say their language and dates that are honestly unknown, checks, builds,
shows each on the record page and carries each into the JSON Schema, the
format reference and every export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SMALL_KB, make_project, mkdocs_build, write_kb
from mkdossier import fieldtypes, model_check, pipeline

BIN = Path(sys.executable).parent

EXTENSION = """
types:
  person:
    fields:
      born: {type: edtf, doc: When they were born.}
  incident:
    fields:
      casualties: {type: number, min: 0, doc: People killed., ftm: {note: Casualties}}
      amount: {type: money, doc: The sum at stake., ftm: {note: Amount}}
      payments: {type: list, items: {type: money}, doc: Payments made.}
"""

KB = dict(SMALL_KB)
KB.update({
    "model.yaml": EXTENSION,
    "people/ada.yaml": """
        name: Ada Example
        born: "1950"
        aliases: [Ада Пример, {name: Україна, lang: uk}]
        description: Works with [[beta-ministry|the ministry]]. See [[gamma-city]].
        relations:
          - {type: minister_of, target: beta-ministry, since: "2020", sources: [report]}
    """,
    "incidents/late.yaml": """
        title: Late thing
        date: 2023-07-21/2023-07-31
        sources: [report]
        participants: [{id: ada, role: visitor}]
        casualties: 12500
        amount: {amount: 1500000, currency: USD}
        payments:
          - {amount: 2.5, currency: EUR}
          - {amount: 1000, currency: RUB}
    """,
    "incidents/nodate.yaml": """
        title: Undated thing
        date: unknown
        sources: [undated-report]
    """,
    "sources/undated-report.yaml": """
        title: An undated report
        publisher: delta-news
        published: unknown
        kind: news_report
    """,
})


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return write_kb(tmp_path_factory.mktemp("kb"), KB)


@pytest.fixture(scope="module")
def built(data) -> pipeline.Result:
    result = pipeline.build(data, root=data.parent)
    assert not result.problems, result.problems
    return result


def problems(tmp_path: Path, edits: dict[str, str]) -> list[str]:
    files = dict(KB)
    files.update(edits)
    data = write_kb(tmp_path, files)
    return [str(p) for p in pipeline.check(data, root=data.parent).problems]


def test_the_model_lists_the_registrys_types():
    assert model_check.FIELD_TYPES == fieldtypes.NAMES
    assert {"name", "number", "money", "edtf"} <= set(fieldtypes.NAMES)
    assert model_check.APPLIES_TO["min"] == ("number",)


def test_bad_values_are_reported_in_words(tmp_path):
    found = problems(tmp_path, {
        "incidents/late.yaml": """
            title: Late thing
            date: 2023-07-21/2023-07-31
            sources: [report]
            casualties: -3
            amount: {amount: "1,500", currency: usd}
            payments: [1000]
        """,
        "people/ada.yaml": """
            name: Ada Example
            born: someday
            aliases: [{name: Україна, lang: Ukrainian}, {lang: uk}]
        """,
    })
    assert "data/incidents/late.yaml:4:13: casualties: -3 is below the least allowed, 0." in found
    assert ("data/incidents/late.yaml:5:18: amount.amount: expected a number, got text. "
            "Write it without quotes or separators, e.g. 1500000.") in found
    assert ("data/incidents/late.yaml:5:37: amount.currency: 'usd' is not an ISO 4217 currency code. "
            "Did you mean 'USD'?") in found
    assert ("data/incidents/late.yaml:6:12: payments[0]: expected an amount with its currency, got a number. "
            "Write it as {amount: 1500000, currency: USD}.") in found
    assert any(p.startswith("data/people/ada.yaml:2:7: born: invalid date 'someday'") for p in found)
    assert ("data/people/ada.yaml:3:33: aliases[0].lang: 'Ukrainian' is not a language tag. "
            "Use a code such as 'en', 'ru' or 'ko'.") in found
    assert "data/people/ada.yaml:3:45: aliases[1].name: missing required field 'name' (The name as written). Add it." in found


def test_each_type_is_shown_on_the_record_page(data, tmp_path):
    project = make_project(tmp_path / "project", data)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    def facts(page: str) -> dict[str, BeautifulSoup]:
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        rows = {}
        for item in soup.select("article li"):
            label = item.find("strong")
            if label is not None:
                rows[label.get_text().rstrip(":")] = item
        return rows

    ada = facts("people/ada")
    assert ada["Born"].get_text().endswith("1950")
    names = {span.get_text(): span["lang"] for span in ada["Also known as"].find_all("span", lang=True)}
    assert names["Україна"] == "uk"  # declared
    late = facts("incidents/late")
    assert late["Casualties"].get_text().endswith("12,500")
    assert late["Amount"].get_text().endswith("1,500,000 USD")
    assert late["Payments"].get_text().endswith("2.5 EUR, 1,000 RUB")
    assert facts("incidents/nodate")["Date"].get_text().startswith("Date: date unknown")
    assert facts("sources/undated-report")["Published"].get_text().endswith("date unknown")
    chronology = BeautifulSoup((site / "chronology" / "index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text().strip() for h in chronology.select("article h3")]
    assert headings[-1].startswith("Date unknown")  # unknown dates come last


def test_unknown_sorts_last(built):
    assert [r.id for r in built.graph.incidents()][-1] == "nodate"


def test_the_json_schema_takes_good_values_and_refuses_bad_ones(data, tmp_path):
    out = tmp_path / "schema"
    made = subprocess.run([str(BIN / "mkdossier"), "schema", "--out", str(out), "--data", str(data)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr

    def check(schema: str, *files: Path) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(out / schema), *map(str, files)],
                              capture_output=True, text=True, timeout=300)

    good = check("incident.schema.json", *(data / "incidents").glob("*.yaml"))
    assert good.returncode == 0, good.stdout
    assert check("person.schema.json", data / "people" / "ada.yaml").returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ndate: '2023'\nsources: [report]\ncasualties: -1\n"
                   "amount: {amount: 5, currency: XYZW}\n", encoding="utf-8")
    refused = check("incident.schema.json", bad)
    assert refused.returncode == 1
    assert "casualties" in refused.stdout and "amount.currency" in refused.stdout


def test_the_format_reference_lists_the_types(built):
    reference = built.pages["reference/format.md"]
    for words in ("| <code>money</code> |", "| <code>number</code> |", "| <code>name</code> |",
                  "number, at least 0", "list of money", "date unknown"):
        assert words in reference, words


def test_every_export_carries_them(built):
    files = built.files
    table = list(csv.DictReader(io.StringIO(files["downloads/csv/incidents.csv"].decode("utf-8"))))
    late = next(row for row in table if row["id"] == "late")
    assert (late["casualties"], late["amount.amount"], late["amount.currency"]) == ("12500", "1500000", "USD")
    assert json.loads(late["payments"]) == [{"amount": 2.5, "currency": "EUR"}, {"amount": 1000, "currency": "RUB"}]
    nodate = next(row for row in table if row["id"] == "nodate")
    assert (nodate["date"], nodate["date_earliest"], nodate["date_latest"]) == ("unknown", "", "")
    people = list(csv.DictReader(io.StringIO(files["downloads/csv/people.csv"].decode("utf-8"))))
    assert people[0]["aliases"] == "Ада Пример; Україна" and people[0]["born"] == "1950"

    dossier = json.loads(files["downloads/dossier.json"])
    records = dossier["records"]
    assert records["late"]["fields"]["amount"] == {"amount": 1500000, "currency": "USD"}
    assert records["nodate"]["dates"]["date"]["unknown"] is True
    assert records["nodate"]["dates"]["date"]["earliest"] is None
    assert records["ada"]["fields"]["aliases"][1] == {"name": "Україна", "lang": "uk"}
    assert records["ada"]["dates"]["born"]["earliest"] == "1950-01-01"

    from followthemoney import model as ftm_model

    entities = {}
    for line in files["downloads/entities.ftm.json"].decode("utf-8").splitlines():
        proxy = ftm_model.get_proxy(json.loads(line))
        entities[proxy.id] = proxy
    assert set(entities["ada"].get("alias")) == {"Ада Пример", "Україна"}
    notes = " ".join(entities["late"].get("notes"))
    assert "Casualties: 12,500." in notes and "Amount: 1,500,000 USD." in notes
    assert not entities["nodate"].get("startDate")

    page = built.pages["people/ada.md"]
    front = page.split("---")[1]
    jsonld = json.loads(json.loads(front.split("jsonld: ", 1)[1].splitlines()[0]).replace("\\u003c", "<"))
    assert {"@value": "Україна", "@language": "uk"} in jsonld["alternateName"]


def test_new_takes_the_new_types_from_the_command_line(data, tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    made = subprocess.run([str(BIN / "mkdossier"), "new", "incident", "Paid thing", "--data", str(copy),
                           "--date", "unknown", "--sources", "report", "--casualties", "3",
                           "--amount", "1500000 USD"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    text = (copy / "incidents" / "paid-thing.yaml").read_text(encoding="utf-8")
    assert "casualties: 3" in text and "amount: 1500000" in text and "currency: USD" in text
    person = subprocess.run([str(BIN / "mkdossier"), "new", "person", "Bo Example", "--data", str(copy),
                             "--aliases", "Україна@uk"], capture_output=True, text=True, timeout=120)
    assert person.returncode == 0, person.stdout + person.stderr
    assert "lang: uk" in (copy / "people" / "bo-example.yaml").read_text(encoding="utf-8")

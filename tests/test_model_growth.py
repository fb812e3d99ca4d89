"""What investigators record, in the shipped model: archive copies, access
dates, authors and the Admiralty grading of sources (per source and per
citation), links between incidents both ways, general participant roles,
review states, and claim status derived from what each stance means."""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build_kb_site, write_kb

sys.path.insert(0, str(REPO / "hooks"))
from mkdossier import pipeline  # noqa: E402
from mkdossier.render import Settings  # noqa: E402

ARCHIVE = "https://web.archive.org/web/20230106/https://example.org/report"

KB = {
    "model.yaml": """
        vocabularies:
          stance:
            questions: The party doubts the claim without denying it.
        stance_meanings:
          questions: neutral
    """,
    "people/ada.yaml": "name: Ada Example\nreview: reviewed\n",
    "organizations/delta-news.yaml": "name: Delta News\nkind: media_outlet\nreview: draft\n",
    "organizations/beta-ministry.yaml": "name: Beta Ministry\nkind: ministry\n",
    "sources/report.yaml": f"""
        title: A report
        publisher: delta-news
        published: "2023-01-05"
        kind: news_report
        url: https://example.org/report
        archived:
          - {{url: "{ARCHIVE}", captured: "2023-01-06"}}
        accessed: "2023-02-01"
        authors:
          - {{name: Jo Writer}}
          - {{name: Ada Example, person: ada}}
        reliability: B
        credibility: "3"
        review: needs_sources
    """,
    "sources/leak.yaml": """
        title: A leaked memo
        published: "2022"
        kind: document
        archived:
          - {url: "https://archive.ph/abcde", captured: "2023-03"}
    """,
    "incidents/summit.yaml": """
        title: The summit
        date: 2023-03-01/2023-03-03
        sources: [report]
        participants:
          - {id: ada, role: witness}
          - {id: beta-ministry, role: perpetrator}
          - {id: delta-news, role: investigator}
        review: needs_review
    """,
    "incidents/talks.yaml": """
        title: Side talks at the summit
        date: "2023-03-02"
        sources: [report]
        participants: [{id: beta-ministry, role: defendant}, {id: ada, role: victim}]
        relations:
          - {type: part_of, target: summit, sources: [report]}
        claims:
          - id: doubted
            statement: The talks were secret.
            stances:
              - {party: ada, stance: questions, source: report}
          - id: fought
            statement: The talks went badly.
            stances:
              - {party: ada, stance: asserts, source: report, reliability: A, credibility: "1"}
              - {party: beta-ministry, stance: denies, source: leak}
    """,
    "incidents/statement.yaml": """
        title: The ministry answers
        date: "2023-03-05"
        sources: [report]
        participants: [{id: beta-ministry, role: speaker}]
        relations:
          - {type: response_to, target: talks, sources: [report]}
          - {type: follows, target: summit, sources: [report]}
    """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("growth")
    data = write_kb(root, KB)
    result = pipeline.build(data, Settings())
    assert result.problems == []
    return result


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("growth-site")
    return build_kb_site(root, KB)


# --- claim status follows the declared meaning of each stance ----------------------------

def _status(graph, anchor):
    return next(c.status for c in graph.claims if c.anchor == anchor)


def test_an_extension_stance_that_takes_no_side_is_not_a_denial(built):
    assert _status(built.graph, "claim-doubted") == "reported"
    assert _status(built.graph, "claim-fought") == "disputed"


def test_shipped_claims_keep_their_status():
    graph = pipeline.check(REPO / "data").graph
    statuses = {(c.owner, c.anchor): c.status for c in graph.claims}
    assert statuses[("2023-09-11-kremlin-confirms-kim-jong-un-visit", "claim-kim-to-visit-russia")] == "confirmed"
    assert statuses[("2022-12-reuters-reports-dprk-weapons-shipment-to-wagner", "claim-wagner-received-dprk-weapons")] == "disputed"
    assert statuses[("2023-06-bloomberg-reports-russia-resumed-oil-supplies-to-dprk", "claim-russia-resumed-oil-supplies")] == "reported"
    assert statuses[("2023-07-shoigu-travels-to-north-korea", "claim-shoigu-travelled-to-north-korea")] == "alleged"


def _problems(tmp_path, files):
    return [p.format() if hasattr(p, "format") else str(p) for p in pipeline.check(write_kb(tmp_path, files)).problems]


def _lines(tmp_path, files):
    found = pipeline.check(write_kb(tmp_path, files)).problems
    return [f"{p.file}:{p.line}:{p.col}: {p.field}: {p.message}. {p.hint}" for p in found]


def test_a_new_stance_without_a_meaning_is_a_positioned_problem(tmp_path):
    [line] = _lines(tmp_path, {"model.yaml": """
        vocabularies:
          stance:
            questions: Doubts it.
    """})
    assert line.startswith("data/model.yaml:3:5: ")
    assert "the stance 'questions' needs a meaning for claim status" in line
    assert "stance_meanings" in line


def test_a_meaning_off_the_list_and_a_changed_core_meaning_are_refused(tmp_path):
    bad = _lines(tmp_path / "a", {"model.yaml": "stance_meanings:\n  asserts: maybe\n"})
    assert len(bad) == 1 and "data/model.yaml:2:" in bad[0] and "supports, opposes, neutral, confirms" in bad[0]
    changed = _lines(tmp_path / "b", {"model.yaml": "stance_meanings:\n  denies: neutral\n"})
    assert len(changed) == 1 and "cannot change the meaning of the core stance 'denies'" in changed[0]


# --- the new fields check, and bad values say what the scale is ------------------------

def test_every_new_field_passes_check(built):
    graph = built.graph
    assert graph.records["report"].data["reliability"] == "B"
    assert {e.kind for e in graph.edges_out["statement"]} == {"response_to", "follows"}
    assert [e.source for e in graph.edges_in["summit"]] == ["statement", "talks"]


def test_a_grade_off_the_scale_names_the_scale(tmp_path):
    files = {k: v for k, v in KB.items() if not k.startswith("incidents/")}
    files["sources/report.yaml"] = files["sources/report.yaml"].replace("reliability: B", "reliability: G")
    files["sources/leak.yaml"] = textwrap.dedent(files["sources/leak.yaml"]) + 'credibility: "7"\n'
    found = _lines(tmp_path, files)
    assert len(found) == 2
    reliability = next(f for f in found if "'G'" in f)
    assert reliability.startswith("data/sources/report.yaml:12:14: reliability: unknown source reliability 'G'")
    assert "A, B, C, D, E, F" in reliability
    credibility = next(f for f in found if "'7'" in f)
    assert "credibility: unknown information credibility '7'" in credibility and "1, 2, 3, 4, 5, 6" in credibility


def test_an_unknown_role_and_review_state_and_a_wrong_link_are_problems(tmp_path):
    files = dict(KB)
    files["incidents/summit.yaml"] = files["incidents/summit.yaml"].replace("role: witness", "role: witnes").replace(
        "review: needs_review", "review: done")
    files["people/ada.yaml"] = "name: Ada Example\nrelations:\n  - {type: follows, target: beta-ministry, sources: [report]}\n"
    found = "\n".join(_lines(tmp_path, files))
    assert "unknown participant role 'witnes'. Did you mean 'witness'?" in found
    assert "unknown review state 'done'" in found
    assert "a person cannot be 'follows'" in found


# --- the pages show them ----------------------------------------------------------------

def test_source_page_shows_archive_beside_the_original_and_its_grade(site):
    soup = _soup(site, "sources/report")
    address = next(li for li in soup.select("article li") if li.get_text().startswith("Address:"))
    hrefs = [a["href"] for a in address.find_all("a")]
    assert hrefs == ["https://example.org/report", ARCHIVE]
    assert "archive copy of 6 January 2023" in address.get_text()
    facts = {li.get_text().split(":", 1)[0]: li.get_text().split(":", 1)[1].strip()
             for li in soup.select("article ul li") if ":" in li.get_text()}
    assert facts["Reliability"] == "B Usually reliable"
    assert facts["Credibility"] == "3 Possibly true"
    assert facts["Accessed"] == "1 February 2023"
    authors = next(li for li in soup.select("article li") if li.get_text().startswith("Authors:"))
    assert "Jo Writer" in authors.get_text()
    assert [a.get_text() for a in authors.find_all("a")] == ["Ada Example"]


def test_citation_footnotes_carry_the_archive_copy(site):
    soup = _soup(site, "incidents/talks")
    notes = soup.select(".footnote li")
    assert any(a["href"] == "https://archive.ph/abcde" for li in notes for a in li.find_all("a"))


def test_the_grade_stands_next_to_each_stance_with_the_citation_override(site):
    soup = _soup(site, "incidents/talks")
    grades = [g.get_text() for g in soup.select(".dossier-grade")]
    assert "grade A1: completely reliable, confirmed by other sources" in grades  # the stance's own
    assert "grade B3: usually reliable, possibly true" in grades  # the source's
    disputed = _soup(site, "disputed")
    cells = disputed.select("table td")
    assert "grade A1" in cells[0].get_text() and not cells[1].select(".dossier-grade")


def test_incident_links_show_both_ways_and_in_the_chronology(site):
    summit = _soup(site, "incidents/summit")
    headings = [h.get_text().strip("¶ ") for h in summit.select("h3")]
    assert "Includes" in headings and "Followed by" in headings
    talks = _soup(site, "incidents/talks")
    assert {"Part of", "Prompted"} <= {h.get_text().strip("¶ ") for h in talks.select("h3")}
    chronology = _soup(site, "chronology")
    entry = next(e for e in chronology.select(".dossier-entry") if e.find("a").get_text() == "Side talks at the summit")
    linked = entry.select_one(".dossier-linked").get_text()
    assert "Part of: The summit" in linked and "Prompted: The ministry answers" in linked


def test_new_roles_and_review_badge_are_shown(site):
    summit = _soup(site, "incidents/summit")
    assert {"witness", "perpetrator", "investigator"} <= {em.get_text() for em in summit.select("article li em")}
    badge = summit.select_one(".dossier-review")
    assert badge.get_text() == "Needs review" and "dossier-review--needs_review" in badge["class"]
    assert badge["title"].startswith("Complete, waiting")
    index = _soup(site, "organizations")
    assert "Review" in [th.get_text() for th in index.select("th")]
    assert [b.get_text() for b in index.select("td .dossier-review")] == ["Draft"]


# --- exports carry them -----------------------------------------------------------------

def test_dossier_json_and_csv_carry_the_new_fields(built):
    dossier = json.loads(built.files["downloads/dossier.json"])
    report = dossier["records"]["report"]["fields"]
    assert report["archived"] == [{"url": ARCHIVE, "captured": "2023-01-06"}]
    assert report["reliability"] == "B" and report["credibility"] == "3" and report["review"] == "needs_sources"
    stances = dossier["claims"]["talks#claim-fought"]["stances"]
    assert [(s["reliability"], s["credibility"]) for s in stances] == [("A", "1"), (None, None)]
    sources = list(csv.DictReader(io.StringIO(built.files["downloads/csv/sources.csv"].decode())))
    row = next(r for r in sources if r["id"] == "report")
    assert json.loads(row["archived"]) == [{"captured": "2023-01-06", "url": ARCHIVE}]
    assert (row["accessed"], row["reliability"], row["credibility"]) == ("2023-02-01", "B", "3")
    claims = list(csv.DictReader(io.StringIO(built.files["downloads/csv/claims.csv"].decode())))
    doubted = next(r for r in claims if r["claim"] == "talks#claim-doubted")
    assert (doubted["status"], doubted["reliability"], doubted["credibility"]) == ("reported", "B", "3")
    relations = list(csv.DictReader(io.StringIO(built.files["downloads/csv/relations.csv"].decode())))
    assert ("talks", "part_of", "summit", "Includes") in {
        (r["source"], r["type"], r["target"], r["incoming_label"]) for r in relations}


def test_jsonld_has_archived_at_and_authors(site):
    soup = _soup(site, "sources/report")
    node = json.loads(soup.find("script", type="application/ld+json").string)
    assert node["archivedAt"] == [ARCHIVE]
    assert {"@type": "Person", "name": "Jo Writer"} in node["author"]
    assert any(a.get("@id", "").endswith("people/ada/#it") for a in node["author"])


def test_the_shipped_base_records_what_the_article_says_of_incident_order():
    graph = pipeline.check(REPO / "data").graph
    edges = {(e.source, e.kind, e.target) for edges in graph.edges_out.values() for e in edges}
    assert ("white-house-on-russian-plans-to-buy-dprk-munitions", "follows",
            "2022-09-05-nyt-reports-russia-buying-dprk-munitions") in edges
    # The article grades no source: none is graded here.
    assert not any(r.data.get("reliability") or r.data.get("credibility") for r in graph.records.values())

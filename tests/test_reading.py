"""Pages read as sentences, in words, without repetition: each rule from
issue #13's reading list, checked on the HTML of a real build of a small
knowledge base written to show each case (and on its CSV export)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import build_kb_site

CITERS = 9  # incidents citing one source: more than a page lists in one run

KB = {
    "people/ada.yaml": """
        name: Ada Example
        description: >-
          Works for [[at-t|AT&T]] and [[at-t]]; profile at <https://example.org/ada?x=1&y=2>.
          Named in [[report]]. Not links: <www.example.org>, <b>bold</b>.
    """,
    "organizations/at-t.yaml": "name: AT&T\nkind: media_outlet\n",
    "organizations/beta.yaml": "name: Beta Ministry\nkind: ministry\n",
    "sources/report.yaml": """
        title: Ministry confirms the visit
        publisher: at-t
        published: "2023-01-05"
        language: en
        kind: news_report
    """,
    "incidents/visit.yaml": """
        title: Ada visits
        date: 2023-07-21/2023-07-31
        tags: [arms-trade, diplomacy]
        sources: [report]
        participants: [{id: ada, role: visitor}]
        summary: Ada Example visited the ministry.
        body: |
          Ada Example visited the ministry. According to [[report]], it was brief.
        claims:
          - statement: The visit happened.
            stances:
              - {party: ada, stance: asserts, source: report}
              - {party: beta, stance: denies, source: report, quote: baseless rumours, speaker: the capital}
          - statement: The visit was secret.
            stances:
              - {party: ada, stance: asserts, source: report}
              - {party: beta, stance: denies, source: report, quote: baseless rumours, speaker: the capital}
    """,
    "incidents/long.yaml": """
        title: A long campaign
        date: 2022-02/2022-06
        sources: [report]
    """,
    **{f"incidents/citer-{n}.yaml": f"title: Citing incident {n}\ndate: '2021-0{n}'\nsources: [report]\n"
       for n in range(1, CITERS + 1)},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reading")
    return build_kb_site(root, KB)


def article(site: Path, path: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article")


def facts(page) -> dict[str, object]:
    """``{label: <li>}`` of a record page's fact lines."""
    found = {}
    for item in page.select("li"):
        label = item.find("strong")
        if label and label.get_text().endswith(":"):
            found.setdefault(label.get_text().rstrip(":"), item)
    return found


def test_mention_text_with_an_ampersand_shows_once_escaped(site):
    page = article(site, "people/ada")
    texts = [a.get_text() for a in page.select('a[href$="organizations/at-t/"]')]
    assert texts == ["AT&T", "AT&T"], texts  # [[at-t|AT&T]] and [[at-t]]
    assert "&amp;" not in page.get_text()


def test_autolinks_become_links_and_other_angle_text_stays_text(site):
    page = article(site, "people/ada")
    link = page.find("a", href="https://example.org/ada?x=1&y=2")
    assert link is not None and link.get_text() == "https://example.org/ada?x=1&y=2"
    text = page.get_text()
    assert "<www.example.org>" in text and "<b>bold</b>" in text
    assert page.find("b") is None and not page.select('a[href*="www.example.org"]')


def test_a_source_mentioned_by_its_title_is_quoted(site):
    page = article(site, "people/ada")
    link = page.find("a", string="Ministry confirms the visit")
    assert link.previous_sibling.endswith("“") and link.next_sibling.startswith("”")


def test_incident_date_in_words_without_edtf(site):
    date = facts(article(site, "incidents/visit"))["Date"]
    assert date.get_text(" ", strip=True) == "Date: late July 2023"
    assert date.find("code") is None


def test_tags_are_words_linked_to_the_filtered_chronology(site):
    tags = facts(article(site, "incidents/visit"))["Tags"]
    assert tags.find("code") is None
    links = {a.get_text(): a["href"] for a in tags.find_all("a")}
    assert list(links) == ["arms trade", "diplomacy"]
    target = urlsplit(links["arms trade"])
    assert target.path == "../../chronology/" and parse_qs(target.query) == {"tag": ["arms-trade"]}


def test_language_and_kind_in_words(site):
    source = facts(article(site, "sources/report"))
    assert source["Language"].get_text(" ", strip=True) == "Language: English"
    assert source["Kind"].get_text(" ", strip=True) == "Kind: news report"
    assert facts(article(site, "organizations/at-t"))["Kind"].get_text(" ", strip=True) == "Kind: media outlet"


def test_summary_not_repeated_when_the_body_opens_with_it(site):
    text = article(site, "incidents/visit").get_text(" ")
    assert text.count("Ada Example visited the ministry.") == 1


def test_stance_shared_by_every_claim_is_said_once(site):
    page = article(site, "incidents/visit")
    text = page.get_text(" ")
    assert text.count("baseless rumours") == 1 and "On each of the 2 claims below" in text
    denial = next(li for li in page.select("li") if "baseless rumours" in li.get_text())
    assert "named “the capital” in the source" in " ".join(denial.get_text(" ").split())
    assert "through" not in denial.get_text()


def test_long_backlink_lists_are_grouped_by_type_with_counts(site):
    page = article(site, "sources/report")
    heading = page.find(lambda tag: tag.name == "h2" and tag.get_text(strip=True).startswith("Cited by"))
    assert heading is not None
    groups = {h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.find_all("h3")}
    assert f"Incidents ({CITERS + 2})" in groups
    cited = {a.get_text() for a in page.select('a[href*="incidents/"]')}
    assert {f"Citing incident {n}" for n in range(1, CITERS + 1)} <= cited  # every link still there


def test_chronology_headings_read_as_words(site):
    soup = BeautifulSoup((site / "chronology/index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("article h3, article h2")]
    assert "Over several months of 2022" in headings
    assert not [h for h in headings if "spans of more than" in h]


def test_csv_cells_show_mentions_as_titles(site):
    rows = list(csv.DictReader(io.StringIO((site / "downloads/csv/people.csv").read_text(encoding="utf-8"))))
    description = rows[0]["description"]
    assert "[[" not in description and "Works for AT&T and AT&T" in description

"""A record page walks the model: every field a knowledge base declares in
its data/model.yaml reaches its page under its label, shown as its type and
its `show`, `beside`, `filter`, `inverse`, `formatter_url` and `caption` say;
nothing on the page is chosen by a field's or a type's name."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import write_kb
from mkdossier import pipeline
from mkdossier.render import Settings

ARCHIVE = "https://web.archive.org/web/20230106/https://example.org/report"

KB = {
    "model.yaml": """
        vocabularies:
          sector:
            arms: Weapons and ammunition.
            energy_supply: Oil, gas and power.
        types:
          person:
            fields:
              born: {type: edtf, doc: When they were born.}
              employer:
                type: ref
                to: [organization]
                inverse: Employees
                doc: Who employs them.
              biography: {type: markdown, doc: Their life at length.}
          incident:
            fields:
              importance: {type: number, doc: How much it matters.}
              budget: {type: money, label: Money involved, doc: What it cost.}
              payments: {type: list, items: {type: money}, doc: Payments made.}
              sector:
                type: enum
                vocabulary: sector
                filter: true
                doc: The sector it concerns.
              secret: {type: boolean, doc: Whether it was kept secret.}
          vessel:
            folder: vessels
            label: Vessel
            plural: Vessels
            title_field: name
            doc: A ship.
            featured: [flag]
            fields:
              name: {type: string, required: true, doc: Its name.}
              flag:
                type: ref
                to: [place]
                inverse: Vessels flagged here
                doc: The state whose flag it flies.
              imo:
                type: string
                label: IMO number
                formatter_url: https://www.marinetraffic.com/en/ais/details/ships/imo:{value}
                doc: Its IMO number.
              tonnage: {type: number, doc: Its gross tonnage.}
              crew:
                type: list
                doc: Who sails on it.
                items:
                  type: object
                  fields:
                    person: {type: ref, to: [person], required: true, doc: The crew member.}
                    rank: {type: string, doc: Their rank.}
    """,
    "places/alpha.yaml": "name: Alpha\nkind: country\n",
    "organizations/delta-news.yaml": """
        name: Delta News
        kind: media_outlet
        description: Writes about [[ada]].
    """,
    "people/ada.yaml": """
        name: Ada Example
        born: "1950"
        employer: delta-news
        identifiers: {wikidata: Q42}
        relations:
          - {type: member_of, target: delta-news, sources: [report]}
        description: A reporter.
        biography: Born in Alpha, she joined [[delta-news]].
    """,
    "sources/report.yaml": f"""
        title: A report
        publisher: delta-news
        published: "2023-01-05"
        kind: news_report
        url: https://example.org/report
        archived:
          - {{url: "{ARCHIVE}", captured: "2023-01-06"}}
    """,
    "sources/leak.yaml": """
        title: A leaked memo
        published: "2022"
        kind: document
        archived:
          - {url: "https://archive.ph/abcde", captured: "2023-03"}
    """,
    "sources/plain.yaml": """
        title: A plain page
        published: "2023"
        kind: document
        url: https://example.org/plain
    """,
    "incidents/deal.yaml": """
        title: The deal
        date: 2023-03-01/2023-03-03
        status: expected
        sources: [report, leak]
        importance: 3
        budget: {amount: 1500000, currency: USD}
        payments: [{amount: 2.5, currency: EUR}, {amount: 1000, currency: RUB}]
        sector: energy_supply
        secret: true
        tags: [arms-trade]
        participants: [{id: ada, role: witness}]
    """,
    "incidents/talks.yaml": """
        title: The talks
        date: "2023-02-01"
        sources: [report]
    """,
    "vessels/sea-star.yaml": """
        name: Sea Star
        flag: alpha
        imo: "9876543"
        tonnage: 12000
        crew: [{person: ada, rank: captain}]
    """,
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    built = pipeline.build(write_kb(tmp_path_factory.mktemp("walk"), KB), Settings(site_name="Test"))
    assert built.problems == []
    return built.pages


FACT = re.compile(r"^- \*\*(?P<label>[^*]+):\*\* (?P<value>.*)$", re.M)


def facts(markdown: str) -> dict[str, str]:
    return {m["label"]: m["value"] for m in FACT.finditer(markdown)}


def section(markdown: str, heading: str) -> str:
    """The text under a ``## heading`` up to the next one or the page's foot ("" when there is none)."""
    found = re.search(rf"^## {re.escape(heading)}(?: \{{[^}}]*\}})?\n(.*?)(?=^## |^---$|\Z)", markdown, re.M | re.S)
    return found[1] if found else ""


def test_fields_a_knowledge_base_adds_reach_the_page_with_their_labels(pages):
    deal = facts(pages["incidents/deal.md"])
    assert deal["Importance"] == "3"
    assert deal["Money involved"] == "1,500,000 USD"
    assert deal["Payments"] == "2\\.5 EUR, 1,000 RUB"
    assert deal["Secret"] == "yes"
    assert facts(pages["people/ada.md"])["Born"] == "1950"


def test_a_new_record_type_is_shown_by_its_declarations(pages):
    vessel = pages["vessels/sea-star.md"]
    shown = facts(vessel)
    assert list(shown)[:1] == ["Flag"]  # featured first
    assert shown["Flag"] == "[Alpha](../places/alpha.md)"
    assert shown["IMO number"] == "[9876543](https://www.marinetraffic.com/en/ais/details/ships/imo:9876543)"
    assert shown["Tonnage"] == "12,000"
    assert section(vessel, "Crew").strip() == "- [Ada Example](../people/ada.md) — “captain”"


def test_a_ref_with_an_inverse_is_a_section_on_its_target_not_a_backlink(pages):
    alpha = pages["places/alpha.md"]
    assert section(alpha, "Vessels flagged here").strip() == "- [Sea Star](../vessels/sea-star.md)"
    assert "Sea Star" not in section(alpha, "Referenced by")
    delta = pages["organizations/delta-news.md"]
    assert "[Ada Example](../people/ada.md)" in section(delta, "Employees")
    # a source it published is listed as cited, under the publisher field's inverse label
    assert section(delta, "Published").strip().startswith("- [A report](../sources/report.md), [Delta News](delta-news.md), 5 January 2023")


def test_a_related_record_is_not_repeated_under_referenced_by(pages):
    delta = pages["organizations/delta-news.md"]
    assert "[Ada Example](../people/ada.md)" in section(delta, "Relations")
    assert "Ada Example" not in section(delta, "Referenced by")
    ada = pages["people/ada.md"]
    assert "Delta News" in section(ada, "Relations") and "Delta News" not in section(ada, "Referenced by")


def test_a_filter_field_links_each_value_to_the_filtered_chronology(pages):
    deal = facts(pages["incidents/deal.md"])
    link = re.fullmatch(r"\[(?P<text>[^]]+)\]\((?P<href>[^)]+)\)", deal["Sector"])
    assert link["text"] == "energy supply"
    target = urlsplit(link["href"])
    assert target.path == "../chronology/index.md" and parse_qs(target.query) == {"sector": ["energy_supply"]}
    assert parse_qs(urlsplit(re.search(r"\(([^)]+)\)", deal["Tags"])[1]).query) == {"tag": ["arms-trade"]}


def test_a_field_beside_another_joins_its_line_or_stands_alone(pages):
    report = facts(pages["sources/report.md"])
    assert report["Address"].startswith("[https://example\\.org/report](https://example.org/report) ")
    assert report["Address"].endswith(f" ([archive copy of 6 January 2023]({ARCHIVE}))")
    assert "Archived" not in report
    assert facts(pages["sources/leak.md"])["Archived"] == "[archive copy of March 2023](https://archive.ph/abcde)"
    assert facts(pages["sources/plain.md"])["Address"] == "[https://example\\.org/plain](https://example.org/plain)"


def test_citations_show_the_declared_fields_with_the_archive_copies(pages):
    sources = section(pages["incidents/deal.md"], "Sources")
    assert "- [A leaked memo](../sources/leak.md), 2022 ([archive copy of March 2023](https://archive.ph/abcde))" in sources


def test_a_hidden_enum_with_a_default_is_said_with_the_date(pages):
    assert facts(pages["incidents/deal.md"])["Date"] == "expected, 1–3 March 2023"
    assert facts(pages["incidents/talks.md"])["Date"] == "1 February 2023"
    assert "Status" not in facts(pages["incidents/deal.md"])


def test_identifiers_are_a_line_each_and_wikidata_links_by_the_model(pages):
    ada = facts(pages["people/ada.md"])
    assert ada["Wikidata"] == "[Q42](https://www.wikidata.org/wiki/Q42)"
    assert "Identifiers" not in ada and "Ftm" not in ada


def test_the_first_text_leads_and_later_texts_stay_out_of_the_search_index(pages):
    ada = pages["people/ada.md"]
    assert "A reporter." in ada
    later = ada.index("Born in Alpha")
    assert ada.rfind("<div data-search-exclude markdown>", 0, later) > ada.index("A reporter.")

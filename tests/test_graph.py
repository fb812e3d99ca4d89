"""Resolving a small knowledge base: relations both ways, mentions and
backlinks, derived claim status, chronology order and wording."""

from __future__ import annotations

import pytest

from conftest import SMALL_KB as KB
from conftest import write_kb
from mkdossier import pipeline
from mkdossier.render import Settings



@pytest.fixture
def result(tmp_path):
    data = write_kb(tmp_path, KB)
    built = pipeline.build(data, Settings(site_name="Test"))
    assert built.problems == []
    return built


def test_relation_is_shown_on_both_ends_with_inverse_label(result):
    ada, ministry = result.pages["people/ada.md"], result.pages["organizations/beta-ministry.md"]
    assert "### Minister of { data-search-exclude }\n\n- [Beta Ministry](../organizations/beta-ministry.md) (2020 – …)[^report]" in ada
    assert "### Minister { data-search-exclude }\n\n- [Ada Example](../people/ada.md) (2020 – …)[^report]" in ministry


def test_mentions_become_links_and_backlinks(result):
    ada = result.pages["people/ada.md"]
    assert "Works with [the ministry](../organizations/beta-ministry.md). See [Gamma City](../places/gamma-city.md)." in ada
    city = result.pages["places/gamma-city.md"]
    assert "## Referenced by { data-search-exclude }\n\n- [Ada Example](../people/ada.md) <small>(person)</small>" in city


def test_claim_status_is_derived_from_stances(result):
    statuses = {c.statement: c.status for c in result.graph.claims}
    assert statuses == {"It happened.": "disputed", "Only relayed.": "reported", "Confirmed.": "confirmed"}


def test_disputed_page_lists_only_disputed_claims(result):
    page = result.pages["disputed.md"]
    assert "## It happened\\." in page and "Only relayed" not in page


def test_chronology_orders_by_bounds_and_words_dates(result):
    page = result.pages["chronology/index.md"]
    order = [page.index(t) for t in ("**early November 2022**", "**November 2022** — [Month", "**late July 2023**")]
    assert order == sorted(order)
    assert "### November 2022" in page and "### July 2023" in page


def test_entity_chronology_and_stances(result):
    ada = result.pages["people/ada.md"]
    assert "## Chronology" in ada
    assert ada.index("[Month thing]") < ada.index("[Late thing]")
    assert "*asserts*: [It happened\\.](../incidents/early.md#claim-1)" in ada


def test_year_gets_its_own_page_once_it_holds_many_incidents(tmp_path):
    files = dict(KB)
    for day in range(1, 5):
        files[f"incidents/extra-{day}.yaml"] = f"title: Extra {day}\ndate: 2023-03-0{day}\nsources: [report]\n"
    built = pipeline.build(write_kb(tmp_path, files), Settings(year_page_threshold=3))
    assert "chronology/2023.md" in built.pages and "chronology/2022.md" not in built.pages
    assert "5 incidents in 2023:\n\n- [March 2023 to July 2023](2023.md): 5 incidents" in built.pages["chronology/index.md"]


def test_a_large_year_is_cut_into_pages_of_bounded_size(tmp_path):
    files = dict(KB)
    for day in range(1, 5):
        files[f"incidents/extra-{day}.yaml"] = f"title: Extra {day}\ndate: 2023-03-0{day}\nsources: [report]\n"
    built = pipeline.build(write_kb(tmp_path, files), Settings(year_page_threshold=3, chronology_page_size=2))
    assert sorted(p for p in built.pages if p.startswith("chronology/2023")) == [
        "chronology/2023-2.md", "chronology/2023-3.md", "chronology/2023.md"]
    assert built.pages["chronology/index.md"].endswith(
        "- [March 2023](2023.md): 2 incidents\n- [March 2023](2023-2.md): 2 incidents\n"
        "- [July 2023](2023-3.md): 1 incident\n")
    middle = built.pages["chronology/2023-2.md"]
    assert "[All years](index.md) · [Previous](2023.md) · [Next](2023-3.md)" in middle
    # Its filters reach only this page: a link takes them to every year (the script adds the query).
    assert '<a class="dossier-filters__all" href="../">The same filter on every year</a>' in middle
    assert "dossier-filters__all" not in built.pages["chronology/index.md"]
    assert middle.count('class="dossier-entry"') == 2


def test_plain_text_is_escaped_and_markdown_loses_raw_html(tmp_path):
    files = dict(KB)
    files["people/eve.yaml"] = """
        name: "<script>alert(1)</script> *Eve*"
        description: "Hi <img src=x onerror=alert(1)> [x](https://example.org){onclick=alert(1)}"
    """
    page = pipeline.build(write_kb(tmp_path, files), Settings()).pages["people/eve.md"]
    assert "# &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*Eve\\*" in page
    assert "Hi &lt;img src=x onerror=alert(1)> [x](https://example.org)\\{onclick=alert(1)\\}" in page


def test_unsafe_link_in_markdown_is_a_problem(tmp_path):
    files = dict(KB)
    files["people/eve.yaml"] = 'name: Eve\ndescription: "[x](javascript:alert(1))"\n'
    built = pipeline.build(write_kb(tmp_path, files), Settings())
    assert [str(p) for p in built.problems] == [
        "data/people/eve.yaml:2:19: description: link to 'javascript:alert(1)' is not allowed. "
        "Links may only use http, https or mailto."]


def test_output_is_deterministic(tmp_path):
    first = pipeline.build(write_kb(tmp_path / "a", KB), Settings()).pages
    second = pipeline.build(write_kb(tmp_path / "b", KB), Settings()).pages
    assert first == second

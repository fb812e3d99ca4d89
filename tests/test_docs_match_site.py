"""What the format reference and CONTRIBUTING say the site does, checked
against the built site (the repository's own knowledge base)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from mkdossier import dates
from mkdossier.render.reference import DATE_EXAMPLES

REPO = Path(__file__).resolve().parents[1]


def _page(site: Path, *parts: str) -> BeautifulSoup:
    return BeautifulSoup((site.joinpath(*parts, "index.html")).read_text(encoding="utf-8"), "html.parser")


def _reference(site: Path) -> BeautifulSoup:
    return _page(site, "reference", "format")


def test_the_summary_is_documented_where_the_site_shows_it(built_site):
    reference = _reference(built_site).get_text(" ")
    assert "shown in the chronology" not in reference
    assert "at the top of the incident's page" in reference
    assert "summary for the chronology" not in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_dates_table_shows_what_pages_print(built_site):
    table = next(t for t in _reference(built_site).find_all("table")
                 if [th.get_text(strip=True) for th in t.find_all("th")] == ["Written", "Meaning", "Shown as"])
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    assert [row[0] for row in rows] == [written for written, _ in DATE_EXAMPLES]
    assert [row[2] for row in rows] == [dates.describe(dates.parse(w)) for w, _ in DATE_EXAMPLES]


def test_contributing_dates_are_shown_as_it_says(built_site):
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r'^\| `"([^"`]+)"` \| [^|]+ \| ([^|]+) \| `([^`]+)` \|$', text, re.M)
    assert len(rows) >= 8
    for written, shown, file in rows:
        assert dates.describe(dates.parse(written)) == shown.strip()
        assert (REPO / file).is_file(), file


def test_raw_html_is_shown_as_text_as_the_reference_says(built_site):
    assert "Raw HTML is shown as text." in _reference(built_site).get_text(" ")

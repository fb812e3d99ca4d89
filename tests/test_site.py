"""The repository's knowledge base, built by real MkDocs and read back as HTML."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from conftest import REPO


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _heading(soup: BeautifulSoup, level: str, text: str):
    """The heading whose text (without its permalink sign) contains ``text``."""
    return next(h for h in soup.find_all(level) if text in h.get_text().rstrip("¶"))


def _target(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link from ``page`` points to, or None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if target.is_dir() or parts.path.endswith("/") else target


def broken_links(site: Path) -> list[str]:
    """Every internal link, script, style or image of a built site whose file
    or anchor is missing, as ``page: href``."""
    broken = []
    ids = {}
    for page in sorted(site.rglob("*.html")):
        soup = _html(page)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                href = element.get(attribute)
                if not href or href.startswith(("#", "mailto:")):
                    continue
                target = _target(site, page, href)
                if target is None:
                    continue
                if not target.is_file():
                    broken.append(f"{page.relative_to(site)}: {href}")
                    continue
                fragment = urlsplit(href).fragment
                if fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = {e["id"] for e in _html(target).find_all(id=True)}
                    if unquote(fragment) not in ids[target]:
                        broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    assert len(list(built_site.rglob("*.html"))) > 50
    assert broken_links(built_site) == []


def test_nav_lists_section_indexes_not_records(built_site):
    soup = _html(built_site / "people" / "sergei-shoigu" / "index.html")
    nav_links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert any(h.endswith("people/") or h == "../" for h in nav_links)
    assert not any("sergei-shoigu" in h or "kim-jong-un" in h for h in nav_links)


def test_relations_show_on_both_ends_with_their_labels(built_site):
    person = _html(built_site / "people" / "sergei-shoigu" / "index.html")
    ministry = _html(built_site / "organizations" / "russia-ministry-of-defence" / "index.html")
    outgoing = _heading(person, "h3", "Minister of").find_next("ul")
    incoming = next(h for h in ministry.find_all("h3") if h.get_text().rstrip("¶") == "Minister").find_next("ul")
    assert "Ministry of Defence of Russia" in outgoing.get_text()
    assert "Sergei Shoigu" in incoming.get_text()


def test_disputed_claim_shows_denial_next_to_assertion(built_site):
    page = _html(built_site / "disputed" / "index.html")
    heading = _heading(page, "h2", "secretly supplying Russia with artillery shells")
    table = heading.find_next("table")
    supports, denies = [th.get_text() for th in table.find_all("th")]
    assert (supports, denies) == ("Supports", "Denies")
    cells = [td.get_text(" ", strip=True) for td in table.find_all("td")]
    assert any("United States government" in c and "asserts" in c for c in cells)
    assert any("Government of North Korea" in c and "baseless rumours" in c for c in cells)


def test_record_page_edit_button_points_at_the_yaml_file(built_site):
    page = _html(built_site / "people" / "kim-jong-un" / "index.html")
    edit = page.select_one("a.md-content__button[href]")
    assert edit["href"].endswith("/edit/main/data/people/kim-jong-un.yaml")


def test_search_index_finds_aliases_in_any_script(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "ko", "ru"]  # from the knowledge base: its names and sources
    kim = [d for d in index["docs"] if d["location"] == "people/kim-jong-un/"]
    assert kim and "Ким Чен Ын" in kim[0]["text"] and "김정은" in kim[0]["text"]


def test_chronology_lists_incidents_in_date_order_with_words(built_site):
    page = _html(built_site / "chronology" / "index.html")
    dates = [entry.find("strong").get_text() for entry in page.select(".dossier-entry")]
    assert len(dates) == 11
    assert dates[0] == "5 September 2022 – 11 September 2023"  # a span of a year heads its year
    assert dates[1] == "5 September 2022"
    assert "early November 2022" in dates
    assert "late July 2023" in dates
    assert dates.index("early November 2022") < dates.index("late December 2022") < dates.index("June 2023")
    assert "expected, 10–13 September 2023" in dates


def test_nothing_is_written_into_docs(built_site):
    generated = ["index.md", "people", "chronology", "disputed.md", "reference"]
    assert not any((REPO / "docs" / name).exists() for name in generated)


def test_quotes_carry_their_source_s_language(built_site):
    """A quote is in the language its source prints it in: screen readers
    switch voice on the lang attribute (WCAG 3.1.2)."""
    page = _html(built_site / "incidents" / "2022-11-us-accuses-dprk-of-supplying-shells-to-russia" / "index.html")
    quotes = [span for span in page.select("article span[lang]") if span.get_text() == "baseless rumours"]
    assert quotes and all(span["lang"] == "en" for span in quotes)

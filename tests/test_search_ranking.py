"""A record's own page ranks first for its name or alias, however many other
pages mention it (issue #13), with Material's own search in a real browser.

Material adds a trailing wildcard to each word typed, and lunr weighs each
word the wildcard reaches by its rarity. A person named in hundreds of
incidents has a common name, so the rare longer names of a few decoys
(Trumpington for "Trump", Donaldson for "Donald Trump") came first: on a
real knowledge base, Donald Trump's page ranked 7th for his own name. The
site's lunr additions (docs/assets/javascripts/lunr/min/lunr.multi.min.js)
put pages whose names hold the typed words whole first.

Two knowledge bases: a synthetic one (`mkdossier synth`, names in several
scripts) with one person in every incident, another in half, and decoys;
and a small English-only one, whose search loads those additions by naming
English twice (search_terms.search_languages). One build each, about a
minute in all.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import BIN, CHROMIUM, make_project, mkdocs_build, serve_folder, write_kb
from mkdossier import bundle
from test_browser import Session

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")

RECORDS = 1_000  # about 380 incidents
# The two people many pages mention, and decoys whose names begin with theirs.
PEOPLE = {
    "people/donald-trump.yaml": "name: Donald Trump\naliases: [Drumpf]\n",
    "people/viktor-orban.yaml": "name: Viktor Orbán\n",
}
DECOYS = {
    "people/william-donaldson.yaml": "name: William Donaldson\n",
    "people/jane-trumpington.yaml": "name: Jane Trumpington\n",
    "places/trumpington.yaml": "name: Trumpington\nkind: city\n",
    "people/hans-drumpfel.yaml": "name: Hans Drumpfel\n",
    "places/orbanovo.yaml": "name: Orbanovo\nkind: city\n",
    "places/orbanhaza.yaml": "name: Orbánháza\nkind: city\n",
    "people/donaldo-orbanek.yaml": "name: Donaldo Orbanek\n",
}
# Query → the page it must find first: the full name, the surname, an alias,
# and the folded spelling (which English titles use, so it is common too).
QUERIES = {
    "Donald Trump": "people/donald-trump/",
    "Trump": "people/donald-trump/",
    "Drumpf": "people/donald-trump/",
    "Viktor Orbán": "people/viktor-orban/",
    "Orbán": "people/viktor-orban/",
    "Orban": "people/viktor-orban/",
}


def _synthetic_knowledge_base(data: Path) -> int:
    """`mkdossier synth`, with Donald Trump in every incident (named in its
    title and summary, and a participant) and Viktor Orbán in every other
    one (written Orban in titles, as the English press does); the number of
    incidents naming Trump."""
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", str(RECORDS), "--out", str(data)],
                   check=True, capture_output=True, timeout=300)
    write_kb(data.parent, {**PEOPLE, **DECOYS})
    incidents = sorted((data / "incidents").glob("*.yaml"))
    for number, path in enumerate(incidents):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = ["Donald Trump" if number % 3 == 0 else "Trump"] + (["Orban"] if number % 2 == 0 else [])
        record["title"] = f"{' and '.join(named)}: {record['title']}"
        involved = ["donald-trump"] + (["viktor-orban"] if number % 2 == 0 else [])
        record.setdefault("participants", []).extend({"id": who, "role": "guest"} for who in involved)
        mentions = " and ".join(f"[[{who}]]" for who in involved)
        record["summary"] = f"{mentions} took part. {record.get('summary', '')}"
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(incidents)


def _english_knowledge_base(incidents: int) -> dict[str, str]:
    """Donald Trump in every incident, the decoys, and nothing but English."""
    files = {
        **PEOPLE, **DECOYS,
        "people/viktor-orban.yaml": "name: Viktor Orban\n",  # no accent: the languages stay English
        "places/orbanhaza.yaml": "name: Orbanhaza\nkind: city\n",
        "organizations/wire.yaml": "name: Wire Service\nkind: media_outlet\n",
        "sources/wire-report.yaml": """
            title: Wire report
            publisher: wire
            published: "2023-01-05"
            kind: news_report
            language: en
        """,
    }
    for number in range(1, incidents + 1):
        files[f"incidents/meeting-{number:03d}.yaml"] = f"""
            title: "Trump and Orban meet the press, day {number}"
            date: "2022-{number % 12 + 1:02d}"
            sources: [wire-report]
            participants: [{{id: donald-trump, role: guest}}, {{id: viktor-orban, role: guest}}]
            summary: "[[donald-trump]] and [[viktor-orban]] took part."
        """
    return files


def _build(project: Path) -> Path:
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ranking")
    incidents = _synthetic_knowledge_base(root / "data")
    assert incidents >= 300
    return _build(make_project(root / "project", root / "data"))


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("english")
    return _build(make_project(root / "project", write_kb(root / "kb", _english_knowledge_base(60))))


def _results(session: Session, query: str) -> list[str]:
    """The first five pages Material lists for a query, best first (with
    Material's ``?h=`` highlight parameter). The query is put in
    at once and sent by one key (Material searches on keyup), after the
    field was emptied: the list read is this query's, not an earlier one's."""
    page = session.page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press("End")
    page.locator(".md-search-result__list li").first.wait_for(state="detached")
    field.fill(query)
    field.press("End")
    links = page.locator(".md-search-result__list > li > a")
    links.first.wait_for()
    return [link.get_attribute("href") for link in links.all()][:5]


def _first_pages(browser, site: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    """Each query whose first result is not its page, with the results."""
    server = serve_folder(site)
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        session = Session(browser, allowed=url)
        session.page.goto(url)
        found = {query: _results(session, query) for query in queries}
        assert session.foreign_requests() == []
        session.page.close()
    finally:
        server.shutdown()
    return {query: pages for query, pages in found.items() if not urlsplit(pages[0]).path.endswith(queries[query])}


def test_a_record_page_ranks_first_for_its_names_among_hundreds_of_mentions(browser, synthetic):
    assert _first_pages(browser, synthetic, QUERIES) == {}


def test_an_english_only_search_loads_the_site_lunr_additions(browser, english):
    index = json.loads((english / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "en"]  # search_terms.search_languages
    assert "min/lunr.multi.min.js" in bundle.lunr_files(["en", "en"])  # kept in the offline bundle
    assert (english / "assets/javascripts/lunr/min/lunr.multi.min.js").read_text().startswith(
        "/* lunr for this site")
    queries = {query: page for query, page in QUERIES.items() if "á" not in query}
    assert _first_pages(browser, english, queries) == {}

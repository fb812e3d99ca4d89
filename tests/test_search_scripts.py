"""Search in every script a knowledge base uses, in a real browser.

A knowledge base with names in Hangul, Cyrillic and accented Latin, each
mentioned by many other pages: the exact spelling and the folded one
(`Orban` for Orbán) find the record's own page first, on the hosted site
and in the offline bundle opened from file://. One site build per mode
for the whole module (two builds, about a minute).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import CHROMIUM, GENERATOR_BIN, REPO, make_project, mkdocs_build, serve_folder, write_kb
from mkdossier import search_terms
from mkdossier.load import load
from test_browser import Session, hosted_url as _hosted_url  # noqa: F401 (fixture reused below)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")

PEOPLE = {
    "kim-jong-un": ("Kim Jong Un", ["김정은"]),
    "sergei-shoigu": ("Sergei Shoigu", ["Сергей Шойгу", "Sergei Shoygu"]),
    "kylian-mbappe": ("Kylian Mbappé", []),
    "aleksandar-vucic": ("Aleksandar Vučić", []),
    "viktor-orban": ("Viktor Orbán", []),
    "sebastian-pinera": ("Sebastián Piñera", []),
}
# Query → the page it must find first.
QUERIES = {
    "김정은": "people/kim-jong-un",
    "북한": "places/north-korea",
    "Шойгу": "people/sergei-shoigu",
    "Mbappé": "people/kylian-mbappe",
    "Mbappe": "people/kylian-mbappe",
    "Vučić": "people/aleksandar-vucic",
    "Vucic": "people/aleksandar-vucic",
    "Orban": "people/viktor-orban",
    "Orbán": "people/viktor-orban",
    "Pinera": "people/sebastian-pinera",
}
MENTIONS = 40  # incidents that name every one of them, in their titles and summaries


def _knowledge_base() -> dict[str, str]:
    files = {
        # Cyrillic names are Russian in this knowledge base; Hangul is Korean in the model.
        "model.yaml": "name_languages:\n  cyrillic: ru\n",
        "places/north-korea.yaml": "name: North Korea\naliases: [북한, DPRK]\nkind: country\n",
        "organizations/wire.yaml": "name: Wire Service\nkind: media_outlet\n",
        "sources/wire-report.yaml": """
            title: Wire report
            publisher: wire
            published: "2023-01-05"
            kind: news_report
            language: en
        """,
    }
    for record_id, (name, aliases) in PEOPLE.items():
        files[f"people/{record_id}.yaml"] = f"name: {name}\naliases: {aliases!r}\n" if aliases else f"name: {name}\n"
    names = ", ".join(name for name, _aliases in PEOPLE.values())
    mentions = ", ".join(f"[[{record_id}]]" for record_id in PEOPLE)
    for number in range(1, MENTIONS + 1):
        files[f"incidents/meeting-{number:02d}.yaml"] = f"""
            title: "Meeting {number} of {names} in 북한 (김정은)"
            date: "2022-{number % 12 + 1:02d}"
            sources: [wire-report]
            location: north-korea
            summary: "Met: {mentions}. Also Шойгу, Mbappé, Vučić, Orbán, Piñera."
        """
    return files


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scripts")
    return make_project(root / "project", write_kb(root / "kb", _knowledge_base()))


@pytest.fixture(scope="module")
def built_site(project) -> Path:
    """The hosted site (its name shadows conftest's: test_browser's server serves it)."""
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def offline_home(project) -> Path:
    env = dict(os.environ, MKDOSSIER_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([GENERATOR_BIN, "build", "--strict", "-d", "offline-site"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (zipped,) = (project / "dist").glob("*-offline.zip")
    target = project.parent / "unzipped"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(target)
    (top,) = target.iterdir()
    return top / "index.html"


hosted_url = _hosted_url


def _first_result(session: Session, query: str) -> str:
    """The first result's link once the list has settled (Material redraws it
    as each key comes in)."""
    page = session.page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("")
    field.type(query)
    field.press("End")  # a real key: Material searches on keyup
    page.locator(".md-search-result__list li a").first.wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    return page.eval_on_selector(".md-search-result__list li a", "a => a.getAttribute('href')")


def _first_results(session: Session, home: str) -> dict[str, str]:
    session.page.goto(home)
    return {query: _first_result(session, query) for query in QUERIES}


def _check(found: dict[str, str], page_name) -> None:
    wrong = {query: href for query, href in found.items() if page_name(QUERIES[query]) not in href}
    assert not wrong, wrong


def test_search_languages_come_from_the_knowledge_base(project, built_site):
    loaded = load(project / "data", project)
    assert search_terms.search_languages(loaded.model, loaded.records) == ["en", "ko", "ru"]
    import json
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "ko", "ru"]


def test_search_languages_kept_by_content_follow_an_edit(tmp_path):
    """``make serve`` asks on every rebuild and keeps each record's languages
    by its content: an edited record is read again, the others are not."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    known: dict = {}

    def languages() -> list[str]:
        loaded = load(data, tmp_path)
        found = search_terms.search_languages(loaded.model, loaded.records, known, "model")
        assert found == search_terms.search_languages(loaded.model, loaded.records)
        return found

    before = languages()
    assert "ja" not in before and len(known) == len(load(data, tmp_path).records)
    source = data / "sources" / "kim-visit-article-2023-09-11.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("language: en", "language: ja"), encoding="utf-8")
    assert "ja" in languages()


def test_a_record_page_carries_its_names_and_their_folded_spellings(built_site):
    import json
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tags = {doc["location"]: doc.get("tags") for doc in index["docs"] if doc.get("tags")}
    assert tags["people/viktor-orban/"] == ["Viktor Orbán", "Viktor Orban"]
    assert tags["people/kim-jong-un/"] == ["Kim Jong Un", "김정은"]  # Hangul is never transliterated
    assert tags["people/sergei-shoigu/"] == ["Sergei Shoigu", "Сергей Шойгу", "Sergei Shoygu"]


def test_folding_keeps_other_scripts():
    assert search_terms.folded("Sebastián Piñera") == "Sebastian Pinera"
    assert search_terms.folded("Łukasz Straße") == "Lukasz Strasse"
    assert search_terms.folded("김정은") == "김정은"
    assert search_terms.folded("Сергей Шойгу") == "Сергей Шойгу"


def test_hosted_search_finds_each_name_in_any_spelling_first(browser, hosted_url):
    session = Session(browser, allowed=hosted_url)
    _check(_first_results(session, hosted_url), lambda name: f"{name}/")
    assert session.foreign_requests() == []


def test_offline_search_finds_each_name_in_any_spelling_first(browser, offline_home):
    session = Session(browser, allowed="file")
    _check(_first_results(session, offline_home.as_uri()), lambda name: f"{name}.html")
    assert session.foreign_requests() == []
    lunr = sorted(p.name for p in (offline_home.parent / "assets/javascripts/lunr/min").iterdir())
    assert lunr == ["lunr.ko.min.js", "lunr.multi.min.js", "lunr.ru.min.js", "lunr.stemmer.support.min.js"]


def test_accented_names_found_when_the_languages_are_english_and_russian(browser, tmp_path):
    """Without Hangul the languages are en and ru, whose word characters
    (lunr.multi's trimmer) leave out é and č: the site's own trimmer keeps them."""
    files = {name: text for name, text in _knowledge_base().items()
             if "kim-jong-un" not in name and "north-korea" not in name}
    for name in [n for n in files if n.startswith("incidents/")]:
        files[name] = files[name].replace("[[kim-jong-un]], ", "").replace(" in 북한 (김정은)", "")
        files[name] = "\n".join(line for line in files[name].split("\n") if "location:" not in line)
    project = make_project(tmp_path / "project", write_kb(tmp_path / "kb", files))
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    import json
    assert json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["lang"] == ["en", "ru"]

    server = serve_folder(site)
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        session = Session(browser, allowed=url)
        session.page.goto(url)
        for query in ("Mbappé", "Vučić", "Orbán", "Шойгу", "Orban"):
            assert QUERIES[query] + "/" in _first_result(session, query), query
    finally:
        server.shutdown()

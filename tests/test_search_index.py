"""What goes into the search index, read from the index a real MkDocs build
writes: names, aliases, titles, summaries, first paragraphs and claims stay
searchable; long prose past the first paragraph, a body that has a summary,
lists of links and the record type label stay out (but on the page)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, SMALL_KB, make_project, mkdocs_build, write_kb

KB = {
    **SMALL_KB,
    "people/bora.yaml": """
        name: Bora Example
        aliases: [Бора Пример, 보라 예시]
        description: |-
          Bora runs the quarrymarker office in [[gamma-city]].

          Later she moved to a pebbleword bureau.
    """,
    "people/cole.yaml": """
        name: Cole Example
        description: |-
          - listmarker one

          - listmarker two
    """,
    "incidents/summed.yaml": """
        title: Summed thing
        date: 2023-02-01
        sources: [report]
        summary: A summary with the sumword in it.
        body: |-
          The body has the bodyword in it.

          And a second paragraph with the secondword.
    """,
    "incidents/unsummed.yaml": """
        title: Unsummed thing
        date: 2023-03-01
        sources: [report]
        body: |-
          A first paragraph with the leadword, involving [[bora]].

          A second paragraph with the trailword.
    """,
}


def _words(markup_text: str) -> set[str]:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", markup_text))
    return {w.casefold() for w in re.findall(r"\w+", plain)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search")
    project = make_project(root / "project", write_kb(root / "kb", KB))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _indexed_words(site: Path, page: str) -> set[str]:
    """The words of every index entry of a page (titles, text and tags)."""
    words = set()
    for doc in _index(site):
        if doc["location"].split("#")[0] == page:
            words |= _words(" ".join([doc["title"], doc["text"], *doc.get("tags", [])]))
    return words


def _page_words(site: Path, page: str) -> set[str]:
    article = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser").article
    return _words(article.get_text(" "))


def test_first_paragraph_is_searched_and_the_rest_only_shown(site):
    words = _indexed_words(site, "people/bora/")
    assert {"bora", "example", "quarrymarker", "gamma", "city"} <= words
    assert "pebbleword" not in words
    assert "pebbleword" in _page_words(site, "people/bora")


def test_aliases_in_any_script_are_in_text_and_tags(site):
    (doc,) = [d for d in _index(site) if d["location"] == "people/bora/"]
    assert doc["tags"] == ["Bora Example", "Бора Пример", "보라 예시"]
    assert "Бора Пример" in doc["text"] and "보라 예시" in doc["text"]


def test_a_body_with_a_summary_is_shown_but_not_searched(site):
    words = _indexed_words(site, "incidents/summed/")
    assert {"summed", "sumword"} <= words
    assert not {"bodyword", "secondword"} & words
    assert {"bodyword", "secondword"} <= _page_words(site, "incidents/summed")


def test_a_body_without_a_summary_is_searched_by_its_first_paragraph(site):
    words = _indexed_words(site, "incidents/unsummed/")
    assert {"unsummed", "leadword", "bora"} <= words
    assert "trailword" not in words
    assert "trailword" in _page_words(site, "incidents/unsummed")


def test_text_that_does_not_start_with_a_paragraph_is_searched_whole(site):
    assert {"listmarker", "one", "two"} <= _indexed_words(site, "people/cole/")


def test_claims_are_searched_but_not_the_record_type_or_link_lists(site):
    docs = [d for d in _index(site) if d["location"].startswith("incidents/early/")]
    titles = [d["title"] for d in docs]
    assert "It happened." in titles
    assert "Claims" not in titles and "Sources" not in titles and "Participants" not in titles
    page = next(d for d in docs if d["location"] == "incidents/early/")
    assert "<p>Incident</p>" not in page["text"]  # the type label, on every page, finds nothing


def _plain_markdown(text: str, titles: dict[str, str]) -> str:
    return re.sub(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]",
                  lambda m: m.group(2) or titles[m.group(1).strip()], text)


def test_the_repository_keeps_every_name_alias_title_summary_and_claim_searchable(built_site):
    records = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data").glob("*/*.yaml"))}
    titles = {p.stem: str(r.get("name") or r.get("title") or r.get("statement")) for p, r in records.items()}
    missing = []
    for path, record in records.items():
        page = f"{path.parent.name}/{path.stem}/"
        words = _indexed_words(built_site, page)
        # An alias is text, or {name, lang} with its language said.
        wanted = [titles[path.stem], *(a["name"] if isinstance(a, dict) else a for a in record.get("aliases") or [])]
        wanted += [c["statement"] for c in record.get("claims") or []]
        text = record.get("summary") or record.get("description")
        if text:
            wanted.append(re.split(r"\n\s*\n", _plain_markdown(text, titles))[0])
        missing += [f"{page}: {value}" for value in wanted if not _words(value) <= words]
    assert missing == []

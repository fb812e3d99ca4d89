"""Hostile records from pull requests: each is either refused with a
positioned problem, or built with nothing executable reaching the reader."""

from __future__ import annotations

import json
import unicodedata

import pytest
from bs4 import BeautifulSoup

from conftest import SMALL_KB, make_project, mkdocs_build, write_kb
from mkdossier import pipeline

SCRIPT = "<script>alert('x')</script>"
HANDLER = '"><img src=x onerror=alert(1)>'

# Accepted, and shown as text: script tags and handlers in every text field.
ESCAPED = {
    "people/mallory.yaml": f"""
        name: "{SCRIPT} Mallory </title><script>alert(2)</script>"
        aliases: [{json.dumps(HANDLER)}, "<svg onload=alert(1)>", "Мэллори"]
        description: |
          Raw HTML: {SCRIPT} <a href="javascript:alert(1)">x</a> <iframe src="https://evil.example"></iframe>
          Attribute list: [link](https://example.org){{onclick="alert(1)"}}
          {{: onmouseover="alert(1)" }}
          Heading injection {{#x onclick=alert(1)}}
        relations:
          - type: member_of
            target: beta-ministry
            note: "{SCRIPT}"
            sources: [report]
    """,
    "sources/evil-source.yaml": f"""
        title: "{SCRIPT}"
        published: "2023"
        kind: news_report
        url: "https://example.org/\\"><script>alert(1)</script>"
        summary: {json.dumps(HANDLER)}
    """,
    "incidents/evil-incident.yaml": f"""
        title: "</title><script>alert(3)</script>"
        date: "2023-05"
        sources: [evil-source]
        participants: [{{id: mallory, role: subject}}]
        body: {json.dumps(HANDLER)}
        claims:
          - statement: "<b onmouseover=alert(1)>bold</b>"
            stances:
              - {{party: mallory, stance: asserts, source: evil-source, speaker: {json.dumps(SCRIPT)}, quote: {json.dumps(HANDLER)}}}
              - {{party: beta-ministry, stance: denies, source: report}}
    """,
}

ALLOWED_INLINE = ("__md_scope=", "var palette=", "var target=document.getElementById")


def _refusals(tmp_path, name: str, content: bytes | str) -> list[str]:
    data = write_kb(tmp_path, SMALL_KB)
    path = data / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return [str(p) for p in pipeline.build(data).problems]


@pytest.mark.parametrize("name, content, expected", [
    ("people/eve.yaml", "name: Eve\ndescription: '[x](javascript:alert(1))'\n",
     "data/people/eve.yaml:2:19: description: link to 'javascript:alert(1)' is not allowed."),
    ("people/eve.yaml", "name: Eve\ndescription: |\n  [x]\n\n  [x]: data:text/html,<script>alert(1)</script>\n",
     "data/people/eve.yaml:5:8: description: link to 'data:text/html,"),
    ("people/eve.yaml", "name: Eve\ndescription: '[x](VBScript:msgbox)'\n",
     "data/people/eve.yaml:2:19: description: link to 'VBScript:msgbox' is not allowed."),
    ("people/eve.yaml", "name: Eve\ndescription: 'look ![x](https://tracker.example/p.png)'\n",
     "data/people/eve.yaml:2:20: description: images are not allowed in Markdown fields."),
    ("sources/eve.yaml", "title: T\npublished: '2023'\nkind: news_report\nurl: javascript:alert(1)\n",
     "data/sources/eve.yaml:4:6: url: 'javascript:alert(1)' is not an http(s) URL."),
    ("people/eve.yaml", "name: &a Eve\naliases: [*a, *a]\n",
     "data/people/eve.yaml:1:7: file: YAML syntax: anchors and aliases (&name, *name) are not allowed. Write the value out."),
    ("people/eve.yaml", "name: !!python/object/apply:os.system ['echo pwned']\n",
     "data/people/eve.yaml:1:7: file: YAML syntax: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("people/eve.yaml", "name: Eve\naliases: " + "[" * 50 + "]" * 50 + "\n",
     "data/people/eve.yaml:2:30: file: YAML syntax: nesting deeper than 20 levels."),
    ("people/eve.yaml", b"name: Eve\x00\n", "data/people/eve.yaml:1:1: file: file contains a NUL byte. Remove it; save the file as UTF-8 text."),
    ("people/eve.yaml", "name: Ève\n".encode("latin-1"), "data/people/eve.yaml:1:1: file: file is not UTF-8. Save it as UTF-8."),
    ("people/Eve.yaml", "name: Eve\n", "data/people/Eve.yaml:1:1: file: invalid id 'Eve' (the file name)"),
    ("people/ada_2.yaml", "name: Ada\n", "data/people/ada_2.yaml:1:1: file: invalid id 'ada_2' (the file name)"),
    ("people/ADA.yaml", "name: Ada\n", "data/people/ada.yaml:1:1: file: duplicate id 'ada': also used by data/people/ADA.yaml."),
    ("people/eve.yaml", "name: Eve\nrelations: [{type: member_of, target: ../../etc/passwd, sources: [report]}]\n",
     "data/people/eve.yaml:2:39: relations[0].target: unknown id '../../etc/passwd'."),
])
def test_hostile_record_is_refused_with_a_position(tmp_path, name, content, expected):
    problems = _refusals(tmp_path, name, content)
    assert any(p.startswith(expected) for p in problems), problems


def test_deep_nesting_is_refused(tmp_path):
    problems = _refusals(tmp_path, "people/eve.yaml", "name: Eve\naliases: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems and "nesting deeper than" in problems[0]


def test_deep_block_nesting_is_refused(tmp_path):
    problems = _refusals(tmp_path, "people/eve.yaml", "name: Eve\naliases:\n  " + "- " * 100_000 + "x\n")
    assert problems and "nesting deeper than" in problems[0]


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    problems = _refusals(tmp_path, "people/eve.yaml", b"name: Eve\ndescription: " + b"x" * 50_000_000 + b"\n")
    assert problems == ["data/people/eve.yaml:1:1: file: file is 50.0 MB; a record file may be at most 1000 kB. "
                        "Split it, or move long text elsewhere."]


def test_a_record_file_that_is_a_link_is_refused_without_reading_it(tmp_path):
    """A pull request can add a symbolic link to a file outside the knowledge base."""
    data = write_kb(tmp_path, SMALL_KB)
    secret = tmp_path / "secret.txt"
    secret.write_text("name: private text from outside\n", encoding="utf-8")
    (data / "people/leak.yaml").symlink_to(secret)
    result = pipeline.build(data)
    assert [str(p) for p in result.problems] == [
        "data/people/leak.yaml:1:1: file: record file is a symbolic link. "
        "Commit the file itself: a link could point outside the knowledge base."]
    assert not result.pages


def test_names_are_normalized_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Zoë Ёлкина")
    data = write_kb(tmp_path, {**SMALL_KB, "people/zoe.yaml": f"name: {decomposed}\n"})
    result = pipeline.build(data)
    assert result.graph.title(result.graph.records["zoe"]) == unicodedata.normalize("NFC", "Zoë Ёлкина")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = write_kb(root / "kb", {**SMALL_KB, **ESCAPED})
    project = make_project(root / "project", data)
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_nothing_executable_reaches_the_reader(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert any("mallory" in str(p) for p in pages)
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("src"):
                # Same-site files only: the theme's and ours (assets/), and the
                # chronology's incident data the engine writes (chronology/incidents.js).
                assert "://" not in script["src"], (page, script)
                assert "assets/" in script["src"] or script["src"].endswith("incidents.js"), (page, script)
            elif script.get("type") in ("application/json", "application/ld+json"):
                json.loads(script.get_text())
                assert "<" not in script.get_text(), page
            else:
                assert script.get_text().startswith(ALLOWED_INLINE), (page, script.get_text()[:80])
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert handlers == [], (page, element.name, handlers)
            for attribute in ("href", "src", "action", "formaction"):
                value = str(element.get(attribute, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (page, element)
        assert not soup.find_all(["iframe", "object", "embed", "frame"])


def test_hostile_text_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "people" / "mallory" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("h1").get_text().startswith("<script>alert('x')</script> Mallory")
    assert "<iframe src=" in page.get_text()
    assert "Мэллори" in page.get_text()
    title = page.find("title").get_text()
    assert "<" not in title and "script" in title


def test_search_index_holds_text_not_markup(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for tag in doc.get("tags", []):
            assert "<" not in tag and ">" not in tag, tag
        assert "<script" not in doc["text"] and "<img" not in doc["text"], doc["location"]

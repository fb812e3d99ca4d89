"""Check passes ⇒ build and every export succeed: hostile-but-plausible
values (any Unicode, dates at the calendar's edges, nested Markdown) that
check accepts render every page, and each export parses with its own
ecosystem's parser. Whatever check refuses, it refuses with a position."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SMALL_KB, make_project, mkdocs_build, write_kb
from mkdossier import pipeline

EXTENSIONS = ["admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc"]

_years = st.one_of(st.integers(0, 10_000), st.sampled_from([1, 999, 1000, 1969, 1970, 2023, 9999]))
_day = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", _years, st.integers(0, 13), st.integers(0, 32))
_month = st.builds(lambda y, m: f"{y:04d}-{m:02d}", _years, st.integers(0, 25))
_single = st.one_of(_day, _month, _years.map(lambda y: f"{y:04d}"),
                    st.sampled_from(["XXXX", "20XX", "199X", "2023-XX", "2023-09-XX", "-0001", "Y10000", "2023-21",
                                     "9999-12-31", "0001-01-01", "2023?", "2023~", "2023%", "{2023,2024}", ""]))
_qualified = st.tuples(_single, st.sampled_from(["", "", "~", "?", "%"])).map("".join)
_valid = st.one_of(st.builds(lambda y: f"{y:04d}", st.integers(1, 9999)),
                   st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 9999), st.integers(1, 12)),
                   st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 9999), st.integers(1, 12),
                             st.integers(1, 28)))
DATES = st.one_of(_valid, _valid, st.tuples(_valid, st.just("/.."))).map(lambda d: d if isinstance(d, str) else "".join(d))
DATES = st.one_of(DATES, DATES, _qualified, st.tuples(_qualified, st.sampled_from(["/", "/..", "../"]), _qualified).map(
    lambda parts: parts[0] + parts[1] + parts[2] if parts[1] == "/" else
    (parts[0] + "/.." if parts[1] == "/.." else "../" + parts[2])))

# Mostly text check accepts (any letter, mark, symbol, space, format
# character, private use), sometimes anything at all (controls, surrogates).
_ACCEPTED_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff\ufdd0")
TEXT = st.one_of(st.text(_ACCEPTED_CHARS, min_size=1, max_size=40).filter(str.strip),
                 st.text(_ACCEPTED_CHARS, min_size=1, max_size=40).filter(str.strip), st.text(max_size=40))
_nest = st.sampled_from(["- ", "> ", "    ", "1. ", "* ", "!!! note\n    ", "| a |\n|---|\n| "])
_inline = st.sampled_from(["*", "_", "`", "[", "]", "(", ")", "[[ada]]", "[[ada|x]]", "<", "&", "{", "![", "[^1]",
                           "[x](https://example.org/)", "\\", "\n", "\n\n", "#", "~", "<a:b>"])
MARKDOWN = st.lists(st.one_of(TEXT, _inline, st.builds(lambda p, n, t: p * n + t, _nest, st.integers(0, 30), TEXT)),
                    max_size=12).map("".join)


ACCEPTED: list[str] = []  # dates of accepted examples: the test must not only see refusals


def _records(name, aliases, description, title, date, summary) -> dict[str, str]:
    dump = lambda value: yaml.safe_dump(value, allow_unicode=True, width=1_000_000)  # noqa: E731
    return {
        **SMALL_KB,
        "people/eve.yaml": dump({"name": name, "aliases": aliases, "description": description}),
        "incidents/edge.yaml": dump({"title": title, "date": date, "summary": summary, "sources": ["report"],
                                     "participants": [{"id": "eve", "role": "subject"}]}),
    }


def _exports_parse(files: dict[str, bytes]) -> None:
    calendar = icalendar.Calendar.from_ical(files["downloads/incidents.ics"])
    assert calendar.walk("VEVENT")
    for line in files["downloads/incidents.ics"].split(b"\r\n"):
        assert len(line) <= 75
    ET.fromstring(files["downloads/incidents.atom"])
    assert not feedparser.parse(files["downloads/incidents.atom"]).bozo
    for path, content in files.items():
        if path.endswith(".csv"):
            for row in csv.reader(io.StringIO(content.decode("utf-8"), newline="")):
                assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), (path, row)
        elif path.endswith(".json"):
            text = content.decode("utf-8")
            for line in text.splitlines() if path.endswith(".ftm.json") else [text]:
                json.loads(line)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=TEXT, aliases=st.lists(TEXT, max_size=3), description=MARKDOWN, title=TEXT, date=DATES,
       summary=MARKDOWN)
def test_whatever_check_accepts_builds_and_exports(name, aliases, description, title, date, summary):
    folder = Path(tempfile.mkdtemp(prefix="mkdossier-accepted-"))
    try:
        data = write_kb(folder, {})
        for path, text in _records(name, aliases, description, title, date, summary).items():
            (data / path).parent.mkdir(parents=True, exist_ok=True)
            (data / path).write_text(text if path.startswith(("people/eve", "incidents/edge"))
                                     else __import__("textwrap").dedent(text).lstrip("\n"), encoding="utf-8")
        checked = pipeline.check(data)
        if not checked.ok:
            for problem in checked.problems:  # refused: with a position, never a traceback
                assert problem.file.startswith("data/") and problem.line >= 1 and problem.col >= 1
            return
        ACCEPTED.append(date)
        result = pipeline.build(data)
        assert result.ok and result.pages and result.files
        renderer = markdown.Markdown(extensions=EXTENSIONS)
        for page in result.pages.values():
            renderer.reset()
            renderer.convert(page).encode("utf-8")
        _exports_parse(result.files)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_most_examples_were_accepted():
    """Runs after the property test (file order): refusals alone would prove nothing."""
    assert len(ACCEPTED) >= 10, ACCEPTED


def test_a_hostile_but_accepted_knowledge_base_builds_with_mkdocs(tmp_path):
    """One real ``mkdocs build --strict`` of values at the edges that check accepts."""
    files = _records(
        name="=HYPERLINK(\"x\") \u202e\u200d 😀 \u2028 <b>",
        aliases=["-1", "@a", "\t+b", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"],
        description="".join("    " * i + "- level\n" for i in range(20)) + "\n" + "> " * 20 + "deep\n\n"
                    + "[" * 50 + " " + "<a:" * 100 + " \\ud800 " + "*a " * 100,
        title="]]> & <x> ; , \\",
        date="9999-12-31/..",
        summary="Tab\there, CR\r\nand [[ada]].",
    )
    data = write_kb(tmp_path / "kb", {})
    for path, text in files.items():
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        (data / path).write_text(text if path.startswith(("people/eve", "incidents/edge"))
                                 else __import__("textwrap").dedent(text).lstrip("\n"), encoding="utf-8")
    assert pipeline.check(data).ok, [str(p) for p in pipeline.check(data).problems]
    project = make_project(tmp_path / "project", data)
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr[-3000:]
    _exports_parse({str(p.relative_to(site)): p.read_bytes() for p in (site / "downloads").rglob("*") if p.is_file()})
    assert (site / "people/eve/index.html").is_file()

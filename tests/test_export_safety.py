"""Exports safe to open: what check accepts renders and exports, each file
parses with its ecosystem's parser, and a spreadsheet runs no formula."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest

from conftest import SMALL_KB, write_kb
from mkdossier import pipeline

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]


def _rows(files: dict, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"downloads/csv/{name}"].decode("utf-8"), newline="")))


def _build(tmp_path, extra: dict[str, str]):
    result = pipeline.build(write_kb(tmp_path, {**SMALL_KB, **extra}))
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(tmp_path):
    files = _build(tmp_path, {
        "people/mallory.yaml": f"name: {json.dumps(FORMULAS[0])}\naliases: {json.dumps(FORMULAS[1:5])}\n"
                               f"description: {json.dumps(FORMULAS[5] + ' and more')}\n",
        "incidents/formula.yaml": "title: '=1+2'\ndate: '2023'\nsources: [report]\nsummary: '@now'\n",
    }).files
    mallory = next(r for r in _rows(files, "people.csv") if r["id"] == "mallory")
    assert mallory["name"] == "'" + FORMULAS[0]
    assert mallory["aliases"] == "'" + "; ".join(FORMULAS[1:5])
    # Markdown fields are plain text in CSV (mentions as titles): the leading CR goes, the quote stays.
    assert mallory["description"] == "'" + FORMULAS[5].lstrip() + " and more"
    incident = next(r for r in _rows(files, "incidents.csv") if r["id"] == "formula")
    assert (incident["title"], incident["summary"]) == ("'=1+2", "'@now")
    for name in ("people.csv", "incidents.csv", "relations.csv", "claims.csv"):
        for row in _rows(files, name):
            for cell in row.values():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_plain_cells_are_left_as_written(tmp_path):
    files = _build(tmp_path, {"people/plain.yaml": "name: \"O'Brien, Ann\"\naliases: [\"a=b\", \"x-1\"]\n"}).files
    plain = next(r for r in _rows(files, "people.csv") if r["id"] == "plain")
    assert (plain["name"], plain["aliases"]) == ("O'Brien, Ann", "a=b; x-1")


@pytest.mark.parametrize("date, start, end", [
    ("9999-12-31", "9999-12-31", None),
    ("9999", "9999-01-01", None),
    ("9999-12-31/..", "9999-12-31", None),
    ("../9999-12-31", "9999-12-31", None),
    ("0001-01-01", "0001-01-01", "0001-01-02"),
    ("0999", "0999-01-01", "1000-01-01"),
    ("2023-09-11/..", "2023-09-11", "2023-09-12"),
])
def test_dates_at_the_edges_of_the_calendar_export(tmp_path, date, start, end):
    files = _build(tmp_path, {"incidents/edge.yaml": f"title: Edge\ndate: '{date}'\nsources: [report]\n"}).files
    calendar = icalendar.Calendar.from_ical(files["downloads/incidents.ics"])
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("edge@"))
    assert event.decoded("DTSTART").isoformat() == start
    if end is None:  # the day after 31 December 9999 has no date: a duration says how long
        assert "DTEND" not in event and event.decoded("DURATION").days >= 1
    else:
        assert event.decoded("DTEND").isoformat() == end
    assert ET.fromstring(files["downloads/incidents.atom"]) is not None
    assert not feedparser.parse(files["downloads/incidents.atom"]).bozo


@pytest.mark.parametrize("date", ["0000", "-0001", "XXXX", "10000", "Y10000", "0000-01-01", "..", "../.."])
def test_dates_outside_the_calendar_are_refused(tmp_path, date):
    data = write_kb(tmp_path, {**SMALL_KB, "incidents/edge.yaml": f"title: Edge\ndate: '{date}'\nsources: [report]\n"})
    problems = [str(p) for p in pipeline.check(data).problems]
    assert problems and all(p.startswith("data/incidents/edge.yaml:2:7: date: ") for p in problems), problems


@pytest.mark.parametrize("escaped, character, col", [
    ("\\ud800", "U+D800 (a lone surrogate)", 13),
    ("\\uDFFF", "U+DFFF (a lone surrogate)", 13),
    ("\\ufffe", "U+FFFE (a Unicode non-character)", 13),
    ("\\uFDD0", "U+FDD0 (a Unicode non-character)", 13),
    ("\\U0010FFFF", "U+10FFFF (a Unicode non-character)", 13),
    ("\\x01", "U+0001 (a control character)", 13),
    ("\\e", "U+001B (a control character)", 13),
    ("\\x7f", "U+007F (a control character)", 13),
    ("\\N", "U+0085 (a control character)", 13),
    ("\\x9b", "U+009B (a control character)", 13),
])
def test_characters_no_export_can_carry_are_refused_with_a_position(tmp_path, escaped, character, col):
    data = write_kb(tmp_path, {**SMALL_KB, "incidents/edge.yaml":
                               f'title: Edge\nsummary: "ab{escaped}c"\ndate: "2023"\nsources: [report]\n'})
    problems = [str(p) for p in pipeline.check(data).problems]
    assert problems == [f"data/incidents/edge.yaml:2:{col}: summary: character {character} is not allowed "
                        "in text. Remove it, or write the character itself."], problems


def test_a_lone_surrogate_in_a_name_or_a_key_is_refused(tmp_path):
    data = write_kb(tmp_path, {**SMALL_KB, "people/eve.yaml": 'name: "Eve \\ud83d"\n"x\\ud800": 1\n'})
    problems = [str(p) for p in pipeline.check(data).problems]
    assert problems == [
        "data/people/eve.yaml:1:12: name: character U+D83D (a lone surrogate) is not allowed in text. "
        "Remove it, or write the character itself.",
        "data/people/eve.yaml:2:3: file: character U+D800 (a lone surrogate) is not allowed in text. "
        "Remove it, or write the character itself."], problems


def test_atom_and_icalendar_stay_well_formed_for_awkward_accepted_text(tmp_path):
    awkward = "a]]>b <x> & \"q\" 'a' \\ ; , \t tab\r\nline \u2028 \u200e\u202e rtl \U0001F600 end"
    files = _build(tmp_path, {
        "incidents/awkward.yaml": f"title: {json.dumps(awkward.replace(chr(13), '').replace(chr(10), ' '), ensure_ascii=False)}\n"
                                  f"date: '2023'\nsources: [report]\nsummary: {json.dumps(awkward, ensure_ascii=False)}\n"
                                  "tags: [a-b]\n"}).files
    feed = files["downloads/incidents.atom"]
    ET.fromstring(feed)
    parsed = feedparser.parse(feed)
    assert not parsed.bozo
    entry = next(e for e in parsed.entries if "rtl" in e.title)
    assert "a]]>b <x> &" in entry.summary and "\U0001F600" in entry.summary
    calendar = icalendar.Calendar.from_ical(files["downloads/incidents.ics"])
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("awkward@"))
    assert "a]]>b <x> & \"q\" 'a' \\ ; , \t tab" in str(event["DESCRIPTION"])
    for line in files["downloads/incidents.ics"].split(b"\r\n"):
        assert len(line) <= 75

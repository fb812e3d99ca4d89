"""Typical contributor mistakes, each with the exact message `mkdossier check`
prints: `file:line:col: field: message. hint`, the wrong thing said in words
and the fix spelled out. And every message the suite's fixtures produce has
that shape, in text, GitHub and JSON output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SMALL_KB, write_kb
from mkdossier import pipeline
from mkdossier.problems import SHAPE

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures"
# The small knowledge base, plus a record whose name has an accent (its id is made by `mkdossier new`).
BASE = {**SMALL_KB, "people/kylian-mbappe.yaml": "name: Kylian Mbappé\n"}

# (files added to BASE, the one problem expected)
MISTAKES = {
    "unknown-field-typo": ({'people/eve.yaml': 'name: Eve\naliasses: [E]\n'},
        "data/people/eve.yaml:2:1: aliasses: unknown field 'aliasses'. Did you mean 'aliases'?"),
    "list-as-text": ({'people/eve.yaml': 'name: Eve\naliases: Evie\n'},
        "data/people/eve.yaml:2:10: aliases: expected a list, got text. Write it as '[Evie]' or as '- ' lines."),
    "number-for-date": ({'incidents/x.yaml': 'title: X\ndate: 2023.5\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: expected an EDTF date such as 2023-09-11, 2023-06 or 2022-11-01/2022-11-10, got a number. Quote it: '2023.5'."),
    "unknown-id-close": ({'incidents/x.yaml': "title: X\ndate: '2023'\nsources: [reprot]\n"},
        "data/incidents/x.yaml:3:11: sources[0]: unknown id 'reprot'. Did you mean 'report' (data/sources/report.yaml)?"),
    "unknown-id-slug": ({'incidents/x.yaml': "title: X\ndate: '2023'\nsources: [report]\nparticipants: [{id: Ada, role: visitor}]\n"},
        "data/incidents/x.yaml:4:21: participants[0].id: unknown id 'Ada'. Did you mean 'ada' (data/people/ada.yaml)?"),
    "id-wrong-type": ({'incidents/x.yaml': "title: X\ndate: '2023'\nsources: [ada]\n"},
        "data/incidents/x.yaml:3:11: sources[0]: 'ada' is a person; expected a source. See data/people/ada.yaml."),
    "duplicate-id": ({'organizations/ada.yaml': 'name: Ada Org\nkind: company\n'},
        "data/people/ada.yaml:1:1: file: duplicate id 'ada': also used by data/organizations/ada.yaml. Ids are unique across all folders, whatever the case of their letters; rename one file."),
    "unknown-vocab": ({'organizations/x.yaml': 'name: X\nkind: ngo\n'},
        "data/organizations/x.yaml:2:7: kind: unknown organization kind 'ngo'. Use one of: state, government, government_body, ministry, armed_forces, private_military_company, media_outlet, news_agency, university, forum, company, political_party, international_organization, other."),
    "relation-direction": ({'places/x.yaml': 'name: X\nkind: city\nrelations:\n  - {type: minister_of, target: beta-ministry, sources: [report]}\n'},
        "data/places/x.yaml:4:12: relations[0].type: a place cannot be 'minister_of' (it links person to organization). Choose another relation type, or write the relation on the other record."),
    "relation-target-type": ({'people/eve.yaml': 'name: Eve\nrelations:\n  - {type: based_in, target: beta-ministry, sources: [report]}\n'},
        "data/people/eve.yaml:3:30: relations[0].target: 'beta-ministry' is an organization; 'based_in' links to a place."),
    "stance-no-source": ({'claims/x.yaml': 'statement: X happened.\nstances:\n  - {party: ada, stance: asserts}\n'},
        "data/claims/x.yaml:3:5: stances[0].source: missing required field 'source' (Where the stance is recorded). Add it."),
    "javascript-link": ({'people/eve.yaml': 'name: Eve\ndescription: See [this](javascript:alert(1)).\n'},
        "data/people/eve.yaml:2:25: description: link to 'javascript:alert(1)' is not allowed. Links may only use http, https or mailto."),
    "image": ({'people/eve.yaml': 'name: Eve\ndescription: Look ![x](https://e.org/x.png)\n'},
        "data/people/eve.yaml:2:19: description: images are not allowed in Markdown fields. Readers' browsers would fetch them from another host; link to it instead."),
    "tab": ({'people/eve.yaml': 'name: Eve\n\taliases: [E]\n'},
        'data/people/eve.yaml:2:1: file: YAML syntax: a tab in the indentation. Indent with spaces: YAML does not allow tabs there.'),
    "colon": ({'incidents/x.yaml': "title: Kim: the visit\ndate: '2023'\nsources: [report]\n"},
        'data/incidents/x.yaml:1:8: title: YAML syntax: a colon followed by a space inside an unquoted value starts a new key. Put the value in quotes: title: "Kim: the visit".'),
    "missing-required": ({'incidents/x.yaml': "date: '2023'\nsources: [report]\n"},
        "data/incidents/x.yaml:1:1: title: missing required field 'title' (What happened, as one sentence without a final full stop). Add it."),
    "empty-required": ({'incidents/x.yaml': "title:\ndate: '2023'\nsources: [report]\n"},
        "data/incidents/x.yaml:1:7: title: required field 'title' is empty (What happened, as one sentence without a final full stop). Fill it in."),
    "empty-string": ({'people/eve.yaml': "name: Eve\naliases: ['']\n"},
        'data/people/eve.yaml:2:11: aliases[0]: is empty. Fill it in, or remove the field.'),
    "control-char": ({'people/eve.yaml': 'name: "Eve\\x07"\n'},
        'data/people/eve.yaml:1:11: name: character U+0007 (a control character) is not allowed in text. Remove it, or write the character itself.'),
    "month-13": ({'incidents/x.yaml': 'title: X\ndate: 2023-13-01\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-13-01': month 13 does not exist. Did you mean 2023-01-13 (13 January 2023)? EDTF writes the month before the day."),
    "feb-30": ({'incidents/x.yaml': 'title: X\ndate: 2023-02-30\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-02-30': 30 February does not exist (February has 28 days in 2023). The last day of February 2023 is 2023-02-28."),
    "feb-29": ({'incidents/x.yaml': 'title: X\ndate: 2023-02-29\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-02-29': 29 February 2023 does not exist (2023 is not a leap year). The last day of February 2023 is 2023-02-28."),
    "five-digit": ({'incidents/x.yaml': 'title: X\ndate: 20233-01-01\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '20233-01-01': the year 20233 has five digits. Write the year with four digits."),
    "end-before-start": ({'incidents/x.yaml': 'title: X\ndate: 2023-09-13/2023-09-10\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-09-13/2023-09-10': the end (2023-09-10) is before the start (2023-09-13). Swap them: 2023-09-10/2023-09-13, or correct one of them."),
    "day-32": ({'incidents/x.yaml': 'title: X\ndate: 2023-01-32\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-01-32': day 32 does not exist. Write the day as 01 to 31."),
    "unpadded": ({'incidents/x.yaml': 'title: X\ndate: 2023-9-1\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '2023-9-1': months and days are written with two digits. Write 2023-09-01."),
    "ambiguous": ({'incidents/x.yaml': 'title: X\ndate: 11/09/2023\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date '11/09/2023': the order of day and month is ambiguous, and EDTF writes the year first. Write 2023-09-11 (11 September 2023) or 2023-11-09 (9 November 2023)."),
    "late-2023": ({'incidents/x.yaml': 'title: X\ndate: late 2023\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'late 2023': dates are written in EDTF, not in words. Write '2023-09/2023-12': the site shows it as 'late 2023'."),
    "1980s": ({'incidents/x.yaml': 'title: X\ndate: the 1980s\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'the 1980s': dates are written in EDTF, not in words. Write '198X': the site shows it as 'the 1980s'."),
    "summer": ({'incidents/x.yaml': 'title: X\ndate: summer 2023\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'summer 2023': dates are written in EDTF, not in words. Write '2023-22': the site shows it as 'summer 2023'."),
    "before-2020": ({'incidents/x.yaml': 'title: X\ndate: before 2020\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'before 2020': dates are written in EDTF, not in words. Write '../2019': the site shows it as 'before 2020'."),
    "circa": ({'incidents/x.yaml': 'title: X\ndate: c. 1950\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'c. 1950': dates are written in EDTF, not in words. Write '1950~': the site shows it as 'c. 1950'."),
    "early-nov": ({'incidents/x.yaml': 'title: X\ndate: early November 2022\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'early November 2022': dates are written in EDTF, not in words. Write '2022-11-01/2022-11-10': the site shows it as 'early November 2022'."),
    "sept-11": ({'incidents/x.yaml': 'title: X\ndate: Sept 11, 2023\nsources: [report]\n'},
        "data/incidents/x.yaml:2:7: date: invalid date 'Sept 11, 2023': dates are written in EDTF, not in words. Write '2023-09-11': the site shows it as '11 September 2023'."),
    "accented-id": ({'people/kylian-mbappé.yaml': 'name: Kylian Mbappé\n'},
        "data/people/kylian-mbappé.yaml:1:1: file: invalid id 'kylian-mbappé' (the file name): it has 'é'; an id has only lowercase Latin letters, digits and single hyphens. Rename the file to 'kylian-mbappe.yaml'."),
    "accented-ref": ({'incidents/x.yaml': "title: X\ndate: '2023'\nsources: [report]\nparticipants: [{id: kylian-mbappé, role: visitor}]\n"},
        "data/incidents/x.yaml:4:21: participants[0].id: unknown id 'kylian-mbappé'. Did you mean 'kylian-mbappe' (data/people/kylian-mbappe.yaml)?"),
    "tag-accents": ({'people/eve.yaml': 'name: Eve\ntags: [Sebastián Piñera]\n'},
        "data/people/eve.yaml:2:8: tags[0]: 'Sebastián Piñera' is not written as an id: it has capital letters and 'á'; an id has only lowercase Latin letters, digits and single hyphens. Did you mean 'sebastian-pinera'?"),
    "tag-apostrophe": ({'people/eve.yaml': "name: Eve\ntags: [thiel's]\n"},
        "data/people/eve.yaml:2:8: tags[0]: 'thiel's' is not written as an id: it has an apostrophe; an id has only lowercase Latin letters, digits and single hyphens. Did you mean 'thiels'?"),
    "unclosed-quote": ({'people/eve.yaml': 'name: "Eve\naliases: [E]\n'},
        'data/people/eve.yaml:1:7: file: YAML syntax: the quote (") opened here is never closed. Add the closing " at the end of the value.'),
    "unclosed-bracket": ({'people/eve.yaml': 'name: Eve\naliases: [E, F\ntags: [x]\n'},
        "data/people/eve.yaml:2:10: file: YAML syntax: the '[' opened here is not closed where expected. Close it with ']' at the end of the value, and separate items with ', '."),
    "list-among-keys": ({'people/eve.yaml': 'name: Eve\n- Evie\n'},
        "data/people/eve.yaml:2:1: file: YAML syntax: a list item ('- ') among the fields of a mapping. Put it under the key of its list, indented (e.g. 'sources:' then '  - report'), or write it as 'key: value'."),
    "list-indent": ({'people/eve.yaml': 'name: Eve\naliases:\n  - E\n - F\n'},
        'data/people/eve.yaml:4:1: file: YAML syntax: this list item is indented differently from the one on line 3. Indent it by 2 spaces, like line 3.'),
    "over-long": ({"people/eve.yaml": "name: Eve\ndescription: '" + "*a" * 60000 + "'\n"},
        "data/people/eve.yaml:2:15: description: a paragraph of 120,000 characters; at most 10,000 between blank lines. Split it with blank lines: Markdown's time grows with the square of a paragraph's length."),
    "unknown-relation": ({'people/eve.yaml': 'name: Eve\nrelations:\n  - {type: spokesman_for, target: beta-ministry, sources: [report]}\n'},
        "data/people/eve.yaml:3:12: relations[0].type: unknown relation type 'spokesman_for'. Did you mean 'spokesperson_for'?"),
    "bool-for-text": ({'people/eve.yaml': 'name: yes\n'},
        "data/people/eve.yaml:1:7: name: expected one line of text, got true/false. Quote it: 'yes'."),
    "url-scheme": ({'sources/x.yaml': "title: X\npublished: '2023'\nkind: other\nurl: www.example.org\n"},
        "data/sources/x.yaml:4:6: url: 'www.example.org' is not an http(s) URL. Write the full address, starting with https://."),
    "unknown-folder": ({'persons/eve.yaml': 'name: Eve\n'},
        "data/persons/eve.yaml:1:1: file: record file in unknown folder 'persons'. Use one of: claims, incidents, organizations, people, places, sources."),
    "not-a-mapping": ({'people/eve.yaml': '- name: Eve\n'},
        "data/people/eve.yaml:1:1: file: expected a mapping of fields, got a list. Start with 'name: …'."),
    "duplicate-key": ({'people/eve.yaml': 'name: Eve\nname: Evie\n'},
        "data/people/eve.yaml:2:1: name: duplicate key 'name': it is already on line 1. Keep one of the two (a later one would silently replace the first)."),
    "invalid-id-upper": ({'people/Eve.yaml': 'name: Eve\n'},
        "data/people/Eve.yaml:1:1: file: invalid id 'Eve' (the file name): it has capital letters; an id has only lowercase Latin letters, digits and single hyphens. Rename the file to 'eve.yaml'."),
    "mention-unknown": ({'people/eve.yaml': 'name: Eve\ndescription: Met [[adda]].\n'},
        "data/people/eve.yaml:2:18: description: unknown id 'adda'. Did you mean 'ada' (data/people/ada.yaml)?"),
}


def _check(tmp_path: Path, files: dict) -> list[str]:
    data = write_kb(tmp_path, {**BASE, **files})
    return [str(p) for p in pipeline.check(data, tmp_path).problems]


@pytest.mark.parametrize("files, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_typical_mistake_is_told_in_words_with_its_fix(tmp_path, files, expected):
    assert _check(tmp_path, files) == [expected]


def test_the_table_covers_thirty_mistakes_and_hint_ids_are_what_new_makes(tmp_path):
    assert len(MISTAKES) >= 30
    # The rename and "Did you mean" hints use the id `mkdossier new` gives the same name.
    for name, expected_id in [("Kylian Mbappé", "kylian-mbappe"), ("Sebastián Piñera", "sebastian-pinera"),
                              ("thiel's", "thiels")]:
        data = write_kb(tmp_path / expected_id, BASE if expected_id != "kylian-mbappe" else SMALL_KB)
        result = subprocess.run([str(BIN / "mkdossier"), "new", "person", name, "--data", str(data)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(f"people/{expected_id}.yaml")
        assert any(f"'{expected_id}" in message for message in
                   (MISTAKES["accented-id"][1], MISTAKES["tag-accents"][1], MISTAKES["tag-apostrophe"][1]))


def _shape(text: str, field: str) -> None:
    match = SHAPE.fullmatch(text)
    assert match is not None, text
    assert match["field"] == field, text


def _mistakes_kb(tmp_path: Path) -> Path:
    """Every mistake of the table in one knowledge base (files renamed apart)."""
    files = dict(BASE)
    for index, (added, _) in enumerate(MISTAKES.values()):
        for path, text in added.items():
            stem, _, suffix = path.rpartition(".")
            files[f"{stem}-{index}.{suffix}" if path in files or path.endswith("/x.yaml") or "eve" in path
                  else path] = text
    root = tmp_path / "mistakes"
    write_kb(root, files)
    return root


def _projects(tmp_path: Path) -> list[Path]:
    projects = [_mistakes_kb(tmp_path)]
    for name in ("problems",):
        shutil.copytree(FIXTURES / "contrib" / name, tmp_path / name)
        projects.append(tmp_path / name)
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURES / "contrib" / "broken", broken / "data")
    projects.append(broken)
    return projects


def test_every_message_has_the_documented_shape_in_every_format(tmp_path):
    seen = 0
    for project in _projects(tmp_path):
        run = [str(BIN / "mkdossier"), "check", "--data", str(project / "data"), "--colour", "never"]
        result = subprocess.run(run + ["--format", "json"], capture_output=True, text=True, timeout=120, cwd=project)
        problems = json.loads(result.stdout)["problems"]
        assert problems, project
        for problem in problems:
            assert problem["field"] and ": " not in problem["field"], problem
            assert problem["message"] and not problem["message"].endswith("."), problem
            hint = f" {problem['hint']}" if problem["hint"] else ""
            assert problem["text"] == (f"{problem['file']}:{problem['line']}:{problem['col']}: "
                                       f"{problem['field']}: {problem['message']}.{hint}")
            _shape(problem["text"], problem["field"])
        text = subprocess.run(run, capture_output=True, text=True, timeout=120, cwd=project).stdout.splitlines()
        assert text[:-1] == [p["text"] for p in problems]
        github = subprocess.run(run + ["--format", "github"], capture_output=True, text=True, timeout=120,
                                cwd=project).stdout.splitlines()
        for line, problem in zip(github[:-1], problems, strict=True):
            assert line.startswith("::error ")
            props, _, message = line[len("::error "):].partition("::")
            assert props.startswith("file=") and f",line={problem['line']},col={problem['col']}," in props
            # The annotation carries the same `field: message. hint` as the text line.
            assert message.replace("%25", "%") == problem["text"].split(f":{problem['col']}: ", 1)[1]
        seen += len(problems)
    assert seen >= 50

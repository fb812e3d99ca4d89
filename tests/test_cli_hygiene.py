"""The command line treats values as data: ``mkdossier new`` writes only
inside ``data/<folder>/``, ``check`` never sends a terminal (or a workflow
log) the control sequences a value holds, and the pull-request diff comment
neither notifies anyone nor loads or links anything a value names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from conftest import git

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"
SOURCE = "nyt-2022-09-05-russia-buying-munitions"


def mkdossier(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(cwd.parent), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org")
    return subprocess.run([str(BIN / "mkdossier"), *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb", root)
    return root


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# -- mkdossier new --id ------------------------------------------------------------


@pytest.mark.parametrize("given, suggestion", [
    ("/tmp/evil", "tmp-evil"),
    ("../../evil", "evil"),
    ("../people-evil", "people-evil"),
    ("sub/dir", "sub-dir"),
    ("Upper Case", "upper-case"),
    ("trailing-", "trailing"),
    ("a\x1b[2Jb", "a-2jb"),
])
def test_new_refuses_an_id_that_is_not_an_id_and_suggests_one(project, tmp_path, given, suggestion):
    before = _files(tmp_path)
    result = mkdossier(project, "new", "person", "Some Body", "--id", given)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("mkdossier new: error: invalid id '")
    assert line.endswith(f"Did you mean '{suggestion}'?")
    assert _files(tmp_path) == before  # nothing written anywhere
    assert not Path("/tmp/evil.yaml").exists()


def test_new_with_a_valid_id_writes_in_the_type_folder(project):
    result = mkdossier(project, "new", "person", "Some Body", "--id", "some-body-2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["data/people/some-body-2.yaml"]


def test_new_does_not_follow_a_symbolic_link_out_of_the_data_folder(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in os.listdir(project / "data/people"):
        shutil.move(project / "data/people" / name, outside / name)
    (project / "data/people").rmdir()
    (project / "data/people").symlink_to(outside, target_is_directory=True)
    before = _files(outside)
    result = mkdossier(project, "new", "person", "Some Body")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdossier new: error: data/people/ is not a plain folder")
    assert _files(outside) == before


# -- terminal control sequences in check's output ----------------------------------

def _hostile_kb(project: Path) -> None:
    (project / "data/people/eve.yaml").write_text(
        'name: Eve\n"\\e]0;pwned\\a\\e[2J": 1\n', encoding="utf-8")
    (project / "data/people/x\x1b[2J\u202e.yaml").write_text("name: X\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "github"])
@pytest.mark.parametrize("colour", ["never", "always"])
def test_check_output_carries_no_control_characters_from_values(project, fmt, colour):
    _hostile_kb(project)
    result = mkdossier(project, "check", "--format", fmt, "--color", colour)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout
    if colour == "always" and fmt == "text":
        out = out.replace("\x1b[0m", "").replace("\x1b[1m", "").replace("\x1b[31m", "")
        out = out.replace("\x1b[36m", "").replace("\x1b[2m", "")
    bad = [c for c in out if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0 or c == "\u202e"]
    assert bad == [], out
    assert "x\\x1b[2J\\u202e.yaml" in out  # the file name, shown as its escapes
    lines = out.splitlines()
    assert all(line.startswith("::error ") for line in lines[:-1]) if fmt == "github" else True


def test_check_json_keeps_values_exact(project):
    _hostile_kb(project)
    result = mkdossier(project, "check", "--format", "json")
    document = json.loads(result.stdout)
    assert any("x\x1b[2J\u202e.yaml" in p["file"] for p in document["problems"])


def test_github_annotations_escape_workflow_command_characters(tmp_path):
    from mkdossier import report
    from mkdossier.problems import Problem

    problem = Problem("data/a,b:c.yaml", 1, 2, "f", "100% bad\r\n::error::forged", "hint\nmore")
    (line, count) = report.github_lines([problem])
    assert line.startswith("::error file=data/a%2Cb%3Ac.yaml,line=1,col=2,")
    assert "\n" not in line and "\r" not in line
    assert "100%25 bad" in line and count == "1 problem found."


# -- the pull-request diff comment ----------------------------------------------------

PAYLOADS = [
    "@team please look",
    "[click](javascript:alert(1))",
    "![](https://tracker.example/pixel.png)",
    "<img src=https://tracker.example/i.png>",
    "&#64;security-team",
    "| a | b |",
    "# Heading",
    "`` code ``` @octocat",
    "[ref]: https://tracker.example/ref",
]


def test_diff_markdown_neutralizes_mentions_links_images_and_structure(project):
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "base")
    for index, payload in enumerate(PAYLOADS):
        (project / f"data/people/payload-{index}.yaml").write_text(
            f"name: {json.dumps(payload)}\n", encoding="utf-8")
    statements = "".join(f"  - statement: {json.dumps(p)}\n    stances:\n      - party: us-government\n"
                         f"        stance: asserts\n        source: {SOURCE}\n" for p in PAYLOADS)
    (project / "data/claims/payloads.yaml").write_text(
        textwrap.dedent("""\
            statement: "@octocat [x](https://tracker.example/) ![](https://tracker.example/p.png)"
            stances:
              - {party: us-government, stance: asserts, source: %s}
        """) % SOURCE, encoding="utf-8")
    incident = next((project / "data/incidents").glob("*.yaml"))
    with open(incident, "a", encoding="utf-8") as out:
        out.write(statements)
    check = mkdossier(project, "check")
    assert check.returncode == 0, check.stdout
    result = mkdossier(project, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["a", "img", "table", "script", "iframe"]) == []
    assert [h.get_text() for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == [
        "Knowledge-graph changes since HEAD", "Records added", "Records changed", "Claims added"]
    text = soup.get_text()
    for payload in PAYLOADS:  # every value is shown, as text
        shown = " ".join(payload.split()).replace("@", "@\u2060")
        assert shown in text or payload.startswith("`"), payload
    # No "@" directly followed by a name: GitHub links (and notifies) none.
    assert all(not text[i + 1:i + 2].isalnum() for i, c in enumerate(text) if c == "@")
    assert all(not markdown[i + 1:i + 2].isalnum() for i, c in enumerate(markdown) if c == "@")

"""CONTRIBUTING.md, followed literally as a new contributor would: every
command of the walkthrough is run, every "add these lines" is appended, the
printed output is compared with what the document shows, and the new
incident must pass check and appear in the chronology. The document's
tables (dates, stances, statuses, relation types) are checked against the
knowledge base and the record model, so the document cannot drift."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from mkdossier.dates import describe_text
from mkdossier.model import load_model

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOCUMENT = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def section(heading: str) -> str:
    """The text under a '## ' heading, up to the next one."""
    start = DOCUMENT.index(f"\n## {heading}\n")
    end = DOCUMENT.find("\n## ", start + 1)
    return DOCUMENT[start: end if end != -1 else None]


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header starts with ``first_header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def expected_output(block: str) -> re.Pattern:
    """Shown output as a pattern: '…' stands for whatever the knowledge base makes it."""
    return re.compile("".join(".*?" if part == "…" else re.escape(part) for part in re.split("(…)", block.strip())),
                      re.DOTALL)


def run_command(line: str, project: Path) -> subprocess.CompletedProcess:
    words = shlex.split(line, comments=True)
    assert words[0].startswith(".venv/bin/"), f"the walkthrough runs the project's own tools: {line}"
    words[0] = str(BIN / words[0].removeprefix(".venv/bin/"))
    return subprocess.run(words, cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path) -> Path:
    """A contributor's checkout: the repository's data and schema, in a temporary folder."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "schema", root / "schema")
    return root


def test_following_the_walkthrough_adds_an_incident_to_the_chronology(project, tmp_path):
    walkthrough = section("Your first records, step by step")
    last: subprocess.CompletedProcess | None = None
    new_file: Path | None = None
    created: dict[str, Path] = {}
    for info, block in FENCE.findall(walkthrough):
        if info == "sh":
            for line in block.splitlines():
                if not line.strip():
                    continue
                last = run_command(line, project)
                assert last.returncode == 0, (line, last.stdout, last.stderr)
                if shlex.split(line)[1] == "new":
                    new_file = project / last.stdout.strip()
                    assert new_file.is_file()
                    created[shlex.split(line)[2]] = new_file
        elif info == "text":  # what the last command prints, as the document shows it
            assert last is not None
            assert expected_output(block).fullmatch(last.stdout.strip()), (block, last.stdout)
        elif info == "yaml":  # "add these lines at the end of the file"
            assert new_file is not None
            with open(new_file, "a", encoding="utf-8") as out:
                out.write("\n" + block)
    assert sorted(created) == ["claim", "incident", "person", "source"]

    check = run_command(".venv/bin/mkdossier check", project)
    assert check.returncode == 0, check.stdout

    pages = tmp_path / "pages"
    render = subprocess.run([str(BIN / "mkdossier"), "render", "--out", str(pages)], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert render.returncode == 0, render.stdout
    incident = created["incident"]
    title = yaml.safe_load(incident.read_text(encoding="utf-8"))["title"]
    chronology = (pages / "chronology" / "index.md").read_text(encoding="utf-8")
    body = chronology.split("---\n", 2)[2]  # after the front matter
    html = BeautifulSoup(markdown.markdown(body, extensions=["md_in_html", "attr_list"]), "html.parser")
    links = html.find_all("a", href=f"../incidents/{incident.stem}.md")
    assert [a.get_text() for a in links] == [title]
    heading = links[0].find_previous(["h2", "h3"])
    assert heading.get_text() == "September 2023"
    for kind in ("person", "claim", "source"):
        folder = load_model().types[kind].folder
        assert (pages / folder / f"{created[kind].stem}.md").is_file()


def test_the_walkthrough_tells_how_to_remove_the_practice_files():
    walkthrough = section("Your first records, step by step")
    assert "data/sources/practice-report.yaml" in walkthrough
    assert "data/people/sergei-lavrov.yaml" in walkthrough


def test_date_examples_are_real_and_shown_as_the_site_shows_them():
    rows = table_rows(section("Dates"), "written")
    assert len(rows) >= 8
    for written, _meaning, shown, used_in in rows:
        value = written.strip('`"')
        assert describe_text(value) == shown, written
        data = yaml.safe_load((REPO / used_in.strip("`")).read_text(encoding="utf-8"))
        assert value in set(_strings(data)), (written, used_in)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_stances_statuses_and_relation_types_match_the_model():
    model = load_model()
    walkthrough = section("Your first records, step by step")
    stances = [row[0].strip("`") for row in table_rows(walkthrough, "stance")]
    assert stances == list(model.vocabularies["stance"])
    statuses = [row[0].strip("*") for row in table_rows(walkthrough, "status (derived, never written)")]
    assert sorted(statuses) == sorted(model.vocabularies["claim_status"])
    listed = re.search(r"relation vocabulary\n\((.*?);", walkthrough, re.DOTALL).group(1)
    assert re.findall(r"`(\w+)`", listed) == list(model.relations)

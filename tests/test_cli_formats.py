"""`mkdossier check` output formats, through the real command: text (plain,
and coloured on a terminal), GitHub workflow annotations, JSON; and the
pre-commit hook that runs it."""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"

EDTF_HINT = "Months run from 01 to 12 (and 21 to 24 for seasons: 2023-22 is summer 2023)."
# (file, line, col, field, message, hint) of each problem in fixtures/contrib/problems, in order.
PROBLEMS = [
    ("data/incidents/2023-09-visit.yaml", 2, 7, "date", "invalid date '2023-13': month 13 does not exist", EDTF_HINT),
    ("data/incidents/2023-09-visit.yaml", 4, 9, "participants[0].id", "unknown id 'kim-jong-um'",
     "Did you mean 'kim-jong-un' (data/people/kim-jong-un.yaml)?"),
    ("data/incidents/2023-09-visit.yaml", 11, 17, "claims[0].stances[0].stance", "unknown stance 'maybe'",
     "Use one of: asserts, denies, reports, confirms."),
    ("data/people/kim-jong-un.yaml", 1, 1, "name",
     "missing required field 'name' (The name most readers would search for, in English)",
     "Add it, e.g. 'name: Sergei Shoigu'."),
    ("data/people/kim-jong-un.yaml", 1, 1, "nme", "unknown field 'nme'", "Did you mean 'name'?"),
    ("data/people/kim-jong-un.yaml", 2, 1, "50%", "unknown field '50%'",
     "Known fields: name, aliases, description, identifiers, relations, tags, review."),
]

TEXT = [
    f"data/incidents/2023-09-visit.yaml:2:7: date: invalid date '2023-13': month 13 does not exist. {EDTF_HINT}",
    "data/incidents/2023-09-visit.yaml:4:9: participants[0].id: unknown id 'kim-jong-um'. "
    "Did you mean 'kim-jong-un' (data/people/kim-jong-un.yaml)?",
    "data/incidents/2023-09-visit.yaml:11:17: claims[0].stances[0].stance: unknown stance 'maybe'. "
    "Use one of: asserts, denies, reports, confirms.",
    "data/people/kim-jong-un.yaml:1:1: name: missing required field 'name' (The name most readers would search for, "
    "in English). Add it, e.g. 'name: Sergei Shoigu'.",
    "data/people/kim-jong-un.yaml:1:1: nme: unknown field 'nme'. Did you mean 'name'?",
    "data/people/kim-jong-un.yaml:2:1: 50%: unknown field '50%'. "
    "Known fields: name, aliases, description, identifiers, relations, tags, review.",
    "6 problems found.",
]

GITHUB = [
    "::error file=data/incidents/2023-09-visit.yaml,line=2,col=7,title=mkdossier check::"
    f"date: invalid date '2023-13': month 13 does not exist. {EDTF_HINT}",
    "::error file=data/incidents/2023-09-visit.yaml,line=4,col=9,title=mkdossier check::"
    "participants[0].id: unknown id 'kim-jong-um'. Did you mean 'kim-jong-un' (data/people/kim-jong-un.yaml)?",
    "::error file=data/incidents/2023-09-visit.yaml,line=11,col=17,title=mkdossier check::"
    "claims[0].stances[0].stance: unknown stance 'maybe'. Use one of: asserts, denies, reports, confirms.",
    "::error file=data/people/kim-jong-un.yaml,line=1,col=1,title=mkdossier check::"
    "name: missing required field 'name' (The name most readers would search for, in English). "
    "Add it, e.g. 'name: Sergei Shoigu'.",
    "::error file=data/people/kim-jong-un.yaml,line=1,col=1,title=mkdossier check::"
    "nme: unknown field 'nme'. Did you mean 'name'?",
    # '%' is escaped as in GitHub's own toolkit, so the message survives the runner.
    "::error file=data/people/kim-jong-un.yaml,line=2,col=1,title=mkdossier check::"
    "50%25: unknown field '50%25'. Known fields: name, aliases, description, identifiers, relations, tags, review.",
    "6 problems found.",
]

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _project(tmp_path: Path, name: str) -> Path:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)
    return project


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


def mkdossier(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdossier"), *args], cwd=project, capture_output=True, text=True,
                          env=_env(**env), timeout=120)


def test_text_format_is_the_default_and_plain_when_piped(tmp_path):
    project = _project(tmp_path, "problems")
    result = mkdossier(project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == TEXT
    assert mkdossier(project, "check", "--format", "text").stdout.splitlines() == TEXT


def test_github_format_writes_one_annotation_per_problem(tmp_path):
    project = _project(tmp_path, "problems")
    result = mkdossier(project, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == GITHUB


def test_json_format_lists_every_problem(tmp_path):
    project = _project(tmp_path, "problems")
    result = mkdossier(project, "check", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert [(p["file"], p["line"], p["col"], p["field"], p["message"], p["hint"]) for p in document["problems"]] \
        == PROBLEMS
    assert [p["text"] for p in document["problems"]] == TEXT[:-1]


def test_text_is_coloured_on_a_terminal(tmp_path):
    project = _project(tmp_path, "problems")
    main, child = pty.openpty()
    process = subprocess.Popen([str(BIN / "mkdossier"), "check"], cwd=project, stdout=child,
                               stderr=subprocess.DEVNULL, env=_env(TERM="xterm"))
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=120) == 1
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines()
    assert all(ANSI.search(line) for line in shown)
    assert [ANSI.sub("", line) for line in shown] == TEXT
    assert shown[0].startswith("\x1b[1mdata/incidents/2023-09-visit.yaml:2:7:\x1b[0m")


def test_colour_can_be_forced_or_refused(tmp_path):
    project = _project(tmp_path, "problems")
    forced = mkdossier(project, "check", "--color", "always").stdout.splitlines()
    assert all(ANSI.search(line) for line in forced)
    assert [ANSI.sub("", line) for line in forced] == TEXT
    assert mkdossier(project, "check", "--color", "never").stdout.splitlines() == TEXT


def test_a_valid_knowledge_base_passes_in_every_format(tmp_path):
    project = _project(tmp_path, "kb")
    ok = "OK: 9 records (1 claim, 1 incident, 3 organization, 1 person, 2 place, 1 source)."
    for fmt in ("text", "github"):
        result = mkdossier(project, "check", "--format", fmt)
        assert (result.returncode, result.stdout.splitlines()) == (0, [ok])
    result = mkdossier(project, "check", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "ok": True, "problems": [],
        "records": {"claim": 1, "incident": 1, "organization": 3, "person": 1, "place": 2, "source": 1},
    }


def test_pre_commit_hook_runs_check_and_fails_on_problems(tmp_path):
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks["mkdossier-check"]
    assert re.search(hook["files"], "data/incidents/2023-09-13-new.yaml")
    assert hook["pass_filenames"] is False
    # Each hook's command, as pre-commit runs it: from the project root, with .venv/bin in it.
    projects = {}
    for name, expected in (("kb", 0), ("problems", 1)):
        project = projects[name] = _project(tmp_path, name)
        (project / ".venv").mkdir()
        (project / ".venv" / "bin").symlink_to(BIN, target_is_directory=True)
        result = subprocess.run(shlex.split(hook["entry"]), cwd=project, capture_output=True, text=True,
                                env=_env(), timeout=120)
        assert result.returncode == expected, result.stdout
    schema_hook = hooks["mkdossier-schema"]
    assert re.search(schema_hook["files"], "hooks/mkdossier/model.yaml")
    project = projects["kb"]
    shutil.copytree(REPO / "schema", project / "schema")
    result = subprocess.run(shlex.split(schema_hook["entry"]), cwd=project, capture_output=True, text=True,
                            env=_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    (project / "schema" / "person.schema.json").write_text("{}", encoding="utf-8")
    result = subprocess.run(shlex.split(schema_hook["entry"]), cwd=project, capture_output=True, text=True,
                            env=_env(), timeout=120)
    assert result.returncode == 1
    assert "schema/person.schema.json: out of date with the record model." in result.stderr.splitlines()


@pytest.mark.parametrize("command", ["check", "render", "new", "diff", "schema", "synth"])
def test_every_command_explains_itself(command):
    """``--help`` of each command, as a newcomer would first try it."""
    result = subprocess.run([str(BIN / "mkdossier"), command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: mkdossier {command}")

"""`mkdossier diff REV`: the knowledge-graph change between two revisions of
a real git repository (made in a temporary folder), exactly as made."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"
SOURCE = "nyt-2022-09-05-russia-buying-munitions"
INCIDENT = "2022-09-05-nyt-reports-munitions-purchase"


def _env(home: Path) -> dict:
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org")
    env.pop("GIT_DIR", None)
    return env


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True,
                            text=True, env=_env(repo.parent))
    assert result.returncode == 0, result.stderr
    return result.stdout


def mkdossier(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdossier"), *args], cwd=repo, capture_output=True, text=True,
                          env=_env(repo.parent), timeout=120)


def write(repo: Path, name: str, text: str) -> None:
    path = repo / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding the fixture knowledge base, committed once."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "kb", root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Base knowledge base")
    return root


def make_changes(repo: Path) -> None:
    """The change under review: one of each kind the diff reports."""
    write(repo, "people/sergei-lavrov.yaml", """
        name: Sergei Lavrov
        aliases: [Сергей Лавров]
    """)
    (repo / "data" / "claims" / "north-korea-sells-arms-to-russia.yaml").unlink()
    edit(repo, "people/john-kirby.yaml", "A spokesperson", "The spokesperson")
    edit(repo, "people/john-kirby.yaml", "type: official_of", "type: spokesperson_for")
    edit(repo, "organizations/dprk-government.yaml", "    target: north-korea\n",
         "    target: north-korea\n    since: \"1948\"\n")
    incident = f"incidents/{INCIDENT}.yaml"
    edit(repo, incident, "stance: denies", "stance: confirms")
    with open(repo / "data" / incident, "a", encoding="utf-8") as out:
        out.write("  - id: talks-continue\n"
                  "    statement: Russia and North Korea continue arms talks.\n"
                  "    stances:\n"
                  "      - party: us-government\n"
                  "        stance: asserts\n"
                  f"        source: {SOURCE}\n")


EXPECTED = {
    "base": "HEAD~1",
    "records": {
        "added": [{"id": "sergei-lavrov", "type": "person", "title": "Sergei Lavrov",
                   "file": "data/people/sergei-lavrov.yaml", "fields": []}],
        "removed": [{"id": "north-korea-sells-arms-to-russia", "type": "claim",
                     "title": "North Korea sells arms to Russia.",
                     "file": "data/claims/north-korea-sells-arms-to-russia.yaml", "fields": []}],
        "changed": [
            {"id": INCIDENT, "type": "incident",
             "title": "The New York Times reports that Russia is buying artillery shells from North Korea",
             "file": f"data/incidents/{INCIDENT}.yaml", "fields": ["claims"]},
            {"id": "dprk-government", "type": "organization", "title": "Government of North Korea",
             "file": "data/organizations/dprk-government.yaml", "fields": ["relations"]},
            {"id": "john-kirby", "type": "person", "title": "John Kirby",
             "file": "data/people/john-kirby.yaml", "fields": ["description", "relations"]},
        ],
    },
    "relations": {
        "added": [{"source": "john-kirby", "kind": "spokesperson_for", "label": "Spokesperson for",
                   "target": "us-government", "since": None, "until": None, "fields": []}],
        "removed": [{"source": "john-kirby", "kind": "official_of", "label": "Official of",
                     "target": "us-government", "since": None, "until": None, "fields": []}],
        "changed": [{"source": "dprk-government", "kind": "government_of", "label": "Government of",
                     "target": "north-korea", "since": "1948", "until": None, "fields": ["since"]}],
    },
    "claims": {
        "added": [{"owner": INCIDENT, "anchor": "claim-talks-continue",
                   "statement": "Russia and North Korea continue arms talks.", "status": "alleged",
                   "status_before": None, "statement_before": None,
                   "stances_added": [{"party": "us-government", "source": SOURCE, "stance": "asserts",
                                      "before": None}],
                   "stances_removed": [], "stances_changed": []}],
        "removed": [{"owner": "north-korea-sells-arms-to-russia", "anchor": "claim",
                     "statement": "North Korea sells arms to Russia.", "status": "alleged",
                     "status_before": None, "statement_before": None, "stances_added": [],
                     "stances_removed": [{"party": "us-government", "source": SOURCE, "stance": "asserts",
                                          "before": None}],
                     "stances_changed": []}],
        "changed": [{"owner": INCIDENT, "anchor": "claim-russia-buys-shells",
                     "statement": "Russia is buying artillery shells from North Korea.", "status": "confirmed",
                     "status_before": "disputed", "statement_before": None, "stances_added": [],
                     "stances_removed": [],
                     "stances_changed": [{"party": "dprk-government", "source": SOURCE, "stance": "confirms",
                                          "before": "denies"}]}],
    },
}

EXPECTED_MARKDOWN = f"""\
### Knowledge-graph changes since `HEAD~1`

**1 added, 3 changed, 1 removed records · 1 relation added, 1 removed · 1 claim added, 1 removed · 1 stance changed**

#### Records added

- `sergei-lavrov` (person): Sergei Lavrov — `data/people/sergei-lavrov.yaml`

#### Records removed

- `north-korea-sells-arms-to-russia` (claim): North Korea sells arms to Russia. — `data/claims/north-korea-sells-arms-to-russia.yaml`

#### Records changed

- `{INCIDENT}` (incident): `claims`
- `dprk-government` (organization): `relations`
- `john-kirby` (person): `description`, `relations`

#### Relations added

- `john-kirby` — Spokesperson for → `us-government`

#### Relations removed

- `john-kirby` — Official of → `us-government`

#### Relations changed

- `dprk-government` — Government of → `north-korea` (1948): `since` changed

#### Claims added

- on `{INCIDENT}`: Russia and North Korea continue arms talks. — *alleged*: `us-government` asserts (`{SOURCE}`)

#### Claims removed

- on `north-korea-sells-arms-to-russia`: North Korea sells arms to Russia. (was *alleged*)

#### Claims and stances changed

- on `{INCIDENT}`: Russia is buying artillery shells from North Korea. — status *disputed* → *confirmed*; `dprk-government` denies → confirms (`{SOURCE}`)
"""


def test_diff_between_two_revisions_reports_exactly_the_changes(repo):
    make_changes(repo)
    assert mkdossier(repo, "check").returncode == 0
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "The change")
    result = mkdossier(repo, "diff", "HEAD~1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED
    result = mkdossier(repo, "diff", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_MARKDOWN + "\n"


def test_the_working_tree_is_compared_uncommitted(repo):
    make_changes(repo)
    result = mkdossier(repo, "diff", "HEAD", "--format", "json")
    assert json.loads(result.stdout) == dict(EXPECTED, base="HEAD")


def test_no_change_says_so(repo):
    result = mkdossier(repo, "diff", "main")
    assert (result.returncode, result.stdout) == (0, "### Knowledge-graph changes since `main`\n\n"
                                                     "No change to the knowledge graph.\n\n")
    document = json.loads(mkdossier(repo, "diff", "main", "--format", "json").stdout)
    assert document == {"base": "main", **{part: {"added": [], "removed": [], "changed": []}
                                           for part in ("records", "relations", "claims")}}


def test_a_revision_before_the_data_folder_existed_shows_everything_added(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("A knowledge base.\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Empty")
    shutil.copytree(FIXTURES / "kb" / "data", root / "data")
    document = json.loads(mkdossier(root, "diff", "HEAD", "--format", "json").stdout)
    assert len(document["records"]["added"]) == 9
    assert [r["source"] for r in document["relations"]["added"]] == ["dprk-government", "john-kirby"]
    assert [c["status"] for c in document["claims"]["added"]] == ["disputed", "alleged"]


def test_an_unknown_revision_or_a_broken_side_is_an_error(repo):
    result = mkdossier(repo, "diff", "no-such-branch")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"mkdossier diff: error: 'no-such-branch' is not a commit in {repo}; give a branch, tag or commit "
        "(on a shallow clone, fetch it first)"]
    edit(repo, "people/john-kirby.yaml", "target: us-government", "target: us-govt")
    result = mkdossier(repo, "diff", "HEAD")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "mkdossier diff: error: working tree: the knowledge base has 1 problem, so there is no graph to "
        "compare; 'mkdossier check' lists it"]

"""The JSON Schema in schema/: generated from the record model and never
stale; every record in data/ passes it and a broken record does not, as the
real check-jsonschema CLI (what editors' and CI's validators do) sees it.
The workflows are checked against GitHub's own schema the same way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from mkdossier.json_schema import editor_mapping
from mkdossier.model import load_model

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"
MODEL = load_model()
TYPES = {name: record_type.folder for name, record_type in MODEL.types.items()}


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=300)


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    assert (BIN / "check-jsonschema").exists(), "check-jsonschema (a test dependency) is not installed"
    return run("check-jsonschema", *args)


def test_committed_schemas_are_what_the_model_generates(tmp_path):
    result = run("mkdossier", "schema", "--out", str(tmp_path / "schema"))
    assert result.returncode == 0, result.stderr
    generated = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "schema").iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schema").iterdir()}
    assert sorted(generated) == sorted(f"{t}.schema.json" for t in TYPES)
    assert committed == generated, "schema/ is stale: run `mkdossier schema --out schema` and commit it"
    assert run("mkdossier", "schema", "--out", "schema", "--check").returncode == 0


def test_schema_check_fails_on_a_stale_or_extra_file(tmp_path):
    out = tmp_path / "schema"
    assert run("mkdossier", "schema", "--out", str(out)).returncode == 0
    incident = out / "incident.schema.json"
    incident.write_text(incident.read_text(encoding="utf-8").replace('"happened"', '"occurred"'), encoding="utf-8")
    (out / "rumour.schema.json").write_text("{}", encoding="utf-8")
    result = run("mkdossier", "schema", "--out", str(out), "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{incident}: out of date with the record model.",
        f"{out / 'rumour.schema.json'}: out of date with the record model.",
        f"Run: mkdossier schema --out {out}",
    ]


def test_schemas_are_valid_json_schema():
    files = sorted(str(p) for p in (REPO / "schema").glob("*.schema.json"))
    result = check_jsonschema("--check-metaschema", *files)
    assert result.returncode == 0, result.stdout


def test_schemas_carry_the_model():
    incident = json.loads((REPO / "schema" / "incident.schema.json").read_text(encoding="utf-8"))
    assert incident["additionalProperties"] is False
    assert incident["required"] == ["title", "date", "sources"]
    assert incident["properties"]["status"]["enum"] == list(MODEL.vocabularies["incident_status"])
    assert incident["properties"]["date"]["description"].startswith(MODEL.types["incident"].fields["date"].doc)
    assert incident["properties"]["sources"]["minItems"] == 1
    stance = incident["properties"]["claims"]["items"]["properties"]["stances"]["items"]
    assert stance["required"] == ["party", "stance", "source"]
    assert stance["properties"]["party"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    person = json.loads((REPO / "schema" / "person.schema.json").read_text(encoding="utf-8"))
    relation = person["properties"]["relations"]["items"]["properties"]["type"]
    assert relation["enum"] == list(MODEL.relations)


def test_every_record_in_data_passes_its_schema():
    for type_name, folder in TYPES.items():
        files = sorted(str(p) for p in (REPO / "data" / folder).glob("*.yaml"))
        assert files, folder
        result = check_jsonschema("--schemafile", str(REPO / "schema" / f"{type_name}.schema.json"), *files)
        assert result.returncode == 0, result.stdout


def test_a_broken_record_is_rejected_field_by_field():
    broken = FIXTURES / "broken" / "incidents" / "broken-incident.yaml"
    schema_file = REPO / "schema" / "incident.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))["properties"]
    participant = schema["participants"]["items"]["properties"]
    result = check_jsonschema("--output-format", "json", "--schemafile", str(schema_file), str(broken))
    assert result.returncode == 1
    errors = sorted((e["path"], e["message"]) for e in json.loads(result.stdout)["errors"])
    assert errors == sorted([
        ("$.title", f"'Two lines\\nin a one-line field' does not match {schema['title']['pattern']!r}"),
        ("$.date", f"'early September' does not match {schema['date']['pattern']!r}"),
        ("$.participants[0].id", f"'Kim Jong Un' does not match {participant['id']['pattern']!r}"),
        ("$.participants[0].role", f"'guest-of-honour' is not one of {participant['role']['enum']!r}"),
        ("$.claims[0].stances", "[] should be non-empty"),
        ("$", "Additional properties are not allowed ('stauts' was unexpected)"),
        ("$", "'sources' is a required property"),
    ])
    # mkdossier check finds the same seven problems.
    check = run("mkdossier", "check", "--data", str(FIXTURES / "broken"), "--root", str(FIXTURES / "broken"))
    assert check.returncode == 1
    assert check.stdout.splitlines()[-1] == "7 problems found."


def test_vscode_maps_each_data_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_mapping(MODEL)
    for schema, globs in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file()
        assert all(glob.startswith("data/") for glob in globs)


def test_workflows_pass_githubs_workflow_schema():
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 2
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *workflows)
    assert result.returncode == 0, result.stdout


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_pull_request_workflow_checks_builds_and_comments_the_diff():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = _steps(workflow)
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "make check FORMAT=github" in runs
    assert "make build" in runs
    assert '.venv/bin/mkdossier diff "$BASE_SHA"' in runs
    uses = {step.get("uses") for step in steps}
    assert {"actions/checkout@v4", "actions/setup-python@v5", "actions/github-script@v7"} <= uses
    comment = next(step for step in steps if step.get("uses") == "actions/github-script@v7")
    assert "createComment" in comment["with"]["script"]
    assert workflow["jobs"]["graph-diff"]["permissions"]["pull-requests"] == "write"


def test_publish_workflow_deploys_pages_and_the_offline_bundle():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    steps = _steps(workflow)
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "make build" in runs
    # `make build` makes the offline bundle first, and the site links to it
    assert "build: offline" in (REPO / "Makefile").read_text(encoding="utf-8")
    uses = {step.get("uses") for step in steps}
    assert {"actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"} <= uses
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}

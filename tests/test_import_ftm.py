"""``mkdossier import ftm``: a FollowTheMoney file made by the followthemoney
library itself goes in through the CLI, passes check and builds; the shipped
knowledge base's own export survives export → import → export."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml
from followthemoney import model as ftm_model

from conftest import BIN, REPO, make_project, mkdocs_build

from mkdossier.model import load_model

MKDOSSIER = str(BIN / "mkdossier")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([MKDOSSIER, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def entities_of(path: Path) -> dict[str, dict]:
    return {e["id"]: e for e in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_every_declared_property_is_one_of_its_schema():
    model = load_model()
    for record_type in model.types.values():
        declared = record_type.ftm.get("schema")
        if not declared:
            continue
        schema = ftm_model.get(declared)
        names = list(record_type.ftm.get("title") or ["name"]) + [record_type.ftm.get("page")]
        omit = set(record_type.ftm.get("omit") or [])

        def walk(fields, prefix=""):
            for name, spec in fields.items():
                if prefix + name in omit:
                    continue
                if spec.ftm:
                    names.extend([spec.ftm.get("property"), spec.ftm.get("end"), spec.ftm.get("caption")])
                    names.extend((spec.ftm.get("cases") or {}).values())
                    names.extend((spec.ftm.get("title_in") or {}).values())
                elif spec.type == "object":
                    walk(spec.fields, prefix + name + ".")

        walk(record_type.fields)
        for name in filter(None, names):
            assert name in schema.properties, (record_type.name, declared, name)
        for also in record_type.ftm.get("also") or []:
            assert ftm_model.get(also) is not None


def test_round_trip_of_the_shipped_knowledge_base(tmp_path):
    first = tmp_path / "first"
    assert cli("render", "--data", str(REPO / "data"), "--out", str(first)).returncode == 0
    exported = first / "downloads" / "entities.ftm.json"
    data = tmp_path / "data"
    data.mkdir()
    run = cli("import", "ftm", str(exported), "--data", str(data), "--published", "2023-09-11")
    assert run.returncode == 0, run.stderr
    assert cli("check", "--data", str(data)).returncode == 0
    second = tmp_path / "second"
    assert cli("render", "--data", str(data), "--out", str(second)).returncode == 0
    before, after = entities_of(exported), entities_of(second / "downloads" / "entities.ftm.json")
    # Every entity comes back the same (ids kept by identifiers.ftm), but the
    # Documentation links of records that cite a source only in their text:
    # the export writes Markdown as plain text, so the mention is gone.
    assert set(after) <= set(before)
    for entity_id in after:
        assert after[entity_id] == before[entity_id], entity_id
    lost = [before[i] for i in set(before) - set(after)]
    assert lost and all(e["schema"] == "Documentation" for e in lost)
    types_with_sources = {"Event", "Article"}  # the schemata of types with a documentedBy field
    assert all(before[e["properties"]["entity"][0]]["schema"] not in types_with_sources for e in lost)
    assert "Documentation of a record with no field for sources" in run.stdout


def _make(schema: str, entity_id: str, **properties) -> dict:
    proxy = ftm_model.make_entity(schema)
    proxy.id = entity_id
    for name, values in properties.items():
        for value in values if isinstance(values, list) else [values]:
            proxy.add(name, value)
    return proxy.to_dict()


def followthemoney_file(path: Path) -> Path:
    """A small dataset as an OpenSanctions or Aleph export would hold it."""
    entities = [
        _make("Person", "NK-kim", name=["김정은", "Kim Jong Un"], country="kp", birthDate="1984-01-08"),
        _make("Person", "ru-shoigu", name="Сергей Шойгу", alias="Sergei Shoigu", country="ru",
              wikidataId="Q325417"),
        _make("Person", "es-jose", name="José Müller-Núñez", passportNumber="X123"),
        _make("Person", "es-jose-2", name="José Müller-Núñez"),  # another person, the same name
        _make("Company", "co-acme", name="Acme Trading LLC", country="ru", jurisdiction="ru"),
        _make("Organization", "org-mod", name="Ministry of Defence", classification="ministry", country="ru"),
        _make("PublicBody", "pb-customs", name="Customs Service"),
        _make("Vessel", "imo-1234567", name="Sea Star", imoNumber="IMO1234567"),
        _make("Article", "art-1", title="Acme gets a new director", publishedAt="2021-03",
              publisher="Example Times"),
        _make("Article", "art-2", title="An article of unknown date"),
        _make("Event", "ev-1", name="Contract signed in Moscow", startDate="2021-05-01", endDate="2021-05-03",
              involved=["co-acme", "org-mod"], organizer="ru-shoigu", summary="A contract was signed."),
        _make("Event", "ev-undated", name="A meeting nobody dated"),
        _make("Directorship", "dir-1", director="es-jose", organization="co-acme", role="Director",
              startDate="2020-05", proof="art-1"),
        _make("Membership", "mem-1", member="ru-shoigu", organization="org-mod"),  # a missing date
        _make("Ownership", "own-1", owner="NK-kim", asset="co-acme", startDate="2019", percentage="51"),
        _make("Ownership", "own-2", owner="NK-kim", asset="imo-1234567"),
        _make("Documentation", "doc-1", document="art-2", entity="ev-1"),
    ]
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
    return path


def _record(data: Path, folder: str, record_id: str) -> dict:
    return yaml.safe_load((data / folder / f"{record_id}.yaml").read_text(encoding="utf-8"))


def test_import_of_a_followthemoney_file_checks_and_builds(tmp_path):
    project = make_project(tmp_path / "project")
    data = project / "data"
    data.mkdir()
    source = followthemoney_file(tmp_path / "opensanctions.ftm.json")
    run = cli("import", "ftm", str(source), "--data", str(data), "--published", "2024-01-15")
    assert run.returncode == 0, run.stderr
    report = run.stdout
    # What the model does not carry is reported, with counts and examples.
    assert "Vessel: 1 (e.g. imo-1234567)" in report
    assert "Ownership: 2" in report
    assert "Person.birthDate: 1" in report and "Person.passportNumber: 1" in report
    assert "Company.jurisdiction: 1" in report
    # A required date the entity lacks: written as unknown (never guessed), and said so.
    assert "incident.date not given: written as unknown: 1 (e.g. ev-undated)" in report
    assert "source.published not given: written as unknown" in report
    checked = cli("check", "--data", str(data))
    assert checked.returncode == 0, checked.stdout

    kim = _record(data, "people", "gim-jeong-eun")
    assert kim["name"] == "김정은" and kim["aliases"] == ["Kim Jong Un"]
    assert kim["identifiers"] == {"ftm": "NK-kim"}
    shoigu = _record(data, "people", "sergey-shoygu")
    assert shoigu["identifiers"] == {"wikidata": "Q325417", "ftm": "ru-shoigu"}
    assert shoigu["relations"][0]["type"] == "member_of" and "since" not in shoigu["relations"][0]
    imported_from = shoigu["relations"][0]["sources"]
    assert imported_from == ["imported-from-opensanctions-ftm-json"]
    assert _record(data, "sources", imported_from[0])["published"] == "2024-01-15"
    # Same name, two entities: ids by FtM id order, deterministic.
    jose = _record(data, "people", "jose-muller-nunez")
    assert jose["identifiers"]["ftm"] == "es-jose"
    assert _record(data, "people", "jose-muller-nunez-2")["identifiers"]["ftm"] == "es-jose-2"
    assert jose["relations"] == [{"type": "head_of", "target": "acme-trading-llc", "since": "2020-05",
                                  "note": "Director", "sources": ["acme-gets-a-new-director"]}]
    acme = _record(data, "organizations", "acme-trading-llc")
    assert acme["kind"] == "company" and acme["country"] == "russia"
    assert _record(data, "places", "russia") == {"name": "Russia", "kind": "country"}
    assert _record(data, "organizations", "ministry-of-defence")["kind"] == "ministry"
    assert _record(data, "organizations", "customs-service")["kind"] == "other"
    assert _record(data, "sources", "acme-gets-a-new-director")["published"] == "2021-03"
    assert _record(data, "sources", "an-article-of-unknown-date")["published"] == "unknown"
    event = _record(data, "incidents", "2021-05-contract-signed-in-moscow")
    assert event["date"] == "2021-05-01/2021-05-03"
    assert event["participants"] == [{"id": "acme-trading-llc", "role": "participant"},
                                     {"id": "ministry-of-defence", "role": "participant"},
                                     {"id": "sergey-shoygu", "role": "organizer"}]
    assert event["sources"] == ["an-article-of-unknown-date"]

    # Importing again updates the same files: no duplicates.
    before = {p: p.read_text(encoding="utf-8") for p in data.rglob("*.yaml")}
    again = cli("import", "ftm", str(source), "--data", str(data), "--published", "2024-01-15")
    assert again.returncode == 0 and " 0 created" not in again.stdout
    assert {p: p.read_text(encoding="utf-8") for p in data.rglob("*.yaml")} == before

    # A knowledge base that declares Ownership in its model gets the ownerships too, no Python change.
    (data / "model.yaml").write_text(
        "relations:\n  owner_of:\n    outgoing: Owner of\n    incoming: Owned by\n"
        "    from: [person, organization]\n    to: [organization]\n"
        "    ftm: {schema: Ownership, source: owner, target: asset}\n", encoding="utf-8")
    third = cli("import", "ftm", str(source), "--data", str(data), "--published", "2024-01-15")
    assert "Ownership whose ends were not imported: 1 (e.g. own-2)" in third.stdout
    kim = _record(data, "people", "gim-jeong-eun")
    assert kim["relations"][0]["type"] == "owner_of" and kim["relations"][0]["since"] == "2019"
    assert cli("check", "--data", str(data)).returncode == 0

    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "people" / "gim-jeong-eun" / "index.html").read_text(encoding="utf-8")
    assert "Acme Trading LLC" in page


def test_dry_run_writes_nothing_and_bad_input_is_a_message(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    source = followthemoney_file(tmp_path / "in.ftm.json")
    run = cli("import", "ftm", str(source), "--data", str(data), "--dry-run")
    assert run.returncode == 0 and "Dry run" in run.stdout
    assert not list(data.rglob("*.yaml"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{not json\n', encoding="utf-8")
    run = cli("import", "ftm", str(broken), "--data", str(data))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{broken}:2:" in run.stderr

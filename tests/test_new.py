"""`mkdossier new`: a record that passes check from the start, with a slug id
(transliterated from any script), never overwriting, path printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "contrib"
SOURCE = "nyt-2022-09-05-russia-buying-munitions"

# The smallest command line for each record type, and the file it must write.
EACH_TYPE = [
    (["person", "Sergei Lavrov"], "data/people/sergei-lavrov.yaml"),
    (["organization", "Ministry of Foreign Affairs of Russia", "--kind", "ministry", "--country", "russia"],
     "data/organizations/ministry-of-foreign-affairs-of-russia.yaml"),
    (["place", "Vostochny Cosmodrome", "--kind", "site", "--located_in", "russia"],
     "data/places/vostochny-cosmodrome.yaml"),
    (["source", "Putin and Kim meet at the Vostochny Cosmodrome", "--published", "2023-09-13",
      "--kind", "news_report", "--publisher", "the-new-york-times", "--url", "https://example.org/report"],
     "data/sources/putin-and-kim-meet-at-the-vostochny-cosmodrome.yaml"),
    (["incident", "Kim Jong Un meets Vladimir Putin", "--date", "2023-09-13", "--sources", SOURCE],
     "data/incidents/2023-09-13-kim-jong-un-meets-vladimir-putin.yaml"),
    (["claim", "Russia helps North Korea build satellites",
      "--stances", f"party=us-government,stance=asserts,source={SOURCE}"],
     "data/claims/russia-helps-north-korea-build-satellites.yaml"),
]


@pytest.fixture
def project(tmp_path) -> Path:
    """The small fixture knowledge base, with the repository's schema/ beside it."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb", root)
    shutil.copytree(REPO / "schema", root / "schema")
    return root


def mkdossier(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdossier"), *args], cwd=project, capture_output=True, text=True, timeout=120)


def check_passes(project: Path) -> None:
    result = mkdossier(project, "check")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("args, path", EACH_TYPE, ids=[a[0] for a, _ in EACH_TYPE])
def test_new_then_check_passes_for_every_type(project, args, path):
    result = mkdossier(project, "new", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [path]
    written = yaml.safe_load((project / path).read_text(encoding="utf-8"))
    assert list(written.values())[0] == args[1]  # the name, title or statement comes first
    check_passes(project)


def test_every_type_of_the_model_is_covered():
    from mkdossier.model import load_model

    assert sorted(args[0] for args, _ in EACH_TYPE) == sorted(load_model().types)


def test_the_new_file_names_its_schema_and_passes_it(project):
    path = mkdossier(project, "new", "incident", "Kim Jong Un meets Vladimir Putin", "--date", "2023-09-13",
                     "--sources", SOURCE, "--participants", "id=dprk-government,role=guest").stdout.strip()
    text = (project / path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/incident.schema.json"
    result = subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(project / "schema" /
                             "incident.schema.json"), str(project / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    data = yaml.safe_load(text)
    assert data == {"title": "Kim Jong Un meets Vladimir Putin", "date": "2023-09-13",
                    "participants": [{"id": "dprk-government", "role": "guest"}], "sources": [SOURCE]}
    assert 'date: "2023-09-13"' in text.splitlines()  # dates are quoted, as in the rest of the base
    # The fields left out are there as comments, to fill in.
    assert "# location: ''  # Where it happened (id of place), e.g. vladivostok" in text.splitlines()


@pytest.mark.parametrize("name, expected", [
    ("Сергей Шойгу", "data/people/sergey-shoygu.yaml"),
    ("김정은", "data/people/gim-jeong-eun.yaml"),
    ("Mária Zakharóva", "data/people/maria-zakharova.yaml"),
    ("Kim Jong Un's  cousin!", "data/people/kim-jong-uns-cousin.yaml"),
])
def test_names_in_any_script_make_latin_slug_ids(project, name, expected):
    result = mkdossier(project, "new", "person", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [expected]
    assert yaml.safe_load((project / expected).read_text(encoding="utf-8"))["name"] == name
    check_passes(project)


def test_a_known_name_or_alias_is_pointed_out(project):
    result = mkdossier(project, "new", "place", "북한", "--kind", "country")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "note: data/places/north-korea.yaml already has the name or alias '북한'; is it the same place?"]


def test_never_overwrites_an_existing_file(project):
    first = mkdossier(project, "new", "person", "Sergei Lavrov")
    path = project / first.stdout.strip()
    path.write_text(path.read_text(encoding="utf-8") + "description: Edited by hand.\n", encoding="utf-8")
    before = path.read_bytes()
    again = mkdossier(project, "new", "person", "Sergei Lavrov")
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr.splitlines() == [
        "mkdossier new: error: the id 'sergei-lavrov' is already used by data/people/sergei-lavrov.yaml; "
        "nothing was written. Choose another with --id"]
    assert path.read_bytes() == before
    other = mkdossier(project, "new", "person", "Sergei Lavrov", "--id", "sergei-lavrov-2")
    assert other.stdout.splitlines() == ["data/people/sergei-lavrov-2.yaml"]
    check_passes(project)


def test_an_id_used_by_another_type_is_refused(project):
    result = mkdossier(project, "new", "organization", "Russia", "--kind", "state")
    assert result.returncode == 1
    assert "the id 'russia' is already used by data/places/russia.yaml" in result.stderr
    assert not (project / "data" / "organizations" / "russia.yaml").exists()


def test_missing_required_fields_are_named_and_nothing_is_written(project):
    result = mkdossier(project, "new", "incident", "Kim Jong Un meets Vladimir Putin")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "mkdossier new incident: error: an incident also needs --date EDTF, --sources ID "
        "(see: mkdossier new incident --help)")
    assert sorted(p.name for p in (project / "data" / "incidents").iterdir()) == [
        "2022-09-05-nyt-reports-munitions-purchase.yaml"]


def test_values_that_would_fail_check_write_nothing(project):
    result = mkdossier(project, "new", "incident", "Kim Jong Un meets Vladimir Putin",
                       "--date", "13 September 2023", "--sources", "nyt")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "mkdossier new: error: the new record would not pass check; nothing was written:"
    assert lines[1] == ("  date: invalid date '13 September 2023': dates are written in EDTF, not in words. "
                        "Write '2023-09-13': the site shows it as '13 September 2023'.")
    assert lines[2].startswith("  sources[0]: unknown id 'nyt'.")
    assert sorted(p.name for p in (project / "data" / "incidents").iterdir()) == [
        "2022-09-05-nyt-reports-munitions-purchase.yaml"]


def test_unknown_type_is_refused_with_a_suggestion(project):
    result = mkdossier(project, "new", "persons", "Sergei Lavrov")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "mkdossier new: error: unknown record type 'persons'; use one of: person, organization, place, "
        "source, incident, claim. Did you mean 'person'?"]


def test_the_reference_command_lines_name_exactly_the_required_options(project):
    from mkdossier.model import load_model
    from mkdossier.scaffold import new_command

    for record_type in load_model().types.values():
        command = new_command(record_type)
        options = command.split(f'"{record_type.title_field.upper()}"', 1)[1].strip()
        result = mkdossier(project, "new", record_type.name, "Practice name")
        if not options:
            assert result.returncode == 0, result.stderr
            continue
        assert result.returncode == 2
        article = "an" if record_type.name[0] in "aeiou" else "a"
        assert result.stderr.splitlines()[-1] == (
            f"mkdossier new {record_type.name}: error: {article} {record_type.name} also needs "
            f"{options.replace(' --', ', --')} (see: mkdossier new {record_type.name} --help)")

"""Every validation rule, through the public doors: each test copies the
valid fixture knowledge base (tests/fixtures/valid-kb), makes one edit, runs
``check`` and compares the exact lines a contributor would read.

"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import BIN, REPO
from mkdossier import pipeline

FIXTURE = Path(__file__).parent / "fixtures" / "valid-kb"
EDTF_HINT = ("Write EDTF: 2023-09-11 (day), 2023-06 (month), 2023~ (about), 2023-09? (uncertain), "
             "2022-11-01/2022-11-10 (interval), 2023-09-11/.. (open end).")


def edited_kb(tmp_path: Path, edits: dict[str, str | bytes]) -> Path:
    """A copy of the valid fixture with ``{"people/x.yaml": text}`` written
    under its data folder (text is dedented; bytes are written as they are)."""
    data = shutil.copytree(FIXTURE, tmp_path / "kb") / "data"
    for name, content in edits.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return data


def check_after(tmp_path: Path, edits: dict[str, str | bytes]) -> pipeline.Result:
    data = edited_kb(tmp_path, edits)
    return pipeline.check(data, root=data.parent)


def problems_after(tmp_path: Path, edits: dict[str, str | bytes]) -> list[str]:
    """The problems ``check`` finds after the edits, as printed."""
    return [str(problem) for problem in check_after(tmp_path, edits).problems]


def run_cli(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdossier"), "check", "--data", str(data)],
                          capture_output=True, text=True, timeout=120)


# -- the knowledge bases that pass ----------------------------------------------------


def test_valid_fixture_passes_the_cli_with_exit_0(tmp_path):
    result = run_cli(edited_kb(tmp_path, {}))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "OK: 11 records (1 claim, 2 incident, 3 organization, 2 person, 1 place, 2 source)."]
    assert result.stderr == ""


def test_valid_fixture_has_a_disputed_claim(tmp_path):
    result = check_after(tmp_path, {})
    assert result.problems == []
    statuses = {(c.owner, c.anchor): c.status for c in result.graph.claims}
    assert statuses == {
        ("north-korea-sells-arms-to-russia", "claim"): "disputed",  # asserted and denied
        ("2022-11-us-accuses-dprk", "claim-dprk-supplies-shells"): "alleged",
    }


def test_real_knowledge_base_passes_check():
    result = subprocess.run([str(BIN / "mkdossier"), "check", "--data", str(REPO / "data")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: ")


# -- files: reading and parsing ----------------------------------------------------


def test_yaml_syntax_error_is_reported_where_the_parser_stopped(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
          role: spokesperson
    """})
    assert problems == ["data/people/john-kirby.yaml:2:1: file: YAML syntax: this line is indented under line 1, "
                        "which already has a value. Indent it by 0 spaces, like line 1."]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    result = check_after(tmp_path, {"people/john-kirby.yaml": 'name: "John Kirby\naliases: [Kirby]\n'})
    [problem] = result.problems
    assert problem.line == 1 or "line 1" in problem.message, str(problem)


def test_nul_byte_is_refused_on_its_line(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": "name: John Kirby\ndescription: a\x00b\n"})
    assert problems == ["data/people/john-kirby.yaml:2:1: file: file contains a NUL byte. "
                        "Remove it; save the file as UTF-8 text."]


def test_file_that_is_not_utf8_is_refused_on_the_line_of_the_first_bad_byte(tmp_path):
    latin1 = "name: John Kirby\naliases: [Jöhn]\n".encode("latin-1")
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": latin1})
    assert problems == ["data/people/john-kirby.yaml:2:1: file: file is not UTF-8. Save it as UTF-8."]


@pytest.mark.parametrize("content, got", [
    pytest.param("- name: John Kirby\n", "a list", id="list"),
    pytest.param("", "an empty file", id="empty"),
    pytest.param("# to be written\n", "an empty file", id="only-a-comment"),
    pytest.param("John Kirby\n", "text", id="text"),
])
def test_record_file_must_be_a_mapping(tmp_path, content, got):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": content})
    assert problems == [
        f"data/people/john-kirby.yaml:1:1: file: expected a mapping of fields, got {got}. Start with 'name: …'."]


def test_anchors_and_aliases_are_refused(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: &name John Kirby
        aliases: [*name]
    """})
    assert problems == ["data/people/john-kirby.yaml:1:7: file: YAML syntax: anchors and aliases (&name, *name) "
                        "are not allowed. Write the value out."]


def test_duplicate_key_is_reported_at_the_second_key(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        aliases: [Kirby]
        name: J. Kirby
    """})
    assert problems == ["data/people/john-kirby.yaml:3:1: name: duplicate key 'name': it is already on line 1. "
                        "Keep one of the two (a later one would silently replace the first)."]


@pytest.mark.parametrize("folder, hint", [
    ("peple", "Did you mean 'people/'?"),
    ("things", "Use one of: claims, incidents, organizations, people, places, sources."),
], ids=["close-to-a-folder", "close-to-none"])
def test_record_in_unknown_folder(tmp_path, folder, hint):
    problems = problems_after(tmp_path, {f"{folder}/john-kirby.yaml": "name: John Kirby\n"})
    assert problems == [f"data/{folder}/john-kirby.yaml:1:1: file: record file in unknown folder '{folder}'. {hint}"]


def test_record_in_nested_folder_is_told_where_to_move(tmp_path):
    [problem] = check_after(tmp_path, {"people/staff/john-kirby.yaml": "name: John Kirby\n"}).problems
    assert (problem.file, problem.line, problem.message) == (
        "data/people/staff/john-kirby.yaml", 1, "record file in a nested folder")
    assert "Did you mean" not in problem.hint and "data/people/" in problem.hint


def test_unreadable_record_is_not_also_reported_as_unknown_everywhere(tmp_path):
    problems = problems_after(tmp_path, {"people/kim-jong-un.yaml": "name: Kim Jong Un\n  role: leader\n"})
    assert problems == ["data/people/kim-jong-un.yaml:2:1: file: YAML syntax: this line is indented under line 1, "
                        "which already has a value. Indent it by 0 spaces, like line 1."]


# -- ids (the file names) --------------------------------------------------------------


def test_same_id_in_two_types_is_a_duplicate(tmp_path):
    problems = problems_after(tmp_path, {"organizations/kim-jong-un.yaml": """
        name: Office of Kim Jong Un
        kind: government_body
    """})
    assert problems == [
        "data/people/kim-jong-un.yaml:1:1: file: duplicate id 'kim-jong-un': also used by "
        "data/organizations/kim-jong-un.yaml. Ids are unique across all folders, whatever the case of their "
        "letters; rename one file."]


def test_ids_differing_only_in_case_are_duplicates(tmp_path):
    problems = problems_after(tmp_path, {"organizations/Kim-Jong-Un.yaml": """
        name: Office of Kim Jong Un
        kind: government_body
    """})
    assert problems == [
        "data/organizations/Kim-Jong-Un.yaml:1:1: file: invalid id 'Kim-Jong-Un' (the file name): it has capital "
        "letters; an id has only lowercase Latin letters, digits and single hyphens. "
        "Rename the file to 'kim-jong-un.yaml'.",
        "data/people/kim-jong-un.yaml:1:1: file: duplicate id 'kim-jong-un': also used by "
        "data/organizations/Kim-Jong-Un.yaml. Ids are unique across all folders, whatever the case of their "
        "letters; rename one file.",
    ]


@pytest.mark.parametrize("stem, fault", [
    ("John_Kirby", "it has capital letters and an underscore; an id has only lowercase Latin letters, digits and single hyphens"),
    ("John Kirby", "it has capital letters and a space; an id has only lowercase Latin letters, digits and single "
                   "hyphens"),
    ("john--kirby", "a hyphen may only stand alone between letters or digits"),
])
def test_invalid_id_suggests_a_file_name(tmp_path, stem, fault):
    problems = problems_after(tmp_path, {f"people/{stem}.yaml": "name: John Kirby\n"})
    assert problems == [
        f"data/people/{stem}.yaml:1:1: file: invalid id '{stem}' (the file name): {fault}. "
        "Rename the file to 'john-kirby.yaml'."]


# -- fields: names, types, required -----------------------------------------------------


def test_unknown_field_suggests_the_closest_name(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        partcipants:
          - id: sergei-shoigu
            role: visitor
        sources: [kim-visit-article]
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:3:1: partcipants: unknown field "
                        "'partcipants'. Did you mean 'participants'?"]


def test_unknown_field_without_a_close_name_lists_the_known_fields(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        favourite_colour: blue
    """})
    assert problems == ["data/people/john-kirby.yaml:2:1: favourite_colour: unknown field 'favourite_colour'. "
                        "Known fields: name, aliases, description, identifiers, relations, tags, review."]


def test_text_where_a_list_is_expected(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        aliases: Admiral Kirby
    """})
    assert problems == ["data/people/john-kirby.yaml:2:10: aliases: expected a list, got text. "
                        "Write it as '[Admiral Kirby]' or as '- ' lines."]


def test_number_where_text_is_expected_says_quote_it(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": "name: 1984\n"})
    assert problems == ["data/people/john-kirby.yaml:1:7: name: expected one line of text, got a number. "
                        "Quote it: '1984'."]


def test_yes_no_where_text_is_expected_says_quote_what_was_written(tmp_path):
    problems = problems_after(tmp_path, {"sources/kim-visit-article.yaml": """
        title: Kim Jong Un arrives in Russia for talks with Putin
        published: "2023-09-11"
        kind: news_report
        language: no
    """})
    assert problems == ["data/sources/kim-visit-article.yaml:4:11: language: expected a language tag such "
                        "as en or ru, got true/false. Quote it: 'no'."]


def test_person_without_name(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": "aliases: [Kirby]\n"})
    assert problems == ["data/people/john-kirby.yaml:1:1: name: missing required field 'name' (The name most "
                        "readers would search for, in English). Add it, e.g. 'name: Sergei Shoigu'."]


def test_incident_without_sources(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:1:1: sources: missing required field 'sources' "
                        "(The sources that report the incident. At least one). Add it."]


def test_incident_with_empty_sources(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        sources: []
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:3:10: sources: needs at least 1 item(s)."]


def test_claim_with_empty_stances(tmp_path):
    problems = problems_after(tmp_path, {"claims/north-korea-sells-arms-to-russia.yaml": """
        statement: North Korea sells arms to Russia.
        stances: []
    """})
    assert problems == ["data/claims/north-korea-sells-arms-to-russia.yaml:2:10: stances: needs at least 1 item(s)."]


def test_stance_without_source_in_an_incident(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2022-11-us-accuses-dprk.yaml": """
        title: The United States accuses North Korea
        date: 2022-11-01/2022-11-10
        sources: [us-accusation]
        claims:
          - id: shells
            statement: North Korea supplies shells.
            stances:
              - party: us-government
                stance: asserts
    """})
    assert problems == ["data/incidents/2022-11-us-accuses-dprk.yaml:8:9: claims[0].stances[0].source: missing "
                        "required field 'source' (Where the stance is recorded). Add it."]


def test_stance_without_source_in_a_claim(tmp_path):
    problems = problems_after(tmp_path, {"claims/north-korea-sells-arms-to-russia.yaml": """
        statement: North Korea sells arms to Russia.
        stances:
          - party: us-government
            stance: asserts
            source: kim-visit-article
          - party: dprk-government
            stance: denies
    """})
    assert problems == ["data/claims/north-korea-sells-arms-to-russia.yaml:6:5: stances[1].source: missing "
                        "required field 'source' (Where the stance is recorded). Add it."]


def test_duplicate_claim_id_within_an_incident(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2022-11-us-accuses-dprk.yaml": """
        title: The United States accuses North Korea
        date: 2022-11-01/2022-11-10
        sources: [us-accusation]
        claims:
          - id: shells
            statement: North Korea supplies shells.
            stances: [{party: us-government, stance: asserts, source: us-accusation}]
          - id: shells
            statement: North Korea supplies missiles.
            stances: [{party: us-government, stance: asserts, source: us-accusation}]
    """})
    assert problems == [
        "data/incidents/2022-11-us-accuses-dprk.yaml:5:9: claims[0].id: duplicate claim id 'shells'. "
        "Claim ids must be unique within the record.",
        "data/incidents/2022-11-us-accuses-dprk.yaml:8:9: claims[1].id: duplicate claim id 'shells'. "
        "Claim ids must be unique within the record.",
    ]


# -- references --------------------------------------------------------------------------


def test_unknown_reference_suggests_the_id_it_is_part_of(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        participants:
          - id: shoigu
            role: visitor
        sources: [kim-visit-article]
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:4:9: participants[0].id: unknown id "
                        "'shoigu'. Did you mean 'sergei-shoigu' (data/people/sergei-shoigu.yaml)?"]


def test_unknown_reference_suggests_the_closest_id_of_an_allowed_type(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        sources: [kim-visit-artcle]
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:3:11: sources[0]: unknown id "
                        "'kim-visit-artcle'. Did you mean 'kim-visit-article' (data/sources/kim-visit-article.yaml)?"]


def test_reference_to_a_record_of_the_wrong_type(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        location: sergei-shoigu
        sources: [kim-visit-article]
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:3:11: location: 'sergei-shoigu' is a "
                        "person; expected a place. See data/people/sergei-shoigu.yaml."]


# -- relations ---------------------------------------------------------------------------


def test_relation_type_not_in_the_vocabulary_suggests_the_closest(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        relations:
          - type: spokesman_for
            target: us-government
            sources: [kim-visit-article]
    """})
    assert problems == ["data/people/john-kirby.yaml:3:11: relations[0].type: unknown relation type "
                        "'spokesman_for'. Did you mean 'spokesperson_for'?"]


def test_relation_from_a_type_it_does_not_allow(tmp_path):
    problems = problems_after(tmp_path, {"places/russia.yaml": """
        name: Russia
        kind: country
        relations:
          - type: member_of
            target: us-government
            sources: [kim-visit-article]
    """})
    assert problems == ["data/places/russia.yaml:4:11: relations[0].type: a place cannot be 'member_of' "
                        "(it links person or organization to organization). Choose another relation type, "
                        "or write the relation on the other record."]


def test_relation_to_a_target_type_it_does_not_allow(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        relations:
          - type: spokesperson_for
            target: russia
            sources: [kim-visit-article]
    """})
    assert problems == ["data/people/john-kirby.yaml:4:13: relations[0].target: 'russia' is a place; "
                        "'spokesperson_for' links to an organization."]


def test_relation_to_a_source_is_reported_once(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        relations:
          - type: member_of
            target: kim-visit-article
            sources: [kim-visit-article]
    """})
    assert problems == ["data/people/john-kirby.yaml:4:13: relations[0].target: 'kim-visit-article' is a "
                        "source; expected a person or an organization or a place. "
                        "See data/sources/kim-visit-article.yaml."]


def test_relation_until_before_since(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        relations:
          - type: spokesperson_for
            target: us-government
            since: "2023-05"
            until: "2022"
            sources: [kim-visit-article]
    """})
    assert problems == ["data/people/john-kirby.yaml:6:12: relations[0].until: ends (2022) before it "
                        "starts (2023-05). Swap the dates or correct one of them."]


def test_model_extension_adds_a_relation_kind(tmp_path):
    kirby = """
        name: John Kirby
        relations:
          - type: advises
            target: us-government
            sources: [kim-visit-article]
    """
    assert problems_after(tmp_path / "without", {"people/john-kirby.yaml": kirby}) == [
        "data/people/john-kirby.yaml:3:11: relations[0].type: unknown relation type 'advises'. "
        "Use a kind from the relation vocabulary, or declare a new one in data/model.yaml."]
    assert problems_after(tmp_path / "with", {"people/john-kirby.yaml": kirby, "model.yaml": """
        relations:
          advises:
            outgoing: Adviser to
            incoming: Advisers
            from: [person]
            to: [organization, person]
    """}) == []


def test_malformed_model_extension_is_a_problem_not_a_traceback(tmp_path):
    [problem] = check_after(tmp_path, {"model.yaml": "- relations\n"}).problems
    assert (problem.file, problem.line, problem.col, problem.field) == ("data/model.yaml", 1, 1, "file")
    assert problem.message == "the model extension must be a mapping"
    assert problem.hint == "Start with 'relations:', 'types:' or 'vocabularies:'."


def test_model_extension_missing_key_is_reported_at_its_line_in_words(tmp_path):
    result = check_after(tmp_path, {"model.yaml": """
        relations:
          advises:
            outgoing: Adviser to
            from: [person]
            to: [organization]
    """})
    [problem] = [p for p in result.problems if p.file == "data/model.yaml"]
    assert problem.line == 2 and "'incoming'" in problem.message and "Error" not in problem.message


MODEL_MISTAKES = [
    pytest.param(
        """
        types:
          person:
            fields:
              born: {type: date, doc: Date of birth}
        """, {"people/john-kirby.yaml": "name: John Kirby\nborn: 1963-12-28\n"}, 4, "'date'",
        id="unknown-field-type"),
    pytest.param(
        """
        relations:
          advises: {outgoing: Adviser to, incoming: Advisers, from: person, to: [organization]}
        """, {}, 2, "from",
        id="relation-from-not-a-list"),
    pytest.param(
        """
        relations:
          advises: {outgoing: Adviser to, incoming: Advisers, from: [persn], to: [organization]}
        """, {}, 2, "'persn'",
        id="relation-from-unknown-type"),
    pytest.param(
        """
        types:
          person:
            fields:
              side: {type: enum, vocabulary: sides}
        """, {"people/john-kirby.yaml": "name: John Kirby\nside: hawk\n"}, 4, "'sides'",
        id="enum-unknown-vocabulary"),
    pytest.param(
        """
        vocabularies:
          stance: oops
        """, {}, 2, "stance",
        id="vocabulary-not-a-mapping"),
    pytest.param(
        """
        relatons:
          advises: {outgoing: Adviser to, incoming: Advisers, from: [person], to: [organization]}
        """, {}, 1, "'relatons'",
        id="misspelled-top-level-key"),
]


@pytest.mark.parametrize("model_yaml, records, line, named", MODEL_MISTAKES)
def test_model_extension_mistake_is_reported_at_its_line(tmp_path, model_yaml, records, line, named):
    problems = check_after(tmp_path, {"model.yaml": model_yaml, **records}).problems
    in_model = [p for p in problems if p.file == "data/model.yaml"]
    assert [p.line for p in in_model] == [line], [str(p) for p in problems]
    assert named in str(in_model[0])


# -- values: dates, URLs, vocabularies, patterns, languages ------------------------------


@pytest.mark.parametrize("date, reason", [
    ("2023-02-30", "30 February does not exist (February has 28 days in 2023). "
                   "The last day of February 2023 is 2023-02-28."),
    ("yesterday", f"not a valid EDTF date. {EDTF_HINT}"),
])
def test_invalid_edtf_date(tmp_path, date, reason):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": f"""
        title: Sergei Shoigu travels to North Korea
        date: {date}
        sources: [kim-visit-article]
    """})
    assert problems == [f"data/incidents/2023-07-shoigu-visit.yaml:2:7: date: invalid date '{date}': "
                        f"{reason}"]


def test_interval_ending_before_it_starts(tmp_path):
    [problem] = check_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-09-13/2023-09-10
        sources: [kim-visit-article]
    """}).problems
    assert (problem.file, problem.line, problem.col, problem.field, problem.message) == (
        "data/incidents/2023-07-shoigu-visit.yaml", 2, 7, "date",
        "invalid date '2023-09-13/2023-09-10': the end (2023-09-10) is before the start (2023-09-13)")


def test_interval_ending_before_it_starts_says_swap(tmp_path):
    [problem] = check_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-09-13/2023-09-10
        sources: [kim-visit-article]
    """}).problems
    assert problem.hint == "Swap them: 2023-09-10/2023-09-13, or correct one of them."


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x"])
def test_url_field_takes_only_http(tmp_path, url):
    problems = problems_after(tmp_path, {"sources/kim-visit-article.yaml": f"""
        title: Kim Jong Un arrives in Russia for talks with Putin
        published: "2023-09-11"
        kind: news_report
        url: {url}
    """})
    assert problems == [f"data/sources/kim-visit-article.yaml:4:6: url: '{url}' is not an http(s) URL. "
                        "Write the full address, starting with https://."]


def test_unknown_vocabulary_value_suggests_the_closest(tmp_path):
    problems = problems_after(tmp_path, {"organizations/us-government.yaml": """
        name: Government of the United States
        kind: goverment
    """})
    assert problems == ["data/organizations/us-government.yaml:2:7: kind: unknown organization kind "
                        "'goverment'. Did you mean 'government'?"]


def test_unknown_participant_role_suggests_the_closest(tmp_path):
    problems = problems_after(tmp_path, {"incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        participants:
          - id: sergei-shoigu
            role: vistor
        sources: [kim-visit-article]
    """})
    assert problems == ["data/incidents/2023-07-shoigu-visit.yaml:5:11: participants[0].role: unknown "
                        "participant role 'vistor'. Did you mean 'visitor'?"]


def test_value_not_matching_its_pattern(tmp_path):
    problems = problems_after(tmp_path, {"organizations/us-government.yaml": """
        name: Government of the United States
        kind: government
        identifiers:
          wikidata: q30
    """})
    assert problems == ["data/organizations/us-government.yaml:4:13: identifiers.wikidata: 'q30' does not "
                        "match the expected form ^Q[1-9][0-9]*$. The Wikidata item, e.g. Q2394."]


def test_tag_not_matching_its_pattern(tmp_path):
    [problem] = check_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        tags: [Arms Trade]
    """}).problems
    assert (problem.file, problem.line, problem.col, problem.field, problem.message) == (
        "data/people/john-kirby.yaml", 2, 8, "tags[0]",
        "'Arms Trade' is not written as an id: it has capital letters and a "
        "space; an id has only lowercase Latin letters, digits and single hyphens")


def test_tag_not_matching_its_pattern_has_a_hint(tmp_path):
    [problem] = check_after(tmp_path, {"people/john-kirby.yaml": "name: John Kirby\ntags: [Arms Trade]\n"}).problems
    assert problem.hint != ""


def test_invalid_language_tag(tmp_path):
    problems = problems_after(tmp_path, {"sources/kim-visit-article.yaml": """
        title: Kim Jong Un arrives in Russia for talks with Putin
        published: "2023-09-11"
        kind: news_report
        language: English
    """})
    assert problems == ["data/sources/kim-visit-article.yaml:4:11: language: 'English' is not a language tag. "
                        "Use a code such as 'en', 'ru' or 'ko'."]


# -- Markdown fields ----------------------------------------------------------------------

SHOIGU_HINT = "Did you mean 'sergei-shoigu' (data/people/sergei-shoigu.yaml)?"


def test_unknown_mention_in_a_block_scalar_is_reported_on_its_own_line(tmp_path):
    kirby = textwrap.dedent("""\
        name: John Kirby
        description: |
          Spokesperson of the National Security Council.
          He said that [[shoigu]] travelled
          to North Korea.
    """)
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": kirby})
    assert problems == [f"data/people/john-kirby.yaml:4:16: description: unknown id 'shoigu'. {SHOIGU_HINT}"]
    assert kirby.splitlines()[4 - 1][16 - 1:].startswith("[[shoigu]]")




@pytest.mark.parametrize("description", [
    pytest.param("description: He said that [[shoigu]] travelled.", id="plain"),
    pytest.param('description: "He said that [[shoigu]] travelled."', id="double-quoted"),
    pytest.param("description: |\n  Spokesperson.\n  He said that [[shoigu]] travelled.", id="literal"),
    pytest.param("description: |\n\n  He said that [[shoigu]] travelled.", id="literal-blank-first-line"),
    pytest.param("description: >-\n  Spokesperson of the National Security Council.\n"
                 "  He said that [[shoigu]] travelled.", id="folded"),
    pytest.param("description: He said\n  that [[shoigu]] travelled.", id="plain-two-lines"),
    pytest.param("description: |2\n    Spokesperson.\n    He said that [[shoigu]] travelled.",
                 id="literal-indentation-indicator"),
])
def test_unknown_mention_points_at_the_mention_in_the_file(tmp_path, description):
    kirby = "name: John Kirby\n" + description + "\n"
    [problem] = check_after(tmp_path, {"people/john-kirby.yaml": kirby.encode("utf-8")}).problems
    assert (problem.field, problem.message, problem.hint) == ("description", "unknown id 'shoigu'", SHOIGU_HINT)
    line = kirby.splitlines()[problem.line - 1]
    assert line[problem.col - 1:].startswith("[[shoigu]]"), f"{problem.line}:{problem.col} is {line!r}"


def test_javascript_link_in_markdown(tmp_path):
    problems = problems_after(tmp_path, {"people/john-kirby.yaml": """
        name: John Kirby
        description: |
          Read [his statement](javascript:alert(1)).
    """})
    assert problems == ["data/people/john-kirby.yaml:3:24: description: link to 'javascript:alert(1)' is not "
                        "allowed. Links may only use http, https or mailto."]


# -- the whole run ------------------------------------------------------------------------

MANY_MISTAKES = {
    "people/john-kirby.yaml": """
        name: 1984
        relations:
          - type: spokesman_for
            target: us-goverment
            sources: [kim-visit-article]
    """,
    "organizations/us-government.yaml": """
        name: Government of the United States
        kind: goverment
    """,
    "incidents/2023-07-shoigu-visit.yaml": """
        title: Sergei Shoigu travels to North Korea
        date: 2023-07~
        participants:
          - id: shoigu
            role: visitor
        sources: []
    """,
    "peple/x.yaml": "name: X\n",
}
MANY_PROBLEMS = [
    "data/incidents/2023-07-shoigu-visit.yaml:4:9: participants[0].id: unknown id 'shoigu'. "
    "Did you mean 'sergei-shoigu' (data/people/sergei-shoigu.yaml)?",
    "data/incidents/2023-07-shoigu-visit.yaml:6:10: sources: needs at least 1 item(s).",
    "data/organizations/us-government.yaml:2:7: kind: unknown organization kind 'goverment'. "
    "Did you mean 'government'?",
    "data/people/john-kirby.yaml:1:7: name: expected one line of text, got a number. Quote it: '1984'.",
    "data/people/john-kirby.yaml:3:11: relations[0].type: unknown relation type 'spokesman_for'. "
    "Did you mean 'spokesperson_for'?",
    "data/people/john-kirby.yaml:4:13: relations[0].target: unknown id 'us-goverment'. "
    "Did you mean 'us-government' (data/organizations/us-government.yaml)?",
    "data/peple/x.yaml:1:1: file: record file in unknown folder 'peple'. Did you mean 'people/'?",
]


def test_all_problems_in_several_files_are_reported_sorted_by_file_then_line(tmp_path):
    assert problems_after(tmp_path, MANY_MISTAKES) == MANY_PROBLEMS


def test_cli_prints_every_problem_and_a_count_and_exits_1(tmp_path):
    result = run_cli(edited_kb(tmp_path, MANY_MISTAKES))
    assert result.returncode == 1
    assert result.stdout.splitlines() == MANY_PROBLEMS + ["7 problems found."]
    assert "Traceback" not in result.stdout + result.stderr

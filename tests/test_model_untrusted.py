"""``data/model.yaml`` arrives in pull requests like any record: it is
untrusted input (issue #11, item 3).

Each attack found is here with its exact outcome: refused with its position
and a hint, or rendered inert (the built HTML parsed, no script from it,
its text shown literally). A property test mutates a valid extension and
checks that nothing raises and that whatever check accepts builds.
"""

from __future__ import annotations

import copy
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import BIN, SMALL_KB, make_project, mkdocs_build, model_problems, write_kb, yaml_paths
from mkdossier import model, model_check, patterns, pipeline


NEW_TYPE = """
types:
  vessel:
    folder: {folder}
    label: Vessel
    plural: Vessels
    title_field: name
    fields:
      name: {{type: string, required: true}}
"""

REFUSED = [
    # -- the core model cannot be weakened
    pytest.param("types:\n  source:\n    fields:\n      url: {type: string}\n",
                 "data/model.yaml:4:13: types.source.fields.url.type: a knowledge base cannot change the type "
                 "of the core field 'url' (url). Add a new field instead.", id="core-field-type"),
    pytest.param("types:\n  source:\n    fields:\n      title: {type: string, required: false}\n",
                 "data/model.yaml:4:29: types.source.fields.title.required: a knowledge base cannot make the "
                 "core field 'title' optional. Add a new field instead.", id="core-field-required-off"),
    pytest.param("types:\n  organization:\n    fields:\n      country: {type: ref, to: [person]}\n",
                 "data/model.yaml:4:28: types.organization.fields.country.to: a knowledge base cannot change "
                 "'to' of the core field 'country'. Add a new field instead.", id="core-field-to"),
    pytest.param("types:\n  place:\n    fields:\n      kind: {type: enum, vocabulary: stance, required: true}\n",
                 "data/model.yaml:4:26: types.place.fields.kind.vocabulary: a knowledge base cannot change "
                 "'vocabulary' of the core field 'kind'. Add a new field instead.", id="core-field-vocabulary"),
    pytest.param("field_groups:\n  tagged:\n    tags:\n      items: {type: string, pattern: '.*'}\n",
                 "data/model.yaml:4:29: field_groups.tagged.tags.items.pattern: a knowledge base cannot change "
                 "'pattern' of the core field 'tags'. Add a new field instead.", id="core-field-pattern"),
    pytest.param("field_groups:\n  entity:\n    name: {type: text, required: true}\n",
                 "data/model.yaml:3:12: field_groups.entity.name.type: a knowledge base cannot change the type "
                 "of the core field 'name' (string). Add a new field instead.", id="core-group-field-type"),
    pytest.param("types:\n  person:\n    folder: folks\n",
                 "data/model.yaml:3:5: types.person.folder: a knowledge base cannot change the folder of the "
                 "core record type 'person' (people). Add a new record type instead.", id="core-type-folder"),
    pytest.param("types:\n  source:\n    title_field: url\n",
                 "data/model.yaml:3:5: types.source.title_field: a knowledge base cannot change the title_field "
                 "of the core record type 'source' (title). Add a new record type instead.",
                 id="core-type-title-field"),
    pytest.param("relations:\n  leader_of:\n    from: [place]\n",
                 "data/model.yaml:3:5: relations.leader_of.from: a knowledge base cannot change the core "
                 "relation kind 'leader_of' (from). Add a new relation kind instead.", id="core-relation-from"),
    pytest.param("relations:\n  leader_of:\n    outgoing: Boss of\n",
                 "data/model.yaml:3:5: relations.leader_of.outgoing: a knowledge base cannot change the core "
                 "relation kind 'leader_of' (outgoing). Add a new relation kind instead.",
                 id="core-relation-label"),
    pytest.param("types:\n  person:\n    fields:\n      url: {type: string}\n",
                 "data/model.yaml:4:7: types.person.fields.url: the field 'url' has a fixed meaning in every "
                 "record type; declare it as the core types do. Or give the field another name.",
                 id="engine-field-redeclared"),
    # -- folders are one safe name, not used by the site
    pytest.param(NEW_TYPE.format(folder="/abs/path"),
                 "data/model.yaml:3:5: types.vessel.folder: the folder '/abs/path' must be one name of lowercase "
                 "letters, digits and single hyphens. For example: 'vessels'.", id="folder-absolute"),
    pytest.param(NEW_TYPE.format(folder="../.."),
                 "data/model.yaml:3:5: types.vessel.folder: the folder '../..' must be one name of lowercase "
                 "letters, digits and single hyphens. For example: 'vessels'.", id="folder-parent"),
    pytest.param(NEW_TYPE.format(folder="assets"),
                 "data/model.yaml:3:5: types.vessel.folder: the folder 'assets' is used by the site itself. "
                 "Choose another name.", id="folder-reserved"),
    pytest.param(NEW_TYPE.format(folder="chronology"),
                 "data/model.yaml:3:5: types.vessel.folder: the folder 'chronology' is used by the site itself. "
                 "Choose another name.", id="folder-reserved-chronology"),
    pytest.param(NEW_TYPE.format(folder="people"),
                 "data/model.yaml:3:5: types.vessel.folder: the folder 'people' is already used by the record "
                 "type 'person'. Choose another name.", id="folder-taken"),
    # -- patterns run on RE2, in linear time
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, pattern: '(a)\\1'}\n",
                 "data/model.yaml:4:25: types.person.fields.x.pattern: the pattern '(a)\\1' is not supported: "
                 "backreferences are not allowed (patterns run in linear time). Write it without them.",
                 id="pattern-backreference"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, pattern: '(?=a)b'}\n",
                 "data/model.yaml:4:25: types.person.fields.x.pattern: the pattern '(?=a)b' is not supported: "
                 "lookahead is not allowed (patterns run in linear time). Write it without them.",
                 id="pattern-lookahead"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, pattern: '['}\n",
                 "data/model.yaml:4:25: types.person.fields.x.pattern: the pattern '[' is not supported: "
                 "it is not a valid pattern (missing ]: [). Correct it.", id="pattern-invalid"),
    # -- a malformed spec is a problem, never a traceback
    pytest.param("types:\n  person:\n    fields:\n      x: {type: list, items: {type: string}, min_items: many}\n",
                 "data/model.yaml:4:46: types.person.fields.x.min_items: 'min_items' must be a whole number "
                 "from 0 to 1000, got text. Write a number such as 1.", id="min-items-text"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: [list]}\n",
                 "data/model.yaml:4:11: types.person.fields.x.type: 'type' must be text, got a list.",
                 id="type-a-list"),
    pytest.param("types:\n  person:\n    fields: 3\n",
                 "data/model.yaml:3:5: types.person.fields: 'fields' must be a mapping, got a number.",
                 id="fields-a-number"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, required: maybe}\n",
                 "data/model.yaml:4:25: types.person.fields.x.required: 'required' must be true or false, "
                 "got text.", id="required-maybe"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: ref, to: person}\n",
                 "data/model.yaml:4:22: types.person.fields.x.to: 'to' must be a list, got text. "
                 "Write it as [person].", id="to-not-a-list"),
    pytest.param("types:\n  person:\n    label: {a: b}\n",
                 "data/model.yaml:3:5: types.person.label: 'label' must be text, got a mapping.",
                 id="label-a-mapping"),
    pytest.param("types:\n  person:\n    label: 3\n",
                 "data/model.yaml:3:5: types.person.label: 'label' must be text, got a number. Quote it.",
                 id="label-a-number"),
    pytest.param("vocabularies:\n  x: [a, b]\n",
                 "data/model.yaml:2:3: vocabularies.x: 'x' must be a mapping, got a list. "
                 "Write 'value: What it means.' lines.", id="vocabulary-a-list"),
    pytest.param("vocabularies:\n  x: {}\n",
                 "data/model.yaml:2:3: vocabularies.x: 'x' is empty. Write 'value: What it means.' lines.",
                 id="vocabulary-empty"),
    pytest.param("types:\n",
                 "data/model.yaml:1:1: types: 'types' is empty. Remove it, or add entries under it.",
                 id="section-empty"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, colour: red}\n",
                 "data/model.yaml:4:25: types.person.fields.x.colour: unknown key 'colour' in field 'x'. "
                 f"Use one of: {', '.join(model_check.FIELD.table)}.", id="unknown-field-key"),  # every key a field may have
    pytest.param("types:\n  person:\n    fields:\n      x: {type: string, items: {type: string}}\n",
                 "data/model.yaml:4:25: types.person.fields.x.items: 'items' does not apply to a string field. "
                 "It applies to list fields.", id="key-for-another-type"),
    pytest.param("types:\n  person:\n    fields:\n      x: {type: list}\n",
                 "data/model.yaml:4:7: types.person.fields.x: list field 'x' needs 'items'. "
                 "For example: 'items: {type: string}'.", id="list-without-items"),
    pytest.param("types:\n  person:\n    fields:\n      '../x': {type: string}\n",
                 "data/model.yaml:4:7: types.person.fields[\"../x\"]: '../x' is not a valid field name. "
                 "Use lowercase letters, digits and _, starting with a letter.", id="field-name-path"),
    # -- labels are one short line
    pytest.param('types:\n  person:\n    label: "Per\\nson"\n',
                 "data/model.yaml:3:5: types.person.label: 'label' must be one line. Join the lines.",
                 id="label-newline"),
    pytest.param("types:\n  person:\n    label: " + "P" * 81 + "\n",
                 "data/model.yaml:3:5: types.person.label: 'label' is 81 characters long; at most 80 are "
                 "allowed. Shorten it.", id="label-too-long"),
]


@pytest.mark.parametrize("model_yaml, expected", REFUSED)
def test_model_extension_is_refused_with_its_position(tmp_path, model_yaml, expected):
    assert model_problems(tmp_path, model_yaml) == [expected]


def test_a_valid_extension_adds_a_type_a_field_a_value_and_a_relation_kind(tmp_path):
    assert model_problems(tmp_path, VALID_EXTENSION_YAML, VALID_RECORDS) == []


def test_unknown_section_echoes_only_a_short_clean_key(tmp_path):
    [problem] = model_problems(tmp_path, "y" * 500 + ": 1\n")
    assert problem == (f"data/model.yaml:1:1: {'y' * 39}…: unknown section '{'y' * 39}…'. "
                       "Use one of: vocabularies, stance_meanings, relations, field_groups, types, name_languages.")
    [(_path, message, _hint)] = model_check.check_extension({"x\x1b[2J" + "y" * 500: 1}, model.base_model_dict())
    assert "\x1b" not in message and len(message) < 80


def test_symlinked_model_file_is_refused_unread(tmp_path):
    secret = tmp_path / "ci-secrets.yaml"
    secret.write_text("secret_token_4f9a: hunter2\n", encoding="utf-8")
    data = write_kb(tmp_path / "kb", SMALL_KB)
    (data / "model.yaml").symlink_to(secret)
    problems = [str(p) for p in pipeline.check(data, root=data.parent).problems]
    assert problems == ["data/model.yaml:1:1: file: model file is a symbolic link. Commit the file itself: "
                        "a link could point outside the knowledge base."]
    # Nor does the CI annotation format repeat anything from the target.
    run = subprocess.run([str(BIN / "mkdossier"), "check", "--data", str(data), "--format", "github"],
                         capture_output=True, text=True, timeout=120, cwd=data.parent)
    assert run.returncode == 1
    assert "symbolic link" in run.stdout and "secret_token" not in run.stdout + run.stderr


def test_catastrophic_pattern_runs_in_linear_time(tmp_path):
    model_yaml = "types:\n  person:\n    fields:\n      motto: {type: string, pattern: '^(a+)+$'}\n"
    value = "a" * 200_000 + "b"
    start = time.monotonic()
    problems = model_problems(tmp_path, model_yaml, {"people/eve.yaml": f"name: Eve\nmotto: {value}\n"})
    assert time.monotonic() - start < 10  # Python's re: hours
    [problem] = problems
    assert problem.startswith("data/people/eve.yaml:2:8: motto: 'aaaa") and "^(a+)+$" in problem
    start = time.monotonic()
    assert not patterns.matches("^(a+)+$", "a" * 1_000_000 + "b")
    assert time.monotonic() - start < 1


def test_core_model_passes_its_own_checks_and_its_patterns_compile_with_re2():
    base = model.base_model_dict()
    assert model_check.check_base(base) == []
    found = []

    def walk(spec):
        if isinstance(spec, dict):
            if isinstance(spec.get("pattern"), str):
                found.append(spec["pattern"])
            for value in spec.values():
                walk(value)

    walk(base)
    assert found and all(patterns.unsupported_reason(p) == "" for p in found)


# -- model text is plain text, wherever it lands -----------------------------------------

MARK = "pwned"
SCRIPT = f"<script>alert('{MARK}')</script>"
IMG = f'<img src=x onerror="alert(1)" alt={MARK}>'
LINK = f"[{MARK}](javascript:alert(1))"
TICKS = f"`</code><script>alert('{MARK}')</script>`"

HOSTILE_MODEL = {
    "types": {
        "person": {"label": f"Person {SCRIPT}", "plural": f"People {IMG}", "doc": f"Doc {LINK} {SCRIPT}"},
        "vessel": {
            "folder": "vessels", "label": f"Vessel {SCRIPT}", "plural": f"Vessels {TICKS}",
            "title_field": "name", "doc": f"Ships {IMG}",
            "fields": {
                "name": {"type": "string", "required": True, "doc": f"Its name {SCRIPT}"},
                "flag": {"type": "enum", "vocabulary": "flag_state", "doc": LINK, "example": TICKS},
            },
        },
    },
    "vocabularies": {
        "flag_state": {TICKS: f"Meaning {SCRIPT}", LINK: f"Other {LINK}", IMG: f"Image {IMG}"},
        "attribution_kind": {f"anon {SCRIPT}": f"New value {IMG}"},
    },
    "relations": {
        "sails_for": {"outgoing": f"Sails for {SCRIPT}", "incoming": f"Crewed by {LINK}",
                      "from": ["person"], "to": ["organization"]},
    },
}
HOSTILE_RECORDS = {
    "vessels/rover.yaml": f"name: Rover\nflag: {yaml.safe_dump(TICKS).strip().removesuffix('...').strip()}\n",
    "people/ada.yaml": """
        name: Ada Example
        relations:
          - {type: minister_of, target: beta-ministry, sources: [report]}
          - {type: sails_for, target: delta-news, sources: [report]}
    """,
    "sources/relay.yaml": f"""
        title: A relay
        published: "2023-01-06"
        kind: news_report
        attribution:
          - party: ada
            kind: {yaml.safe_dump(f"anon {SCRIPT}").strip().removesuffix('...').strip()}
    """,
}


def _dangerous(soup: BeautifulSoup) -> list[str]:
    """Anything in the page that would run or fetch because of the model's text."""
    found = []
    for script in soup.find_all("script"):
        if MARK in script.get_text() and script.get("type") != "application/ld+json":
            found.append(str(script)[:80])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or (name in ("href", "src") and "javascript:" in text.lower()):
                found.append(f"{element.name} {name}={text[:60]}")
        if element.name == "img" and element.get("alt") == MARK:
            found.append(str(element)[:80])
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-model")
    data = write_kb(root, {**SMALL_KB, **HOSTILE_RECORDS, "model.yaml": yaml.safe_dump(HOSTILE_MODEL)})
    assert [str(p) for p in pipeline.check(data, root=root).problems] == []
    project = make_project(root)
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def _page(site: Path, path: str) -> BeautifulSoup:
    """A built page, without the heading permalinks ("¶") the toc extension adds."""
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return soup


def test_hostile_model_text_runs_nowhere_in_the_built_site(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert _dangerous(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")) == [], page


def test_labels_and_plurals_are_shown_literally(hostile_site):
    home = _page(hostile_site, "index.html")
    assert f"Vessels {TICKS}" in [a.get_text() for a in home.select("article a")]
    vessels = _page(hostile_site, "vessels/index.html")
    assert vessels.find("h1").get_text().strip() == f"Vessels {TICKS}"
    assert vessels.find("th").get_text() == f"Vessel {SCRIPT}"
    assert _page(hostile_site, "people/index.html").find("th").get_text() == f"Person {SCRIPT}"
    ada = _page(hostile_site, "people/ada/index.html")
    assert f"Person {SCRIPT}" in ada.select_one("article p em").get_text()
    headings = [h.get_text().strip() for h in ada.select("article h3")]
    assert f"Sails for {SCRIPT}" in headings
    delta = _page(hostile_site, "organizations/delta-news/index.html")
    assert f"Crewed by {LINK}" in [h.get_text().strip() for h in delta.select("article h3")]
    rover = _page(hostile_site, "vessels/rover/index.html")
    assert f"Vessel {SCRIPT}" in rover.select_one("article p em").get_text()
    relay = _page(hostile_site, "sources/relay/index.html")
    assert f"anon {SCRIPT}" in [em.get_text() for em in relay.select("article li em")]


def test_vocabulary_values_with_backticks_stay_in_their_code_element(hostile_site):
    reference = _page(hostile_site, "reference/format/index.html")
    codes = [code.get_text() for code in reference.select("article td code")]
    assert TICKS in codes and LINK in codes
    meanings = [td.get_text() for td in reference.select("article td")]
    assert f"Meaning {SCRIPT}" in meanings and f"Other {LINK}" in meanings
    assert f"Sails for {SCRIPT}" in meanings
    assert any(f"Its name {SCRIPT}" in m for m in meanings)


# -- the property: nothing raises, and what check accepts builds ---------------------------

VALID_EXTENSION = {
    "vocabularies": {"hull": {"steel": "A steel hull.", "wood": "A wooden hull."},
                     "organization_kind": {"newsroom": "A newsroom."}},
    "relations": {"owns": {"outgoing": "Owns", "incoming": "Owned by", "from": ["person", "organization"],
                           "to": ["organization"], "ftm": {"schema": "Ownership", "source": "owner", "target": "asset"}}},
    "field_groups": {"measured": {"length": {"type": "string", "pattern": "^[0-9]+ m$", "doc": "Length."}}},
    "types": {
        "person": {"fields": {"born": {"type": "edtf", "doc": "Date of birth.", "example": "1963"}}},
        "vessel": {
            "folder": "vessels", "label": "Vessel", "plural": "Vessels", "title_field": "name",
            "doc": "A ship.", "field_groups": ["tagged", "measured"],
            "fields": {
                "name": {"type": "string", "required": True, "doc": "Its name."},
                "hull": {"type": "enum", "vocabulary": "hull", "default": "steel"},
                "crew": {"type": "list", "min_items": 0, "items": {"type": "object", "fields": {
                    "id": {"type": "ref", "to": ["person"], "required": True},
                    "since": {"type": "edtf"}}}},
                "notes": {"type": "markdown"},
                "website": {"type": "url"},
                "sold": {"type": "boolean"},
            },
        },
    },
}
VALID_EXTENSION_YAML = yaml.safe_dump(VALID_EXTENSION, sort_keys=False)
VALID_RECORDS = {
    "vessels/rover.yaml": """
        name: Rover
        hull: wood
        length: 40 m
        tags: [cargo]
        crew: [{id: ada, since: "2020"}]
        notes: Seen with [[ada]].
        website: https://example.org/rover
    """,
    "people/eve.yaml": "name: Eve\nborn: '1970'\nrelations:\n  - {type: owns, target: delta-news, sources: [report]}\n",
}

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2000), st.floats(allow_nan=False), st.just(""),
    st.sampled_from(["string", "list", "ref", "enum", "object", "person", "vessel", "people", "../x", "/abs",
                     "assets", "(a)\\1", "^(a+)+$", "[", "<script>", "a`b", "x\ny", "steel", "hull", "name",
                     "required", "url", "tagged", "entity", "leader_of", "Ownership"]),
    st.text(max_size=12),
    st.lists(st.sampled_from(["person", "vessel", "nobody", "tagged", 3]), max_size=3),
    st.dictionaries(st.sampled_from(["type", "doc", "x", "fields", "items", "steel"]),
                    st.sampled_from(["string", "list", 1, None, "A."]), max_size=3),
)
ODD_KEYS = st.sampled_from(["type", "doc", "required", "items", "fields", "to", "vocabulary", "pattern",
                            "min_items", "default", "example", "folder", "label", "plural", "title_field",
                            "field_groups", "outgoing", "incoming", "from", "ftm", "schema", "colour", "url",
                            "name", "kind", "relations", "tags", "Bad Key", "x"])


# Values a contributor might plausibly write for a key: most mutations then
# still pass check, so the build behind it is exercised too.
TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=30)
PLAUSIBLE = {
    "type": st.sampled_from(model_check.FIELD_TYPES),
    "required": st.booleans(),
    "min_items": st.integers(0, 3),
    "to": st.lists(st.sampled_from(["person", "organization", "place", "source", "vessel"]), min_size=1, max_size=3),
    "from": st.lists(st.sampled_from(["person", "organization", "vessel"]), min_size=1, max_size=2),
    "pattern": st.sampled_from(["^[a-z]+$", "^(a+)+$", "^.*$", "[0-9]", "^\\p{L}+$", "(a|aa)*b"]),
    "folder": st.sampled_from(["vessels", "ships", "boats-and-ships", "v2"]),
    "vocabulary": st.sampled_from(["hull", "stance", "organization_kind"]),
    "default": st.sampled_from(["steel", "wood"]),
}
for key in ("label", "plural", "doc", "outgoing", "incoming", "example", "steel", "wood", "newsroom"):
    PLAUSIBLE[key] = TEXT


@st.composite
def mutated_extensions(draw):
    extension = copy.deepcopy(VALID_EXTENSION)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in yaml_paths(extension) if p]
        path = draw(st.sampled_from(paths))
        parent = extension
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["plausible", "plausible", "replace", "delete", "add"]))
        if action == "plausible" and path[-1] in PLAUSIBLE:
            parent[path[-1]] = draw(PLAUSIBLE[path[-1]])
        elif action == "plausible" and isinstance(parent, dict) and path[-2:-1] == ("hull",):
            parent[draw(TEXT)] = parent.pop(path[-1])  # a new vocabulary value
        elif action == "replace":
            parent[path[-1]] = draw(ODD_VALUES)
        elif action == "plausible" and isinstance(parent, dict) and path[-2:-1] == ("fields",):
            parent[draw(st.sampled_from(["depth", "owner", "kind", "url", "tags"]))] = {
                "type": draw(PLAUSIBLE["type"]), "to": ["person"], "vocabulary": "hull",
                "items": {"type": "string"}, "fields": {}}
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(ODD_KEYS)] = draw(ODD_VALUES)
    return extension


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(extension=mutated_extensions())
def test_mutated_extensions_never_raise_and_what_check_accepts_builds(extension):
    base = model.base_model_dict()
    found = model_check.check_extension(extension, base)  # never raises
    assert all(isinstance(message, str) for _path, message, _hint in found)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = write_kb(root, {**SMALL_KB, **VALID_RECORDS})
        (data / "model.yaml").write_text(yaml.safe_dump(extension, allow_unicode=True), encoding="utf-8")
        result = pipeline.build(data, root=root)  # never raises
        event("built" if result.ok else "refused")
        if result.ok:
            assert result.pages and result.files
            assert not found
        else:
            assert all(p.line >= 1 and p.col >= 1 for p in result.problems)


def test_the_valid_extension_builds_with_its_new_type_on_pages(tmp_path):
    data = write_kb(tmp_path, {**SMALL_KB, **VALID_RECORDS, "model.yaml": VALID_EXTENSION_YAML})
    result = pipeline.build(data, root=tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    assert "vessels/rover.md" in result.pages and "vessels/index.md" in result.pages
    assert "downloads/csv/vessels.csv" in result.files


def test_model_text_in_messages_has_no_control_characters():
    extension = {"types": {"person": {"fields": {"x": {"type": "string", "pattern": "(a)\\1\x1b[2J" + "z" * 300}}}}}
    [(_path, message, _hint)] = model_check.check_extension(extension, model.base_model_dict())
    assert "\x1b" not in message and len(message) < 200


def test_equals_signs_in_model_text_are_shown_literally(hostile_site):
    people = _page(hostile_site, "people/index.html")
    assert people.find("h1").get_text().strip() == f"People {IMG}"


def test_name_languages_take_language_tags_only():
    ok = model_check.check_extension({"name_languages": {"cyrillic": "ru"}}, model.base_model_dict())
    assert ok == []
    [(_path, message, hint)] = model_check.check_extension({"name_languages": {"cyrillic": "<b>x"}},
                                                           model.base_model_dict())
    assert "not a valid" in message and "language tag" in hint

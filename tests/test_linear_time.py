"""Linear time on any input: adversarial YAML and Markdown of a megabyte
are refused or rendered in seconds, by check and by a real build."""

from __future__ import annotations

import subprocess
import time

import pytest

from conftest import BIN, SMALL_KB, make_project, mkdocs_build, write_kb
from mkdossier import markup, pipeline, yamlsource

ONE_MB = 1_000_000 - 2_000  # just under the record file limit, with room for the YAML around it

# The same anchor hidden where a text scan did not look (right after '"key":'
# in a flow mapping): each level doubles nine times, the walk was exponential.
ALIAS_BOMB = '{"name": "Eve", "l0":&a ["x","x","x","x","x","x","x","x","x"]' + "".join(
    f', "l{i}":&a{i} [' + ",".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]" for i in range(1, 10)) + "}\n"


@pytest.mark.parametrize("text, position", [
    (ALIAS_BOMB, (1, 22)),
    ('{"name":&x Eve, "aliases": [*x]}\n', (1, 9)),
    ("name: Eve\naliases: [&x a, *x]\n", (2, 11)),
    ("name: Eve\naliases:\n  - !!str &x a\n  - *x\n", (3, 5)),
    ("? &k name\n: Eve\n", (1, 3)),
])
def test_anchors_are_refused_from_the_parser_events(text, position):
    started = time.monotonic()
    assert yamlsource.parse_data(text, len(text)) is yamlsource.UNSURE
    parsed = yamlsource.parse(text)
    assert parsed.errors == [(*position, "YAML syntax: anchors and aliases (&name, *name) are not allowed",
                              "Write the value out.", "")]
    assert time.monotonic() - started < 1


def test_the_alias_bomb_is_refused_by_check_at_once(tmp_path):
    data = write_kb(tmp_path, SMALL_KB)
    (data / "people/eve.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([str(BIN / "mkdossier"), "check", "--data", str(data)],
                            capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert ("data/people/eve.yaml:1:22: file: YAML syntax: anchors and aliases (&name, *name) are not allowed. "
            "Write the value out.") in result.stdout


@pytest.mark.parametrize("text", [
    "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "a: " + "{b: " * 50_000 + "c" + "}" * 50_000 + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(600)),
    "a:\n  " + "- " * 200_000 + "x\n",
])
def test_deep_nesting_is_refused_from_events_in_linear_time(text):
    started = time.monotonic()
    parsed = yamlsource.parse(text)
    assert time.monotonic() - started < 5
    assert any(f"nesting deeper than {yamlsource.MAX_DEPTH} levels" in message
               or "exceeded maximum nesting depth" in message for _l, _c, message, *_ in parsed.errors), parsed.errors


# Units repeated to a megabyte: each was (or could be) super-linear in one
# scan or another. Beyond the list: "[[", "![", "[^", "[a](", "{",
# "&", "_", "\\*", "[a](https://example.org/b) ", "[[x]] ", "<", "*a*".
UNITS = ["<a:", "[", "*a ", "`a ", "](", "[[", "![", "_", "> ", "- ", "[a](", "[^", "{", "&", "\\*",
         "[a](https://example.org/b) ", "[[x]] ", "<", "*a*", "[[a|", "(", "]"]


@pytest.mark.parametrize("unit", UNITS)
def test_markup_scans_are_linear(unit):
    text = unit * (ONE_MB // len(unit))
    started = time.monotonic()
    markup.link_targets(text)
    markup.mentions(text)
    markup.images(text)
    markup.text(text)
    markup.too_costly(text)
    markup.safe_markdown(text, lambda id_, words: f"[{words or id_}](../{id_}/)")
    assert time.monotonic() - started < 10


def _megabyte(unit: str, paragraph: int) -> str:
    """A YAML block of about a megabyte of ``unit``, in paragraphs of ``paragraph`` characters."""
    block = unit * (paragraph // len(unit))
    count = ONE_MB // (len(block) + 4)
    return "\n\n".join([block] * count)


def _record(description: str) -> str:
    indented = "\n".join("  " + line if line else "" for line in description.split("\n"))
    return f"name: Eve\ndescription: |\n{indented}\n"


def _check(data, timeout=60):
    started = time.monotonic()
    result = subprocess.run([str(BIN / "mkdossier"), "check", "--data", str(data)],
                            capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


@pytest.mark.parametrize("unit", ["<a:", "[", "*a ", "`a ", "](", "[[", "![", "_", "[^"])
def test_a_megabyte_paragraph_is_refused_at_once(tmp_path, unit):
    data = write_kb(tmp_path, SMALL_KB)
    (data / "people/eve.yaml").write_text(_record(unit * (ONE_MB // len(unit))), encoding="utf-8")
    result, seconds = _check(data)
    assert seconds < 30 and result.returncode == 1
    assert ("data/people/eve.yaml:3:3: description: a paragraph of" in result.stdout
            and f"at most {markup.MAX_PARAGRAPH:,} between blank lines" in result.stdout), result.stdout


@pytest.mark.parametrize("text, expected", [
    ("[" * 2000, "description: too many '[' or '](' left open or nested in one paragraph"),
    ("[a](" * 1000, "description: too many '[' or '](' left open or nested in one paragraph"),
    ("".join("    " * i + "- x\n" for i in range(30)), "description: lists or quotes nested 21 levels deep"),
    ("> " * 40 + "x", "description: lists or quotes nested 40 levels deep; at most 20"),
    ("- " * 300 + "x", "description: lists or quotes nested 300 levels deep"),
])
def test_markdown_that_would_not_render_in_time_is_refused_with_a_position(tmp_path, text, expected):
    data = write_kb(tmp_path, SMALL_KB)
    (data / "people/eve.yaml").write_text(_record(text), encoding="utf-8")
    problems = [str(p) for p in pipeline.check(data).problems]
    assert len(problems) == 1 and problems[0].startswith("data/people/eve.yaml:") and expected in problems[0], problems


# Accepted worst cases: paragraphs just under the limit, a megabyte of them.
ACCEPTED = ["<a:", "*a ", "`a ", "_", "{", "&", "*a*", "[[ada]] ", "[a](https://example.org/b) ", "\\*", "[x]"]


def test_a_megabyte_of_accepted_adversarial_markdown_builds_in_time(tmp_path):
    """Check accepts these (each paragraph within the limits) and a real
    ``mkdocs build`` renders them, each kind in a record of its own."""
    files = dict(SMALL_KB)
    per_record = ONE_MB // len(ACCEPTED)
    for index, unit in enumerate(ACCEPTED):
        block = unit * ((markup.MAX_PARAGRAPH - 10) // len(unit))
        files[f"people/eve-{index}.yaml"] = _record("\n\n".join([block] * max(1, per_record // len(block))))
    files["people/deep.yaml"] = _record("".join("    " * i + "- x\n" for i in range(markup.MAX_NESTING))
                                        + "\n" + "> " * markup.MAX_NESTING + "x\n")
    data = write_kb(tmp_path / "kb", files)
    result, seconds = _check(data)
    assert result.returncode == 0, result.stdout
    project = make_project(tmp_path / "project", data)
    started = time.monotonic()
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    assert time.monotonic() - started < 120

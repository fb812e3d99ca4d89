"""The graph figures, search terms, grading and the FollowTheMoney export and
import walk the model: a field, a relation kind or a link property a
knowledge base declares in its own data/model.yaml reaches them with no
Python change. And the graph's words keep clear of each other, measured in
a browser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, CHROMIUM, FLAGS, REPO, SMALL_KB, write_kb
from mkdossier import grading, pipeline, search_terms
from mkdossier.exports import ftm
from mkdossier.exports.common import Site
from mkdossier.render import graph as graph_svg
from mkdossier.render.pages import Settings

# A knowledge base's own model: a ref with an inverse inside a list's items and
# at the top level, languages and names inside a list of mappings, a citable type
# graded on the Admiralty scale under field names of its own, a relation kind
# with no FtM schema, and a field of typed links that FtM carries as `description`.
EXTENSION = """
relations:
  advises:
    outgoing: Adviser to
    incoming: Advised by
    from: [person]
    to: [organization]
field_groups:
  entity:
    relations:
      items:
        fields:
          detail:
            type: string
            doc: How the sources put it.
            ftm: description
types:
  person:
    fields:
      employer:
        type: ref
        to: [organization]
        label: Works for
        inverse: Staff
      spoken:
        type: list
        items:
          type: object
          fields:
            tongue: {type: language}
            nickname: {type: name}
  dataset:
    folder: datasets
    label: Dataset
    plural: Datasets
    title_field: title
    citation: [title]
    fields:
      title: {type: string, required: true}
      trust: {type: enum, vocabulary: source_reliability}
      believability: {type: enum, vocabulary: information_credibility}
"""

FILES = dict(SMALL_KB, **{
    "model.yaml": EXTENSION,
    "people/ada.yaml": """
        name: Ada Example
        employer: delta-news
        spoken: [{tongue: de, nickname: {name: Адочка, lang: ru}}]
        relations:
          - {type: minister_of, target: beta-ministry, since: "2020", sources: [report]}
          - {type: advises, target: delta-news, detail: Unpaid, sources: [report]}
    """,
    "datasets/survey.yaml": "title: A survey\ntrust: B\nbelievability: '3'\n",
})


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    data = write_kb(tmp_path_factory.mktemp("model"), FILES)
    result = pipeline.check(data, data.parent)
    assert result.problems == []
    return result.graph


def _sentences(graph, record_id: str) -> set[str]:
    return {sentence for n in graph_svg.neighbourhood(graph, graph.records[record_id]) for sentence in n.labels.values()}


def test_a_declared_ref_is_a_connection_both_ways_under_its_labels(graph):
    assert "Ada Example — Works for → Delta News" in _sentences(graph, "ada")
    assert "Delta News — Staff → Ada Example" in _sentences(graph, "delta-news")
    # A kind of relation the knowledge base adds, from both ends.
    assert "Ada Example — Adviser to → Delta News" in _sentences(graph, "ada")
    assert "Ada Example — Adviser to → Delta News" in _sentences(graph, "delta-news")
    # A source's publisher: the field's label from the source, its inverse from the publisher.
    assert "A report — Publisher → Delta News" in _sentences(graph, "report")
    assert "Delta News — Published → A report" in _sentences(graph, "delta-news")
    # A citation is not a connection: an incident's sources are not its neighbours.
    assert not any("A report" in s for s in _sentences(graph, "early"))
    counts = graph_svg.type_links(graph)
    assert counts[("person", "Works for", "organization")] == 1
    assert counts[("person", "Adviser to", "organization")] == 1
    assert counts[("person", "visitor", "incident")] == 1
    assert counts[("incident", "mentions", "person")] == 1


def test_involvement_reads_as_roles_else_the_field_label(tmp_path):
    files = dict(SMALL_KB, **{"incidents/late.yaml": """
        title: Late thing
        date: 2023-07-21/2023-07-31
        sources: [report]
        location: gamma-city
        summary: With [[ada]] and [[gamma-city]].
        participants: [{id: ada, role: alleged_recipient}]
    """})
    data = write_kb(tmp_path, files)
    graph = pipeline.check(data, data.parent).graph
    late = _sentences(graph, "late")
    # A role in words; the field's label; a mention said only when nothing else says more.
    assert "Ada Example — alleged recipient → Late thing" in late
    assert "Late thing — Location → Gamma City" in late
    assert not any("mentions" in s for s in late)
    assert "Late thing — Location → Gamma City" in _sentences(graph, "gamma-city")


def test_search_languages_and_grades_come_from_the_fields_the_model_types(graph):
    languages = search_terms.search_languages(graph.model, list(graph.records.values()))
    assert {"de", "ru"} <= set(languages)  # a language field and a name's declared language, in a list
    grade = grading.grade_of(graph, "survey")
    assert (grade.reliability, grade.credibility) == ("B", "3")
    stance = graph.claims_of("early")[0].stances[0]
    assert grading.grade_of(graph, "survey", stance).code == "B3"


def test_ftm_links_carry_what_the_link_fields_declare(graph):
    entities = {e["id"]: e for e in ftm.entities(graph, Site())}
    advises = entities["ada.advises.delta-news"]
    # A kind with no FtM schema becomes the link its list declares; its fields fill what they declare.
    assert advises["schema"] == "UnknownLink"
    assert advises["properties"] == {"subject": ["ada"], "object": ["delta-news"], "role": ["Adviser to"],
                                     "description": ["Unpaid"], "proof": ["report"]}
    minister = entities["ada.minister_of.beta-ministry"]
    assert minister["schema"] == "Directorship" and minister["properties"]["startDate"] == ["2020"]


def test_ftm_import_reads_the_same_link_declarations(tmp_path):
    data = write_kb(tmp_path / "kb", FILES)
    out = tmp_path / "site"
    mkdossier = str(BIN / "mkdossier")
    assert subprocess.run([mkdossier, "render", "--data", str(data), "--out", str(out)],
                          capture_output=True, timeout=300).returncode == 0
    exported = out / "downloads" / "entities.ftm.json"
    target = tmp_path / "again" / "data"
    target.mkdir(parents=True)
    (target / "model.yaml").write_text(EXTENSION, encoding="utf-8")
    run = subprocess.run([mkdossier, "import", "ftm", str(exported), "--data", str(target), "--published", "2024-01"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "UnknownLink.description" not in run.stdout  # declared: read, not reported
    import yaml

    ada = yaml.safe_load((target / "people" / "ada-example.yaml").read_text(encoding="utf-8"))
    advises = next(r for r in ada["relations"] if r["type"] == "advises")
    assert advises == {"type": "advises", "target": "delta-news", "detail": "Unpaid", "sources": ["a-report"]}
    assert subprocess.run([mkdossier, "check", "--data", str(target)], capture_output=True, timeout=300).returncode == 0


def test_every_link_property_the_model_declares_is_one_of_each_link_schema():
    from followthemoney import model as ftm_model

    from mkdossier.model import load_model

    model = load_model()
    for record_type in model.types.values():
        for links in record_type.link_lists():
            schemata = {ftm.fallback_link(links)["schema"]} | {k.ftm["schema"] for k in model.relations.values()
                                                            if k.ftm.get("schema")}
            for spec in links.items.fields.values():
                for name in filter(None, [spec.ftm.get("property"), spec.ftm.get("end")]):
                    for schema in schemata:
                        assert name in ftm_model.get(schema).properties, (record_type.name, spec.name, schema)


# -- in a browser: words keep clear of each other -----------------------------------------

def _boxes(page, selector: str) -> list[dict]:
    return page.evaluate(f"""[...document.querySelectorAll({json.dumps(selector)})].map(e => {{
        const r = e.getBoundingClientRect(); return {{text: e.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}}; }})""")


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_edge_words_clear_the_centre_and_counts_clear_each_other(tmp_path, monkeypatch):
    """#13: on a small graph the words on a line stood on the centre's title;
    on the graph page two counts could stand on each other (large counts
    between every two types, as a big knowledge base has them)."""
    from collections import Counter

    from playwright.sync_api import sync_playwright

    crowd = {f"people/p{n}.yaml": f"name: Person {n}\nrelations: [{{type: member_of, target: beta-ministry, "
                                  f"sources: [report]}}]\n" for n in range(12)}
    data = write_kb(tmp_path, dict(SMALL_KB, **crowd))
    graph = pipeline.check(data, data.parent).graph
    svgs = []
    for record_id in ("beta-ministry", "early", "month", "ada", "delta-news", "report"):
        record = graph.records[record_id]
        shown = graph_svg.chosen(graph, graph_svg.neighbourhood(graph, record))
        svgs.append(graph_svg.neighbourhood_svg(graph, record, shown, Settings(), "x.md", "c"))
    names = [name for name in graph.model.types if graph.of_type(name)]
    monkeypatch.setattr(graph_svg, "type_links", lambda graph: Counter(
        {(a, "x", b): 1_234_567 for a in names for b in names}))
    svgs.append(graph_svg.types_svg(graph, Settings(), "c").replace("<svg ", '<svg width="640" ', 1))
    css = (REPO / "docs" / "assets" / "stylesheets" / "dossier.css").read_text(encoding="utf-8")
    html = f"<style>{css}</style>" + "".join(f'<div class="dossier-figure">{svg}</div>' for svg in svgs)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_content(html)
        problems = []
        for index in range(len(svgs) - 1):
            scope = f"div.dossier-figure:nth-of-type({index + 1}) svg"
            centre = _boxes(page, f"{scope} text.c")[0]
            problems += [(centre["text"], w["text"]) for w in _boxes(page, f"{scope} text.e") if _overlap(centre, w)]
            # Level words (a turned word's box is its slant's, wider than its letters).
            level = _boxes(page, f"{scope} text.e:not([transform])")
            problems += [(a["text"], b["text"]) for i, a in enumerate(level) for b in level[i + 1:] if _overlap(a, b)]
        counts = _boxes(page, "svg.dossier-graph--types text.e")
        problems += [(a["text"], b["text"]) for i, a in enumerate(counts) for b in counts[i + 1:] if _overlap(a, b)]
        browser.close()
    assert not problems, problems

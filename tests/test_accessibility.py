"""Every page type passes axe-core's WCAG 2.0/2.1 A and AA rules in a real
browser (Debian's chromium driven by Playwright), on the shipped site and on
a synthetic one, whether a failure comes from our pages or the theme's
configuration. Plus what axe cannot check: focus indicators with at least
3:1 contrast, no focusable element hidden from assistive technology, a `lang`
on names in another script, and the chronology's table of contents, tab
order and announced count following the filter.

axe-core is vendored in tests/vendor/axe-core (see SOURCE.txt): nothing is
downloaded at test time. The pages' Content-Security-Policy would block the
injected script, so the axe runs use a browser context with ``bypass_csp``
(the policy itself is tested in test_csp.py and test_browser.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, CHROMIUM, REPO, make_project, mkdocs_build, serve_folder

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SECTIONS = ("people", "organizations", "places", "incidents", "sources", "claims")
# Pages of every type that are not records or indexes.
FIXED_PAGES = ("", "chronology/", "disputed/", "reference/format/", "downloads/", "exports/",
               "benchmark/", "404.html")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


@pytest.fixture(scope="module")
def axe_context(browser):
    """A context for the axe runs only: the policy would block the injected axe script."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def shipped(built_site):
    server = serve_folder(built_site)
    yield built_site, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic knowledge base of 300 records, built as the repository's site is."""
    root = tmp_path_factory.mktemp("synthetic")
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", "300", "--out", str(root / "data")],
                   check=True, capture_output=True, timeout=300)
    project = make_project(root / "project", root / "data")
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    server = serve_folder(root / "site")
    yield root / "site", f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def page_types(site: Path) -> list[str]:
    """One page of every type: the fixed pages, each section's index and
    first record, a year page of the chronology where there is one."""
    paths = [p for p in FIXED_PAGES if (site / p / "index.html").is_file() or (site / p).is_file()]
    for section in SECTIONS:
        if not (site / section / "index.html").is_file():
            continue
        paths.append(f"{section}/")
        records = sorted(p.parent.name for p in (site / section).glob("*/index.html"))
        if records:
            paths.append(f"{section}/{records[0]}/")
    years = sorted(p.parent.name for p in (site / "chronology").glob("*/index.html"))
    paths += [f"chronology/{year}/" for year in years[:1]]
    return paths


def filtered_chronology(site: Path) -> str:
    """The chronology with filters set: the first person or organization and a year."""
    page = site / "chronology" / "index.html"
    years = sorted(site.glob("chronology/*/index.html"))
    if years:
        page = years[0]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    party = soup.select("select[name=party] option[value]")[1]["value"]
    year = soup.select("select[name=from] option[value]")[1]["value"]
    return f"{page.parent.relative_to(site).as_posix()}/?party={party}&from={year}"


FADED_IN = """() => {
  for (let e = document.querySelector('.md-search-result__list li'); e; e = e.parentElement)
    if (getComputedStyle(e).opacity !== '1') return false;
  return true;
}"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' at ' + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target)))",
        WCAG_AA)
    return result


def check_site(context, site: Path, url: str) -> dict[str, list[str]]:
    page = context.new_page()
    found = {}
    for path in [*page_types(site), filtered_chronology(site)]:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # the theme's shortcut to the search box
    page.keyboard.type(search_word(site))
    page.locator(".md-search-result__list li a").first.wait_for()
    page.wait_for_function(FADED_IN)  # the results fade in: judge their colours once they have
    violations = axe_violations(page)
    if violations:
        found["search results"] = violations
    page.close()
    return found


def search_word(site: Path) -> str:
    """A word that is on the site's first person's page: the name's last word."""
    soup = BeautifulSoup((site / "people" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article table td a").get_text().split()[-1]


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {violation}" for path, violations in found.items() for violation in violations)


def test_shipped_site_has_no_wcag_violations(axe_context, shipped):
    site, url = shipped
    found = check_site(axe_context, site, url)
    assert not found, report(found)


def test_synthetic_site_has_no_wcag_violations(axe_context, synthetic):
    site, url = synthetic
    found = check_site(axe_context, site, url)
    assert not found, report(found)


# -- what axe does not check ----------------------------------------------------------

# The focused element's focus indicator against what is behind it, from computed
# styles: the outline colour (alpha composed over the background) against the
# nearest opaque background. WCAG 2.1 1.4.11: at least 3:1.
FOCUS_CONTRAST = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(node).backgroundColor);
      if (a > 0.99) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const over = (fg, bg) => { const a = fg[3] === undefined ? 1 : fg[3]; return [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a)); };
  const lum = (rgb) => { const c = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const bg = background(el.parentElement);
  const ring = over(parse(style.outlineColor), bg);
  const [hi, lo] = [lum(ring), lum(bg)].sort((x, y) => y - x);
  return {what: el.outerHTML.slice(0, 80), style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          contrast: (hi + 0.05) / (lo + 0.05)};
}"""
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
# Focusable and visible, yet hidden from assistive technology, or of no size.
HIDDEN_FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && getComputedStyle(e).visibility !== 'hidden'
               && e.getClientRects().length > 0)
  .filter(e => e.closest('[aria-hidden="true"]') || (e.offsetWidth === 0 && e.offsetHeight === 0))
  .map(e => e.outerHTML.slice(0, 80))"""


def test_no_focusable_element_is_hidden_and_no_palette_toggle(page, shipped):
    site, url = shipped
    for path in ("", "chronology/", "people/kim-jong-un/"):
        page.goto(url + path)
        assert page.locator("#__palette_0, [data-md-component=palette]").count() == 0
        assert page.evaluate(HIDDEN_FOCUSABLE) == [], path


def test_focus_is_visible_with_3_to_1_contrast_at_every_tab_stop(page, shipped):
    site, url = shipped
    page.goto(url + "chronology/")
    seen = set()
    for _ in range(45):
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)  # the theme opens the search (and restyles it) just after focus
        page.wait_for_function(SETTLED)  # colours are judged after the theme's transitions
        focus = page.evaluate(FOCUS_CONTRAST)
        if focus is None or focus["what"] in seen:
            continue
        seen.add(focus["what"])
        assert focus["style"] != "none" and focus["width"] >= 1, focus
        assert focus["contrast"] >= 3, focus
    assert len(seen) > 20


def test_names_in_another_script_carry_their_language(built_site):
    page = BeautifulSoup((built_site / "people" / "kim-jong-un" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    marked = {span.get_text(): span["lang"] for span in page.select("article span[lang]")}
    assert marked.get("김정은") == "ko"
    jsonld = json.loads(page.find("script", type="application/ld+json").string)
    assert '{"@language": "ko", "@value": "김정은"}' in json.dumps(jsonld, ensure_ascii=False, sort_keys=True)


def test_claim_status_icons_are_not_read_aloud(built_site):
    for path in built_site.glob("claims/*/index.html"):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").article
        icons = article.select(".dossier-icon")
        assert icons, path
        assert all(icon.get("aria-hidden") == "true" for icon in icons)


def test_table_of_contents_and_tab_order_follow_the_filter(page, shipped):
    site, url = shipped
    page.goto(url + "chronology/?party=sergei-shoigu")
    page.wait_for_function("() => document.querySelectorAll('.dossier-entry[hidden]').length > 0")
    hidden = page.evaluate("[...document.querySelectorAll('article h2[hidden], article h3[hidden]')].map(h => h.id)")
    assert hidden
    for heading in hidden:
        toc = page.locator(f'.md-sidebar--secondary a.md-nav__link[href="#{heading}"]')
        assert toc.count() == 1 and toc.is_hidden(), heading
    shown = page.evaluate("[...document.querySelectorAll('article h2:not([hidden]), article h3:not([hidden])')]"
                          ".map(h => h.id)")
    for heading in shown:
        assert page.locator(f'.md-sidebar--secondary a.md-nav__link[href="#{heading}"]').is_visible(), heading
    # Nothing hidden by the filter is a tab stop.
    for _ in range(80):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('[hidden]')?.outerHTML.slice(0, 120) || ''") == ""
    page.select_option("select[name=party]", "")
    assert page.locator(".md-sidebar--secondary .md-nav__item[hidden]").count() == 0


def test_a_year_range_that_ends_before_it_starts_shows_nothing(page, shipped):
    site, url = shipped
    page.goto(url + "chronology/?from=2023&to=2022")
    page.locator(".dossier-filters__count").wait_for()
    assert page.locator(".dossier-entry:visible").count() == 0
    assert page.locator(".dossier-filters__count").inner_text().startswith("Showing 0 of")


def test_without_javascript_a_filter_link_says_it_shows_everything(browser, shipped):
    site, url = shipped
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "chronology/?party=sergei-shoigu")
    assert page.locator(".dossier-nojs").is_visible()
    assert "JavaScript" in page.locator(".dossier-nojs").inner_text()
    context.close()
    page = browser.new_page()
    page.goto(url + "chronology/")
    page.locator("form.dossier-filters").wait_for()
    assert page.locator(".dossier-nojs").is_hidden()
    page.close()


def test_a_knowledge_base_declares_the_language_of_a_script(tmp_path):
    """data/model.yaml says Cyrillic names are Russian: the alias is marked on
    its page and tagged in the JSON-LD; a Latin alias stays unmarked."""
    from conftest import SMALL_KB, write_kb

    data = write_kb(tmp_path / "kb", {**SMALL_KB, "model.yaml": "name_languages:\n  cyrillic: ru\n"})
    project = make_project(tmp_path / "project", data)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "site" / "people" / "ada" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [(s.get_text(), s["lang"]) for s in page.select("article span[lang]")] == [("Ада Пример", "ru")]
    jsonld = json.loads(page.find("script", type="application/ld+json").string)
    text = json.dumps(jsonld, ensure_ascii=False, sort_keys=True)
    assert '{"@language": "ru", "@value": "Ада Пример"}' in text

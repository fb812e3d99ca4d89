"""A keyboard-only reader: the chronology's filters reached with Tab and
changed with the arrow keys, the count announced (the aria-live region's text
changes), focus visible at every stop; search opened with its shortcut,
a result chosen with the arrow keys and Enter. No mouse anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CHROMIUM
from test_accessibility import shipped  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")

FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || e.getAttribute('type') || '',
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1};
}"""


def tab_to(page, tag: str, name: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if (focus["tag"], focus["name"]) == (tag, name):
            assert focus["outline"], focus
            return
    raise AssertionError(f"{tag}[{name}] is not reachable with Tab")


def count(page) -> str:
    return page.locator(".dossier-filters__count").inner_text()


def test_chronology_filters_by_keyboard_with_the_count_announced(page, shipped):
    _site, url = shipped
    page.goto(url + "chronology/")
    live = page.locator(".dossier-filters__count")
    assert live.get_attribute("aria-live") == "polite"
    everything = count(page)
    total = page.locator(".dossier-entry").count()
    assert everything == f"{total} incidents"

    tab_to(page, "select", "party")
    page.keyboard.press("ArrowDown")  # the first person or organization
    page.wait_for_function("() => document.querySelector('.dossier-filters__count').textContent.startsWith('Showing')")
    narrowed = count(page)
    assert narrowed.startswith("Showing ") and narrowed != everything
    shown = page.locator(".dossier-entry:visible").count()
    assert narrowed == f"Showing {shown} of {total} incidents"
    assert "party=" in page.url

    for name in ("tag", "status", "from", "to"):  # every control is a tab stop, in order, with focus visible
        tab_to(page, "select", name, limit=1)
    page.keyboard.press("ArrowDown")  # "To": the first year
    assert "to=" in page.url
    shown = page.locator(".dossier-entry:visible").count()
    assert count(page) == f"Showing {shown} of {total} incidents"

    tab_to(page, "button", "reset", limit=1)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.dossier-filters__count').textContent.indexOf('Showing') < 0")
    assert count(page) == everything
    assert page.locator(".dossier-entry:visible").count() == total


def test_search_by_keyboard(page, shipped):
    _site, url = shipped
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # the theme's shortcut to the search box
    assert page.evaluate(FOCUSED)["name"] == "query"
    page.keyboard.type("Shoigu")
    page.locator(".md-search-result__list li a").first.wait_for()
    page.keyboard.press("ArrowDown")  # to the first result
    focus = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    assert "people/sergei-shoigu" in focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/sergei-shoigu/**")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Sergei Shoigu"

"""The timelines drawn at build time: every incident of the page on it, linked
to its page, at the x its EDTF span gives on the timeline's scale, fuzzy where
the date is approximate or uncertain, fading where an end is open; the same
bytes from two builds; kept by the sanitizer in the built HTML."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SMALL_KB, build_kb_site
from mkdossier import dates
from mkdossier.render import timeline

# The small knowledge base, plus one incident of each kind of date a timeline draws.
KB = dict(SMALL_KB, **{
    "incidents/day.yaml": "title: A day\ndate: 2023-03-14\nsources: [report]\nparticipants: [{id: ada, role: visitor}]\n",
    "incidents/about-a-year.yaml": "title: About a year\ndate: 2022~\nsources: [report]\n",
    "incidents/maybe.yaml": "title: Maybe in May\ndate: 2023-05?\nsources: [report]\n",
    "incidents/ongoing.yaml": "title: Still going\ndate: 2023-09-11/..\nsources: [report]\n",
    "incidents/until.yaml": "title: Until March\ndate: ../2022-03-01\nsources: [report]\n",
})
DATES = {"late": "2023-07-21/2023-07-31", "early": "2022-11-01/2022-11-10", "month": "2022-11",
         "day": "2023-03-14", "about-a-year": "2022~", "maybe": "2023-05?", "ongoing": "2023-09-11/..",
         "until": "../2022-03-01"}


def _build(root: Path) -> Path:
    return build_kb_site(root, KB)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """The knowledge base built twice, in two folders."""
    return _build(tmp_path_factory.mktemp("first")), _build(tmp_path_factory.mktemp("second"))


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _timeline(soup: BeautifulSoup):
    figure = soup.select_one("div.dossier-figure--timeline")
    assert figure is not None, "no timeline on the page"
    return figure, figure.find("svg")


def _marks(site: Path, page: str, svg) -> dict[str, object]:
    """The timeline's marks by the incident id their link reaches."""
    found = {}
    for link in svg.find_all("a"):
        target = (site / page / link["href"]).resolve()
        assert (target / "index.html").is_file(), f"{link['href']} is not a page"
        assert target.parent.name == "incidents"
        found[target.name] = link
    return found


def test_every_incident_is_on_the_chronology_timeline_at_its_place(sites):
    site = sites[0]
    figure, svg = _timeline(_page(site, "chronology"))
    marks = _marks(site, "chronology", svg)
    assert set(marks) == set(DATES)
    scale = timeline.scale_for(dates.parse(text) for text in DATES.values())
    assert (scale.first, scale.last) == (2022, 2023)
    assert (scale.start, scale.end) == (dt.date(2022, 1, 1).toordinal(), dt.date(2024, 1, 1).toordinal())
    for incident, text in DATES.items():
        rect = marks[incident].find("rect")
        x0, x1 = timeline.extent(scale, dates.parse(text))
        assert float(rect["x"]) == pytest.approx(x0, abs=0.05), incident
        assert float(rect["x"]) + float(rect["width"]) == pytest.approx(x1, abs=0.15), incident
        # The link's name: the date in words and the title.
        assert marks[incident].find("title").get_text().endswith(
            _page(site, f"incidents/{incident}").h1.get_text().rstrip("¶")), incident
    # The positions themselves, from the scale: 2022 and 2023 over the plot width.
    width = timeline.WIDTH - timeline.LEFT - timeline.RIGHT
    day = lambda d: timeline.LEFT + (d - dt.date(2022, 1, 1)).days / 730 * width  # noqa: E731
    assert timeline.extent(scale, dates.parse("2022-11")) == (round(day(dt.date(2022, 11, 1)), 1),
                                                              round(day(dt.date(2022, 12, 1)), 1))
    assert timeline.extent(scale, dates.parse("2022~")) == (timeline.LEFT, round(day(dt.date(2023, 1, 1)), 1))
    middle = (day(dt.date(2023, 3, 14)) + day(dt.date(2023, 3, 15))) / 2
    assert timeline.extent(scale, dates.parse("2023-03-14")) == pytest.approx(
        (middle - timeline.MIN_MARK / 2, middle + timeline.MIN_MARK / 2), abs=0.1)
    assert timeline.extent(scale, dates.parse("2023-09-11/.."))[1] == scale.right  # open: to the edge
    assert timeline.extent(scale, dates.parse("../2022-03-01"))[0] == scale.left
    # A caption describes it; the legend says what the marks mean.
    assert svg["role"] == "group" and svg["aria-label"]
    assert figure.find(id=svg["aria-describedby"]) is not None
    assert "approximate" in figure.select_one("ul.dossier-legend").get_text()


def test_uncertainty_is_drawn_as_such(sites):
    site = sites[0]
    _figure, svg = _timeline(_page(site, "chronology"))
    marks = {incident: link.find("rect") for incident, link in _marks(site, "chronology", svg).items()}
    assert marks["about-a-year"].get("stroke-dasharray")  # approximate: a dashed outline
    assert marks["maybe"]["fill"] == "url(#tl-hatch)"  # uncertain: hatched
    assert marks["ongoing"]["fill"] == "url(#tl-fade-right)"  # open end: fades out
    assert marks["until"]["fill"] == "url(#tl-fade-left)"
    for exact in ("day", "late", "early", "month"):
        assert not marks[exact].get("stroke-dasharray") and not marks[exact]["fill"].startswith("url(")
    # The paint servers the marks use are in the same SVG.
    ids = {element["id"] for element in svg.find_all(id=True)}
    assert {"tl-hatch", "tl-fade-right", "tl-fade-left"} <= ids


def test_entity_page_has_a_timeline_of_its_own_incidents(sites):
    site = sites[0]
    _figure, svg = _timeline(_page(site, "people/ada"))
    marks = _marks(site, "people/ada", svg)
    assert set(marks) == {"late", "month", "day"}  # as a participant or mentioned: its chronology list
    # The timeline is kept out of the search index, as the lists are.
    assert _page(site, "people/ada").select_one("div.dossier-figure--timeline").has_attr("data-search-exclude")


def test_same_bytes_from_two_builds(sites):
    first, second = sites
    for page in ("chronology", "people/ada", "incidents/early", "graph"):
        svgs = [[str(svg) for svg in _page(site, page).find_all("svg", class_=re.compile("dossier-"))]
                for site in (first, second)]
        assert svgs[0] and svgs[0] == svgs[1], page
    # No floating-point noise in the coordinates: at most one decimal.
    text = (first / "chronology" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:x|width)="-?\d+\.\d{2,}"', text)


def test_dense_history_is_a_bar_per_year():
    """Past MARK_LIMIT incidents, one bar per year with its count, linked."""
    svg = timeline.years_svg([(2020, 400, "2020/"), (2022, 3, "")], "Per year", "c")
    soup = BeautifulSoup(svg, "html.parser")
    links = soup.find_all("a")
    assert [a["href"] for a in links] == ["2020/"]
    assert links[0].find("title").get_text() == "2020: 400 incidents"
    titles = [t.get_text() for t in soup.find_all("title")]
    assert "2022: 3 incidents" in titles and not any(t.startswith("2021") for t in titles)


def test_the_calendar_s_last_year_has_an_end():
    """9999-12-31 is a valid EDTF day: its bar ends at the plot's right edge."""
    scale = timeline.scale_for([dates.parse("9999-12-31")])
    assert (scale.first, scale.last) == (9999, 9999)
    assert timeline.extent(scale, dates.parse("9999-12"))[1] == scale.right
    svg = timeline.timeline_svg([timeline.Mark(dates.parse("9999-12-31/.."), "x/", "late", "Last")], "Late", "c")
    assert svg.startswith("<svg")

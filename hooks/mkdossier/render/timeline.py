"""A horizontal timeline of incidents, drawn at build time as SVG.

Pure: marks (a date span, a title, a link) in, SVG text out; no JavaScript,
the same bytes for the same marks. Each incident is a bar over its possible
days (at least a few units wide, so a day is visible), placed in the first
free lane; approximate dates have a dashed outline, uncertain ones a hatched
fill, open ends fade out to the edge. A dense history is shown as a bar per
year instead (``years_svg``): the chronology's overview and an entity with
hundreds of incidents.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from .. import dates
from ..fieldtypes import article
from ..load import Record
from ..resolve import Graph
from . import figures
from .pages import Settings, href, record_path, when

WIDTH = 720  # viewBox units: about one unit a pixel in the theme's content column
LEFT, RIGHT = 8, 8
TOP = 6
LANE = 13  # a lane's height, mark included
MARK = 9
MIN_MARK = 5  # the narrowest mark: a single day at a decade's scale stays visible
GAP = 2  # the least space between two marks in one lane
AXIS_HEIGHT = 34
MARK_LIMIT = 150  # more incidents than this on one timeline: a bar per year instead
# Colours on white (the site's one light scheme): the mark 6.2:1, the text 12:1.
INK = "#1a5fb4"
PALE = "#dbe8f7"


@dataclass(frozen=True)
class Mark:
    """One incident on the timeline."""

    span: dates.Span
    href: str
    words: str  # the date in words
    title: str


def first_day(year: int, month: int = 1) -> int:
    """The day number (``date.toordinal``) a month starts on; the "start" of
    year 10000 is the day after 9999-12-31, so the calendar's last year has an end."""
    if year > dt.MAXYEAR:
        return dt.date.max.toordinal() + 1
    return dt.date(year, month, 1).toordinal()


@dataclass(frozen=True)
class Scale:
    """Days to x: the whole years ``first`` to ``last`` over the plot width."""

    first: int
    last: int
    left: float = LEFT
    width: float = WIDTH - LEFT - RIGHT

    @property
    def start(self) -> int:
        return first_day(self.first)

    @property
    def end(self) -> int:
        return first_day(self.last + 1)

    def x(self, day: int) -> float:
        """Where a day (a day number) starts; its end is where the next day starts."""
        return round(self.left + (day - self.start) / (self.end - self.start) * self.width, 1)

    @property
    def right(self) -> float:
        return round(self.left + self.width, 1)


def scale_for(spans) -> Scale | None:
    """The whole years that hold every known bound of the spans."""
    bounds = [d for s in spans for d in (s.lower, s.upper) if d is not None]
    if not bounds:
        return None
    return Scale(min(bounds).year, max(bounds).year)


def extent(scale: Scale, span: dates.Span) -> tuple[float, float]:
    """A span's bar from its earliest to the end of its latest possible day;
    an open end runs to the edge of the plot. Widened about its middle to
    ``MIN_MARK`` when narrower."""
    x0 = scale.x(span.lower.toordinal()) if span.lower else scale.left
    x1 = scale.x(span.upper.toordinal() + 1) if span.upper else scale.right
    if x1 - x0 < MIN_MARK:
        middle = (x0 + x1) / 2
        x0, x1 = round(middle - MIN_MARK / 2, 1), round(middle + MIN_MARK / 2, 1)
    return x0, x1


def lanes(extents: list[tuple[float, float]]) -> list[int]:
    """The lane of each extent: the first one free at its start (in the given order)."""
    ends: list[float] = []
    found = []
    for x0, x1 in extents:
        for lane, end in enumerate(ends):
            if end + GAP <= x0:
                break
        else:
            lane = len(ends)
            ends.append(0.0)
        ends[lane] = x1
        found.append(lane)
    return found


def _number(value: float) -> str:
    """Coordinates without float noise: 12.0 → 12, 12.25 → 12.2."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _defs(prefix: str) -> str:
    return (f'<defs><pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="4" height="4">'
            f'<rect width="4" height="4" fill="#ffffff"></rect>'
            f'<path d="M0,4L4,0M-1,1L1,-1M3,5L5,3" stroke="{INK}" stroke-width="1.2"></path></pattern>'
            f'<linearGradient id="{prefix}-fade-right"><stop offset="0" stop-color="{INK}" stop-opacity="1"></stop>'
            f'<stop offset="1" stop-color="{INK}" stop-opacity="0"></stop></linearGradient>'
            f'<linearGradient id="{prefix}-fade-left"><stop offset="0" stop-color="{INK}" stop-opacity="0"></stop>'
            f'<stop offset="1" stop-color="{INK}" stop-opacity="1"></stop></linearGradient></defs>')


def _shape(prefix: str, x0: float, x1: float, y: float, span: dates.Span) -> str:
    """The mark itself: fill by certainty, a fading part for an open end."""
    fill = f"url(#{prefix}-hatch)" if span.uncertain else (PALE if span.approximate else INK)
    dash = ' stroke-dasharray="3 2"' if span.approximate else ""
    kind = "uncertain" if span.uncertain else ("approximate" if span.approximate else "exact")
    stroke = INK
    if span.lower is None or span.upper is None:  # no outline: it would draw the end that is not known
        fill, kind, stroke, dash = f"url(#{prefix}-fade-{'left' if span.lower is None else 'right'})", "open", "none", ""
    return (f'<rect class="{kind}" x="{_number(x0)}" y="{_number(y)}" '
            f'width="{_number(x1 - x0)}" height="{MARK}" fill="{fill}" stroke="{stroke}"{dash}></rect>')


def _axis(scale: Scale, y: float) -> str:
    """A line with a tick at each year's start, the year written in its middle
    (every fifth or tenth year on a long axis); on a short one, months too,
    their initials in one text element (an x for each letter)."""
    years = range(scale.first, scale.last + 1)
    step = 1 if len(years) <= 12 else (5 if len(years) <= 60 else 10)
    ticks = [f"M{_number(scale.left)},{_number(y)}H{_number(scale.right)}"]
    labels, initials, places = [], [], []
    for year in years:
        x = scale.x(first_day(year))
        ticks.append(f"M{_number(x)},{_number(y)}v8")
        if step == 1:
            middle = (x + scale.x(first_day(year + 1))) / 2
            labels.append(f'<text x="{_number(middle)}" y="{_number(y + 26)}" text-anchor="middle" class="y">'
                          f"{year}</text>")
        elif year % step == 0:
            labels.append(f'<text x="{_number(x + 2)}" y="{_number(y + 26)}" class="y">{year}</text>')
        if len(years) <= 2:
            for month in range(1, 13):
                if month > 1:
                    ticks.append(f"M{_number(scale.x(first_day(year, month)))},{_number(y)}v4")
                places.append(_number((scale.x(first_day(year, month)) + scale.x(_next_month(year, month))) / 2))
                initials.append(dates.MONTHS[month][0])
    months = (f'<text x="{" ".join(places)}" y="{_number(y + 13)}" text-anchor="middle" class="m">'
              f'{"".join(initials)}</text>') if initials else ""
    return f'<path d="{"".join(ticks)}" stroke="#595959"></path>' + months + "".join(labels)


def _next_month(year: int, month: int) -> int:
    return first_day(year + month // 12, month % 12 + 1)


def _svg(prefix: str, label: str, caption_id: str, height: float, body: str) -> str:
    return (f'<svg class="dossier-tl" viewBox="0 0 {WIDTH} {_number(height)}" role="group" '
            f'aria-label="{html.escape(label)}" aria-describedby="{caption_id}">{body}</svg>')


def timeline_svg(marks: list[Mark], label: str, caption_id: str, prefix: str = "tl") -> str:
    """Every mark on one scale, each a link to its incident; "" when none has a date."""
    placed = [m for m in marks if m.span.lower or m.span.upper]
    scale = scale_for(m.span for m in placed)
    if scale is None:
        return ""
    extents = [extent(scale, m.span) for m in placed]
    order = sorted(range(len(placed)), key=lambda i: (extents[i], i))
    lane_of = dict(zip(order, lanes([extents[i] for i in order])))
    lane_count = max(lane_of.values()) + 1
    parts = [_defs(prefix)]
    for i in order:  # focus moves left to right, as the eye reads
        mark, (x0, x1) = placed[i], extents[i]
        name = f"{mark.words}: {mark.title}"
        # The link's name is its <title> (also the tooltip).
        parts.append(f'<a href="{html.escape(mark.href)}"><title>{html.escape(name)}</title>'
                     + _shape(prefix, x0, x1, TOP + lane_of[i] * LANE, mark.span) + "</a>")
    axis_y = TOP + lane_count * LANE + 2
    parts.append(_axis(scale, axis_y))
    return _svg(prefix, label, caption_id, axis_y + AXIS_HEIGHT, "".join(parts))


def years_svg(counts: list[tuple[int, int, str]], label: str, caption_id: str,
              nouns: tuple[str, str] = ("incident", "incidents")) -> str:
    """A bar per year, its height by the count, linked when it has an address
    (``(year, count, href)``, href may be ""). Years between are shown empty."""
    if not counts:
        return ""
    by_year = {year: (count, href) for year, count, href in counts}
    first, last = min(by_year), max(by_year)
    scale = Scale(first, last)
    highest = max(count for count, _href in by_year.values())
    plot = 80
    parts = []
    for year in range(first, last + 1):
        count, href = by_year.get(year, (0, ""))
        if not count:
            continue
        x0, x1 = scale.x(first_day(year)), scale.x(first_day(year + 1))
        inset = min(6.0, (x1 - x0) / 6)
        height = max(2.0, plot * count / highest)
        y = TOP + 14 + plot - height
        words = f"{year}: {count:,} {nouns[0] if count == 1 else nouns[1]}"
        bar = (f'<title>{words}</title><rect class="exact" '
               f'x="{_number(x0 + inset)}" y="{_number(y)}" width="{_number(x1 - x0 - 2 * inset)}" '
               f'height="{_number(height)}" fill="{INK}" stroke="{INK}"></rect>')
        if (x1 - x0) >= 24:
            bar += (f'<text x="{_number((x0 + x1) / 2)}" y="{_number(y - 3)}" text-anchor="middle" '
                    f'class="m">{count:,}</text>')
        if href:
            parts.append(f'<a href="{html.escape(href)}">{bar}</a>')
        else:
            parts.append(f"<g>{bar}</g>")
    axis_y = TOP + 14 + plot + 1
    parts.append(_axis(scale, axis_y))
    return _svg("ty", label, caption_id, axis_y + AXIS_HEIGHT, "".join(parts))


LEGEND = (
    ("exact", "a known day or span"),
    ("approximate", "approximate (c.)"),
    ("uncertain", "uncertain (?)"),
    ("open", "open end"),
)


def legend(prefix: str = "tl") -> str:
    """What the marks mean, in words beside a sample of each."""
    items = []
    for kind, words in LEGEND:
        span = dates.Span("", dt.date(2000, 1, 1), None if kind == "open" else dt.date(2000, 1, 1),
                          approximate=kind == "approximate", uncertain=kind == "uncertain")
        sample = _shape(prefix, 1, 27, 2, span)
        items.append(f'<li><svg class="dossier-legend__sample" viewBox="0 0 28 13" aria-hidden="true">'
                     f"{sample}</svg> {html.escape(words)}</li>")
    return '<ul class="dossier-legend">' + "".join(items) + "</ul>"


def figure(svg: str, caption: str, caption_id: str, prefix: str = "tl", with_legend: bool = True) -> str:
    """The timeline as a raw HTML block for the Markdown page: caption first
    (the SVG's description), kept out of the search index."""
    if not svg:
        return ""
    key = legend(prefix) if with_legend else ""
    # The legend's samples refer to the patterns defined in the timeline's own SVG.
    return figures.slot(f'<div class="dossier-figure dossier-figure--timeline" data-search-exclude>'
                        f'<p class="dossier-figure__caption" id="{caption_id}">{html.escape(caption)}</p>'
                        f"{svg}{key}</div>")


def page_href(settings: Settings, from_page: str, to_page: str) -> str:
    """A link as the site serves it: raw HTML is not rewritten by the site
    generator, so the ``.md`` link becomes a page address here (MkDocs' rule:
    ``x.md`` is ``x/``, ``x/index.md`` is ``x/``; or ``.html`` without
    directory URLs). Starts from ``href``, which is cached per folder."""
    stem = href(from_page, to_page)[: -len(".md")]
    if not settings.use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    if from_page != "index.md" and not from_page.endswith("/index.md"):
        stem = "../" + stem  # the page is served from a folder of its own
    return stem or "./"


def chronology_nouns(graph: Graph) -> tuple[str, str]:
    """What a chronology record is called, one and many ("incident",
    "incidents"): its type's label and plural, or "record(s)" when several
    types make the chronology."""
    names = graph.model.chronology_types()
    if len(names) != 1:
        return ("record", "records")
    record_type = graph.model.types[names[0]]
    return (in_sentence(record_type.label), in_sentence(record_type.plural))


def in_sentence(word: str) -> str:
    """A label within a sentence: "Incident" → "incident", "UN vote" stays."""
    return word if word[1:2].isupper() else word[:1].lower() + word[1:]


def incident_timeline(graph: Graph, page: str, incidents: list[Record], settings: Settings, *,
                      about: str = "", by_year: dict[int, str] | None = None) -> str:
    """The timeline block for a page listing these incidents (``about``: ""
    or " involving Ada Example"…). Past ``MARK_LIMIT`` incidents a bar per
    year, linked to ``by_year``'s pages (``path.md`` or ``path.md#anchor``)."""
    if not settings.figures:
        return ""
    one, many = chronology_nouns(graph)
    spans = [(r, graph.date_of(r)) for r in incidents]
    dated = [(r, s) for r, s in spans if s.lower or s.upper]
    if not dated:
        return ""
    undated = len(spans) - len(dated)
    rest = f" {undated:,} without a known date are only in the list." if undated else ""
    caption_id = "timeline-caption"
    if len(dated) > MARK_LIMIT:
        counts: dict[int, int] = {}
        for _record, span in dated:
            counts[span.year] = counts.get(span.year, 0) + 1
        rows = []
        for year, count in sorted(counts.items()):
            target, _, anchor = (by_year or {}).get(year, "").partition("#")
            address = page_href(settings, page, target) + (f"#{anchor}" if anchor else "") if target else ""
            rows.append((year, count, address))
        linked = f" Each bar links to that year's {many}." if by_year else ""
        listed = "" if by_year else ", listed below"
        caption = (f"{_upper(many)}{about} per year, by the year each began: {len(dated):,} in all"
                   f"{listed}.{linked}{rest}")
        return figure(years_svg(rows, f"Timeline of {many}{about}, per year", caption_id, (one, many)),
                      caption, caption_id, with_legend=False)
    marks = [Mark(span, page_href(settings, page, record_path(graph, r)), when(graph, r), graph.title(r))
             for r, span in dated]
    caption = (f"Timeline of the {len(dated):,} {one if len(dated) == 1 else many}{about}, listed below: "
               f"each bar spans {article(one)}'s possible dates and links to its page.{rest}")
    return figure(timeline_svg(marks, f"Timeline of {many}{about}", caption_id), caption, caption_id)


def _upper(words: str) -> str:
    return words[:1].upper() + words[1:]

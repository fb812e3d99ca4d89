"""Relationship graphs, drawn at build time as SVG: a record's neighbourhood
on its page, and the whole knowledge base by record type on the graph page.

The neighbourhood is one hop, read off the model's declarations: typed
relations both ways, involvement in the chronology (the roles, else the
field's label; Markdown mentions), the claims a party takes a stance on, and
every other ref a record's fields hold (the field's label from the record
holding it, its ``inverse`` label from the target). The layout is radial and
computed, not simulated: the record in the centre, its neighbours on a
circle in order of type then title, coordinates rounded, so the same graph
gives the same bytes. Past ``NODE_LIMIT`` the best connected neighbours are
drawn and the caption says how many more the lists below the graph hold.
Each type has a colour and a shape, named in a legend.
"""

from __future__ import annotations

import functools
import html
import math
from collections import Counter
from dataclasses import dataclass, field

from .. import markup
from ..fieldtypes import Field
from ..load import Record
from ..model import Model, RecordType
from ..parts import EVERY, Parts
from ..resolve import Graph
from . import figures
from .pages import Settings, front_matter, href, index_path, join_blocks, record_path, table
from .timeline import page_href

GRAPH_PAGE = "graph.md"
NODE_LIMIT = 24  # the record and at most 23 neighbours
LABEL_CHARS = 26  # a neighbour's title on the graph, cut with an ellipsis (whole in its tooltip)
EDGE_LABEL_CHARS = 28
TOP_COUNT = 10  # best connected records per type on the graph page
CHAR_WIDTH = 6.4  # an average character at the graph's font size, for the drawing's bounds
EDGE_CHAR_WIDTH = 5.2  # the same for an edge's label (9px)
MENTIONS = "mentions"  # the label of a record named in a chronology record's Markdown
# Per record type, in the model's order: a colour (each at least 4.5:1 on
# white) and a shape, so the legend does not rest on colour alone.
COLOURS = ("#1a5fb4", "#a51d2d", "#26734d", "#7b3f99", "#955200", "#3d3846", "#0b6e80", "#8a3b12")
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "star", "pentagon", "cross")


@dataclass
class Neighbour:
    """A record next to the centre, and how they are connected."""

    id: str
    labels: dict[tuple[str, bool], str] = field(default_factory=dict)  # (label, outward) → sentence
    rank: int = 9  # 0: a typed relation, 1: the chronology, 2: a claim's stance, 3: another ref

    def add(self, label: str, outward: bool, sentence: str, rank: int) -> None:
        self.labels.setdefault((label, outward), sentence)
        self.rank = min(self.rank, rank)


# -- what connects two records, read off the model ------------------------------------


def involvement_labels(graph: Graph, incident_id: str, record_id: str) -> list[tuple[str, bool]]:
    """How a record takes part in a chronology record, as (label, True when it
    reads from the record to the chronology record): each role in words
    ("visitor"), else the field's label read from the chronology record
    ("Location"); a mention in its Markdown only when nothing else says more."""
    found: list[tuple[str, bool]] = []
    mentioned = False
    markdown = _markdown_titles(graph.model.types[graph.records[incident_id].type])
    for involvement in graph.involvement.get((incident_id, record_id), ()):
        if involvement.roles:
            found += [(role.replace("_", " "), True) for role in involvement.roles]
        elif involvement.field in markdown:
            mentioned = True
        else:
            found.append((involvement.field, False))
    if mentioned and not found:
        found.append((MENTIONS, False))
    return list(dict.fromkeys(found))


def _markdown_titles(record_type: RecordType) -> set[str]:
    return {spec.title for spec in record_type.fields.values() if spec.type == "markdown"}


def _connects(model: Model, record_type: RecordType, top: Field, ref: Field) -> bool:
    """Whether a ref is a connection of its own on the graph: not a typed link,
    a claim's stance or a chronology record's involvement (drawn as such), nor
    a citation (a ref only to citable types, unless its field names an inverse)."""
    if top.is_link_list or top.claims or (record_type.claim and top.name == "stances"):
        return False
    if ref.involves and record_type.chronology:
        return False
    cites = bool(ref.to) and all(model.types[t].citation for t in ref.to if t in model.types)
    return not cites or bool(top.inverse)


def field_refs(graph: Graph, record: Record) -> list[tuple[str, str]]:
    """(label, target id) for each ref the record's fields hold that connects
    it to another record: the label of the field (of the list, for a ref in
    its items), in the model's order."""
    model = graph.model
    record_type = model.types[record.type]
    found: list[tuple[str, str]] = []

    def walk(top: Field, spec: Field, value) -> None:
        if value is None:
            return
        if spec.type == "list" and spec.items is not None:
            for item in value if isinstance(value, list) else ():
                walk(top, spec.items, item)
        elif spec.type == "object" and isinstance(value, dict):
            for name, inner in spec.fields.items():
                walk(top, inner, value.get(name))
        elif spec.type == "ref" and isinstance(value, str) and _connects(model, record_type, top, spec):
            found.append((top.title, value))

    for spec in record_type.fields.values():
        walk(spec, spec, record.data.get(spec.name))
    return list(dict.fromkeys(found))


def _inverse_fields(record_type: RecordType) -> dict[str, Field]:
    """The type's fields that declare an ``inverse``, by that label (as ``Graph.pointing_at`` keys them)."""
    return {spec.inverse: spec for spec in record_type.fields.values() if spec.inverse}


def pointing_refs(graph: Graph, record: Record) -> list[tuple[str, str]]:
    """(inverse label, id) for each record whose ref field points at this one
    and declares an ``inverse``: the same connections ``field_refs`` gives from their end."""
    found = []
    for label, ids in sorted(graph.pointing_at.get(record.id, {}).items()):
        for other_id in ids:
            other_type = graph.model.types[graph.records[other_id].type]
            spec = _inverse_fields(other_type).get(label)
            inner = spec.items if spec is not None and spec.type == "list" and spec.items is not None else spec
            if spec is not None and _connects(graph.model, other_type, spec, inner):
                found.append((label, other_id))
    return found


def neighbourhood(graph: Graph, record: Record) -> list[Neighbour]:
    """Every record one hop away, with the labels of what connects them."""
    found: dict[str, Neighbour] = {}
    me = graph.title(record)

    def add(other: str, label: str, outward: bool, rank: int) -> None:
        if other == record.id or other not in graph.records:
            return
        them = graph.title(graph.records[other])
        subject, target = (me, them) if outward else (them, me)
        found.setdefault(other, Neighbour(other)).add(label, outward, f"{subject} — {label} → {target}", rank)

    relations = graph.model.relations
    for edge in graph.edges_out.get(record.id, []):
        add(edge.target, relations[edge.kind].outgoing, True, 0)
    for edge in graph.edges_in.get(record.id, []):
        add(edge.source, relations[edge.kind].outgoing, False, 0)
    if graph.in_chronology(record):
        named = set(record.refs.values()).union(*record.mentions.values())
        for other in sorted(i for i in named if (record.id, i) in graph.involvement):
            for label, towards_me in involvement_labels(graph, record.id, other):
                add(other, label, not towards_me, 1)
    for incident_id in graph.incidents_of.get(record.id, []):
        for label, from_me in involvement_labels(graph, incident_id, record.id):
            add(incident_id, label, from_me, 1)
    for claim in graph.claims_of(record.id):
        for stance in claim.stances:
            add(stance.party, stance.stance, False, 2)
    for claim in graph.claims_by_party.get(record.id, []):
        for stance in claim.stances:
            if stance.party == record.id:
                add(claim.owner, stance.stance, True, 2)
    for label, target in field_refs(graph, record):
        add(target, label, True, 3)
    for label, other in pointing_refs(graph, record):
        add(other, label, True, 3)
    return list(found.values())


def _type_order(graph: Graph) -> dict[str, int]:
    return {name: index for index, name in enumerate(graph.model.types)}


def chosen(graph: Graph, neighbours: list[Neighbour], limit: int = NODE_LIMIT - 1) -> list[Neighbour]:
    """At most ``limit`` neighbours, the closest kinds of connection and the
    best connected first, then in drawing order: by type, then title."""
    if len(neighbours) > limit:
        neighbours = sorted(neighbours, key=lambda n: (n.rank, -len(n.labels), -graph.degree(n.id), n.id))[:limit]
    order = _type_order(graph)
    return sorted(neighbours, key=lambda n: (order[graph.records[n.id].type],
                                             graph.title(graph.records[n.id]).casefold(), n.id))


def _number(value: float) -> str:
    return str(round(value))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.lru_cache(maxsize=4096)  # the same few places on every page
def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """The outline of a node's shape around (x, y), as path data in whole units."""
    def polygon(corners: int, turn: float, radii=(1.0,)) -> str:
        points = []
        for i in range(corners * len(radii)):
            angle = turn + 2 * math.pi * i / (corners * len(radii))
            radius = r * radii[i % len(radii)]
            points.append(f"{_number(x + radius * math.cos(angle))},{_number(y + radius * math.sin(angle))}")
        return "M" + "L".join(points) + "Z"

    if shape == "circle":
        return (f"M{_number(x - r)},{_number(y)}a{_number(r)},{_number(r)} 0 1,0 {_number(2 * r)},0"
                f"a{_number(r)},{_number(r)} 0 1,0 {_number(-2 * r)},0Z")
    if shape == "square":
        side = r * 1.6
        return f"M{_number(x - side / 2)},{_number(y - side / 2)}h{_number(side)}v{_number(side)}h{_number(-side)}Z"
    if shape == "diamond":
        return polygon(4, -math.pi / 2, (1.2,))
    if shape == "triangle":
        return polygon(3, -math.pi / 2, (1.25,))
    if shape == "hexagon":
        return polygon(6, 0)
    if shape == "star":
        return polygon(5, -math.pi / 2, (1.3, 0.6))
    if shape == "pentagon":
        return polygon(5, -math.pi / 2, (1.1,))
    return polygon(4, -math.pi / 4, (1.2, 0.5))  # a cross-like four-pointed star


def type_style(graph: Graph, type_name: str) -> tuple[str, str]:
    """A record type's colour and shape."""
    index = _type_order(graph).get(type_name, 0)
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]


def _marker(prefix: str) -> str:
    return (f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10Z" fill="#595959"></path>'
            f"</marker></defs>")


HORIZONTAL_LIMIT = 8  # up to this many neighbours, labels are level; more, and they run along the spokes


def _arrow(dx: float, dy: float) -> str:
    """The arrow character closest to a direction on the drawing (y down)."""
    if abs(dx) >= abs(dy):
        return "→" if dx > 0 else "←"
    return "↓" if dy > 0 else "↑"


def _arrowhead(x: float, y: float, ux: float, uy: float) -> str:
    """A filled arrowhead with its tip at (x, y), pointing along (ux, uy)."""
    back, side = 7, 3.5
    bx, by = x - back * ux, y - back * uy
    return (f"M{_number(x)},{_number(y)}L{_number(bx - side * uy)},{_number(by + side * ux)}"
            f"L{_number(bx + side * uy)},{_number(by - side * ux)}Z")


def _edge_label(labels: list[tuple[str, bool]], ux: float, uy: float, rotated: bool, flipped: bool) -> str:
    """The labels of one edge in words, each with an arrow pointing the way
    the relation reads on the drawing (so direction is not only in the
    arrowheads). ``ux, uy``: the spoke from the centre outwards."""
    words = []
    for label, outward in labels:
        dx, dy = (ux, uy) if outward else (-ux, -uy)
        if rotated:  # text along the spoke: forward is the way the text runs
            arrow = "→" if (outward != flipped) else "←"
        else:
            arrow = _arrow(dx, dy)
        words.append(f"← {label}" if arrow == "←" else f"{label} {arrow}")
    return _cut("; ".join(words), EDGE_LABEL_CHARS)


# -- keeping labels apart ------------------------------------------------------------
# A box is (left, top, right, bottom) on the drawing. Labels are placed, not
# simulated: each tries positions from the middle of its line outwards and
# takes the first that overlaps nothing placed before it.

Box = tuple[float, float, float, float]
CENTRE_CHAR_WIDTH = 7.0  # the centre's title is bold
EDGE_LABEL_HEIGHT = 10  # 9px text, with its halo
RADIUS_LIMIT = 400  # the circle grows (in steps) until every edge label fits, up to this


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clear(boxes: list[Box], obstacles: list[Box]) -> bool:
    return not any(_overlaps(box, other) for box in boxes for other in obstacles)


def _around(x: float, y: float, half: float) -> Box:
    return (x - half, y - half, x + half, y + half)


@dataclass
class _Spoke:
    """One neighbour's place on the circle and the words on its line."""

    neighbour: Neighbour
    ux: float
    uy: float
    degrees: float
    labels: list[tuple[str, bool]]
    words: str = ""
    offset: float = 0.0  # where the words sit, from the centre along the line

    @property
    def flipped(self) -> bool:  # text on the left half turns round so it stays upright
        return 90 < self.degrees < 270


def _word_boxes(spoke: _Spoke, t: float, rotated: bool) -> list[Box]:
    """The boxes an edge's words cover with their middle ``t`` along the line:
    one box for level text, small squares along the line for turned text."""
    width = EDGE_CHAR_WIDTH * len(spoke.words) + 4
    mx, my = t * spoke.ux, t * spoke.uy
    if not rotated:
        return [(mx - width / 2, my - EDGE_LABEL_HEIGHT / 2, mx + width / 2, my + EDGE_LABEL_HEIGHT / 2)]
    dx, dy = (-spoke.ux, -spoke.uy) if spoke.flipped else (spoke.ux, spoke.uy)
    cx, cy = mx + 6 * dy, my - 6 * dx  # the glyphs sit above the line, "above" as the text reads
    steps = max(1, math.ceil(width / 10))
    return [_around(cx + dx * s, cy + dy * s, EDGE_LABEL_HEIGHT / 2)
            for s in (-width / 2 + width * (i + 0.5) / steps for i in range(steps))]


def _word_extent(spoke: _Spoke, t: float, rotated: bool) -> Box:
    """The box around all of ``_word_boxes`` (they lie in a row: the first and
    the last say it), without making them."""
    width = EDGE_CHAR_WIDTH * len(spoke.words) + 4
    mx, my = t * spoke.ux, t * spoke.uy
    if not rotated:
        return (mx - width / 2, my - EDGE_LABEL_HEIGHT / 2, mx + width / 2, my + EDGE_LABEL_HEIGHT / 2)
    dx, dy = (-spoke.ux, -spoke.uy) if spoke.flipped else (spoke.ux, spoke.uy)
    cx, cy = mx + 6 * dy, my - 6 * dx
    steps = max(1, math.ceil(width / 10))
    reach = width / 2 - width / (2 * steps)  # from the middle to the first and last square's centre
    half = EDGE_LABEL_HEIGHT / 2
    return (cx - abs(dx) * reach - half, cy - abs(dy) * reach - half,
            cx + abs(dx) * reach + half, cy + abs(dy) * reach + half)


def _least_radius(spokes: list[_Spoke], centre_r: float, node_r: float) -> float:
    """A circle smaller than this has a spoke too short for its turned words:
    they cannot clear both the centre and their node. (The words' squares
    touch, and sit 6 apart from the line: a square closer along the line than
    these margins to the centre or the node overlaps it.)"""
    half = EDGE_LABEL_HEIGHT / 2
    from_centre = math.sqrt((centre_r + 6 + half) ** 2 - 36)
    from_node = math.sqrt((node_r + 3 + half) ** 2 - 36)
    longest = 0.0
    for spoke in spokes:
        width = EDGE_CHAR_WIDTH * len(spoke.words) + 4
        steps = max(1, math.ceil(width / 10))
        longest = max(longest, width - width / steps)  # first to last square's centre
    return longest + math.floor(from_centre + from_node)


def _place_words(spokes: list[_Spoke], radius: float, rotated: bool, fixed: list[Box], start: float,
                 node_r: float) -> bool:
    """Set each spoke's ``offset`` so its words overlap neither the centre, nor
    a node, nor (level text) the words placed before; False if one cannot."""
    nodes = [_around(radius * s.ux, radius * s.uy, node_r + 3) for s in spokes]
    placed: list[Box] = []
    end = radius - node_r - 4
    middle = (start + end) / 2
    for index, spoke in enumerate(spokes):
        # Turned text runs along its own line: only the centre and its own node are in its way.
        obstacles = fixed + ([nodes[index]] if rotated else nodes + placed)
        for step in range(int(end - start) // 2 + 2):  # the middle, then 4, 8, 12… either side of it
            t = middle + (step + 1) // 2 * 4 * (1 if step % 2 else -1)
            if not start <= t <= end:
                continue
            # Most places are clear of everything by far: the box around the words says so.
            whole = _word_extent(spoke, t, rotated)
            near = [other for other in obstacles if _overlaps(whole, other)]
            if not near or _clear(_word_boxes(spoke, t, rotated), near):
                spoke.offset = t
                placed.append(whole)  # level text: one box, the whole
                break
        else:
            return False
    return True


def neighbourhood_svg(graph: Graph, record: Record, neighbours: list[Neighbour], settings: Settings,
                      page: str, caption_id: str, prefix: str = "gr") -> str:
    """The record in the centre, each neighbour a linked node on a circle."""
    count = len(neighbours)
    radius = 110 if count <= 4 else min(220, 70 + 10 * count)
    centre_r, node_r = 13, 8
    rotated = count > HORIZONTAL_LIMIT
    title = graph.title(record)
    centre_title = _cut(title, LABEL_CHARS)
    centre_width = CENTRE_CHAR_WIDTH * len(centre_title)
    # The centre's node and title: no edge's words may cover them.
    fixed = [_around(0, 0, centre_r + 6),
             (-centre_width / 2 - 2, centre_r + 5, centre_width / 2 + 2, centre_r + 20)]
    spokes = []
    for index, neighbour in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        spoke = _Spoke(neighbour, math.cos(angle), math.sin(angle), math.degrees(angle) % 360,
                       sorted(neighbour.labels))
        spoke.words = _edge_label(spoke.labels, spoke.ux, spoke.uy, rotated, spoke.flipped)
        spokes.append(spoke)
    start = centre_r + 3
    if rotated:  # skip the circles too small for the longest words (all fail; the result is the same)
        least = _least_radius(spokes, centre_r, node_r)
        while radius < min(least, RADIUS_LIMIT):
            radius += 12
    while not _place_words(spokes, radius, rotated, fixed, start, node_r) and radius < RADIUS_LIMIT:
        radius += 12
    if radius >= RADIUS_LIMIT:  # words too long for any circle: in the middle of their lines
        for spoke in spokes:
            spoke.offset = (start + radius - node_r - 4) / 2
    parts = []
    nodes = []
    # All spokes in one path and all arrowheads in another: fewer elements
    # for the site generator to parse on each of thousands of pages.
    lines, heads = [], []
    xs, ys = [-centre_r - 4, centre_r + 4], [-centre_r - 4, centre_r + 22]
    for spoke in spokes:
        neighbour, ux, uy, labels = spoke.neighbour, spoke.ux, spoke.uy, spoke.labels
        x, y = radius * ux, radius * uy
        other = graph.records[neighbour.id]
        colour, shape = type_style(graph, other.type)
        rotation = _number(spoke.degrees - 180 if spoke.flipped else spoke.degrees)
        # The spoke, from the centre's edge to the neighbour's, arrowheads where the relations point.
        outward = any(o for _l, o in labels)
        inward = any(not o for _l, o in labels)
        end = radius - node_r - 4
        lines.append(f"M{_number(start * ux)},{_number(start * uy)}L{_number(end * ux)},{_number(end * uy)}")
        if outward:
            heads.append(_arrowhead(end * ux, end * uy, ux, uy))
        if inward:
            heads.append(_arrowhead(start * ux, start * uy, -ux, -uy))
        mx, my = spoke.offset * ux, spoke.offset * uy
        words_box = _word_extent(spoke, spoke.offset, rotated)
        xs += [words_box[0], words_box[2]]
        ys += [words_box[1], words_box[3]]
        edge_words = html.escape(spoke.words)
        if rotated:
            parts.append(f'<text class="e" x="{_number(mx)}" y="{_number(my - 3)}" '
                         f'text-anchor="middle" transform="rotate({rotation} {_number(mx)} {_number(my)})">'
                         f"{edge_words}</text>")
        else:
            parts.append(f'<text class="e" x="{_number(mx)}" y="{_number(my + 3)}" '
                         f'text-anchor="middle">{edge_words}</text>')
        other_title = graph.title(other)
        type_label = graph.model.types[other.type].label
        name = f"{other_title} ({type_label.lower()}): " + "; ".join(neighbour.labels[key] for key in labels)
        lx, ly = (radius + node_r + 5) * ux, (radius + node_r + 5) * uy
        shown = _cut(other_title, LABEL_CHARS)
        text_width = CHAR_WIDTH * len(shown)
        if rotated:
            text = (f'<text x="{_number(lx)}" y="{_number(ly + 4)}" '
                    f'text-anchor="{"end" if spoke.flipped else "start"}" '
                    f'transform="rotate({rotation} {_number(lx)} {_number(ly)})">{html.escape(shown)}</text>')
            reach = radius + node_r + 5 + text_width
            xs.append(reach * ux)
            ys.append(reach * uy)
        else:  # level text: beside the node, or above or below it at the top and bottom
            if abs(ux) < 0.35:
                anchor, tx, ty = "middle", x, (y - node_r - 6 if uy < 0 else y + node_r + 14)
                xs += [tx - text_width / 2, tx + text_width / 2]
            else:
                anchor, tx, ty = ("start" if ux > 0 else "end"), lx, y + 4
                xs.append(tx + text_width if ux > 0 else tx - text_width)
            ys += [ty - 12, ty + 4]
            text = (f'<text x="{_number(tx)}" y="{_number(ty)}" '
                    f'text-anchor="{anchor}">{html.escape(shown)}</text>')
        # The link's name is its <title> (also the tooltip): no aria-label repeating it.
        nodes.append(f'<a href="{html.escape(page_href(settings, page, record_path(graph, other)))}">'
                     f"<title>{html.escape(name)}</title>"
                     f'<path d="{shape_path(shape, x, y, node_r)}" fill="{colour}">'
                     f'</path>{text}</a>')
        xs += [x - 12, x + 12]
        ys += [y - 12, y + 12]
    parts.insert(0, f'<path class="e" d="{"".join(lines)}"></path><path class="h" d="{"".join(heads)}"></path>')
    colour, shape = type_style(graph, record.type)
    centre = (f'<g><path d="{shape_path(shape, 0, 0, centre_r)}" '
              f'fill="{colour}"></path><text class="c" '
              f'x="0" y="{centre_r + 16}" text-anchor="middle">{html.escape(centre_title)}</text></g>')
    xs += [-centre_width / 2, centre_width / 2]
    margin = 8
    left, top = math.floor(min(xs)) - margin, math.floor(min(ys)) - margin
    width, height = math.ceil(max(xs)) + margin - left, math.ceil(max(ys)) + margin - top
    label = f"Connections of {title}"
    # Drawn at its own size (a small neighbourhood is not blown up to the
    # column's width, its labels to headline size); CSS shrinks a wide one.
    return (f'<svg class="dossier-graph" viewBox="{left} {top} {width} {height}" width="{width}" role="group" '
            f'aria-label="{html.escape(label)}" aria-describedby="{caption_id}">'
            + "".join(parts) + centre + "".join(nodes) + "</svg>")


def legend(graph: Graph, type_names) -> str:
    """Each record type drawn: its shape in its colour, and its name."""
    items = []
    for type_name in sorted(set(type_names), key=_type_order(graph).get):
        colour, shape = type_style(graph, type_name)
        items.append(f'<li><svg class="dossier-legend__sample" viewBox="0 0 20 20" aria-hidden="true">'
                     f'<path d="{shape_path(shape, 10, 10, 7)}" fill="{colour}"></path></svg> '
                     f"{html.escape(graph.model.types[type_name].label)}</li>")
    items.append('<li><svg class="dossier-legend__sample" viewBox="0 0 28 20" aria-hidden="true">'
                 '<path d="M2,10H20M18,5L26,10L18,15Z" fill="#595959" stroke="#595959"></path></svg> '
                 "a relation, read the way the arrow points</li>")
    return '<ul class="dossier-legend">' + "".join(items) + "</ul>"


def neighbourhood_block(graph: Graph, record: Record, settings: Settings) -> str:
    """The section of a record page with its graph; "" for a record without
    connections, or on a site without figures."""
    if not settings.figures:
        return ""
    neighbours = neighbourhood(graph, record)
    if not neighbours:
        return ""
    shown = chosen(graph, neighbours)
    page = record_path(graph, record)
    caption_id = "graph-caption"
    title = graph.title(record)
    more = len(neighbours) - len(shown)
    caption = (f"{title} and the {len(shown)} records connected to it" if not more else
               f"{title} and {len(shown)} of the {len(neighbours)} records connected to it, the closest first; "
               f"and {more} more, listed below")
    caption += ". Each node links to its record's page; the lists below say the same in words."
    svg = neighbourhood_svg(graph, record, shown, settings, page, caption_id)
    types = [record.type] + [graph.records[n.id].type for n in shown]
    return ("## Connections { data-search-exclude }\n\n"
            + figures.slot(f'<div class="dossier-figure dossier-figure--graph" data-search-exclude>'
                           f'<p class="dossier-figure__caption" id="{caption_id}">{html.escape(caption)}</p>'
                           f"{svg}{legend(graph, types)}</div>"))


# -- the whole knowledge base, by record type ----------------------------------------

def type_links(graph: Graph, parts: Parts = EVERY) -> Counter:
    """How many connections run from one record type to another, by kind,
    counted as the neighbourhoods draw them: ``(from type, label, to type) →
    count``. Linear in the graph's size; the connections a record's own data
    makes are one of ``parts``."""
    involving: dict[str, list[str]] = {}
    for incident_id, record_id in graph.involvement:
        involving.setdefault(incident_id, []).append(record_id)
    counts: Counter = Counter()
    for record in graph.records.values():
        counts.update(parts.of("type links", record,
                               lambda record=record: _links_from(graph, record, involving.get(record.id, ()))))
    return counts


def _links_from(graph: Graph, record: Record, involved: list[str]) -> list[tuple[str, str, str]]:
    """The connections ``type_links`` counts that the record's data makes: its
    relations, who takes part in it, the stances on its claims, its ref fields."""
    records, relations = graph.records, graph.model.relations
    found = [(record.type, relations[edge.kind].outgoing, records[edge.target].type)
             for edge in graph.edges_out.get(record.id, ())]
    for other_id in involved:
        for label, from_record in involvement_labels(graph, record.id, other_id):
            ends = (records[other_id].type, record.type) if from_record else (record.type, records[other_id].type)
            found.append((ends[0], label, ends[1]))
    for claim in graph.claims_by_owner.get(record.id, ()):
        for party, stance in dict.fromkeys((s.party, s.stance) for s in claim.stances):
            found.append((records[party].type, stance, record.type))
    found += [(record.type, label, records[target].type) for label, target in field_refs(graph, record)
              if target in records]
    return found


def types_svg(graph: Graph, settings: Settings, caption_id: str, links: Counter | None = None) -> str:
    """Record types on a circle, sized by their count; one line per pair of
    types with the number of connections, arrows the way they run (``links``:
    ``type_links(graph)`` if already counted)."""
    names = [name for name in graph.model.types if graph.of_type(name)]
    if not names:
        return ""
    pairs: Counter = Counter()
    for (source, _label, target), count in (type_links(graph) if links is None else links).items():
        pairs[(source, target)] += count
    radius = 170
    place = {}
    for index, name in enumerate(names):
        angle = -math.pi / 2 + 2 * math.pi * index / len(names)
        place[name] = (radius * math.cos(angle), radius * math.sin(angle))
    largest = max(len(graph.of_type(n)) for n in names)
    size = {n: 10 + 18 * math.sqrt(len(graph.of_type(n)) / largest) for n in names}
    parts = [_marker("kb")]
    nodes, taken = [], []  # the nodes' links; what a count may not cover (nodes, their titles, counts)
    for name in names:
        x, y = place[name]
        colour, shape = type_style(graph, name)
        kind = graph.model.types[name]
        words = f"{kind.plural}: {len(graph.of_type(name)):,}"
        # The label on the side away from the node's loop: above the nodes of the lower half.
        below = y - size[name] - 6 if y > radius * 0.3 else y + size[name] + 15
        half = CHAR_WIDTH * len(words) / 2 + 2
        taken += [_around(x, y, size[name] + 2), (x - half, below - 11, x + half, below + 3)]
        nodes.append(f'<a href="{html.escape(page_href(settings, GRAPH_PAGE, index_path(graph, name)))}">'
                     f'<title>{html.escape(words)}</title>'
                     f'<path d="{shape_path(shape, x, y, size[name])}" fill="{colour}">'
                     f'</path><text x="{_number(x)}" '
                     f'y="{_number(below)}" text-anchor="middle">{html.escape(words)}</text></a>')
    lines, counts = [], []
    # Loops first: their counts have one place, outside their node; a curve's count
    # then takes the first point along it that covers nothing placed before.
    for (source, target), count in sorted(pairs.items(), key=lambda item: (item[0][0] != item[0][1], item[0])):
        if source not in place or target not in place:
            continue
        (x0, y0), (x1, y1) = place[source], place[target]
        text = f"{count:,}"
        half = EDGE_CHAR_WIDTH * len(text) / 2 + 2
        if source == target:  # a loop on the outside of the node
            ux, uy = x0 / radius, y0 / radius
            r = size[source]
            px, py = -uy, ux
            ax, ay = x0 + ux * r + px * r * 0.6, y0 + uy * r + py * r * 0.6
            bx, by = x0 + ux * r - px * r * 0.6, y0 + uy * r - py * r * 0.6
            cx, cy = x0 + ux * (r + 46), y0 + uy * (r + 46)
            d = (f"M{_number(ax)},{_number(ay)}C{_number(cx + px * 30)},{_number(cy + py * 30)} "
                 f"{_number(cx - px * 30)},{_number(cy - py * 30)} {_number(bx)},{_number(by)}")
            spots = [(x0 + ux * (r + 52), y0 + uy * (r + 52))]
        else:  # a gentle curve, so the two directions of a pair do not overlap
            length = math.hypot(x1 - x0, y1 - y0)
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            px, py = uy, -ux
            sx, sy = x0 + ux * (size[source] + 3), y0 + uy * (size[source] + 3)
            ex, ey = x1 - ux * (size[target] + 5), y1 - uy * (size[target] + 5)
            cx, cy = (sx + ex) / 2 + px * 24, (sy + ey) / 2 + py * 24
            d = f"M{_number(sx)},{_number(sy)}Q{_number(cx)},{_number(cy)} {_number(ex)},{_number(ey)}"
            spots = [((1 - s) ** 2 * sx + 2 * (1 - s) * s * cx + s * s * ex,
                      (1 - s) ** 2 * sy + 2 * (1 - s) * s * cy + s * s * ey)
                     for s in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
        boxes = [(x - half, y - EDGE_LABEL_HEIGHT / 2, x + half, y + EDGE_LABEL_HEIGHT / 2) for x, y in spots]
        chosen = next((i for i, box in enumerate(boxes) if _clear([box], taken)), 0)
        taken.append(boxes[chosen])
        tx, ty = spots[chosen]
        lines.append(((source, target), f'<path class="e" d="{d}" marker-end="url(#kb-arrow)"></path>'))
        counts.append(((source, target), f'<text class="e" x="{_number(tx)}" y="{_number(ty + 4)}" '
                                         f'text-anchor="middle">{text}</text>'))
    # Lines under the counts, so a line never crosses a number; all in the order of their types.
    parts += [line for _key, line in sorted(lines)] + [count for _key, count in sorted(counts)] + nodes
    extent = radius + 90
    return (f'<svg class="dossier-graph dossier-graph--types" viewBox="{-extent} {-extent} {2 * extent} {2 * extent}" '
            f'role="group" aria-label="Records by type and the connections between them" '
            f'aria-describedby="{caption_id}">' + "".join(parts) + "</svg>")


def graph_page(graph: Graph, settings: Settings, parts: Parts = EVERY) -> dict[str, str]:
    """The whole knowledge base as a graph of record types, the connections
    between them counted by kind, and each type's best connected records.
    Its size grows with the number of types and kinds, not of records."""
    page = GRAPH_PAGE
    caption_id = "graph-caption"
    links = type_links(graph, parts)  # a pass over the whole graph: once
    svg = types_svg(graph, settings, caption_id, links)
    caption = ("Each node is a type of record, sized by how many there are; each line counts the connections "
               "from one type to another, in the direction of the arrow. The table below lists them by kind.")
    figure = figures.slot(f'<div class="dossier-figure dossier-figure--graph" data-search-exclude>'
                          f'<p class="dossier-figure__caption" id="{caption_id}">{html.escape(caption)}</p>'
                          f"{svg}{legend(graph, [n for n in graph.model.types if graph.of_type(n)])}</div>"
                          ) if svg else ""
    rows = []
    for (source, label, target), count in sorted(links.items(),
                                                 key=lambda item: (-item[1], item[0])):
        rows.append([f"[{markup.text(graph.model.types[source].plural)}]({href(page, index_path(graph, source))})",
                     markup.text(label),
                     f"[{markup.text(graph.model.types[target].plural)}]({href(page, index_path(graph, target))})",
                     f"{count:,}"])
    blocks = [
        "# Knowledge graph",
        "How the records connect: typed relations, the chronology and who takes part in it, claims and the "
        "parties taking stances on them, and the records a record's fields name. Each record's page shows "
        "its own connections as a graph.",
        figure,
        "## Connections by kind",
        table(["From", "Connection", "To", "Count"], rows) if rows else "*No connections yet.*",
        "## Best connected records",
        f"Per type, the {TOP_COUNT} records with the most relations, incidents and stances.",
    ]
    for name, kind in graph.model.types.items():
        records = graph.of_type(name)
        if not records:
            continue
        top = sorted(records, key=lambda r: (-graph.degree(r.id), graph.title(r).casefold(), r.id))[:TOP_COUNT]
        top = [r for r in top if graph.degree(r.id)]
        if not top:
            continue
        blocks.append(f"### {markup.text(kind.plural)}\n\n"
                      + table(["Record", "Connections"],
                              [[f"[{markup.text(graph.title(r))}]({href(page, record_path(graph, r))})",
                                f"{graph.degree(r.id):,}"] for r in top]))
    return {page: front_matter("Knowledge graph", search={"exclude": True}) + join_blocks(*blocks)}

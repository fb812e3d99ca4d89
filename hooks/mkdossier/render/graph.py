"""Relationship graphs, drawn at build time as SVG: a record's neighbourhood
on its page, and the whole knowledge base by record type on the graph page.

The neighbourhood is one hop: typed relations both ways, an incident's
participants, place and mentions, the claims a party takes a stance on, a
source's publisher and the sources it is based on. The layout is radial and
computed, not simulated: the record in the centre, its neighbours on a circle
in order of type then title, coordinates rounded, so the same graph gives the
same bytes. Past ``NODE_LIMIT`` the best connected neighbours are drawn and
the caption says how many more the lists below the graph hold. Each type has
a colour and a shape, named in a legend.
"""

from __future__ import annotations

import functools
import html
import math
from collections import Counter
from dataclasses import dataclass, field

from .. import markup
from ..load import Record
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
# Per record type, in the model's order: a colour (each at least 4.5:1 on
# white) and a shape, so the legend does not rest on colour alone.
COLOURS = ("#1a5fb4", "#a51d2d", "#26734d", "#7b3f99", "#955200", "#3d3846", "#0b6e80", "#8a3b12")
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "star", "pentagon", "cross")


@dataclass
class Neighbour:
    """A record next to the centre, and how they are connected."""

    id: str
    labels: dict[tuple[str, bool], str] = field(default_factory=dict)  # (label, outward) → sentence
    rank: int = 9  # 0: a typed relation, 1: participation, place, mention, 2: a claim's stance, 3: a source's

    def add(self, label: str, outward: bool, sentence: str, rank: int) -> None:
        self.labels.setdefault((label, outward), sentence)
        self.rank = min(self.rank, rank)


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
    data = record.data
    if record.type == "incident":
        for participant in data.get("participants") or []:
            add(participant["id"], participant["role"].replace("_", " "), False, 1)
        if data.get("location"):
            add(data["location"], "took place in", True, 1)
        for mentioned in sorted(record.mentions.get("summary", ())):
            add(mentioned, "mentions", True, 1)
    for incident_id in graph.incidents_of.get(record.id, []):
        incident = graph.records[incident_id]
        roles = [p["role"].replace("_", " ") for p in incident.data.get("participants") or [] if p["id"] == record.id]
        for role in roles:
            add(incident_id, role, True, 1)
        if incident.data.get("location") == record.id:
            add(incident_id, "took place in", False, 1)
        if not roles and incident.data.get("location") != record.id:
            add(incident_id, "mentions", False, 1)
    for claim in graph.claims_of(record.id):
        for stance in claim.stances:
            add(stance.party, stance.stance, False, 2)
    for claim in graph.claims_by_party.get(record.id, []):
        for stance in claim.stances:
            if stance.party == record.id:
                add(claim.owner, stance.stance, True, 2)
    if record.type == "source":
        if data.get("publisher"):
            add(data["publisher"], "published", False, 3)
        for cited in data.get("based_on") or []:
            add(cited, "based on", True, 3)
        for citing in graph.based_on_by.get(record.id, []):
            add(citing, "based on", False, 3)
    for source_id in graph.published_by.get(record.id, []):
        add(source_id, "published", True, 3)
    return list(found.values())


def degree(graph: Graph, record_id: str) -> int:
    """How connected a record is: relations both ways, incidents, stances."""
    return (len(graph.edges_out.get(record_id, ())) + len(graph.edges_in.get(record_id, ()))
            + len(graph.incidents_of.get(record_id, ())) + len(graph.claims_by_party.get(record_id, ())))


def _type_order(graph: Graph) -> dict[str, int]:
    return {name: index for index, name in enumerate(graph.model.types)}


def chosen(graph: Graph, neighbours: list[Neighbour], limit: int = NODE_LIMIT - 1) -> list[Neighbour]:
    """At most ``limit`` neighbours, the closest kinds of connection and the
    best connected first, then in drawing order: by type, then title."""
    if len(neighbours) > limit:
        neighbours = sorted(neighbours, key=lambda n: (n.rank, -len(n.labels), -degree(graph, n.id), n.id))[:limit]
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


def neighbourhood_svg(graph: Graph, record: Record, neighbours: list[Neighbour], settings: Settings,
                      page: str, caption_id: str, prefix: str = "gr") -> str:
    """The record in the centre, each neighbour a linked node on a circle."""
    count = len(neighbours)
    radius = 110 if count <= 4 else min(220, 70 + 10 * count)
    centre_r, node_r = 13, 8
    parts = []
    nodes = []
    # All spokes in one path and all arrowheads in another: fewer elements
    # for the site generator to parse on each of thousands of pages.
    spokes, heads = [], []
    xs, ys = [-centre_r - 4, centre_r + 4], [-centre_r - 4, centre_r + 22]
    for index, neighbour in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        ux, uy = math.cos(angle), math.sin(angle)
        x, y = radius * ux, radius * uy
        other = graph.records[neighbour.id]
        colour, shape = type_style(graph, other.type)
        degrees = math.degrees(angle) % 360
        rotated = count > HORIZONTAL_LIMIT
        flipped = 90 < degrees < 270  # text on the left half turns round so it stays upright
        rotation = _number(degrees - 180 if flipped else degrees)
        # The spoke, from the centre's edge to the neighbour's, arrowheads where the relations point.
        labels = sorted(neighbour.labels)
        outward = any(o for _l, o in labels)
        inward = any(not o for _l, o in labels)
        start, end = centre_r + 3, radius - node_r - 4
        spokes.append(f"M{_number(start * ux)},{_number(start * uy)}L{_number(end * ux)},{_number(end * uy)}")
        if outward:
            heads.append(_arrowhead(end * ux, end * uy, ux, uy))
        if inward:
            heads.append(_arrowhead(start * ux, start * uy, -ux, -uy))
        mx, my = (start + end) / 2 * ux, (start + end) / 2 * uy
        edge_words = html.escape(_edge_label(labels, ux, uy, rotated, flipped))
        if rotated:
            parts.append(f'<text class="e" x="{_number(mx)}" y="{_number(my - 3)}" '
                         f'text-anchor="middle" transform="rotate({rotation} {_number(mx)} {_number(my)})">'
                         f"{edge_words}</text>")
        else:
            parts.append(f'<text class="e" x="{_number(mx)}" y="{_number(my + 3)}" '
                         f'text-anchor="middle">{edge_words}</text>')
        title = graph.title(other)
        type_label = graph.model.types[other.type].label
        name = f"{title} ({type_label.lower()}): " + "; ".join(neighbour.labels[key] for key in labels)
        lx, ly = (radius + node_r + 5) * ux, (radius + node_r + 5) * uy
        shown = _cut(title, LABEL_CHARS)
        text_width = CHAR_WIDTH * len(shown)
        if rotated:
            text = (f'<text x="{_number(lx)}" y="{_number(ly + 4)}" '
                    f'text-anchor="{"end" if flipped else "start"}" '
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
    parts.insert(0, f'<path class="e" d="{"".join(spokes)}"></path><path class="h" d="{"".join(heads)}"></path>')
    colour, shape = type_style(graph, record.type)
    title = graph.title(record)
    centre = (f'<g><path d="{shape_path(shape, 0, 0, centre_r)}" '
              f'fill="{colour}"></path><text class="c" '
              f'x="0" y="{centre_r + 16}" text-anchor="middle">{html.escape(_cut(title, LABEL_CHARS))}</text></g>')
    xs += [-CHAR_WIDTH * LABEL_CHARS / 2, CHAR_WIDTH * LABEL_CHARS / 2]
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
    """The section of a record page with its graph; "" for a record without connections."""
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

def type_links(graph: Graph) -> Counter:
    """How many connections run from one record type to another, by kind:
    ``(from type, label, to type) → count``. Linear in the graph's size."""
    counts: Counter = Counter()
    types = {record_id: record.type for record_id, record in graph.records.items()}
    relations = graph.model.relations
    for source, edges in graph.edges_out.items():
        for edge in edges:
            counts[(types[source], relations[edge.kind].outgoing, types[edge.target])] += 1
    for entity, incidents in graph.incidents_of.items():
        counts[(types[entity], "in incidents", "incident")] += len(incidents)
    for claim in graph.claims:
        for party in claim.parties:
            counts[(types[party], "takes stances on", types[claim.owner])] += 1
    for publisher, sources in graph.published_by.items():
        counts[(types[publisher], "published", "source")] += len(sources)
    for cited, citing in graph.based_on_by.items():
        counts[("source", "based on", "source")] += len(citing)
    return counts


def types_svg(graph: Graph, settings: Settings, caption_id: str) -> str:
    """Record types on a circle, sized by their count; one line per pair of
    types with the number of connections, arrows the way they run."""
    names = [name for name in graph.model.types if graph.of_type(name)]
    if not names:
        return ""
    pairs: Counter = Counter()
    for (source, _label, target), count in type_links(graph).items():
        pairs[(source, target)] += count
    radius = 170
    place = {}
    for index, name in enumerate(names):
        angle = -math.pi / 2 + 2 * math.pi * index / len(names)
        place[name] = (radius * math.cos(angle), radius * math.sin(angle))
    largest = max(len(graph.of_type(n)) for n in names)
    size = {n: 10 + 18 * math.sqrt(len(graph.of_type(n)) / largest) for n in names}
    parts = [_marker("kb")]
    for (source, target), count in sorted(pairs.items()):
        if source not in place or target not in place:
            continue
        (x0, y0), (x1, y1) = place[source], place[target]
        if source == target:  # a loop on the outside of the node
            ux, uy = x0 / radius, y0 / radius
            r = size[source]
            px, py = -uy, ux
            ax, ay = x0 + ux * r + px * r * 0.6, y0 + uy * r + py * r * 0.6
            bx, by = x0 + ux * r - px * r * 0.6, y0 + uy * r - py * r * 0.6
            cx, cy = x0 + ux * (r + 46), y0 + uy * (r + 46)
            d = (f"M{_number(ax)},{_number(ay)}C{_number(cx + px * 30)},{_number(cy + py * 30)} "
                 f"{_number(cx - px * 30)},{_number(cy - py * 30)} {_number(bx)},{_number(by)}")
            tx, ty = x0 + ux * (r + 52), y0 + uy * (r + 52) + 4
        else:  # a gentle curve, so the two directions of a pair do not overlap
            length = math.hypot(x1 - x0, y1 - y0)
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            px, py = uy, -ux
            sx, sy = x0 + ux * (size[source] + 3), y0 + uy * (size[source] + 3)
            ex, ey = x1 - ux * (size[target] + 5), y1 - uy * (size[target] + 5)
            cx, cy = (sx + ex) / 2 + px * 24, (sy + ey) / 2 + py * 24
            d = f"M{_number(sx)},{_number(sy)}Q{_number(cx)},{_number(cy)} {_number(ex)},{_number(ey)}"
            tx, ty = (sx + ex) / 2 + px * 14, (sy + ey) / 2 + py * 14 + 4
        parts.append(f'<path class="e" d="{d}" '
                     f'marker-end="url(#kb-arrow)"></path>')
        parts.append(f'<text class="e" x="{_number(tx)}" y="{_number(ty)}" '
                     f'text-anchor="middle">{count:,}</text>')
    for name in names:
        x, y = place[name]
        colour, shape = type_style(graph, name)
        kind = graph.model.types[name]
        words = f"{kind.plural}: {len(graph.of_type(name)):,}"
        # The label on the side away from the node's loop: above the nodes of the lower half.
        below = y - size[name] - 6 if y > radius * 0.3 else y + size[name] + 15
        parts.append(f'<a href="{html.escape(page_href(settings, GRAPH_PAGE, index_path(graph, name)))}">'
                     f'<title>{html.escape(words)}</title>'
                     f'<path d="{shape_path(shape, x, y, size[name])}" fill="{colour}">'
                     f'</path><text x="{_number(x)}" '
                     f'y="{_number(below)}" text-anchor="middle">{html.escape(words)}</text></a>')
    extent = radius + 90
    return (f'<svg class="dossier-graph dossier-graph--types" viewBox="{-extent} {-extent} {2 * extent} {2 * extent}" '
            f'role="group" aria-label="Records by type and the connections between them" '
            f'aria-describedby="{caption_id}">' + "".join(parts) + "</svg>")


def graph_page(graph: Graph, settings: Settings) -> dict[str, str]:
    """The whole knowledge base as a graph of record types, the connections
    between them counted by kind, and each type's best connected records.
    Its size grows with the number of types and kinds, not of records."""
    page = GRAPH_PAGE
    caption_id = "graph-caption"
    svg = types_svg(graph, settings, caption_id)
    caption = ("Each node is a type of record, sized by how many there are; each line counts the connections "
               "from one type to another, in the direction of the arrow. The table below lists them by kind.")
    figure = figures.slot(f'<div class="dossier-figure dossier-figure--graph" data-search-exclude>'
                          f'<p class="dossier-figure__caption" id="{caption_id}">{html.escape(caption)}</p>'
                          f"{svg}{legend(graph, [n for n in graph.model.types if graph.of_type(n)])}</div>"
                          ) if svg else ""
    rows = []
    for (source, label, target), count in sorted(type_links(graph).items(),
                                                 key=lambda item: (-item[1], item[0])):
        rows.append([f"[{markup.text(graph.model.types[source].plural)}]({href(page, index_path(graph, source))})",
                     markup.text(label),
                     f"[{markup.text(graph.model.types[target].plural)}]({href(page, index_path(graph, target))})",
                     f"{count:,}"])
    blocks = [
        "# Knowledge graph",
        "How the records connect: typed relations, incidents and their participants, claims and the "
        "parties taking stances on them, sources and their publishers. Each record's page shows its own "
        "connections as a graph.",
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
        top = sorted(records, key=lambda r: (-degree(graph, r.id), graph.title(r).casefold(), r.id))[:TOP_COUNT]
        top = [r for r in top if degree(graph, r.id)]
        if not top:
            continue
        blocks.append(f"### {markup.text(kind.plural)}\n\n"
                      + table(["Record", "Connections"],
                              [[f"[{markup.text(graph.title(r))}]({href(page, record_path(graph, r))})",
                                f"{degree(graph, r.id):,}"] for r in top]))
    return {page: front_matter("Knowledge graph", search={"exclude": True}) + join_blocks(*blocks)}

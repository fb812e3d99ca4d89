"""What every renderer shares: links, names, front matter, tables. The site's
settings and page paths are ``site``'s (exports use them too); they are
importable from here as well."""

from __future__ import annotations

import html
import json

from .. import fieldtypes, markup
from ..load import Record
from ..resolve import Claim, Graph
from ..site import (CHRONOLOGY, DISPUTED, HOME, REFERENCE, Settings, href, index_path,  # noqa: F401 (shared)
                    record_path, relative)

# Pages that only repeat what record pages say stay out of the search index.
NOT_SEARCHED = {"exclude": True}
STATUS_ICONS = {"disputed": "⚖", "confirmed": "✔", "alleged": "❗", "reported": "📰", "denied": "✖"}


def link(graph: Graph, from_page: str, record_id: str, text: str | None = None, anchor: str = "") -> str:
    """A Markdown link to a record's page, titled by the record."""
    record = graph.records[record_id]
    shown = markup.text(text if text is not None else graph.title(record))
    return f"[{shown}]({href(from_page, record_path(graph, record), anchor)})"


def name_text(graph: Graph, name) -> str:
    """A name as Markdown, marked with its language (its declared ``lang``, else
    the one its script declares in ``name_languages``), so a screen reader switches voice."""
    text, language = markup.text(fieldtypes.Name.text(name)), fieldtypes.Name.language(name, graph.model)
    return f'<span lang="{html.escape(language)}">{text}</span>' if language else text


def names_text(graph: Graph, names) -> str:
    return " · ".join(name_text(graph, n) for n in names)


def markdown_field(graph: Graph, from_page: str, value) -> str:
    """A contributor's Markdown, made safe, with mentions linked."""
    def mention(record_id: str, text: str | None) -> str:
        if record_id in graph.records:
            linked = link(graph, from_page, record_id, text)
            # A cited record's title is a headline, not a name: quoted, the
            # sentence around it still reads ("according to “Kremlin confirms …”, …").
            return f"“{linked}”" if text is None and graph.citable(graph.records[record_id]) else linked
        return markup.text(text or record_id)

    return markup.safe_markdown(str(value or ""), mention).strip()


def front_matter(title: str, **extra) -> str:
    """YAML front matter (JSON is valid YAML). The theme prints the title as
    HTML, so it is made safe here."""
    lines = ["---", f"title: {json.dumps(markup.html_text(title), ensure_ascii=False)}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])


def read_front_matter(text: str) -> tuple[str, dict] | None:
    """(body, metadata) of a page that starts with ``front_matter``'s lines,
    read as ``front_matter`` writes them (one JSON value a line: linear, and
    several times faster than a YAML parser); None for any other text. The body
    is what MkDocs' own reading of the page (``mkdocs.utils.meta.get_data``) gives."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    meta = {}
    for line in text[4:end].split("\n"):
        key, colon, value = line.partition(": ")
        if not colon or not key.isidentifier() or key in meta:
            return None
        try:
            meta[key] = json.loads(value)
        except ValueError:
            return None
    return text[end + 5:].lstrip("\n"), meta


def when(graph: Graph, record: Record) -> str:
    """A record's date in words (its type's ``dated_by``), after what its
    hidden enum fields with a default say when they depart from it: an
    incident "expected, from 11 September 2023" (its status is said with the
    date), one that happened just "11 September 2023"."""
    said = [value.replace("_", " ") for _spec, value in graph.departures(record)]
    return ", ".join([*said, graph.date_of(record).words])


def filter_key(spec: fieldtypes.Field) -> str:
    """The query key under which the chronology filters by a field
    (``?tag=arms-trade``): a list's key names one of its values, so it is the
    field's name in the singular (tags → tag); any other field's, its name."""
    if spec.type == "list" and spec.name.endswith("s") and len(spec.name) > 1:
        return spec.name[:-1]
    return spec.name


def tag_text(tag: str) -> str:
    """``arms_transfer``, ``arms-trade`` → ``arms transfer``, ``arms trade``: a tag as people read it."""
    return tag.replace("_", " ").replace("-", " ")


def status_badge(claim: Claim) -> str:
    """The status in words, after an icon that screen readers skip (the word says it)."""
    icon = STATUS_ICONS.get(claim.status, "")
    shown = f'<span class="dossier-icon" aria-hidden="true">{icon}</span> ' if icon else ""
    return f"{shown}**{claim.status}**"


def participant_links(graph: Graph, from_page: str, record: Record) -> str:
    """The records a chronology record lists as taking part: the refs that
    ``involves`` inside the items of its lists (participants, with their roles),
    in the order written."""
    found: list[str] = []
    for spec in graph.model.types[record.type].fields.values():
        items = spec.items if spec.type == "list" else None
        if items is None or items.type != "object":
            continue
        refs = [inner.name for inner in items.fields.values() if inner.type == "ref" and inner.involves]
        for item in record.data.get(spec.name) or []:
            found += [item[name] for name in refs if isinstance(item, dict) and item.get(name) in graph.records]
    return ", ".join(link(graph, from_page, i) for i in dict.fromkeys(found))


def offline_download(page: str, settings: Settings) -> str:
    """The link to the offline bundle, when the build has one."""
    if not settings.offline_bundle:
        return ""
    size = f"{settings.offline_bundle_size / 1e6:.1f} MB"
    return (f"[Download for offline reading]({href(page, settings.offline_bundle)}) ({size}, a zip: "
            "unpack it and open `index.html`; works without a network.)")


def chunks(items: list, size: int) -> list[list]:
    """Items in runs of at most ``size``, in order: the parts of a long listing."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def pager(page: str, paths: list[str], number: int, overview: tuple[str, str]) -> str:
    """The links around part ``number`` (from 1) of a listing cut into ``paths``:
    back to the overview (its label and path), then the previous and next parts."""
    label, overview_path = overview
    around = [f"[{label}]({href(page, overview_path)})"]
    if number > 1:
        around.append(f"[Previous]({href(page, paths[number - 2])})")
    if number < len(paths):
        around.append(f"[Next]({href(page, paths[number])})")
    return " · ".join(around)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def join_blocks(*blocks: str) -> str:
    """Blocks separated by blank lines, ending with one newline."""
    return "\n\n".join(b.strip("\n") for b in blocks if b and b.strip()) + "\n"

"""The Downloads page: every export file with a link, its size and its use,
the offline bundle and the data license."""

from __future__ import annotations

from .. import markup
from ..exports import CALENDAR, CSV_FOLDER, DOSSIER, ENTITIES, FEED, dossier_json
from ..exports.common import DATA_LICENSE, LICENSE_URLS
from ..fieldtypes import article
from ..resolve import Graph
from .pages import Settings, front_matter, href, join_blocks, offline_download, table
from .timeline import chronology_nouns, in_sentence

DOWNLOADS = "downloads.md"
EXPORTS_DOC = "exports.md"  # the hand-written page docs/exports.md


def _descriptions(graph: Graph) -> dict[str, tuple[str, str]]:
    """What each file is, for the Downloads page: (format, what it is for),
    in the model's words (its record types, what its chronology holds)."""
    one, _many = chronology_nouns(graph)
    entities = [in_sentence(t.plural) for t in graph.model.types.values() if t.ftm]
    listed = ", ".join(entities[:-1]) + (f" and {entities[-1]}" if len(entities) > 1 else "".join(entities))
    return {
        DOSSIER: ("JSON", f"Every record, resolved: relations both ways, derived claim status, "
                          f"dates with their bounds. Shape {dossier_json.FORMAT}."),
        ENTITIES: ("FollowTheMoney, one JSON entity a line",
                   f"{listed[:1].upper()}{listed[1:]}, and their links, for Aleph and the ftm tools."),
        CALENDAR: ("iCalendar", f"Every {one} as an all-day event, for calendar apps."),
        FEED: ("Atom", f"Every {one}, newest first, for feed readers."),
        CSV_FOLDER + "relations.csv": ("CSV", "One row per relation between records."),
        CSV_FOLDER + "claims.csv": ("CSV", "One row per stance on a claim, with the claim's derived status."),
    }


def size_text(size: int) -> str:
    """A file size as people read it (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _description(graph: Graph, descriptions: dict[str, tuple[str, str]], path: str) -> tuple[str, str]:
    if path in descriptions:
        return descriptions[path]
    folder = path[len(CSV_FOLDER):-len(".csv")] if path.startswith(CSV_FOLDER) else ""
    record_type = graph.model.type_for_folder(folder)
    if record_type is not None:
        return "CSV", f"{record_type.plural}, one row per record."
    return "", ""


# Said where a build has no offline bundle (a fresh clone, `make serve`)
# rather than link none, or link a zip from an earlier build.
NO_OFFLINE_BUNDLE = ("This build has no offline bundle. `make build` (or `make offline`) makes one, "
                     "from the same records as these pages, and the published site links it here.")


def downloads_page(graph: Graph, settings: Settings, exports: dict[str, bytes], *,
                   data_license: str = DATA_LICENSE) -> dict[str, str]:
    """The Downloads page: every export with a link, its size and its use."""
    page = DOWNLOADS
    descriptions = _descriptions(graph)
    one, _many = chronology_nouns(graph)
    rows = []
    # The main files first, then the CSV tables.
    for path, data in sorted(exports.items(), key=lambda item: (item[0].startswith(CSV_FOLDER), item[0])):
        kind, use = _description(graph, descriptions, path)
        name = path[len("downloads/"):] if path.startswith("downloads/") else path
        rows.append([f"[{markup.text(name)}]({href(page, path)})", markup.text(kind),
                     size_text(len(data)), markup.text(use)])
    license_text = markup.text(data_license)
    if data_license in LICENSE_URLS:
        license_text = f"[{license_text}]({LICENSE_URLS[data_license]})"
    blocks = [
        "# Downloads",
        f"The whole knowledge base of {markup.text(settings.site_name)}, in the formats other tools read. "
        "Every file is rebuilt with the site from the same records, so they always agree with the pages.",
        offline_download(page, settings) or NO_OFFLINE_BUNDLE,
        f"**Data license:** {license_text}. Please credit {markup.text(settings.site_name)} and link the "
        "record pages you use.",
        table(["File", "Format", "Size", "What it is for"], rows),
        f"Dates are only as precise as the sources allow. In the calendar {article(one)} known only to the "
        "month or the year spans that whole month or year, and its description says so. "
        f"[How each file is shaped]({href(page, EXPORTS_DOC)}).",
    ]
    return {page: front_matter("Downloads") + join_blocks(*blocks)}

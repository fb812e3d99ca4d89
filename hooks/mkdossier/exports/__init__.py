"""Stage 4, second half: the graph as open-data files, ``{path: bytes}``
(``render.downloads`` makes the page that lists them).

Each module writes one format with the standard library only; the same
graph always gives the same bytes (sorted keys, stable order, timestamps
from the data). The formats and their shapes are documented in
docs/exports.md.
"""

from __future__ import annotations

from ..resolve import Graph
from ..site import Settings
from . import atom, csv_tables, dossier_json, ftm, ical
from ..parts import EVERY, Parts
from .common import DATA_LICENSE, Site

__all__ = ["DATA_LICENSE", "Parts", "exports"]

DOSSIER = "downloads/dossier.json"
ENTITIES = "downloads/entities.ftm.json"
CALENDAR = "downloads/incidents.ics"
FEED = atom.PATH
CSV_FOLDER = "downloads/csv/"


def exports(graph: Graph, settings: Settings, *, site_url: str = "", data_license: str = DATA_LICENSE,
            use_directory_urls: bool = True, parts: Parts = EVERY) -> dict[str, bytes]:
    """Every export file, keyed by its path in the site, in a stable order.

    ``site_url`` makes links and ids absolute (else they are relative, which
    also suits the offline bundle); ``use_directory_urls`` must match MkDocs'.
    ``parts``: records' parts of the files kept from the last build (``Parts``).
    """
    site = Site(name=settings.site_name, url=site_url, license=data_license, directory_urls=use_directory_urls)
    files = {
        DOSSIER: dossier_json.export(graph, site, parts),
        ENTITIES: ftm.export(graph, site, parts),
        CALENDAR: ical.export(graph, site, parts),
        FEED: atom.export(graph, site, parts),
    }
    files.update({CSV_FOLDER + name: data for name, data in csv_tables.tables(graph, site, parts).items()})
    return dict(sorted(files.items()))

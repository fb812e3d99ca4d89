"""Each record's part of a file or page, made once per build and kept for
the next one under ``mkdocs serve``.

A site-wide page or an export file is made of one part per record (an
entity's line, a table's row, a chronology entry, a feed entry): a part of a
record that no edit reached (``reach``) is taken from the last build instead
of being made again. The rule that makes this safe: a part depends only on
what its record's page depends on (its record, and of the records ``reach``
ties to it their titles, types, ids and connections), the model, the
settings and what its ``kind`` names. So the kind names every value the
whole file or page passes in: a calendar's stamp, the page a chronology
entry links from, an index's columns.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from .load import Record

T = TypeVar("T")


class Parts:
    """The parts kept from the last build (``kept``, given with the ids of the
    records an edit reached, ``again``), and those made in this one (``made``,
    if they are to be kept in turn: ``keep``)."""

    def __init__(self, kept: dict | None = None, again: set[str] | None = None, keep: bool = False):
        self._kept = kept if kept is not None and again is not None else {}
        self._again = again or set()
        self.made: dict[tuple[str, str], object] | None = {} if keep else None

    def of(self, kind: str, record: Record, make: Callable[[], T]) -> T:
        return self._take((kind, record.id), record.id in self._again, make)

    def of_all(self, kind: str, records: Sequence[Record], make: Callable[[], T]) -> T:
        """A part of several records together (a page's filter form, made of
        what its entries have): kept while the same records, in the same
        order, and none of them reached."""
        key = (kind, "\0".join(record.id for record in records))
        return self._take(key, any(record.id in self._again for record in records), make)

    def _take(self, key: tuple[str, str], reached: bool, make: Callable[[], T]) -> T:
        part = self._kept[key] if key in self._kept and not reached else make()
        if self.made is not None:
            self.made[key] = part
        return part


EVERY = Parts()  # nothing kept, nothing remembered: every part made (``mkdocs build``, the CLI)

"""The Admiralty (NATO) grade of a citation: how reliable the source is
(A–F) and how credible its information is (1–6), judged apart.

A stance may grade its own citation; what it leaves out comes from the
source record. Pages and exports read the grade here, and its words from
the vocabularies in model.yaml, so the rule and the scale live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

RELIABILITY = "source_reliability"  # vocabularies in model.yaml
CREDIBILITY = "information_credibility"


@dataclass(frozen=True)
class Grade:
    reliability: str | None = None
    credibility: str | None = None

    def __bool__(self) -> bool:
        return bool(self.reliability or self.credibility)

    @property
    def code(self) -> str:
        """As analysts write it: B2 (or B, or 2 when only one half is known)."""
        return f"{self.reliability or ''}{self.credibility or ''}"


def graded_value(model, record, vocabulary: str) -> str | None:
    """The value a record gives on a grading scale: its field whose values come
    from that vocabulary (the model names the field, not this code)."""
    record_type = model.types.get(record.type)
    for name, spec in (record_type.fields.items() if record_type else ()):
        if spec.type == "enum" and spec.vocabulary == vocabulary and record.data.get(name) is not None:
            return record.data[name]
    return None


def grade_of(graph, source_id: str, stance=None) -> Grade:
    """The grade a citation carries: the stance's own, else the source's."""
    source = graph.records.get(source_id)
    reliability = getattr(stance, "reliability", None)
    credibility = getattr(stance, "credibility", None)
    if source is not None:
        reliability = reliability or graded_value(graph.model, source, RELIABILITY)
        credibility = credibility or graded_value(graph.model, source, CREDIBILITY)
    return Grade(reliability, credibility)


def words(model, vocabulary: str, value: str | None) -> str:
    """The scale's short name for a value ("Usually reliable"): its meaning up to the colon."""
    if not value:
        return ""
    meaning = model.vocabularies.get(vocabulary, {}).get(value, "")
    return meaning.split(":", 1)[0].strip().rstrip(".")


def grade_words(model, grade: Grade) -> str:
    """The grade in words: "usually reliable, probably true"."""
    parts = [words(model, RELIABILITY, grade.reliability), words(model, CREDIBILITY, grade.credibility)]
    return ", ".join(p[:1].lower() + p[1:] for p in parts if p)

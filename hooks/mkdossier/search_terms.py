"""What the site's search needs from the knowledge base: names as readers
type them, and the languages the search must know.

Readers type ``Orban`` for Orbán and ``Vucic`` for Vučić: a record's page
carries the folded spelling of each of its names beside the original, so
both find it. Only Latin letters are folded (to ASCII, with ``anyascii``)
and marks dropped elsewhere; other scripts keep their letters (김정은 stays
김정은, never ``gimjeongeun``): a transliteration readers would type is an
alias for contributors to give.

The search languages follow the knowledge base (the values of its
``language`` fields, the languages its names are written in, wherever the
model declares them) rather than a list kept by hand. They are also how the
site's lunr additions reach Material's search worker, which loads
``assets/javascripts/lunr/min/lunr.multi.min.js`` (this site's own: every
script's letters kept, and a record's own page first for its names) only
when the search has more than one language.
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

from . import fieldtypes, languages

# The lunr languages Material for MkDocs ships (assets/javascripts/lunr/min/),
# by language tag. Chinese is left out: its lunr file needs a segmenter that
# runs only under Node; Material splits Han text in the browser without it.
LUNR_LANGUAGES = {
    "ar", "da", "de", "el", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja", "kn", "ko",
    "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi",
}
# Tags lunr names differently.
LUNR_ALIASES = {"nb": "no", "nn": "no", "iw": "he"}


def folded(name: str) -> str:
    """``Viktor Orbán`` → ``Viktor Orban``; ``Łukasz`` → ``Lukasz``; ``Шойгу``,
    ``김정은`` unchanged. Linear: one pass over the letters."""
    letters = []
    for character in unicodedata.normalize("NFC", name):
        if character.isascii():
            letters.append(character)
        elif languages.script_of(character) == "latin":
            letters.append(anyascii(character))
        else:
            letters.append(character)
    # Marks on letters of other scripts (й → и is not folded: it is a letter
    # of its own in Russian); only combining marks left after NFC go.
    text = "".join(letters)
    return "".join(c for c in text if not unicodedata.combining(c))


def search_names(names: list[str]) -> list[str]:
    """The names, each followed by its folded spelling when that differs."""
    found: list[str] = []
    for name in names:
        for spelling in (name, folded(name)):
            if spelling not in found:
                found.append(spelling)
    return found


def lunr_language(tag: str) -> str:
    """A BCP 47 tag (``ru``, ``pt-BR``, ``nb``) → the lunr language for it, or ``""``."""
    primary = str(tag).split("-", 1)[0].split("_", 1)[0].lower()
    primary = LUNR_ALIASES.get(primary, primary)
    return primary if primary in LUNR_LANGUAGES else ""


def _typed_values(spec, value):
    """(field type, value) for each single value under a field, through lists
    and mappings, so a language or a name is found wherever the model puts it."""
    if value is None:
        return
    if spec.type == "list" and spec.items is not None:
        for item in value if isinstance(value, list) else ():
            yield from _typed_values(spec.items, item)
    elif spec.type == "object":
        for name, inner in spec.fields.items():
            yield from _typed_values(inner, value.get(name) if isinstance(value, dict) else None)
    else:
        yield spec.type, value


def record_languages(model, record) -> frozenset[str]:
    """The lunr languages one record uses (``search_languages``)."""
    spec = model.types.get(record.type)
    if spec is None or not isinstance(record.data, dict):
        return frozenset()  # not a record check accepts: it says so
    used: set[str] = set()
    names = [record.data.get(spec.title_field)]
    for field_spec in spec.fields.values():
        for kind, value in _typed_values(field_spec, record.data.get(field_spec.name)):
            if kind == "language" and isinstance(value, str):
                used.add(lunr_language(value))
            elif kind == "name":
                names.append(value)
    for name in names:  # text, or {name, lang}: its declared language wins (fieldtypes.Name)
        if isinstance(name, (str, dict)):
            used.add(lunr_language(fieldtypes.Name.language(name, model)))
    return frozenset(used)


def search_languages(model, records, known: dict | None = None, model_key: str = "") -> list[str]:
    """``en`` (the site's own words) and every lunr language the knowledge
    base uses: the values of its ``language`` fields and the languages of its
    names (titles and ``name`` fields: declared, else their script's through
    the model's ``name_languages``), in a stable order. An English-only
    knowledge base names English twice, so that the worker loads the
    site's lunr additions (see the head of this module).

    ``known``: each record's languages from an earlier call (``make serve``
    asks on every rebuild), by ``model_key`` (anything that changes with the
    model) and the record's content digest; filled in here."""
    used: set[str] = set()
    for record in records:
        key = (model_key, record.key)
        found = known.get(key) if known is not None and record.key else None
        if found is None:
            found = record_languages(model, record)
            if known is not None and record.key:
                known[key] = found
        used |= found
    used.discard("")
    used.discard("en")
    return ["en", *sorted(used)] if used else ["en", "en"]

"""What the site's search needs from the knowledge base: names as readers
type them, and the languages the search must know.

Readers type ``Orban`` for Orbán and ``Vucic`` for Vučić: a record's page
carries the folded spelling of each of its names beside the original, so
both find it. Only Latin letters are folded (to ASCII, with ``anyascii``)
and marks dropped elsewhere; other scripts keep their letters (김정은 stays
김정은, never ``gimjeongeun``): a transliteration readers would type is an
alias for contributors to give.

The search languages follow the knowledge base (sources' ``language``, the
languages its names are written in) rather than a list kept by hand.
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


def search_languages(model, records) -> list[str]:
    """``en`` (the site's own words) and every lunr language the knowledge
    base uses: its sources' ``language`` and its names' scripts (through the
    model's ``name_languages``), in a stable order."""
    used: set[str] = set()
    for record in records:
        data = record.data
        if data.get("language"):
            used.add(lunr_language(data["language"]))
        spec = model.types.get(record.type)
        names = [data.get(spec.title_field)] if spec else []
        names += data.get("aliases") or [] if isinstance(data.get("aliases"), list) else []
        for name in names:  # text, or {name, lang}: its declared language wins (fieldtypes.Name)
            if isinstance(name, (str, dict)):
                used.add(lunr_language(fieldtypes.Name.language(name, model)))
    used.discard("")
    used.discard("en")
    return ["en", *sorted(used)]

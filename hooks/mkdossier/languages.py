"""The language of a name from the script it is written in, so that pages
can mark it (``lang="ko"``: a screen reader reads 김정은 in Korean) and
exports can tag it (JSON-LD ``@language``).

Which script means which language is data: ``name_languages`` in the record
model, extended by a knowledge base's ``data/model.yaml`` (a Cyrillic name
may be Russian in one investigation and Ukrainian in another). A script is
named as the first word of its letters' Unicode names (``hangul``,
``cyrillic``, ``latin``); one pass over the name, no pattern.
"""

from __future__ import annotations

import unicodedata


def script_of(letter: str) -> str:
    """``김`` → ``hangul``; ``Ж`` → ``cyrillic``; ``""`` for an unnamed character."""
    return unicodedata.name(letter, "").split(" ", 1)[0].lower()


def language_of(name: str, by_script: dict[str, str]) -> str:
    """The language a name's script declares, or ``""``: every letter must be
    in a declared script, and all of them must declare the same language
    (``Ким Чен Ын`` → ``ru`` if Cyrillic is Russian; ``Kim 김`` → nothing)."""
    found = ""
    for character in name:
        if not unicodedata.category(character).startswith("L"):
            continue  # spaces, digits, punctuation belong to no script
        language = by_script.get(script_of(character), "")
        if not language or (found and language != found):
            return ""
        found = language
    return found

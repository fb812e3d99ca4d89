"""Ids from names: the one rule that ``mkdossier new`` uses to make an id and
that ``check`` uses to suggest one, so a hint never disagrees with the tool.

Below every stage (it imports nothing of the engine): validate and scaffold
both import it without a cycle.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

MAX_ID_LENGTH = 80
# An id (a file name, a tag, a claim id): lowercase letters, digits, single hyphens.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ID = re.compile(r"[^a-z0-9]+")  # one character class: linear time
_DROPPED = {ord("'"): None, ord("`"): None, ord("\u2019"): None, ord("\u2018"): None}


def is_id(text) -> bool:
    return isinstance(text, str) and ID.fullmatch(text) is not None


def slug(text: str) -> str:
    """A record id from a name in any script: "Сергей Шойгу" → "sergey-shoygu",
    "Sebastián Piñera" → "sebastian-pinera", "thiel's" → "thiels".

    Letters of scripts without case (Hangul, Chinese) are transliterated one
    syllable each, as separate words: "김정은" → "gim-jeong-eun". Apostrophes
    join (a possessive stays one word).
    """
    parts = []
    for char in unicodedata.normalize("NFC", str(text)).translate(_DROPPED):
        if char.isascii():
            parts.append(char)
            continue
        latin = anyascii(char)
        uncased = not (char.isupper() or char.islower())
        parts.append(f" {latin} " if uncased and latin[:1].isupper() else latin)
    words = "".join(parts).lower().replace("'", "").replace("`", "")
    text_id = _NOT_ID.sub("-", words).strip("-")
    if len(text_id) > MAX_ID_LENGTH:
        text_id = text_id[:MAX_ID_LENGTH + 1].rsplit("-", 1)[0]
    return text_id

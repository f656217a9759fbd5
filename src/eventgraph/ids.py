"""Identifiers derived from content, never from counters or clocks.

The same documents must give the same graph in any order and on any machine, so every
id is a slug of a canonical name or a hash of the content that defines the fact.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["content_id", "fold", "slug"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TRANSLIT = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower case without accents and with typographic quotes made plain: a lookup key."""
    if text.isascii():  # nothing to transliterate, decompose or make plain
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def slug(text: str) -> str:
    """A readable, stable key: ``"Sergey Lavrov"`` -> ``"sergey-lavrov"``."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-") or "x"


def content_id(prefix: str, *parts: object) -> str:
    """``prefix:`` and 16 hex digits of a hash over the parts that define a fact."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}:{digest[:16]}"

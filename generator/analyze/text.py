"""Small text helpers shared by the analysis steps."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def words(text: str) -> int:
    return len(WORD.findall(text))


_PUNCT = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form; apostrophes unified so d’état matches d'état."""
    text = text.translate(_PUNCT).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return WORD.findall(fold(text))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"

"""Small text helpers shared by the analysis steps."""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def words(text: str) -> int:
    return len(WORD.findall(text))


def fold(text: str) -> str:
    """Case- and accent-insensitive form; apostrophes unified so d’état matches d'état."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
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

"""Keyphrases with YAKE, overlapping phrases removed."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from generator.analyze.text import fold

@lru_cache(maxsize=8)
def _extractor(lang: str, top: int):
    import yake

    return yake.KeywordExtractor(lan=lang, n=3, top=top * 3, dedup_lim=0.8)


@lru_cache(maxsize=16)
def stop_words(lang: str) -> tuple[str, ...]:
    """YAKE's stop-word list for the language (shipped in its wheel), empty when it has none."""
    import yake

    base = Path(yake.__file__).parent / "core" / "StopwordsList"
    path = base / f"stopwords_{lang}.txt"
    if not path.exists():
        return ()
    text = path.read_bytes().decode("utf-8", errors="ignore")
    return tuple(sorted({w.strip().lower() for w in text.split() if w.strip()}))


def extract(text: str, lang: str, top: int = 8) -> list[str]:
    if not text.strip():
        return []
    try:
        found = _extractor(lang, top).extract_keywords(text[:8000])  # the opening states what matters
    except Exception:  # yake raises on degenerate input (only digits, one word)
        return []
    kept: list[str] = []
    for phrase, _score in found:  # best first
        phrase = " ".join(phrase.split())
        folded = fold(phrase)
        if len(folded) < 3 or folded.replace(" ", "").isdigit():
            continue
        if any(_overlaps(fold(k), folded) for k in kept):
            continue
        kept.append(phrase)
        if len(kept) == top:
            break
    return kept


def _overlaps(a: str, b: str) -> bool:
    """Two phrases overlap when half the words of the shorter are in the longer
    ("Joint Operational Staff" / "Operational Staff Committee")."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) >= max(1, min(len(wa), len(wb)) / 2)

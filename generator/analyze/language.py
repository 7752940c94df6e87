"""Language identification, per source and per paragraph, restricted to the configured languages."""
from __future__ import annotations

from functools import lru_cache

from generator.analyze.text import words

# Below this many words a detector guesses ("Menu" is any language); such lines inherit the source's.
MIN_WORDS = 6


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in codes:
        try:
            langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(langs) < 2:  # lingua needs two candidates; a one-language briefing still gets a real check
        langs.append(Language.ENGLISH if Language.ENGLISH not in langs else Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str, codes: tuple[str, ...]) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short to tell."""
    if words(text) < MIN_WORDS:
        return None
    found = _detector(codes).detect_language_of(text[:4000])
    return found.iso_code_639_1.name.lower() if found else None


def document_language(paragraphs: list[str], codes: tuple[str, ...],
                      known: dict[str, str | None] | None = None) -> tuple[str, list[str | None]]:
    """The language with most words across paragraphs, and each paragraph's own. `known`: paragraphs already
    detected with these codes, and what detect() said of them.

    Detecting one short paragraph (under 120 letters) loads all of lingua's n-gram models for every candidate
    language, about 2.5 s; longer text needs only its trigram models. So a source re-analysed after an edit
    reuses the answers for its unchanged paragraphs, which saves that load when the edit is in a long one."""
    known = known or {}
    per = [known[p] if p in known else detect(p, codes) for p in paragraphs]
    weight: dict[str, int] = {}
    for para, lang in zip(paragraphs, per):
        if lang:
            weight[lang] = weight.get(lang, 0) + words(para)
    if not weight:
        whole = detect(" ".join(paragraphs), codes) if paragraphs else None
        return whole or codes[0], per
    best = max(sorted(weight), key=weight.get)
    return best, per

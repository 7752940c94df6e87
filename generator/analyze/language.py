"""Language identification, per source and per paragraph, restricted to the configured languages."""
from __future__ import annotations

import functools
import threading

from generator.text import words
from generator.models import BODY

# Below this many words a detector guesses ("Menu" is any language); such lines inherit the source's.
MIN_WORDS = 6


_DETECTORS: dict[tuple[str, ...], object] = {}
_BUILDING = threading.Lock()


def _detector(codes: tuple[str, ...]):
    """The detector for these languages, built once per process (a thread may be building it: see preload)."""
    found = _DETECTORS.get(codes)
    if found is not None:
        return found
    with _BUILDING:
        if codes not in _DETECTORS:
            _DETECTORS[codes] = _build(codes, preloaded=False)
        return _DETECTORS[codes]


@functools.cache
def supported_languages() -> dict[str, str]:
    """The languages a source can be detected in, ISO 639-1 code to English name in lower case: those lingua
    knows. The configuration's language codes must be among them (the detector would skip any other)."""
    from lingua import Language

    return {lang.iso_code_639_1.name.lower(): lang.name.lower() for lang in sorted(Language.all())}


def _build(codes: tuple[str, ...], preloaded: bool):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in codes:
        try:
            langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(langs) < 2:  # lingua needs two candidates; a one-language briefing still gets a real check
        langs.append(Language.ENGLISH if Language.ENGLISH not in langs else Language.FRENCH)
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder.with_preloaded_language_models() if preloaded else builder).build()


def preload(codes: tuple[str, ...]) -> threading.Thread:
    """Load every model of the detector for these languages in a thread, and return it (join it before forking).

    Before many sources are analysed: lingua then reads its models on all cores, and outside the GIL, so the
    other preparations of the analysis go on meanwhile; loading them one by one, as detection asks for them,
    takes longer and holds this process. A run that analyses a few sources never calls this: detecting long
    paragraphs needs only a few of the models."""
    _BUILDING.acquire()  # taken here, so that a detection asked from now on waits for these models
    once = threading.Lock()

    def release() -> None:
        # Exactly once: an interrupt during thread.start() may come after the thread began, and both would release.
        if once.acquire(blocking=False):
            _BUILDING.release()

    def build() -> None:
        try:
            if codes not in _DETECTORS:
                _DETECTORS[codes] = _build(codes, True)
        finally:
            release()

    thread = threading.Thread(target=build, name="language-models", daemon=True)
    try:
        thread.start()
    except BaseException:
        release()
        raise
    return thread


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


def known_languages(earlier) -> dict[str, str | None]:
    """What the detector said of each body paragraph of an earlier analysis (see analyze_source)."""
    body = [b.text for b in earlier.blocks if b.kind == BODY]
    return dict(zip(body, earlier.detected)) if len(body) == len(earlier.detected) else {}

"""Keyphrases with YAKE (the yake-rust port: the reference algorithm and stop-word lists, about 7 times faster
than the Python package), near-duplicates and overlapping phrases removed.

yake-rust sums in hash-map order, which changes from one process to the next, so two phrases of equal score
can swap places between runs. Scores are therefore compared at 10 significant digits with ties broken by the
phrase, and the near-duplicate filter (which depends on that order) runs here rather than in yake-rust."""
from __future__ import annotations

from functools import lru_cache

from generator.text import fold

NGRAMS = 3
DEDUP_THRESHOLD = 0.8  # Levenshtein similarity above which a phrase repeats a better one ("border", "borders")
CANDIDATES = 5  # phrases asked of YAKE per phrase kept: the filters drop many
MAX_CHARS = 80  # a longer "phrase" is a run of text without spaces or punctuation, not a keyphrase
# The languages yake-rust ships stop words for (the reference implementation's lists). It panics on any other
# code, so the others get an empty list: YAKE still works there, its phrases may just start with "the".
STOP_WORD_LANGUAGES = frozenset("ar bg br cz da de el en es et fa fi fr hi hr hu hy id it ja lt lv nl no pl pt ro "
                                "ru sk sl sv tr uk zh".split())


@lru_cache(maxsize=8)
def _extractor(lang: str):
    from yake_rust import Yake

    if lang in STOP_WORD_LANGUAGES:
        return Yake(language=lang, ngrams=NGRAMS, remove_duplicates=False)
    return Yake(stopwords=set(), ngrams=NGRAMS, remove_duplicates=False)


@lru_cache(maxsize=16)
def stop_words(lang: str) -> tuple[str, ...]:
    """YAKE's stop-word list for the language, lower-cased; empty when it has none."""
    if lang not in STOP_WORD_LANGUAGES:
        return ()
    return tuple(sorted({w.strip().lower() for w in _extractor(lang).stopwords if w.strip()}))


def extract(text: str, lang: str, top: int = 8) -> list[str]:
    """The text's `top` key phrases; its lines are paragraphs, and no phrase runs from one into the next (a deck
    without its full stop, then the lead: "rural strongholds Gunfire")."""
    if not text.strip():
        return []
    text = "\n".join(line if not line.strip() or line.rstrip()[-1] in PARAGRAPH_ENDS else line + "."
                     for line in text.split("\n"))
    try:
        found = _extractor(lang).get_n_best(text[:8000], n=top * CANDIDATES)  # the opening states what matters
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic arrives as a BaseException; odd input costs the keyphrases only
        return []
    from rapidfuzz.distance import Levenshtein

    ranked = sorted((float(f"{score:.10g}"), " ".join(phrase.split())) for phrase, score in found)  # best first
    kept: list[str] = []
    seen: list[str] = []  # phrases YAKE ranked, lower-cased, kept or not: a near-copy of any of them is one too
    for _score, phrase in ranked:
        lower = phrase.lower()
        if any(Levenshtein.normalized_similarity(lower, s) > DEDUP_THRESHOLD for s in seen):
            continue
        seen.append(lower)
        folded = fold(phrase)
        if not 3 <= len(folded) <= MAX_CHARS or any(_is_number(word) for word in folded.split()):
            continue
        if any(_overlaps(fold(k), folded) for k in kept):
            continue
        kept.append(phrase)
        if len(kept) == top:
            break
    return kept


PARAGRAPH_ENDS = ".!?…:;»\"”'’)"


def _is_number(word: str) -> bool:
    """"2019", "2019-02-14", "3,5": digits and no letter. A number or a date is not a keyphrase, nor a phrase
    built around one ("JNIM on 2025-06-06")."""
    return any(c.isdigit() for c in word) and not any(c.isalpha() for c in word)


def _overlaps(a: str, b: str) -> bool:
    """Two phrases overlap when half the words of the shorter are in the longer
    ("Joint Operational Staff" / "Operational Staff Committee")."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) >= max(1, min(len(wa), len(wb)) / 2)

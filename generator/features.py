"""What the link stage compares between sources, computed once per source.

The corpus stage compares every source with its candidates; the per-source part of that work (shingling and
MinHashing the text, picking out its names and numbers, splitting it into words for TF-IDF) depends on the
source alone. It runs with the analysis, in the worker processes, and is cached with it, so a run that finds
one source changed computes it once, not for the whole corpus again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.analyze.text import fold
from generator.models import BODY

SHINGLE = 5  # words per shingle for near-duplicate detection
NUM_PERM = 64  # MinHash permutations
MINHASH_SEED = 1
# Words for the related-sources TF-IDF: letters only, three or more, accents stripped, lower case.
TERM_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|m|t|c)'", re.I)


@dataclass(frozen=True)
class Features:
    body_chars: int  # length of the body text
    minhash: tuple[int, ...]  # MinHash of the body's word shingles; empty when the body has no word
    minhash_scheme: str
    names: frozenset[str]  # proper nouns (folded) and numbers ("#2015"): what a translation keeps
    terms: tuple[str, ...]  # the body's words, as the TF-IDF of related sources counts them

    def signature(self):
        """The MinHash, for datasketch's LSH index; None when the body has no word."""
        if not self.minhash:
            return None
        import numpy as np
        from datasketch import LeanMinHash

        return LeanMinHash(seed=MINHASH_SEED, hashvalues=np.array(self.minhash, dtype=np.uint64),
                           scheme=self.minhash_scheme)


def body_text(analysis) -> str:
    return " ".join(b.text for b in analysis.blocks if b.kind == BODY)


def of(analysis, stop: frozenset[str] | None = None) -> Features:
    """The features of an analysed source (those computed with the analysis when it has them)."""
    if analysis.features is not None:
        return analysis.features
    if stop is None:
        from generator.analyze.entities import _rules

        stop = _rules()["stop"]
    text = body_text(analysis)
    minhash, scheme = _minhash(shingles(text))
    return Features(len(text), minhash, scheme, frozenset(names(text, stop)), tuple(_terms()(text)))


def shingles(text: str) -> set[bytes]:
    toks = re.findall(r"\w+", fold(text))
    if len(toks) < SHINGLE:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i:i + SHINGLE]).encode() for i in range(len(toks) - SHINGLE + 1)}


def _minhash(found: set[bytes]) -> tuple[tuple[int, ...], str]:
    if not found:
        return (), ""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    m.update_batch(sorted(found))
    return tuple(int(v) for v in m.hashvalues), m.scheme


def names(text: str, stop: frozenset[str]) -> set[str]:
    """Language-independent evidence: proper nouns (accents stripped, French elision removed) and numbers."""
    out = set()
    for tok in re.findall(r"[\w’'-]+", text):
        tok = tok.replace("’", "'")
        bare = _ELISION.sub("", tok)
        if any(ch.isdigit() for ch in bare):
            digits = re.sub(r"\D", "", bare)
            if digits:
                out.add("#" + digits.lstrip("0") or "0")
        elif bare[:1].isupper() and len(bare) >= 3 and bare not in stop:
            out.add(fold(bare))
    return out


@lru_cache(maxsize=1)
def _terms():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(strip_accents="unicode", token_pattern=TERM_PATTERN).build_analyzer()

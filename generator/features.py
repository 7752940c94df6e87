"""What the link stage compares between sources, computed once per source.

The corpus stage compares every source with its candidates; the per-source part of that work (shingling and
MinHashing the text, picking out its names and numbers, splitting it into words for TF-IDF) depends on the
source alone. It runs with the analysis, in the worker processes, and is cached with it, so a run that finds
one source changed computes it once, not for the whole corpus again.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

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
    return Features(len(text), minhash, scheme, frozenset(names(text, stop)), tuple(_terms(text)))


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


_TERM = re.compile(TERM_PATTERN)


def _terms(text: str) -> list[str]:
    """The words of the text as scikit-learn's TfidfVectorizer(strip_accents="unicode", token_pattern=TERM_PATTERN)
    splits them: lower-cased, then accents stripped (NFKD without combining marks), then the pattern's matches."""
    text = text.lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _TERM.findall(text)


def tfidf(documents: list[tuple[str, ...]], max_features: int):
    """Rows of sublinear TF-IDF over already-split documents, l2-normalised, as a scipy CSR matrix: the
    weighting of scikit-learn's TfidfVectorizer(sublinear_tf=True, max_features=...) (tf = 1 + ln count,
    idf = ln((1 + n) / (1 + df)) + 1, terms in alphabetical order, the max_features most frequent kept). Done
    here with scipy because importing scikit-learn costs a second at every run, more than the computation.
    Raises ValueError when no document has a word, as scikit-learn does."""
    import numpy as np
    from scipy import sparse

    counts = [Counter(doc) for doc in documents]
    vocabulary = sorted({t for c in counts for t in c})
    if not vocabulary:
        raise ValueError("empty vocabulary: no document has a word")
    index = {t: i for i, t in enumerate(vocabulary)}
    indptr, indices, values = [0], [], []
    for c in counts:
        indices.extend(index[t] for t in c)
        values.extend(c.values())
        indptr.append(len(indices))
    x = sparse.csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
                          shape=(len(documents), len(vocabulary)))
    x.sort_indices()
    if len(vocabulary) > max_features:  # the most frequent terms, chosen as scikit-learn chooses them
        keep = np.zeros(len(vocabulary), dtype=bool)
        keep[(-np.asarray(x.sum(axis=0)).ravel()).argsort()[:max_features]] = True
        x = x[:, np.where(keep)[0]]
    x.data = np.log(x.data) + 1.0
    df = np.bincount(x.indices, minlength=x.shape[1])
    x.data *= (np.log((1.0 + x.shape[0]) / (1.0 + df)) + 1.0)[x.indices]
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=x.shape[0]))
    x.data /= np.where(norms > 0, norms, 1.0)[rows]
    return x

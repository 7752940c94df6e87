"""What the link stage compares between sources, computed once per source.

The corpus stage compares every source with its candidates; the per-source part of that work (shingling and
MinHashing the text, picking out its names and numbers, splitting it into words for TF-IDF) depends on the
source alone. It runs with the analysis, in the worker processes, and is cached with it, so a run that finds
one source changed computes it once, not for the whole corpus again.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from generator.text import fold, tokens
from generator.models import BODY, Features
from generator.slugs import slugify

SHINGLE = 5  # words per shingle for near-duplicate detection
NUM_PERM = 64  # MinHash permutations
MINHASH_SEED = 1
# Words for the related-sources TF-IDF: letters only, three or more, accents stripped, lower case.
TERM_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|m|t|c)'", re.I)


def body_text(analysis) -> str:
    return " ".join(b.text for b in analysis.blocks if b.kind == BODY)


def of(analysis, stop: frozenset[str] | None = None) -> Features:
    """The features of an analysed source (those computed with the analysis when it has them)."""
    if analysis.features is not None:
        return analysis.features
    if stop is None:
        from generator.analyze.entities import name_rules

        stop = name_rules()["stop"]
    text = body_text(analysis)
    folded = fold(normalise(text))
    sequence, quoted = _content(folded, analysis.language)
    found = names_in_order(text, stop)
    own = publication_figures(analysis.date.value if analysis.date else None)
    return Features(len(text), minhash(_shingles(re.findall(r"\w+", folded))), frozenset(found) - own,
                    dict(Counter(_terms(text))), tuple(" ".join(tokens(ev.sentence)) for ev in analysis.events),
                    slugify(analysis.title), " ".join(sequence), tuple(" ".join(q) for q in quoted),
                    " ".join(f if f[:1] == "#" else f[:FACT_LETTERS] for f in found[:SEQUENCE_MAX]))


def publication_figures(date) -> frozenset[str]:
    """The numbers of a page's own publication date (its day and year, as names_in_order writes numbers): not
    figures of the report, since a copy or a translation published another day gives others."""
    if date is None:
        return frozenset()
    return frozenset(f"#{n}" for n in (date.year, date.day) if n)


def normalise(text: str) -> str:
    """The text as two copies of one report compare it, whatever the outlet's typography: compatibility forms
    folded (NFKC), every double quotation mark (“ ” « » „ ″, a doubled apostrophe ‘’ or '') made ", apostrophes '
    and dashes -, runs of spaces one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _DOUBLE_QUOTE.sub('"', text).translate(_TYPOGRAPHY)
    return " ".join(join_digit_groups(text).split())


# 1,240 / 1.240 / 1 240 (spaces of any width): one number, as 1240 is. The first group has one to three digits.
_DIGIT_GROUP = re.compile(r"\d[,.\u00a0\u202f\u2009 ]\d{3}")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+(?![\d]|[.,]\d)")


def join_digit_groups(text: str) -> str:
    return _DIGIT_GROUPS.sub(lambda m: re.sub(r"\D", "", m.group(0)), text) if _DIGIT_GROUP.search(text) else text


_DOUBLE_QUOTE = re.compile(r"[‘’‚‛'`´]{2}|[“”„‟«»″〝〞＂]")
_TYPOGRAPHY = str.maketrans({**dict.fromkeys("‘’‚‛`´ʼ′", "'"), **dict.fromkeys("‐‑‒–—―−", "-")})
# A quotation: between two double quotation marks, no longer than a long paragraph (an unclosed mark is no quote).
_QUOTATION = re.compile(r'"([^"]{1,1200})"')
SEQUENCE_MAX = 800  # content words kept: a report is told by its opening; this bounds the cost of a comparison
QUOTATION_WORDS = 6  # a shorter quotation is a phrase any report may quote ("terrorists", "under control")
QUOTATIONS_MAX = 12
SEQUENCE_MIN = 12  # fewer content words outside quotations: the quotations are the report, they count too


def content(text: str, language: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The content words of the text in order (folded, neither stop words of its language nor words of fewer than
    three letters; numbers kept), those inside quotations left out unless that leaves too few; and the words of
    each quotation of QUOTATION_WORDS or more."""
    return _content(fold(normalise(text)), language)


def _content(text: str, language: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """content() of a text already normalised and folded."""
    stop = _stop_words(language)

    def words(part: str) -> list[str]:
        return [w for w in re.findall(r"\w+", part)
                if not w.isalpha() or (len(w) >= 3 and w not in stop)]  # numbers, "g5", words

    quoted = [q for q in (tuple(re.findall(r"\w+", m.group(1))) for m in _QUOTATION.finditer(text))
              if len(q) >= QUOTATION_WORDS][:QUOTATIONS_MAX]
    outside = words(_QUOTATION.sub(" ", text))
    if len(outside) < SEQUENCE_MIN:
        outside = words(text)
    return tuple(outside[:SEQUENCE_MAX]), tuple(quoted)


@lru_cache(maxsize=16)
def _stop_words(language: str) -> frozenset[str]:
    from generator.analyze.keyphrases import stop_words

    return frozenset(fold(w) for w in stop_words(language))


# Two versions of one report tell the same facts in the same order: their content words, in order, share a long
# common subsequence. Two reports on one event share words too, but not their order; how much order chance gives
# is measured on the same two texts, one read backwards, and taken off. What remains must clear a bar that is
# higher for short texts, where chance alone varies more: VERSION_BASE + VERSION_SPREAD / sqrt(words).
VERSION_BASE = 0.10
VERSION_SPREAD = 1.2
VERSION_MIN_WORDS = 8  # shorter texts are too short to tell a copy from a coincidence (MinHash still finds copies)
FIGURES_MIN, FIGURES_SHARED = 2, (3, 5)  # both give two or more numbers: 3 in 5 must agree
# Each quotation both give, when they give two or more (one statement alone is quoted by many reports), up to four.
SHARED_QUOTATION, SHARED_QUOTATIONS_MAX = 0.05, 4
QUOTED_ENOUGH = 3  # quotations two versions give both, when their figures differ


def same_report(a: Features, b: Features, x: list[str] | None = None, y: list[str] | None = None) -> bool:
    """Whether two sources (in one language) are versions of one report: a copy, an excerpt or a rewrite (x, y:
    their sequences split into words, when the caller has them)."""
    x = a.sequence.split() if x is None else x
    y = b.sequence.split() if y is None else y
    n = min(len(x), len(y))
    if n < VERSION_MIN_WORDS:
        return False
    from rapidfuzz.distance import LCSseq

    bar = VERSION_BASE + VERSION_SPREAD / math.sqrt(n)
    ordered = LCSseq.similarity(x, y) / n
    if ordered + SHARED_QUOTATION * SHARED_QUOTATIONS_MAX < bar:  # chance only takes off: no need to go on
        return False
    shared = shared_quotations(a.quotations, b.quotations)
    bonus = SHARED_QUOTATION * min(shared, SHARED_QUOTATIONS_MAX) if shared >= 2 else 0.0
    if ordered + bonus < bar:
        return False
    in_order = ordered - LCSseq.similarity(x, y[::-1]) / n
    # Two rewrites of one wire report may each add background years of their own: when they give the same
    # quotations and their words keep one order on their own, the figures need not agree.
    if not same_figures(a.names, b.names) and not (shared >= QUOTED_ENOUGH and in_order >= bar):
        return False
    return in_order + bonus >= bar


# A translation gives the same names and numbers in the same order: measured as versions are (same_report), on
# those alone, with a bar of its own (names are fewer than words, and a language writes some of them otherwise).
FACT_LETTERS = 4
TRANSLATION_BASE = 0.05
TRANSLATION_SPREAD = 1.0
TRANSLATION_MIN_FACTS = 8
# Read a second way, on each fact's first mention only: a report names its subject again and again ("Mali",
# "Bamako"), and those repeats match in any order, reversed as well as forward, which can hide the order a
# translation keeps. The first mentions are fewer and each carries more: their bar is higher.
FIRST_MENTIONS_BASE = 0.15
# News excerpts are cut from the start: the shorter list is compared with as much of the longer one's beginning
# as it could translate (this many times its length), not with the whole, where the rest would only add chance.
TRANSLATION_WINDOW = 1.5


def same_facts(a: Features, b: Features) -> float | None:
    """How far above the bar two sources in different languages give the same names and numbers in the same order
    (the more, the likelier a translation), or None when they do not reach it, read on every mention and on
    first mentions only."""
    if not same_figures(a.names, b.names):
        return None
    every = a.facts.split(), b.facts.split()
    first = list(dict.fromkeys(every[0])), list(dict.fromkeys(every[1]))
    margins = [m for m in (_ordered(*every, TRANSLATION_BASE), _ordered(*first, FIRST_MENTIONS_BASE)) if m is not None]
    return max(margins, default=None)


def _ordered(x: list[str], y: list[str], base: float) -> float | None:
    """How far the longest run of facts the two lists give in the same order stands above the bar and above the
    run they share reversed (which chance alone gives); None below."""
    if len(x) > len(y):
        x, y = y, x
    n = len(x)
    if n < TRANSLATION_MIN_FACTS:
        return None
    y = y[:math.ceil(TRANSLATION_WINDOW * n)]
    from rapidfuzz.distance import LCSseq

    bar = base + TRANSLATION_SPREAD / math.sqrt(n)
    ordered = LCSseq.similarity(x, y) / n
    if ordered < bar:
        return None
    margin = ordered - LCSseq.similarity(x, y[::-1]) / n - bar
    return margin if margin >= 0 else None


def same_figures(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether the numbers two texts give agree: when both give FIGURES_MIN or more, at least three in five of
    those of the one that gives fewer are in the other too. A copy keeps the figures, a rewrite too; another
    report of the same event, or another story told with the same phrases, gives others."""
    a, b = {x for x in mine if x[:1] == "#"}, {x for x in theirs if x[:1] == "#"}
    fewer = min(len(a), len(b))
    return fewer < FIGURES_MIN or FIGURES_SHARED[1] * len(a & b) >= FIGURES_SHARED[0] * fewer


def shared_quotations(mine: tuple[str, ...], theirs: tuple[str, ...]) -> int:
    """How many of the quotations (each its words, space-separated) are in the other list too, word for word but
    for a few words (80%)."""
    if not mine or not theirs:
        return 0
    from rapidfuzz.distance import LCSseq

    others = [r.split() for r in theirs]
    return sum(any(LCSseq.similarity(q, r) >= 0.8 * min(len(q), len(r)) for r in others)
               for q in (m.split() for m in mine))


def _shingles(toks: list[str]) -> set[bytes]:
    if len(toks) < SHINGLE:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i:i + SHINGLE]).encode() for i in range(len(toks) - SHINGLE + 1)}


# MinHash and its LSH index are written here rather than taken from datasketch: importing datasketch imports
# scipy.integrate (for the choice of bands), 0.6 s at the start of every run, when the hashing is a few lines.
_PRIME = (1 << 61) - 1  # the hash family h -> (a*h + b) mod p, cut to 32 bits
_MASK = (1 << 32) - 1


@lru_cache(maxsize=1)
def _permutations():
    import numpy as np

    rng = np.random.default_rng(MINHASH_SEED)
    return (rng.integers(1, _PRIME, NUM_PERM, dtype=np.uint64, endpoint=False),
            rng.integers(0, _PRIME, NUM_PERM, dtype=np.uint64, endpoint=False))


def minhash(found: set[bytes]) -> tuple[int, ...]:
    """NUM_PERM minimum hash values of the shingles; two sets agree on a fraction of them that estimates their
    Jaccard similarity. Empty for no shingle."""
    if not found:
        return ()
    import numpy as np

    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in found),
                         dtype=np.uint64, count=len(found))
    a, b = _permutations()
    # uint64 products wrap around (mod 2**64) before the modulo, as in datasketch: still a well-mixed family.
    values = ((np.outer(hashes, a) + b) % np.uint64(_PRIME)) & np.uint64(_MASK)
    return tuple(values.min(axis=0).tolist())


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The Jaccard similarity two MinHashes estimate."""
    return sum(x == y for x, y in zip(a, b)) / len(a) if a and len(a) == len(b) else 0.0


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) that minimise the chance of missing a pair at or above the threshold plus that of
    pairing one below it (equal weights): two sources become candidates when one band of their MinHashes is
    identical, which happens with probability 1 - (1 - s**rows)**bands at similarity s."""
    import numpy as np

    # 257 points a side: every threshold from 0.30 to 0.99 gets the choice 2,001 points give, in a tenth of the time.
    below, above = np.linspace(0.0, threshold, 257), np.linspace(threshold, 1.0, 257)
    options = [(bands, rows) for bands in range(1, num_perm + 1) for rows in range(1, num_perm // bands + 1)]
    bands = np.array([b for b, _r in options], dtype=float)[:, None]
    rows = np.array([r for _b, r in options], dtype=float)[:, None]
    false_pos = np.trapezoid(1 - (1 - below ** rows) ** bands, below, axis=1)
    false_neg = np.trapezoid((1 - above ** rows) ** bands, above, axis=1)
    return options[int(np.argmin(0.5 * false_pos + 0.5 * false_neg))]  # the first of equals: fewest bands


def lsh_buckets(signatures: dict[str, tuple[int, ...]], threshold: float) -> list[list[str]]:
    """The keys whose MinHashes share one band, each bucket sorted, for every band held by two keys or more (a
    bucket's pairs are the candidates: many near-identical sources make one bucket of quadratically many pairs)."""
    bands, rows = lsh_bands(threshold)
    buckets: dict[tuple, list[str]] = {}
    for key in sorted(signatures):
        sig = signatures[key]
        for i in range(bands):
            buckets.setdefault((i, sig[i * rows:(i + 1) * rows]), []).append(key)
    return [members for members in buckets.values() if len(members) > 1]


def names(text: str, stop: frozenset[str]) -> set[str]:
    """Language-independent evidence: proper nouns (accents stripped, French elision removed) and numbers."""
    return set(names_in_order(text, stop))


def names_in_order(text: str, stop: frozenset[str]) -> list[str]:
    """The proper nouns and numbers of names(), in the order of the text, each time it gives them. A month, a
    weekday, a country or its demonym reads as one key in English and French (data/bilingual.yml), so that a
    translation gives the same ones: "Algerian" and "algérien" are "algeria", "July" and "juillet" "~jul"."""
    capitalised, any_case = _bilingual()
    out = []
    day = -1  # where in out a number that may be a day stands, when it was the text's last word
    for tok in re.findall(r"[\w’'-]+", join_digit_groups(text)):
        tok = tok.replace("’", "'")
        bare = _ELISION.sub("", tok) if "'" in tok else tok  # an elision has an apostrophe: most words skip the regex
        key = None
        if not bare.isalpha() and any(ch.isdigit() for ch in bare):  # letters are never digits: most words skip this
            digits = re.sub(r"\D", "", bare)
            if digits:
                out.append("#" + (digits.lstrip("0") or "0"))
                day = len(out) - 1 if len(digits) <= 2 else -1
                continue
        elif bare[:1].isupper():
            folded = fold(bare)
            key = capitalised.get(folded) or any_case.get(folded)
            if not key and len(bare) >= 3 and bare not in stop:
                out.append(folded)
        else:
            key = any_case.get(bare)
        if key:
            if day >= 0 and key in _MONTHS:  # "4 juillet" is "July 4": the month first, as English gives it
                out.insert(day, key)
            else:
                out.append(key)
        day = -1
    return out


_MONTHS = frozenset(("~jan", "~feb", "~mar", "~apr", "~may", "~jun", "~jul", "~aug", "~sep", "~oct", "~nov", "~dec"))


@lru_cache(maxsize=1)
def _bilingual() -> tuple[dict[str, str], dict[str, str]]:
    """Folded form -> key, for the forms read when capitalised and for those read in any case (see the file)."""
    from generator import data as data_file

    data = data_file.load("bilingual.yml")
    capitalised = {fold(form): key for key, forms in data["capitalised"].items() for form in forms}
    any_case = {variant: key for key, forms in data["any_case"].items() for form in forms
                for variant in (unicodedata.normalize("NFC", form), fold(form))}
    return capitalised, any_case


_TERM = re.compile(TERM_PATTERN)


def _terms(text: str) -> list[str]:
    """The words of the text as scikit-learn's TfidfVectorizer(strip_accents="unicode", token_pattern=TERM_PATTERN)
    splits them: lower-cased, then accents stripped (NFKD without combining marks), then the pattern's matches."""
    text = text.lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _TERM.findall(text)


def sparse():
    """scipy.sparse, imported when a stage first needs it: a run that links nothing does not pay for it."""
    from scipy import sparse as module

    return module


def tfidf(documents: list, max_features: int):
    """Rows of sublinear TF-IDF over already-split documents (each its words, or word -> count as in
    Features.terms), l2-normalised, as a scipy CSR matrix: the weighting of scikit-learn's
    TfidfVectorizer(sublinear_tf=True, max_features=...) (tf = 1 + ln count, idf = ln((1 + n) / (1 + df)) + 1,
    terms in alphabetical order, the max_features most frequent kept). Done here with scipy because importing
    scikit-learn costs a second at every run, more than the computation. Raises ValueError when no document
    has a word, as scikit-learn does."""
    import numpy as np

    counts = [doc if isinstance(doc, Mapping) else Counter(doc) for doc in documents]  # word -> count, or words
    vocabulary = sorted({t for c in counts for t in c})
    if not vocabulary:
        raise ValueError("empty vocabulary: no document has a word")
    index = {t: i for i, t in enumerate(vocabulary)}
    indptr, indices, values = [0], [], []
    for c in counts:
        indices.extend(index[t] for t in c)
        values.extend(c.values())
        indptr.append(len(indices))
    x = sparse().csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
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

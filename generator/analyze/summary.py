"""Extractive summary: TextRank over TF-IDF sentence vectors, with a lead bonus and a near-duplicate filter."""
from __future__ import annotations

import re
from functools import lru_cache

from generator.text import overlap, shorten, tokens, words

MIN_WORDS, MAX_WORDS = 6, 70
# The lead may run longer: it states the news, and an official's or a minister's full titles make it so ("The King
# received on Monday the foreign ministers of ...: A, Minister of ...; B, Minister of ...").
MAX_LEAD_WORDS = 110
MAX_CANDIDATES = 300  # TextRank compares every pair: the first 300 sentences hold a news text's point
PAGERANK_DAMPING, PAGERANK_MAX_ITER, PAGERANK_TOL = 0.85, 200, 1e-8
NEAR_DUPLICATE = 0.55  # word-set overlap above which two sentences say the same thing
# A sentence must end like one: a cut-off sentence at the end of a truncated source never qualifies, nor one that
# trails off in an ellipsis, as a teaser cut short does ("...the airport in…").
ENDS = re.compile(r"[.!?…]['’\"”»)]*\s*$|[»”\"]\s*$")
QUESTION = re.compile(r"\?['’\"”»)]*\s*$")
LEADING_IN = re.compile(r"\s*['‘\"“«(]?\s*(?:…|\.\.\.)")  # a sentence taken up in its middle: "...and that"
TRAILING_OFF = re.compile(r"(?:…|\.\.\.)['’\"”»)]*\s*$")


def candidates(sentences: list[str]) -> list[int]:
    furniture = _furniture()
    return [i for i, s in enumerate(sentences)
            if MIN_WORDS <= words(s) <= (MAX_LEAD_WORDS if i == 0 else MAX_WORDS) and ENDS.search(s)
            and not TRAILING_OFF.search(s) and not LEADING_IN.match(s)
            and not s.rstrip().endswith(":")
            and not any(p.search(s) for p in furniture)]


def is_furniture(sentence: str) -> bool:
    """A byline with its posting line, navigation or markup run into a sentence: never a summary's or a
    generated title's."""
    return any(p.search(sentence) for p in _furniture())


@lru_cache(maxsize=1)
def _furniture():
    """What makes a sentence furniture wherever it stands (data/furniture.yml, `summary`)."""
    import regex

    from generator import data as data_file

    return tuple(regex.compile(p, regex.V1) for p in data_file.load("furniture.yml")["summary"])


@lru_cache(maxsize=16)
def _stop_set(stop_words: tuple[str, ...]) -> frozenset[str]:
    # Stop words go through the same folding and tokenising as the text, or they would never match a token.
    return frozenset(t for w in stop_words for t in tokens(w))


def _ranks(texts: list[str], stop_words: tuple[str, ...]) -> list[float]:
    """TextRank: PageRank over the graph of sentences weighted by the cosine of their TF-IDF vectors.

    The sentences of one text are few (at most MAX_CANDIDATES), so dense numpy arrays do it in a fraction of a
    millisecond, where scikit-learn's vectorizer and networkx spent most of their time validating and
    converting. The formulas are theirs: smoothed idf, l2-normalised rows, PageRank with damping 0.85,
    uniform teleport, dangling sentences (sharing no word with any other) spread uniformly."""
    import numpy as np

    stop = _stop_set(stop_words)
    docs = [[t for t in tokens(s) if t not in stop] for s in texts]
    vocabulary = {t: i for i, t in enumerate(sorted({t for d in docs for t in d}))}
    n = len(texts)
    if not vocabulary:  # only stop words: nothing to compare
        return [1.0] * n
    counts = np.zeros((n, len(vocabulary)))
    for row, doc in enumerate(docs):
        for term in doc:
            counts[row, vocabulary[term]] += 1.0
    idf = np.log((1.0 + n) / (1.0 + np.count_nonzero(counts, axis=0))) + 1.0
    vectors = counts * idf
    norms = np.sqrt((vectors * vectors).sum(axis=1))
    vectors[norms > 0] /= norms[norms > 0, None]
    weights = vectors @ vectors.T
    np.fill_diagonal(weights, 0.0)
    out = weights.sum(axis=1)
    dangling = out == 0
    transition = np.divide(weights, out[:, None], out=np.zeros_like(weights), where=~dangling[:, None])
    x = np.full(n, 1.0 / n)
    for _ in range(PAGERANK_MAX_ITER):
        last = x
        x = PAGERANK_DAMPING * (x @ transition + x[dangling].sum() / n) + (1.0 - PAGERANK_DAMPING) / n
        if np.abs(x - last).sum() < n * PAGERANK_TOL:
            break
    return [float(v) for v in x]


def summarise(sentences: list[str], count: int, stop_words: tuple[str, ...], title: str = "") -> list[str]:
    """Up to `count` sentences in reading order: central to the text, the lead favoured, no repeats, not the
    `title` printed again in the text (a clipping's headline line in guillemets)."""
    idx = candidates(sentences)[:MAX_CANDIDATES]
    headline = tokens(title)
    idx = [i for i in idx if not headline or tokens(sentences[i]) != headline]
    if not idx:
        return []
    texts = [sentences[i] for i in idx]
    ranks = _ranks(texts, stop_words)
    # The lead of a news story states its point: the first sentences get a bonus that fades quickly.
    scored = sorted(((r * (1.0 + 1.5 / (1 + pos)), pos) for pos, r in enumerate(ranks)), key=lambda x: (-x[0], x[1]))
    # A question states nothing (an interviewer's, a presenter's to a guest): statements first, if there are any.
    statements = [(r, pos) for r, pos in scored if not QUESTION.search(texts[pos])]
    chosen: list[int] = []
    for _, pos in statements or scored:
        if any(overlap(texts[pos], texts[c]) > NEAR_DUPLICATE for c in chosen):
            continue
        chosen.append(pos)
        if len(chosen) == count:
            break
    return [texts[p] for p in sorted(chosen)]


def standfirst(summary: list[str], limit: int = 220) -> str:
    return shorten(summary[0], limit) if summary else ""

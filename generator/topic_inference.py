"""Corpus-wide topic inference: what the corpus says of the sources that name a topic finds those that describe
it without naming it (or name it too little).

Each topic's profile is the mean of the stemmed TF-IDF vectors of the sources that name it (its seeds, from the
analysis: TopicMatch kind "named"). A source in the briefing's scope that speaks of the topic (a TopicSignal: a
name below the threshold, or describing terms) without getting it, and whose words are close enough to the
profile, gets the topic, marked inferred; its evidence is its sentence that says most of the topic, and the terms
that carried it: its describing terms and the profile's stems it shares most.

Precision first: a topic needs MIN_SEEDS seeds for a profile, and a source needs both its own signal and the
profile's similarity. One sparse matrix product: near-linear in the corpus.
"""
from __future__ import annotations

import math
from dataclasses import replace

from generator import features
from functools import lru_cache

from generator.text import fold
from generator.analyze.topics import INFER_COVERAGE, MIN_COVERAGE, side_topic, stem
from generator.config import Config
from generator.models import Analysis, TopicMatch

MIN_SEEDS = 2  # a profile from one source is that source, not the topic
# Cosine between a source's stemmed TF-IDF vector and the topic's profile from which its own signal suffices.
SIMILARITY = 0.20
# The source must still give the topic a fair part of its text (a share of its weighted sentences): as much as a
# topic named in the analysis when it names it at least once, as much as one inferred there when it only
# describes it, with two describing terms at least.
MIN_SHARE = MIN_COVERAGE
MIN_SHARE_UNNAMED = INFER_COVERAGE
MIN_TERMS = 2
SHOWN_STEMS = 4  # the profile's stems shown as evidence (each as its shortest word in the corpus)


def with_inferred(analyses: list[Analysis], config: Config) -> list[Analysis]:
    """The analyses, those that the corpus shows to be about a topic with it added (kind "inferred")."""
    topics = {t.slug: t for t in config.topics}
    scoped = [i for i, a in enumerate(analyses) if a.topic_signals or a.topics]
    if not topics or len(scoped) < MIN_SEEDS + 1:
        return analyses
    seeds = {slug: [] for slug in topics}
    for row, i in enumerate(scoped):
        for m in analyses[i].topics:
            if m.kind == "named" and m.slug in seeds:
                seeds[m.slug].append(row)
    profiled = [slug for slug in topics if len(seeds[slug]) >= MIN_SEEDS]
    top = {i: max((sig.coverage for sig in analyses[i].topic_signals), default=0.0) for i in scoped}
    wanted = [(row, i, sig) for row, i in enumerate(scoped) for sig in analyses[i].topic_signals
              if sig.slug in profiled and not any(m.slug == sig.slug for m in analyses[i].topics)
              and not side_topic(sig.coverage, top[i])  # the analysis left it out as a side topic
              and (sig.coverage >= MIN_SHARE if sig.named else
                   sig.coverage >= MIN_SHARE_UNNAMED and len(sig.terms) >= MIN_TERMS)]
    if not wanted:
        return analyses
    matrix, vocabulary = _vectors([analyses[i] for i in scoped])
    import numpy as np

    profiles = np.vstack([np.asarray(matrix[seeds[slug]].mean(axis=0)).ravel() for slug in profiled])
    norms = np.linalg.norm(profiles, axis=1, keepdims=True)
    profiles = profiles / np.where(norms > 0, norms, 1.0)
    column = {slug: j for j, slug in enumerate(profiled)}
    rows = sorted({row for row, _i, _sig in wanted})
    sims = matrix[rows] @ profiles.T  # rows x topics, dense
    at = {row: k for k, row in enumerate(rows)}
    added: dict[int, list[TopicMatch]] = {}
    for row, i, sig in wanted:
        j = column[sig.slug]
        sim = float(sims[at[row], j])
        if sim < SIMILARITY:
            continue
        shared = matrix[row].multiply(profiles[j]).tocsr()
        order = np.argsort(-shared.data, kind="stable")[:SHOWN_STEMS]
        words = tuple(vocabulary[shared.indices[k]] for k in order)
        terms = tuple(dict.fromkeys(sig.terms[:4] + words))
        added.setdefault(i, []).append(TopicMatch(sig.slug, round(sim * 10, 2), sig.sentence, "inferred", terms))
    order_of = {slug: k for k, slug in enumerate(topics)}
    return [replace(a, topics=tuple(sorted(a.topics + tuple(added[i]), key=lambda m: order_of.get(m.slug, 0))))
            if i in added else a for i, a in enumerate(analyses)]


@lru_cache(maxsize=16)
def _stop_words(lang: str) -> frozenset[str]:
    from generator.analyze.keyphrases import stop_words

    return frozenset(fold(w) for w in stop_words(lang))


def _vectors(analyses: list[Analysis]):
    """Rows of L2-normalised stemmed TF-IDF (sublinear tf), stop words left out, and by column the stem's
    shortest word."""
    import numpy as np

    sparse = features.sparse()
    index: dict[str, int] = {}
    shown: list[str] = []
    cols, vals, indptr = [], [], [0]
    for a in analyses:
        counts: dict[int, int] = {}
        lang = a.language
        stop = _stop_words(lang)
        for word, n in features.of(a).terms.items():
            if word in stop:
                continue
            j = index.setdefault(stem(word, lang), len(index))
            if j == len(shown):
                shown.append(word)
            elif (len(word), word) < (len(shown[j]), shown[j]):
                shown[j] = word  # the stem is shown as its shortest word
            counts[j] = counts.get(j, 0) + n
        for j in sorted(counts):
            cols.append(j)
            vals.append(1.0 + math.log(counts[j]))
        indptr.append(len(cols))
    matrix = sparse.csr_matrix((np.array(vals, dtype=float), np.array(cols, dtype=np.int64), np.array(indptr)),
                               shape=(len(analyses), len(index)))
    df = np.bincount(matrix.indices, minlength=len(index))
    idf = np.log((1 + len(analyses)) / (1 + df))  # a word in every source says nothing of a topic
    matrix = matrix.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ matrix
    return matrix.tocsr(), shown

"""Extractive summary: TextRank over TF-IDF sentence vectors, with a lead bonus and a near-duplicate filter."""
from __future__ import annotations

import re

from generator.analyze.text import fold, shorten, tokens, words

MIN_WORDS, MAX_WORDS = 6, 70
MAX_CANDIDATES = 300  # TextRank compares every pair: the first 300 sentences hold a news text's point
NEAR_DUPLICATE = 0.55  # word-set overlap above which two sentences say the same thing
# A sentence must end like one: a cut-off sentence at the end of a truncated source never qualifies.
ENDS = re.compile(r"[.!?…]['’\"”»)]*\s*$|[»”\"]\s*$")


def candidates(sentences: list[str]) -> list[int]:
    return [i for i, s in enumerate(sentences)
            if MIN_WORDS <= words(s) <= MAX_WORDS and ENDS.search(s) and not s.rstrip().endswith(":")]


def overlap(a: str, b: str) -> float:
    sa, sb = set(tokens(a)), set(tokens(b))
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def _ranks(texts: list[str], stop_words: list[str]) -> list[float]:
    import networkx as nx
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Stop words go through the same folding and tokenising as the text, or scikit-learn rightly complains.
    stop = sorted({t for w in stop_words for t in tokens(w)})
    try:
        matrix = TfidfVectorizer(preprocessor=fold, tokenizer=tokens, token_pattern=None,
                                 stop_words=stop or None).fit_transform(texts)
    except ValueError:  # only stop words: no vocabulary
        return [1.0] * len(texts)
    sim = (matrix @ matrix.T).tocoo()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(texts)))
    graph.add_weighted_edges_from((int(i), int(j), float(v)) for i, j, v in zip(sim.row, sim.col, sim.data) if i < j)
    scores = nx.pagerank(graph, weight="weight", max_iter=200, tol=1e-8)
    return [scores[i] for i in range(len(texts))]


def summarise(sentences: list[str], count: int, stop_words: list[str]) -> list[str]:
    """Up to `count` sentences in reading order: central to the text, the lead favoured, no repeats."""
    idx = candidates(sentences)[:MAX_CANDIDATES]
    if not idx:
        return []
    texts = [sentences[i] for i in idx]
    ranks = _ranks(texts, stop_words)
    # The lead of a news story states its point: the first sentences get a bonus that fades quickly.
    scored = sorted(((r * (1.0 + 1.5 / (1 + pos)), pos) for pos, r in enumerate(ranks)), key=lambda x: (-x[0], x[1]))
    chosen: list[int] = []
    for _, pos in scored:
        if any(overlap(texts[pos], texts[c]) > NEAR_DUPLICATE for c in chosen):
            continue
        chosen.append(pos)
        if len(chosen) == count:
            break
    return [texts[p] for p in sorted(chosen)]


def standfirst(summary: list[str], limit: int = 220) -> str:
    return shorten(summary[0], limit) if summary else ""

"""Related sources: per source, the sources sharing the most topics and entities, scored on their wording (TF-IDF
cosine) and on what they share."""
from __future__ import annotations

from collections import defaultdict

from generator import features
from generator.config import Config
from generator.link.candidates import sharing_most
from generator.models import SHARES, SIMILAR_WORDING, Related


RELATED_CANDIDATES = 60  # sources sharing the most topics and entities, scored in full
MAX_TERMS = 50_000  # the most frequent words of the corpus are the TF-IDF vocabulary for related sources


def rank_related(entries: dict, config: Config, entity_names: dict) -> dict[str, tuple[Related, ...]]:
    """Slug -> the sources most like it, best first, for those that have any. A source is never related to its
    other versions nor to its translation: they are left out of its candidates."""
    import numpy as np

    slugs = [s for s in sorted(entries) if entries[s].duplicate_of is None]
    if len(slugs) < 2 or config.related_count == 0:
        return {}
    try:  # the words were split with the analysis (features.py)
        matrix = features.tfidf([features.of(entries[s].analysis).terms for s in slugs], MAX_TERMS)
    except ValueError:  # no source has a word to compare (headline-only sources): no related links
        return {}
    row = {s: i for i, s in enumerate(slugs)}
    feats = {s: {f"t:{t}" for t in entries[s].topics} | {f"e:{k}" for k in entries[s].entities} for s in slugs}
    skips = {s: set(entries[s].versions) | set(entries[s].translations) for s in slugs}
    names = {t.slug: t.name for t in config.topics}
    candidates = sharing_most(feats, RELATED_CANDIDATES, skips)
    pairs = [(s, o) for s, cands in candidates.items() for o in cands]
    if not pairs:
        return {}
    left, right = [row[s] for s, _ in pairs], [row[o] for _, o in pairs]
    shared_counts = _cosines(_incidence([feats[s] for s in slugs]), left, right)  # 0/1 rows: shared features
    sizes = np.array([len(feats[s]) for s in slugs], dtype=float)
    jaccard = shared_counts / np.maximum(sizes[left] + sizes[right] - shared_counts, 1)
    # Ranked on the score as published (3 decimals), ties to the first slug: a drift in the last digits, when an
    # edit elsewhere moves the corpus's word weights, does not reorder a page that did not change.
    scores = np.round(0.6 * _cosines(matrix, left, right) + 0.4 * jaccard, 3)
    # Per source, its best-scoring candidates (ties to the first slug: rows are in slug order), kept above 0.12.
    left, right = np.asarray(left), np.asarray(right)
    kept = scores >= 0.12
    left, right, scores = left[kept], right[kept], scores[kept]
    order = np.lexsort((right, -scores, left))
    left, right, scores = left[order], right[order], scores[order]
    firsts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]]) if len(left) else np.zeros(0, dtype=int)
    rank = np.arange(len(left)) - np.repeat(firsts, np.diff(np.r_[firsts, len(left)]))
    best = rank < config.related_count
    found = defaultdict(list)
    for i, j, score in zip(left[best].tolist(), right[best].tolist(), scores[best].tolist()):
        s, o = slugs[i], slugs[j]
        shared = sorted(feats[s] & feats[o])
        labels = [names[f[2:]] for f in shared if f.startswith("t:")]
        labels += [entity_names.get(f[2:], f[2:]) for f in shared if f.startswith("e:")]
        labels = list(dict.fromkeys(labels))  # a topic and the entity of its name ("G5 Sahel") are said once
        found[s].append(Related(o, round(score, 3), SHARES + ", ".join(labels[:5]) if labels else SIMILAR_WORDING))
    return {s: tuple(found[s]) for s in sorted(found)}


def _incidence(sets: list[set[str]]):
    """A 0/1 sparse matrix, one row per set, one column per member."""
    import numpy as np
    sparse = features.sparse()

    vocab = {tok: i for i, tok in enumerate(sorted({t for s in sets for t in s}))}
    rows = [r for r, s in enumerate(sets) for _ in s]
    cols = [vocab[t] for s in sets for t in s]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(vocab), 1)))


def _cosines(matrix, left: list[int], right: list[int]):
    """The dot product of rows left[i] and right[i] of a sparse matrix (their cosine: rows are l2-normalised),
    for every pair in one operation: no N×N matrix, no product per source."""
    import numpy as np

    if not left:
        return np.zeros(0)
    # Most candidates are candidates of each other: a pair and its reverse are one product, done once.
    n = matrix.shape[0]
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    pairs, back = np.unique(lo.astype(np.int64) * n + hi, return_inverse=True)
    first, second = np.divmod(pairs, n)
    return matrix[first].multiply(matrix[second]).sum(axis=1).A1[back.ravel()]

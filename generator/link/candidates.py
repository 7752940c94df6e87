"""The sources that share the most tokens with each source, from one sparse product: what every pairing of the
link stage starts from instead of comparing every pair."""
from __future__ import annotations

from collections import Counter

from generator import features


POSTING_CAP = 400  # a token shared by more sources than this says nothing about a pair


def sharing_most(sets: dict[str, set[str]], k: int, skip: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """For each key, the k others sharing the most tokens with it, most first (ties to the first by key).

    Tokens held by more than POSTING_CAP keys say nothing about a pair and are left out. The counts for every
    pair at once are one sparse product (keys × tokens by its transpose), so only pairs that share a token
    exist: near-linear in the corpus, where a count per pair in Python was the stage's main cost."""
    import numpy as np
    sparse = features.sparse()

    keys = sorted(sets)
    df = Counter(tok for key in keys for tok in sets[key])
    vocab = {tok: i for i, tok in enumerate(sorted(t for t, n in df.items() if 1 < n <= POSTING_CAP))}
    rows, cols = [], []
    for r, key in enumerate(keys):
        found = [vocab[tok] for tok in sets[key] if tok in vocab]
        rows += [r] * len(found)
        cols += found
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(keys), len(vocab)))
    shared = (x @ x.T).tocsr()
    # One integer per pair orders a row as wanted, most shared first, then the first key; a row's k best (and as
    # many more as it has keys to leave out) are partitioned out rather than the whole row sorted.
    n = len(keys)
    order = (np.int64(shared.data.max() + 1 if shared.nnz else 1) - shared.data.astype(np.int64)) * n + shared.indices
    index = {key: r for r, key in enumerate(keys)}
    bounds = shared.indptr.tolist()
    out = {}
    for r, key in enumerate(keys):
        row = order[bounds[r]:bounds[r + 1]]
        left_out = {r, *(index[o] for o in (skip or {}).get(key, ()) if o in index)}
        m = len(left_out) + k
        best = np.sort(row) if len(row) <= m else np.sort(np.partition(row, m)[:m])
        out[key] = [keys[i] for i in (best % n).tolist() if i not in left_out][:k]
    return out

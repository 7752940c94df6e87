"""Summary: TextRank over TF-IDF, the lead favoured, no repeated points."""
from __future__ import annotations

import networkx as nx
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.analyze import summary
from generator.analyze.keyphrases import stop_words
from generator.analyze.text import fold, tokens

SENTENCES = [
    "Algeria and Mali agreed on Monday to reopen the border crossing at Tinzaouaten for trade.",
    "The border crossing had been closed for two years because of fighting in the north of Mali.",
    "Traders in Tinzaouaten welcomed the decision to reopen the border crossing to goods.",
    "The weather was hot and dry across the Sahara during the whole week of talks.",
    "Officials said the reopened border crossing would be watched by joint patrols from both armies.",
    "Algeria and Mali agreed on Monday to reopen the border crossing at Tinzaouaten for trade.",
]


def _reference_ranks(texts, stop):
    """The same TextRank with scikit-learn's vectoriser and networkx's PageRank, as the summary used to run it."""
    stop = sorted({t for w in stop for t in tokens(w)})
    matrix = TfidfVectorizer(preprocessor=fold, tokenizer=tokens, token_pattern=None,
                             stop_words=stop or None).fit_transform(texts)
    sim = (matrix @ matrix.T).tocoo()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(texts)))
    graph.add_weighted_edges_from((int(i), int(j), float(v)) for i, j, v in zip(sim.row, sim.col, sim.data) if i < j)
    scores = nx.pagerank(graph, weight="weight", max_iter=200, tol=1e-8)
    return [scores[i] for i in range(len(texts))]


@pytest.mark.parametrize("texts", [SENTENCES, SENTENCES[:3] + ["Nothing in common here whatsoever, really."]])
def test_ranks_are_textrank_as_the_libraries_compute_it(texts):
    ours = summary._ranks(texts, stop_words("en"))
    assert ours == pytest.approx(_reference_ranks(texts, stop_words("en")), abs=1e-12)
    assert sum(ours) == pytest.approx(1.0)


def test_a_sentence_sharing_no_word_ranks_lowest():
    ranks = summary._ranks(SENTENCES, stop_words("en"))
    assert ranks.index(min(ranks)) == 3


def test_only_stop_words_ranks_every_sentence_alike():
    assert summary._ranks(["The of and.", "And the of."], stop_words("en")) == [1.0, 1.0]


def test_summary_keeps_reading_order_and_drops_repeats():
    chosen = summary.summarise(SENTENCES, 3, stop_words("en"))
    assert len(chosen) == 3
    assert chosen == sorted(chosen, key=SENTENCES.index)
    assert chosen[0] == SENTENCES[0]
    assert SENTENCES[3] not in chosen

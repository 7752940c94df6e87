"""Per-source link features: computed with the analysis, equal to computing them afresh, and linking gives the
same briefing whether the analyses carry them or not (analyses made by hand, or by older code, do not)."""
import pickle
from dataclasses import replace

import pytest

from generator import features
from generator.link import link
from generator.corpus_analysis import analyse_all
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def analysed():
    from generator.config import load_config

    config = load_config(ROOT / "briefing.yml")
    return config, analyse_all(ROOT / "sources", config).analyses


def test_the_analysis_carries_its_features_and_they_match_a_fresh_computation(analysed):
    _config, analyses = analysed
    for a in analyses:
        assert a.features is not None
        fresh = features.of(replace(a, features=None))
        assert fresh == a.features
        assert a.features.body_chars == len(features.body_text(a)) > 0
        assert len(a.features.minhash) == features.NUM_PERM
        assert pickle.loads(pickle.dumps(a)) == a  # it travels from the workers and into the cache


def test_names_keep_proper_nouns_and_numbers_across_languages():
    en = features.names("The Algiers Accord of 2015 was signed by the government of Mali in June.", frozenset({"The"}))
    fr = features.names("L'Accord d'Alger de 2015 a été signé par le gouvernement du Mali en juin.", frozenset())
    assert {"#2015", "mali", "accord"} <= en & fr
    assert "the" not in en and "government" not in en


def test_linking_is_the_same_with_and_without_precomputed_features(analysed):
    config, analyses = analysed
    with_features = link(analyses, config)
    without = link([replace(a, features=None) for a in analyses], config)
    def linked(b):  # what linking found, the analyses (which differ by their features field) left out
        return ({s: replace(e, analysis=None) for s, e in b.sources.items()}, b.topics, b.entities, b.events)

    assert linked(with_features) == linked(without)
    assert any(e.related for e in with_features.sources.values())
    assert any(e.translations for e in with_features.sources.values())


TEXTS = ["Le Comité d’état-major opérationnel conjoint (Cemoc) s'est réuni à Tamanrasset.",
         "L'ÉTAT-MAJOR a dit non; Œuvre, ﬁnal, naïve, café, İstanbul, straße, 2015 et x1y2.",
         "", "The Joint Operational Staff Committee met in Tamanrasset; the committee said so, twice."]


def test_words_are_split_as_scikit_learn_splits_them():
    from sklearn.feature_extraction.text import TfidfVectorizer

    reference = TfidfVectorizer(strip_accents="unicode", token_pattern=features.TERM_PATTERN).build_analyzer()
    for text in TEXTS:
        assert features._terms(text) == reference(text)


@pytest.mark.parametrize("max_features", [50_000, 7])
def test_tfidf_is_scikit_learn_s(max_features):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [tuple(features._terms(t)) for t in TEXTS] + [("committee", "committee", "cemoc"), ()]
    ours = features.tfidf(docs, max_features)
    theirs = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, max_features=max_features).fit_transform(docs)
    assert ours.shape == theirs.shape
    assert np.allclose(ours.toarray(), theirs.toarray(), rtol=0, atol=1e-15)
    rows = ours.toarray()
    assert np.allclose((rows ** 2).sum(axis=1)[[0, 1, 3, 4]], 1.0) and not rows[2].any() and not rows[5].any()


def test_tfidf_of_documents_without_words_is_an_error():
    with pytest.raises(ValueError):
        features.tfidf([(), ()], 10)


def _shingles(words):
    return {f"w{i} w{i + 1}".encode() for i in words}


def test_minhash_estimates_the_jaccard_similarity_of_two_sets():
    for shared in (0, 100, 300, 600):
        a, b = set(range(600)), set(range(600 - shared, 1200 - shared))
        true = len(a & b) / len(a | b)
        estimate = features.similarity(features.minhash(_shingles(a)), features.minhash(_shingles(b)))
        assert abs(estimate - true) < 0.15, (shared, true, estimate)
    assert features.minhash(set()) == ()
    assert features.minhash(_shingles(range(50))) == features.minhash(_shingles(range(50)))  # seeded


@pytest.mark.parametrize("threshold, bands", [(0.3, (21, 3)), (0.5, (14, 4)), (0.8, (5, 11)), (0.9, (3, 21))])
def test_lsh_bands_are_the_optimum_datasketch_finds_for_the_same_threshold(threshold, bands):
    assert features.lsh_bands(threshold) == bands


def test_lsh_buckets_hold_near_copies_and_not_unrelated_texts():
    base = set(range(400))
    sigs = {"a": features.minhash(_shingles(base)), "b": features.minhash(_shingles(base | set(range(400, 440)))),
            "c": features.minhash(_shingles(set(range(1000, 1400)))), "d": ()}
    buckets = features.lsh_buckets({k: v for k, v in sigs.items() if v}, 0.5)
    assert ["a", "b"] in buckets
    assert not any("c" in members for members in buckets)


def test_tfidf_of_counted_words_is_that_of_the_words():
    import numpy as np
    from collections import Counter

    docs = [tuple(features._terms(t)) for t in TEXTS]
    counted = features.tfidf([dict(Counter(d)) for d in docs], 50)
    assert np.array_equal(counted.toarray(), features.tfidf(docs, 50).toarray())


def test_months_weekdays_countries_and_demonyms_are_one_name_in_english_and_french():
    en = features.names_in_order("On Thursday, July 4, Algerian and Chadian troops met French officers in Morocco.",
                                 frozenset({"On"}))
    fr = features.names_in_order("Jeudi 4 juillet, des soldats algériens et tchadiens ont rencontré des officiers "
                                 "français au Maroc.", frozenset())
    assert en == fr == ["~thu", "~jul", "#4", "algeria", "chad", "france", "morocco"]
    # A day before its month ("4 juillet") reads as English writes it ("July 4"). English words that are also
    # months or countries count only when capitalised.
    assert features.names_in_order("It may march on, a turkey in china.", frozenset()) == []


def test_initials_that_differ_between_english_and_french_are_one_name():
    en = features.names_in_order("ECOWAS leaders met in Burkina Faso before the ICJ ruling.", frozenset())
    fr = features.names_in_order("Les dirigeants de la Cédéao réunis au Burkina avant l'arrêt de la CIJ.",
                                 frozenset({"Les"}))
    assert en[0] == fr[0] == "ecowas" and en[-1] == fr[-1] == "icj" and "burkina" in en and "burkina" in fr

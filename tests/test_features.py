"""Per-source link features: computed with the analysis, equal to computing them afresh, and linking gives the
same briefing whether the analyses carry them or not (analyses made by hand, or by older code, do not)."""
import pickle
from dataclasses import replace

import pytest

from generator import features
from generator.link import link
from generator.pipeline import analyse_all
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

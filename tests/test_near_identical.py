"""Grouping versions stays near-linear when all sources are near-identical, and groups as comparing every pair of
an LSH bucket did."""
from collections import defaultdict

import pytest

from generator import features
from generator.link import assign_slugs, versions
from generator.link.candidates import sharing_most
from generator.link.versions import join_bucket, mark_duplicates
from generator.models import SourceEntry
from generator.corpus_analysis import analyse_all


def _groups(entries: dict) -> set[frozenset[str]]:
    out = defaultdict(set)
    for slug, e in entries.items():
        out[e.duplicate_of or slug].add(slug)
    return {frozenset(g) for g in out.values() if len(g) > 1}


def _every_pair(entries: dict, config) -> set[frozenset[str]]:
    """The groups comparing every candidate pair gives: connected components of the pairs that pass."""
    feats = {slug: features.of(e.analysis) for slug, e in entries.items()}
    sigs = {slug: f.minhash for slug, f in feats.items() if f.minhash}
    parent = {s: s for s in entries}

    def find(s):
        while parent[s] != s:
            s = parent[s]
        return s

    pairs = {(x, y) for members in features.lsh_buckets(sigs, config.duplicate_threshold)
             for j, x in enumerate(members) for y in members[j + 1:]}
    for x, y in sorted(pairs):
        if features.similarity(sigs[x], sigs[y]) >= config.duplicate_threshold:
            a, b = sorted((find(x), find(y)))
            parent[b] = a
    seq = {slug: f.sequence.split() for slug, f in feats.items()}
    words = {s: set(q) for s, q in seq.items() if len(set(q)) >= features.VERSION_MIN_WORDS}
    for x, others in sharing_most(words, versions.VERSION_CANDIDATES).items():
        for y in others:
            if entries[x].analysis.language == entries[y].analysis.language and find(x) != find(y) and \
                    features.same_report(feats[x], feats[y], seq[x], seq[y]):
                a, b = sorted((find(x), find(y)))
                parent[b] = a
    out = defaultdict(set)
    for s in entries:
        out[find(s)].add(s)
    return {frozenset(g) for g in out.values() if len(g) > 1}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, config):
    """40 versions of one story, 40 sources of the synthetic corpus (with its own versions and translations)."""
    from bench.corpus import make_corpus, near_identical
    from tests.conftest import ROOT

    root = tmp_path_factory.mktemp("near")
    near_identical(root / "sources" / "same", 40, ROOT / "briefing.yml")
    make_corpus(root / "sources" / "mixed", 40, ROOT / "briefing.yml", seed=3)
    analyses = sorted(analyse_all(root / "sources", config, workers=1).analyses, key=lambda a: a.source.path)
    return {slug: SourceEntry(slug, a, a.date, topics=()) for slug, a in zip(assign_slugs(analyses), analyses)}


def test_groups_are_those_every_pair_gives(mixed, config):
    got = _groups(mark_duplicates(mixed, config))
    assert got == _every_pair(mixed, config)
    same = {s for s, e in mixed.items() if "/same/" in "/" + e.analysis.source.path}
    assert frozenset(same) in got  # the 40 versions are one group


def test_a_bucket_of_near_identical_sources_costs_a_bounded_number_of_comparisons_each():
    members = [f"s{i:04d}" for i in range(2000)]
    parent = {m: m for m in members}
    calls = []

    def find(s):
        while parent[s] != s:
            s = parent[s]
        return s

    def union(x, y):
        a, b = sorted((find(x), find(y)))
        parent[b] = a
        return a

    def same(x, y):
        calls.append((x, y))
        return True

    join_bucket(members, find, union, same)
    assert {find(m) for m in members} == {"s0000"}
    assert len(calls) < len(members)  # every pair would be 1,999,000


def test_a_bucket_of_unrelated_sources_compares_each_with_a_bounded_number_of_groups():
    members = [f"s{i:04d}" for i in range(500)]
    parent = {m: m for m in members}
    calls = []

    def union(x, y):
        raise AssertionError("nothing is a copy")

    join_bucket(members, lambda s: parent[s], union, lambda x, y: calls.append((x, y)) or False)
    assert len(calls) <= len(members) * versions.BUCKET_GROUPS * versions.BUCKET_SAMPLE
    assert all(x < y for x, y in calls)  # the earlier member first, as pairs are

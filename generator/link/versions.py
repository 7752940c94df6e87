"""Versions of one report: copies (MinHash LSH) and excerpts or rewrites in the same language, grouped under one
of them (lead_version)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator import features
from generator.config import Config
from generator.link.candidates import sharing_most
from generator.models import PRECISION_RANK, TopicMatch


VERSION_CANDIDATES = 8  # sources sharing the most content words, compared in order: another version is among them
BUCKET_GROUPS = 16  # groups of one LSH bucket a source is compared with, the last met first (see join_bucket)
BUCKET_SAMPLE = 4  # members of each such group it is compared with


def mark_duplicates(entries: dict, config: Config, verdicts=None) -> dict:
    """Group the versions of one report: copies (MinHash of word shingles at or above duplicate_threshold) and
    excerpts and rewrites in the same language (features.same_report on the content words in order). Candidates
    come from the MinHash index and from the sources sharing the most content words, so no pair of sources is
    compared unless something already brings them together. `verdicts`: the last run's answers of same_report
    (incremental/verdicts.py), reused for pairs of unchanged sources."""
    feats = {slug: features.of(entries[slug].analysis) for slug in sorted(entries)}
    signatures = {slug: f.minhash for slug, f in feats.items() if f.minhash}
    parent = {s: s for s in entries}

    def find(s):
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    def union(x: str, y: str) -> str:
        a, b = sorted((find(x), find(y)))
        parent[b] = a
        return a

    def copy(x: str, y: str) -> bool:
        return features.similarity(signatures[x], signatures[y]) >= config.duplicate_threshold

    for members in features.lsh_buckets(signatures, config.duplicate_threshold):
        join_bucket(members, find, union, copy)
    sequences = {slug: f.sequence.split() for slug, f in feats.items()}
    words = {slug: found for slug, seq in sequences.items() if len(found := set(seq)) >= features.VERSION_MIN_WORDS}
    rewrites = {tuple(sorted((slug, other))) for slug, others in sharing_most(words, VERSION_CANDIDATES).items()
                for other in others
                if entries[slug].analysis.language == entries[other].analysis.language} if len(words) > 1 else set()
    def same_report(x: str, y: str) -> bool:
        def compute() -> bool:
            return features.same_report(feats[x], feats[y], sequences[x], sequences[y])

        if verdicts is None:
            return compute()
        return verdicts.same_report(entries[x].analysis.source.path, entries[y].analysis.source.path, compute)

    for slug, other in sorted(rewrites):
        if find(slug) != find(other) and same_report(slug, other):
            union(slug, other)
    groups = defaultdict(list)
    for slug in entries:
        groups[find(slug)].append(slug)
    out = dict(entries)
    for members in groups.values():
        if len(members) < 2:
            continue
        canon = lead_version(members, entries, feats)
        others = tuple(sorted(s for s in members if s != canon))
        out[canon] = replace(out[canon], versions=others)
        for s in others:
            out[s] = replace(out[s], duplicate_of=canon)
    return out


# A version with at least this share of the fullest version's text may lead the group for what it says of the
# report that the fullest does not: its date, or its own headline.
LEAD_SHARE = 0.5


def lead_version(members: list[str], entries: dict, feats: dict) -> str:
    """The version the others are listed under: of those holding at least LEAD_SHARE of the fullest one's text,
    the most precisely dated (a reader of an undated lead would not know when it happened, though a copy says),
    then one with a headline of its own (not written from its lead), then the fullest; ties go to the first by
    path."""
    fullest = max(feats[s].body_chars for s in members)

    def rank(s: str):
        a = entries[s].analysis
        value = a.date.value
        precision = -1 if value is None else PRECISION_RANK[value.precision]
        return precision, not a.title_generated, feats[s].body_chars

    eligible = [s for s in sorted(members, key=lambda s: entries[s].analysis.source.path)
                if feats[s].body_chars >= LEAD_SHARE * fullest]
    return max(eligible, key=rank)


def join_bucket(members: list[str], find, union, same) -> None:
    """Union the members of one LSH bucket that are copies (same(earlier, later)), comparing each with at most
    BUCKET_SAMPLE members of each of the BUCKET_GROUPS groups last met in the bucket, never with every member:
    a bucket of n near-identical sources costs O(n) comparisons where every pair cost n²/2 (and the set of pairs
    gigabytes). A source that is a copy of one member of a group is nearly always one of its first members'."""
    sample: dict[str, list[str]] = {}  # root -> the first members of the bucket in that group
    for x in members:
        root = find(x)
        for group in list(sample)[-BUCKET_GROUPS:]:
            if group == root or group not in sample:
                continue
            if any(same(y, x) for y in sample[group]):
                merged = sample.pop(group) + sample.pop(root, [])
                root = union(group, root)
                sample[root] = merged[:BUCKET_SAMPLE]
        mine = sample.setdefault(root, [])
        if len(mine) < BUCKET_SAMPLE:
            mine.append(x)


def shared_topics(entries: dict, order: dict[str, int]) -> dict:
    """The entries with each version of a report given the topics another version of it has (kind "inferred",
    with that version's evidence): one report is about the same subjects however it is rewritten, and a rewrite's
    words ("the harmony settlement" for the peace agreement) or its cuts may hide one. `order`: the topics' order
    in the configuration."""
    out = dict(entries)
    for lead, entry in entries.items():
        if not entry.versions:
            continue
        members = [lead, *entry.versions]
        found: dict[str, TopicMatch] = {}
        for slug in members:
            for match in entries[slug].analysis.topics:
                found.setdefault(match.slug, match)
        for slug in members:
            analysis = entries[slug].analysis
            have = {m.slug for m in analysis.topics}
            added = tuple(replace(m, kind="inferred") for t, m in found.items() if t not in have)
            if added:
                topics = tuple(sorted(analysis.topics + added, key=lambda m: order.get(m.slug, len(order))))
                out[slug] = replace(out[slug], analysis=replace(analysis, topics=topics),
                                    topics=tuple(m.slug for m in topics))
    return out

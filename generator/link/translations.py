"""Translations: each story paired with the story in another language that keeps its names and numbers."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator import features
from generator.config import Config
from generator.link.candidates import sharing_most


TRANSLATION_CANDIDATES = 25  # sources sharing the most names and numbers; a translation shares nearly all


def pair_translations(entries: dict, config: Config) -> dict:
    """Pair each story with its translation: the story, in another language, whose names and numbers overlap its
    own (Jaccard at or above translation_threshold) and come in the same order (features.same_facts), the best
    of each for the other. A story is the group of its versions: a translation of any of them is one of the lead."""
    members = defaultdict(list)
    for slug in sorted(entries):
        members[entries[slug].duplicate_of or slug].append(slug)
    feats = {s: features.of(e.analysis) for s, e in entries.items()}
    prints = {lead: frozenset().union(*(feats[s].names for s in group)) for lead, group in members.items()}
    best: dict[str, tuple[float, str]] = {}
    for slug, candidates in sharing_most(prints, TRANSLATION_CANDIDATES).items():
        lang = entries[slug].analysis.language
        for other in sorted(candidates):  # the first of equal scores wins
            if entries[other].analysis.language == lang:
                continue
            a, b = prints[slug], prints[other]
            shared = len(a & b)
            if shared < config.translation_threshold * (len(a) + len(b) - shared):  # the cheaper test first
                continue
            found = [m for x in members[slug] for y in members[other]
                     if entries[x].analysis.language == lang and entries[y].analysis.language != lang
                     and (m := features.same_facts(feats[x], feats[y])) is not None]
            if found and max(found) > best.get(slug, (-1.0, ""))[0]:
                best[slug] = (max(found), other)
    out = dict(entries)
    for slug, (_score, other) in sorted(best.items()):
        if best.get(other, (0, ""))[1] == slug:  # mutual best only: no false pairs from a crowded neighbourhood
            out[slug] = replace(out[slug], translations=(other,))
    return out

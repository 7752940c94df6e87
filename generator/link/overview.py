"""Briefs: a few sentences across sources, for the home page and each topic, and each topic's entry."""
from __future__ import annotations

from collections import Counter

from generator.config import Config, Topic
from generator.models import SourceEntry, TopicEntry
from generator.text import overlap, stands_alone


def brief(members: list[SourceEntry], entries: dict, config: Config, limit: int) -> tuple[tuple[str, str], ...]:
    """Sentences across sources for coverage, one source at a time, the reader's language preferred,
    no sentence repeating one already chosen."""
    reader = config.languages[0]
    slugs = {m.slug for m in members}
    pool = []
    for m in members:
        # A source whose translation in the reader's language is here too speaks through the translation.
        if m.analysis.language != reader and any(entries[t].analysis.language == reader and t in slugs
                                                 for t in m.translations):
            continue
        pool.append(m)
    recency = _recency(pool)
    pool.sort(key=lambda m: (-_weight(m) * (1.0 + RECENCY * recency[m.slug]), m.slug))
    chosen: list[tuple[str, str]] = []
    for rnd in range(4):
        for m in pool:
            if len(chosen) >= limit:
                return tuple(chosen)
            usable = [s for s in m.analysis.summary if stands_alone(s)]
            if rnd < len(usable):
                sent = usable[rnd]
                if not any(overlap(sent, c) > 0.5 for c, _ in chosen):
                    chosen.append((sent, m.slug))
    return tuple(chosen)


# How much more the newest source weighs than the oldest in a brief: it briefs on the situation, which the latest
# reports tell (the oldest dated source weighs 1, the newest 1 + RECENCY, undated ones 1).
RECENCY = 1.0


def _recency(members: list[SourceEntry]) -> dict[str, float]:
    """Each source's place among the dated ones, oldest 0 to newest 1; undated 0."""
    dated = sorted({m.date.sort_key() for m in members if m.date.value})
    rank = {key: i / (len(dated) - 1) if len(dated) > 1 else 1.0 for i, key in enumerate(dated)}
    return {m.slug: rank.get(m.date.sort_key(), 0.0) if m.date.value else 0.0 for m in members}


def _weight(m: SourceEntry) -> float:
    return sum(t.score for t in m.analysis.topics) + len(m.entities) * 0.1


def topic_entry(topic: Topic, entries: dict, entities: dict, events, config: Config) -> TopicEntry:
    members = [e for e in entries.values() if topic.slug in e.topics and e.duplicate_of is None]
    members.sort(key=lambda e: (e.date.sort_key(), e.slug), reverse=True)
    matches = {e.slug: next(t for t in e.analysis.topics if t.slug == topic.slug) for e in members}
    evidence = {slug: m.evidence for slug, m in matches.items()}
    actors = Counter(k for e in members for k in e.entities if entities[k].kind == "person")
    actors.update({k: 0.5 for e in members for k in e.entities if entities[k].kind == "organisation"})
    return TopicEntry(
        topic=topic,
        sources=tuple(e.slug for e in members),
        evidence=evidence,
        how={slug: (m.kind, m.terms) for slug, m in matches.items()},
        brief=brief(members, entries, config, limit=5),
        actors=tuple(k for k, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:8]),
        events=tuple(ev for ev in events if topic.slug in ev.topics),
    )

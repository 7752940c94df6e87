"""The timeline: the dated events of every source, one event told by several sources merged into one."""
from __future__ import annotations

from collections import defaultdict

from generator import features
from generator.config import Config
from generator.models import DateValue, TimelineEvent


def timeline_events(entries: dict, config: Config) -> tuple[TimelineEvent, ...]:
    group = {}
    for slug, e in entries.items():
        root = e.duplicate_of or slug
        group[slug] = min([root, *[(entries[t].duplicate_of or t) for t in e.translations]])
    by_date = defaultdict(list)
    for slug in sorted(entries):
        analysis = entries[slug].analysis
        for ev, words in zip(analysis.events, features.of(analysis).event_words):
            by_date[ev.date].append((slug, ev, words))
    merged = []
    for date in sorted(by_date, key=DateValue.iso):
        # Clusters of one date: the same event from the same story group, or told in nearly the same words.
        # An event's words are split into a set only when it is compared: most dates have one story group.
        clusters: list[list] = []  # [group, words of the first sentence (a set once split), members]
        by_group: dict[str, list] = {}
        for slug, ev, words in by_date[date]:
            home = by_group.get(group[slug])
            if home is None and clusters:
                words = set(words.split())
                for c in clusters:
                    if isinstance(c[1], str):
                        c[1] = set(c[1].split())
                    if _similar(c[1], words):
                        home = c
                        break
            if home is None:
                home = [group[slug], words, []]
                clusters.append(home)
            home[2].append((slug, ev))
            by_group.setdefault(group[slug], home)
        for _g, _t, cluster in clusters:
            canon = [x for x in cluster if entries[x[0]].duplicate_of is None] or cluster
            lead_slug, lead = _prefer_language(canon, entries, config)
            srcs = tuple(sorted({entries[s].duplicate_of or s for s, _ in cluster}))
            tops = lead.topics or entries[lead_slug].topics[:1]
            merged.append(TimelineEvent(lead.date, lead.sentence, srcs, tops, lead.relative))
    return tuple(merged)


def _similar(a: set, b: set) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) > 0.6


def _prefer_language(items, entries, config):
    order = {lang: i for i, lang in enumerate(config.languages)}
    return min(items, key=lambda x: (order.get(entries[x[0]].analysis.language, 99), x[0]))

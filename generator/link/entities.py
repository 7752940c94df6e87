"""The entity index: which entities get a page, the sources and quotes of each, the entities named together, and
the timeline events that name each."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import permutations

from generator.text import fold
from generator.config import Config
from generator.models import EntityEntry


def _keep_entity(kind: str, name: str, n_sources: int, mentions: int, discovered: bool) -> bool:
    """Configured entities always; discovered ones when the corpus confirms them: a titled person, a defined
    acronym, or a name that recurs across sources."""
    if not discovered:
        return True
    if kind == "person" or (kind == "organisation" and name.isupper()):
        return True
    return n_sources >= 2 and mentions >= 3


def entity_index(entries: dict, config: Config) -> tuple[dict, dict[str, tuple[str, ...]]]:
    """The entities that get a page, and each source's entities among them, sorted."""
    specs = {e.slug: e for e in config.entities}
    seen = defaultdict(list)
    info = {}
    counts = Counter()
    for slug in sorted(entries):
        if entries[slug].duplicate_of:
            continue
        for m in entries[slug].analysis.mentions:
            seen[m.key].append(slug)
            counts[m.key] += m.count
            if m.key not in info or (info[m.key].kind == "other" and m.kind != "other"):
                info[m.key] = m
    kept = {k for k in seen if _keep_entity(info[k].kind, info[k].name, len(seen[k]), counts[k], info[k].discovered)}
    # A name found only in sources off the briefing's subject (a football report, a phone review) is not one of
    # the briefing's actors: a discovered entity needs a source that names or describes one of its topics.
    on_subject = {slug for slug, e in entries.items() if e.analysis.topics or e.analysis.topic_signals}
    if config.topics and on_subject:
        kept = {k for k in kept if not info[k].discovered or on_subject.intersection(seen[k])}
    kept, picked = _capped(kept, entries, config, {k: (len(v), counts[k]) for k, v in seen.items()},
                           {k for k in kept if info[k].discovered})
    quotes = _quotes_by_entity(entries, config, kept, info)
    pairs = Counter()  # (a, b) -> sources naming both, counted by Counter's C loop rather than one by one
    for slug in sorted(entries):
        pairs.update(permutations([k for k in picked[slug] if k in kept][:40], 2))
    co = defaultdict(list)
    for (a, b), n in pairs.items():
        co[a].append((b, n))
    out = {}
    for key in sorted(kept):
        spec = specs.get(key)
        m = info[key]
        out[key] = EntityEntry(key, spec.name if spec else m.name, spec.kind if spec else m.kind,
                               spec.description if spec else "", m.discovered, tuple(seen[key]), counts[key],
                               tuple(quotes.get(key, ())),
                               tuple(sorted(co[key], key=lambda kv: (-kv[1], kv[0]))[:12]))
    return out, picked


def _capped(kept: set, entries: dict, config: Config, support: dict[str, tuple[int, int]],
            discovered: set) -> tuple[set, dict[str, tuple[str, ...]]]:
    """The kept entities within entity_pages' rule and caps, and each source's entities among them.

    A discovered entity needs support (min_sources sources or min_mentions mentions); each source keeps its
    max_per_source best discovered ones and the corpus its max_total best, best being most sources, then most
    mentions, then the first key: one source naming thousands of organisations adds at most max_per_source pages.
    Watchlist entities are neither counted nor capped."""
    def supported(k):
        return support[k][0] >= config.entity_min_sources or support[k][1] >= config.entity_min_mentions

    def rank(k):
        return -support[k][0], -support[k][1], k

    candidates = {k for k in kept if k not in discovered or supported(k)}
    own = {}
    chosen: set[str] = set()
    for slug in sorted(entries):
        mine = {m.key for m in entries[slug].analysis.mentions} & candidates
        found = sorted(mine & discovered, key=rank)[:config.entity_max_per_source]
        own[slug] = (mine - discovered) | set(found)
        if not entries[slug].duplicate_of:
            chosen.update(found)
    chosen = set(sorted(chosen, key=rank)[:config.entity_max_total])
    final = (candidates - discovered) | chosen
    return final, {slug: tuple(sorted(keys & final)) for slug, keys in own.items()}


def entity_events(entities: dict, entries: dict, events, config: Config) -> dict:
    """Attach to each entity the timeline events that name it, matched with its aliases as in the text."""
    from generator.matcher import compile_aliases

    specs = {e.slug: e for e in config.entities}
    by_source = defaultdict(list)
    for index, ev in enumerate(events):
        for slug in ev.sources:
            by_source[slug].append(index)
    sentences = [ev.sentence for ev in events]
    folded = [fold(text) for text in sentences]  # once, not once per entity that could be named in it
    out = {}
    for key, entity in entities.items():
        names = specs[key].all_aliases() if key in specs else (entity.name,)
        aliases = compile_aliases(key, names)
        candidates = sorted({i for slug in entity.sources for i in by_source.get(slug, ())})
        found = aliases.counts([sentences[i] for i in candidates], [folded[i] for i in candidates])
        out[key] = replace(entity, events=tuple(events[i] for i, n in zip(candidates, found) if n))
    return out


def _quotes_by_entity(entries, config, kept, info) -> dict:
    alias = {}
    for spec in config.entities:
        for a in spec.all_aliases():
            alias[fold(a)] = spec.slug
    for key in kept:
        alias.setdefault(fold(info[key].name), key)
    # A described speaker ("the general staff of the Malian armed forces", "une source sécuritaire malienne")
    # is not the country its adjective names: only a person or an organisation it names is the speaker.
    kinds = {**{key: info[key].kind for key in kept}, **{spec.slug: spec.kind for spec in config.entities}}
    not_places = {a: key for a, key in alias.items() if kinds.get(key) != "place"}
    out = defaultdict(list)
    for slug in sorted(entries):
        if entries[slug].duplicate_of:
            continue
        surnames = _surnames(entries[slug].analysis.mentions, kept)
        for q in entries[slug].analysis.quotes:
            key = speaker_key(q.speaker, not_places if q.speaker and q.speaker[:1].islower() else alias)
            if key is None and q.speaker:
                key = surnames.get(fold(q.speaker))
            if key in kept:
                out[key].append((q, slug))
    return out


def _surnames(mentions, kept) -> dict[str, str]:
    """A source's people by their last name, folded: a report names a person in full once ("Shigeru Ishiba"),
    then by the last name ("Ishiba said"). A last name two of its people share names neither."""
    found: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = fold(m.name).split()
        if m.kind == "person" and m.key in kept and len(words) > 1:
            found[words[-1]].add(m.key)
    return {word: next(iter(keys)) for word, keys in found.items() if len(keys) == 1}


def speaker_key(speaker: str | None, alias: dict) -> str | None:
    if not speaker:
        return None
    folded = fold(speaker)
    if folded in alias:
        return alias[folded]
    # "Colonel Abdoulaye Maïga" or "Lamamra": the longest run of the speaker's words that is a known alias.
    words = re.findall(r"[\w'-]+", folded)
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start:start + size])
            if len(name) > 3 and name in alias:
                return alias[name]
    return None

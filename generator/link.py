"""Link: the corpus-wide pass. Slugs, duplicates, translations, related sources, topic and entity indexes,
timeline, quotes by speaker, topic briefs.

Every pairing comes from an index (MinHash LSH, inverted indexes with capped posting lists), never from a
dense N×N comparison, so the stage stays near-linear in the number of sources.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import permutations

from generator import features, outlets, topic_inference
from generator.analyze.sentences import stands_alone
from generator.analyze.summary import overlap
from generator.analyze.text import fold
from generator.config import Config, Topic
from generator.models import SHARES, SIMILAR_WORDING, Analysis, Briefing, DateValue, EntityEntry, Related, SourceEntry, TimelineEvent, TopicEntry
from generator.slugs import free, reserved, slugify, taken_by

POSTING_CAP = 400  # a token shared by more sources than this says nothing about a pair
RELATED_CANDIDATES = 60  # sources sharing the most topics and entities, scored in full
MAX_TERMS = 50_000  # the most frequent words of the corpus are the TF-IDF vocabulary for related sources
TRANSLATION_CANDIDATES = 25  # sources sharing the most names and numbers; a translation shares nearly all
VERSION_CANDIDATES = 8  # sources sharing the most content words, compared in order: another version is among them
BUCKET_GROUPS = 16  # groups of one LSH bucket a source is compared with, the last met first (see _join_bucket)
BUCKET_SAMPLE = 4  # members of each such group it is compared with
def prepare(config: Config) -> None:
    """Import and compute in advance what link() would otherwise start with (a few tenths of a second)."""
    import numpy as np
    sparse = features.sparse()

    x = sparse.csr_matrix(np.eye(2))
    (x @ x.T).tocsr()[[0, 1]].multiply(x[[1, 0]]).sum(axis=1)  # these load more of scipy on first use
    features.lsh_bands(config.duplicate_threshold)


def link(analyses: list[Analysis], config: Config, failures=(), hand_written=()) -> Briefing:
    """The corpus-wide pass over the analyses. `hand_written`: the content/-relative paths of the pages written
    by hand, whose addresses no generated page may take."""
    analyses = topic_inference.with_inferred(sorted(analyses, key=lambda a: a.source.path), config)
    slugs = assign_slugs(analyses, taken_by(hand_written, "sources"))
    analyses = entity_keys(analyses, config, taken_by(hand_written, "entities"))
    entries = {slug: SourceEntry(slug, a, a.date, topics=tuple(t.slug for t in a.topics))
               for slug, a in zip(slugs, analyses)}
    entries = _mark_duplicates(entries, config)
    entities, picked = _entities(entries, config)
    entries = {s: replace(e, entities=tuple(k for k in picked[s] if k in entities)) for s, e in entries.items()}
    entries = _pair_translations(entries, config)
    related = _related(entries, config, {k: e.name for k, e in entities.items()})
    events = _timeline(entries, config)
    entities = _entity_events(entities, entries, events, config)
    topics = tuple(_topic_entry(t, entries, entities, events, config) for t in config.topics)
    overview = _brief([e for e in entries.values() if e.duplicate_of is None], entries, config, limit=6)
    entries = {s: replace(e, related=related[s]) if s in related else e for s, e in sorted(entries.items())}
    return Briefing(config, entries, topics, entities, events, overview, tuple(failures),
                    taken_by(hand_written, outlets.FOLDER))


def assign_slugs(analyses: list[Analysis], taken=frozenset()) -> list[str]:
    """Readable slugs from titles; a clash (with another source, a listing page or a hand-written page in
    `taken`) gets a suffix from the source's path, so it is stable, and a counter on top in the rare case that
    suffixed slug is taken too."""
    out, seen = [], set(taken)
    for a in analyses:
        slug = a.features.slug if a.features is not None else slugify(a.title)  # made with the analysis
        slug = free(slug, seen, a.source.path, "sources")
        seen.add(slug)
        out.append(slug)
    return out


def entity_keys(analyses: list[Analysis], config: Config, taken=frozenset()) -> list[Analysis]:
    """The analyses with each discovered entity whose slug names a page the site makes (an acronym "(INDEX)")
    or a hand-written page in `taken` renamed, the same way in every source: a suffix made from the slug. The
    watchlist's slugs are checked when the configuration is read."""
    watched = {e.slug for e in config.entities}
    keys = {m.key for a in analyses for m in a.mentions}
    clash = sorted(k for k in keys if (k in taken or k in reserved("entities")) and k not in watched)
    if not clash:
        return analyses
    used, renamed = keys | set(taken), {}
    for key in clash:
        renamed[key] = free(key, used, key, "entities")
        used.add(renamed[key])
    return [replace(a, mentions=tuple(replace(m, key=renamed.get(m.key, m.key)) for m in a.mentions))
            if any(m.key in renamed for m in a.mentions) else a for a in analyses]


def _mark_duplicates(entries: dict, config: Config) -> dict:
    """Group the versions of one report: copies (MinHash of word shingles at or above duplicate_threshold) and
    excerpts and rewrites in the same language (features.same_report on the content words in order). Candidates
    come from the MinHash index and from the sources sharing the most content words, so no pair of sources is
    compared unless something already brings them together."""
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
        _join_bucket(members, find, union, copy)
    sequences = {slug: f.sequence.split() for slug, f in feats.items()}
    words = {slug: found for slug, seq in sequences.items() if len(found := set(seq)) >= features.VERSION_MIN_WORDS}
    rewrites = {tuple(sorted((slug, other))) for slug, others in _candidates(words, VERSION_CANDIDATES).items()
                for other in others
                if entries[slug].analysis.language == entries[other].analysis.language} if len(words) > 1 else set()
    for slug, other in sorted(rewrites):
        if find(slug) != find(other) and features.same_report(feats[slug], feats[other], sequences[slug],
                                                              sequences[other]):
            union(slug, other)
    groups = defaultdict(list)
    for slug in entries:
        groups[find(slug)].append(slug)
    out = dict(entries)
    for members in groups.values():
        if len(members) < 2:
            continue
        # The fullest copy is the canonical one; ties go to the first by path.
        canon = max(sorted(members, key=lambda s: entries[s].analysis.source.path),
                    key=lambda s: feats[s].body_chars)
        others = tuple(sorted(s for s in members if s != canon))
        out[canon] = replace(out[canon], versions=others)
        for s in others:
            out[s] = replace(out[s], duplicate_of=canon)
    return out


def _join_bucket(members: list[str], find, union, same) -> None:
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


def _candidates(sets: dict[str, set[str]], k: int, skip: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
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


def _pair_translations(entries: dict, config: Config) -> dict:
    """Pair each story with its translation: the story, in another language, whose names and numbers overlap its
    own (Jaccard at or above translation_threshold) and come in the same order (features.same_facts), the best
    of each for the other. A story is the group of its versions: a translation of any of them is one of the lead."""
    members = defaultdict(list)
    for slug in sorted(entries):
        members[entries[slug].duplicate_of or slug].append(slug)
    feats = {s: features.of(e.analysis) for s, e in entries.items()}
    prints = {lead: frozenset().union(*(feats[s].names for s in group)) for lead, group in members.items()}
    best: dict[str, tuple[float, str]] = {}
    for slug, candidates in _candidates(prints, TRANSLATION_CANDIDATES).items():
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


def _keep_entity(kind: str, name: str, n_sources: int, mentions: int, discovered: bool) -> bool:
    """Configured entities always; discovered ones when the corpus confirms them: a titled person, a defined
    acronym, or a name that recurs across sources."""
    if not discovered:
        return True
    if kind == "person" or (kind == "organisation" and name.isupper()):
        return True
    return n_sources >= 2 and mentions >= 3


def _entities(entries: dict, config: Config) -> tuple[dict, dict[str, tuple[str, ...]]]:
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


def _entity_events(entities: dict, entries: dict, events, config: Config) -> dict:
    """Attach to each entity the timeline events that name it, matched with its aliases as in the text."""
    from generator.analyze.matcher import compile_aliases

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
    out = defaultdict(list)
    for slug in sorted(entries):
        if entries[slug].duplicate_of:
            continue
        for q in entries[slug].analysis.quotes:
            key = speaker_key(q.speaker, alias)
            if key in kept:
                out[key].append((q, slug))
    return out


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


def _related(entries: dict, config: Config, entity_names: dict) -> dict[str, tuple[Related, ...]]:
    """Slug -> the sources most like it, best first, for those that have any. A source is never related to its
    other versions nor to its translation: they are left out of its candidates."""
    import numpy as np

    slugs = [s for s in sorted(entries) if entries[s].duplicate_of is None]
    if len(slugs) < 2 or config.related_count == 0:
        return {}
    try:  # the words were split with the analysis (features.py)
        matrix = features.tfidf([features.of(entries[s].analysis).terms for s in slugs], MAX_TERMS)
    except ValueError:  # no source has a word to compare (headline-only sources): no related links
        return {}
    row = {s: i for i, s in enumerate(slugs)}
    feats = {s: {f"t:{t}" for t in entries[s].topics} | {f"e:{k}" for k in entries[s].entities} for s in slugs}
    skips = {s: set(entries[s].versions) | set(entries[s].translations) for s in slugs}
    names = {t.slug: t.name for t in config.topics}
    candidates = _candidates(feats, RELATED_CANDIDATES, skips)
    pairs = [(s, o) for s, cands in candidates.items() for o in cands]
    if not pairs:
        return {}
    left, right = [row[s] for s, _ in pairs], [row[o] for _, o in pairs]
    shared_counts = _cosines(_incidence([feats[s] for s in slugs]), left, right)  # 0/1 rows: shared features
    sizes = np.array([len(feats[s]) for s in slugs], dtype=float)
    jaccard = shared_counts / np.maximum(sizes[left] + sizes[right] - shared_counts, 1)
    # Ranked on the score as published (3 decimals), ties to the first slug: a drift in the last digits, when an
    # edit elsewhere moves the corpus's word weights, does not reorder a page that did not change.
    scores = np.round(0.6 * _cosines(matrix, left, right) + 0.4 * jaccard, 3)
    # Per source, its best-scoring candidates (ties to the first slug: rows are in slug order), kept above 0.12.
    left, right = np.asarray(left), np.asarray(right)
    kept = scores >= 0.12
    left, right, scores = left[kept], right[kept], scores[kept]
    order = np.lexsort((right, -scores, left))
    left, right, scores = left[order], right[order], scores[order]
    firsts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]]) if len(left) else np.zeros(0, dtype=int)
    rank = np.arange(len(left)) - np.repeat(firsts, np.diff(np.r_[firsts, len(left)]))
    best = rank < config.related_count
    found = defaultdict(list)
    for i, j, score in zip(left[best].tolist(), right[best].tolist(), scores[best].tolist()):
        s, o = slugs[i], slugs[j]
        shared = sorted(feats[s] & feats[o])
        labels = [names[f[2:]] for f in shared if f.startswith("t:")]
        labels += [entity_names.get(f[2:], f[2:]) for f in shared if f.startswith("e:")]
        found[s].append(Related(o, round(score, 3), SHARES + ", ".join(labels[:5]) if labels else SIMILAR_WORDING))
    return {s: tuple(found[s]) for s in sorted(found)}


def _incidence(sets: list[set[str]]):
    """A 0/1 sparse matrix, one row per set, one column per member."""
    import numpy as np
    sparse = features.sparse()

    vocab = {tok: i for i, tok in enumerate(sorted({t for s in sets for t in s}))}
    rows = [r for r, s in enumerate(sets) for _ in s]
    cols = [vocab[t] for s in sets for t in s]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(vocab), 1)))


def _cosines(matrix, left: list[int], right: list[int]):
    """The dot product of rows left[i] and right[i] of a sparse matrix (their cosine: rows are l2-normalised),
    for every pair in one operation: no N×N matrix, no product per source."""
    import numpy as np

    if not left:
        return np.zeros(0)
    # Most candidates are candidates of each other: a pair and its reverse are one product, done once.
    n = matrix.shape[0]
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    pairs, back = np.unique(lo.astype(np.int64) * n + hi, return_inverse=True)
    first, second = np.divmod(pairs, n)
    return matrix[first].multiply(matrix[second]).sum(axis=1).A1[back.ravel()]


def _timeline(entries: dict, config: Config) -> tuple[TimelineEvent, ...]:
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


def _brief(members: list[SourceEntry], entries: dict, config: Config, limit: int) -> tuple[tuple[str, str], ...]:
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
    pool.sort(key=lambda m: (-_weight(m), m.slug))
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


def _weight(m: SourceEntry) -> float:
    return sum(t.score for t in m.analysis.topics) + len(m.entities) * 0.1


def _topic_entry(topic: Topic, entries: dict, entities: dict, events, config: Config) -> TopicEntry:
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
        brief=_brief(members, entries, config, limit=5),
        actors=tuple(k for k, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:8]),
        events=tuple(ev for ev in events if topic.slug in ev.topics),
    )

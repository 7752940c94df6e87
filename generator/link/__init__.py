"""Link: the corpus-wide pass. Slugs, duplicates, translations, related sources, topic and entity indexes,
timeline, quotes by speaker, topic briefs.

Every pairing comes from an index (MinHash LSH, inverted indexes with capped posting lists), never from a
dense N×N comparison, so the stage stays near-linear in the number of sources.
"""
from __future__ import annotations

from dataclasses import replace

from generator import features, outlets, topic_inference
from generator.config import Config
from generator.link.entities import entity_events, entity_index
from generator.link.overview import brief, topic_entry
from generator.link.related import rank_related
from generator.link.timeline import timeline_events
from generator.link.translations import pair_translations
from generator.link.versions import mark_duplicates, shared_topics
from generator.models import Analysis, Briefing, SourceEntry
from generator.slugs import free, reserved, slugify, taken_by


def prepare(config: Config) -> None:
    """Load the sparse matrices link() computes with and choose the LSH bands for the duplicate threshold: work
    that needs no analysis, which the pipeline does while the sources are analysed."""
    features.sparse()
    features.lsh_bands(config.duplicate_threshold)


def link(analyses: list[Analysis], config: Config, failures=(), hand_written=(), verdicts=None) -> Briefing:
    """The corpus-wide pass over the analyses. `hand_written`: the content/-relative paths of the pages written
    by hand, whose addresses no generated page may take; `verdicts`: the last run's verdicts on pairs of sources
    (incremental/verdicts.py), which give the same briefing faster."""
    analyses = topic_inference.with_inferred(sorted(analyses, key=lambda a: a.source.path), config)
    slugs = assign_slugs(analyses, taken_by(hand_written, "sources"))
    analyses = entity_keys(analyses, config, taken_by(hand_written, "entities"))
    entries = {slug: SourceEntry(slug, a, a.date, topics=tuple(t.slug for t in a.topics))
               for slug, a in zip(slugs, analyses)}
    entries = mark_duplicates(entries, config, verdicts)
    entries = shared_topics(entries, {t.slug: k for k, t in enumerate(config.topics)})
    entities, picked = entity_index(entries, config)
    entries = {s: replace(e, entities=tuple(k for k in picked[s] if k in entities)) for s, e in entries.items()}
    entries = pair_translations(entries, config)
    related = rank_related(entries, config, {k: e.name for k, e in entities.items()})
    events = timeline_events(entries, config)
    entities = entity_events(entities, entries, events, config)
    topics = tuple(topic_entry(t, entries, entities, events, config) for t in config.topics)
    overview = brief([e for e in entries.values() if e.duplicate_of is None], entries, config, limit=6)
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

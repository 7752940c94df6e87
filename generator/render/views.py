"""The narrow views a page is rendered from (what it shows of the rest of the briefing) and the digests of a
page's inputs: a page whose digest is the last run's is the last run's page."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

import orjson

from generator import __version__, charts, outlets
from generator.models import Briefing, SourceEntry
from generator.models import Analysis, Provenance, PubDate, Quote


@dataclass(frozen=True)
class ListedAnalysis:
    title: str
    language: str
    standfirst: str
    summary: tuple[str, ...]
    quotes: tuple[Quote, ...]
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Listed:
    """A source as the listing pages, the home page and the feed show it: no article text, no related sources."""
    slug: str
    date: PubDate
    duplicate_of: str | None
    versions: tuple[str, ...]
    topics: tuple[str, ...]
    entities: tuple[str, ...]
    analysis: ListedAnalysis

    @property
    def publisher(self) -> str:
        """The outlet as the source names it, as on a SourceRef."""
        return self.analysis.provenance.publisher


def listing_view(b: Briefing) -> Briefing:
    """The briefing with each source reduced to what the listing pages read (a template reaching for more fails,
    as with View): those pages are a function of this view, the configuration and the generator alone."""
    def listed(s: SourceEntry) -> Listed:
        a = s.analysis
        return Listed(s.slug, s.date, s.duplicate_of, s.versions, s.topics, s.entities,
                      ListedAnalysis(a.title, a.language, a.standfirst, a.summary, a.quotes, a.provenance))

    return dataclasses.replace(b, sources={slug: listed(s) for slug, s in b.sources.items()})


@dataclass(frozen=True)
class ListingContext:
    """The listing pages' context (what their templates are given, the listing view of the briefing among it)
    and the digest of their inputs."""
    ctx: dict
    digest: str


def prepare_listing(b: Briefing, extra_pages: tuple[str, ...], common: str) -> ListingContext:
    """What the listing pages need: their context and its digest (`common`: pages.common_inputs)."""
    listed = listing_view(b)
    ctx = listing_context(listed)
    ctx["extra_pages"] = extra_pages
    return ListingContext(ctx, listing_digest(common, listed, extra_pages))


def listing_digest(common: str, listed: Briefing, extra_pages: tuple[str, ...]) -> str:
    """sha256 of what the listing pages read: their view of the briefing, the extra pages and the common inputs
    (which hold the configuration)."""
    data = [listed.sources, listed.topics, listed.entities, listed.events, listed.overview, listed.failures,
            extra_pages]
    return hashlib.sha256(common.encode() + serialised(data)).hexdigest()


@dataclass(frozen=True)
class RefAnalysis:
    title: str
    language: str
    standfirst: str


@dataclass(frozen=True)
class SourceRef:
    """What a page shows of another source: a link to it, its date, language and standfirst, and who published
    it (the outlet, see outlet())."""
    slug: str
    date: PubDate
    analysis: RefAnalysis
    outlet: str = ""
    publisher: str = ""  # the outlet as the source names it, "" when it does not (outlet: its file name then)


def outlet(analysis: Analysis) -> str:
    """Who published a source, as it says (see analyze/provenance.publisher), else its file name. Source text:
    printed escaped, like any."""
    return analysis.provenance.publisher or Path(analysis.source.path).name


@dataclass(frozen=True)
class EntityRef:
    name: str
    kind: str


@dataclass(frozen=True)
class View:
    """The part of the briefing a source, topic or entity page reads besides its own entry, given to its template
    as `b`. The page is rendered from its entry and this alone (a template reaching for anything else fails), so
    a digest of the two names everything the page depends on: when it is the last run's, the page is too."""
    sources: dict  # slug -> SourceRef
    entities: dict  # key -> EntityRef


def inputs(b: Briefing, kind: str, key, refs: dict | None = None) -> tuple[object, View]:
    """The entry a page is about, and its view of the rest of the briefing (`refs`: source_refs(b), when made
    in advance)."""
    if kind == "source":
        item = b.sources[key]
        slugs = {*item.translations, *item.versions, *(r.slug for r in item.related)}
        if item.duplicate_of:
            slugs.add(item.duplicate_of)
        keys = set(item.entities)
    elif kind == "topic":
        item = b.topics[key]
        slugs = {*item.sources, *(slug for _s, slug in item.brief), *(s for ev in item.events for s in ev.sources)}
        keys = set(item.actors)
    else:
        item = b.entities[key]
        slugs = {*item.sources, *(slug for _q, slug in item.quotes), *(s for ev in item.events for s in ev.sources)}
        keys = {k for k, _n in item.cooccurs}
    refs = refs if refs is not None else {slug: source_ref(b.sources[slug]) for slug in slugs}
    return item, View({slug: refs[slug] for slug in sorted(slugs)},
                      {k: EntityRef(b.entities[k].name, b.entities[k].kind) for k in sorted(keys)})


def source_refs(b: Briefing) -> dict:
    """Slug -> SourceRef of every source, made once for all the pages that list them (a widely named entity's
    page lists most)."""
    return {slug: source_ref(s) for slug, s in b.sources.items()}


def source_ref(s: SourceEntry) -> SourceRef:
    a = s.analysis
    return SourceRef(s.slug, s.date, RefAnalysis(a.title, a.language, a.standfirst), outlet(a),
                     a.provenance.publisher)


def page_digest(common: str, kind: str, item, view: View) -> str:
    """sha256 of a page's inputs. A source's analysis counts as its path and the digest of its bytes: it is a
    pure function of those, the configuration and the generator, all three in the common
    inputs."""
    return hashlib.sha256(common.encode() + serialised([kind, without_analysis(item), view])).hexdigest()


def without_analysis(item):
    """A page's item with the analysis it holds (a source entry's) as [its path, the digest of its bytes]."""
    if not dataclasses.is_dataclass(item):
        return item
    names = _FIELDS.get(type(item))
    if names is None:
        names = _FIELDS[type(item)] = tuple(f.name for f in dataclasses.fields(item))
    out = {}
    for name in names:
        value = getattr(item, name)
        out[name] = [value.source.path, value.source.digest] if isinstance(value, Analysis) else value
    return out


_FIELDS: dict[type, tuple[str, ...]] = {}


def serialised(value) -> bytes:
    """Plain data as JSON, by orjson: dataclasses as objects of their fields in order, sets sorted. A digest of
    it is a function of the values alone (not of which are one object, nor of the hash seed), and it is several
    times as quick as the json module with a callback per dataclass."""
    return orjson.dumps(value, default=_sorted_set, option=orjson.OPT_NON_STR_KEYS)


def _sorted_set(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"page input of type {type(value).__name__} has no serialised form")


def page_context(b: Briefing) -> dict:
    """What every page's template is given besides its own data."""
    return {"topic_names": {t.topic.slug: t.topic.name for t in b.topics}}


def listing_context(b: Briefing) -> dict:
    """What the listing pages' templates are given (b is the listing view)."""
    dated = [s.date.value for s in b.sources.values() if s.date.value]
    canonical = [s for s in b.by_date() if s.duplicate_of is None]
    named, unnamed = other_quotes(b, canonical)
    return {
        **page_context(b),
        "b": b, "config": b.config, "version": __version__,
        "canonical": canonical,
        "named_quotes": named, "unnamed_quotes": unnamed,
        "languages": sorted({s.analysis.language for s in b.sources.values()}),
        "span": (min(dated, key=lambda d: d.sort_key()), max(dated, key=lambda d: d.sort_key())) if dated else None,
        "charts": charts.chart_data(b),
        "outlets": {outlets.page_path(o.name, b.taken_outlets): o for o in briefing_outlets(b)},
    }


def other_quotes(b: Briefing, canonical: list[SourceEntry]) -> tuple[list, list]:
    """The quotations that no entity page's group holds: (speaker, quote, slug) for those whose speaker has no
    page (a person named once, an official by title), by speaker, then newest source first; and (quote, slug)
    for those with no speaker, newest source first."""
    from generator.text import fold

    grouped = {(slug, q) for e in b.entities.values() for q, slug in e.quotes}
    named, unnamed = [], []
    for order, s in enumerate(canonical):
        for q in s.analysis.quotes:
            if (s.slug, q) in grouped:
                continue
            if q.speaker:
                named.append((fold(q.speaker), order, q.speaker, q, s.slug))
            else:
                unnamed.append((q, s.slug))
    return [(speaker, q, slug) for _key, _order, speaker, q, slug in sorted(named, key=lambda n: n[:2])], unnamed


def briefing_outlets(b: Briefing) -> tuple[outlets.Outlet, ...]:
    """The outlets of the briefing's sources, each with its sources newest first."""
    return outlets.group(((s.slug, s.analysis.provenance.publisher) for s in b.by_date()), b.taken_outlets)

"""Plain data passed between the stages.

ingest -> RawSource -> analyze -> Analysis -> link -> Briefing -> render.
Everything here is immutable so a stage can never change what an earlier one produced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Block kinds produced by cleaning; only BODY and HEADING are part of the article.
TITLE = "title"
BODY = "body"
HEADING = "heading"
BYLINE = "byline"
DATELINE = "dateline"
FURNITURE = "furniture"
COMMENT = "comment"

# An HTML page's declared `date_basis` when only its text backs the date htmldate read (no meta tag, JSON-LD or
# <time> gives it): the page's own date line under its headline may then date it instead.
DATE_IN_PAGE_TEXT = "page text"

# Date precision, coarse to fine.
YEAR, MONTH, DAY = "year", "month", "day"
PRECISION_RANK = {YEAR: 0, MONTH: 1, DAY: 2}

# What a topic or entity slug looks like, in the configuration and in every page address made from one.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_KINDS = ("person", "organisation", "place", "other")


@dataclass(frozen=True)
class RawSource:
    """A source file read and decoded, before any analysis."""

    path: str  # relative to the sources folder, POSIX separators
    text: str  # decoded, NFC, "\n" line endings
    fmt: str  # "txt" | "md" | "html"
    digest: str  # sha256 of the file's bytes
    # Front matter / HTML metadata: title, date, language, author, url, publisher, site_name, source.
    declared: dict = field(default_factory=dict)
    comments: tuple[str, ...] = ()  # reader comments an extractor already separated (HTML)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Block:
    text: str
    kind: str
    language: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A calendar date known to some precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class PubDate:
    value: DateValue | None
    basis: str  # declared | dateline | text | inferred | address | unknown (each page dated by its own text: a translation may appear days later)

    def iso(self) -> str | None:
        return self.value.iso() if self.value else None

    def sort_key(self) -> tuple[int, int, int]:
        return self.value.sort_key() if self.value else (0, 0, 0)

    @property
    def precision(self) -> str | None:
        return self.value.precision if self.value else None


@dataclass(frozen=True)
class Provenance:
    """Where a source comes from, as it states it (front matter, the page's metadata, a byline): the pages link
    the original and name who wrote and published it. Empty strings where the source says nothing."""

    url: str = ""  # the original's address, http or https only (see analyze/provenance.py)
    author: str = ""
    publisher: str = ""  # the outlet as the source names it, else the domain of url
    author_from: str = ""  # metadata | front-matter | byline
    # Where the publication date was read: the PubDate's basis, with "declared" told apart as front-matter or
    # metadata (an HTML page's).
    date_from: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    language: str | None


@dataclass(frozen=True)
class Event:
    date: DateValue
    sentence: str
    relative: bool = False  # resolved from "yesterday", "last Friday", a month without year...
    topics: tuple[str, ...] = ()  # slugs of the configured topics the sentence names, in configuration order


@dataclass(frozen=True)
class Mention:
    """An entity found in a source."""

    key: str  # entity slug
    name: str  # canonical display name
    kind: str  # person | organisation | place | other
    count: int
    surface: str  # first surface form seen in the text
    discovered: bool = False  # found by a rule, not from the configured watchlist


@dataclass(frozen=True)
class TopicMatch:
    slug: str
    score: float
    evidence: str  # the sentence that put the source in the topic
    kind: str = "named"  # named: the source names the topic; inferred: it describes it without naming it
    terms: tuple[str, ...] = ()  # the names and describing terms that carried it, as configured


@dataclass(frozen=True)
class TopicSignal:
    """What a source in the briefing's scope says of a topic it names or describes, matched or not: the link
    stage infers topics from it (generator/topic_inference.py)."""

    slug: str
    named: float  # the score of its names
    terms: tuple[str, ...]  # the describing terms found, best placed first
    coverage: float  # weighted share of the article's sentences that name or describe the topic
    sentence: str  # the sentence that says most of the topic


@dataclass(frozen=True)
class Features:
    """What the link stage compares between sources, computed with the analysis (features.py)."""

    body_chars: int  # length of the body text
    minhash: tuple[int, ...]  # MinHash of the body's word shingles; empty when the body has no word
    names: frozenset[str]  # proper nouns (folded) and numbers ("#2015"): what a translation keeps
    terms: dict[str, int]  # the body's words, as the TF-IDF of related sources counts them: word -> count
    # Each event's words (analysis.events, in order), space-separated: the timeline compares events by them.
    event_words: tuple[str, ...]
    slug: str  # the title's slug, which link gives the source unless another source has it (slugs.slugify)
    # What tells another version of the same report (features.same_report): the body's content words in order,
    # those inside quotation marks left out (several reports quote one statement), and each quotation's words.
    # Words are space-separated, one string each: a string travels to the workers and the cache faster than its
    # words.
    sequence: str = ""
    quotations: tuple[str, ...] = ()
    # The names and numbers in order, names cut to their first features.FACT_LETTERS letters (Algeria, Algérie:
    # "alge"), space-separated: what a translation keeps, in the order it keeps it (features.same_facts).
    facts: str = ""


@dataclass(frozen=True)
class Analysis:
    """Everything the generator understood of one source."""

    source: RawSource
    title: str
    title_generated: bool
    language: str
    date: PubDate
    blocks: tuple[Block, ...]
    summary: tuple[str, ...]
    standfirst: str
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    keyphrases: tuple[str, ...]
    topics: tuple[TopicMatch, ...]
    mentions: tuple[Mention, ...]
    paragraph_languages: tuple[str, ...] = ()
    # What the detector said of each body paragraph (None: too short to tell), in order: when the source is
    # edited, its unchanged paragraphs keep their answer instead of loading the detector's models again.
    detected: tuple[str | None, ...] = ()
    features: Features | None = field(default=None, repr=False)  # what linking compares; see features.py
    # Per topic the source names or describes at all (none when it is outside the briefing's scope).
    topic_signals: tuple[TopicSignal, ...] = ()
    provenance: Provenance = Provenance()
    # What of the source had to be set aside while the source itself is used (a declared date refused), one line
    # each: the run reports them as warnings naming the file.
    warnings: tuple[str, ...] = ()

    @property
    def body(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind in (BODY, HEADING))

    @property
    def comments(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == COMMENT)


@dataclass(frozen=True)
class SourceFailure:
    path: str
    reason: str


# Why a source is related, as briefing.json gives it; pages say it in the interface's language.
SHARES = "shares: "
SIMILAR_WORDING = "similar wording"


# `Config` and `Topic` below are generator.config's records, named in annotations only: the configuration's schema
# reads models (slug rules, entity kinds), so models does not import it back.


@dataclass(frozen=True)
class Related:
    slug: str
    score: float
    reason: str


@dataclass(frozen=True)
class SourceEntry:
    slug: str
    analysis: Analysis
    date: PubDate
    duplicate_of: str | None = None
    versions: tuple[str, ...] = ()  # other versions of the same story (on the canonical source)
    translations: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEvent:
    date: DateValue
    sentence: str
    sources: tuple[str, ...]
    topics: tuple[str, ...]
    relative: bool = False


@dataclass(frozen=True)
class EntityEntry:
    key: str
    name: str
    kind: str
    description: str
    discovered: bool
    sources: tuple[str, ...]
    mentions: int
    quotes: tuple[tuple[Quote, str], ...] = ()  # (quote, source slug)
    cooccurs: tuple[tuple[str, int], ...] = ()  # (entity key, shared sources)
    events: tuple["TimelineEvent", ...] = ()  # dated events whose sentence names the entity


@dataclass(frozen=True)
class TopicEntry:
    topic: Topic
    sources: tuple[str, ...]  # canonical sources, newest first
    evidence: dict = field(default_factory=dict)  # slug -> sentence
    # slug -> (kind, terms): "named" or "inferred" (described without being named), and the names or terms that
    # carried it (see TopicMatch)
    how: dict = field(default_factory=dict)
    brief: tuple[tuple[str, str], ...] = ()  # (sentence, source slug)
    actors: tuple[str, ...] = ()  # entity keys
    events: tuple[TimelineEvent, ...] = ()


@dataclass(frozen=True)
class Briefing:
    config: Config
    sources: dict  # slug -> SourceEntry, sorted by slug
    topics: tuple[TopicEntry, ...]
    entities: dict  # key -> EntityEntry
    events: tuple[TimelineEvent, ...]
    overview: tuple[tuple[str, str], ...]
    failures: tuple[SourceFailure, ...] = ()
    taken_outlets: frozenset = frozenset()  # outlet slugs that hand-written pages in outlets/ take

    def canonical(self) -> list[SourceEntry]:
        return [s for s in self.sources.values() if s.duplicate_of is None]

    def by_date(self, slugs=None) -> list[SourceEntry]:
        items = [self.sources[s] for s in slugs] if slugs is not None else list(self.sources.values())
        return sorted(items, key=lambda s: (s.date.sort_key(), s.slug), reverse=True)

"""The data behind each chart, as plain data (no matplotlib): the templates print it as each chart's text
alternative, and the drawings are made from it, so the picture and its table always say the same thing."""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

import orjson
from markupsafe import Markup

from generator import interface
from generator.models import Briefing
from generator.models import DateValue

CHART_DIR = "assets/charts"
TIMELINE = f"{CHART_DIR}/timeline.svg"
TIMELINE_COMPACT = f"{CHART_DIR}/timeline-compact.svg"  # the home page's: narrow enough for a phone
TOPICS_OVER_TIME = f"{CHART_DIR}/topics-over-time.svg"
NETWORK = f"{CHART_DIR}/entity-network.svg"
FILES = {"timeline": TIMELINE, "timeline_compact": TIMELINE_COMPACT, "topics_over_time": TOPICS_OVER_TIME,
         "network": NETWORK}

OTHER = "Other"
NETWORK_SIZE = 14  # the main actors: people and organisations found in most sources
NETWORK_MIN = 6  # below this many found in two stories or more, actors found once are shown too


@dataclass(frozen=True)
class TopicSpan:
    slug: str
    name: str
    events: int
    first: DateValue
    last: DateValue


@dataclass(frozen=True)
class MonthCount:
    label: str  # "September 2022", or "2023 (month unknown)", in the interface's language
    counts: tuple[tuple[str, int], ...]  # (topic name, stories)
    total: int


@dataclass(frozen=True)
class Pair:
    a: str  # entity keys
    b: str
    shared: int


@dataclass(frozen=True)
class TopicRow:
    """A row of the topics chart: its stories by month, and by year for those dated only to the year."""
    key: str  # topic slug, or OTHER
    label: str
    months: Counter  # (year, month) -> stories
    years: Counter  # year -> stories


def words(b: Briefing) -> interface.Interface:
    """The interface's strings, in the briefing's language: chart labels, legends and month names."""
    return interface.load(b.config.language)


def say(b: Briefing, key: str, **values) -> str:
    return words(b).text(f"charts.{key}", **values)


def timeline_rows(b: Briefing) -> list[tuple[str, str, list]]:
    """(key, label, events) per topic that has dated events, in taxonomy order; events without topic last."""
    rows = []
    for t in b.topics:
        evs = [ev for ev in b.events if t.topic.slug in ev.topics]
        if evs:
            rows.append((t.topic.slug, t.topic.name, evs))
    loose = [ev for ev in b.events if not ev.topics]
    if loose:
        rows.append((OTHER, say(b, "other_events"), loose))
    return rows


def timeline_spans(b: Briefing) -> list[TopicSpan]:
    out = []
    for key, label, evs in timeline_rows(b):
        dates = sorted((ev.date for ev in evs), key=lambda d: d.sort_key())
        out.append(TopicSpan(key, label, len(evs), dates[0], dates[-1]))
    return out


def stories(b: Briefing):
    return [s for s in b.canonical() if s.date.value is not None]


def topic_months(b: Briefing) -> list[MonthCount]:
    """Stories per topic per month, oldest first; stories dated only to the year get a row of their own."""
    names = {t.topic.slug: t.topic.name for t in b.topics}
    order = {t.topic.slug: i for i, t in enumerate(b.topics)}
    buckets: dict[tuple[int, int], Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for s in stories(b):
        d = s.date.value
        key = (d.year, d.month or 13)  # 13 sorts a year's unknown month after its December
        totals[key] += 1
        for slug in s.topics:
            buckets[key][slug] += 1
    out = []
    for key in sorted(totals):
        year, month = key
        label = words(b).month(year, month if month <= 12 else None)
        counts = tuple((names[s], n) for s, n in sorted(buckets[key].items(), key=lambda kv: order.get(kv[0], 99)))
        out.append(MonthCount(label, counts, totals[key]))
    return out


def topic_rows(b: Briefing) -> list[TopicRow]:
    """The topics chart's rows: one per topic with dated stories, in taxonomy order; stories without topic last."""
    dated = stories(b)
    rows = []
    for t in b.topics:
        mine = [s for s in dated if t.topic.slug in s.topics]
        if mine:
            rows.append((t.topic.slug, t.topic.name, mine))
    loose = [s for s in dated if not s.topics]
    if loose:
        rows.append((OTHER, say(b, "no_topic"), loose))
    return [TopicRow(key, label, Counter((s.date.value.year, s.date.value.month) for s in mine if s.date.value.month),
                     Counter(s.date.value.year for s in mine if not s.date.value.month))
            for key, label, mine in rows]


def actors(b: Briefing) -> list[str]:
    """Keys of the main actors: the people and organisations found in the most stories."""
    cands = [e for e in b.entities.values() if e.kind in ("person", "organisation")]
    cands.sort(key=lambda e: (-len(e.sources), -e.mentions, e.key))
    recurring = [e for e in cands if len(e.sources) > 1]
    chosen = recurring if len(recurring) >= NETWORK_MIN else cands
    return [e.key for e in chosen[:NETWORK_SIZE]]


def pairs(b: Briefing, keys: list[str]) -> list[Pair]:
    """How many stories each two main actors share, strongest first."""
    wanted = set(keys)
    shared: Counter = Counter()
    for s in b.canonical():
        present = sorted(k for k in s.entities if k in wanted)
        for i, x in enumerate(present):
            for y in present[i + 1:]:
                shared[(x, y)] += 1
    return [Pair(x, y, n) for (x, y), n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))]


def chart_data(b: Briefing) -> dict:
    """What the templates need to describe the charts in words and tables."""
    keys = actors(b)
    dated = [ev.date for ev in b.events]
    return {
        # The generator's own paths, printed as they are (like the hrefs of its links): from the content root
        # (`src`) and from a page one folder down (`src_up`).
        "src": {k: Markup(v) for k, v in FILES.items()},
        "src_up": {k: Markup("../" + v) for k, v in FILES.items()},
        "spans": timeline_spans(b),
        "event_count": len(b.events),
        "event_range": (min(dated, key=lambda d: d.sort_key()), max(dated, key=lambda d: d.sort_key()))
        if dated else None,
        "months": topic_months(b),
        "undated_stories": sum(1 for s in b.canonical() if s.date.value is None),
        "actors": keys,
        "pairs": pairs(b, keys),
    }


def chart_key(b: Briefing) -> str:
    """A hash of everything the drawings read: topics, events, entities, and the date, topics and entities of
    each story (its text does not matter), and the words written on the charts. With the same generator, the
    same key means the same pictures."""
    data = {
        "topics": [[t.topic.slug, t.topic.name, list(t.sources)] for t in b.topics],
        "events": [[repr(ev.date), ev.sentence, list(ev.sources), list(ev.topics), ev.relative] for ev in b.events],
        "entities": [[e.key, e.name, e.kind, list(e.sources), e.mentions] for e in b.entities.values()],
        "stories": [[s.slug, repr(s.date), s.duplicate_of, list(s.topics), list(s.entities)]
                    for s in b.sources.values()],
    }
    h = hashlib.sha256(f"interface {words(b).digest}\n".encode())
    h.update(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()

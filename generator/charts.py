"""Charts: static SVG drawn at generate time with matplotlib, plus the data behind each one.

`chart_data(b)` is plain data (no matplotlib): the templates print it as each chart's text alternative, so the
picture and its table always say the same thing. `render_charts(b)` draws the pictures; it imports matplotlib
lazily so the command line starts fast.

Output is byte-deterministic: a fixed `svg.hashsalt`, no Date metadata, text kept as text (`svg.fonttype:
none`), DejaVu Sans (shipped with matplotlib), and a layout seeded with a constant. Labels can come from source
text, so mathtext parsing is off: a `$` in a name is just a dollar sign.
"""
from __future__ import annotations

import io
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from generator import interface
from generator.models import Briefing, DateValue

CHART_DIR = "assets/charts"
TIMELINE = f"{CHART_DIR}/timeline.svg"
TIMELINE_COMPACT = f"{CHART_DIR}/timeline-compact.svg"  # the home page's: narrow enough for a phone
TOPICS_OVER_TIME = f"{CHART_DIR}/topics-over-time.svg"
NETWORK = f"{CHART_DIR}/entity-network.svg"
FILES = {"timeline": TIMELINE, "timeline_compact": TIMELINE_COMPACT, "topics_over_time": TOPICS_OVER_TIME,
         "network": NETWORK}

# Colour-blind-safe (Okabe–Ito first), then darker tones; one colour per topic, in taxonomy order, everywhere.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#6A3D9A", "#B15928",
           "#1B9E77", "#7570B3", "#666666"]
OTHER = "Other"
INK, MUTED, GRID = "#1f2330", "#5b6170", "#d9dce3"
KIND_COLOURS = {"person": "#0072B2", "organisation": "#D55E00", "place": "#009E73", "other": "#666666"}
NETWORK_SIZE = 14  # the main actors: people and organisations found in most sources
NETWORK_MIN = 6  # below this many found in two stories or more, actors found once are shown too
SEED = 20240125
MAX_COUNT_LABELS = 80  # month circles in the topics chart beyond which their counts are not written on them
RC = {
    "svg.hashsalt": "briefing",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "text.parse_math": False,
    "text.usetex": False,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}


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


def _words(b: Briefing) -> interface.Interface:
    """The interface's strings, in the briefing's language: chart labels, legends and month names."""
    return interface.load(b.config.language)


def _say(b: Briefing, key: str, **values) -> str:
    return _words(b).text(f"charts.{key}", **values)


def colours(b: Briefing) -> dict[str, str]:
    out = {t.topic.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(b.topics)}
    out[OTHER] = "#888888"
    return out


# --- data -----------------------------------------------------------------------------------------------------

def timeline_rows(b: Briefing) -> list[tuple[str, str, list]]:
    """(key, label, events) per topic that has dated events, in taxonomy order; events without topic last."""
    rows = []
    for t in b.topics:
        evs = [ev for ev in b.events if t.topic.slug in ev.topics]
        if evs:
            rows.append((t.topic.slug, t.topic.name, evs))
    loose = [ev for ev in b.events if not ev.topics]
    if loose:
        rows.append((OTHER, _say(b, "other_events"), loose))
    return rows


def timeline_spans(b: Briefing) -> list[TopicSpan]:
    out = []
    for key, label, evs in timeline_rows(b):
        dates = sorted((ev.date for ev in evs), key=lambda d: d.sort_key())
        out.append(TopicSpan(key, label, len(evs), dates[0], dates[-1]))
    return out


def _stories(b: Briefing):
    return [s for s in b.canonical() if s.date.value is not None]


def topic_months(b: Briefing) -> list[MonthCount]:
    """Stories per topic per month, oldest first; stories dated only to the year get a row of their own."""
    names = {t.topic.slug: t.topic.name for t in b.topics}
    order = {t.topic.slug: i for i, t in enumerate(b.topics)}
    buckets: dict[tuple[int, int], Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for s in _stories(b):
        d = s.date.value
        key = (d.year, d.month or 13)  # 13 sorts a year's unknown month after its December
        totals[key] += 1
        for slug in s.topics:
            buckets[key][slug] += 1
    out = []
    for key in sorted(totals):
        year, month = key
        label = _words(b).month(year, month if month <= 12 else None)
        counts = tuple((names[s], n) for s, n in sorted(buckets[key].items(), key=lambda kv: order.get(kv[0], 99)))
        out.append(MonthCount(label, counts, totals[key]))
    return out


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


# --- drawing --------------------------------------------------------------------------------------------------

def _interval(d: DateValue) -> tuple[float, float]:
    """A date as a span of decimal years: a day is a point, a month or a year covers its whole length."""
    if d.day:
        x = d.year + (d.month - 1) / 12 + (d.day - 1) / 365
        return x, x
    if d.month:
        return d.year + (d.month - 1) / 12, d.year + d.month / 12
    return float(d.year), float(d.year + 1)


def _wrap(text: str, width: int = 26) -> str:
    """At most two lines; a longer label ends with an ellipsis (the full name is in the table beside)."""
    lines = textwrap.wrap(text, width) or [text]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width - 1, placeholder="") + "…"]
    return "\n".join(lines)


def _svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.12)
    return buf.getvalue()


def _empty(ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=11, transform=ax.transAxes)


def _year_axis(ax, lo: float, hi: float, nbins: int = 8) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def draw_timeline(b: Briefing, compact: bool = False) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = timeline_rows(b)
    colour = colours(b)
    width, row, wrap = (4.6, 0.58, 18) if compact else (8.0, 0.42, 26)
    fig = Figure(figsize=(width, max(1.6, row * len(rows) + 1.0)))
    ax = fig.add_subplot()
    if not rows:
        _empty(ax, _say(b, "no_event"))
        return _svg(fig)
    spans = [_interval(ev.date) for _k, _l, evs in rows for ev in evs]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = max(0.4, (hi - lo) * 0.03)
    for i, (key, _label, evs) in enumerate(rows):
        y = len(rows) - 1 - i
        ax.axhline(y, color=GRID, linewidth=0.6, zorder=0)
        # One artist per kind of mark and row, each distinct date drawn once: the chart's size and drawing
        # time follow the number of distinct dates, not the number of events.
        bars = {0.35: set(), 0.8: set()}
        points = set()
        for ev in evs:
            start, end = _interval(ev.date)
            if end > start:  # a month or a year: a bar over the period it may be in
                bars[0.35 if ev.date.month is None else 0.8].add((start, end - start))
            else:
                points.add(start)
        for alpha, spans_ in bars.items():
            if spans_:
                ax.broken_barh(sorted(spans_), (y - 0.22, 0.44), color=colour[key], alpha=alpha, linewidth=0)
        if points:
            xs = sorted(points)
            ax.plot(xs, [y] * len(xs), marker="o", markersize=8 if compact else 6.5, color=colour[key],
                    markeredgecolor="white", markeredgewidth=0.8, linestyle="none", zorder=3)
    ax.set_yticks(range(len(rows)), [_wrap(label, wrap) for _k, label, _e in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    _year_axis(ax, lo - pad, hi + pad, nbins=5 if compact else 8)
    legend = [Line2D([], [], marker="o", color=INK, linestyle="none", markersize=6, label=_say(b, "exact_day")),
              Patch(color=INK, alpha=0.8, label=_say(b, "month_known")),
              Patch(color=INK, alpha=0.35, label=_say(b, "year_only") if compact else _say(b, "year_only_long"))]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.12 if not compact else -0.16), ncol=3,
              frameon=False, fontsize=10 if compact else 9)
    return _svg(fig)


def draw_topics_over_time(b: Briefing) -> bytes:
    """One row per topic; a circle per month sized by the number of stories, a band for a year-only date."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colour = colours(b)
    stories = _stories(b)
    rows = []
    for t in b.topics:
        mine = [s for s in stories if t.topic.slug in s.topics]
        if mine:
            rows.append((t.topic.slug, t.topic.name, mine))
    loose = [s for s in stories if not s.topics]
    if loose:
        rows.append((OTHER, _say(b, "no_topic"), loose))
    fig = Figure(figsize=(8.0, max(1.6, 0.42 * len(rows) + 1.0)))
    ax = fig.add_subplot()
    if not rows:
        _empty(ax, _say(b, "no_story"))
        return _svg(fig)
    peak = 1
    marks = []
    for i, (key, _label, mine) in enumerate(rows):
        y = len(rows) - 1 - i
        months = Counter((s.date.value.year, s.date.value.month) for s in mine if s.date.value.month)
        years = Counter(s.date.value.year for s in mine if not s.date.value.month)
        peak = max([peak, *months.values()])
        marks.append((y, key, months, years))
    # Counts over the circles only while they fit: past that they overlap into a smudge (and cost most of the
    # drawing time); the circle sizes and the legend's peak still tell the counts.
    labelled = sum(len(months) for _y, _k, months, _ys in marks) <= MAX_COUNT_LABELS
    lo, hi = 10_000.0, 0.0
    for y, key, months, years in marks:
        ax.axhline(y, color=GRID, linewidth=0.6, zorder=0)
        for year, n in sorted(years.items()):
            ax.broken_barh([(year, 1)], (y - 0.22, 0.44), color=colour[key], alpha=0.3, linewidth=0)
            if n > 1:
                ax.text(year + 0.5, y, str(n), ha="center", va="center", fontsize=7.5, color=INK)
            lo, hi = min(lo, year), max(hi, year + 1)
        if months:
            cells = sorted(months.items())
            ax.scatter([yr + (mo - 0.5) / 12 for (yr, mo), _n in cells], [y] * len(cells),
                       s=[30 + 170 * n / peak for _c, n in cells], color=colour[key], edgecolors="white",
                       linewidths=0.8, zorder=3)
        for (year, month), n in sorted(months.items()):
            x = year + (month - 0.5) / 12
            if n > 1 and labelled:
                ax.annotate(str(n), (x, y), xytext=(0, 7 + 5 * n / peak), textcoords="offset points", ha="center",
                            fontsize=7.5, color=INK)
            lo, hi = min(lo, year + (month - 1) / 12), max(hi, year + month / 12)
    ax.set_yticks(range(len(rows)), [_wrap(label) for _k, label, _s in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    pad = max(0.3, (hi - lo) * 0.04)
    _year_axis(ax, lo - pad, hi + pad)
    legend = [Line2D([], [], marker="o", color=INK, linestyle="none", markersize=5,
                     label=_say(b, "stories_in_month", peak=peak)),
              Patch(color=INK, alpha=0.3, label=_say(b, "year_band"))]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=9)
    return _svg(fig)


def draw_network(b: Briefing) -> bytes:
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    keys = actors(b)
    links = pairs(b, keys)
    fig = Figure(figsize=(8.0, 4.8))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if len(keys) < 2:
        _empty(ax, _say(b, "no_network"))
        return _svg(fig)
    g = nx.Graph()
    g.add_nodes_from(keys)
    g.add_weighted_edges_from((p.a, p.b, p.shared) for p in links)
    pos = nx.spring_layout(g, seed=SEED, k=1.0 / len(keys) ** 0.5, iterations=300, weight=None,
                           method="energy", gravity=6.0)
    pos = {k: (round(float(x), 4), round(float(y), 4)) for k, (x, y) in pos.items()}
    strongest = max((p.shared for p in links), default=1)
    for p in sorted(links, key=lambda p: (p.shared, p.a, p.b)):
        (x1, y1), (x2, y2) = pos[p.a], pos[p.b]
        ax.plot([x1, x2], [y1, y2], color="#8a93a6", linewidth=0.6 + 2.6 * p.shared / strongest,
                alpha=0.35 + 0.5 * p.shared / strongest, solid_capstyle="round", zorder=1)
    most = max(len(b.entities[k].sources) for k in keys)
    for k in keys:
        e = b.entities[k]
        x, y = pos[k]
        size = 80 + 420 * len(e.sources) / most
        ax.scatter([x], [y], s=size, color=KIND_COLOURS.get(e.kind, "#666666"), edgecolors="white", linewidths=1.2,
                   zorder=2)
        ax.annotate(_wrap(e.name, 22), (x, y), xytext=(0, -(size ** 0.5) / 2 - 3), textcoords="offset points",
                    ha="center", va="top", fontsize=9, color=INK, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.2, max(xs) + 0.2)
    ax.set_ylim(min(ys) - 0.25, max(ys) + 0.15)
    legend = [Line2D([], [], marker="o", color=KIND_COLOURS[k], linestyle="none", markersize=8, label=label)
              for k, label in (("person", _say(b, "person")), ("organisation", _say(b, "organisation")))]
    legend.append(Line2D([], [], color="#8a93a6", linewidth=2.5, label=_say(b, "thicker")))
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False, fontsize=9)
    return _svg(fig)


def _compact(b: Briefing) -> bytes:
    import matplotlib

    with matplotlib.rc_context({"font.size": 12}):
        return draw_timeline(b, compact=True)


def chart_key(b: Briefing) -> str:
    """A hash of everything the drawings read: topics, events, entities, and the date, topics and entities of
    each story (its text does not matter), with the code that draws them. The same key means the same
    pictures, so a run that changed no chart's data reuses the previous run's files."""
    import hashlib

    import orjson

    data = {
        "topics": [[t.topic.slug, t.topic.name, list(t.sources)] for t in b.topics],
        "events": [[repr(ev.date), ev.sentence, list(ev.sources), list(ev.topics), ev.relative] for ev in b.events],
        "entities": [[e.key, e.name, e.kind, list(e.sources), e.mentions] for e in b.entities.values()],
        "stories": [[s.slug, repr(s.date), s.duplicate_of, list(s.topics), list(s.entities)]
                    for s in b.sources.values()],
    }
    h = hashlib.sha256(Path(__file__).read_bytes())  # the drawing code: this module and matplotlib
    h.update(f"interface {_words(b).digest}\n".encode())  # and the words written on the charts
    h.update(f"matplotlib {_matplotlib_version()}\n".encode())
    h.update(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def _matplotlib_version() -> str:
    from generator.versions import library_versions, normal_name

    return library_versions(("matplotlib",)).get(normal_name("matplotlib"), "missing")


def _marked(svg: bytes, marker: bytes) -> bytes:
    """The key as a comment right after the XML declaration (nothing may come before it)."""
    head, sep, rest = svg.partition(b"\n")
    return head + sep + marker + rest if head.startswith(b"<?xml") else marker + svg


def render_charts(b: Briefing, previous: Callable[[str], bytes | None] | None = None) -> dict[str, bytes]:
    """Every chart as {path relative to content/: SVG bytes}. `previous(path)` gives the last run's file, reused
    when it carries this run's chart key (matplotlib is then not even imported)."""
    return reusable(b, previous) or draw(b)


def reusable(b: Briefing, previous: Callable[[str], bytes | None] | None) -> dict[str, bytes] | None:
    """The last run's charts when every one of them was drawn from this run's data, else None."""
    if previous is None:
        return None
    marker = _marker(b)
    old = {path: previous(path) for path in FILES.values()}
    if all(data is not None and marker in data[:300] for data in old.values()):
        return old
    return None


def draw(b: Briefing) -> dict[str, bytes]:
    """Draw every chart (in FILES order), each marked with the key of the data it was drawn from."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    with matplotlib.rc_context(RC):
        drawn = {
            TIMELINE: draw_timeline(b),
            TIMELINE_COMPACT: _compact(b),
            TOPICS_OVER_TIME: draw_topics_over_time(b),
            NETWORK: draw_network(b),
        }
    marker = _marker(b)
    return {path: _marked(drawn[path], marker) for path in FILES.values()}


def _marker(b: Briefing) -> bytes:
    return f"<!-- briefing chart data {chart_key(b)} -->\n".encode()

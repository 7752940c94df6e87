"""The charts drawn with matplotlib, as SVG, from the data of data.py.

Output is byte-deterministic: a fixed `svg.hashsalt`, no Date metadata, text kept as text (`svg.fonttype:
none`), DejaVu Sans (shipped with matplotlib), and a layout seeded with a constant. Labels can come from source
text, so mathtext parsing is off: a `$` in a name is just a dollar sign. matplotlib is imported lazily, so the
command line starts fast.
"""
from __future__ import annotations

import io
import textwrap

from generator.charts.data import (NETWORK, OTHER, TIMELINE, TIMELINE_COMPACT, TOPICS_OVER_TIME, actors, pairs, say,
                                   timeline_rows, topic_rows)
from generator.models import Briefing
from generator.models import DateValue

# Colour-blind-safe (Okabe–Ito first), then darker tones; one colour per topic, in taxonomy order, everywhere.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#6A3D9A", "#B15928",
           "#1B9E77", "#7570B3", "#666666"]
INK, MUTED, GRID = "#1f2330", "#5b6170", "#d9dce3"
KIND_COLOURS = {"person": "#0072B2", "organisation": "#D55E00", "place": "#009E73", "other": "#666666"}
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


def colours(b: Briefing) -> dict[str, str]:
    out = {t.topic.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(b.topics)}
    out[OTHER] = "#888888"
    return out


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
        _empty(ax, say(b, "no_event"))
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
        # Each kind of mark of row i is the SVG group "<kind>-<i>" (what a test of the picture reads).
        for alpha, spans_ in bars.items():
            if spans_:
                ax.broken_barh(sorted(spans_), (y - 0.22, 0.44), color=colour[key], alpha=alpha, linewidth=0,
                               gid=f"{'years' if alpha == 0.35 else 'months'}-{i}")
        if points:
            xs = sorted(points)
            ax.plot(xs, [y] * len(xs), marker="o", markersize=8 if compact else 6.5, color=colour[key],
                    markeredgecolor="white", markeredgewidth=0.8, linestyle="none", zorder=3, gid=f"days-{i}")
    ax.set_yticks(range(len(rows)), [_wrap(label, wrap) for _k, label, _e in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    _year_axis(ax, lo - pad, hi + pad, nbins=5 if compact else 8)
    legend = [Line2D([], [], marker="o", color=INK, linestyle="none", markersize=6, label=say(b, "exact_day")),
              Patch(color=INK, alpha=0.8, label=say(b, "month_known")),
              Patch(color=INK, alpha=0.35, label=say(b, "year_only") if compact else say(b, "year_only_long"))]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.12 if not compact else -0.16), ncol=3,
              frameon=False, fontsize=10 if compact else 9)
    return _svg(fig)


def draw_topics_over_time(b: Briefing) -> bytes:
    """One row per topic; a circle per month sized by the number of stories, a band for a year-only date."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colour = colours(b)
    rows = topic_rows(b)
    fig = Figure(figsize=(8.0, max(1.6, 0.42 * len(rows) + 1.0)))
    ax = fig.add_subplot()
    if not rows:
        _empty(ax, say(b, "no_story"))
        return _svg(fig)
    peak = 1
    marks = []
    for i, row in enumerate(rows):
        peak = max([peak, *row.months.values()])
        marks.append((len(rows) - 1 - i, row.key, row.months, row.years))
    # Counts over the circles only while they fit: past that they overlap into a smudge (and cost most of the
    # drawing time); the circle sizes and the legend's peak still tell the counts.
    labelled = sum(len(months) for _y, _k, months, _ys in marks) <= MAX_COUNT_LABELS
    lo, hi = 10_000.0, 0.0
    for i, (y, key, months, years) in enumerate(marks):
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
                       linewidths=0.8, zorder=3, gid=f"months-{i}")
        for (year, month), n in sorted(months.items()):
            x = year + (month - 0.5) / 12
            if n > 1 and labelled:
                ax.annotate(str(n), (x, y), xytext=(0, 7 + 5 * n / peak), textcoords="offset points", ha="center",
                            fontsize=7.5, color=INK)
            lo, hi = min(lo, year + (month - 1) / 12), max(hi, year + month / 12)
    ax.set_yticks(range(len(rows)), [_wrap(row.label) for row in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    pad = max(0.3, (hi - lo) * 0.04)
    _year_axis(ax, lo - pad, hi + pad)
    legend = [Line2D([], [], marker="o", color=INK, linestyle="none", markersize=5,
                     label=say(b, "stories_in_month", peak=peak)),
              Patch(color=INK, alpha=0.3, label=say(b, "year_band"))]
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
        _empty(ax, say(b, "no_network"))
        return _svg(fig)
    g = nx.Graph()
    g.add_nodes_from(keys)
    g.add_weighted_edges_from((p.a, p.b, p.shared) for p in links)
    pos = nx.spring_layout(g, seed=SEED, k=1.0 / len(keys) ** 0.5, iterations=300, weight=None,
                           method="energy", gravity=6.0)
    pos = {k: (round(float(x), 4), round(float(y), 4)) for k, (x, y) in pos.items()}
    strongest = max((p.shared for p in links), default=1)
    for n, p in enumerate(sorted(links, key=lambda p: (p.shared, p.a, p.b))):
        (x1, y1), (x2, y2) = pos[p.a], pos[p.b]
        ax.plot([x1, x2], [y1, y2], color="#8a93a6", linewidth=0.6 + 2.6 * p.shared / strongest,
                alpha=0.35 + 0.5 * p.shared / strongest, solid_capstyle="round", zorder=1, gid=f"link-{n}")
    most = max(len(b.entities[k].sources) for k in keys)
    for n, k in enumerate(keys):
        e = b.entities[k]
        x, y = pos[k]
        size = 80 + 420 * len(e.sources) / most
        ax.scatter([x], [y], s=size, color=KIND_COLOURS.get(e.kind, "#666666"), edgecolors="white", linewidths=1.2,
                   zorder=2, gid=f"actor-{n}")
        ax.annotate(_wrap(e.name, 22), (x, y), xytext=(0, -(size ** 0.5) / 2 - 3), textcoords="offset points",
                    ha="center", va="top", fontsize=9, color=INK, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.2, max(xs) + 0.2)
    ax.set_ylim(min(ys) - 0.25, max(ys) + 0.15)
    legend = [Line2D([], [], marker="o", color=KIND_COLOURS[k], linestyle="none", markersize=8, label=label)
              for k, label in (("person", say(b, "person")), ("organisation", say(b, "organisation")))]
    legend.append(Line2D([], [], color="#8a93a6", linewidth=2.5, label=say(b, "thicker")))
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False, fontsize=9)
    return _svg(fig)


def _compact(b: Briefing) -> bytes:
    import matplotlib

    with matplotlib.rc_context({"font.size": 12}):
        return draw_timeline(b, compact=True)


def draw(b: Briefing) -> dict[str, bytes]:
    """Every chart, in FILES order."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    with matplotlib.rc_context(RC):
        return {
            TIMELINE: draw_timeline(b),
            TIMELINE_COMPACT: _compact(b),
            TOPICS_OVER_TIME: draw_topics_over_time(b),
            NETWORK: draw_network(b),
        }

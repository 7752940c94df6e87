"""Golden files: generate from tests/fixtures/golden_sources and compare with tests/golden/content, and what each
chart shows with tests/golden/charts.json.

The charts are compared by their data, not their SVG bytes: matplotlib's output changes with its version (and a
chart file carries the key of the code that drew it), while what a chart says does not. tests/test_golden.py
checks separately that the pictures are drawn and show that data.

`make golden` (python -m tests.golden --update) rewrites the expected tree and chart data after a deliberate
change; review the diff before committing it.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.conftest import tree

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "golden_sources"
EXPECTED = ROOT / "tests" / "golden" / "content"
CHART_DATA = ROOT / "tests" / "golden" / "charts.json"


def generate_into(dest: Path):
    """Generate the golden sources into dest; the linked briefing."""
    from generator.config import load_config
    from generator.pipeline import generate

    return generate(SOURCES, dest, load_config(ROOT / "briefing.yml")).briefing


def is_chart(path: str) -> bool:
    from generator import charts

    return path in charts.FILES.values()


def pages(folder: Path) -> dict[str, bytes]:
    """Every generated file but the charts' pictures, read."""
    return {path: data for path, data in tree(folder).items() if not is_chart(path)}


def chart_json(b) -> str:
    """What each chart shows (the rows, marks and links it is drawn from), as JSON text."""
    from generator import charts

    data = charts.chart_data(b)
    out = {
        # Its rows' labels are the spans' names.
        "timeline": [[key, ev.date.iso(), ev.sentence] for key, _label, evs in charts.timeline_rows(b) for ev in evs],
        "spans": [[s.slug, s.name, s.events, s.first.iso(), s.last.iso()] for s in data["spans"]],
        "event_count": data["event_count"],
        "event_range": [d.iso() for d in data["event_range"]] if data["event_range"] else None,
        "topics_over_time": [{"row": r.key, "label": r.label,
                              "months": [[y, m, n] for (y, m), n in sorted(r.months.items())],
                              "years": [[y, n] for y, n in sorted(r.years.items())]} for r in charts.topic_rows(b)],
        "months": [[m.label, [list(c) for c in m.counts], m.total] for m in data["months"]],
        "undated_stories": data["undated_stories"],
        "actors": [[k, b.entities[k].name, b.entities[k].kind, len(b.entities[k].sources)] for k in data["actors"]],
        "pairs": [[p.a, p.b, p.shared] for p in data["pairs"]],
    }
    # One line per row, mark or link, so that a change reads as a short diff.
    return "{\n" + ",\n".join(f" {json.dumps(key)}: " + (
        "[\n" + ",\n".join(f"  {json.dumps(item, ensure_ascii=False)}" for item in value) + "\n ]"
        if isinstance(value, list) and value else json.dumps(value, ensure_ascii=False))
        for key, value in out.items()) + "\n}\n"


def update() -> None:
    import shutil

    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    b = generate_into(EXPECTED)
    for path in tree(EXPECTED):
        if is_chart(path):
            (EXPECTED / path).unlink()
    CHART_DATA.write_text(chart_json(b), encoding="utf-8")
    print(f"golden files written to {EXPECTED.relative_to(ROOT)} and {CHART_DATA.relative_to(ROOT)}: "
          "review `git diff` before committing")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            b = generate_into(Path(tmp) / "content")
            same = pages(Path(tmp) / "content") == tree(EXPECTED) and chart_json(b) == CHART_DATA.read_text("utf-8")
            print("same" if same else "different")

"""Evaluation of source understanding: on real pages (../shared/realworld, see tests/realworld.py), the measure,
and on the labelled unit fixtures (tests/fixtures/eval/labels.yml), written for the tests.

`make eval` prints both as tables (`-v` lists every miss); tests/test_eval_gate.py fails if a score drops below its
floor in tests/eval_floors.yml (floors may only go up).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "fixtures" / "eval"
FLOORS = ROOT / "tests" / "eval_floors.yml"
METRICS = ("language", "title", "date", "basis", "summary_clean", "summary_length")


@dataclass
class Case:
    path: str
    ok: dict
    detail: dict


def _analyse(path: Path, config):
    from generator import ingest
    from generator.analyze import analyze_source

    raw = ingest.parse_bytes(path.read_bytes(), path.name, ingest.READERS[path.suffix.lower()])
    return analyze_source(raw, config)


def evaluate() -> tuple[list[Case], float]:
    from generator.config import load_config

    config = load_config(ROOT / "briefing.yml")
    labels = yaml.safe_load((EVAL / "labels.yml").read_text(encoding="utf-8"))
    cases, elapsed = [], 0.0
    # Start-up first: the language detector loads its models lazily, as each language first comes up, and
    # the libraries import on first use. One untimed pass loads them all, so the timing is per source.
    for rel in labels:
        _analyse((EVAL / rel).resolve(), config)
    for rel, want in labels.items():
        start = time.perf_counter()
        a = _analyse((EVAL / rel).resolve(), config)
        elapsed += time.perf_counter() - start
        summary = " ".join(a.summary)
        want_date = None if want.get("date") is None else str(want["date"])
        ok = {
            "language": a.language == want["language"]
            and set(want.get("paragraph_languages", [])) <= set(a.paragraph_languages),
            "title": a.title_generated if want.get("generated") else (not a.title_generated and a.title == want["title"]),
            "date": a.date.iso() == want_date,
            "basis": a.date.basis == want["basis"],
            "summary_clean": not any(bad in summary for bad in want.get("not_in_summary", [])),
            "summary_length": 2 <= len(a.summary) <= 4,
        }
        cases.append(Case(rel, ok, {"language": a.language, "title": a.title, "date": a.date.iso(),
                                    "basis": a.date.basis, "summary": list(a.summary),
                                    "paragraph_languages": list(a.paragraph_languages)}))
    return cases, elapsed / max(len(cases), 1)


def scores(cases: list[Case]) -> dict[str, float]:
    return {m: round(sum(c.ok[m] for c in cases) / len(cases), 3) for m in METRICS}


def main() -> int:
    from tests import realworld

    if realworld.available():
        realworld.print_report(realworld.evaluate(), verbose="-v" in sys.argv)
    else:
        print(f"real pages not found at {realworld.REALWORLD} (set BRIEFING_REALWORLD): not measured")
    print("\n## Unit fixtures (tests/fixtures/eval)\n")
    cases, per_source = evaluate()
    print("| source | " + " | ".join(METRICS) + " |")
    print("|---|" + "---|" * len(METRICS))
    for c in cases:
        print(f"| {Path(c.path).name} | " + " | ".join("ok" if c.ok[m] else "**miss**" for m in METRICS) + " |")
    result = scores(cases)
    print("| **score** | " + " | ".join(f"{result[m]:.2f}" for m in METRICS) + " |")
    print(f"\n{len(cases)} sources, {per_source * 1000:.0f} ms of analysis per source on average")
    if "-v" in sys.argv:
        for c in cases:
            if not all(c.ok.values()):
                print(f"\n{c.path}: {c.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

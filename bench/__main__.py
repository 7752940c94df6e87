"""The benchmark: `make bench` (python -m bench [--sizes 100,1000,5000] [--runs N]).

For each corpus size N it writes a synthetic corpus (bench/corpus.py) into a scratch project under bench/out/ and
measures, each as its own process (time, and peak RSS of the process and its children via wait4):

- cold generation (no cache, no content/),
- warm generation with nothing changed,
- regeneration after one source changed,
- the clean build (python -m generator build: MkDocs and the Pagefind index),
- what the user waits for after an edit: one more source changed, then the whole `python -m generator site`
  (generation, incremental build, search index),
- the anchor of issue 22: mkdocs-material with its search plugin building the same number of plain 800-word pages
  (bench/corpus.py make_anchor), in the same run,

then the size of site/, of its search index (site/pagefind/, see also bench/search.py) and the median HTML size of a source page. With
--runs N each timing is the median of N runs. It prints a Markdown table (with ms per source and the growth
factor between the two largest sizes, 1,000 -> 5,000 by default) and writes it to bench/RESULTS.md with a
description of the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import search, stress
from bench.corpus import change_one, make_anchor, make_corpus

ROOT = Path(__file__).resolve().parent.parent
STAGES = [("cold", "cold generation"), ("warm", "warm generation, nothing changed"),
          ("changed", "regeneration, one source changed"), ("build", "clean build (MkDocs and search index)"),
          ("site_changed", "whole `site` after one more source changed (generate, build, search index)"),
          ("anchor", "anchor: mkdocs-material with its search plugin, the same number of plain pages")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Measure generation and build times.")
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes, comma-separated (default: 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=1, help="runs per measurement; the median is reported (default: 1)")
    parser.add_argument("--workers", type=int, default=None, help="analysis processes (default: the configuration's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="scratch folder (default: bench/out)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md", help="report to write")
    parser.add_argument("--merge", action="store_true",
                        help="keep the sizes not measured now from the previous report's data (same machine)")
    stress.add_options(parser)
    args = parser.parse_args(argv)
    if args.escape_heavy or args.entity_flood or args.near_identical:
        return _stress(args, argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    machine = describe_machine()
    print(machine_lines(machine), file=sys.stderr)
    results = _previous(args.results, machine) if args.merge else {}
    args.code = snapshot(args.out)
    for n in sizes:
        print(f"N = {n:,}: writing the corpus and running...", file=sys.stderr)
        results[str(n)] = bench_size(n, args)
        print(table({str(n): results[str(n)]}), file=sys.stderr)
    report = render_report(machine, results, args)
    for heading in KEPT_SECTIONS:  # measured by other means: a size run keeps them as they are
        report = stress.with_section(report, stress.previous_section(args.results, heading), heading)
    report = search.kept_block(args.results, report)
    print(table(results))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    print(f"written to {args.results}", file=sys.stderr)
    return 0


# Sections of the report that a run of the sizes does not measure: the bounded-cost scenarios (`--escape-heavy` and
# the others), the table of removed speed tricks (measured by hand, issue 23) and the profile of the build (issue 22).
KEPT_SECTIONS = (stress.HEADING, "## Removed tricks", "## Build profile", "## Search from disk (offline index)")


def _stress(args, argv) -> int:
    """Only the bounded-cost scenarios (bench/stress.py): their section of the report is replaced, the rest kept."""
    machine = machine_lines(describe_machine())
    print(machine, file=sys.stderr)
    args.code = snapshot(args.out)
    found = stress.run(args, _measure)
    section = stress.section(found, " ".join(argv if argv is not None else sys.argv[1:]), machine)
    print(section)
    try:
        report = args.results.read_text(encoding="utf-8")
    except OSError:
        report = "# Benchmark results\n"
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(stress.with_section(report, section), encoding="utf-8")
    print(f"written to {args.results}", file=sys.stderr)
    return 0


def bench_size(n: int, args) -> dict:
    project = args.out / f"n{n}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme", project / "theme")
    paths = make_corpus(project / "sources", n, project / "briefing.yml", args.seed)
    victim = next((p for p in paths if p.suffix == ".txt"), paths[0])
    anchor = make_anchor(args.out / f"anchor-n{n}", n, args.seed)
    original = victim.read_bytes()
    runs: dict[str, list[dict]] = {stage: [] for stage, _ in STAGES}
    for _ in range(max(1, args.runs)):
        victim.write_bytes(original)
        for folder in ("content", "site", ".cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
        runs["cold"].append(_generate(project, args))
        runs["warm"].append(_generate(project, args))
        change_one(victim)
        runs["changed"].append(_generate(project, args))
        runs["build"].append(_measure([sys.executable, "-m", "generator", "build", "-q"], project, args.code))
        change_one(victim)  # what the user waits for after an edit: the whole command, incremental build included
        runs["site_changed"].append(_measure([sys.executable, "-m", "generator", "site", "-v"], project, args.code,
                                             detail=r"build: (incremental|clean)|search index: \d+ of"))
        runs["anchor"].append(_measure([sys.executable, "-m", "mkdocs", "build", "-q"], anchor, args.code))
    out = {stage: {"seconds": statistics.median(r["seconds"] for r in runs[stage]),
                   "rss_mb": max(r["rss_mb"] for r in runs[stage]),
                   "summary": runs[stage][-1].get("summary", "")} for stage in runs}
    site = project / "site"
    pages = sorted(p for p in (site / "sources").glob("*/index.html"))
    out["sources"] = n
    out["site_mb"] = _tree_bytes(site) / 1e6
    out["search_index_mb"] = _tree_bytes(site / "pagefind") / 1e6 if (site / "pagefind").is_dir() else 0.0
    out["page_kb"] = statistics.median(p.stat().st_size for p in pages) / 1e3 if pages else 0.0
    out["html_pages"] = sum(1 for _ in site.rglob("*.html"))
    return out


def snapshot(out: Path) -> Path:
    """A copy of the generator as it is now: every run measures the same code, even if the working tree
    changes while the benchmark runs (the analysis cache is keyed on the code, so an edit would look like a
    change of every source)."""
    code = out / "code"
    if code.exists():
        shutil.rmtree(code)
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return code


def _generate(project: Path, args) -> dict:
    cmd = [sys.executable, "-m", "generator", "generate"]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    return _measure(cmd, project, args.code)


def _measure(cmd: list[str], cwd: Path, code: Path, detail: str = "") -> dict:
    """Run cmd; its wall time, and its peak RSS (largest of the process and its waited-for children); with
    `detail` (a regular expression), the lines of its output that start with a match (the kind of build the
    command made, the search bundles it indexed again) are added to its summary."""
    import tempfile

    # Bytecode is written and reused, as in any installation: a session that sets PYTHONDONTWRITEBYTECODE would
    # otherwise make every measured run compile the generator again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)  # reaped here, so the rusage is this command's alone
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n{stderr[-3000:]}")
    lines = [line for line in stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else ""
    details = [line.strip() for line in (stdout + stderr).splitlines() if detail and re.match(detail, line.strip())]
    if details:
        summary = f"{summary} ({'; '.join(details)})"
    return {"seconds": elapsed, "rss_mb": usage.ru_maxrss / 1024, "summary": summary}


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def describe_machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        # The report itself is not a change to the code measured (--merge runs rewrite it in between).
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":(exclude)bench/RESULTS.md"], cwd=ROOT, capture_output=True, text=True,
                               timeout=10).stdout.strip()
        commit = f"{commit}{' + uncommitted changes' if dirty else ''}" if commit else "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    from generator import __version__

    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "ram_gb": round(ram, 1),
            "python": platform.python_version(), "os": platform.platform(), "generator": __version__,
            "commit": commit}


def machine_lines(m: dict) -> str:
    return (f"- CPU: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable)\n"
            f"- RAM: {m['ram_gb']} GB\n- Python {m['python']} on {m['os']}\n"
            f"- generator {m['generator']}, commit {m['commit']}")


def _fmt_n(n: int) -> str:
    return f"{n:,}"


def table(results: dict) -> str:
    sizes = sorted(results, key=int)
    growth = _growth_pair(sizes)
    head = ["measure"] + [f"N = {_fmt_n(int(n))}" for n in sizes]
    if growth:
        head.append(f"growth {_fmt_n(int(growth[0]))} → {_fmt_n(int(growth[1]))} (linear = "
                    f"{int(growth[1]) / int(growth[0]):g}×)")
    rows = []

    def row(label, values, fmt, ratio=True):
        cells = [fmt(v) for v in values]
        if growth:
            a, b = results[growth[0]], results[growth[1]]
            va, vb = values[sizes.index(growth[0])], values[sizes.index(growth[1])]
            cells.append(f"{vb / va:.2f}×" if ratio and va else "")
        rows.append([label] + cells)

    for stage, label in STAGES:
        if any(stage not in results[n] for n in sizes):  # a report from before the stage was measured
            continue
        row(f"{label}: time", [results[n][stage]["seconds"] for n in sizes], lambda v: f"{v:.1f} s")
        row(f"{label}: ms per source", [results[n][stage]["seconds"] * 1000 / int(n) for n in sizes],
            lambda v: f"{v:.1f}")
        row(f"{label}: peak RSS", [results[n][stage]["rss_mb"] for n in sizes], lambda v: f"{v:.0f} MB")
    row("site/ size", [results[n]["site_mb"] for n in sizes], lambda v: f"{v:.1f} MB")
    row("search index (site/pagefind/) size", [results[n]["search_index_mb"] for n in sizes], lambda v: f"{v:.2f} MB")
    row("source page HTML (median)", [results[n]["page_kb"] for n in sizes], lambda v: f"{v:.1f} KB")
    row("HTML pages built", [results[n]["html_pages"] for n in sizes], lambda v: f"{v:,}")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _growth_pair(sizes: list[str]) -> tuple[str, str] | None:
    if "1000" in sizes and "5000" in sizes:
        return "1000", "5000"
    return (sizes[-2], sizes[-1]) if len(sizes) >= 2 else None


def render_report(machine: dict, results: dict, args) -> str:
    summaries = "\n".join(f"- N = {_fmt_n(int(n))}: cold `{results[n]['cold']['summary']}`; warm "
                          f"`{results[n]['warm']['summary']}`; one changed `{results[n]['changed']['summary']}`; "
                          f"site after one edit `{results[n]['site_changed']['summary']}`"
                          for n in sorted(results, key=int))
    data = json.dumps({"machine": machine, "results": results}, indent=1, sort_keys=True)
    return f"""# Benchmark results

Written by `make bench` (`python -m bench --sizes {args.sizes} --runs {args.runs}`) on
{time.strftime('%Y-%m-%d')}. Synthetic corpus from `bench/corpus.py` (seed {args.seed}): English and French news
stories built from the entities and topics of `briefing.yml`, with translations, near-duplicates, page furniture,
quotes and dates in several formats; ~70% .txt, ~15% .md with front matter, ~15% .html.

## Machine

{machine_lines(machine)}

## Results

Times are wall-clock, {"the median of " + str(args.runs) + " runs" if args.runs > 1 else "one run"} each, each
command in its own process. Peak RSS is the largest resident set of the command's process and its children
(`wait4`), so with parallel analysis it is the largest single process, not their sum.

{table(results)}

Summary lines printed by the runs:

{summaries}

<details><summary>Raw data</summary>

```json
{data}
```

</details>
"""


def _previous(path: Path, machine: dict) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        raw = text.split("```json", 1)[1].split("```", 1)[0]
        data = json.loads(raw)
    except (OSError, IndexError, ValueError):
        return {}
    same = all(data.get("machine", {}).get(k) == machine[k] for k in ("cpu", "cores", "ram_gb", "python"))
    return data.get("results", {}) if same else {}


if __name__ == "__main__":
    sys.exit(main())

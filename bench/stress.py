"""Bounded cost per source (issue 20): one hostile source or corpus must not make a run slow, large or hungry.

    python -m bench --escape-heavy --entity-flood --near-identical 2000,5000

- `--escape-heavy`: a base corpus built and rebuilt with one more source, a paragraph of 540 KB dense in the
  characters Markdown escapes (`publish.text: full`, so the whole of it is published): the MkDocs build time it adds.
- `--entity-flood`: the same base with one more source of 224 KB defining distinct acronyms: the entity pages,
  HTML pages, site size and times it adds.
- `--near-identical N,...`: N versions of one story (bench/corpus.near_identical) against N distinct sources
  (bench/corpus.make_corpus): cold generation time and peak RSS of each, and their ratio.

Each command runs in its own process (bench.__main__._measure). The figures go to a section of bench/RESULTS.md
of their own, with the machine's load average, which the main benchmark's report keeps.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import yaml

from bench.corpus import acronym_flood, escape_heavy, make_corpus, near_identical

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Bounded cost per source"
ESCAPE_HEAVY_BYTES = 540_000
FLOOD_BYTES = 224_000


def add_options(parser) -> None:
    parser.add_argument("--escape-heavy", action="store_true",
                        help="build time added by one 540 KB escape-heavy paragraph")
    parser.add_argument("--entity-flood", action="store_true",
                        help="pages, size and time added by one 224 KB source of distinct acronyms")
    parser.add_argument("--near-identical", type=_sizes, default=(), metavar="N[,N...]",
                        help="generation of N near-identical sources against N distinct ones")
    parser.add_argument("--stress-base", type=int, default=20,
                        help="sources of the base corpus of --escape-heavy and --entity-flood (default: 20)")


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(s.replace("_", "")) for s in text.split(",") if s.strip())


def run(args, measure) -> dict:
    """The scenarios asked for in args, each a dict of figures; measure(cmd, cwd, code) runs one command."""
    out = {"load_before": _load()}
    if args.escape_heavy:
        out["escape_heavy"] = _one_more(args, measure, "escape-heavy", escape_heavy(ESCAPE_HEAVY_BYTES, args.seed))
    if args.entity_flood:
        flood = acronym_flood(FLOOD_BYTES, args.seed)
        out["entity_flood"] = _one_more(args, measure, "entity-flood", flood)
        # Every acronym supported (one mention is enough): the per-source cap alone holds the flood back.
        out["entity_flood_supported"] = _one_more(args, measure, "entity-flood-supported", flood,
                                                  {"entity_pages": {"min_mentions": 1}})
    if args.near_identical:
        out["near_identical"] = {str(n): _near_identical(n, args, measure) for n in args.near_identical}
    out["load_after"] = _load()
    return out


def _project(folder: Path, settings: dict | None = None) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", folder / "theme")
    config = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    for key, values in (settings or {}).items():
        config.setdefault(key, {}).update(values)
    (folder / "briefing.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _one_more(args, measure, name: str, text: str, settings: dict | None = None) -> dict:
    """Generate (cold) and build a base corpus, then the same with one more source holding `text`."""
    settings = {"publish": {"text": "full"}, **(settings or {})}  # the whole text published, the worst case
    project = _project(args.out / name, settings)
    make_corpus(project / "sources", args.stress_base, project / "briefing.yml", args.seed)
    runs = {}
    for label in ("base", "with"):
        if label == "with":
            (project / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
        for folder in ("content", "site", ".cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
        generate = measure([sys.executable, "-m", "generator", "generate", "-q"], project, args.code)
        build = measure([sys.executable, "-m", "generator", "build", "-q"], project, args.code)
        site = project / "site"
        runs[label] = {"generate_s": generate["seconds"], "build_s": build["seconds"],
                       "rss_mb": max(generate["rss_mb"], build["rss_mb"]),
                       "entity_pages": sum(1 for p in (project / "content" / "entities").glob("*.md")
                                           if p.name != "index.md"),
                       "html_pages": sum(1 for _ in site.rglob("*.html")),
                       "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6}
    return {"source_kb": len(text.encode("utf-8")) / 1e3, "base_sources": args.stress_base, "settings": settings,
            **runs}


def _near_identical(n: int, args, measure) -> dict:
    out = {}
    for label, write in (("distinct", make_corpus), ("near_identical", near_identical)):
        project = _project(args.out / f"{label}-{n}")
        write(project / "sources", n, project / "briefing.yml", args.seed)
        r = measure([sys.executable, "-m", "generator", "generate", "-q"], project, args.code)
        out[label] = {"seconds": r["seconds"], "rss_mb": r["rss_mb"]}
    return out


def _inline(settings: dict) -> str:
    return ", ".join(f"{key}.{k}: {v}" for key, values in settings.items() for k, v in values.items())


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def section(results: dict, argv: str, machine: str) -> str:
    """The report's section: the machine, then a table per scenario measured."""
    lines = [HEADING, "", machine, "",
             f"Written by `python -m bench {argv}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Load "
             f"average (1, 5, 15 min) {results['load_before']} before and {results['load_after']} after: the machine "
             "was shared with other work, so times are indicative; ratios measured back to back are the figure to "
             "read.", ""]
    for key, title in (("escape_heavy", "A 540 KB escape-heavy paragraph"),
                       ("entity_flood", "A 224 KB flood of distinct acronyms"),
                       ("entity_flood_supported", "The same flood, every acronym supported")):
        if key not in results:
            continue
        r = results[key]
        base, more = r["base"], r["with"]
        lines += [f"### {title}", "",
                  f"{r['base_sources']} sources of the synthetic corpus, then the same with one more source of "
                  f"{r['source_kb']:.0f} KB; settings over briefing.yml: `{_inline(r['settings'])}`. Each generation "
                  "is cold (no cache, no content/).", "",
                  f"| measure | {r['base_sources']} sources | with the source | added |", "|---|---|---|---|"]
        for label, field, fmt in (("generation", "generate_s", "{:.1f} s"), ("MkDocs build", "build_s", "{:.1f} s"),
                                  ("entity pages", "entity_pages", "{:,}"), ("HTML pages", "html_pages", "{:,}"),
                                  ("site/ size", "site_mb", "{:.1f} MB"), ("peak RSS", "rss_mb", "{:.0f} MB")):
            lines.append(f"| {label} | {fmt.format(base[field])} | {fmt.format(more[field])} | "
                         f"{fmt.format(more[field] - base[field])} |")
        lines.append("")
    if "near_identical" in results:
        lines += ["### Near-identical sources", "",
                  "Cold generation of N versions of one story (`bench/corpus.near_identical`) and of N sources of the "
                  "usual synthetic corpus.", "",
                  "| N | distinct: time | near-identical: time | ratio | distinct: peak RSS | "
                  "near-identical: peak RSS |", "|---|---|---|---|---|---|"]
        for n, r in sorted(results["near_identical"].items(), key=lambda kv: int(kv[0])):
            d, s = r["distinct"], r["near_identical"]
            lines.append(f"| {int(n):,} | {d['seconds']:.1f} s | {s['seconds']:.1f} s | "
                         f"{s['seconds'] / d['seconds']:.2f}× | {d['rss_mb']:.0f} MB | {s['rss_mb']:.0f} MB |")
        lines.append("")
    return "\n".join(lines)


def previous_section(path: Path, heading: str = HEADING) -> str:
    """The section under heading as the report at path has it, or ''."""
    try:
        return previous_section_of(path.read_text(encoding="utf-8"), heading)
    except OSError:
        return ""


def with_section(report: str, new_section: str, heading: str = HEADING) -> str:
    """The report with its section under heading replaced by new_section (added before the raw data when it had
    none)."""
    if not new_section:
        return report
    old = previous_section_of(report, heading)
    if old:
        return report.replace(old, new_section.rstrip() + "\n")
    marker = "<details>"
    if marker in report:
        head, tail = report.split(marker, 1)
        return head + new_section.rstrip() + "\n\n" + marker + tail
    return report.rstrip() + "\n\n" + new_section.rstrip() + "\n"


def previous_section_of(text: str, heading: str = HEADING) -> str:
    """The section under heading in a report's text: from the heading to the next section, the raw data or a
    marked block (bench/search.py's), or ''."""
    if heading not in text:
        return ""
    rest = text.split(heading, 1)[1]
    ends = [e for e in (rest.find("\n## "), rest.find("\n<details>"), rest.find("\n<!-- ")) if e >= 0]
    return heading + (rest[:min(ends) + 1] if ends else rest).rstrip() + "\n"

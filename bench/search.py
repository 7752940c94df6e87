"""The search benchmark: `python -m bench.search [--sizes 100,1000,5000] [--runs N] [--query WORD]`.

For each corpus size N (bench/corpus.py, the same corpus as `make bench`) it builds the site once into
bench/out/search-nN/ (kept between runs: the 5,000-source build takes minutes; `--fresh` starts again), then
measures:

- the index build: `pagefind` over the built site (generator/search_index.py), the median of --runs runs;
- the index's size on disk (site/pagefind/) and its number of files;
- what a reader's first query downloads: the search page opened in Chromium (Playwright, Debian's binary)
  from a local server, one query typed, and the bytes of every response under pagefind/ and of the page's script
  counted (the HTML page, the theme's stylesheets and fonts are left out: any page downloads them).

It prints a Markdown table and writes it into bench/RESULTS.md between the markers of its section, leaving the
rest of the report as `make bench` wrote it.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
BEGIN, END = "<!-- search benchmark: begin -->", "<!-- search benchmark: end -->"
# A word; two words of French; a sentence of English, function words and all (searched in English pages only,
# without them: generator/data/query_words.yml); seven names, each a word every language's index is asked for.
QUERIES = ("Bamako", "coopération militaire", "the joint staff committee met in Tamanrasset",
           "Algeria Mali Cemoc Tamanrasset Wagner Bamako Kidal")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description="Measure the search index.")
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=3, help="index builds per size; the median is reported")
    parser.add_argument("--query", action="append", dest="queries",
                        help="a first query typed on the search page, each measured on its own (repeat the option); "
                             f"default: {', '.join(repr(q) for q in QUERIES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="write and build the corpora again")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    args.queries = args.queries or list(QUERIES)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    results = {}
    for n in sizes:
        print(f"N = {n:,}: building the site (kept in {args.out / f'search-n{n}'})...", file=sys.stderr)
        site, build_seconds = prepare(n, args)
        results[n] = {"build_seconds": build_seconds, **measure(site, args)}
        print(table({n: results[n]}, args.queries), file=sys.stderr)
    text = table(results, args.queries)
    print(text)
    record(args.results, text, args)
    return 0


def prepare(n: int, args) -> tuple[Path, float | None]:
    """The project's built site, and the time of `briefing site` when it ran now (None when reused)."""
    project = args.out / f"search-n{n}"
    if args.fresh and project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True, exist_ok=True)
    for name in ("briefing.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.rmtree(project / "theme", ignore_errors=True)
    shutil.copytree(ROOT / "theme", project / "theme")
    if not (project / "sources").is_dir():
        make_corpus(project / "sources", n, project / "briefing.yml", args.seed)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "generator", "site", "-q"], cwd=project, capture_output=True,
                         text=True)
    if run.returncode not in (0, 3):
        raise SystemExit(f"briefing site failed at N = {n}:\n{run.stderr[-3000:]}")
    return project / "site", time.perf_counter() - start


def measure(site: Path, args) -> dict:
    from generator.search_index import BUNDLE, index_site

    times = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        index_site(site)
        times.append(time.perf_counter() - start)
    bundle = site / BUNDLE
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return {"index_seconds": statistics.median(times), "index_mb": sum(p.stat().st_size for p in files) / 1e6,
            "index_files": len(files), "pages": sum(1 for _ in site.rglob("*.html")),
            "queries": {query: first_query(site, query) for query in args.queries}}


def first_query(site: Path, query: str) -> dict:
    """Bytes downloaded from pagefind/ (and the search page's script) for the page's load and one query."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    counted: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()

            def done(request):
                if "/pagefind/" in request.url or request.url.endswith("search.js"):
                    response = request.response()
                    counted[request.url] = len(response.body()) if response else 0

            page.on("requestfinished", done)
            page.goto(base + "search/")
            page.wait_for_selector(".bf-search[data-ready=true]")
            page.fill(".bf-search__input", query)
            page.press(".bf-search__input", "Enter")
            page.wait_for_selector(".bf-search__result")
            page.wait_for_load_state("networkidle")
            found = page.locator(".bf-search__status").inner_text()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {"first_query_kb": sum(counted.values()) / 1e3, "first_query_requests": len(counted), "found": found}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def table(results: dict, queries: list[str]) -> str:
    sizes = sorted(results)
    rows = [
        ("`briefing site` (generate + build + index), this run", lambda r: "reused" if r["build_seconds"] is None
         else f"{r['build_seconds']:.1f} s"),
        ("index build (pagefind), median", lambda r: f"{r['index_seconds']:.1f} s"),
        ("HTML pages in the site", lambda r: f"{r['pages']:,}"),
        ("index size (site/pagefind/)", lambda r: f"{r['index_mb']:.1f} MB"),
        ("index files", lambda r: f"{r['index_files']:,}"),
    ]
    for query in queries:
        rows.append((f"first query {query!r}: bytes downloaded (requests; results)",
                     lambda r, q=query: f"{r['queries'][q]['first_query_kb']:.0f} KB "
                                        f"({r['queries'][q]['first_query_requests']}; {r['queries'][q]['found']})"))
    head = ["measure"] + [f"N = {n:,}" for n in sizes]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join([label] + [fmt(results[n]) for n in sizes]) + " |" for label, fmt in rows]
    return "\n".join(lines)


def kept_block(path: Path, report: str) -> str:
    """report with the search section of the report at path appended (a run of the sizes does not measure it)."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return report
    if BEGIN not in old or END not in old or BEGIN in report:
        return report
    return report.rstrip("\n") + "\n\n" + old[old.index(BEGIN):old.index(END) + len(END)] + "\n"


def record(path: Path, text: str, args) -> None:
    section = (f"{BEGIN}\n## Search (Pagefind)\n\nWritten by `python -m bench.search --sizes {args.sizes} --runs "
               f"{args.runs}` on {time.strftime('%Y-%m-%d')}, same corpus and machine as above. The first query's "
               "bytes are what the browser received from `pagefind/` and the search script for the search page "
               "and one query, each query in a browser of its own (Pagefind's index files are compressed "
               f"already; the server sends no other compression).\n\n{text}\n{END}\n")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + section.rstrip("\n") + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

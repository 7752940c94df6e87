"""Command line: parse, load config, call the pipeline, print one line per problem, set the exit code.

Heavy libraries are imported inside the commands so that `briefing --help` starts fast.
"""
from __future__ import annotations

import argparse
import atexit
import logging
import os
import sys
import threading
import time
from pathlib import Path

from generator import __version__, interrupt
from generator.errors import BriefingError, ConfigError

# Exit codes (documented in the README).
OK, FAILED, PARTIAL, USAGE = 0, 1, 3, 2
ROOT = Path.cwd()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Turn a folder of source documents into a "
                                     "static briefing site.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--sources", type=Path, default=Path("sources"), help="source documents (default: sources)")
    common.add_argument("--content", type=Path, default=None, help="generated Markdown, the folder the site is built "
                        "from (default: content; `build` alone: mkdocs.yml's docs_dir)")
    common.add_argument("--config", type=Path, default=None, help="configuration (default: briefing.yml; `build` "
                        "alone: briefing.yml beside mkdocs.yml)")
    common.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    common.add_argument("--site", type=Path, default=Path("site"), help="built site (default: site)")
    common.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="analysis cache (default: .cache beside the content folder)")
    common.add_argument("--no-cache", action="store_true", help="analyse every source, store nothing")
    common.add_argument("-j", "--workers", type=_count, default=None, metavar="N",
                        help="processes for analysis (default: performance.workers from the configuration; "
                        "0 = one per core)")
    common.add_argument("--strict", action="store_true", help="fail on any problem with a source")
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    common.add_argument("-v", "--verbose", action="store_true", help="print debugging details")
    sub.add_parser("generate", parents=[common], help="sources -> content (Markdown)")
    sub.add_parser("build", parents=[common], help="content -> site (HTML, with MkDocs)")
    sub.add_parser("site", parents=[common], help="generate, then build")
    serve = sub.add_parser("serve", parents=[common], help="generate, then preview with live reload")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    return parser


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(text)


_KEPT: list | None = None  # under run(): every run's result, kept until the process exits


def run() -> None:
    """The command line's entry point: main(), then exit without the interpreter's teardown.

    A run leaves hundreds of megabytes of small objects (analyses, language models) that the teardown would free
    one by one, about 0.3 s at 1,000 sources, when the system reclaims the memory at once. Exit handlers
    (logging's flush) still run, and the output streams are flushed, first. The results are kept (_KEPT) until
    then: freeing them when main() returns would cost the same."""
    global _KEPT
    _KEPT = []
    code = main()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    processes = sys.modules.get("multiprocessing")
    if run_exit_handlers is None or threading.active_count() > 1 or (processes and processes.active_children()):
        sys.exit(code)  # not CPython, or a thread or process left (an interrupted pool): the usual exit joins them
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or gone (a pipe that was closed): nothing left to lose
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "build":  # what `generate` writes and reads is what is built (`build` alone: mkdocs.yml's)
        args.content = args.content or Path("content")
        args.config = args.config or Path("briefing.yml")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.verbose:  # the generator's own details; its libraries' debugging (fonts, Markdown) would drown them
        logging.getLogger("generator").setLevel(logging.DEBUG)
    start = time.monotonic()
    interrupt.install()
    try:
        if args.command == "build":
            return _build(args)
        code, summary = _generate(args)
        if interrupt.pending():  # pressed after the last check, and swallowed: the new content is written
            print("interrupted after the new content was written", file=sys.stderr)
            return 130
        if code == FAILED:
            return code
        if args.command == "site":
            built = _build(args)
            _say(args, summary, start)
            return built if built != OK else code
        _say(args, summary, start)
        if args.command == "serve":
            return _serve(args)
        return code
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"error: {exc.path}: {problem}", file=sys.stderr)
        return FAILED
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("interrupted; previous output kept", file=sys.stderr)
        return 130


def _generate(args):
    from generator.config import load_config
    from generator.pipeline import generate

    cache = None if args.no_cache else (args.cache or args.content.resolve().parent / ".cache")
    config = load_config(args.config, cache)
    bar = _Bar() if not args.quiet and sys.stderr.isatty() else None
    try:
        result = generate(args.sources, args.content, config, cache_dir=cache, workers=args.workers, progress=bar)
        if _KEPT is not None:
            _KEPT.append(result)
    finally:
        if bar is not None:
            bar.close()
    for notice in result.notices:
        if not args.quiet:
            print(f"notice: {notice}", file=sys.stderr)
    for warning in result.warnings:  # the source is used, without what the warning names
        print(f"warning: {warning}", file=sys.stderr)
    for failure in result.failures:
        print(f"error: {failure.path}: {failure.reason}", file=sys.stderr)
    c, s = result.counts, result.stats
    logging.getLogger(__name__).info("%d sources analysed, the others from the cache; content: %d files written, "
                                     "%d unchanged, %d removed", c.analysed, s["written"], s["unchanged"], s["removed"])
    summary = f"{c.sources} sources ({c.new} new, {c.changed} changed, {c.failed} failed) {_arrow()} {c.pages} pages"
    if result.failures and args.strict:
        return FAILED, summary
    return (PARTIAL if result.failures else OK), summary


def _say(args, summary: str, start: float) -> None:
    """The last line of a run: what was found, what it became, how long it took."""
    if not args.quiet:
        print(f"{summary} in {time.monotonic() - start:.1f} s")


def _arrow() -> str:
    try:
        "→".encode(sys.stdout.encoding or "ascii")
        return "→"
    except (UnicodeEncodeError, LookupError):
        return "->"


class _Bar:
    """A progress bar on the terminal (tqdm, imported only when there is a terminal to draw on)."""

    LABELS = {"analyse": "analysing", "link": "linking", "render": "rendering", "write": "writing"}

    def __init__(self):
        self.bar = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after this
            self.bar = tqdm(total=total, desc=self.LABELS["analyse"], unit=" source", file=sys.stderr,
                            leave=False, dynamic_ncols=True)
        self.bar.set_description(self.LABELS.get(stage, stage), refresh=False)
        if stage == "analyse":
            self.bar.update(done - self.bar.n)
        else:
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _build(args) -> int:
    from generator.build import build_site

    start = time.monotonic()
    build_site(args.mkdocs, args.site, content_dir=args.content, config_file=args.config)
    if not args.quiet:
        print(f"site built in {args.site} in {time.monotonic() - start:.1f} s")
    return OK


def _serve(args) -> int:
    """MkDocs' live preview of the content folder; its hook (theme/hooks/regenerate.py) watches the sources and
    the configuration and regenerates the content before each rebuild."""
    import subprocess

    from generator.build import mkdocs_command, mkdocs_environment

    cache = args.cache or args.content.resolve().parent / ".cache"
    env = mkdocs_environment(args.config, BRIEFING_SERVE="1", BRIEFING_SOURCES=str(args.sources.resolve()),
                             BRIEFING_CONTENT=str(args.content.resolve()), BRIEFING_CACHE=str(cache.resolve()))
    return subprocess.call(mkdocs_command(["serve", "-f", str(args.mkdocs), "-a", args.addr], args.content), env=env)

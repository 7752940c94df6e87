"""Command line: parse, load config, call the pipeline, print one line per problem, set the exit code.

Heavy libraries are imported inside the commands so that `briefing --help` starts fast.
"""
from __future__ import annotations

import argparse
import errno
import logging
import math
import signal
import sys
import time
from pathlib import Path

from generator import __version__, interrupt, locking
from generator.errors import BriefingError, ConfigError

# Exit codes (documented in the README).
OK, FAILED, PARTIAL, USAGE = 0, 1, 3, 2


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
                        "0 = one per core), and for a clean build of many pages (default: one per core, at most 4)")
    common.add_argument("--strict", action="store_true", help="fail on any problem with a source")
    common.add_argument("--allow-empty", action="store_true",
                        help="publish even when no source can be used, or when a folder that held sources cannot "
                        "be read (refused by default: the previous content and site are kept)")
    common.add_argument("--lock-wait", type=_seconds, default=locking.LOCK_WAIT, metavar="SECONDS",
                        help="how long to wait for another run writing the same output folder before giving up "
                        f"(default: {locking.LOCK_WAIT:g})")
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


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}")
    return value


def run() -> None:
    """The command line's entry point."""
    code = main()
    # The run is over and has said how it ended: a Ctrl-C now would only cut the interpreter's teardown short, end
    # the process by SIGINT with nothing printed, and hide an outcome that is already complete.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "build":  # what `generate` writes and reads is what is built (`build` alone: mkdocs.yml's)
        args.content = args.content or Path("content")
        args.config = args.config or Path("briefing.yml")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.verbose:  # the generator's own details; its libraries' debugging (fonts, Markdown) would drown them
        logging.getLogger("generator").setLevel(logging.DEBUG)
    start = time.monotonic()
    if args.command == "serve":  # before generating: a busy port would otherwise show up only after the run
        problem, code = _address_problem(args.addr)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return code
    interrupt.install()
    try:
        if args.command == "build":
            return _build(args)
        code, summary = _generate(args)
        if interrupt.pending():  # pressed after the last check, and swallowed: the new content is written
            print(_interrupted(args), file=sys.stderr)
            return 130
        if code == FAILED:
            return code
        if args.command == "site":  # one line, in the order things happened: sources -> pages -> site
            built = _build(args, say=False)
            _say(args, f"{summary} {_arrow()} {_folder(args.site)}", start)
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
        for line in getattr(exc, "lines", None) or [str(exc)]:
            print(f"error: {line}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print(_interrupted(args), file=sys.stderr)
        return 130


def _interrupted(args) -> str:
    """What an interrupted run leaves: which output folders hold its new output, which are as they were."""
    folders = {"generate": ["content"], "serve": ["content"], "build": ["site"]}.get(args.command,
                                                                                    ["content", "site"])
    new = [name for name in folders if interrupt.was_replaced(getattr(args, name))]
    kept = [name for name in folders if name not in new]
    parts = [f"the new {name} is written ({getattr(args, name)})" for name in new]
    if kept:
        parts.append(f"previous {' and '.join(kept)} kept ({', '.join(str(getattr(args, n)) for n in kept)})")
    return "interrupted; " + ", ".join(parts)


def _generate(args):
    from generator.incremental import configs, default_folder
    from generator.pipeline import generate

    cache = None if args.no_cache else (args.cache or default_folder(args.content))
    config = configs.load(args.config, cache)
    bar = _Bar() if not args.quiet and sys.stderr.isatty() else None
    try:
        result = generate(args.sources, args.content, config, cache_dir=cache, workers=args.workers, progress=bar,
                          allow_lost=args.allow_empty, lock_wait=args.lock_wait)
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


def _build(args, say: bool = True) -> int:
    from generator.build import build_site, docs_dir
    from generator.incremental import default_folder

    start = time.monotonic()
    content = args.content or docs_dir(args.mkdocs)
    cache = None if args.no_cache or content is None else (args.cache or default_folder(content))
    build_site(args.mkdocs, args.site, wait=args.lock_wait, content_dir=args.content, config_file=args.config,
               cache_dir=cache, processes=args.workers)
    if say:
        _say(args, f"site built {_arrow()} {_folder(args.site)}", start)
    return OK


def _folder(path: Path) -> str:
    """A folder as the summary line names it: with a final slash, so that it does not read as a word."""
    return str(path).rstrip("/\\") + "/"


def _serve(args) -> int:
    """MkDocs' live preview of the content folder; its hook (theme/hooks/regenerate.py) watches the sources and
    the configuration and regenerates the content before each rebuild.

    MkDocs runs as a child that stops with this process: on SIGTERM or SIGHUP it is asked to stop and waited for,
    on Ctrl-C (which reaches it too) it is waited for, and on Linux it is killed if this process dies any other
    way (SIGKILL included: the child asks for that itself, see build.mkdocs_command)."""
    import signal
    import subprocess

    from generator.build import mkdocs_command, mkdocs_environment
    from generator.incremental import default_folder

    cache = args.cache or default_folder(args.content)
    env = mkdocs_environment(args.config, cache, BRIEFING_SERVE="1", BRIEFING_SOURCES=str(args.sources.resolve()),
                             BRIEFING_CONTENT=str(args.content.resolve()))
    child = subprocess.Popen(mkdocs_command(["serve", "-f", str(args.mkdocs), "-a", args.addr], args.content),
                             env=env)
    stopped_by: list[int] = []

    def stop(signum, frame):  # MkDocs stops cleanly on Ctrl-C (it removes its temporary build folder)
        stopped_by.append(signum)
        child.send_signal(signal.SIGINT)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        code = child.wait()
    except KeyboardInterrupt:  # Ctrl-C reached MkDocs too (same process group): it is stopping by itself
        code = 130
    finally:
        for ask in (None, signal.SIGTERM, signal.SIGKILL):  # time to stop, then asked harder
            if child.poll() is not None:
                break
            if ask is not None:
                child.send_signal(ask)
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 + stopped_by[0] if stopped_by else code


def _address_problem(addr: str) -> tuple[str | None, int]:
    """Why `briefing serve` cannot listen on HOST:PORT (with the exit code to give), or None. The socket is bound
    as MkDocs binds it (address reuse on), so a port left in TIME_WAIT by the last preview is not reported."""
    import socket

    host, _, port = addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"--addr {addr!r}: expected HOST:PORT, such as 127.0.0.1:8000", USAGE
    try:
        family = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0][0]
    except (socket.gaierror, UnicodeError) as exc:
        return f"--addr {addr!r}: unknown host {host!r} ({exc})", USAGE
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            free = int(port) + 1 if int(port) < 65535 else 8000
            busy = exc.errno == errno.EADDRINUSE
            reason = ("is already in use (another preview, or another server)" if busy
                      else f"cannot be used ({exc.strerror})")
            return (f"{host}:{port} {reason}; serve on another port with --addr {host}:{free}, "
                    f"or `make serve PORT={free}`"), FAILED
    return None, OK

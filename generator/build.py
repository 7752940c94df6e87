"""Build: content/ to site/ with MkDocs, into a staging folder swapped in only when the build succeeded.

The build holds the lock of the content folder (so that no `generate` swaps it while MkDocs reads it) and the lock
of the site folder (so that two builds never write it at once). MkDocs runs in a child process that dies with
this one: a build killed at any point leaves the previous site/ whole, and the next run removes the leftovers.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from generator import build_parts, interrupt, offline_index, search_index
from generator.errors import BriefingError, failure_detail
from generator.incremental import rebuild
from generator.locking import LOCK_WAIT, lock
from generator.writer import check_writable, remove_tree, staging_folder, swap

log = logging.getLogger(__name__)


def build_site(mkdocs_yml: Path, site_dir: Path, strict: bool = True, wait: float = LOCK_WAIT,
               content_dir: Path | None = None, config_file: Path | None = None,
               cache_dir: Path | None = None, processes: int | None = None) -> None:
    """Build `content_dir` (default: mkdocs.yml's docs_dir) into `site_dir`; the hooks read `config_file`
    (default: briefing.yml beside mkdocs.yml), and take it as validated from `cache_dir` when the last run
    validated the same file there (config.validated). A clean build of many pages is shared by up to
    `processes` MkDocs processes (default, or 0: one per core; build_parts)."""
    site_dir = Path(site_dir).resolve()
    options = plan_options(mkdocs_yml, strict, content_dir, config_file)
    content_dir = Path(content_dir).resolve() if content_dir is not None else docs_dir(Path(mkdocs_yml))
    with ExitStack() as stack:
        if content_dir is not None:  # always in the same order as `generate`: content first, then site
            stack.enter_context(lock(content_dir, wait))
        stack.enter_context(lock(site_dir, wait))
        check_writable(site_dir, "site")
        staging = staging_folder(site_dir)
        start = time.monotonic()

        def step(name: str) -> None:  # `briefing build -v`: where the build's time goes
            log.debug("build: %.2f s: %s", time.monotonic() - start, name)

        how = rebuild.plan(mkdocs_yml, site_dir, content_dir, options)
        log.debug("build: %s", "incremental" if how.incremental else f"clean ({how.reason})")
        for leftover in [staging, *staging.parent.glob(f"{staging.name}{build_parts.SUFFIX}*")]:
            if leftover.exists():  # what a build killed before its cleanup left
                remove_tree(leftover)

        def command(folder: Path, dirty: bool) -> list[str]:
            cmd = mkdocs_command(["build", "--quiet", "-f", str(mkdocs_yml), "-d", str(folder)], content_dir)
            if strict:
                cmd.insert(cmd.index("--quiet"), "--strict")
            return cmd + ["--dirty"] if dirty else cmd

        env = mkdocs_environment(config_file, cache_dir, **{search_index.LATER: "later"})
        parts: list[tuple[Path, list[str]]] = []
        try:
            seeded = rebuild.seed(site_dir, staging, content_dir, how) if how.incremental else None
            if seeded is None and content_dir is not None:
                parts = _parts(staging, content_dir, how, processes or None)
            step("mkdocs")
            if len(parts) > 1:
                _run([command(folder, dirty=True) for folder, _pages in parts], env)
                for folder, pages in parts[1:]:
                    build_parts.gather(staging, folder, pages, how.directory_urls)
                    remove_tree(folder)
            else:
                _run([command(staging, dirty=how.incremental)], env)
            if seeded is not None:
                try:
                    rebuild.check(staging, seeded)
                except rebuild.BuildWroteLastSite as exc:
                    rebuild.forget(site_dir)
                    raise BriefingError(f"mkdocs wrote {exc} of the last site in place (it was not expected to "
                                        "make that page again); that page of site/ is the new one, the rest is "
                                        "kept; the next build is a clean one") from None
                rebuild.prune(staging, how.gone)
                rebuild.fill(site_dir, staging, seeded)
            step("search index")
            try:  # from the whole staged site, before the swap: a failed index keeps the previous site
                index_for_search(staging, site_dir, search_layout(mkdocs_yml, config_file, cache_dir), cache_dir)
            except BriefingError as exc:
                interrupt.check()  # Ctrl-C reaches the indexer too: an interrupt, not a failure
                raise BriefingError(f"{exc}; previous site kept") from None
            interrupt.check()  # a Ctrl-C the garbage collector swallowed still keeps the previous site
            step("swap")
            rebuild.forget(site_dir)
            swap(staging, site_dir, what="site")
            rebuild.remember(site_dir, how)
            step("done")
        except BaseException:  # a failed or interrupted build leaves no half-built site behind
            for folder in [staging] + [folder for folder, _pages in parts]:
                if folder.exists():
                    remove_tree(folder)
            raise


def _parts(staging: Path, content_dir: Path, how: rebuild.Plan,
           processes: int | None) -> list[tuple[Path, list[str]]]:
    """The folders of a clean build shared by several MkDocs processes, and the pages each makes (build_parts);
    one part, in `staging`, when the build is too small to share."""
    pages = [src for src in how.sources if rebuild.is_page(src)]
    count = build_parts.count(len(pages), processes)
    if count < 2:
        return []
    split = build_parts.split(pages, content_dir, count)
    folders = [staging] + [staging.with_name(f"{staging.name}{build_parts.SUFFIX}{i}") for i in range(1, count)]
    for i, folder in enumerate(folders):  # build_site removed any a killed build left
        folder.mkdir()
        others = [page for j, part in enumerate(split) if j != i for page in part]
        build_parts.stand_in_for(folder, content_dir, others, how.directory_urls)
    return list(zip(folders, split))


def _run(commands: list[list[str]], env: dict[str, str]) -> None:
    """Run the MkDocs commands side by side; BriefingError, the others stopped, when one fails."""
    with ExitStack() as stack:
        running = []
        for cmd in commands:
            out, err = (stack.enter_context(tempfile.TemporaryFile("w+", errors="replace")) for _ in range(2))
            try:
                running.append((subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=env), out, err))
            except OSError as exc:
                _stop(running)
                raise BriefingError(f"cannot run mkdocs: {exc}; previous site kept") from None
        failed = None
        try:
            waiting = list(running)
            while waiting and failed is None:  # the first to fail stops the others at once
                for item in list(waiting):
                    try:
                        item[0].wait(timeout=0.05)
                    except subprocess.TimeoutExpired:
                        continue
                    waiting.remove(item)
                    if item[0].returncode != 0:
                        failed = item
                        break
        finally:
            _stop(running)
        if failed is not None:
            interrupt.check()  # Ctrl-C reaches MkDocs too: an interrupt, not a failure
            proc, out, err = failed
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
            raise BriefingError(f"mkdocs build failed, previous site kept: {failure_detail(result)}")


def _stop(running) -> None:
    for proc, _out, _err in running:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def plan_options(mkdocs_yml: Path, strict: bool = True, content_dir: Path | None = None,
                 config_file: Path | None = None) -> tuple[str, ...]:
    """What the command line chose that every page depends on, for the incremental build's fingerprint: strictness,
    the folder MkDocs reads (another folder's pages may be older than the last site's) and the configuration the
    hooks read, by content. Each is taken as it resolves, defaults included, so that `build` (defaults) and `site`
    (which names the same folders) share one record and an edit between them stays an incremental build."""
    content = Path(content_dir).resolve() if content_dir is not None else docs_dir(Path(mkdocs_yml))
    config = _config_path(mkdocs_yml, config_file)
    try:
        data = config.read_bytes()
    except OSError:
        data = b""  # the hook reports it
    return (("strict",) if strict else ()) + ((f"docs_dir={content}",) if content is not None else ()) + \
        (f"config={config.resolve()}:{hashlib.sha256(data).hexdigest()}",)


def _config_path(mkdocs_yml: Path, config_file: Path | None) -> Path:
    return Path(config_file) if config_file is not None else Path(mkdocs_yml).resolve().parent / "briefing.yml"


def search_layout(mkdocs_yml: Path, config_file: Path | None = None,
                  cache_dir: Path | None = None) -> search_index.Layout:
    """How the configuration cuts the search index (`search:`); the default layout for a site built without a
    configuration (no `config_file` named, and no briefing.yml beside mkdocs.yml). ConfigError when it is invalid
    (the hooks have said so already, as MkDocs built the pages)."""
    from generator.incremental import configs

    path = _config_path(mkdocs_yml, config_file)
    if config_file is None and not path.is_file():
        return search_index.Layout()
    return search_index.Layout.of(configs.load(path, cache_dir))


def index_for_search(site_dir: Path, last_site: Path | None = None,
                     layout: search_index.Layout = search_index.Layout(), cache_dir: Path | None = None) -> None:
    """Both search indexes of a built site: Pagefind's, cut into bundles as `layout` says, and the one for reading
    from disk (each taking what did not change from `last_site`'s), side by side: Pagefind is a child process, the
    other is read here meanwhile. `cache_dir`: where the plan keeps what it read of each page for the next build
    (incremental/search_pages.py). BriefingError when either fails."""
    from generator.incremental import search_pages

    memo = search_pages.read(cache_dir) if cache_dir is not None else None
    bundles = search_index.plan(site_dir, layout, memo)  # before the other starts: it reads every page, holding the GIL
    if cache_dir is not None:
        search_pages.remember(cache_dir, memo)
    with ThreadPoolExecutor(max_workers=1) as pool:
        offline = pool.submit(offline_index.write, site_dir, previous=last_site)
        search_index.index_site(site_dir, last_site, bundles=bundles)
        offline.result()


def mkdocs_command(arguments: list[str], content_dir: Path | None = None) -> list[str]:
    """The command that runs `mkdocs ARGUMENTS` in a child that dies with this process, reading `content_dir`
    instead of mkdocs.yml's docs_dir when one is given (MkDocs has no option for it on its command line)."""
    overrides = {"docs_dir": str(Path(content_dir).resolve())} if content_dir is not None else {}
    return [sys.executable, "-c", _CHILD, str(os.getpid()), json.dumps(overrides), *arguments]


def mkdocs_environment(config_file: Path | None, cache_dir: Path | None = None, **more: str) -> dict[str, str]:
    """The environment of the MkDocs child: the configuration its hooks read (theme/hooks/site_url.py), and the
    cache that spares them validating it again (pydantic and the language list: about 0.5 s of every build)."""
    env = {**os.environ, **more}
    if config_file is not None:
        env[CONFIG_VARIABLE] = str(Path(config_file).resolve())
    if cache_dir is not None:
        env[CACHE_VARIABLE] = str(Path(cache_dir).resolve())
    return env


def docs_dir(mkdocs_yml: Path) -> Path | None:
    """The folder MkDocs reads (`docs_dir`, relative to mkdocs.yml; MkDocs' default is `docs`)."""
    data = rebuild.read_mkdocs_yml(mkdocs_yml)  # {} when unreadable: MkDocs will report the problem itself
    value = data.get("docs_dir", "docs")
    if not isinstance(value, str):
        return None
    return (mkdocs_yml.resolve().parent / value).resolve()


# The configuration file the hooks read, when the command line names one (`--config`).
CONFIG_VARIABLE = "BRIEFING_CONFIG"
# The cache folder whose config.validated the hooks may take the configuration from (theme/hooks/briefing_yml.py).
CACHE_VARIABLE = "BRIEFING_CACHE"

# The MkDocs child: on Linux it first asks to be killed when its parent dies (PR_SET_PDEATHSIG), so that a killed
# build leaves no orphan writing into the staging folder; then it runs `mkdocs` with the arguments that follow,
# its configuration loaded with the overrides given (MkDocs' own load_config, which takes them as keywords: the
# build and serve commands both call it, so they read the same folder).
_CHILD = """
import json, os, signal, sys
if sys.platform.startswith("linux"):
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass
    if os.getppid() != int(sys.argv[1]):
        sys.exit("briefing: the build was interrupted")
overrides = json.loads(sys.argv[2])
if overrides:
    import mkdocs.config
    load_config = mkdocs.config.load_config
    mkdocs.config.load_config = lambda *args, **kwargs: load_config(*args, **{**kwargs, **overrides})
sys.argv = ["mkdocs"] + sys.argv[3:]
from mkdocs.__main__ import cli
cli(prog_name="mkdocs")
"""

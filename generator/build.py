"""Build: content/ to site/ with MkDocs, into a staging folder swapped in only when the build succeeded.

The build holds the lock of the content folder (so that no `generate` swaps it while MkDocs reads it) and the lock
of the site folder (so that two builds never write it at once). MkDocs runs in a child process that dies with
this one: a build killed at any point leaves the previous site/ whole, and the next run removes the leftovers.
"""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from generator import rebuild
from generator.errors import BriefingError, one_line
from generator.writer import _remove, _stage, check_writable, lock, swap


def build_site(mkdocs_yml: Path, site_dir: Path, strict: bool = True, wait: float = 10.0) -> None:
    site_dir = Path(site_dir).resolve()
    content_dir = docs_dir(Path(mkdocs_yml))
    with ExitStack() as stack:
        if content_dir is not None:  # always in the same order as `generate`: content first, then site
            stack.enter_context(lock(content_dir, wait))
        stack.enter_context(lock(site_dir, wait))
        check_writable(site_dir, "site")
        staging = _stage(site_dir)
        how = rebuild.plan(mkdocs_yml, site_dir, content_dir, ("strict",) if strict else ())
        if staging.exists():
            _remove(staging)
        cmd = [sys.executable, "-c", _CHILD, str(os.getpid()), "build", "--quiet", "-f", str(mkdocs_yml),
               "-d", str(staging)]
        if strict:
            cmd.insert(5, "--strict")
        if how.incremental:
            cmd.append("--dirty")
        try:
            if how.incremental:
                rebuild.seed(site_dir, staging)
            try:
                result = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
            except OSError as exc:
                raise BriefingError(f"cannot run mkdocs: {exc}; previous site kept") from None
            if result.returncode != 0:
                lines = [l for l in (result.stderr + result.stdout).splitlines() if l.strip()]
                detail = "; ".join(one_line(l) for l in lines[-5:]) or f"exit code {result.returncode}"
                raise BriefingError(f"mkdocs build failed, previous site kept: {detail}")
            if how.incremental:
                rebuild.prune(staging, how.gone)
            rebuild.forget(site_dir)
            swap(staging, site_dir, what="site")
            rebuild.remember(site_dir, how)
        except BaseException:  # a failed or interrupted build leaves no half-built site behind
            if staging.exists():
                _remove(staging)
            raise


def docs_dir(mkdocs_yml: Path) -> Path | None:
    """The folder MkDocs reads (`docs_dir`, relative to mkdocs.yml; MkDocs' default is `docs`)."""
    data = rebuild.read_mkdocs_yml(mkdocs_yml)  # {} when unreadable: MkDocs will report the problem itself
    value = data.get("docs_dir", "docs")
    if not isinstance(value, str):
        return None
    return (mkdocs_yml.resolve().parent / value).resolve()


# The MkDocs child: on Linux it first asks to be killed when its parent dies (PR_SET_PDEATHSIG), so that a killed
# build leaves no orphan writing into the staging folder; then it runs `mkdocs` with the arguments that follow.
_CHILD = """
import os, signal, sys
if sys.platform.startswith("linux"):
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass
    if os.getppid() != int(sys.argv[1]):
        sys.exit("briefing: the build was interrupted")
sys.argv = ["mkdocs"] + sys.argv[2:]
from mkdocs.__main__ import cli
cli(prog_name="mkdocs")
"""

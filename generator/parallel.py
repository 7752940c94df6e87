"""Run one task per item on several cores, in processes, with the per-item error semantics of a plain loop.

The task must return its outcome (including a failure) rather than raise. A worker process that dies (killed
for memory, a crash in native code) costs only the item it was running: the items left are run again, each in a
process of its own, and the one that kills its process again gets the outcome `crashed(item, reason)`.

On Linux the workers are forked after `warm_up()` ran in the parent, so they start with the libraries imported
and the language models loaded (shared, copy-on-write) instead of loading them once per worker.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence

from generator.collector import long_lived

log = logging.getLogger(__name__)

SERIAL_BELOW = 8  # fewer items than this are not worth starting processes for

_task: Callable | None = None
_shared: tuple = ()


def allowed(configured: int) -> int:
    """Processes a run may use: `configured`, or one per core for 0."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, configured or cores)


def worker_count(configured: int, items: int) -> int:
    """Processes to use: `configured` (0 = one per core), never more than the items, 1 below SERIAL_BELOW."""
    if items < SERIAL_BELOW:
        return 1
    return min(allowed(configured), items)


def run(task: Callable, items: Sequence, shared: tuple, workers: int, done: Callable[[int, object], None],
        crashed: Callable[[object, str], object], warm_up: Callable[[], None] | None = None,
        background: Callable[[], None] | None = None) -> None:
    """Call done(i, task(items[i], *shared)) for every item, in any order, in `workers` processes (1 = here).

    `background()`, when given, is other work for this process: it runs here while the items run in worker
    processes, at least one even for a single item."""
    if background is None and (workers <= 1 or len(items) < 2):
        for i, item in enumerate(items):
            done(i, task(item, *shared))
        return
    if not items:
        background()
        return
    workers = max(1, workers)
    if warm_up is not None:
        warm_up()
    # What the workers inherit (libraries, models) is left out of their garbage collections: the collector
    # would walk it again and again, and copy every page it touches out of the memory they share.
    with long_lived():
        left = _pool(task, items, range(len(items)), shared, workers, done, crashed, background=background)
    if left:
        log.warning("a worker process died; the %d jobs it left run again, one process each", len(left))
    for i in left:  # isolate each: a second death is this item's own
        _pool(task, items, [i], shared, 1, done, crashed, last_try=True)


def in_worker() -> bool:
    """Whether this process is a worker started by run()."""
    return _task is not None


def _context():
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _init(task: Callable, shared: tuple) -> None:
    global _task, _shared
    _task, _shared = task, shared
    _ignore_ctrl_c()
    _die_with_parent()


def _ignore_ctrl_c() -> None:
    """A terminal's Ctrl-C reaches the whole process group. The parent handles it (it cancels what is left and
    says what it kept); a worker that raised too would print its own traceback after the parent's last word. A
    worker finishes the item it holds, or dies with the parent (`_die_with_parent`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _die_with_parent() -> None:
    """A worker must not outlive a run that was killed (SIGKILL gives the pool no chance to stop it): ask
    Linux to send it SIGKILL when its parent dies. Elsewhere this is a no-op."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _call(item):
    return _task(item, *_shared)


def _pool(task, items, indexes, shared, workers, done, crashed, last_try=False, background=None) -> list[int]:
    """Run items[indexes] in one pool, and background() here meanwhile; returns the indexes a broken pool left
    undone."""
    left: list[int] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init,
                               initargs=(task, shared))
    try:
        submitted = {pool.submit(_call, items[i]): i for i in indexes}
        if background is not None:
            background()
        # as_completed watches every future once; a wait() per outcome would go over all those still pending
        # each time (quadratic: seconds of this process's time for a few thousand items, taken from the workers).
        for future in as_completed(submitted):
            i = submitted[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                if last_try:
                    done(i, crashed(items[i], "the analysis crashed its worker process"))
                else:
                    left.append(i)
                continue
            except Exception as exc:  # the outcome could not travel back (unpicklable): this item only
                outcome = crashed(items[i], f"{type(exc).__name__}: {exc}")
            done(i, outcome)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return sorted(left)

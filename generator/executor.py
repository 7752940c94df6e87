"""Where per-item work runs. A stage says what to do with each item (a module-level task returning its outcome,
a failure included, rather than raising); the executor it is handed decides where that runs.

`Processes` runs the items in worker processes on this machine (see parallel.py: crash isolation, forked
workers sharing what was loaded); `InProcess` runs them here, one after the other. Another engine (a cluster
scheduler such as Dask) would be one more class with the same `map`: the stages do not change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from generator import parallel

Done = Callable[[int, object], None]
Crashed = Callable[[object, str], object]


class Executor(Protocol):
    def map(self, task: Callable, items: Sequence, shared: tuple, done: Done, crashed: Crashed,
            warm_up: Callable[[], None] | None = None, background: Callable[[], None] | None = None) -> None:
        """Call done(i, task(items[i], *shared)) for every item, in any order. An item whose run dies (its
        process killed) gets done(i, crashed(items[i], reason)). `warm_up()` prepares what the task reads
        before it runs anywhere; `background()` is other work for this process, run while the items run
        elsewhere (or before them when they run here)."""

    def spare(self) -> bool:
        """Whether work handed to background() would run beside the items rather than before them."""


@dataclass(frozen=True)
class Processes:
    """Worker processes on this machine: `workers` of them (0 = one per core), none for a handful of items."""
    workers: int = 0

    def map(self, task, items, shared, done, crashed, warm_up=None, background=None) -> None:
        parallel.run(task, items, shared, parallel.worker_count(self.workers, len(items)), done, crashed,
                     warm_up=warm_up, background=background)

    def spare(self) -> bool:
        return parallel.allowed(self.workers) > 1


@dataclass(frozen=True)
class InProcess:
    """Everything here, in order: for tests, one-core machines and a debugger."""

    def map(self, task, items, shared, done, crashed, warm_up=None, background=None) -> None:
        if background is not None:
            background()
        for i, item in enumerate(items):
            done(i, task(item, *shared))

    def spare(self) -> bool:
        return False


def of(workers: int) -> Executor:
    """The executor for a configured number of worker processes (1 = none: everything here)."""
    return InProcess() if workers == 1 else Processes(workers)

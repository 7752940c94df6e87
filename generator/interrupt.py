"""Ctrl-C that is never lost, and that knows what it interrupted.

Python turns SIGINT into a KeyboardInterrupt wherever the main thread happens to be. When that is inside a
destructor (`__del__`, run by the garbage collector at any moment), the exception is printed as "ignored" and the
run goes on as if nothing had happened. The handler installed here also remembers the interrupt, and the pipeline
checks at each stage boundary, so an interrupt swallowed that way still stops the run before it writes.

An output folder is replaced by two renames; Ctrl-C waits until both are done (`deferred`), and each folder
replaced is recorded (`replaced`), so the message of an interrupted run says which folders hold new output and
which are as they were.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

_pending = False
_deferring = 0
_held = False  # Ctrl-C pressed while deferred: raised when the deferred block ends
_replaced: list[Path] = []
_owner = 0  # the process that installed the handler; a forked worker inherits the handler, not the role


def install() -> None:
    global _pending, _held, _owner
    _pending = _held = False
    _owner = os.getpid()
    _replaced.clear()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def _handler(signum, frame) -> None:
    global _pending, _held
    if os.getpid() != _owner:  # a worker forked before it could ignore Ctrl-C: the parent answers for the run
        return
    _pending = True
    if _deferring:
        _held = True
        return
    raise KeyboardInterrupt


@contextmanager
def deferred():
    """A block Ctrl-C does not cut in two: an interrupt during it is raised when it ends."""
    global _deferring, _held
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
    if not _deferring and _held:
        _held = False
        raise KeyboardInterrupt


def replaced(folder: Path) -> None:
    """Record that folder now holds this run's output."""
    _replaced.append(Path(folder).resolve())


def was_replaced(folder: Path) -> bool:
    return Path(folder).resolve() in _replaced


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if the exception it raised then was swallowed."""
    if _pending:
        raise KeyboardInterrupt


def pending() -> bool:
    return _pending

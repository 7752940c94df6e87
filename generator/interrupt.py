"""Ctrl-C that is never lost.

Python turns SIGINT into a KeyboardInterrupt wherever the main thread happens to be. When that is inside a
destructor (`__del__`, run by the garbage collector at any moment), the exception is printed as "ignored" and the
run goes on as if nothing had happened. The handler installed here also remembers the interrupt, and the pipeline
checks at each stage boundary, so an interrupt swallowed that way still stops the run before it writes.
"""
from __future__ import annotations

import signal
import threading

_pending = False


def install() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def _handler(signum, frame) -> None:
    global _pending
    _pending = True
    raise KeyboardInterrupt


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if the exception it raised then was swallowed."""
    if _pending:
        raise KeyboardInterrupt


def pending() -> bool:
    return _pending

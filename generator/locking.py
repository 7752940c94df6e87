"""One run at a time per output folder: `lock` takes an exclusive lock on a file beside the folder for the whole
run, and repairs what a killed run left half done (writer.recover) before the holder starts. Worker processes
forked during the run do not keep it: if the run is killed, the lock goes with it.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BusyError, OutputError
from generator.writer import os_reason, recover

_HELD: set[int] = set()  # descriptors of the lock files this process holds


def lock_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.lock")


LOCK_WAIT = 10.0  # seconds a run waits for another one writing the same folder (`--lock-wait`)


@contextmanager
def lock(dest: Path, wait: float = LOCK_WAIT):
    """One run at a time per output folder: a second run waits up to `wait` seconds, then refuses.

    Entering also repairs what a killed run left half done, so the holder always starts from a whole folder."""
    path = lock_path(dest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
    except OSError as exc:
        raise OutputError(f"cannot write {dest}: cannot create its lock file ({os_reason(exc)})") from None
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise BusyError(f"another briefing run is writing {dest} (lock {path}); "
                                    "wait for it to finish and run again") from None
                time.sleep(0.2)
        _HELD.add(handle.fileno())
        try:
            recover(dest)
            yield
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _drop_inherited_locks() -> None:
    """In a child forked while a lock is held (an analysis worker): the lock is the parent's. A flock belongs to
    the open file, which the child shares, so a child outliving a killed parent would keep the folder locked;
    pointing the inherited descriptor at /dev/null lets the lock end with the parent."""
    for fd in list(_HELD):
        try:
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, fd)
            os.close(null)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)

"""The only code that writes content/. It never touches a file it did not generate.

A run stages the whole new tree beside content/ (unchanged files are hard links to the old ones, so their bytes
and modification times stay) and then swaps it in with two renames. A run killed before the swap leaves the
previous content/ as it was; a run killed between the two renames is repaired by the next one.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BusyError, OutputError

MANIFEST = ".briefing-manifest.json"


def _prev(dest: Path) -> Path:
    return dest.with_name(dest.name + ".previous")


def _stage(dest: Path) -> Path:
    return dest.with_name(dest.name + ".staging")


def recover(dest: Path) -> None:
    """Finish or undo a swap a killed run left half done."""
    prev, stage = _prev(dest), _stage(dest)
    if not dest.exists() and prev.exists():
        prev.rename(dest)
    if prev.exists():
        shutil.rmtree(prev)
    if stage.exists():
        shutil.rmtree(stage)


@contextmanager
def lock(dest: Path, wait: float = 10.0):
    """One run at a time per output folder: a second run waits a little, then refuses."""
    path = dest.with_name(f".{dest.name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
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
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_manifest(dest: Path) -> set[str]:
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
        return {p for p in data.get("files", []) if isinstance(p, str) and _safe(p)}
    except (OSError, ValueError, AttributeError):
        return set()


def _safe(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def hand_written(dest: Path) -> list[str]:
    """Files under content/ that the generator did not make: kept, and listed so the site can link them."""
    if not dest.exists():
        return []
    ours = read_manifest(dest) | {MANIFEST}
    out = []
    for path in sorted(dest.rglob("*")):
        if path.is_file() or path.is_symlink():
            rel = path.relative_to(dest).as_posix()
            if rel not in ours:
                out.append(rel)
    return out


def write_tree(dest: Path, files: dict[str, bytes]) -> dict[str, int]:
    """Replace the generated part of dest with files; returns counts of written, unchanged, removed."""
    for rel in files:
        if not _safe(rel):
            raise OutputError(f"refusing to write outside {dest}: {rel}")
    recover(dest)
    old_ours = read_manifest(dest)
    keep = set(hand_written(dest))
    clash = sorted(keep & set(files))
    if clash:
        raise OutputError(f"{dest / clash[0]} exists and was not made by the generator; "
                          "move it away or rename it, the generator never overwrites it")
    stage = _stage(dest)
    stage.mkdir(parents=True)
    stats = {"written": 0, "unchanged": 0, "removed": len(old_ours - set(files))}
    for rel in sorted(keep):
        _link_or_copy(dest / rel, stage / rel)
    for rel in sorted(files):
        target, old = stage / rel, dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in old_ours and old.is_file() and not old.is_symlink() and _same(old, files[rel]):
            _link_or_copy(old, target)
            stats["unchanged"] += 1
        else:
            target.write_bytes(files[rel])
            stats["written"] += 1
    manifest = json.dumps({"generator": "briefing", "files": sorted(files)}, indent=0).encode() + b"\n"
    (stage / MANIFEST).write_bytes(manifest)
    _fsync_tree(stage)
    swap(stage, dest)
    return stats


def swap(new: Path, dest: Path) -> None:
    prev = _prev(dest)
    if dest.exists():
        dest.rename(prev)
    new.rename(dest)
    if prev.exists():
        shutil.rmtree(prev)


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _fsync_tree(root: Path) -> None:
    try:
        fd = os.open(root, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    except OSError:
        pass

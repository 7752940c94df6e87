"""The only code that writes content/. It never touches a file it did not generate.

A run stages the whole new tree beside content/ (unchanged files are hard links to the old ones, so their bytes
and modification times stay) and then swaps it in with two renames. A run killed before the swap leaves the
previous content/ as it was; a run killed between the two renames is repaired by the next one, which also
removes what the killed run left behind (`recover`, run by whoever takes the lock next).

One run at a time: see locking.py, whose lock runs `recover` when it is taken.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import time
from pathlib import Path

from generator import interrupt
from generator.errors import OutputError, one_line
from generator.slugs import address

log = logging.getLogger(__name__)

MANIFEST = ".briefing-manifest.json"


def _prev(dest: Path) -> Path:
    return dest.with_name(dest.name + ".previous")


def staging_folder(dest: Path) -> Path:
    return dest.with_name(dest.name + ".staging")


def recover(dest: Path) -> None:
    """Finish or undo a swap a killed run left half done. Call it only while holding the lock."""
    prev, stage = _prev(dest), staging_folder(dest)
    try:
        if not dest.exists() and prev.exists():
            prev.rename(dest)
        for leftover in (prev, stage):
            if leftover.exists() or leftover.is_symlink():
                remove_tree(leftover)
    except OSError as exc:
        raise OutputError(f"cannot repair {dest} after an earlier run that was stopped: {os_reason(exc)}; "
                          f"make it writable, or remove {prev} and {stage} by hand") from None


def check_writable(dest: Path, what: str = "content") -> None:
    """Refuse, before anything is staged, an output folder that a swap could not finish in.

    The staged tree is made beside dest and renamed into place (its parent must be writable), and the old tree is
    removed once replaced: every folder of it must let its entries go. Found only when removing, a read-only
    folder would leave the new tree swapped in and the old one half removed beside it."""
    folders = [dest.parent if dest.parent.exists() else None]
    if dest.is_dir() and not dest.is_symlink():
        unreadable: list[OSError] = []
        for folder, _dirs, _names in os.walk(dest, onerror=unreadable.append):
            folders.append(Path(folder))
        if unreadable:
            raise OutputError(f"cannot write {dest}: {os_reason(unreadable[0])}; the previous {what} is kept")
    for folder in folders:
        if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
            which = "the folder" if folder == dest else folder
            raise OutputError(f"cannot write {dest}: {which} is {_denied(folder)}; the previous {what} is kept")


def _denied(folder: Path) -> str:
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "on a read-only file system"
    except OSError:
        pass
    return "not writable (permission denied)"


def os_reason(exc: OSError) -> str:
    """An OSError as "file: reason", on one line."""
    where = f"{exc.filename}: " if exc.filename else ""
    return one_line(f"{where}{exc.strerror or exc}")


def remove_tree(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    for attempt in range(3):  # a process killed with its parent may still be finishing a write
        try:
            shutil.rmtree(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == 2:
                raise
            time.sleep(0.2)


def read_manifest(dest: Path) -> set[str]:
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
        return {p for p in data.get("files", []) if isinstance(p, str) and _safe(p)}
    except (OSError, ValueError, AttributeError):
        return set()


def previous_output(dest: Path) -> "PreviousOutput":
    """A reader of the files the last run generated in dest: read(rel) -> bytes, or None for a file the
    generator did not make (or cannot read)."""
    return PreviousOutput(dest, frozenset(read_manifest(dest)))


class PreviousOutput:
    """A callable and picklable reader (render's jobs may run in other processes) of the last run's files."""

    def __init__(self, dest: Path, ours: frozenset[str]):
        self.dest, self.ours = dest, ours

    def __call__(self, rel: str) -> bytes | None:
        path = self.dest / rel
        if rel not in self.ours or path.is_symlink():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None


def _safe(rel: str) -> bool:
    """A relative path that stays inside the folder (what Path(rel).parts would say, on strings: this runs for
    every file of every run)."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    return bool(parts) and not rel.startswith("/") and ".." not in parts and "\x00" not in rel


def _files(root: Path) -> list[str]:
    """Every file and symbolic link under root, as sorted posix paths relative to it. A link to a folder is one
    entry: its target is not ours to walk."""
    base = os.fspath(root)
    out = []
    for folder, dirs, names in os.walk(base):
        rel = os.path.relpath(folder, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        out += [prefix + name for name in names]
        out += [prefix + name for name in dirs if os.path.islink(os.path.join(folder, name))]
    return sorted(out)


def hand_written(dest: Path, ours: set[str] | None = None) -> list[str]:
    """Files under content/ that the generator did not make (`ours`: its manifest, read here when not given):
    kept, and listed so the site can link them."""
    if not dest.exists():
        prev = _prev(dest)
        if prev.is_dir():  # a run was killed between its two renames: the files are there until recovery
            dest, ours = prev, None
        else:
            return []
    ours = (read_manifest(dest) if ours is None else ours) | {MANIFEST}
    return [rel for rel in _files(dest) if rel not in ours]


def write_tree(dest: Path, files: dict[str, bytes]) -> dict[str, int]:
    """Replace the generated part of dest with files; returns counts of written, unchanged, removed."""
    staging = Staging(dest, files)
    try:
        for rel in sorted(files):
            staging.put(rel, files[rel])
    except BaseException:
        staging.abort()
        raise
    return staging.commit()


class Staging:
    """The new tree, staged beside dest one file at a time (a run stages each page as it is rendered, while
    other processes render the rest), then swapped in by commit(), or removed by abort(). Until commit(), dest is
    as the last run left it. Made with the paths it will hold: a hand-written file in the way is refused before
    anything is staged."""

    def __init__(self, dest: Path, paths):
        self.dest, self.paths = dest, frozenset(paths)
        for rel in sorted(self.paths):
            if not _safe(rel):
                raise OutputError(f"refusing to write outside {dest}: {rel}")
        recover(dest)
        check_writable(dest)
        self.old_ours = read_manifest(dest)
        keep = hand_written(dest, self.old_ours)
        # A hand-written page may also be published where a generated one is (`timeline/index.md` and
        # `timeline.md` both make timeline/index.html): MkDocs would keep one of them without a word.
        published = {address(p).lower(): p for p in self.paths}
        clash = sorted(rel for rel in keep if rel in self.paths or address(rel).lower() in published)
        if clash:
            rel = clash[0]
            also = "" if rel in self.paths else f", and would be published where the generator's " \
                f"{published[address(rel).lower()]} is"
            raise OutputError(f"{dest / rel} exists and was not made by the generator{also}; "
                              "move it away or rename it, the generator never overwrites it")
        self.stage = staging_folder(dest)
        self.old_root, self.new_root = os.fspath(dest), os.fspath(self.stage)
        self.stats = {"written": 0, "unchanged": 0, "removed": len(self.old_ours - self.paths)}
        self.folders: set[str] = set()
        self.put_paths: set[str] = set()
        try:
            self.stage.mkdir(parents=True)
            for rel in keep:
                link_or_copy(os.path.join(self.old_root, rel), self._staged(rel))
        except OSError as exc:
            self._failed(exc)

    def _staged(self, rel: str) -> str:
        """The path of rel in the staged tree, its folder made once."""
        folder = rel.rpartition("/")[0]
        if folder and folder not in self.folders:
            os.makedirs(os.path.join(self.new_root, folder), exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.new_root, rel)

    def put(self, rel: str, data: bytes) -> None:
        """Stage one of the paths: a hard link to the last run's file when it holds these bytes (so its
        modification time stays), the bytes otherwise."""
        if rel not in self.paths or rel in self.put_paths:
            raise OutputError(f"{rel} is not one of the files this run stages, or is staged twice")
        self.put_paths.add(rel)
        try:
            target, old = self._staged(rel), os.path.join(self.old_root, rel)
            if rel in self.old_ours and _same(old, data):
                link_or_copy(old, target)
                self.stats["unchanged"] += 1
            else:
                with open(target, "wb") as fh:
                    fh.write(data)
                self.stats["written"] += 1
        except OSError as exc:
            self._failed(exc)

    def commit(self) -> dict[str, int]:
        """Swap the staged tree in (every path must have been put); returns counts of written, unchanged,
        removed."""
        missing = sorted(self.paths - self.put_paths)
        if missing:
            self.abort()
            raise OutputError(f"cannot write {self.dest}: {missing[0]} was never staged; the previous content is kept")
        try:
            manifest = json.dumps({"generator": "briefing", "files": sorted(self.paths)}, indent=0).encode() + b"\n"
            if _same(os.path.join(self.old_root, MANIFEST), manifest):  # nothing in the file set changed
                link_or_copy(os.path.join(self.old_root, MANIFEST), self._staged(MANIFEST))
            else:
                (self.stage / MANIFEST).write_bytes(manifest)
            _fsync_tree(self.stage)
        except OSError as exc:
            self._failed(exc)
        try:
            swap(self.stage, self.dest, rescue=set(self.paths) | {MANIFEST})
        except OutputError:
            self.abort()
            raise
        return dict(self.stats)

    def abort(self) -> None:
        remove_tree(self.stage)

    def _failed(self, exc: OSError):
        self.abort()
        raise OutputError(f"cannot write {self.dest}: {exc.strerror or exc} ({exc.filename or self.stage}); "
                          "the previous content is kept") from None


def swap(new: Path, dest: Path, rescue: set[str] | None = None, what: str = "content") -> None:
    """Put `new` in the place of `dest` with two renames, or leave dest as it was and raise OutputError.

    With `rescue` (the paths the generator writes), a hand-written file added to or replaced in dest while the
    new tree was staged is moved into the new tree rather than lost with the old one. Ctrl-C waits until the
    swap is done and the old tree removed (interrupt.deferred): an interrupted run knows which tree is in place,
    and leaves no half-removed one beside it."""
    prev = _prev(dest)
    with interrupt.deferred():
        try:
            if dest.exists():
                dest.rename(prev)
        except OSError as exc:
            raise OutputError(f"cannot replace {dest}: {os_reason(exc)}; the previous {what} is kept") from None
        try:
            new.rename(dest)
        except OSError as exc:
            if prev.exists() and not dest.exists():
                prev.rename(dest)  # back as it was
            raise OutputError(f"cannot replace {dest}: {os_reason(exc)}; the previous {what} is kept") from None
        interrupt.replaced(dest)
        if rescue is not None and prev.exists():
            _rescue(prev, dest, rescue)
        if prev.exists():
            try:
                remove_tree(prev)
            except OSError as exc:  # check_writable ran before: only a change made during the run gets here
                log.warning("%s is in place, but the previous one could not be removed (%s); the next run "
                            "removes %s", dest, os_reason(exc), prev)


def _rescue(prev: Path, dest: Path, generated: set[str]) -> None:
    generated = generated | read_manifest(prev)  # what the generator made, before and now, is never rescued
    for rel in _files(prev):
        if rel in generated:
            continue
        path, target = prev / rel, dest / rel
        try:
            if target.is_symlink() or target.exists():
                if not path.is_symlink() and not target.is_symlink() and os.path.samefile(path, target):
                    continue  # the hard link the staging made: nothing changed
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        except OSError:  # best effort: the staged copy of the file is still there
            pass


def _same(path: str, data: bytes) -> bool:
    """Whether path is a regular file (not a link) holding exactly these bytes."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def link_or_copy(src: str, dst: str) -> None:
    """dst as a hard link to src (a symbolic link as itself), or a copy where a link cannot be made."""
    if os.path.islink(src):
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

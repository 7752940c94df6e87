"""Finding the sources: the files under the sources folder a reader knows, in a stable order, with a line for
each file skipped on purpose and a reason for each one refused. A symbolic link is never followed out of the
folder."""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourceError, display_path

READERS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
BACKUP_RE = re.compile(r"(~|\.bak|\.swp|\.swo|\.swx|\.tmp|\.orig|\.rej|\.part|\.crdownload)$|^#.*#$", re.I)


@dataclass(frozen=True)
class Listing:
    files: tuple[Path, ...]  # sources to read, sorted by relative path
    notices: tuple[str, ...]  # files skipped on purpose, one line each
    refused: tuple[tuple[str, str], ...]  # (relative path, reason) of files that can never be read
    unreadable: tuple[tuple[str, str], ...] = ()  # (relative path + "/", reason) of folders that cannot be listed


def ignored(name: str) -> bool:
    """Hidden files and editor backups: skipped without a word."""
    return name.startswith(".") or bool(BACKUP_RE.search(name))


def discover(sources_dir: Path) -> Listing:
    """List readable sources under sources_dir, in a stable order independent of the file system."""
    root = sources_dir.resolve()
    if not root.is_dir():
        raise SourceError(sources_dir, "sources folder not found")
    files, notices, refused, unreadable = [], [], [], []

    def cannot_list(exc: OSError) -> None:  # os.walk skips such a folder without a word: each one is named
        folder = Path(exc.filename) if exc.filename else root
        if folder == root:
            raise SourceError(sources_dir, f"cannot read the sources folder: {exc.strerror or exc}")
        unreadable.append((display_path(folder.relative_to(root).as_posix()) + "/",
                           f"cannot read the folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=cannot_list, followlinks=False):
        here = Path(dirpath)
        prefix = "" if here == root else here.relative_to(root).as_posix() + "/"  # once a folder, not a file
        for name in sorted(dirnames):
            path = here / name
            if name.startswith(".") or not path.is_symlink():
                continue
            rel = display_path(path.relative_to(root).as_posix())
            problem = link_problem(path, root)
            if problem is None:
                notices.append(f"{rel}: ignored (symbolic link to a folder inside the sources folder; "
                               "its files are read where they are)")
            else:
                refused.append((rel, problem))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            if ignored(name):
                continue
            path = here / name
            raw_rel = prefix + name
            rel = display_path(raw_rel)
            if rel != raw_rel:
                refused.append((rel, "file name is not valid UTF-8 or contains control characters; rename it"))
                continue
            problem = link_problem(path, root) if path.is_symlink() else None
            if problem == LOOP:  # a loop of links to folders is listed as a file: named as what it is
                refused.append((rel, problem))
                continue
            if path.suffix.lower() not in READERS:
                notices.append(f"{rel}: ignored (unknown extension {path.suffix or 'none'}; "
                               f"known: {', '.join(sorted(READERS))})")
                continue
            if problem:
                refused.append((rel, problem))
                continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                reason = "broken symbolic link" if path.is_symlink() else f"cannot read: {exc.strerror or exc}"
                refused.append((rel, reason))
                continue
            if not stat.S_ISREG(mode):
                refused.append((rel, "not a regular file (a device, pipe or socket), refused"))
                continue
            files.append((raw_rel, path))
    files.sort(key=lambda item: item[0])
    return Listing(tuple(path for _rel, path in files), tuple(sorted(notices)), tuple(sorted(refused)),
                   tuple(sorted(unreadable)))


LOOP = "symbolic link loop (following it never reaches a file), refused"


def link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link cannot be followed (a loop, or a target outside the sources folder); None when it
    leads inside the folder."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError on a loop
        return LOOP
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
    if not target.is_relative_to(root):
        return "symbolic link leading outside the sources folder, refused"
    return None

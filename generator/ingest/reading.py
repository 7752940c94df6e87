"""One source file to a RawSource: read at most `max_bytes` bytes without following a link out of the sources
folder, decode, then hand the text to the reader of its format."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.errors import SourceError
from generator.ingest.decoding import decode, normalise
from generator.ingest.files import READERS, link_problem
from generator.ingest.html_reader import read_html
from generator.ingest.markdown_reader import read_markdown
from generator.models import RawSource


def read_source(path: Path, sources_dir: Path, max_bytes: int) -> RawSource:
    """The source at `path`, named by its path relative to `sources_dir`; SourceError on anything unusable."""
    root = sources_dir.resolve()
    # The link itself, not its target, names the source (a link inside the folder is read as the file it is).
    try:
        rel = (path.parent.resolve() / path.name).relative_to(root).as_posix()
    except ValueError:
        raise SourceError(path, "outside the sources folder, refused") from None
    if path.is_symlink() and (problem := link_problem(path, root)):
        raise SourceError(rel, problem)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it changes nothing for a regular file.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SourceError(rel, "not a regular file (a device, pipe or socket), refused")
            data = handle.read(max_bytes + 1)  # never more than the limit, even if the file grows meanwhile
            if len(data) > max_bytes:
                size = max(os.fstat(handle.fileno()).st_size, len(data))
                raise SourceError(rel, f"too large ({size:,} bytes; the limit is {max_bytes:,}, "
                                       "set limits.max_file_bytes in briefing.yml)")
    except OSError as exc:
        raise SourceError(rel, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, rel, READERS[path.suffix.lower()])


def parse_bytes(data: bytes, rel: str, fmt: str) -> RawSource:
    """The source `rel` from its bytes, read as `fmt` ("txt", "md" or "html", see READERS)."""
    digest = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, rel)
    text = normalise(text)
    if not text.strip():
        raise SourceError(rel, "empty file (only whitespace and control characters)")
    if fmt == "md":
        return read_markdown(text, rel, digest, encoding)
    if fmt == "html":
        return read_html(text, rel, digest, encoding)
    return RawSource(rel, text, "txt", digest, {}, (), encoding)

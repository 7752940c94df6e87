"""A build of many pages shared by several MkDocs processes: MkDocs renders pages one after another in one process,
and a clean build of 1,000 sources kept one core busy for 13 s while the other waited.

Each part is a MkDocs process run with `--dirty` on its own folder, in which the pages of the other parts are
stand-ins: empty files with the time of their Markdown, which `--dirty` takes as made (it compares the times and
never reads the file). Each process then renders its own pages, the shared ones (the 404 page, the sitemap) and the
theme's files; the pages each made are moved into the first part's folder in the place of their stand-ins, which
makes the same files as one process (tests/test_build_parts.py compares them byte for byte). Only the first part's
shared files are kept: the others' are the same.

The parts are balanced by the size of their Markdown (an entity page listing 400 sources costs a hundred source
pages), assigned largest first to the lightest part, in a fixed order: the same content gives the same parts.
"""
from __future__ import annotations

import os
from pathlib import Path

from generator import parallel
from generator.incremental.rebuild import output_of, stand_in

# Below this many pages for each process, starting one more MkDocs (about 0.5 s: its configuration, theme and
# navigation) costs more than the pages it would take over.
MIN_PAGES_PER_PART = 150
# The folder of part i beside the staging folder: `<staging><SUFFIX><i>`.
SUFFIX = ".part"
# More processes than this rarely pay: each holds the whole navigation in memory.
MAX_PARTS = 4


def count(pages: int, cores: int | None = None) -> int:
    """How many processes a build of `pages` pages is shared by, with `cores` processors (default: those this
    process may run on)."""
    cores = cores if cores is not None else parallel.allowed(0)
    return max(1, min(cores, MAX_PARTS, pages // MIN_PAGES_PER_PART))


def split(pages: list[str], docs_dir: Path, parts: int) -> list[list[str]]:
    """`pages` (docs paths of Markdown files) in `parts` lists of about the same Markdown size."""
    sizes = {page: _size(docs_dir / page) for page in pages}
    out: list[list[str]] = [[] for _ in range(parts)]
    load = [0] * parts
    for page in sorted(pages, key=lambda p: (-sizes[p], p)):
        lightest = min(range(parts), key=lambda i: (load[i], i))
        out[lightest].append(page)
        load[lightest] += sizes[page] + 1
    return [sorted(part) for part in out]


def stand_in_for(folder: Path, docs_dir: Path, pages: list[str], directory_urls: bool) -> None:
    """In `folder`, a stand-in for each of `pages` that another part makes, with its Markdown's time: skipped."""
    for page in pages:
        target = folder / output_of(page, directory_urls)
        target.parent.mkdir(parents=True, exist_ok=True)
        stand_in(target, os.stat(docs_dir / page))


def gather(into: Path, folder: Path, pages: list[str], directory_urls: bool) -> None:
    """Move the pages `folder`'s process made into `into`, over their stand-ins there; where it made none (a
    page MkDocs leaves out), the stand-in goes too, as one process would have made nothing there."""
    for page in pages:
        rel = output_of(page, directory_urls)
        try:
            os.replace(folder / rel, into / rel)
        except FileNotFoundError:
            (into / rel).unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0

"""Incrementality: everything the generator keeps between runs, in one folder (`.cache/` beside content/), read
and written by this package alone. The stages never see it: the pipeline hands them values (the page memos, a
reader of the last run's files) and stores what they return.

    .cache/analysis/            one sealed entry per analysed source, and index.json (analyses.py)
    .cache/last-run.json        the run record: what the last run was made from and left (runs.py)
    .cache/pages.json           page memos: the digest of each page's inputs and of its bytes (pages.py)
    .cache/config.validated     the last configuration validated (configs.py)
    .cache/compiled-templates/  Jinja's compiled templates (templates.py)
    .cache/<site>-build.json    the record of the last MkDocs build (rebuild.py)

Every record is keyed by one code fingerprint (fingerprint.py): any edit to the generator, a template or its data,
or another version of a library it calls, makes every record stale. Everything here is an optimisation: a
missing, damaged or foreign record means the work is done again, never a wrong result.
"""
from __future__ import annotations

from pathlib import Path

FOLDER = ".cache"


def default_folder(content: Path) -> Path:
    """The cache folder of a content folder: beside it."""
    return Path(content).resolve().parent / FOLDER

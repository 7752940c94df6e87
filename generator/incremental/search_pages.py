"""What the search index's plan read of each page of the last site (search_index.plan's `memo`): the file's inode,
size and time, with the digest, language, filters and body marker read from its bytes. A build after one edit
hard-links all but a few pages of the last site (rebuild.seed): reading 5,000 pages again was a second of it."""
from __future__ import annotations

import json
from pathlib import Path

from generator.incremental.store import write_atomic

SEARCH_PAGES = "search-pages.json"
FORMAT = 1


def read(cache_dir: Path) -> dict[str, list]:
    """The last plan's pages; {} when the record is missing, damaged or of another format (search_index checks
    each entry's shape)."""
    try:
        data = json.loads((Path(cache_dir) / SEARCH_PAGES).read_text(encoding="utf-8"))
        return dict(data["pages"]) if data.get("format") == FORMAT and isinstance(data.get("pages"), dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def remember(cache_dir: Path, pages: dict[str, list]) -> None:
    write_atomic(Path(cache_dir) / SEARCH_PAGES,
                 json.dumps({"format": FORMAT, "pages": pages}, separators=(",", ":")).encode() + b"\n")

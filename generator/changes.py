"""What changed since the previous build, from the previous briefing.json, never from the clock.

When nothing changed, the previous list of changes is carried forward, so regenerating twice gives the same
bytes and the home page keeps telling a returning reader what the last real update brought.

What a comparison needs of the previous briefing (its sources' slugs, its events, its topics' members, a digest
of the rest) is its Basis, which also holds each source's line of the file, for the next run to reuse. With a
cache, each run keeps the basis of the briefing.json it writes, sealed with the sha256 of that file, so the next
run loads a few thousand strings instead of parsing the file into dictionaries (4 MB at a thousand sources, a
tenth of a second); a basis whose seal is not the file's (the file was edited, replaced, or the run that wrote
the basis never wrote the file) is not used, and the file is parsed as before.

briefing.json is written here too, in the layout the digest is taken from: its data without "changes", one
item per line, then "changes".
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import orjson  # several times as quick as the json module on a file of thousands of sources

EMPTY = {"first_build": True, "previous_sources": 0, "new_sources": [], "removed_sources": [], "new_events": [],
         "topics": []}
MAGIC = b"briefing-changes-basis 1\n"


@dataclass(frozen=True)
class Basis:
    """What the next build compares its briefing with, drawn from one briefing's data."""
    core: str  # sha256 of the data without "changes", as core_json() writes it
    changes: dict | None  # its "changes", when it has them
    sources: frozenset  # slugs
    events: frozenset  # (date, text)
    topics: dict  # slug -> frozenset of source slugs
    # Each source's line in the file, with the digest of what it was made from (render decides what that is):
    # slug -> (digest, line). Lines are reused only under the same salt (the generator and configuration).
    lines: dict = field(default_factory=dict)
    salt: str = ""


def basis(data: dict, core: str | None = None, lines: dict | None = None, salt: str = "") -> Basis:
    """The basis of a briefing's data (as briefing.json holds it; `core` is its core_digest when known; `lines`
    its sources' lines, slug -> (digest, line), when its "sources" are those lines). Tolerant of a file edited
    by hand: what is not in the expected shape is left out."""
    changes = data.get("changes")
    slugs = lines.keys() if lines is not None else (s.get("slug") for s in _dicts(data.get("sources")))
    return Basis(core if core is not None else core_digest(data),
                 changes if isinstance(changes, dict) else None,
                 frozenset(slugs),
                 frozenset((e.get("date"), e.get("text")) for e in _dicts(data.get("events"))),
                 {t.get("slug"): frozenset(t.get("sources") or ()) for t in _dicts(data.get("topics"))},
                 dict(lines or {}), salt)


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def compare(before: Basis | None, current: dict, core: str | None = None, slugs: list[str] | None = None) -> dict:
    """What changed from the briefing `before` describes to `current`, the new briefing.json data without its
    "changes" key (`core`: its core_digest, when known; `slugs`: its sources', when its "sources" are lines)."""
    if before is None:
        return dict(EMPTY)
    if before.changes is not None and before.core == (core if core is not None else core_digest(current)):
        return before.changes
    new_sources = list(slugs) if slugs is not None else [s["slug"] for s in current["sources"]]
    topics = []
    for t in current["topics"]:
        was, now = before.topics.get(t["slug"], frozenset()), set(t["sources"])
        if was != now:
            topics.append({"slug": t["slug"], "added": sorted(now - was), "removed": sorted(was - now)})
    return {
        "first_build": False,
        "previous_sources": len(before.sources),
        "new_sources": sorted(s for s in new_sources if s not in before.sources),
        "removed_sources": sorted({str(s) for s in before.sources} - set(new_sources)),
        "new_events": [{"date": e["date"], "text": e["text"], "sources": e["sources"]}
                       for e in current["events"] if (e["date"], e["text"]) not in before.events],
        "topics": topics,
    }


def previous(path: Path, kept: Path | None = None) -> Basis | None:
    """The basis of the briefing.json at path (None when there is none, or it is not a briefing): the one kept
    at `kept` when it was drawn from these very bytes, or else drawn from the file."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if kept is not None:
        found = _unseal(kept, hashlib.sha256(raw).hexdigest())
        if found is not None:
            return found
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:  # not UTF-8 or not JSON
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None
    return basis(data)


def keep(kept: Path, written: bytes, its_basis: Basis) -> None:
    """Keep the basis of the briefing.json about to be written as `written`, sealed with its sha256 (in the
    analysis cache's envelope). A failure only costs the next run the parsing of the file."""
    from generator.cache import seal, write_atomic

    payload = pickle.dumps(its_basis, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(kept, seal(hashlib.sha256(written).hexdigest(), payload, MAGIC))


def _unseal(kept: Path, digest: str) -> Basis | None:
    """The basis kept, when it is intact and sealed with this digest of the file."""
    from generator.cache import open_sealed

    try:
        found = open_sealed(kept.read_bytes(), digest, MAGIC)
    except OSError:
        return None
    return found if isinstance(found, Basis) else None


def core_json(data: dict) -> bytes:
    """briefing.json's data without "changes", one source, topic, entity or event per line (readable, diffable),
    up to where "changes" follows; written by orjson (the json module takes several times as long on thousands
    of sources, and this file is written every run). An item given as bytes is a line already written."""
    parts = []
    for key, value in data.items():
        if key == "changes":
            continue
        if isinstance(value, list) and value:
            items = b",\n".join(b"  " + (item if isinstance(item, bytes) else orjson.dumps(item)) for item in value)
            parts.append(b" " + orjson.dumps(key) + b": [\n" + items + b"\n ]")
        else:
            parts.append(b" " + orjson.dumps(key) + b": " + orjson.dumps(value))
    return b"{\n" + b",\n".join(parts)


def core_digest(data: dict) -> str:
    return hashlib.sha256(core_json(data)).hexdigest()


def briefing_json(core: bytes, changes: dict) -> bytes:
    """The file: its core_json(), then its changes."""
    return core + (b",\n" if core != b"{\n" else b"") + b' "changes": ' + orjson.dumps(changes) + b"\n}\n"

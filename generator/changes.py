"""What changed since the previous build, from the previous briefing.json, never from the clock.

When nothing changed, the previous list of changes is carried forward, so regenerating twice gives the same
bytes and the home page keeps telling a returning reader what the last real update brought.

What a comparison needs of the previous briefing (its sources' slugs, its events, its topics' members, a digest
of the rest) is its Basis, drawn from the file.

briefing.json is written here too, in the layout the digest is taken from: its data without "changes", one
item per line, then "changes".
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import orjson  # several times as quick as the json module on a file of thousands of sources

EMPTY = {"first_build": True, "previous_sources": 0, "new_sources": [], "removed_sources": [], "new_events": [],
         "topics": []}


@dataclass(frozen=True)
class Basis:
    """What the next build compares its briefing with, drawn from one briefing's data."""
    core: str  # sha256 of the data without "changes", as core_json() writes it
    changes: dict | None  # its "changes", when it has them
    sources: frozenset  # slugs
    events: frozenset  # (date, text)
    topics: dict  # slug -> frozenset of source slugs


def basis(data: dict) -> Basis:
    """The basis of a briefing's data (as briefing.json holds it). Tolerant of a file edited by hand: what is not
    in the expected shape is left out."""
    changes = data.get("changes")
    return Basis(core_digest(data),
                 changes if isinstance(changes, dict) else None,
                 frozenset(s.get("slug") for s in _dicts(data.get("sources"))),
                 frozenset((e.get("date"), e.get("text")) for e in _dicts(data.get("events"))),
                 {t.get("slug"): frozenset(t.get("sources") or ()) for t in _dicts(data.get("topics"))})


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def compare(before: Basis | None, current: dict, core: str | None = None) -> dict:
    """What changed from the briefing `before` describes to `current`, the new briefing.json data without its
    "changes" key (`core`: its core_digest, when known)."""
    if before is None:
        return dict(EMPTY)
    if before.changes is not None and before.core == (core if core is not None else core_digest(current)):
        return before.changes
    new_sources = [s["slug"] for s in current["sources"]]
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


def previous(path: Path) -> Basis | None:
    """The basis of the briefing.json at path (None when there is none, or it is not a briefing)."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):  # missing, not UTF-8 or not JSON
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None
    return basis(data)


def core_json(data: dict) -> bytes:
    """briefing.json's data without "changes", one source, topic, entity or event per line (readable, diffable),
    up to where "changes" follows; written by orjson (the json module takes several times as long on thousands
    of sources, and this file is written every run)."""
    parts = []
    for key, value in data.items():
        if key == "changes":
            continue
        if isinstance(value, list) and value:
            items = b",\n".join(b"  " + orjson.dumps(item) for item in value)
            parts.append(b" " + orjson.dumps(key) + b": [\n" + items + b"\n ]")
        else:
            parts.append(b" " + orjson.dumps(key) + b": " + orjson.dumps(value))
    return b"{\n" + b",\n".join(parts)


def core_digest(data: dict) -> str:
    return hashlib.sha256(core_json(data)).hexdigest()


def briefing_json(core: bytes, changes: dict) -> bytes:
    """The file: its core_json(), then its changes."""
    return core + (b",\n" if core != b"{\n" else b"") + b' "changes": ' + orjson.dumps(changes) + b"\n}\n"

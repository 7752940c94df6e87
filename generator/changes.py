"""What changed since the previous build, from the previous briefing.json, never from the clock.

When nothing changed, the previous list of changes is carried forward, so regenerating twice gives the same
bytes and the home page keeps telling a returning reader what the last real update brought.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import orjson  # several times as quick as the json module on a file of thousands of sources

EMPTY = {"first_build": True, "previous_sources": 0, "new_sources": [], "removed_sources": [], "new_events": [],
         "topics": []}


def read_previous(path: Path) -> dict | None:
    """The previous briefing.json's data, or None. Remembered with the digest of its bytes: a run reads it ahead,
    while it links the corpus, rather than when the worker processes rendering the pages need this one to hand
    them work (parsing a large file holds the interpreter for a tenth of a second)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).digest()
    if _READ and _READ[0] == digest:
        return _READ[1]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:  # not UTF-8 or not JSON
        return None
    data = data if isinstance(data, dict) and isinstance(data.get("sources"), list) else None
    _READ[:] = [digest, data]
    return data


_READ: list = []  # [digest, data] of the last file read


def _core(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "changes"}


def compare(previous: dict | None, current: dict) -> dict:
    """current is the new briefing.json data without its "changes" key."""
    if previous is None:
        return dict(EMPTY)
    if _core(previous) == current and isinstance(previous.get("changes"), dict):
        return previous["changes"]
    old_sources = {s.get("slug"): s for s in previous.get("sources", []) if isinstance(s, dict)}
    new_sources = {s["slug"]: s for s in current["sources"]}
    old_events = {(e.get("date"), e.get("text")) for e in previous.get("events", []) if isinstance(e, dict)}
    old_topics = {t.get("slug"): set(t.get("sources", [])) for t in previous.get("topics", []) if isinstance(t, dict)}
    topics = []
    for t in current["topics"]:
        before, after = old_topics.get(t["slug"], set()), set(t["sources"])
        if before != after:
            topics.append({"slug": t["slug"], "added": sorted(after - before), "removed": sorted(before - after)})
    return {
        "first_build": False,
        "previous_sources": len(old_sources),
        "new_sources": sorted(s for s in new_sources if s not in old_sources),
        "removed_sources": sorted({str(s) for s in old_sources if s not in new_sources}),
        "new_events": [{"date": e["date"], "text": e["text"], "sources": e["sources"]}
                       for e in current["events"] if (e["date"], e["text"]) not in old_events],
        "topics": topics,
    }

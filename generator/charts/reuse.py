"""The last run's charts, reused while the data they were drawn from is the same: each file carries the key of
its data as a comment, and a run whose key matches takes the files as they are (matplotlib is then not even
imported)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import orjson

from generator.charts.data import FILES, words
from generator.charts.drawing import draw_all
from generator.link import Briefing


def chart_key(b: Briefing) -> str:
    """A hash of everything the drawings read: topics, events, entities, and the date, topics and entities of
    each story (its text does not matter), with the code that draws them. The same key means the same
    pictures, so a run that changed no chart's data reuses the previous run's files."""
    data = {
        "topics": [[t.topic.slug, t.topic.name, list(t.sources)] for t in b.topics],
        "events": [[repr(ev.date), ev.sentence, list(ev.sources), list(ev.topics), ev.relative] for ev in b.events],
        "entities": [[e.key, e.name, e.kind, list(e.sources), e.mentions] for e in b.entities.values()],
        "stories": [[s.slug, repr(s.date), s.duplicate_of, list(s.topics), list(s.entities)]
                    for s in b.sources.values()],
    }
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):  # the drawing code: this package and matplotlib
        h.update(path.read_bytes())
    h.update(f"interface {words(b).digest}\n".encode())  # and the words written on the charts
    h.update(f"matplotlib {_matplotlib_version()}\n".encode())
    h.update(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def _matplotlib_version() -> str:
    from generator.cache import library_versions, normal_name

    return library_versions(("matplotlib",)).get(normal_name("matplotlib"), "missing")


def _marked(svg: bytes, marker: bytes) -> bytes:
    """The key as a comment right after the XML declaration (nothing may come before it)."""
    head, sep, rest = svg.partition(b"\n")
    return head + sep + marker + rest if head.startswith(b"<?xml") else marker + svg


def render_charts(b: Briefing, previous: Callable[[str], bytes | None] | None = None) -> dict[str, bytes]:
    """Every chart as {path relative to content/: SVG bytes}. `previous(path)` gives the last run's file, reused
    when it carries this run's chart key."""
    return reusable(b, previous) or draw(b)


def reusable(b: Briefing, previous: Callable[[str], bytes | None] | None) -> dict[str, bytes] | None:
    """The last run's charts when every one of them was drawn from this run's data, else None."""
    if previous is None:
        return None
    marker = _marker(b)
    old = {path: previous(path) for path in FILES.values()}
    if all(data is not None and marker in data[:300] for data in old.values()):
        return old
    return None


def draw(b: Briefing) -> dict[str, bytes]:
    """Draw every chart (in FILES order), each marked with the key of the data it was drawn from."""
    drawn = draw_all(b)
    marker = _marker(b)
    return {path: _marked(drawn[path], marker) for path in FILES.values()}


def _marker(b: Briefing) -> bytes:
    return f"<!-- briefing chart data {chart_key(b)} -->\n".encode()

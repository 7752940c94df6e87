"""briefing.json: the briefing as data, with what changed since the last one (see changes.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import orjson

from generator import __version__, changes
from generator.models import Briefing, SourceEntry
from generator.render.article import source_meta
from generator.render.views import briefing_outlets


def briefing_with_changes(b: Briefing, last_briefing: Path | None) -> tuple[bytes, dict]:
    """briefing.json, with what changed since the last one (at `last_briefing`, if anywhere), and that
    comparison."""
    before = changes.previous(last_briefing) if last_briefing else None
    data = briefing_data(b)
    core = changes.core_json(data)
    what = changes.compare(before, data, hashlib.sha256(core).hexdigest())
    return changes.briefing_json(core, what), what


def briefing_data(b: Briefing) -> dict:
    """briefing.json's data, without "changes"."""
    return {
        "title": b.config.title,
        "description": b.config.description,
        "generator": f"briefing {__version__}",
        "text_published": b.config.publish_text,
        "sources": [source_json(e, b) for e in b.sources.values()],
        "topics": [{"slug": t.topic.slug, "name": t.topic.name, "description": t.topic.description,
                    "sources": list(t.sources), "related": list(t.topic.related),
                    "evidence": dict(sorted(t.evidence.items())),
                    "inferred": {slug: list(terms) for slug, (kind, terms) in sorted(t.how.items())
                                 if kind == "inferred"}} for t in b.topics],
        "entities": [{"key": e.key, "name": e.name, "kind": e.kind, "description": e.description,
                      "discovered": e.discovered, "sources": list(e.sources), "mentions": e.mentions}
                     for e in b.entities.values()],
        "events": [{"date": ev.date.iso(), "precision": ev.date.precision, "text": ev.sentence,
                    "sources": list(ev.sources), "topics": list(ev.topics), "relative": ev.relative}
                   for ev in b.events],
        "failures": [{"source_file": f.path, "reason": f.reason} for f in b.failures],
        "outlets": [{"slug": o.slug, "name": o.name, "sources": list(o.sources)} for o in briefing_outlets(b)],
    }


def source_json(e: SourceEntry, b: Briefing) -> dict:
    meta = source_meta(e, b.config)
    meta.pop("tags")
    meta["quotes"] = [{"text": q.text, "speaker": q.speaker, "language": q.language} for q in e.analysis.quotes]
    meta["events"] = [{"date": ev.date.iso(), "precision": ev.date.precision, "text": ev.sentence}
                      for ev in e.analysis.events]
    meta["topic_evidence"] = {t.slug: {"score": t.score, "sentence": t.evidence, "kind": t.kind, "terms": list(t.terms)}
                              for t in e.analysis.topics}
    meta["entities"] = [{"key": k, "name": b.entities[k].name, "kind": b.entities[k].kind} for k in e.entities]
    meta["related"] = [{"slug": r.slug, "score": r.score, "reason": r.reason} for r in e.related]
    return meta

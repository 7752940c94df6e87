"""briefing.json: the briefing as data, with what changed since the last one (see changes.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import orjson

from generator import __version__, changes
from generator.link import Briefing, SourceEntry
from generator.render.article import source_meta
from generator.render.views import briefing_outlets, serialised, without_analysis


def briefing_with_changes(b: Briefing, changes_from: tuple[Path | None, Path | None],
                          common: str) -> tuple[bytes, dict]:
    """briefing.json, with what changed since the last one, and that comparison. `changes_from`: where the last
    briefing.json is, and where its basis is kept (changes.previous), if anywhere. A source's line is the last
    one's when what it is made from is the same (most of them, after an edit); `common`: what every page
    depends on besides its own inputs (pages.common_inputs), which the lines do too."""
    last_briefing, basis_file = changes_from
    before = changes.previous(last_briefing, basis_file) if last_briefing else None
    reusable = before.lines if before is not None and before.salt == common else {}
    lines = {}
    for slug, entry in b.sources.items():
        key = line_key(entry, b)
        old = reusable.get(slug)
        lines[slug] = (key, old[1] if old is not None and old[0] == key else orjson.dumps(source_json(entry, b)))
    data = briefing_data(b, [line for _key, line in lines.values()])
    core = changes.core_json(data)
    digest = hashlib.sha256(core).hexdigest()
    what = changes.compare(before, data, digest, list(lines))
    out = changes.briefing_json(core, what)
    if basis_file is not None:
        changes.keep(basis_file, out, changes.basis({**data, "changes": what}, digest, lines, common))
    return out, what


def line_key(entry: SourceEntry, b: Briefing) -> bytes:
    """The digest of what a source's line in briefing.json is made from besides the common inputs (see
    source_json): its entry, with its analysis as [path, digest of its bytes] (as for its page), and its
    entities' names."""
    names = [[k, b.entities[k].name, b.entities[k].kind] for k in entry.entities]
    return hashlib.sha256(serialised([without_analysis(entry), names])).digest()


def briefing_data(b: Briefing, sources: list | None = None) -> dict:
    """briefing.json's data, without "changes" (`sources`: their lines, when already written)."""
    return {
        "title": b.config.title,
        "description": b.config.description,
        "generator": f"briefing {__version__}",
        "text_published": b.config.publish_text,
        "sources": [source_json(e, b) for e in b.sources.values()] if sources is None else sources,
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

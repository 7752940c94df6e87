"""A source page's own data: its text with entity links, its front matter and where its date was read."""
from __future__ import annotations

from markupsafe import Markup

from generator import text_policy
from generator.models import SourceEntry
from generator.text import fold
from generator.models import HEADING, Provenance
from generator.render.escape import paragraph, with_links


def article(entry: SourceEntry, config) -> list[tuple[str, Markup]]:
    """The cleaned text as (kind, markup) with the first mention of each entity linked to its page: headings as
    Markdown (they get the table of contents' ids), paragraphs as HTML blocks (see paragraph)."""
    from generator.matcher import compile_aliases

    linked: set[str] = set()
    targets = []
    for key in entry.entities:
        mention = next(m for m in entry.analysis.mentions if m.key == key)
        names = [mention.surface, mention.name]
        spec = next((e for e in config.entities if e.slug == key), None)
        if spec:
            names += list(spec.all_aliases())
        targets.append((key, compile_aliases(key, names)))
    shadows = compile_aliases("", config.topic_aliases())
    out = []
    for block in text_policy.published_blocks(entry.analysis.blocks, config.publish_text, config.excerpt_chars):
        text = block.text
        folded = fold(text)
        found = {key: aliases.spans(text, folded) for key, aliases in targets}
        found[""] = shadows.spans(text, folded)  # the topics' names: "Alger" of "Accord d'Alger" is not linked
        spans = []
        for key, _aliases in targets:
            if key in linked:
                continue
            # The first mention that is not a word of another entity's longer name ("Sahel" in "G5 Sahel").
            span = next((s for s in found.get(key, ()) if not any(
                k != key and a <= s[0] and s[1] <= c and c - a > s[1] - s[0]
                for k, others in found.items() for a, c in others)), None)
            if span and not any(a < span[1] and span[0] < c for a, c, _ in spans):
                spans.append((span[0], span[1], key))
                linked.add(key)
        spans.sort()
        out.append((block.kind, with_links(text, spans) if block.kind == HEADING else paragraph(text, spans)))
    return out


def date_from(entry: SourceEntry) -> str:
    """Where the source's date was read: its basis, a declared date told apart as front matter or metadata."""
    declared = entry.date.basis == "declared" and entry.analysis.provenance.date_from
    return declared or entry.date.basis


def source_meta(entry: SourceEntry, config) -> dict:
    a = entry.analysis
    origin: Provenance = a.provenance
    return {
        "title": a.title,
        "title_generated": a.title_generated,
        "slug": entry.slug,
        "source_file": a.source.path,
        "date": entry.date.iso(),
        "date_precision": entry.date.precision,
        "date_basis": entry.date.basis,
        "date_from": date_from(entry),
        "url": origin.url or None,
        "author": origin.author or None,
        "publisher": origin.publisher or None,
        "language": a.language,
        "paragraph_languages": list(a.paragraph_languages),
        "summary": list(a.summary),
        "standfirst": a.standfirst,
        "topics": list(entry.topics),
        "tags": [config.topic(t).name for t in entry.topics],
        "entities": list(entry.entities),
        "keyphrases": list(a.keyphrases),
        "related": [r.slug for r in entry.related],
        "duplicate_of": entry.duplicate_of,
        "translations": list(entry.translations),
    }

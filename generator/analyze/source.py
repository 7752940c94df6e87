"""Everything the generator understands of one source, independent of the others.

A pure function of (RawSource, Config): safe to run in worker processes and to cache.
"""
from __future__ import annotations

import re
from dataclasses import replace

from generator.analyze import clean, dates, entities, keyphrases, language, quotes, sentences, summary, topics
from generator import features
from generator.analyze.text import shorten, words
from generator.config import Config
from generator.models import BODY, DATELINE, HEADING, TITLE, Analysis, Block, PubDate

LEAD_PARAGRAPHS = 2
# Bounds that keep analysis time linear on huge sources: the whole text is published, but summaries, quotes,
# events, entities and topics are drawn from its first part, where a news text says what matters.
MAX_ANALYSED_CHARS = 200_000
MAX_ANALYSED_SENTENCES = 2_000
GENERATED_TITLE_CHARS = 90


def analyze_source(raw, config: Config, known_languages: dict[str, str | None] | None = None) -> Analysis:
    """`known_languages`: paragraph -> detected language, from an earlier analysis of this source with this
    configuration (see language.document_language)."""
    blocks, glued_date = clean.segment(raw)
    body = [b for b in blocks if b.kind == BODY]
    lang, per_para = _language(raw, body, config, known_languages)
    blocks = _with_languages(blocks, body, per_para, lang)
    body = [b for b in blocks if b.kind == BODY]
    analysed = _bounded([b.text for b in body])
    per_paragraph = [sentences.split(text, b.language or lang) for text, b in zip(analysed, body)]
    body_sents = [s for group in per_paragraph for s in group][:MAX_ANALYSED_SENTENCES]
    title, generated = _title(raw, blocks, body_sents)
    pub = _publication_date(raw, blocks, glued_date, body, analysed, lang)
    summ = summary.summarise(body_sents, config.summary_sentences, keyphrases.stop_words(lang))
    lead = [s for group in per_paragraph[:LEAD_PARAGRAPHS] for s in group]
    rest = body_sents[len(lead):]
    prose_for_keys = "\n".join(b.text if b.kind == BODY else b.text + "." for b in blocks if b.kind in (BODY, HEADING))
    analysis = Analysis(
        source=raw,
        title=title,
        title_generated=generated,
        language=lang,
        date=pub,
        blocks=tuple(blocks),
        summary=tuple(summ),
        standfirst=summary.standfirst(summ),
        quotes=tuple(quotes.extract_quotes(analysed, lang)),
        events=tuple(topics.of_events(dates.extract_events(body_sents, lang, pub.value), config.topics)),
        keyphrases=tuple(keyphrases.extract(prose_for_keys, lang)),
        topics=tuple(topics.tag(title, lead, rest, config.topics, config.topic_threshold)
                     if topics.in_scope([title, *body_sents], config.scope, config.scope_min_mentions) else ()),
        mentions=tuple(entities.find(([title] if not generated else []) + body_sents, config.entities)),
        paragraph_languages=tuple(sorted({b.language for b in body if b.language})),
        detected=tuple(per_para) if body else (),
    )
    return replace(analysis, features=features.of(analysis))


def _language(raw, body: list[Block], config: Config, known) -> tuple[str, list[str | None]]:
    texts = [b.text for b in body] or [raw.text]
    detected, per = language.document_language(texts, config.detect_languages, known)
    declared = (raw.declared.get("language") or "").lower()[:2]
    return (declared if declared.isalpha() and len(declared) == 2 else detected), per


def _with_languages(blocks: list[Block], body: list[Block], per: list[str | None], lang: str) -> list[Block]:
    by_id = {id(b): (p or lang) for b, p in zip(body, per)}
    return [Block(b.text, b.kind, by_id.get(id(b), lang if b.kind in (BODY, HEADING, TITLE) else None)) for b in blocks]


def _title(raw, blocks: list[Block], body_sents: list[str]) -> tuple[str, bool]:
    declared = _strip_site_name(" ".join((raw.declared.get("title") or "").split()))
    # Front matter is the author's word; an HTML page's <title> or og:title may be a site name, a section or
    # a banner, and then the headline in the text is the better title.
    if declared and (raw.fmt != "html" or (clean.words(declared) >= 2 and not clean.not_a_headline(declared))):
        return declared, False
    found = next((b.text for b in blocks if b.kind == TITLE), None)
    if found:
        return found, False
    lead = next((s for s in body_sents if words(s) >= 4), None)
    if lead is None:
        return (shorten(raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0], GENERATED_TITLE_CHARS) or "Untitled"), True
    return _headline_from(lead), True


def _headline_from(sentence: str) -> str:
    """A title written from the lead: its main clause, cut at a natural break, without the full stop."""
    text = sentence.rstrip(" .!?…")
    if len(text) > GENERATED_TITLE_CHARS:
        for sep in (" : ", "; ", ", ", " – ", " — "):
            head = text.split(sep)[0]
            if 30 <= len(head) <= GENERATED_TITLE_CHARS:
                return head
        return shorten(text, GENERATED_TITLE_CHARS)
    return text


def _strip_site_name(title: str) -> str:
    """"Headline | Site" or "Headline - Site": drop a short trailing site name."""
    for sep in (" | ", " – ", " — ", " - "):
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if len(tail.split()) <= 4 and len(head.split()) >= 3:
                return head.strip()
    return title


WIRE_DATELINE = re.compile(r"^\s*(?P<head>[^\W\d][^,()\n]{1,40},[^()\n]{4,40}?)\s*(?:\([^)]{1,40}\))?\s*[-–—:]\s")


def _wire_dateline(paragraph: str, lang: str):
    """"NIAMEY, March 13, 2023 (Agency) – ...": a place and a date opening the first paragraph."""
    match = WIRE_DATELINE.match(paragraph)
    if not match:
        return None
    place, _, when = match.group("head").partition(",")
    return dates.parse_date_line(when.strip(), lang)


def _bounded(texts: list[str]) -> list[str]:
    out, left = [], MAX_ANALYSED_CHARS
    for text in texts:
        if left <= 0:
            break
        out.append(text[:left])
        left -= len(text)
    return out


def _publication_date(raw, blocks: list[Block], glued, body: list[Block], analysed: list[str], lang: str) -> PubDate:
    declared = raw.declared.get("date")
    if declared:
        value = dates.parse_date_line(str(declared), None)
        if value is not None:
            return PubDate(value, "declared")
    if glued is not None:
        return PubDate(glued, "dateline")
    wire = _wire_dateline(body[0].text, lang) if body else None
    if wire is not None:
        return PubDate(wire, "dateline")
    first_body = next((i for i, b in enumerate(blocks) if b.kind == BODY), len(blocks))
    # A date line is the article's only near its head; one among comments belongs to a comment.
    for i, block in enumerate(blocks):
        if block.kind == DATELINE and i <= first_body + 1:
            value = dates.parse_date_line(block.text, lang)
            if value is not None:
                return PubDate(value, "dateline")
    return dates.infer_publication_date([text[:20_000] for text in analysed[:60]], lang)

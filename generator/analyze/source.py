"""Everything the generator understands of one source, independent of the others.

A pure function of (RawSource, Config): safe to run in worker processes and to cache.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from generator.analyze import (clean, dates, entities, furniture, headline, keyphrases, language, other_titles,
                               provenance, publication, quotes, sections, sentences, summary, topics)
from generator import features
from generator import data as data_file
from generator.text import fold, phrases_pattern, shorten, words
from generator.config import Config
from generator.models import BODY, HEADING, TITLE, Analysis, Block

LEAD_PARAGRAPHS = 2
# Bounds that keep analysis time linear on huge sources: the whole text is published, but summaries, quotes,
# events, entities and topics are drawn from its first part, where a news text says what matters.
MAX_ANALYSED_CHARS = 200_000
MAX_ANALYSED_SENTENCES = 2_000
GENERATED_TITLE_CHARS = 90


BULLETS = ("-", "•", "*", "·", "–")  # what opens the items of a list


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
    title, generated, as_written = _title(raw, blocks, body_sents, lang)
    pub, refused = publication.dated(raw, blocks, glued_date, body, analysed, lang)
    summ = [publication.without_dateline(x, lang) for x in summary.summarise(
        body_sents, config.summary_sentences, keyphrases.stop_words(lang), "" if generated else title)]
    lead = [s for group in per_paragraph[:LEAD_PARAGRAPHS] for s in group]
    rest = body_sents[len(lead):]
    first_text = next((i for i, b in enumerate(blocks) if b.kind == BODY), len(blocks))
    # The article's sub-headings, not the menu's: each over a paragraph of prose (a list of other articles'
    # headlines under the text has none, only more items).
    headings = [b.text for b, after in zip(blocks[first_text:], blocks[first_text + 1:])
                if b.kind == HEADING and after.kind == BODY and furniture.is_prose(after.text)
                and not after.text.startswith(BULLETS)]
    topic_matches, topic_signals = (), ()
    if topics.in_scope([as_written, *body_sents], config.scope, config.scope_min_mentions):
        topic_matches, topic_signals = topics.analyse(as_written, lead, rest, config.topics, config.topic_threshold,
                                                      headings)
        # A section of its own (a report's part, a newsletter's item) may treat a topic the whole names too little.
        topic_matches = sections.section_topics(sections.of_blocks(blocks, per_paragraph), len(body_sents),
                                                config.topics, config.topic_threshold, topic_matches)
    mentions = tuple(entities.find(([title] if not generated else []) + body_sents, config.entities,
                                   config.topic_aliases()))
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
        quotes=quotes.with_full_names(quotes.extract_quotes(analysed, lang), mentions),
        events=tuple(topics.of_events(dates.extract_events(body_sents, lang, pub.value), config.topics)),
        keyphrases=tuple(keyphrases.extract(prose_for_keys, lang)),
        topics=topic_matches,
        mentions=mentions,
        paragraph_languages=tuple(sorted({b.language for b in body if b.language})),
        detected=tuple(per_para) if body else (),
        topic_signals=topic_signals,
        provenance=provenance.of(raw, blocks, pub),
        warnings=(f"declared date {raw.declared['date']!r} refused ({refused}); dated from its text",) if refused
        else (),
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


def _title(raw, blocks: list[Block], body_sents: list[str], lang: str) -> tuple[str, bool, str]:
    """The title, whether it was written from the lead, and the headline the topics weigh. A title written from
    the lead drops the wire dateline that opens it ("BAMAKO, Mali (AP) — "), as the summary does; the topics
    still weigh the lead's opening as written, dateline included, which is what their weights and the floors of
    tests/eval_floors.yml were set on (weighing the lead twice is a choice to revisit with them)."""
    declared = other_titles.strip_site_name(" ".join((raw.declared.get("title") or "").split()))
    # Front matter is the author's word; an HTML page's <title> or og:title may be a site name, a section or
    # a banner, and then the headline in the text is the better title.
    if declared and (raw.fmt != "html" or (words(declared) >= 2 and not headline.not_a_headline(declared))):
        return declared, False, declared
    found = next((b.text for b in blocks if b.kind == TITLE), None)
    own = other_titles.subject_line(blocks, own=True)
    if own and found and fold(own).startswith(fold(found)):
        # A newsletter's masthead ("SAHEL BRIEF"), which its own subject line names with the news; a subject that
        # puts the newsletter's name before the headline ("SMM Daily | Barrick suspends ...") is not the title.
        found = own
    found = found or other_titles.subject_line(blocks)
    if found:
        return found, False, found
    lead = next((s for s in body_sents if _can_lead(s)), None)
    if lead is None:
        name = shorten(raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0], GENERATED_TITLE_CHARS) or "Untitled"
        return name, True, name
    return _headline_from(publication.without_dateline(lead, lang)), True, _headline_from(lead)


def _can_lead(sentence: str) -> bool:
    """A sentence a title may be written from: a statement, not a credit in brackets, a photo's caption, a
    line cut short ("Search or paste a thread URL...") or furniture run into it."""
    text = sentence.strip()
    return words(text) >= 4 and not (text[:1] in "([" and text[-1:] in ")]") and not summary.is_furniture(text) \
        and headline.not_a_headline(text) != "credit" and not text.endswith(("...", "…"))


def _headline_from(sentence: str) -> str:
    """A title written from the lead: its main clause, cut at a natural break (a colon, a semicolon, a dash, or a
    comma after which a new clause starts), without the full stop; else the lead shortened."""
    text = sentence.rstrip(" .!?…")
    if len(text) > GENERATED_TITLE_CHARS:
        for sep in (" : ", "; ", ", ", " – ", " — "):
            head, _, tail = text.partition(sep)
            if 30 <= len(head) <= GENERATED_TITLE_CHARS and (sep != ", " or _clause_tail().match(fold(tail))):
                return head
        return shorten(text, GENERATED_TITLE_CHARS)
    return text


@lru_cache(maxsize=1)
def _clause_tail() -> re.Pattern:
    """What opens a new clause after a comma (data/sentences.yml, clause_tails)."""
    return re.compile(r"(?:" + phrases_pattern(data_file.load("sentences.yml")["clause_tails"]) + r")(?![\w-])")


def _bounded(texts: list[str]) -> list[str]:
    out, left = [], MAX_ANALYSED_CHARS
    for text in texts:
        if left <= 0:
            break
        out.append(text[:left])
        left -= len(text)
    return out

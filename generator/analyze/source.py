"""Everything the generator understands of one source, independent of the others.

A pure function of (RawSource, Config): safe to run in worker processes and to cache.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import regex

from generator.analyze import (clean, dates, entities, furniture, headline, keyphrases, language, provenance, quotes,
                               sections, sentences, summary, topics)
from generator import features
from generator import data as data_file
from generator.text import EDITION_LINE, fold, phrases_pattern, shorten, words
from generator.config import Config
from generator.models import (BODY, COMMENT, DATE_IN_PAGE_TEXT, DATELINE, FURNITURE, HEADING, PRECISION_RANK,
                              TITLE, Analysis, Block, DateValue, PubDate)

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
    declared, refused = dates.parse_declared(raw.declared["date"]) if raw.declared.get("date") else (None, "")
    if declared is not None and raw.declared.get("date_printed"):
        declared = dates.reread_declared(declared, raw.declared["date_printed"], lang)
    pub = (PubDate(declared, "declared") if declared is not None
           else _publication_date(raw, blocks, glued_date, body, analysed, lang))
    if declared is not None and raw.declared.get("date_basis") == DATE_IN_PAGE_TEXT:  # not the page's metadata
        own = _publication_date(raw, blocks, glued_date, body, analysed, lang)  # its own date line, if any
        pub = own if own.basis == "dateline" and dates.another_day(own.value, declared) else pub
    pub = _with_address_date(pub, raw)
    summ = [_without_dateline(x, lang) for x in summary.summarise(
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
    declared = headline.strip_site_name(" ".join((raw.declared.get("title") or "").split()))
    # Front matter is the author's word; an HTML page's <title> or og:title may be a site name, a section or
    # a banner, and then the headline in the text is the better title.
    if declared and (raw.fmt != "html" or (words(declared) >= 2 and not headline.not_a_headline(declared))):
        return declared, False, declared
    found = next((b.text for b in blocks if b.kind == TITLE), None)
    own = headline.subject_line(blocks, own=True)
    if own and found and fold(found) in fold(own):
        found = own  # a newsletter's masthead ("SAHEL BRIEF"), which its own subject line names with the news
    found = found or headline.subject_line(blocks)
    if found:
        return found, False, found
    lead = next((s for s in body_sents if _can_lead(s)), None)
    if lead is None:
        name = shorten(raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0], GENERATED_TITLE_CHARS) or "Untitled"
        return name, True, name
    return _headline_from(_without_dateline(lead, lang)), True, _headline_from(lead)


def _can_lead(sentence: str) -> bool:
    """A sentence a title may be written from: a statement, not a credit in brackets or furniture run into it."""
    text = sentence.strip()
    return words(text) >= 4 and not (text[:1] in "([" and text[-1:] in ")]") and not summary.is_furniture(text)


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


# The agency in brackets, a capitalised name, closes a dateline by itself ("Bamako, le 4 novembre 2019 (Agency) Le ..."); without it,
# a dash or a colon does.
# The dash that ends a dateline: a hyphen, an en or em dash, a colon, or two hyphens (a typewriter's dash, as wires
# write "ALGIERS, Jan. 27 (Xinhua) -- ").
_DASH = r"(?:--?|[–—:])"
_WIRE_END = r"\s*(?:\([^)]{1,40}\)\s*" + _DASH + r"\s|\([A-Z][A-Za-z.&' -]{1,30}\)\s|" + _DASH + r"\s)"
# The place may carry its country in brackets: "TAMANRASSET (Algérie), 12 novembre (Xinhua) --".
WIRE_DATELINE = re.compile(r"^\s*(?P<head>[^\W\d][^,()\n]{1,40}(?:\s\([^()\n]{2,30}\))?,[^()\n]{4,40}?)" + _WIRE_END)
WIRE_DATE_ONLY = re.compile(r"^\s*(?P<when>[^()\n]{4,40}?)\s*(?:\([^)]{1,40}\)\s*" + _DASH +
                            r"\s|\([A-Z][A-Za-z.&' -]{1,30}\)\s)")
# "ALGIERS, Algeria (AP) — ", "BAMAKO (Reuters) - ": a place in capitals and an agency in brackets.
CAPS_DATELINE = re.compile(r"^\s*[A-Z][A-Z'./ -]{2,40}(?:,[^()\n]{1,40})?\s*\([^)]{1,40}\)\s*" + _DASH + r"\s+(?=\S)")
# A place alone in capitals, maybe with its country, then a long dash or a colon: "ABUJA: ", "BAMAKO, Mali — ".
# The place is a word of three capitals or more (not an initial), and what follows starts with a capital; a short
# dash is left alone ("ECOWAS - Mali relations..." opens a sentence, not a dateline).
PLACE_DATELINE = regex.compile(r"^\s*\p{Lu}{3,}(?:[ '-]\p{Lu}{2,}){0,2}(?:,(?: \p{Lu}\p{Ll}+){1,3})?"
                            r"(?:\s*(?:[—–]|--)\s*|:\s+)(?=\p{Lu})")
# The same in the place's own case, before a long dash only: "Dakar — ", "Dakar, Senegal — ", "United Nations — ".
NAMED_PLACE_DATELINE = regex.compile(r"^\s*\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){0,2}(?:,(?: \p{Lu}\p{Ll}+){1,3})?"
                                     r"\s+[—–]\s+(?=\p{Lu})"
                                     # a single place name before a short dash, as some outlets print it ("Rabat - "),
                                     # when a whole sentence follows (see _without_dateline)
                                     r"|^\s*\p{Lu}\p{Ll}{3,}\s+-\s+(?=\p{Lu}\S*(?:\s+\S+){7})")
WIRE_PARAGRAPHS = 3  # a wire dateline opens one of the first body paragraphs (a teaser or a title may come first)


def _datelines(paragraph: str):
    """The wire datelines that may open the paragraph, each as (match, the date's words): "PLACE, date (Agency) –"
    first, then "date (Agency) –" without a place."""
    match = WIRE_DATELINE.match(paragraph)
    # A place or an outlet ends on a capitalised word ("Dar es Salaam", "afrol News", "NIAMEY (Niger)"): "King's
    # speech, 6 Nov 2023:" is a note's line.
    last = regex.findall(r"\w+", match.group("head").partition(",")[0])[-1:] if match else []
    if last and last[0][:1].isupper():
        yield match, match.group("head").partition(",")[2].strip()
    match = WIRE_DATE_ONLY.match(paragraph)
    if match:
        yield match, match.group("when").strip()


def _wire_dateline(paragraph: str, lang: str, body_text: list[str], month: DateValue | None = None) -> DateValue | None:
    """"NIAMEY, March 13, 2023 (Agency) – ...": a place and a date opening a paragraph. Without a year
    ("ALGIERS, Jan. 27 (Agency) –") the date is the line's only when the text pins the year, or when the
    page's `month` (a date line giving only the month) is that day's; `body_text` holds the body paragraphs
    from this one on."""
    found = next(_datelines(paragraph), None)
    if found is None:
        return None
    when = found[1]
    value = dates.parse_date_line(when, lang)
    if value is not None:
        return value
    day = dates.yearless_line(when, lang)
    if day is None:
        return None
    if month is not None and month.month == day.month:
        return DateValue(month.year, day.month, day.day)
    return dates.year_for_day(day.month, day.day, day.weekday, body_text, lang)


# What may stand before a sentence's first word and is not prose: a list's bullet or dash ("- Algeria...",
# "• The results..."), and a syndicator's credit in brackets before a dateline ("(MENAFN- Agency (KUNA)) ALGIERS").
_BULLET = regex.compile(r"^\s*(?:[\p{Pd}•·▪►*]+|\d{1,2}[.)]|(?i:summary|résumé|in brief|en bref|tl;dr)\s*:)\s+(?=\S)")
_CREDIT = regex.compile(r"^\s*\((?:[^()]|\([^()]*\))*\)\s+(?=\p{Lu})")
# ... and a credit in brackets that a dash closes, as a dateline's agency: "(Outlet News) - Gold prices rose ...".
_CREDIT_DASH = regex.compile(r"^\s*\([^()]{2,40}\)\s*(?:--?|[–—])\s+(?=\p{Lu})")


def _without_dateline(sentence: str, lang: str) -> str:
    """A summary sentence without the wire dateline that opens it ("NIAMEY, March 13 (Agency) – "), or a list's
    bullet: the page shows the date and the source apart, and the summary reads as prose."""
    bullet = _BULLET.match(sentence)
    if bullet and len(sentence[bullet.end():].split()) >= 4:
        sentence = sentence[bullet.end():]
    credit = _CREDIT_DASH.match(sentence)
    if credit and len(sentence[credit.end():].split()) >= 4:
        return sentence[credit.end():]
    credit = _CREDIT.match(sentence)
    if credit:
        after = _without_dateline(sentence[credit.end():], lang)
        return after if after != sentence[credit.end():] else sentence
    match = CAPS_DATELINE.match(sentence) or PLACE_DATELINE.match(sentence) or NAMED_PLACE_DATELINE.match(sentence)
    if match is None:
        for found, when in _datelines(sentence):
            if dates.parse_date_line(when, lang) or dates.yearless_line(when, lang):
                match = found
                break
    if match is None:
        return sentence
    rest = sentence[match.end():].strip()
    return rest[:1].upper() + rest[1:] if len(rest.split()) >= 4 else sentence


def _bounded(texts: list[str]) -> list[str]:
    out, left = [], MAX_ANALYSED_CHARS
    for text in texts:
        if left <= 0:
            break
        out.append(text[:left])
        left -= len(text)
    return out


def _publication_date(raw, blocks: list[Block], glued, body: list[Block], analysed: list[str], lang: str) -> PubDate:
    text = [t[:20_000] for t in analysed[:60]]
    head = _head_lines(blocks)
    # "Publié le samedi 13 septembre 2025" near the headline is the page's own word: it beats a bare date
    # line or a date glued to the first line (often the day the page was stored or last touched).
    stated = [(v, dates.edit_line(b.text, lang)) for b in head if (v := dates.stated_date(b.text, lang))]
    if stated and not stated[0][1]:
        return PubDate(stated[0][0], "dateline")
    # An "Updated ..." line alone dates the page only when no line above the text dates its publication.
    edited = next((v for v, _edit in stated), None)
    wire = _first_wire_dateline(blocks, lang, glued if glued is not None and glued.day is None else None)
    if glued is not None:
        # "date 2024-01" then a teaser closing "27.01.2024, Outlet": the day refines the month.
        return PubDate(_refined(glued, [wire] + [dates.stated_date(t, lang) for t in text[:WIRE_PARAGRAPHS]]),
                       "dateline")
    if wire is not None:
        # "LONDON, March 11 (Agency) -" under a date line "March 11, 2025": the line's year, not one inferred.
        # A republication dates itself in a line under its headline ("on 2010/4/21"), a day after the wire's.
        own = next((v for i, b in enumerate(head) if b.kind == DATELINE and not _above_headline(blocks, i)
                    and (v := dates.parse_date_line(b.text, lang)) and v.day is not None), None)
        return PubDate(own or wire, "dateline")
    display, bodies = None, 0
    for i, block in enumerate(blocks[:len(head)]):
        # Paragraphs of text, not a short line left in the header (an agency credit, "Published today at 10:12")
        prose = block.kind == BODY and furniture.is_prose(block.text)
        bodies = bodies + prose if re.search(r"\w", block.text) else 0  # a rule ("---") closes a cover note
        if block.kind != DATELINE or bodies > 1:
            continue  # a bare date line after the second paragraph of text dates something else
        value = dates.parse_date_line(block.text, lang)
        if value is None:
            continue
        if _above_headline(blocks, i) and not EMAIL_DATE.match(block.text) and not EDITION_LINE.match(block.text):
            display = display or value  # the site's date of the day, in its header bar (not a message's header,
            continue                    # nor a print edition's masthead, the day the article appeared)
        return PubDate(value, "dateline")
    # Lines that date the page from further off: its lone "Updated" line, a communiqué's sign-off, a publication
    # line under the text.
    further = edited or dates.signed_date([b.text for b in blocks if b.kind != COMMENT], lang) \
        or _closing_line(blocks, head, lang)
    if further is not None:
        return PubDate(further, "dateline")
    inferred = dates.infer_publication_date(text, lang)
    if display is not None and inferred.value is None:
        return _within_display_month(display, text, lang) or inferred
    return inferred


def _closing_line(blocks: list[Block], head: list[Block], lang: str) -> DateValue | None:
    """The date of a publication line under the text ("Publié le lundi 16 mai 2022 | 3 réactions"), when no other
    line down there states one (a list of other articles would date each)."""
    last = next((b for b in reversed(blocks) if b.kind == BODY), None)  # an endnote: "... first published on ..."
    found = {v for b in blocks[len(head):] if b.kind != COMMENT and words(b.text) <= CLOSING_LINE_WORDS
             and (v := dates.stated_date(b.text, lang) or (b is last and dates.closing_statement(b.text, lang)))}
    return found.pop() if len(found) == 1 else None


CLOSING_LINE_WORDS = 12  # a publication line, not a sentence that names a date


def _with_address_date(pub: PubDate, raw) -> PubDate:
    """A date the text leaves unknown, or only infers, taken from the article's address when it gives one at
    least as precise (".../2023/12/06/slug": sites write the day of publication there)."""
    if pub.basis not in ("unknown", "inferred"):
        return pub
    found = provenance.address_date(provenance.address_of(raw))
    if found is None or (pub.value is not None and PRECISION_RANK[found.precision] < PRECISION_RANK[pub.value.precision]):
        return pub
    return PubDate(found, "address")


EMAIL_DATE = regex.compile(r"(?i)\s*(?:sent|date|envoyé|envoyé le)\s*:")  # an e-mail's header: its date


def _head_lines(blocks: list[Block]) -> list[Block]:
    """The blocks a publication line may sit in: from the top to the second paragraph included, no comment."""
    out, seen = [], 0
    for block in blocks:
        if block.kind == COMMENT:
            break
        if block.kind == BODY:
            seen += 1
            if seen > 2:
                break
        out.append(block)
    return out


def _first_wire_dateline(blocks: list[Block], lang: str, month: DateValue | None = None) -> DateValue | None:
    """A wire dateline opening one of the first body paragraphs, or alone on the line above one that
    opens with a dash ("Outlet, 20 April" then "- Algeria, Mali...")."""
    seen = 0
    for i, block in enumerate(blocks):
        if block.kind != BODY:
            continue
        seen += 1
        if seen > WIRE_PARAGRAPHS:
            break
        candidates = [block.text]
        if i and blocks[i - 1].kind != BODY and block.text[:1] in "-–—":
            candidates.append(f"{blocks[i - 1].text} {block.text}")
        after = [b.text[:20_000] for b in blocks[i:] if b.kind == BODY][:60]
        for candidate in candidates:
            value = _wire_dateline(candidate, lang, after, month)
            if value is not None:
                return value
    return None


def _refined(value: DateValue, others: list[DateValue | None]) -> DateValue:
    """`value` made a day by the first of `others` that falls within it, when it lacks the day."""
    if value.day is not None:
        return value
    same = [o for o in others if o and o.day and (o.year, o.month if value.month else None) ==
            (value.year, value.month)]
    return same[0] if same else value


def _above_headline(blocks: list[Block], i: int) -> bool:
    """A bare date line above the headline, in the site's header bar (page furniture such as weather,
    log-in or a breadcrumb between it and the headline, or around it), is the site's date of the day, not
    the article's: a publication line sits next to the headline."""
    # The headline, not a repetition of it further down (in a list of the most read articles).
    title = next((j for j, b in enumerate(blocks) if b.kind == TITLE), None)
    if title is None or title < i:
        return False
    between = sum(1 for b in blocks[i + 1:title] if b.kind == FURNITURE)
    before = sum(1 for b in blocks[:i] if b.kind == FURNITURE)
    return between >= 2 or (between >= 1 and before >= 1)


def _within_display_month(display: DateValue, text: list[str], lang: str) -> PubDate | None:
    """The site's date of the day bounds the article's: when the text's latest day ("yesterday, Friday,
    September 19") falls in the same month, the article is of that month."""
    if display.day is None:
        return None
    latest = dates.latest_day_before(text, lang, display)
    if latest and (latest.year, latest.month) == (display.year, display.month):
        return PubDate(DateValue(display.year, display.month), "inferred")
    return None

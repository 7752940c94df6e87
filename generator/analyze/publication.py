"""When a source was published, as its text says: the date lines under its headline, a wire's dateline, a
communiqué's sign-off, the site's date of the day, or what the text's own dates imply; and the wire dateline that
opens a sentence, which a summary leaves out."""
from __future__ import annotations

import re

import regex

from generator.analyze import dates, furniture, provenance
from generator.text import EDITION_LINE, words
from generator.models import (BODY, COMMENT, DATE_IN_PAGE_TEXT, DATELINE, FURNITURE, PRECISION_RANK, TITLE, Block,
                              DateValue, PubDate)


def dated(raw, blocks: list[Block], glued, body: list[Block], analysed: list[str], lang: str) -> tuple[PubDate, str]:
    """The source's publication date, and why the date it declares was refused ("" when it was not).

    A date the page declares (its metadata, a front matter's `date`) is the date, unless the page's own words say
    otherwise: a date htmldate read from the page's text yields to the date line under the headline, and metadata
    later than the "Published ..." line under the headline is a later touch (a site's migration, an edit), not
    the publication; metadata years older than the date line under the headline is stale (copied with a
    template from another page)."""
    declared, refused = dates.parse_declared(raw.declared["date"]) if raw.declared.get("date") else (None, "")
    if declared is not None and raw.declared.get("date_printed"):
        declared = dates.reread_declared(declared, raw.declared["date_printed"], lang)
    if declared is None:
        return with_address_date(publication_date(raw, blocks, glued, body, analysed, lang), raw), refused
    pub = PubDate(declared, "declared")
    if raw.declared.get("date_basis") == DATE_IN_PAGE_TEXT:  # not the page's metadata
        own = publication_date(raw, blocks, glued, body, analysed, lang)  # its own date line, if any
        pub = own if own.basis == "dateline" and dates.another_day(own.value, declared) else pub
    else:
        lines = [b.text for b in _head_lines(_forwarded(blocks))]
        under = [line for line in (raw.declared.get("date_stated") or "").split(" | ") if line]
        stated = next((v for line in lines + under if (v := dates.stated_date(line, lang))
                       and not dates.edit_line(line, lang)), None) \
            or next((v for line in under if (v := dates.parse_date_line(line, lang)) and not dates.edit_line(line, lang)),
                    None)
        if stated is not None and stated.day is not None and dates.another_day(stated, declared) \
                and (_sort_key(stated) < _sort_key(declared) or stated.year > declared.year + STALE_YEARS):
            pub = PubDate(stated, "dateline")
    return with_address_date(pub, raw), refused


# Metadata this many years older than the date line under the headline is a template's, left from another page.
STALE_YEARS = 1


def _sort_key(value: DateValue) -> tuple[int, int, int]:
    return value.year, value.month or 0, value.day or 0


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


def without_dateline(sentence: str, lang: str) -> str:
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
        after = without_dateline(sentence[credit.end():], lang)
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


def publication_date(raw, blocks: list[Block], glued, body: list[Block], analysed: list[str], lang: str) -> PubDate:
    blocks = _forwarded(blocks)
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


def with_address_date(pub: PubDate, raw) -> PubDate:
    """A date the text leaves unknown, or only infers, taken from the article's address when it gives one at
    least as precise (".../2023/12/06/slug": sites write the day of publication there)."""
    if pub.basis not in ("unknown", "inferred"):
        return pub
    found = provenance.address_date(provenance.address_of(raw))
    if found is None or (pub.value is not None and PRECISION_RANK[found.precision] < PRECISION_RANK[pub.value.precision]):
        return pub
    return PubDate(found, "address")


EMAIL_DATE = regex.compile(r"(?i)\s*(?:sent|date|envoyé|envoyé le)\s*:")  # an e-mail's header: its date


def _forwarded(blocks: list[Block]) -> list[Block]:
    """The forwarded message, from its separator on ("-----Original Message-----"), when the text forwards one:
    the forward's "Date:" is the day it was passed on, not the message's."""
    for i, block in enumerate(blocks):
        if block.kind == BODY:
            break
        if block.kind == FURNITURE and furniture.is_kind("forward", block.text):
            return blocks[i + 1:]
    return blocks


def _head_lines(blocks: list[Block]) -> list[Block]:
    """The blocks a publication line may sit in: from the top to the second paragraph included, no comment. A
    rule ("-----") parts a page's header (a list of other threads, a cover note) from the article's, whose
    paragraphs are counted from there; a teaser cut short ("Why Senegal's oil deal matters...") is no paragraph."""
    out, seen = [], 0
    for block in blocks:
        if block.kind == COMMENT:
            break
        if block.kind == BODY and not block.text.rstrip().endswith(("...", "…")):
            seen += 1
            if seen > 2:
                break
        elif block.kind != BODY and not re.search(r"\w", block.text):
            seen = 0
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

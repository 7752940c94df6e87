"""Dates a line states: a publication line ("Publié le 2 janvier 2025 à 16h20"), a date glued to a headline, a
date declared in metadata, a "Published"-like prefix or a teaser's credit around a date, a yearless dateline, a
communiqué's closing place and date."""
from __future__ import annotations

import calendar
import re

import regex

from generator.analyze.dates.grammar import Grammar, event_labels, grammar, hijri_date, lang_order
from generator.analyze.dates.mentions import DateMention, find_dates
from generator.text import fold_aligned
from generator.models import DateValue

MAX_LINE_WORDS = 2  # words a publication line may hold besides its date, prefix and time
MAX_LINE_WORD_LEN = 15
MAX_LINE_TOKENS = 20  # longer than this, a line is prose whatever it contains
_SEPARATORS = " \t,;:|-–—•·"
_FOUR_DIGITS = re.compile(r"\d{4}")  # every date with a year has one: a cheap first test


def parse_date_line(line: str, lang: str | None = None) -> DateValue | None:
    """The date of a line that is essentially a date ("Publié le 2 janvier 2025 à 16h20"), else None; or a date
    with its credits ("15.01.2024 by Jane Roe and John Doe", "21.07.2024 · 19:47 | Words: Jane Roe")."""
    line = hijri_date().sub("", line)  # "jeudi 13 novembre 2014 - 20 Moharram 1436": the Gregorian date is read
    if len(line.split()) > MAX_LINE_TOKENS and not _short_fields(line):
        return None
    line = _SHORT_YEAR_LINE.sub(_full_year, line)
    if not _FOUR_DIGITS.search(line):
        return None
    line = _GLUED_FIELD.sub(r"\1 ", line)  # "Jane Roe |07.04.2025": a field separator glued to the date
    for text in dict.fromkeys((line, _without_credits(line))):
        for code in lang_order(lang):
            value = _line_date(text, code)
            if value:
                return value
    return None


_GLUED_FIELD = re.compile(r"([|·•])(?=\d)")
# A line that is only a day written with a two-digit year, a clock time perhaps after it: "le 22.04.10 | 01h00"
# (an archive's byline). Only such a line: "22.04.10" in a sentence may be anything.
_SHORT_YEAR_LINE = re.compile(r"^(\W*(?:(?:le|on|du)\s+)?\d{1,2}([./])\d{1,2}\2)(\d{2})"
                              r"(?=\s*(?:$|(?:[|,·•-]|à|at)?\s*\d{1,2}\s*[h:]\s*\d{2}\b))", re.I)


def _short_fields(line: str) -> bool:
    """A line of fields set apart ("Politique · Par Jeanne Roe · Publié le 15 mai 2015 à 21h12 · Mis à jour le
    16 mai 2015"), each short: a header's line, however many fields it has; prose is not cut so."""
    fields = _FIELDS.split(line)
    return 2 <= len(fields) <= MAX_FIELDS and all(len(f.split()) <= MAX_FIELD_TOKENS for f in fields)


MAX_FIELDS = 6
MAX_FIELD_TOKENS = 10


def _full_year(found: re.Match) -> str:
    """The year of two digits written in full, as strptime's %y reads it: 69 to 99 are 1969 to 1999, the others
    2000 to 2068."""
    short = int(found.group(3))
    return f"{found.group(1)}{(1900 if short >= 69 else 2000) + short}"
# Fields a publication line may carry after its date, apart: "· Leave a comment", "| Words: Jane Roe".
_FIELDS = re.compile(r"\s+[·•|]\s+")
# The byline run into it: "by Jane Roe and John Doe", "par Jeanne Roe", names only up to the line's end.
_BYLINE_TAIL = re.compile(r"\s+(?:by|par)\s+[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:and|et|&|[A-ZÀ-Ý][\w'’.-]+)){0,6}\s*$")


# A later edit said in relative time after the date: "Updated 2 hours ago", "Mis à jour il y a 3 heures".
_RELATIVE_UPDATE = re.compile(r"\s+(?:updated|last updated|mis à jour|modifié)\s*:?\s+(?:\d+\s*\w+\s+ago|il y a)\b.*$",
                              re.IGNORECASE)


def _without_credits(line: str) -> str:
    """The field of the line holding its date, without the byline that follows it nor a later edit in relative
    time."""
    field = next((f for f in _FIELDS.split(line) if _FOUR_DIGITS.search(f)), line)
    return _BYLINE_TAIL.sub("", _RELATIVE_UPDATE.sub("", field))


def _line_date(line: str, code: str) -> DateValue | None:
    mentions = find_dates(line, code)
    dated = [m for m in mentions if m.value and m.month]
    if not dated:
        return None
    g, folded = grammar(code), fold_aligned(line)
    rest = list(folded)
    for m in mentions:
        rest[m.start:m.end] = " " * (m.end - m.start)
    words = re.findall(r"\w+", g.line_noise.sub(" ", "".join(rest)))
    if len(words) > MAX_LINE_WORDS or any(len(w) > MAX_LINE_WORD_LEN for w in words):
        return None
    if any(w in event_labels() for w in words):
        return None  # "Formation 21 April 2010", "Fondé le 3 mars 1998": a fact's date, not the page's
    # "Updated 14/03/2024 · Published 12/03/2024": the first date that is not a later edit's
    before = [folded[prev.end if prev else 0:m.start] for prev, m in zip([None, *dated], dated)]
    return next((m.value for m, text in zip(dated, before) if not g.update.search(text)), dated[0].value)


# The years a date in a text is read in (_YEAR): a declared date outside them is a placeholder or a mistake
# ("0001-01-01", "9999-12-31"), refused with that reason rather than published.
FIRST_YEAR, LAST_YEAR = 1800, 2099
# A declared date in ISO 8601 form: a year, a month, a day, then maybe a time ("2024-01-25T10:00:00+01:00").
_ISO_DECLARED = re.compile(r"(?P<year>[+-]?\d{1,6})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
                           r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_declared(text: str) -> tuple[DateValue | None, str]:
    """The date a source declares (front matter, HTML metadata), to the precision given, or None and the reason
    it cannot be used: a date the source declares wins over anything read in its text, so it is refused out
    loud rather than dropped when it is impossible or outside the years the generator dates."""
    text = " ".join(str(text).split())
    iso = _ISO_DECLARED.fullmatch(text)
    if iso is None:
        value = parse_date_line(text, None)  # "25 janvier 2024", "Jan. 25, 2024"
        return (value, "") if value is not None else (None, "not a date (write it as 2024-01-25)")
    year, month, day = (int(iso[k]) if iso[k] else None for k in ("year", "month", "day"))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"year {year} is outside the years the generator dates ({FIRST_YEAR}-{LAST_YEAR})"
    if month is not None and not 1 <= month <= 12:
        return None, f"month {month} does not exist"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None, f"day {day} does not exist in {year:04d}-{month:02d}"
    return DateValue(year, month, day), ""


def reread_declared(value: DateValue, printed: str, lang: str | None = None) -> DateValue:
    """A declared date whose day and month could be either way round, read again from the page's own words for
    it (`printed`): "Fri, 08/02/2024" is 2 August where htmldate read 8 February, the weekday deciding. The
    declared value when the words say nothing more."""
    swapped = DateValue(value.year, value.day, value.month) if value.day and value.month else None
    for code in lang_order(lang):
        if any(m.value == swapped for m in find_dates(printed, code)):
            return swapped
    return value


def another_day(value: DateValue | None, declared: DateValue) -> bool:
    """Whether a page's date line gives a day other than the declared date, not the same day and month read the
    other way round (4 July for 7 April 2025: the page's own convention decided the declared reading)."""
    if value is None or value.day is None:
        return False
    return not (value.day != value.month and (value.year, value.month, value.day) == (declared.year, declared.day,
                                                                                     declared.month))


def split_leading_date(line: str, lang: str | None = None) -> tuple[DateValue | None, str]:
    """Separate a date glued to the start (or end) of a line from the text around it.

    Returns (date, rest); rest is "" when the line is only a date, (None, line) when nothing is glued.
    """
    if not _FOUR_DIGITS.search(line):
        return None, line
    for code in lang_order(lang):
        mentions = find_dates(line, code)
        found = mentions and (_leading(line, code, mentions[0]) or _trailing(line, code, mentions[-1]))
        if found:
            return found
    return None, line


def _leading(line: str, code: str, first: DateMention) -> tuple[DateValue, str] | None:
    g, folded = grammar(code), fold_aligned(line)
    if not (first.value and first.month and g.lead_noise.fullmatch(folded, 0, first.start)):
        return None
    before = folded[:first.start]
    if re.search(r"\w", before) and not g.strong_prefix.search(before):
        return None  # "On 12 January 2025 Mali signed..." or "Le 12 janvier, ..." is a sentence
    after = g.tail.match(folded, first.end).end()
    rest = line[after:].strip()
    # Without a "Published"-like prefix, "12 January 2025, Mali..." or "... was" is a sentence.
    if rest and not before.strip() and ("," in folded[first.end:after] or not _starts_like_text(rest)):
        return None
    return first.value, rest


def _starts_like_text(rest: str) -> bool:
    return rest[0].isupper() or rest[0] in "«\"“‘'([" or rest[0].isdigit()


def _trailing(line: str, code: str, last: DateMention) -> tuple[DateValue, str] | None:
    g, folded = grammar(code), fold_aligned(line)
    if not (last.value and last.month and g.tail.fullmatch(folded, last.end)):
        return None
    head = folded[:last.start].rstrip(_SEPARATORS)
    words = re.findall(r"[\w']+", head)
    # "signed on 12 January 2025" ends a sentence; "relaunch talks 12 January 2025" is glued, and so is a time
    # stamp ("Headline on 2021/3/9 08:15:02"). In any language: a line is split before its language is known
    # ("quarter ended 30 September 2023" read with French words).
    stamp = re.search(r"\d:\d\d", folded[last.end:])
    if len(words) < 2 or (not stamp and any(words[-1] in grammar(other).lead_words for other in lang_order(None))):
        return None
    cut = g.prefix_tail.search(head)
    head = line[:cut.start() if cut else len(head)].rstrip(_SEPARATORS)
    return (last.value, head) if head else None


def edit_line(line: str, lang: str | None = None) -> bool:
    """Whether the line dates an edit, not the publication: "Updated July 30, 2024, 10:15 a.m. GMT"."""
    for code in lang_order(lang):
        g, folded = grammar(code), fold_aligned(line)
        first = next(iter(find_dates(line, code)), None)
        if first is not None and g.update.search(folded, 0, first.start):
            return True
    return False


def stated_date(line: str, lang: str | None = None) -> DateValue | None:
    """A date the line states as the publication's, wherever it sits in the line: right after a
    "Published"-like prefix ("... | Publié le mercredi 18 septembre 2024 | site"), or a full date closing
    a teaser with a credit ("... 27.01.2024, Outlet")."""
    if not _FOUR_DIGITS.search(line):
        return None
    for code in lang_order(lang):
        g, folded = grammar(code), fold_aligned(line)
        edited, last_end = None, 0  # "Updated 14/03/2024 · Published 12/03/2024": the edit's date only if alone
        for m in find_dates(line, code):
            before, last_end = folded[last_end:m.start], m.end
            if not (m.value and m.day):
                continue
            # The prefix opens the line or a field of it ("... ? Publié le ..."), not "en date du" mid-sentence,
            # and the date closes its field ("Published on 3 March 2021, it showed..." is a sentence).
            if g.stated.search(folded, 0, m.start) and not _sentence_goes_on(g, line, folded, m):
                if not g.update.search(before):
                    return m.value
                edited = edited or m.value
            elif credited(line, m) or (_SOURCE_LABEL.match(line) and not line[m.end:].strip(" .)]")):
                return m.value  # "Source: Outlet (edition), 02.02.2025": the original's date, closing the line
        if edited is not None:
            return edited
    return None


def closing_statement(line: str, lang: str | None = None) -> DateValue | None:
    """The date closing a sentence right after a publication prefix: an endnote's "This article was first
    published on 5th December 2023."; None for any other line."""
    for code in lang_order(lang):
        found = [m for m in find_dates(line, code) if m.value]
        if len(found) == 1 and found[0].day and not line[found[0].end:].strip(" .)]*") \
                and grammar(code).prefix_tail.search(fold_aligned(line)[:found[0].start]):
            return found[0].value
    return None


def _sentence_goes_on(g: Grammar, line: str, folded: str, m: DateMention) -> bool:
    end = g.tail.match(folded, m.end).end()
    if not ("," in folded[m.end:end] and line[end:end + 1].islower()):
        return False
    # "compiled 14 May 2012, for the trafficking file.": a few words saying what the note is for close the line.
    rest = _TO_SENTENCE_END.match(folded, end)  # None when another comma comes first: the sentence goes on
    words = rest.group(1).split() if rest else []
    return not (words and words[0] in g.addenda and len(words) <= ADDENDUM_WORDS)


_TO_SENTENCE_END = re.compile(r"([^.;!?,]*)(?:[.;!?]|$)")
ADDENDUM_WORDS = 6


# ", Outlet Name" closing a paragraph right after a date: the credit line of a teaser or wire copy.
_CREDIT = re.compile(r"\s*,\s*(?:[A-Z][\w'’.-]*\s*){1,4}\s*$")
_AFTER_SENTENCE = re.compile(r"(?:^|[.!?…»”\"])\s*$")


_SOURCE_LABEL = re.compile(r"(?i)\s*(?:source|sources|original|origine)\s*:\s*[^,:]{1,80},")


def credited(text: str, m: DateMention) -> bool:
    """"... leur départ est effectif. 29.01.2025, Outlet": a day standing after the last sentence, then a
    credit; "signed on 12 March 2024, Mali said" is a sentence."""
    return bool(m.day) and _CREDIT.fullmatch(text, m.end) is not None and \
        _AFTER_SENTENCE.search(text, 0, m.start) is not None


def yearless_line(text: str, lang: str | None = None) -> DateMention | None:
    """The day and month of a line that is only a date without a year ("20 April", "Jan. 27")."""
    if len(text.split()) > 6:
        return None
    for code in lang_order(lang):
        mentions = find_dates(text, code)
        if len(mentions) != 1 or mentions[0].kind != "monthday":
            continue
        m = mentions[0]
        rest = fold_aligned(text[:m.start] + " " + text[m.end:])
        words = re.findall(r"\w+", grammar(code).line_noise.sub(" ", rest))  # "Senegal, Oct 25"
        if len(words) <= MAX_LINE_WORDS and all(len(w) <= MAX_LINE_WORD_LEN for w in words):
            return m
    return None


def signed_date(texts: list[str], lang: str | None = None) -> DateValue | None:
    """The date of a communiqué's closing line: "Bamako, le 15 mai 2022", "Fait à Alger, le 3 mars 2024",
    "Algiers, 12 March 2024", among the last lines of its text (`texts`, reader comments left out)."""
    last = texts[-SIGNATURE_LINES:]
    for k, text in enumerate(reversed(last)):
        found = SIGN_OFF.fullmatch(text.strip())
        # "Fait à Bamako, le ..." says what it is above a signature block of any height; "Bamako, le ..." among the
        # very last lines, or with no sentence under it (a signature, then the site's lists and footer).
        if found and (k < SIGNED_LINES or found["done"] or not any(map(_sentence, last[len(last) - k:]))):
            value = parse_date_line(found["date"], lang)
            if value is not None and value.day is not None:
                return value
    return None


def _sentence(line: str) -> bool:
    """A line of text that ends a sentence: not a signatory's office, a list of links or a footer."""
    return len(line.split()) >= SENTENCE_WORDS and _SENTENCE_END.search(line) is not None


_SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")
SENTENCE_WORDS = 8
SIGNED_LINES = 5  # a communiqué's place and date close it, above its signature
SIGNATURE_LINES = 12  # ... and above a signatory's name, office and the body's address
SIGN_OFF = regex.compile(r"(?:(?P<done>(?i:fait à|done at|given at))\s+)?\p{Lu}[\p{L}' -]{1,40},\s+(?P<date>(?:le\s+)?\d{1,2}"
                         r"(?:er)?\s+\p{L}{3,}\.?\s+\d{4}|\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4})\.?")

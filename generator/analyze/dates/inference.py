"""The publication date the body text supports, for articles without a dateline, and the year of a dateline that
gives only a day and a month."""
from __future__ import annotations

import re
from datetime import date, timedelta

from generator.analyze.dates.events import after, latest_month_day
from generator.analyze.dates.grammar import Grammar, caption_markers, grammar, lang_code
from generator.analyze.dates.lines import credited
from generator.analyze.dates.mentions import PREV_WORD, DateMention, find_dates, past_mentions, to_come, valid
from generator.text import fold_aligned
from generator.models import DateValue, PubDate

LEAD_PARAGRAPHS = 2  # a full date in the first paragraphs of prose may date the news they report
LEAD_MIN_WORDS = 12  # shorter paragraphs, or cut ones ("..."), are teasers or furniture, not the lead
PIN_PARAGRAPHS = 3  # paragraphs from a yearless dateline on whose dated events may pin its year
SINCE_WINDOW = 30  # characters before a date in which "since" makes it a past reference


def infer_publication_date(paragraphs: list[str], lang: str) -> PubDate:
    """Best publication date the body text supports, for articles without a dateline.

    A date the text merely talks about is not the publication date: only a date stated as today's ("ce
    mercredi 29 janvier 2025"), one closing a teaser with its credit, the date of the news in the lead, a
    weekday that fixes the year of a day, or "last year" beside a year; else unknown ("since 2023" says the
    text is written then or later, not when).
    """
    code = lang_code(lang)
    paragraphs = [p for p in paragraphs if not _is_caption(p, code)]
    today = _today_date(paragraphs, code)
    if today:
        return PubDate(today, "text")
    placed = [(p, m) for p in paragraphs for m in past_mentions(p, code)]
    past = [m for _, m in placed]
    full = max((m.value for m in past if m.kind == "absolute"), key=DateValue.sort_key, default=None)
    newer = _newer_year(paragraphs[:LEAD_PARAGRAPHS], code, full)
    if newer:
        # "2025 begins with..." opening the text, "announced on January 25, 2024" further on: the full date is
        # an event, not the day of writing, and the text is written in the newer year.
        return PubDate(newer, "inferred")
    # A newer year further on is what came next ("l'intervention française (janvier 2013)" closing notes on
    # 2009-2012): it dates nothing, and the full date is then history, not the news.
    lead = None if _newer_year(paragraphs, code, full) else _lead_date(paragraphs, code, full)
    if lead:
        return lead
    newest = max((m.year for m in past if m.year), default=None)
    # The weekday check is strict enough to try any year the text names, planned events' included.
    named = {m.year for p in paragraphs for m in find_dates(p, code) if m.year}
    g = grammar(code)
    own_day = {id(m) for p, m in placed
               if m.weekday is not None and g.this_before.search(fold_aligned(p), max(0, m.start - 20), m.start)}
    guess = _weekday_date(past, named, own_day) or _last_year(paragraphs, code, newest)
    return PubDate(guess, "inferred") if guess else PubDate(None, "unknown")


def _is_caption(paragraph: str, code: str) -> bool:
    """A photo caption or credit: its dates are the picture's, not the article's."""
    folded = fold_aligned(paragraph)
    return any(marker in folded for marker in caption_markers(code))

def _today_date(paragraphs: list[str], code: str) -> DateValue | None:
    """"officialisé ce mercredi 29 janvier 2025", "this Wednesday, January 29, 2025", "today, 29 January
    2025", "hier, jeudi 19 septembre 2025" (the day after): the day of writing as the text gives it, or a
    full date closing a teaser with its credit."""
    g = grammar(code)
    for paragraph in paragraphs:
        folded = fold_aligned(paragraph)
        found = find_dates(paragraph, code)
        for prev, m in zip([None] + found, found):
            if m.kind != "absolute" or to_come(g, folded, m):
                continue  # "the summit will open this Monday, 3 March 2025" is not today
            if m.weekday is not None and g.this_before.search(folded, max(0, m.start - 20), m.start):
                return m.value
            # "aujourd'hui 29 janvier 2025", "yesterday, Friday 19 September 2025": the day of writing
            if prev and prev.relative_days is not None and prev.relative_days <= 0 and m.day \
                    and re.fullmatch(r"[\s,(]*", folded[prev.end:m.start]):
                day = date(m.year, m.month, m.day) - timedelta(days=prev.relative_days)
                return DateValue(day.year, day.month, day.day)
            if credited(paragraph, m):
                return m.value
    return None


def _lead_date(paragraphs: list[str], code: str, full: DateValue | None) -> PubDate | None:
    """The newest full date of the text, when the lead reports it: the news happened that day, so the
    text was written that month, not necessarily that day, weekday or not ("ont affirmé jeudi 1er août":
    the report may be of the next day). "Since 14 August" is a past reference."""
    if full is None:
        return None
    g = grammar(code)
    lead = [p for p in paragraphs if len(p.split()) >= LEAD_MIN_WORDS and not p.rstrip().endswith(("...", "…"))]
    lead = lead[:LEAD_PARAGRAPHS]
    for n, paragraph in enumerate(lead):
        folded = fold_aligned(paragraph)
        for m in past_mentions(paragraph, code):
            if m.kind != "absolute" or m.value != full:
                continue
            if g.since.search(folded, max(0, m.start - SINCE_WINDOW), m.start):
                return None  # the lead counts from it: a reference point, not the news
            # The opening paragraph reports the news; after it, a full date may recall an older event
            # unless a weekday ties it to the week of writing ("ont pris fin le vendredi 13 janvier").
            if n == 0 or m.weekday is not None:
                return PubDate(DateValue(full.year, full.month), "inferred")
            return PubDate(DateValue(full.year), "inferred")
    return None


def _newer_year(paragraphs: list[str], code: str, full: DateValue | None) -> DateValue | None:
    if full is None:
        return None
    g = grammar(code)
    years = [m.year for p in paragraphs for m in find_dates(p, code)
             if m.year and not to_come(g, fold_aligned(p), m) and not _determined(g, fold_aligned(p), m)]
    newest = max(years, default=0)
    return DateValue(newest) if newest > full.year else None


def _determined(g: Grammar, folded: str, m: DateMention) -> bool:
    """"the 2030 agenda", "sa vision 2063": a bare year after a determiner names a thing, and may lie ahead."""
    if m.kind != "year":
        return False
    before = PREV_WORD.search(folded, max(0, m.start - 40), m.start)
    return before is not None and before.group(1).split("'")[-1] in g.determiners


def _years(paragraphs: list[str], code: str) -> list[int]:
    """The years of the past the text dates something in ("in 2022", "on 3 March 2024"); not names."""
    return [m.year for p in paragraphs for m in past_mentions(p, code) if m.year]


def _last_year(paragraphs: list[str], code: str, newest: int | None) -> DateValue | None:
    """"Seizures soared last year, to 863 kg in 2022": the text is written the year after the newest year
    of a sentence that calls it last year (`newest`: the newest year the text dates something in)."""
    g = grammar(code)
    if newest is None:
        return None
    for paragraph in paragraphs:
        folded = fold_aligned(paragraph)
        for hit in g.last_year.finditer(folded):
            sentence = _sentence_at(folded, hit.start(), hit.end())
            years = [m.year for m in past_mentions(sentence, code) if m.year]  # not "I'd assume ... in 2025"
            if years and max(years) == newest:
                return DateValue(newest + 1)
    return None


def year_for_day(month: int, day: int, weekday: int | None, paragraphs: list[str], lang: str) -> DateValue | None:
    """The year of a date line that gives only a day and a month ("ALGIERS, April 20 (Agency) -"), when the
    text pins it; else None. It pins it when a weekday fixes the day among the years the text mentions,
    when a sentence calls the newest year "last year", or when the newest year the text mentions comes with
    a month or a day in the first paragraphs from the dateline on, where a report gives the news and its
    lead-up (background comes further down): the line is the first such day after that event ("a meeting
    in August 2009" and "20 April" give 20 April 2010). A bare year ("the 2015 accord", "since 2012") pins
    nothing. `paragraphs` start with the one the date line opens."""
    code = lang_code(lang)
    paragraphs = [p for p in paragraphs if not _is_caption(p, code)]
    years = set(_years(paragraphs, code))
    if weekday is not None and years:
        probe = DateMention(0, 0, "", None, month, day, weekday, None, "monthday")
        return _year_for_weekday(probe, years)
    last = _last_year(paragraphs, code, max(years, default=None))
    if last:
        return DateValue(last.year, month, day) if valid(last.year, month, day) else None
    told = _news_weekday(paragraphs[:1], code)
    named = _newest_named_year(paragraphs, code)
    if told is not None and named is not None:
        # "ALGER, 3 fév (APS) - ..., indique vendredi un bilan": the day the lead reports falls on its weekday in
        # the newest year the text names ("depuis le début de l'année 2023"; not a year to come, "la prochaine
        # session, en 2022") or in the next: the one of the two where it does, if only one.
        fits = [y for y in (named, named + 1) if valid(y, month, day) and date(y, month, day).weekday() == told]
        if len(fits) == 1:
            return DateValue(fits[0], month, day)
    newest = max(years, default=None)
    g = grammar(code)
    # "its lowest level since December 2021" recalls a reference point, not the news's lead-up.
    near = [m for p in paragraphs[:PIN_PARAGRAPHS] for folded in (fold_aligned(p),) for m in past_mentions(p, code)
            if not g.since.search(folded, max(0, m.start - SINCE_WINDOW), m.start)]
    dated = [m.value for m in near if m.value and m.month and m.year == newest]
    if not dated:
        return None
    event = max(dated, key=DateValue.sort_key)
    year = event.year if (month, day) >= (event.month, event.day or 1) else event.year + 1
    if told is not None:
        # The lead's weekday ("said on Friday") falls on the dateline's day in that year or the next, or the
        # text does not pin the year: June 6 after August 2023 is 2024 by the months, but a Friday only in 2025.
        fits = [y for y in (year, year + 1) if valid(y, month, day) and date(y, month, day).weekday() == told]
        if not fits:
            return None
        year = fits[0]
    return DateValue(year, month, day) if valid(year, month, day) else None


def latest_day_before(paragraphs: list[str], lang: str, bound: DateValue) -> DateValue | None:
    """The latest day the text names ("September 19", "16 septembre 2025") not after `bound`."""
    code = lang_code(lang)
    found = []
    for p in paragraphs:
        if _is_caption(p, code):
            continue
        for m in past_mentions(p, code):
            if m.kind in ("absolute", "monthday"):
                value = m.value or latest_month_day(m.month, m.day, bound)
                if value and not after(value, bound):
                    found.append(value)
    return max(found, key=DateValue.sort_key, default=None)


def _sentence_at(folded: str, start: int, end: int) -> str:
    left = max(folded.rfind(c, 0, start) for c in ".!?") + 1
    ends = [i for i in (folded.find(c, end) for c in ".!?") if i >= 0]
    return folded[left:min(ends, default=len(folded))]


def _weekday_date(past: list[DateMention], named: set[int], today: set[int]) -> DateValue | None:
    """"Thursday 1 September": the year, among those the text mentions, where that day is a Thursday. The
    news is of that day and the text may be of the next, so only the month is sure, unless the text calls
    the day its own ("ce mardi 14 mars"; `today` holds the ids of those mentions)."""
    years = {m.year for m in past if m.year}
    if not years:
        return None
    found = [(day, id(m) in today) for m in past if m.kind == "monthday" and m.weekday is not None
             for day in [_year_for_weekday(m, years, named)] if day]
    if not found:
        return None
    day, own = max(found, key=lambda f: DateValue.sort_key(f[0]))
    return day if own else DateValue(day.year, day.month)


def _newest_named_year(paragraphs: list[str], code: str) -> int | None:
    """The newest year the text names, as a name or a date, not one of something still to come."""
    g = grammar(code)
    return max((m.year for p in paragraphs for folded in (fold_aligned(p),) for m in find_dates(p, code)
                if m.year and not to_come(g, folded, m)), default=None)


def _news_weekday(paragraphs: list[str], code: str) -> int | None:
    """The one weekday the dateline's paragraph names ("said on Friday"), or None (none, or several)."""
    found = {m.weekday for p in paragraphs for m in find_dates(p, code)
             if m.weekday is not None and m.relative_days is None
             and (m.kind, m.weekday_ref) in (("weekday", None), ("relative", "this"))}  # "samedi", "ce mercredi"
    return found.pop() if len(found) == 1 else None


def _year_for_weekday(m: DateMention, years: set[int], named: frozenset[int] | set[int] = frozenset()) -> DateValue | None:
    newest = max(years)
    # A text is written after the newest year it looks back on, so try that year (or the next) first.
    for year in [newest, newest + 1] + sorted((years | named) - {newest, newest + 1}, reverse=True):
        if valid(year, m.month, m.day) and date(year, m.month, m.day).weekday() == m.weekday:
            return DateValue(year, m.month, m.day)
    return None

"""Dated events: the date each sentence says something happened, relative dates ("yesterday", "last Friday",
"December 30") resolved against the publication date."""
from __future__ import annotations

from datetime import date, timedelta

from generator.analyze.dates.grammar import grammar, lang_code
from generator.analyze.dates.mentions import (DateMention, dates_something, describes_a_thing, find_dates, to_come,
                                              valid)
from generator.text import fold_aligned
from generator.models import DAY, PRECISION_RANK, YEAR, DateValue, Event

SINCE_WINDOW = 20  # characters before a year or a month in which "since" makes it where a state began
MIN_EVENT_WORDS = 5  # shorter "sentences" are captions and furniture, not statements
_RANK = PRECISION_RANK


def extract_events(sentences: list[str], lang: str, pub: DateValue | None) -> list[Event]:
    """One dated event per sentence that says when something happened, in sentence order."""
    code = lang_code(lang)
    events = []
    for sentence in sentences:
        if len(sentence.split()) < MIN_EVENT_WORDS:
            continue
        found = _event_date(sentence, code, pub)
        if found:
            events.append(Event(found[0], sentence, found[1]))
    return events


def _event_date(sentence: str, code: str, pub: DateValue | None) -> tuple[DateValue, bool] | None:
    """The most precise past date of the sentence, absolute dates before relative ones. A sentence whose news is
    of a day the text leaves open ("on Thursday", in a text whose day is unknown) is not dated by a year it
    gives to something else ("the accord signed in 2015", "the 2015 agreement")."""
    g, folded = grammar(code), fold_aligned(sentence)
    best, open_day = None, False
    for m in find_dates(sentence, code):
        if not dates_something(g, folded, m) or describes_a_thing(g, folded, m):
            continue
        if m.value is None and to_come(g, folded, m):
            continue  # "would start before the end of April": not the April before the text, the next one
        if m.value is not None and m.value.day is None and g.since.search(folded, max(0, m.start - SINCE_WINDOW),
                                                                          m.start):
            continue  # "ruled by a junta since 2020", "construit depuis 2015": a state, not the sentence's news
        if m.value is not None and m.value.day is None and g.comparison.search(folded, 0, m.start):
            continue  # "lower than in 2009", "plus faibles qu'en 2009": what the news is compared with
        found = _resolve(m, pub)
        if found is None and m.kind in ("weekday", "relative"):
            open_day = True
        if found and not (pub and after(found[0], pub)) and (best is None or _rank(found) > _rank(best)):
            best = found
    if best is not None and open_day and best[0].precision == YEAR:
        return None
    return best


def _rank(found: tuple[DateValue, bool]) -> tuple[int, bool]:
    return _RANK[found[0].precision], not found[1]


def after(value: DateValue, pub: DateValue) -> bool:
    """Later than `pub` at the precision both share (2025 is not after 2025-01-02)."""
    n = min(_RANK[value.precision], _RANK[pub.precision]) + 1
    return value.sort_key()[:n] > pub.sort_key()[:n]


def _resolve(m: DateMention, pub: DateValue | None) -> tuple[DateValue, bool] | None:
    """(date, relative) for a mention, using `pub` for what the text leaves open."""
    if m.value:
        return m.value, False
    if pub is None:
        return None
    if m.kind in ("monthday", "month"):
        value = latest_month_day(m.month, m.day, pub)
        return (value, True) if value else None
    if pub.precision != DAY:
        return None
    base = date(pub.year, pub.month, pub.day)
    if m.relative_days is not None:
        day = base + timedelta(days=m.relative_days)
    else:
        day = _weekday_near(base, m.weekday, m.weekday_ref)
    return DateValue(day.year, day.month, day.day), True


def latest_month_day(month: int, day: int | None, pub: DateValue) -> DateValue | None:
    """"December 30" in a text of January 2025 is 2024-12-30: the latest one not after `pub`."""
    if pub.month is None:
        return None
    year = pub.year if (month, day or 0) <= (pub.month, pub.day or 31) else pub.year - 1
    return DateValue(year, month, day) if valid(year, month, day) else None


def _weekday_near(base: date, weekday: int, ref: str | None) -> date:
    back = (base.weekday() - weekday) % 7
    if ref == "last":
        return base - timedelta(days=back or 7)
    if ref == "this":  # same Monday-to-Sunday week; may be after `base` and then dropped
        return base + timedelta(days=weekday - base.weekday())
    if ref == "next":
        return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    return base - timedelta(days=back)  # a bare weekday in a report is the latest one

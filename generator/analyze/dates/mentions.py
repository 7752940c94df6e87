"""Date expressions in a text (`find_dates`), and what one says in its sentence: whether it dates something
done, or something still to come."""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from generator.analyze.dates.grammar import Grammar, fold_phrase, grammar, holds, lang_code
from generator.text import fold_aligned
from generator.models import DateValue

PREV_WORD = re.compile(r"(\S+)\s+$")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text; offsets index the original string."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday
    relative_days: int | None  # yesterday = -1, today = 0
    kind: str  # absolute | monthday | month | year | weekday | relative
    weekday_ref: str | None = None  # "last" | "this" | "next" for "last Friday", "ce vendredi"

    @property
    def value(self) -> DateValue | None:
        """The calendar date when the text alone fixes it (a year is known)."""
        if self.year is None or self.kind in ("relative", "weekday"):
            return None
        return DateValue(self.year, self.month, self.day if self.month else None)


def find_dates(text: str, lang: str) -> list[DateMention]:
    """Every date expression in `text`, in order; names matched case- and accent-insensitively."""
    return list(_find_dates(text, lang_code(lang)))


@lru_cache(maxsize=8192)
def _find_dates(text: str, code: str) -> tuple[DateMention, ...]:
    """find_dates() of a language code: a paragraph is read for dates by several steps (mentions are frozen)."""
    g = grammar(code)
    folded = fold_aligned(text)
    held: dict[int, bool] = {}  # each gate tested once per text
    found = []
    for regex, tag, gates in g.patterns:
        for gate in gates:
            ok = held.get(id(gate))
            if ok is None:
                ok = held[id(gate)] = holds(folded, gate)
            if not ok:
                break
        else:
            found += [_candidate(m, tag, g, text) for m in regex.finditer(folded)]
    kept = [c[2] for c in _non_overlapping(found) if c[2] is not None]
    return tuple(_borrow_years(kept, folded, g))


def _candidate(m: re.Match, tag: str, g: Grammar, text: str) -> tuple[int, int, DateMention | None]:
    """(start, end, mention); an invalid date keeps its span (None) so no piece of it survives."""
    start, end = m.span("mon") if tag == "month_alone" else m.span()
    if tag == "year" and _names_a_thing(text, start, g):
        return start, end, None
    year, month, day, weekday, rel = _fields(m.groupdict(), tag, g)
    if tag == "dmy":
        month, day = _by_weekday(text, start, year, month, day, g)
    if not valid(year, month, day) or (tag == "ym" and month == (year + 1) % 100):
        return start, end, None  # "2010-11" is a season, not November 2010
    ref = tag if tag in ("last", "this", "next") else None
    kind = _kind(year, month, day, rel, ref)
    return start, end, DateMention(start, end, text[start:end], year, month, day, weekday, rel, kind, ref)


def _names_a_thing(text: str, start: int, g: Grammar) -> bool:
    """"Vision 2030", "Resolution 2085", "résolution 2085": a number in a name, not a year."""
    before = PREV_WORD.search(text, max(0, start - 40), start)
    if not before:
        return False
    word = before.group(1)
    if fold_phrase(word) in g.number_words:
        return True
    # A capitalised word glued to the number is part of a name, unless it is "In", "Since"...
    return word.isalpha() and word[0].isupper() and fold_phrase(word) not in g.lead_words


def _fields(gd: dict, tag: str, g: Grammar) -> tuple:
    year = int(gd["year"]) if gd.get("year") else None
    month = g.months.get(fold_phrase(gd["mon"])) if gd.get("mon") else int(gd["mm"]) if gd.get("mm") else None
    day = int(gd.get("d0") or gd.get("day") or gd.get("dd") or 0) or None
    if tag == "dmy" and not valid(year, month, day) and valid(year, day, month):
        month, day = day, month  # day-first unless only month-first makes sense (01/13/2023)
    weekday = g.weekdays.get(fold_phrase(gd["wd"])) if gd.get("wd") else None
    rel = g.relative.get(fold_phrase(gd["rel"])) if gd.get("rel") else None
    return year, month, day, weekday, rel


def _by_weekday(text: str, start: int, year, month, day, g: Grammar) -> tuple:
    """(month, day) of a numeric date read day first, or month first where the weekday written before it says
    so: "Fri, 08/02/2024" is Friday 2 August (8 February 2024 was a Thursday)."""
    before = PREV_WORD.search(text, max(0, start - 16), start)
    weekday = g.weekdays.get(fold_phrase(before.group(1).rstrip(","))) if before else None
    if weekday is None or not (valid(year, month, day) and valid(year, day, month)) or month == day:
        return month, day
    if datetime.date(year, month, day).weekday() != weekday and datetime.date(year, day, month).weekday() == weekday:
        return day, month
    return month, day


def valid(year: int | None, month: int | None, day: int | None) -> bool:
    """Whether the date exists (with no year, 29 February does); a day needs a month."""
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year or 2000, month)[1]  # 2000: allow 29 Feb


def _kind(year, month, day, rel, ref) -> str:
    if rel is not None or ref:
        return "relative"
    if month and day:
        return "absolute" if year else "monthday"
    if month:
        return "month"
    return "year" if year else "weekday"


def _non_overlapping(found: list[tuple]) -> list[tuple]:
    """Longest expressions win: "Thursday 1 September 2022" beats "Thursday" and "2022"."""
    kept: list[tuple] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
        if all(cand[1] <= k[0] or cand[0] >= k[1] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c[0])


def _borrow_years(mentions: list[DateMention], folded: str, g: Grammar) -> list[DateMention]:
    """"28 December to 3 January 2023": the first end takes its year from the second."""
    out = list(mentions)
    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        if a.year is None and a.month and b.year and b.month and g.range_gap.fullmatch(folded, a.end, b.start):
            year = b.year - (a.month > b.month)
            if valid(year, a.month, a.day):
                out[i] = replace(a, year=year, kind=_kind(year, a.month, a.day, None, None))
    return out


# ---------------------------------------------------------------- a mention in its sentence


def past_mentions(paragraph: str, code: str) -> list[DateMention]:
    """Mentions that date something already done: not "the summit will open on 3 March",
    not "the 2030 agenda"."""
    g, folded = grammar(code), fold_aligned(paragraph)
    return [m for m in find_dates(paragraph, code)
            if dates_something(g, folded, m) and not to_come(g, folded, m)]


def dates_something(g: Grammar, folded: str, m: DateMention) -> bool:
    """"created in 2010" dates an event; "the 2015 agreement" only names a thing."""
    return m.kind != "year" or g.year_context.search(folded, max(0, m.start - 30), m.start) is not None


def describes_a_thing(g: Grammar, folded: str, m: DateMention) -> bool:
    """"the accord signed in 2015", "l'alliance créée en 2014": a bare year after a participle that describes a
    noun is the thing's date, not the date of what the sentence reports; "was signed in 2015" is an event."""
    if m.kind != "year":
        return False
    found = g.attributive.search(folded, max(0, m.start - 80), m.start)
    if found is None:
        return False
    before = [word for word in found.groups() if word]
    # Opening the sentence or a clause ("Created in 2010, it ..."), the participle tells of the subject's making.
    return bool(before) and not any(word in g.auxiliaries for word in before)


_CLAUSE_ENDS = ".!?,;:()–—"


def to_come(g: Grammar, folded: str, m: DateMention) -> bool:
    """Whether the date is of something still to come: a future marker in its own clause ("the talks will
    resume on 3 March"), not anywhere in the sentence ("the centre will open, the ministry said in a statement
    issued on 24 October 2010" dates the statement)."""
    left = max(folded.rfind(c, 0, m.start) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (folded.find(c, m.end) for c in _CLAUSE_ENDS) if i >= 0]
    return g.future.search(folded, left, min(ends, default=len(folded))) is not None

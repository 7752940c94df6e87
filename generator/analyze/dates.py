"""Find dates in article text and resolve them against the publication date.

The grammar (how days, months, years and weekdays combine) lives here; the words of each
language live in data/dates.yml. Nothing reads the clock: every date comes from the text, and
relative ones ("yesterday", "last Friday", "December 30") are resolved against the publication
date the caller passes in, so the same input always gives the same output.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from generator import data as data_file
from generator.text import fold_aligned
from generator.models import DAY, MONTH, YEAR, DateValue, Event, PubDate

DATA = Path(__file__).resolve().parent.parent / "data" / "dates.yml"
FALLBACK_LANG = "en"  # grammar used for a language the data file does not describe
MAX_LINE_WORDS = 2  # words a publication line may hold besides its date, prefix and time
MAX_LINE_WORD_LEN = 15
MAX_LINE_TOKENS = 20  # longer than this, a line is prose whatever it contains
MIN_EVENT_WORDS = 5  # shorter "sentences" are captions and furniture, not statements
_RANK = {YEAR: 0, MONTH: 1, DAY: 2}

_DAY = r"3[01]|[12]\d|0?[1-9]"
_YEAR = r"(?:1[89]|20)\d\d"  # inside a full date; a bare year is held to 1900-2099
_SYMBOL_RANGE = r"\s*[-–—/]\s*"
_TIME = r"\d{1,2}(?:\s*[:h.]\s*\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*(?:[ap]\.?m\.?|h)"
_SEPARATORS = " \t,;:|-–—•·"
_PREV_WORD = re.compile(r"(\S+)\s+$")
# Gates: cheap necessary conditions of a pattern's match, tested on the folded text before the pattern runs.
DIGIT_GATE = re.compile(r"[0-9]")  # a day (_DAY) or a year (_YEAR) starts with one
YEAR_GATE = re.compile(rf"{_YEAR}")  # every pattern with a year holds one
NUMERIC_GATE = re.compile(r"\d[/.-]\d")  # the numeric dates but a bare year ("12/03/2024", "2024-03")
_FOUR_DIGITS = re.compile(r"\d{4}")  # every date with a year has one: a cheap first test

# Numbers are the same in every language. Lookarounds keep a date from being cut out of a
# longer number, a version string or a year range.
_NUMERIC = (
    (rf"(?<![\w./-])(?P<dd>\d{{1,2}})(?P<sep>[/.-])(?P<mm>\d{{1,2}})(?P=sep)(?P<year>{_YEAR})"
     r"(?![\w/-]|\.\d)", "dmy"),
    # "2024-08-09", "2024/8/9", or an ISO 8601 timestamp "2024-08-09T10:32:00+01:00" (its time is part of it)
    (rf"(?<![\w./-])(?P<year>{_YEAR})(?P<sep>[/.-])(?P<mm>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})"
     r"(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?(?![\w/-]|\.\d)", "date"),
    (rf"(?<![\w./-])(?P<year>{_YEAR})-(?P<mm>0[1-9]|1[0-2])(?![\w/-]|\.\d)", "ym"),
    # A bare year: not "3 000", "$2000", "2000%", "2,5" or the middle of a longer number.
    (r"(?<![\w'.,/$€£°#-])(?<!\d )(?P<year>(?:19|20)\d\d)(?!\w|'(?!s(?!\w))|%|/|[.,]\d|\s\d{3}(?!\d))",
     "year"),
)


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


# ---------------------------------------------------------------- vocabulary and grammar


@lru_cache(maxsize=1)
def _config() -> dict:
    return data_file.load(DATA.name)


def languages() -> tuple[str, ...]:
    return tuple(_config()["languages"])


def _lang_code(lang: str | None) -> str:
    code = re.split(r"[-_]", (lang or "").lower())[0]
    return code if code in _config()["languages"] else FALLBACK_LANG


def _lang_order(lang: str | None) -> list[str]:
    """The given language first, then the others: a date line may use site furniture in another."""
    rest = [code for code in languages() if lang is None or code != _lang_code(lang)]
    return rest if lang is None else [_lang_code(lang)] + rest


def _norm(phrase: str) -> str:
    return " ".join(fold_aligned(phrase).split())


def _alt(words) -> str:
    """Regex alternation of folded phrases, longest first so "janv." wins over "janv"."""
    forms = sorted({_norm(w) for w in words}, key=lambda f: (-len(f), f))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) or "(?!)"


def _index(groups: list[list[str]], base: int) -> dict[str, int]:
    return {_norm(name): i + base for i, forms in enumerate(groups) for name in forms}


@dataclass(frozen=True)
class _Grammar:
    # (regex, tag, gates) run over folded text; gates: the necessary conditions of a match (see _holds)
    patterns: tuple[tuple[re.Pattern, str, tuple], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    range_gap: re.Pattern  # what may sit between the two ends of a range
    line_noise: re.Pattern  # prefixes, fillers and clock times of a date line
    lead_noise: re.Pattern  # what may precede a date glued at the start of a line
    strong_prefix: re.Pattern  # a prefix that only opens date lines ("Published", not "le")
    tail: re.Pattern  # separators and clock time after a date
    prefix_tail: re.Pattern  # a publication prefix at the end of a headline
    lead_words: frozenset[str]  # words that end a sentence just before its date
    number_words: frozenset[str]  # "resolution 2085": what follows is a number, not a year
    year_context: re.Pattern  # a preposition right before a bare year
    future: re.Pattern
    since: re.Pattern  # "since", "depuis": what follows is a past reference point
    last_year: re.Pattern  # "last year", "l'année dernière"
    this_before: re.Pattern  # "ce", "this" ending right before a weekday: the day is today's
    determiners: frozenset[str]  # "the", "its": a bare year after one is part of a name
    stated: re.Pattern  # a "Published"-like prefix opening a line or a field of it, right before a date


@lru_cache(maxsize=None)
def _grammar(code: str) -> _Grammar:
    cfg = _config()["languages"][code]
    time_block = _time_block(cfg)
    words = cfg["pub_prefixes"] + cfg["fillers"] + cfg["time_joiners"] + _config()["common"]["timezones"]
    preps = cfg["date_prepositions"]
    return _Grammar(
        patterns=tuple((re.compile(p), tag, gates) for p, tag, gates in _date_patterns(cfg)
                       + [(p, tag, (YEAR_GATE,) if tag == "year" else (YEAR_GATE, NUMERIC_GATE))
                          for p, tag in _NUMERIC]),
        months=_index(cfg["months"], 1),
        weekdays=_index(cfg["weekdays"], 0),
        relative={_norm(k): v for k, v in cfg["relative_days"].items()},
        range_gap=re.compile(rf"{_SYMBOL_RANGE}|\s+(?:{_alt(cfg['range_joiners'])})\s+"),
        line_noise=re.compile(rf"(?<!\w)(?:{time_block}|{_alt(words)})(?!\w)"),
        lead_noise=re.compile(rf"(?:[\W_]|(?<!\w)(?:{_alt(cfg['pub_prefixes'] + cfg['fillers'])})(?!\w))*"),
        strong_prefix=re.compile(rf"(?<!\w)(?:{_alt(_strong_prefixes(cfg))})(?!\w)"),
        tail=re.compile(rf"(?:[\s,;:|\-–—•·()\[\]]|(?<!\w)(?:{time_block})(?!\w))*"),
        prefix_tail=re.compile(rf"(?<!\w)(?:{_alt(cfg['pub_prefixes'])})[\s:,|\-–—]*$"),
        lead_words=frozenset(_norm(w).split()[-1] for w in cfg["date_lead_words"] + preps),
        number_words=frozenset(_norm(w) for w in cfg["number_words"]),
        year_context=re.compile(rf"(?<!\w)(?:{_alt(preps)})\s+$"),
        future=re.compile(rf"(?<!\w)(?:{_alt(cfg['future_markers'])})(?!\w)"),
        since=re.compile(rf"(?<!\w)(?:{_alt(cfg['since_words'])})(?!\w)"),
        last_year=re.compile(rf"(?<!\w)(?:{_alt(cfg['last_year'])})(?!\w)"),
        determiners=frozenset(_norm(w) for w in cfg["determiners"]),
        stated=re.compile(rf"(?:^|[.!?|•·:;)\]\-–—]\s*)(?:{_alt(_strong_prefixes(cfg))})(?!\w)[\s:,]*$"),
        this_before=re.compile(rf"(?<!\w)(?:{_alt(_this_words(cfg))})[\s,]*$"),
    )


def _this_words(cfg: dict) -> list[str]:
    """"ce" of "ce {weekday}", "this" of "this {weekday}"."""
    return [t.split("{weekday}")[0].strip() for t in cfg["this_weekday"] if t.split("{weekday}")[0].strip()]


def _strong_prefixes(cfg: dict) -> list[str]:
    weak = {_norm(w) for w in cfg["fillers"] + cfg["date_lead_words"] + cfg["date_prepositions"]}
    return [p for p in cfg["pub_prefixes"] if _norm(p) not in weak]


def _time_block(cfg: dict) -> str:
    zone = rf"(?:{_alt(_config()['common']['timezones'])})(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?|[+-]\d{{2}}:?\d{{2}}"
    return rf"(?:(?:{_alt(cfg['time_joiners'])})\s+)?(?:{_TIME})(?:\s*\(?(?:{zone})\)?)?"


def _date_patterns(cfg: dict) -> list[tuple[str, str, tuple]]:
    """Word-based date shapes for one language, as (regex source, tag, gates)."""
    parts = _parts(cfg)
    full_wd = _gate_words(f[0] for f in cfg["weekdays"])
    months = _gate_words(f for forms in cfg["months"] for f in forms)
    day, year = (DIGIT_GATE, months), (YEAR_GATE, months)  # {day} and {mon}; {year} and {mon}
    patterns = []
    if "day_month" in cfg["formats"]:
        dm = "{lead}(?:{d0})?{day}\\s+{dmj}{mon}".format(**parts)
        patterns += [(dm + "\\s*,?\\s+{myj}{year}".format(**parts), "date", year), (dm, "date", day)]
    if "month_day" in cfg["formats"]:
        md = "{lead}{mon}\\s+{day}{d2}".format(**parts)
        patterns += [(md + "\\s*,?\\s+{year}".format(**parts), "date", year), (md + r"(?![.,]?\d)", "date", day)]
    patterns += [
        ("{mon}\\s*,?\\s+{myj}{year}".format(**parts), "date", year),
        ("(?:{preps})[\\s-]+(?P<mon>{full_months})(?!\\w)".format(**parts), "month_alone",
         (_gate_words(parts["_full_months"]),)),
        ("(?P<rel>{rel})(?!\\w)".format(**parts), "date", (_gate_words(cfg["relative_days"]),)),
        ("(?P<wd>{full_wd})(?!\\w)".format(**parts), "date", (full_wd,)),
    ]
    for ref in ("last", "this", "next"):
        patterns += [(_weekday_template(t, parts["full_wd"]), ref, (full_wd,)) for t in cfg[f"{ref}_weekday"]]
    return [(r"(?<!\w)(?<!\d[.,])" + p, tag, gates) for p, tag, gates in patterns]


def _holds(folded: str, gate: re.Pattern | tuple[str, ...]) -> bool:
    """A gate: a pattern found in the folded text, or one of the words (see _gate_words) in it."""
    if isinstance(gate, re.Pattern):
        return gate.search(folded) is not None
    return any(w in folded for w in gate)


def _gate_words(forms) -> tuple[str, ...]:
    """What of each form a match must contain verbatim in folded text: its first word (see `_alt`)."""
    return tuple(sorted({_norm(f).split()[0] for f in forms if _norm(f)}))


def _parts(cfg: dict) -> dict[str, str]:
    ambiguous = {_norm(w) for w in cfg["ambiguous_months"]}
    suffix = rf"(?:{_alt(cfg['ordinal_suffixes'])})?(?!\d)"
    joined = rf"(?:{_SYMBOL_RANGE}|\s+(?:{_alt(cfg['range_joiners'])})\s+)"
    weekday = rf"(?P<wd>{_alt(f for forms in cfg['weekdays'] for f in forms)})(?!\w)"
    article = rf"(?:(?:{_alt(cfg['day_articles'])})\s+)?"
    return {
        "day": rf"(?P<day>{_DAY}){suffix}",
        "d0": rf"(?P<d0>{_DAY}){suffix}{joined}",
        "d2": rf"(?:{joined}(?:{_DAY}){suffix})?",
        "year": rf"(?P<year>{_YEAR})(?!\w)",
        "mon": rf"(?P<mon>{_alt(f for forms in cfg['months'] for f in forms)})(?!\w)",
        "lead": rf"(?:{weekday}[\s,]+{article})?",
        "dmj": rf"(?:(?:{_alt(cfg['day_month_joiners'])})\s+)?",
        "myj": rf"(?:(?:{_alt(cfg['month_year_joiners'])})\s+)?",
        "preps": _alt(cfg["date_prepositions"]),
        "full_months": _alt(f[0] for f in cfg["months"] if _norm(f[0]) not in ambiguous),
        "_full_months": [f[0] for f in cfg["months"] if _norm(f[0]) not in ambiguous],
        "rel": _alt(cfg["relative_days"]),
        "full_wd": _alt(f[0] for f in cfg["weekdays"]),
    }


def _weekday_template(template: str, weekdays: str) -> str:
    before, after = (re.escape(_norm(s)).replace(r"\ ", r"\s+") for s in template.split("{weekday}"))
    before = before + r"\s+" if before else ""
    after = r"\s+" + after if after else ""
    return rf"{before}(?P<wd>{weekdays}){after}(?!\w)"


# ---------------------------------------------------------------- finding dates


def find_dates(text: str, lang: str) -> list[DateMention]:
    """Every date expression in `text`, in order; names matched case- and accent-insensitively."""
    return list(_find_dates(text, _lang_code(lang)))


@lru_cache(maxsize=8192)
def _find_dates(text: str, code: str) -> tuple[DateMention, ...]:
    """find_dates() of a language code: a paragraph is read for dates by several steps (mentions are frozen)."""
    grammar = _grammar(code)
    folded = fold_aligned(text)
    held: dict[int, bool] = {}  # each gate tested once per text
    found = []
    for regex, tag, gates in grammar.patterns:
        for gate in gates:
            ok = held.get(id(gate))
            if ok is None:
                ok = held[id(gate)] = _holds(folded, gate)
            if not ok:
                break
        else:
            found += [_candidate(m, tag, grammar, text) for m in regex.finditer(folded)]
    kept = [c[2] for c in _non_overlapping(found) if c[2] is not None]
    return tuple(_borrow_years(kept, folded, grammar))


def _candidate(m: re.Match, tag: str, g: _Grammar, text: str) -> tuple[int, int, DateMention | None]:
    """(start, end, mention); an invalid date keeps its span (None) so no piece of it survives."""
    start, end = m.span("mon") if tag == "month_alone" else m.span()
    if tag == "year" and _names_a_thing(text, start, g):
        return start, end, None
    year, month, day, weekday, rel = _fields(m.groupdict(), tag, g)
    if not _valid(year, month, day) or (tag == "ym" and month == (year + 1) % 100):
        return start, end, None  # "2010-11" is a season, not November 2010
    ref = tag if tag in ("last", "this", "next") else None
    kind = _kind(year, month, day, rel, ref)
    return start, end, DateMention(start, end, text[start:end], year, month, day, weekday, rel, kind, ref)


def _names_a_thing(text: str, start: int, g: _Grammar) -> bool:
    """"Vision 2030", "Resolution 2085", "résolution 2085": a number in a name, not a year."""
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    if not before:
        return False
    word = before.group(1)
    if _norm(word) in g.number_words:
        return True
    # A capitalised word glued to the number is part of a name, unless it is "In", "Since"...
    return word.isalpha() and word[0].isupper() and _norm(word) not in g.lead_words


def _fields(gd: dict, tag: str, g: _Grammar) -> tuple:
    year = int(gd["year"]) if gd.get("year") else None
    month = g.months.get(_norm(gd["mon"])) if gd.get("mon") else int(gd["mm"]) if gd.get("mm") else None
    day = int(gd.get("d0") or gd.get("day") or gd.get("dd") or 0) or None
    if tag == "dmy" and not _valid(year, month, day) and _valid(year, day, month):
        month, day = day, month  # day-first unless only month-first makes sense (01/13/2023)
    weekday = g.weekdays.get(_norm(gd["wd"])) if gd.get("wd") else None
    rel = g.relative.get(_norm(gd["rel"])) if gd.get("rel") else None
    return year, month, day, weekday, rel


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
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


def _borrow_years(mentions: list[DateMention], folded: str, g: _Grammar) -> list[DateMention]:
    """"28 December to 3 January 2023": the first end takes its year from the second."""
    out = list(mentions)
    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        if a.year is None and a.month and b.year and b.month and g.range_gap.fullmatch(folded, a.end, b.start):
            year = b.year - (a.month > b.month)
            if _valid(year, a.month, a.day):
                out[i] = replace(a, year=year, kind=_kind(year, a.month, a.day, None, None))
    return out


# ---------------------------------------------------------------- publication lines


def parse_date_line(line: str, lang: str | None = None) -> DateValue | None:
    """The date of a line that is essentially a date ("Publié le 2 janvier 2025 à 16h20"), else None."""
    if len(line.split()) > MAX_LINE_TOKENS or not _FOUR_DIGITS.search(line):
        return None
    for code in _lang_order(lang):
        value = _line_date(line, code)
        if value:
            return value
    return None


def _line_date(line: str, code: str) -> DateValue | None:
    mentions = find_dates(line, code)
    dated = [m for m in mentions if m.value and m.month]
    if not dated:
        return None
    rest = list(fold_aligned(line))
    for m in mentions:
        rest[m.start:m.end] = " " * (m.end - m.start)
    words = re.findall(r"\w+", _grammar(code).line_noise.sub(" ", "".join(rest)))
    if len(words) > MAX_LINE_WORDS or any(len(w) > MAX_LINE_WORD_LEN for w in words):
        return None
    return dated[0].value


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


def split_leading_date(line: str, lang: str | None = None) -> tuple[DateValue | None, str]:
    """Separate a date glued to the start (or end) of a line from the text around it.

    Returns (date, rest); rest is "" when the line is only a date, (None, line) when nothing is glued.
    """
    if not _FOUR_DIGITS.search(line):
        return None, line
    for code in _lang_order(lang):
        mentions = find_dates(line, code)
        found = mentions and (_leading(line, code, mentions[0]) or _trailing(line, code, mentions[-1]))
        if found:
            return found
    return None, line


def _leading(line: str, code: str, first: DateMention) -> tuple[DateValue, str] | None:
    g, folded = _grammar(code), fold_aligned(line)
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
    g, folded = _grammar(code), fold_aligned(line)
    if not (last.value and last.month and g.tail.fullmatch(folded, last.end)):
        return None
    head = folded[:last.start].rstrip(_SEPARATORS)
    words = re.findall(r"[\w']+", head)
    # "signed on 12 January 2025" ends a sentence; "relaunch talks 12 January 2025" is glued.
    if len(words) < 2 or words[-1] in g.lead_words:
        return None
    cut = g.prefix_tail.search(head)
    head = line[:cut.start() if cut else len(head)].rstrip(_SEPARATORS)
    return (last.value, head) if head else None


# ---------------------------------------------------------------- publication date from the body

LEAD_PARAGRAPHS = 2  # a full date in the first paragraphs of prose may date the news they report
LEAD_MIN_WORDS = 12  # shorter paragraphs, or cut ones ("..."), are teasers or furniture, not the lead
PIN_PARAGRAPHS = 3  # paragraphs from a yearless dateline on whose dated events may pin its year
SINCE_WINDOW = 30  # characters before a date in which "since" makes it a past reference


def stated_date(line: str, lang: str | None = None) -> DateValue | None:
    """A date the line states as the publication's, wherever it sits in the line: right after a
    "Published"-like prefix ("... | Publié le mercredi 18 septembre 2024 | site"), or a full date closing
    a teaser with a credit ("... 27.01.2024, Outlet")."""
    if not _FOUR_DIGITS.search(line):
        return None
    for code in _lang_order(lang):
        g, folded = _grammar(code), fold_aligned(line)
        for m in find_dates(line, code):
            if not (m.value and m.day):
                continue
            # The prefix opens the line or a field of it ("... ? Publié le ..."), not "en date du" mid-sentence,
            # and the date closes its field ("Published on 3 March 2021, it showed..." is a sentence).
            if g.stated.search(folded, 0, m.start) and not _sentence_goes_on(g, line, folded, m):
                return m.value
            if _credited(line, m):
                return m.value
    return None


def _sentence_goes_on(g: _Grammar, line: str, folded: str, m: DateMention) -> bool:
    end = g.tail.match(folded, m.end).end()
    return "," in folded[m.end:end] and line[end:end + 1].islower()


# ", Outlet Name" closing a paragraph right after a date: the credit line of a teaser or wire copy.
_CREDIT = re.compile(r"\s*,\s*(?:[A-Z][\w'’.-]*\s*){1,4}\s*$")
_AFTER_SENTENCE = re.compile(r"(?:^|[.!?…»”\"])\s*$")


def _credited(text: str, m: DateMention) -> bool:
    """"... leur départ est effectif. 29.01.2025, Outlet": a day standing after the last sentence, then a
    credit; "signed on 12 March 2024, Mali said" is a sentence."""
    return bool(m.day) and _CREDIT.fullmatch(text, m.end) is not None and \
        _AFTER_SENTENCE.search(text, 0, m.start) is not None


def infer_publication_date(paragraphs: list[str], lang: str) -> PubDate:
    """Best publication date the body text supports, for articles without a dateline.

    A date the text merely talks about is not the publication date: only a date stated as today's ("ce
    mercredi 29 janvier 2025"), one closing a teaser with its credit, the date of the news in the lead, a
    weekday that fixes the year of a day, or "last year" beside a year; else unknown ("since 2023" says the
    text is written then or later, not when).
    """
    code = _lang_code(lang)
    paragraphs = [p for p in paragraphs if not _is_caption(p, code)]
    today = _today_date(paragraphs, code)
    if today:
        return PubDate(today, "text")
    placed = [(p, m) for p in paragraphs for m in _past_mentions(p, code)]
    past = [m for _, m in placed]
    full = max((m.value for m in past if m.kind == "absolute"), key=DateValue.sort_key, default=None)
    newer = _newer_year(paragraphs, code, full)
    if newer:
        # "2025 begins with..." after "announced on January 25, 2024": the full date is an event, not the
        # day of writing, and the text is written in the newer year.
        return PubDate(newer, "inferred")
    lead = _lead_date(paragraphs, code, full)
    if lead:
        return lead
    newest = max((m.year for m in past if m.year), default=None)
    # The weekday check is strict enough to try any year the text names, planned events' included.
    named = {m.year for p in paragraphs for m in find_dates(p, code) if m.year}
    g = _grammar(code)
    own_day = {id(m) for p, m in placed
               if m.weekday is not None and g.this_before.search(fold_aligned(p), max(0, m.start - 20), m.start)}
    guess = _weekday_date(past, named, own_day) or _last_year(paragraphs, code, newest)
    return PubDate(guess, "inferred") if guess else PubDate(None, "unknown")


def _is_caption(paragraph: str, code: str) -> bool:
    """A photo caption or credit: its dates are the picture's, not the article's."""
    folded = fold_aligned(paragraph)
    return any(marker in folded for marker in _caption_markers(code))


@lru_cache(maxsize=None)
def _caption_markers(code: str) -> tuple[str, ...]:
    cfg = _config()
    return tuple(_norm(w) for w in cfg["common"]["caption_markers"] + cfg["languages"][code].get("caption_markers", []))


def _today_date(paragraphs: list[str], code: str) -> DateValue | None:
    """"officialisé ce mercredi 29 janvier 2025", "this Wednesday, January 29, 2025", "today, 29 January
    2025", "hier, jeudi 19 septembre 2025" (the day after): the day of writing as the text gives it, or a
    full date closing a teaser with its credit."""
    g = _grammar(code)
    for paragraph in paragraphs:
        folded = fold_aligned(paragraph)
        found = find_dates(paragraph, code)
        for prev, m in zip([None] + found, found):
            if m.kind != "absolute" or _to_come(g, folded, m):
                continue  # "the summit will open this Monday, 3 March 2025" is not today
            if m.weekday is not None and g.this_before.search(folded, max(0, m.start - 20), m.start):
                return m.value
            # "aujourd'hui 29 janvier 2025", "yesterday, Friday 19 September 2025": the day of writing
            if prev and prev.relative_days is not None and prev.relative_days <= 0 and m.day \
                    and re.fullmatch(r"[\s,(]*", folded[prev.end:m.start]):
                day = date(m.year, m.month, m.day) - timedelta(days=prev.relative_days)
                return DateValue(day.year, day.month, day.day)
            if _credited(paragraph, m):
                return m.value
    return None


def _lead_date(paragraphs: list[str], code: str, full: DateValue | None) -> PubDate | None:
    """The newest full date of the text, when the lead reports it: the news happened that day, so the
    text was written that month, not necessarily that day, weekday or not ("ont affirmé jeudi 1er août":
    the report may be of the next day). "Since 14 August" is a past reference."""
    if full is None:
        return None
    g = _grammar(code)
    lead = [p for p in paragraphs if len(p.split()) >= LEAD_MIN_WORDS and not p.rstrip().endswith(("...", "…"))]
    lead = lead[:LEAD_PARAGRAPHS]
    for n, paragraph in enumerate(lead):
        folded = fold_aligned(paragraph)
        for m in _past_mentions(paragraph, code):
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
    g = _grammar(code)
    years = [m.year for p in paragraphs for m in find_dates(p, code)
             if m.year and not _to_come(g, fold_aligned(p), m) and not _determined(g, fold_aligned(p), m)]
    newest = max(years, default=0)
    return DateValue(newest) if newest > full.year else None


def _determined(g: _Grammar, folded: str, m: DateMention) -> bool:
    """"the 2030 agenda", "sa vision 2063": a bare year after a determiner names a thing, and may lie ahead."""
    if m.kind != "year":
        return False
    before = _PREV_WORD.search(folded, max(0, m.start - 40), m.start)
    return before is not None and before.group(1).split("'")[-1] in g.determiners


def _years(paragraphs: list[str], code: str) -> list[int]:
    """The years of the past the text dates something in ("in 2022", "on 3 March 2024"); not names."""
    return [m.year for p in paragraphs for m in _past_mentions(p, code) if m.year]


def _last_year(paragraphs: list[str], code: str, newest: int | None) -> DateValue | None:
    """"Seizures soared last year, to 863 kg in 2022": the text is written the year after the newest year
    of a sentence that calls it last year (`newest`: the newest year the text dates something in)."""
    g = _grammar(code)
    if newest is None:
        return None
    for paragraph in paragraphs:
        folded = fold_aligned(paragraph)
        for hit in g.last_year.finditer(folded):
            sentence = _sentence_at(folded, hit.start(), hit.end())
            years = [m.year for m in find_dates(sentence, code) if m.year]
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
    code = _lang_code(lang)
    paragraphs = [p for p in paragraphs if not _is_caption(p, code)]
    years = set(_years(paragraphs, code))
    if weekday is not None and years:
        probe = DateMention(0, 0, "", None, month, day, weekday, None, "monthday")
        return _year_for_weekday(probe, years)
    last = _last_year(paragraphs, code, max(years, default=None))
    if last:
        return DateValue(last.year, month, day) if _valid(last.year, month, day) else None
    newest = max(years, default=None)
    near = [m for p in paragraphs[:PIN_PARAGRAPHS] for m in _past_mentions(p, code)]
    dated = [m.value for m in near if m.value and m.month and m.year == newest]
    if not dated:
        return None
    event = max(dated, key=DateValue.sort_key)
    year = event.year if (month, day) >= (event.month, event.day or 1) else event.year + 1
    return DateValue(year, month, day) if _valid(year, month, day) else None


def latest_day_before(paragraphs: list[str], lang: str, bound: DateValue) -> DateValue | None:
    """The latest day the text names ("September 19", "16 septembre 2025") not after `bound`."""
    code = _lang_code(lang)
    found = []
    for p in paragraphs:
        if _is_caption(p, code):
            continue
        for m in _past_mentions(p, code):
            if m.kind in ("absolute", "monthday"):
                value = m.value or _latest_month_day(m.month, m.day, bound)
                if value and not _after(value, bound):
                    found.append(value)
    return max(found, key=DateValue.sort_key, default=None)


def yearless_line(text: str, lang: str | None = None) -> DateMention | None:
    """The day and month of a line that is only a date without a year ("20 April", "Jan. 27")."""
    if len(text.split()) > 6:
        return None
    for code in _lang_order(lang):
        mentions = find_dates(text, code)
        if len(mentions) != 1 or mentions[0].kind != "monthday":
            continue
        m = mentions[0]
        rest = fold_aligned(text[:m.start] + " " + text[m.end:])
        words = re.findall(r"\w+", _grammar(code).line_noise.sub(" ", rest))  # "Senegal, Oct 25"
        if len(words) <= MAX_LINE_WORDS and all(len(w) <= MAX_LINE_WORD_LEN for w in words):
            return m
    return None


def _past_mentions(paragraph: str, code: str) -> list[DateMention]:
    """Mentions that date something already done: not "the summit will open on 3 March",
    not "the 2030 agenda"."""
    g, folded = _grammar(code), fold_aligned(paragraph)
    return [m for m in find_dates(paragraph, code)
            if _dates_something(g, folded, m) and not _to_come(g, folded, m)]


def _dates_something(g: _Grammar, folded: str, m: DateMention) -> bool:
    """"created in 2010" dates an event; "the 2015 agreement" only names a thing."""
    return m.kind != "year" or g.year_context.search(folded, max(0, m.start - 30), m.start) is not None


_CLAUSE_ENDS = ".!?,;:()–—"


def _to_come(g: _Grammar, folded: str, m: DateMention) -> bool:
    """Whether the date is of something still to come: a future marker in its own clause ("the talks will
    resume on 3 March"), not anywhere in the sentence ("the centre will open, the ministry said in a statement
    issued on 24 October 2010" dates the statement)."""
    left = max(folded.rfind(c, 0, m.start) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (folded.find(c, m.end) for c in _CLAUSE_ENDS) if i >= 0]
    return g.future.search(folded, left, min(ends, default=len(folded))) is not None


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


def _year_for_weekday(m: DateMention, years: set[int], named: frozenset[int] | set[int] = frozenset()) -> DateValue | None:
    newest = max(years)
    # A text is written after the newest year it looks back on, so try that year (or the next) first.
    for year in [newest, newest + 1] + sorted((years | named) - {newest, newest + 1}, reverse=True):
        if _valid(year, m.month, m.day) and date(year, m.month, m.day).weekday() == m.weekday:
            return DateValue(year, m.month, m.day)
    return None


# ---------------------------------------------------------------- events


def extract_events(sentences: list[str], lang: str, pub: DateValue | None) -> list[Event]:
    """One dated event per sentence that says when something happened, in sentence order."""
    code = _lang_code(lang)
    events = []
    for sentence in sentences:
        if len(sentence.split()) < MIN_EVENT_WORDS:
            continue
        found = _event_date(sentence, code, pub)
        if found:
            events.append(Event(found[0], sentence, found[1]))
    return events


def _event_date(sentence: str, code: str, pub: DateValue | None) -> tuple[DateValue, bool] | None:
    """The most precise past date of the sentence, absolute dates before relative ones."""
    g, folded = _grammar(code), fold_aligned(sentence)
    best = None
    for m in find_dates(sentence, code):
        if not _dates_something(g, folded, m):
            continue
        found = _resolve(m, pub)
        if found and not (pub and _after(found[0], pub)) and (best is None or _rank(found) > _rank(best)):
            best = found
    return best


def _rank(found: tuple[DateValue, bool]) -> tuple[int, bool]:
    return _RANK[found[0].precision], not found[1]


def _after(value: DateValue, pub: DateValue) -> bool:
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
        value = _latest_month_day(m.month, m.day, pub)
        return (value, True) if value else None
    if pub.precision != DAY:
        return None
    base = date(pub.year, pub.month, pub.day)
    if m.relative_days is not None:
        day = base + timedelta(days=m.relative_days)
    else:
        day = _weekday_near(base, m.weekday, m.weekday_ref)
    return DateValue(day.year, day.month, day.day), True


def _latest_month_day(month: int, day: int | None, pub: DateValue) -> DateValue | None:
    """"December 30" in a text of January 2025 is 2024-12-30: the latest one not after `pub`."""
    if pub.month is None:
        return None
    year = pub.year if (month, day or 0) <= (pub.month, pub.day or 31) else pub.year - 1
    return DateValue(year, month, day) if _valid(year, month, day) else None


def _weekday_near(base: date, weekday: int, ref: str | None) -> date:
    back = (base.weekday() - weekday) % 7
    if ref == "last":
        return base - timedelta(days=back or 7)
    if ref == "this":  # same Monday-to-Sunday week; may be after `base` and then dropped
        return base + timedelta(days=weekday - base.weekday())
    if ref == "next":
        return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    return base - timedelta(days=back)  # a bare weekday in a report is the latest one

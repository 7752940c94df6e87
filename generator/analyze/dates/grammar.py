"""The words of each language's dates (data/dates.yml) compiled into one grammar per language: the regular
expressions of its date shapes, each with the cheap necessary conditions of a match, and the phrases around
dates (publication prefixes, clock times, "since", "last year", future markers)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from generator import data as data_file
from generator.text import fold_aligned

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "dates.yml"
FALLBACK_LANG = "en"  # grammar used for a language the data file does not describe

_DAY = r"3[01]|[12]\d|0?[1-9]"
_YEAR = r"(?:1[89]|20)\d\d"  # inside a full date; a bare year is held to 1900-2099
_SYMBOL_RANGE = r"\s*[-–—/]\s*"
_TIME = r"\d{1,2}(?:\s*[:h.]\s*\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*(?:[ap]\.?m\.?|h)"
# Gates: cheap necessary conditions of a pattern's match, tested on the folded text before the pattern runs.
DIGIT_GATE = re.compile(r"[0-9]")  # a day (_DAY) or a year (_YEAR) starts with one
YEAR_GATE = re.compile(rf"{_YEAR}")  # every pattern with a year holds one
NUMERIC_GATE = re.compile(r"\d[/.-]\d")  # the numeric dates but a bare year ("12/03/2024", "2024-03")

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


@lru_cache(maxsize=1)
def _config() -> dict:
    return data_file.load(DATA.name)


def languages() -> tuple[str, ...]:
    """The language codes data/dates.yml describes."""
    return tuple(_config()["languages"])


def lang_code(lang: str | None) -> str:
    """The code of the grammar for `lang` ("fr-FR" -> "fr"), the fallback for a language without one."""
    code = re.split(r"[-_]", (lang or "").lower())[0]
    return code if code in _config()["languages"] else FALLBACK_LANG


def lang_order(lang: str | None) -> list[str]:
    """The given language first, then the others: a date line may use site furniture in another."""
    rest = [code for code in languages() if lang is None or code != lang_code(lang)]
    return rest if lang is None else [lang_code(lang)] + rest


def fold_phrase(phrase: str) -> str:
    """A phrase of the data file or of a match as the patterns read it: folded, one space between words."""
    return " ".join(fold_aligned(phrase).split())


def _alt(words) -> str:
    """Regex alternation of folded phrases, longest first so "janv." wins over "janv"."""
    forms = sorted({fold_phrase(w) for w in words}, key=lambda f: (-len(f), f))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) or "(?!)"


def _index(groups: list[list[str]], base: int) -> dict[str, int]:
    return {fold_phrase(name): i + base for i, forms in enumerate(groups) for name in forms}


@dataclass(frozen=True)
class Grammar:
    # (regex, tag, gates) run over folded text; gates: the necessary conditions of a match (see holds)
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
    attributive: re.Pattern  # "signed in" right before a bare year, with the two words before it
    auxiliaries: frozenset[str]  # "was" of "was signed in": the participle is then the sentence's verb
    future: re.Pattern
    since: re.Pattern  # "since", "depuis": what follows is a past reference point
    comparison: re.Pattern  # "than in", "qu'en" ending right before a date: a point of comparison
    last_year: re.Pattern  # "last year", "l'année dernière"
    this_before: re.Pattern  # "ce", "this" ending right before a weekday: the day is today's
    determiners: frozenset[str]  # "the", "its": a bare year after one is part of a name
    stated: re.Pattern  # a "Published"-like prefix opening a line or a field of it, right before a date
    update: re.Pattern  # an "Updated"-like prefix right before a date: the date of a later edit
    addenda: frozenset[str]  # "for" of "compiled 14 May 2012, for the file.": the line still closes there


@lru_cache(maxsize=None)
def grammar(code: str) -> Grammar:
    """The compiled grammar of one language code."""
    cfg = _config()["languages"][code]
    time_block = _time_block(cfg)
    words = cfg["pub_prefixes"] + cfg["fillers"] + cfg["time_joiners"] + _config()["common"]["timezones"]
    preps = cfg["date_prepositions"]
    return Grammar(
        patterns=tuple((re.compile(p), tag, gates) for p, tag, gates in _date_patterns(cfg)
                       + [(p, tag, (YEAR_GATE,) if tag == "year" else (YEAR_GATE, NUMERIC_GATE))
                          for p, tag in _NUMERIC]),
        months=_index(cfg["months"], 1),
        weekdays=_index(cfg["weekdays"], 0),
        relative={fold_phrase(k): v for k, v in cfg["relative_days"].items()},
        range_gap=re.compile(rf"{_SYMBOL_RANGE}|\s+(?:{_alt(cfg['range_joiners'])})\s+"),
        line_noise=re.compile(rf"(?<!\w)(?:{time_block}|{_alt(words)})(?!\w)"),
        lead_noise=re.compile(rf"(?:[\W_]|(?<!\w)(?:{_alt(cfg['pub_prefixes'] + cfg['fillers'])})(?!\w))*"),
        strong_prefix=re.compile(rf"(?<!\w)(?:{_alt(_strong_prefixes(cfg))})(?!\w)"),
        tail=re.compile(rf"(?:[\s,;:|\-–—•·()\[\]]|(?<!\w)(?:{time_block})(?!\w))*"),
        prefix_tail=re.compile(rf"(?<!\w)(?:{_alt(cfg['pub_prefixes'])})[\s:,|\-–—]*$"),
        lead_words=frozenset(fold_phrase(w).split()[-1] for w in cfg["date_lead_words"] + preps
                             + cfg.get("storing_words", [])),
        number_words=frozenset(fold_phrase(w) for w in cfg["number_words"]),
        year_context=re.compile(rf"(?<!\w)(?:{_alt(preps)})\s+$"),
        attributive=re.compile(rf"(?:(?<!\w)([\w']+)\s+)?(?:(?<!\w)([\w']+)\s+)?(?<!\w)"
                               rf"(?:{_alt(cfg.get('attributive_participles') or [])})\s+(?:{_alt(preps)})\s+$"),
        auxiliaries=frozenset(fold_phrase(w) for w in cfg.get("auxiliaries") or []),
        future=re.compile(rf"(?<!\w)(?:{_alt(cfg['future_markers'])})(?!\w)"),
        since=re.compile(rf"(?<!\w)(?:{_alt(cfg['since_words'])})(?!\w)"),
        comparison=re.compile(rf"(?<!\w)(?:{_alt(cfg.get('comparison_words') or [])})\s*$"),
        last_year=re.compile(rf"(?<!\w)(?:{_alt(cfg['last_year'])})(?!\w)"),
        determiners=frozenset(fold_phrase(w) for w in cfg["determiners"]),
        # The prefix right before the date, or opening the line a few words before it ("publiée dans le JO
        # Sénat du 20/01/2022", "Published by Harbour News on ...").
        stated=re.compile(rf"(?:^|[.!?|•·:;)\]\-–—]\s*)(?:{_alt(_strong_prefixes(cfg))})(?!\w)[\s:,]*$"
                          rf"|^\W*(?:{_alt(_worded_prefixes(cfg))})(?!\w)(?:\s+[^\s\d]+){{1,6}}\s*$"),
        this_before=re.compile(rf"(?<!\w)(?:{_alt(_this_words(cfg))})[\s,]*$"),
        update=re.compile(rf"(?<!\w)(?:{_alt(cfg.get('update_prefixes', []) or ['(?!)'])})[\s:,|\-–—]*$"),
        addenda=frozenset(fold_phrase(w) for w in cfg.get("addendum_words") or []),
    )


@lru_cache(maxsize=1)
def glued_label() -> re.Pattern:
    """A publication line's label run onto the word before it, a date after it ("Jane DoePublished 7 December
    2023"): the place to put the space back. Only labels of a word of six letters or more: "Le", "On", "Date" end
    ordinary words."""
    labels = {p for cfg in _config()["languages"].values() for p in cfg["pub_prefixes"] if len(p.split()[0]) >= 6}
    alternatives = "|".join(re.escape(p[0].upper() + p[1:]).replace(r"\ ", r"\s+")
                            for p in sorted(labels, key=len, reverse=True))
    return regex.compile(rf"(?<=\p{{Ll}})(?=(?:{alternatives})\b[\s:,]{{0,3}}[^\n]{{0,20}}\d)")


@lru_cache(maxsize=1)
def hijri_date() -> re.Pattern:
    """A Hijri date (a day, a month of data/dates.yml's hijri_months, a year of the 14th or 15th century of the
    Hegira), with the separator that sets it beside a Gregorian date."""
    months = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_config()["common"]["hijri_months"],
                                                                          key=len, reverse=True))
    return re.compile(rf"\s*[-–—|,/]?\s*\b\d{{1,2}}\s+(?:{months})\s+1[34]\d\d\b(?:\s*(?:h|ah|hégire|de l'hégire)\b)?",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def event_labels() -> frozenset[str]:
    """Every language's field labels of a fact's date: a date line is read in several languages in turn."""
    return frozenset(fold_phrase(w) for cfg in _config()["languages"].values() for w in cfg.get("event_labels") or [])


def _this_words(cfg: dict) -> list[str]:
    """"ce" of "ce {weekday}", "this" of "this {weekday}"."""
    return [t.split("{weekday}")[0].strip() for t in cfg["this_weekday"] if t.split("{weekday}")[0].strip()]


def _worded_prefixes(cfg: dict) -> list[str]:
    """The prefixes that say publication in a word of six letters or more ("published", "publiée"): a line
    they open may name where before the date; "Date", "Le" may open anything."""
    return [p for p in _strong_prefixes(cfg) if len(p.split()[0]) >= 6]


def _strong_prefixes(cfg: dict) -> list[str]:
    weak = {fold_phrase(w) for w in cfg["fillers"] + cfg["date_lead_words"] + cfg["date_prepositions"]}
    return [p for p in cfg["pub_prefixes"] if fold_phrase(p) not in weak]


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


def holds(folded: str, gate: re.Pattern | tuple[str, ...]) -> bool:
    """A gate: a pattern found in the folded text, or one of the words (see _gate_words) in it."""
    if isinstance(gate, re.Pattern):
        return gate.search(folded) is not None
    return any(w in folded for w in gate)


def _gate_words(forms) -> tuple[str, ...]:
    """What of each form a match must contain verbatim in folded text: its first word (see `_alt`)."""
    return tuple(sorted({fold_phrase(f).split()[0] for f in forms if fold_phrase(f)}))


def _parts(cfg: dict) -> dict[str, str]:
    ambiguous = {fold_phrase(w) for w in cfg["ambiguous_months"]}
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
        "full_months": _alt(f[0] for f in cfg["months"] if fold_phrase(f[0]) not in ambiguous),
        "_full_months": [f[0] for f in cfg["months"] if fold_phrase(f[0]) not in ambiguous],
        "rel": _alt(cfg["relative_days"]),
        "full_wd": _alt(f[0] for f in cfg["weekdays"]),
    }


def _weekday_template(template: str, weekdays: str) -> str:
    before, after = (re.escape(fold_phrase(s)).replace(r"\ ", r"\s+") for s in template.split("{weekday}"))
    before = before + r"\s+" if before else ""
    after = r"\s+" + after if after else ""
    return rf"{before}(?P<wd>{weekdays}){after}(?!\w)"


@lru_cache(maxsize=None)
def caption_markers(code: str) -> tuple[str, ...]:
    """Text marking a photo caption or credit ("©", "photo:"), in every language and in this one."""
    cfg = _config()
    words = cfg["common"]["caption_markers"] + cfg["languages"][code].get("caption_markers", [])
    return tuple(fold_phrase(w) for w in words)

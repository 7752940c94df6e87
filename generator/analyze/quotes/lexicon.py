"""The word lists of data/quotes.yml (speech verbs, titles, pronouns...) for one language, and the speech
pattern compiled from them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import data as data_file

_DATA = Path(__file__).resolve().parent.parent.parent / "data" / "quotes.yml"
_LISTS = ("verbs", "auxiliaries", "participles", "inverted_auxiliaries", "inverted_suffixes",
          "markers", "speech_nouns", "titles", "bodies", "pronouns", "object_pronouns", "possessives", "determiners", "stopwords",
          "of_words", "conjunctions", "relatives", "complementizers", "adverbs",
          "descriptive_stops", "non_names", "elisions", "abbreviations", "cut_adjectives")


@dataclass(frozen=True)
class Lexicon:
    words: dict  # list name -> frozenset of lowercase entries
    particles: frozenset
    speech: re.Pattern  # groups: mark (according to), inv (pronoun subject), verb

    def has(self, name: str, word: str) -> bool:
        return word in self.words[name]


@lru_cache(maxsize=1)
def _load() -> dict:
    return data_file.load(_DATA.name)


def lang_key(lang: str | None) -> str:
    """The section of data/quotes.yml for `lang`, or "*" (every section) for a language without one."""
    key = (lang or "").lower().replace("_", "-").split("-")[0]
    return key if key in _load() and key != "common" else "*"


def lookup_form(word: str) -> str:
    """A word as the lists hold it: lowercase, apostrophes as '."""
    return str(word).lower().replace("’", "'")


@lru_cache(maxsize=None)
def lexicon(key: str) -> Lexicon:
    """The lists of language `key` (see lang_key)."""
    data = _load()
    # An unknown language gets every list at once: better some attribution than none.
    sections = [data[key]] if key != "*" else [v for k, v in data.items() if k != "common"]
    words = {name: frozenset(lookup_form(w) for s in sections for w in s.get(name) or ()) for name in _LISTS}
    particles = frozenset(lookup_form(w) for w in data["common"]["particles"])
    return Lexicon(words=words, particles=particles, speech=_speech_re(words))


def _phrase(text: str) -> str:
    """Regex for a lowercase word list entry: flexible spaces and apostrophes."""
    return r"\s+".join(re.escape(part).replace("'", "['’]") for part in text.split())


def _alternatives(entries) -> str:
    return "|".join(_phrase(e) for e in sorted(entries, key=len, reverse=True)) or "(?!)"


def _speech_re(words: dict) -> re.Pattern:
    verbs = _alternatives(words["verbs"])
    parts = _alternatives(words["participles"])
    adverb = r"(?:\s+(?:%s))?" % _alternatives(words["adverbs"])
    incise = r"(?:\s*,[^,.;:!?“”«»\"]{1,40},)?"  # "a, quant à lui, déclaré"
    compound = r"(?:%s)%s%s\s+(?:%s)" % (_alternatives(words["auxiliaries"]), incise, adverb, parts)
    inverted = r"(?:%s)%s\s+(?:%s)|(?:%s)(?:%s)" % (
        _alternatives(words["inverted_auxiliaries"]), adverb, parts,
        verbs, _alternatives(words["inverted_suffixes"]))
    markers = "|".join(_capitalisable(m) for m in sorted(words["markers"], key=len, reverse=True))
    # Not a reflexive verb: "la hausse s'explique par ..." explains nothing ("m'a dit", "l'a dit" are speech).
    return re.compile(r"(?<![\w-])(?<!\b[sS]['’])(?:(?P<mark>%s)|(?P<inv>%s)|(?P<verb>%s|%s))(?![\w-])"
                      % (markers or "(?!)", inverted, compound, verbs))


def _capitalisable(entry: str) -> str:
    # Markers open sentences ("According to ..."); verbs never do, and staying
    # lowercase keeps "United States" from reading as "states".
    head = entry[0]
    return "[%s%s]%s" % (re.escape(head), re.escape(head.upper()), _phrase(entry)[len(re.escape(head)):])

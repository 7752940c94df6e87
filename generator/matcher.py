"""Alias matching shared by topics and entities: accent- and case-insensitive, on word boundaries.

Short all-capital aliases (acronyms such as "UN" or "AES") match case-sensitively, or they would match
ordinary words ("un" in French).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from generator.text import fold


@dataclass(frozen=True)
class AliasSet:
    key: str
    folded: re.Pattern | None  # aliases matched on folded text
    exact: re.Pattern | None  # acronyms matched as written
    # The longest word of each alias, which a text must hold for the alias to match: most names are absent
    # from most texts, and looking for a few words is several times quicker than running the pattern.
    folded_words: tuple[str, ...] = ()
    exact_words: tuple[str, ...] = ()

    def count(self, text: str, folded_text: str | None = None) -> int:
        n = 0
        if self.folded is not None:
            folded_text = folded_text if folded_text is not None else fold(text)
            if _holds_any(folded_text, self.folded_words):
                n += len(self.folded.findall(folded_text))
        if self.exact is not None and _holds_any(text, self.exact_words):
            n += len(self.exact.findall(text))
        return n

    def counts(self, sentences: list[str], folded: list[str]) -> list[int]:
        """count() of each sentence (`folded`: their fold()), one pass of each pattern over them all."""
        out = [0] * len(sentences)
        for pattern, texts, words in ((self.folded, folded, self.folded_words),
                                      (self.exact, sentences, self.exact_words)):
            for i, _start, _end in by_sentence(pattern, texts, words):
                out[i] += 1
        return out

    def spans(self, text: str, folded: str | None = None) -> list[tuple[int, int]]:
        """Every match's position in the original text, in order (folded matches only where folding kept the
        text's length, as first_span)."""
        out = []
        if self.exact is not None and _holds_any(text, self.exact_words):
            out += [m.span() for m in self.exact.finditer(text)]
        if self.folded is not None:
            folded = fold(text) if folded is None else folded
            if len(folded) == len(text) and _holds_any(folded, self.folded_words):
                out += [m.span() for m in self.folded.finditer(folded)]
        return sorted(out)

    def first_span(self, text: str) -> tuple[int, int] | None:
        """Position of the first match in the original text (folding keeps lengths for Latin scripts
        only, so the folded match is mapped back by searching case-insensitively)."""
        spans = []
        if self.exact is not None and (m := self.exact.search(text)):
            spans.append(m.span())
        if self.folded is not None:
            folded = fold(text)
            if len(folded) == len(text) and (m := self.folded.search(folded)):
                spans.append(m.span())
        return min(spans) if spans else None


def by_sentence(pattern: re.Pattern | None, texts: list[str], words: tuple[str, ...] | None = None):
    """(index of the text, start, end in it) of each match of the pattern in the texts, found in one pass over
    them joined by NUL, which is neither a word character, a hyphen nor a space: no match runs into the next
    text or starts differently than in its text alone. With `words`, nothing is searched unless the texts hold
    one of them (see AliasSet)."""
    if pattern is None or not texts:
        return
    joined = "\0".join(texts)
    if words is not None and not _holds_any(joined, words):
        return
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    for m in pattern.finditer(joined):
        i = bisect_right(starts, m.start()) - 1
        yield i, m.start() - starts[i], m.end() - starts[i]


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def _longest_word(alias: str) -> str:
    """The longest run of the alias between spaces and hyphens: the pattern matches it as it is."""
    return max(re.split(r"[ -]+", alias), key=len)


def is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters)


def compile_aliases(key: str, aliases) -> AliasSet:
    return _compile(key, tuple(aliases))


@lru_cache(maxsize=8192)
def _compile(key: str, aliases: tuple[str, ...]) -> AliasSet:
    folded, exact = set(), set()
    for alias in aliases:
        alias = " ".join(alias.split())
        if not alias:
            continue
        (exact if is_acronym(alias) else folded).add(alias if is_acronym(alias) else fold(alias))

    def build(items):
        if not items:
            return None
        # Longest first so "Algiers Peace Agreement" wins over "Algiers"; flexible spaces and hyphens.
        parts = [re.escape(a).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?") for a in sorted(items, key=lambda a: (-len(a), a))]
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")

    return AliasSet(key, build(folded), build(exact), tuple(sorted({_longest_word(a) for a in folded})),
                    tuple(sorted({_longest_word(a) for a in exact})))

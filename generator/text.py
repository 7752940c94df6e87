"""Small text helpers shared by the stages: word counts and tokens, case- and accent-folding, and the sentence
tests that analysis and linking both make."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from generator import data as data_file

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
# A newspaper's masthead naming its print edition: "Édition du lundi 20 janvier 2014 — N° 6 984", "Issue of ...",
# or a newsletter's, the number after its date ("Wednesday 15 January 2025 | Issue 1,412"): the day the
# edition, and the articles in it, appeared.
EDITION_LINE = re.compile(r"(?i)^\W*(?:[ée]dition|issue|num[ée]ro)\b.{0,40}\b\d{4}\b"
                          r"|^\W*[^|·•]{0,40}\b\d{4}\s*[|·•–—-]\s*(?:issue|no\.?|n°|num[ée]ro)\s*#?\s*\d[\d,. ]*$")


@lru_cache(maxsize=16384)
def words(text: str) -> int:
    """Words in a line (cached: the steps of cleaning count the same lines again)."""
    return len(WORD.findall(text))


_PUNCT = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form; apostrophes unified so d’état matches d'état."""
    text = text.translate(_PUNCT).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _aligned_table() -> dict[int, str]:
    table = {ord(c): " " for c in "\u00a0\u202f\u2009\u2007"}
    table.update({ord(c): "'" for c in "\u2019\u2018\u02bc"})
    for cp in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
        if len(base) == 1:
            table.setdefault(cp, base)
    return table


def fold_aligned(text: str) -> str:
    """Lower-case, accent-free copy of the SAME length as `text`, so that offsets of a match in it are offsets in
    `text` (unlike `fold`, which may change the length)."""
    stripped = text.translate(_aligned_table())
    lowered = stripped.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in stripped)


def name_key(name: str) -> str:
    """A name's letters and digits, folded, without a leading article: "The Harbour Post", "harbourpost.example"'s
    "harbourpost" and "Scènes d'Algérie" compare as one name."""
    return re.sub(r"^(?:the|le|la|les|l)(?=.)", "", re.sub(r"[\W_]", "", fold(name or "")))


def tokens(text: str) -> list[str]:
    return WORD.findall(fold(text))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def overlap(a: str, b: str) -> float:
    """The share of the shorter text's distinct words that the other has too."""
    sa, sb = set(tokens(a)), set(tokens(b))
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return frozenset(data_file.load("sentences.yml")["dangling_openers"])


def phrases_pattern(phrases) -> str:
    """A regex alternation of the phrases as fold() writes them, longest first, any run of spaces between words."""
    return "|".join(re.escape(fold(p)).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _references() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + phrases_pattern(data_file.load("sentences.yml")["dangling_references"]) +
                      r")(?!\w)")


def stands_alone(sentence: str) -> bool:
    """False for a sentence that needs the one before it to make sense: it opens on a word leaning on it ("He
    said...") or points back to what it named ("...according to this source")."""
    match = re.match(r"\W*(\w+)", sentence)
    if match and match.group(1).casefold() in _openers():
        return False
    return _references().search(fold(sentence)) is None

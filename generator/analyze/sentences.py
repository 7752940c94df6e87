"""Sentence splitting with pysbd, repaired after abbreviations and initials where it breaks."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from generator import data as data_file

DATA = Path(__file__).resolve().parent.parent / "data" / "sentences.yml"
PYSBD_LANGS = {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr",
               "my", "el", "it", "ja", "de", "kk", "sk"}
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
MAX_PARAGRAPH = 20_000  # pysbd slows sharply on huge unbroken text; longer runs are split on full stops


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(data_file.load(DATA.name)["abbreviations"])


def _at_word_start(lowered: str, word: str) -> bool:
    """Whether `word` occurs in `lowered` at its start or after whitespace."""
    i = lowered.find(word)
    while i != -1:
        if i == 0 or lowered[i - 1].isspace():
            return True
        i = lowered.find(word, i + 1)
    return False


def _quicker(language):
    """pysbd's language with an abbreviation pass that skips, before any regular expression, each abbreviation
    of letters only that is never followed by its full stop at the start of a word in the text. pysbd searches
    for every abbreviation that is a substring of the lower-cased text ("al" in "total"), each with patterns of
    its own (too many for the `re` module's cache), but all it can change is the full stop right after an
    abbreviation that starts a word: without one, its searches and substitutions change nothing. The rest is
    pysbd's method as it is; a language whose replacer has methods of its own keeps them all."""
    from pysbd.abbreviation_replacer import AbbreviationReplacer

    base = getattr(language, "AbbreviationReplacer", AbbreviationReplacer)
    methods = ("search_for_abbreviations_in_string", "scan_for_replacements", "replace_period_of_abbr")
    if any(getattr(base, m) is not getattr(AbbreviationReplacer, m) for m in methods):
        return language  # its own way of replacing: kept as it is

    class Replacer(base):
        def search_for_abbreviations_in_string(self, text):
            lowered = text.lower()
            # Unless the lower-cased text is the text's own letters, which the pattern's IGNORECASE compares
            # (casefold() differs where IGNORECASE matches more: long s, Greek final sigma...), pysbd's way.
            if len(lowered) != len(text) or lowered != text.casefold():
                return super().search_for_abbreviations_in_string(text)
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered or (stripped.isalpha() and not _at_word_start(lowered, stripped + ".")):
                    continue
                found = re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)
                if found:
                    following = re.findall(r"(?<={" + str(re.escape(stripped)) + "} ).{1}", text)
                    for ind, match in enumerate(found):
                        text = self.scan_for_replacements(text, match, ind, following)
            return text

    return type(language.__name__, (language,), {"AbbreviationReplacer": Replacer})


@lru_cache(maxsize=8)
def _segmenter(lang: str):
    import pysbd
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        """pysbd finds each sentence back in the text with a regular expression compiled for that sentence,
        which costs more than the segmentation itself and floods the `re` cache that pysbd's own rules rely
        on. The same search (first non-overlapping occurrence ending past the previous sentence, trailing
        whitespace included) with str.find."""

        def sentences_with_char_spans(self, sentences):
            text, spans, prior_end = self.original_text, [], 0
            for sent in sentences:
                if not sent:
                    continue
                start = text.find(sent)
                while start != -1:
                    end = start + len(sent)
                    while end < len(text) and text[end].isspace():
                        end += 1
                    if end > prior_end:
                        spans.append(TextSpan(text[start:end], start, end))
                        prior_end = end
                        break
                    start = text.find(sent, end)
            return spans

    segmenter = Segmenter(language=lang if lang in PYSBD_LANGS else "en", clean=False)
    segmenter.language_module = _quicker(segmenter.language_module)
    return segmenter


def _glued(segment: str) -> bool:
    match = _LAST_TOKEN.search(segment)
    if not match:
        return False
    token = match.group(1)
    if not token.endswith("."):
        return False
    stem = token[:-1].lstrip("(«“\"'").casefold()
    return stem in _abbreviations() or (len(stem) == 1 and stem.isalpha())


# An item of a list run into a sentence: "(b) the implications ...", "ii) ...".
ITEM = re.compile(r"\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s")
ENDED = re.compile(r"[.!?…:;][\"'’”»)\]]*$")


def _enumerated(before: str, segment: str) -> bool:
    """Whether pysbd cut a sentence before an item of the list it runs through ("what assessment she has made of"
    / "(a) the deployment ... and" / "(b) the implications ..."): the part before does not end a sentence."""
    return bool(ITEM.match(segment)) and not ENDED.search(before)


def split(paragraph: str, lang: str) -> list[str]:
    if len(paragraph) > MAX_PARAGRAPH:
        chunks = re.split(r"(?<=[.!?])\s+", paragraph)
        return [c.strip() for c in chunks if c.strip()]
    out: list[str] = []
    for seg in _segmenter(lang).segment(paragraph):
        seg = seg.strip()
        if not seg:
            continue
        if out and (_glued(out[-1]) or seg[0].islower() or _enumerated(out[-1], seg)):
            out[-1] = f"{out[-1]} {seg}"
        else:
            out.append(seg)
    return out

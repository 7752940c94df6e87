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

    return Segmenter(language=lang if lang in PYSBD_LANGS else "en", clean=False)


def _glued(segment: str) -> bool:
    match = _LAST_TOKEN.search(segment)
    if not match:
        return False
    token = match.group(1)
    if not token.endswith("."):
        return False
    stem = token[:-1].lstrip("(«“\"'").casefold()
    return stem in _abbreviations() or (len(stem) == 1 and stem.isalpha())


def split(paragraph: str, lang: str) -> list[str]:
    if len(paragraph) > MAX_PARAGRAPH:
        chunks = re.split(r"(?<=[.!?])\s+", paragraph)
        return [c.strip() for c in chunks if c.strip()]
    out: list[str] = []
    for seg in _segmenter(lang).segment(paragraph):
        seg = seg.strip()
        if not seg:
            continue
        if out and (_glued(out[-1]) or seg[0].islower()):
            out[-1] = f"{out[-1]} {seg}"
        else:
            out.append(seg)
    return out


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return frozenset(data_file.load(DATA.name)["dangling_openers"])


def stands_alone(sentence: str) -> bool:
    """False for a sentence that needs the one before it to make sense."""
    match = re.match(r"\W*(\w+)", sentence)
    return not match or match.group(1).casefold() not in _openers()

"""Quotations in paragraphs: text between quotation marks, the sentences around them, and one speaker per
quotation."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.analyze.quotes.lexicon import Lexicon, lang_key, lexicon, lookup_form
from generator.analyze.quotes.speakers import DESCRIPTIVE, NAME, PRONOUN, attribute, from_before, incise
from generator.models import Quote

MIN_WORDS = 4  # shorter quoted text is a scare quote or a title, not a quotation

# One alternative per delimiter pair. Each inner class excludes the opening mark,
# so a failed match never scans past the next opener (no runaway, no backtracking blow-up).
_QUOTE_RE = re.compile(
    r"“(?P<curly>[^“”]+)(?:”|“(?![^\W\d_]))"  # “…” and the sloppy “…“ (closer not glued to a word)
    r"|«(?P<guillemet>[^«»]+)»"
    r"|„(?P<low>[^„“”]+)[“”]"
    r"|(?<!\w)\"(?P<straight>[^\"]+)\"(?!\w)"
    r"|‘(?P<single>(?:[^‘’]|’(?=[^\W\d_]))+)’(?![^\W\d_])"  # ’ inside a word is an apostrophe
)
_GROUPS = ("curly", "guillemet", "low", "straight", "single")
# Press convention: a quotation running on to the next paragraph has no closing mark.
# Only a last opener with no quotation mark at all after it qualifies.
_OPEN_TAIL_RE = re.compile(r"[“«](?P<tail>[^“”«»\"„]+)$")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”»’)\]]*\s+")
_LAST_WORD_RE = re.compile(r"[\w.'’-]*$")
_OPENERS = "“«\"‘„("
_QUOTE_MARKS = re.compile(r"[“”«»\"„]")
_TERMINAL = ".!?…"


@dataclass(frozen=True)
class _Span:
    start: int  # opening mark
    end: int  # after closing mark
    text: str  # normalised inner text


def extract_quotes(paragraphs: list[str], lang: str) -> list[Quote]:
    """Direct quotations of the paragraphs, in order, each text once."""
    lex = lexicon(lang_key(lang))
    seen: dict[str, int] = {}
    quotes: list[Quote] = []
    last_speaker: str | None = None  # the last speaker of the paragraph before
    for paragraph in paragraphs:
        found = _paragraph_quotes(paragraph or "", lex)
        if len(found) == 1 and found[0][1] is None and last_speaker and _only_a_quotation(paragraph):
            # A paragraph that is nothing but a quotation goes on with the speaker of the one before it.
            found = [(found[0][0], last_speaker)]
        last_speaker = next((speaker for _text, speaker in reversed(found) if speaker), None) if found else None
        for text, speaker in found:
            if speaker and _QUOTE_MARKS.search(speaker):
                speaker = None  # words around another quotation ('le texte invoque « ...'), not a speaker
            key = _dedup_key(text)
            if key not in seen:
                seen[key] = len(quotes)
                quotes.append(Quote(text=text, speaker=speaker, language=lang))
            elif speaker and not quotes[seen[key]].speaker:
                # A repeated quote may be attributed only the second time.
                quotes[seen[key]] = Quote(text=quotes[seen[key]].text, speaker=speaker, language=lang)
    return quotes


def _dedup_key(text: str) -> str:
    # The same words quoted twice often differ only by the final period or case.
    return text.rstrip(_TERMINAL).casefold()


def _paragraph_quotes(paragraph: str, lex: Lexicon) -> list[tuple[str, str | None]]:
    spans = _spans(paragraph)
    if not spans:
        return []
    starts = _sentence_starts(paragraph, spans, lex)
    sentence_of = [bisect.bisect_right(starts, s.start) - 1 for s in spans]
    found = [attribute(paragraph, spans, i, starts, sentence_of, lex) for i in range(len(spans))]
    # An attribution inside the marks names the speaker of its quotation, and is no part of what was said.
    inside = [incise(span.text, lex) for span in spans]
    found = [(spoken, NAME) if spoken and kind not in (NAME, DESCRIPTIVE) else (speaker, kind)
             for (speaker, kind), (_text, spoken) in zip(found, inside)]
    speakers = _carried_forward(_share_within_sentence(found, sentence_of), found, spans, starts, sentence_of,
                                paragraph)
    speakers = [_antecedent(paragraph, starts, sentence_of[i], lex) if speaker is None and found[i][1] == PRONOUN
                else speaker for i, speaker in enumerate(speakers)]
    return [(text, speaker) for (text, _spoken), speaker in zip(inside, speakers)]


def _antecedent(paragraph: str, starts: list[int], sentence: int, lex: Lexicon) -> str | None:
    """Whom "il"/"he" names: the person the sentence before says something ('Le colonel X a insisté sur les
    moyens aériens. « ... », a-t-il expliqué'), when that sentence names one."""
    if sentence == 0:
        return None
    speaker, kind = from_before(paragraph[starts[sentence - 1]:starts[sentence]], lex)
    return speaker if kind == NAME else None


def _carried_forward(speakers, found, spans, starts, sentence_of, paragraph: str) -> list[str | None]:
    """A quotation of a later sentence of the paragraph left without a speaker takes the last one before it
    when its own sentence says "he"/"elle" ('..., a-t-il ajouté') or is nothing but the quotation ('"...," said
    X. "..."'): the press's convention for a speaker who goes on."""
    out, last = [], None
    for i, speaker in enumerate(speakers):
        if speaker is None and last is not None and sentence_of[last] < sentence_of[i]:
            sentence = paragraph[starts[sentence_of[i]]:spans[i].end + 2].strip()
            if found[i][1] == PRONOUN or _only_a_quotation(sentence):
                speaker = out[last]
        out.append(speaker)
        if speaker:
            last = i
    return out


def _only_a_quotation(text: str) -> bool:
    """Whether the text is one quotation and nothing else (its marks and final punctuation aside)."""
    text = text.strip()
    return bool(text) and text[0] in _OPENERS and _QUOTE_RE.fullmatch(text.rstrip(" .,;")) is not None


def _spans(paragraph: str) -> list[_Span]:
    spans, end = [], 0
    for m in _QUOTE_RE.finditer(paragraph):
        inner = next(m.group(g) for g in _GROUPS if m.group(g) is not None)
        _add_span(spans, m.start(), m.end(), inner)
        end = m.end()
    tail = _OPEN_TAIL_RE.search(paragraph, end)
    # It ends its paragraph as a sentence does: one cut off mid-word ("« données précises de l") is a page cut
    # short, not a quotation.
    if tail and tail.group("tail").rstrip().endswith(tuple(_TERMINAL)):
        _add_span(spans, tail.start(), len(paragraph) + 1, tail.group("tail"))
    return spans


def _add_span(spans: list[_Span], start: int, end: int, inner: str) -> None:
    text = _clean(inner)
    if _word_count(text) >= MIN_WORDS:
        spans.append(_Span(start, end, text))


def _clean(inner: str) -> str:
    # Trailing commas belong to the enclosing sentence ("...," he said).
    return " ".join(inner.split()).rstrip(",;: ").strip()


def _word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _sentence_starts(paragraph: str, spans: list[_Span], lex: Lexicon) -> list[int]:
    """Offsets where sentences begin; periods inside quotations do not count."""
    masked = _mask(paragraph, spans)
    starts = [0]
    for m in _BOUNDARY_RE.finditer(masked):
        nxt = masked[m.end():m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if masked[m.start()] == "." and _is_abbreviation(masked, m.start(), lex):
            continue
        starts.append(m.end())
    return starts


def _mask(paragraph: str, spans: list[_Span]) -> str:
    chars = list(paragraph + " ")  # room for the virtual closing mark of an open tail
    for span in spans:
        last = span.end - 2  # last inner character
        keep = chars[last] if chars[last] in _TERMINAL else "_"  # a quote may end its sentence
        chars[span.start + 1:span.end - 1] = "_" * (span.end - span.start - 2)
        chars[last] = keep
    return "".join(chars)


def _is_abbreviation(text: str, dot: int, lex: Lexicon) -> bool:
    word = _LAST_WORD_RE.search(text, max(0, dot - 20), dot).group()
    return (len(word) == 1 and word.isupper()) or lex.has("abbreviations", lookup_form(word))


def _share_within_sentence(found, sentence_of) -> list[str | None]:
    """A quote left unattributed takes the speaker of the nearest quote of its sentence.

    Two linear passes (nearest attributed quote on each side) so a paragraph with
    thousands of quotes stays cheap; ties go to the earlier quote.
    """
    left = _nearest_attributed(found, sentence_of, range(len(found)))
    right = _nearest_attributed(found, sentence_of, range(len(found) - 1, -1, -1))
    speakers = []
    for i, (speaker, _) in enumerate(found):
        if speaker is None:
            options = [j for j in (left[i], right[i]) if j is not None]
            speaker = found[min(options, key=lambda j: (abs(j - i), j))][0] if options else None
        speakers.append(speaker)
    return speakers


def _nearest_attributed(found, sentence_of, order) -> dict[int, int | None]:
    nearest, last = {}, None
    for i in order:
        if last is not None and sentence_of[last] != sentence_of[i]:
            last = None
        nearest[i] = last
        if found[i][0]:
            last = i
    return nearest

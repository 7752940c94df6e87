"""Who said a quotation: the speaker phrase in the words after it ("...", said X / X said) or before it (X said:
"..." / according to X), read as clauses, names and descriptions ("the ministry")."""
from __future__ import annotations

import re

from generator.analyze.quotes.lexicon import Lexicon
from generator.analyze.quotes.phrases import (Tok, after_leading_complement, capital_runs, clauses_of, description,
                                              function_word, is_cap, is_title, named_after_title, names_in, skippable,
                                              tokens_of, until_preposition, whole_name, without_adverbs,
                                              without_openers)

BEFORE_WINDOW = 400  # characters read before a quote to find "X said:"
AFTER_WINDOW = 250  # characters read after a quote to find ", said X"
MAX_PREFIX_TOKENS = 8  # '"...", <subject> said': a longer subject is another clause

NAME, DESCRIPTIVE, PRONOUN = "name", "descriptive", "pronoun"


def attribute(paragraph, spans, i, starts, sentence_of, lex) -> tuple[str | None, str | None]:
    """(speaker, kind) of quotation spans[i], read in its sentence (`starts`: where the paragraph's sentences
    begin; `sentence_of`: each quotation's sentence); kind is NAME, DESCRIPTIVE, PRONOUN or None."""
    span, sentence = spans[i], sentence_of[i]
    sent_end = starts[sentence + 1] if sentence + 1 < len(starts) else len(paragraph)
    next_start = spans[i + 1].start if i + 1 < len(spans) else len(paragraph)
    prev_end = spans[i - 1].end if i else 0
    after = paragraph[span.end:min(sent_end, next_start, span.end + AFTER_WINDOW)]
    before_from = max(starts[sentence], prev_end, span.start - BEFORE_WINDOW)
    before = paragraph[before_from:span.start]
    said_after = _from_after(after, lex)
    if said_after[1] in (NAME, DESCRIPTIVE):
        return said_after
    result = from_before(before, lex)
    if result[1] is None and before_from == starts[sentence]:
        result = _bare_subject(before, lex)
    return result if result[1] is not None else said_after  # '..., a-t-il expliqué': said by "il"


_INCISE_END = re.compile(r"[.!?…](?=\s+[^\W\d_])|$")


def incise(text: str, lex: Lexicon) -> tuple[str, str | None]:
    """A quotation's text without the attribution a French writer puts inside its marks (« Nos familles n'ont
    que l'Algérie, explique Jane Roe, qui préside une association. Si la frontière ferme... »), and the speaker
    that attribution names; (text, None) when it holds none."""
    for m in lex.speech.finditer(text):
        head = text[:m.start()].rstrip()
        if not m.group("verb") or not head.endswith(",") or len(tokens_of(head, lex)) < 3:
            continue
        end = _INCISE_END.search(text, m.end())
        speaker, kind = _object(text[m.end():end.start()], lex)
        if kind in (NAME, DESCRIPTIVE):
            rest = text[end.end():].strip()
            return " ".join((head[:-1].rstrip() + ".", rest)).strip(), speaker
    return text, None


def _from_after(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """'"...", said X' / '"...", X said' / '"...", according to X'."""
    m = lex.speech.search(text)
    if not m:
        return None, None
    prefix = tokens_of(text[:m.start()], lex)
    if m.group("inv"):
        return None, PRONOUN
    if m.group("mark"):
        return _object(text[m.end():], lex) if not prefix else (None, None)
    if prefix and all(lex.has("object_pronouns", t.low) for t in prefix):
        # '« ... », nous confiait Awa Sangaré': the pronoun is whom it was said to; the subject follows.
        found = _object(text[m.end():], lex)
        if found[1] is not None:
            return found
    if prefix and text[:m.start()].rstrip().endswith(","):
        # '« ... » cette réunion ne s'est pas tenue, dit ce communiqué': a verb after a comma comes before
        # its subject, which is the speaker; but '"...", Jane Roe, an analyst, told Radio X': a name and its
        # apposition before the verb are its subject, and what follows is whom it was told.
        named = _subject(text[:m.start()], lex) if len(prefix) <= MAX_PREFIX_TOKENS else _apposed(text[:m.start()], lex)
        if named[1] == NAME:
            return named
        found = _object(text[m.end():], lex)
        if found[1] is not None:
            return found
    if prefix:
        return _subject(text[:m.start()], lex) if len(prefix) <= MAX_PREFIX_TOKENS else (None, None)
    return _object(text[m.end():], lex)


def _apposed(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """'"...", Major General Jane Roe, Westmarch's chief of defence staff, said': a name, then its apposition
    between commas, however long the description: the name is the subject. An opener before it is not ("Joint par
    le journal, le politologue Jane Roe, enseignant à ..., estime que": a phrase with a preposition)."""
    if "," not in text or len(tokens_of(text, lex)) > MAX_APPOSED_TOKENS:
        return None, None
    for part in text.split(",")[:-1]:
        tokens = tokens_of(part, lex)
        if not tokens or len(tokens) > MAX_PREFIX_TOKENS:
            continue
        found = _subject(part, lex)
        if found[1] == DESCRIPTIVE or (found[1] == NAME and not any(lex.has("stopwords", t.low) for t in tokens)):
            return found  # "a driver from Gao", "Jane Roe"; not "Joint par le journal"
    return None, None


MAX_APPOSED_TOKENS = 3 * MAX_PREFIX_TOKENS  # a name and its description; longer is another clause


def from_before(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """'X said: "..."' / 'X stated that "..."' / 'according to X, "..."'."""
    m = None
    for m in lex.speech.finditer(text):
        pass
    if not m:
        return None, None
    if m.group("inv"):
        return None, PRONOUN
    if m.group("mark") or not tokens_of(text[:m.start()], lex):
        # "according to X, ..." or a verb opening the window (', said X, "...")
        return _object(text[m.end():], lex)
    found = _subject(text[:m.start()], lex)
    return found if found[1] is not None else _apposed(_sentence_end(text[:m.start()]), lex)


def _sentence_end(text: str) -> str:
    """The last sentence of a text (the window before a quote may hold the one before it)."""
    return re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", text)[-1]


def _bare_subject(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """'The ministry «strongly condemns ...»': the sentence's subject runs into the quote."""
    segments = clauses_of(text, lex)
    if len(segments) != 1 or not segments[0] or len(segments[0]) > MAX_PREFIX_TOKENS // 2:
        return None, None
    whole = whole_name(segments[0], lex)
    if whole:
        return whole, NAME
    # Only "the ministry" / "le gouvernement": "the crowd chanted" ends in a verb we cannot know.
    descriptive = description(segments[0], text, lex)
    if descriptive and any(is_title(t, lex) for t in segments[0]):
        return descriptive, DESCRIPTIVE
    return None, None


# --- speaker phrases --------------------------------------------------------


# An aside between two dashes or in brackets ("a channel linked to the corps - set up after the death of its boss
# Jane Roe - said"): not where the subject of the verb after it is.
_ASIDE = re.compile(r"\s[-–—]\s[^-–—\n]{1,200}?\s[-–—]\s|\([^()\n]{1,200}\)")


def _subject(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """Speaker from the words before a speech verb, nearest clause first."""
    text = _ASIDE.sub(lambda m: " " * len(m.group()), text)  # blanked, not cut: the words keep their places
    segments = [seg for seg in (without_openers(s, lex) for s in clauses_of(text, lex)) if seg]
    for k in range(len(segments) - 1, -1, -1):
        seg = segments[k]
        if lex.has("pronouns", seg[0].low):
            return None, PRONOUN  # "he told AFP, adding that": the clause's subject is "he"
        if skippable(seg, lex):
            continue
        institution = _institution(seg, text, lex)
        if institution:
            return institution, NAME
        names = names_in(seg, lex)
        if names:
            return names[-1], NAME
        descriptive = description(seg, text, lex)
        if descriptive is None and not _bare_apposition(seg, lex):
            return None, None  # a clause naming nobody: the speaker is not further back
        return _apposed_name(segments[:k], descriptive, lex)
    return None, None


def _institution(seg: list[Tok], text: str, lex: Lexicon) -> str | None:
    """'The Malian Ministry of Transport and Infrastructure said': capitalised runs joined by "of" or "and"
    ending the clause, one of them an institution's word, are one name (not its last run, "Infrastructure")."""
    runs = capital_runs(seg, lex)
    if not runs or runs[-1][1] != len(seg):
        return None
    first = len(runs) - 1
    while first and runs[first][0] - runs[first - 1][1] == 1 and \
            (lex.has("of_words", seg[runs[first][0] - 1].low) or lex.has("conjunctions", seg[runs[first][0] - 1].low)):
        first -= 1
    start = runs[first][0]
    while start < len(seg) and function_word(seg[start], lex):  # "The" opening the sentence
        start += 1
    if first == len(runs) - 1 or not any(lex.has("bodies", t.low) for t in seg[start:]):
        return None
    return " ".join(text[seg[start].start:seg[-1].end].split())


def _apposed_name(earlier: list[list[Tok]], descriptive: str | None, lex: Lexicon):
    """After "the minister" / "45, a farmer", the name the apposition describes, if any."""
    for seg in reversed(earlier):
        whole = whole_name(seg, lex)
        if whole:
            return whole, NAME
        if not _bare_apposition(seg, lex):
            break
    return (descriptive, DESCRIPTIVE) if descriptive else (None, None)


def _bare_apposition(seg: list[Tok], lex: Lexicon) -> bool:
    """'militante altermondialiste', '45': a short lowercase description with no determiner."""
    return len(seg) <= 4 and all(
        not is_cap(t, lex) and not lex.has("pronouns", t.low) and not lex.has("possessives", t.low)
        for t in seg)


def _object(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """Speaker from the words after a speech verb or "according to"."""
    segments = [without_adverbs(seg, lex) for seg in clauses_of(text, lex)]
    if not segments or not segments[0]:
        return None, None
    first = after_leading_complement(segments[0], lex)
    if len(first) > 3 and lex.has("speech_nouns", first[1].low) and lex.has("of_words", first[2].low):
        first = first[3:]  # "selon l'expression d'un diplomate": the diplomat's words
    if first and lex.has("pronouns", first[0].low):
        return None, PRONOUN
    if segments[0] and lex.has("complementizers", segments[0][0].low):
        return None, None  # '"...", explaining that many fighters ...': the verb reports another clause
    titled = named_after_title(first, lex)
    if titled:
        return titled, NAME  # "said Brentford director of football Phil Giles"
    names = names_in(until_preposition(first, lex), lex)
    if names:
        return names[0], NAME
    descriptive = description(first, text, lex)
    if descriptive is None:
        return None, None
    whole = whole_name(segments[1], lex) if len(segments) > 1 else None
    return (whole, NAME) if whole else (descriptive, DESCRIPTIVE)


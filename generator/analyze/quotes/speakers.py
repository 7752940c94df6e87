"""Who said a quotation: the speaker phrase in the words after it ("...", said X / X said) or before it (X said:
"..." / according to X), read as clauses, names and descriptions ("the ministry")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.analyze.quotes.lexicon import Lexicon, lookup_form

BEFORE_WINDOW = 400  # characters read before a quote to find "X said:"
AFTER_WINDOW = 250  # characters read after a quote to find ", said X"
MAX_PREFIX_TOKENS = 8  # '"...", <subject> said': a longer subject is another clause
MAX_DESCRIPTIVE_TOKENS = 8

NAME, DESCRIPTIVE, PRONOUN = "name", "descriptive", "pronoun"

_TOKEN_RE = re.compile(r"[^\W_](?:[\w-]|['’.](?=[^\W_]))*")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str  # lowercase, apostrophes as '
    start: int
    end: int
    poss: bool = False  # English possessive ('s) was cut off
    sep: str = " "  # what separates it from the previous token, spaces collapsed


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
        if not m.group("verb") or not head.endswith(",") or len(_tokens(head, lex)) < 3:
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
    prefix = _tokens(text[:m.start()], lex)
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
    if "," not in text or len(_tokens(text, lex)) > MAX_APPOSED_TOKENS:
        return None, None
    for part in text.split(",")[:-1]:
        tokens = _tokens(part, lex)
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
    if m.group("mark") or not _tokens(text[:m.start()], lex):
        # "according to X, ..." or a verb opening the window (', said X, "...")
        return _object(text[m.end():], lex)
    found = _subject(text[:m.start()], lex)
    return found if found[1] is not None else _apposed(_sentence_end(text[:m.start()]), lex)


def _sentence_end(text: str) -> str:
    """The last sentence of a text (the window before a quote may hold the one before it)."""
    return re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", text)[-1]


def _bare_subject(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """'The ministry «strongly condemns ...»': the sentence's subject runs into the quote."""
    segments = _segments(text, lex)
    if len(segments) != 1 or not segments[0] or len(segments[0]) > MAX_PREFIX_TOKENS // 2:
        return None, None
    whole = _whole_name(segments[0], lex)
    if whole:
        return whole, NAME
    # Only "the ministry" / "le gouvernement": "the crowd chanted" ends in a verb we cannot know.
    descriptive = _descriptive(segments[0], text, lex)
    if descriptive and any(_is_title(t, lex) for t in segments[0]):
        return descriptive, DESCRIPTIVE
    return None, None


# --- speaker phrases --------------------------------------------------------


# An aside between two dashes or in brackets ("a channel linked to the corps - set up after the death of its boss
# Jane Roe - said"): not where the subject of the verb after it is.
_ASIDE = re.compile(r"\s[-–—]\s[^-–—\n]{1,200}?\s[-–—]\s|\([^()\n]{1,200}\)")


def _subject(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """Speaker from the words before a speech verb, nearest clause first."""
    text = _ASIDE.sub(lambda m: " " * len(m.group()), text)  # blanked, not cut: the words keep their places
    segments = [seg for seg in (_strip_openers(s, lex) for s in _segments(text, lex)) if seg]
    for k in range(len(segments) - 1, -1, -1):
        seg = segments[k]
        if lex.has("pronouns", seg[0].low):
            return None, PRONOUN  # "he told AFP, adding that": the clause's subject is "he"
        if _skippable(seg, lex):
            continue
        institution = _institution(seg, text, lex)
        if institution:
            return institution, NAME
        names = _names(seg, lex)
        if names:
            return names[-1], NAME
        descriptive = _descriptive(seg, text, lex)
        if descriptive is None and not _bare_apposition(seg, lex):
            return None, None  # a clause naming nobody: the speaker is not further back
        return _apposed_name(segments[:k], descriptive, lex)
    return None, None


def _institution(seg: list[_Tok], text: str, lex: Lexicon) -> str | None:
    """'The Malian Ministry of Transport and Infrastructure said': capitalised runs joined by "of" or "and"
    ending the clause, one of them an institution's word, are one name (not its last run, "Infrastructure")."""
    runs = _runs(seg, lex)
    if not runs or runs[-1][1] != len(seg):
        return None
    first = len(runs) - 1
    while first and runs[first][0] - runs[first - 1][1] == 1 and \
            (lex.has("of_words", seg[runs[first][0] - 1].low) or lex.has("conjunctions", seg[runs[first][0] - 1].low)):
        first -= 1
    start = runs[first][0]
    while start < len(seg) and _function_word(seg[start], lex):  # "The" opening the sentence
        start += 1
    if first == len(runs) - 1 or not any(lex.has("bodies", t.low) for t in seg[start:]):
        return None
    return " ".join(text[seg[start].start:seg[-1].end].split())


def _apposed_name(earlier: list[list[_Tok]], descriptive: str | None, lex: Lexicon):
    """After "the minister" / "45, a farmer", the name the apposition describes, if any."""
    for seg in reversed(earlier):
        whole = _whole_name(seg, lex)
        if whole:
            return whole, NAME
        if not _bare_apposition(seg, lex):
            break
    return (descriptive, DESCRIPTIVE) if descriptive else (None, None)


def _bare_apposition(seg: list[_Tok], lex: Lexicon) -> bool:
    """'militante altermondialiste', '45': a short lowercase description with no determiner."""
    return len(seg) <= 4 and all(
        not _is_cap(t, lex) and not lex.has("pronouns", t.low) and not lex.has("possessives", t.low)
        for t in seg)


def _object(text: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """Speaker from the words after a speech verb or "according to"."""
    segments = [_strip_adverbs(seg, lex) for seg in _segments(text, lex)]
    if not segments or not segments[0]:
        return None, None
    first = _skip_leading_complement(segments[0], lex)
    if len(first) > 3 and lex.has("speech_nouns", first[1].low) and lex.has("of_words", first[2].low):
        first = first[3:]  # "selon l'expression d'un diplomate": the diplomat's words
    if first and lex.has("pronouns", first[0].low):
        return None, PRONOUN
    if segments[0] and lex.has("complementizers", segments[0][0].low):
        return None, None  # '"...", explaining that many fighters ...': the verb reports another clause
    titled = _named_after_title(first, lex)
    if titled:
        return titled, NAME  # "said Brentford director of football Phil Giles"
    names = _names(_until_preposition(first, lex), lex)
    if names:
        return names[0], NAME
    descriptive = _descriptive(first, text, lex)
    if descriptive is None:
        return None, None
    whole = _whole_name(segments[1], lex) if len(segments) > 1 else None
    return (whole, NAME) if whole else (descriptive, DESCRIPTIVE)


def _named_after_title(seg: list[_Tok], lex: Lexicon) -> str | None:
    """"Brentford director of football Phil Giles": a name (the employer's) before a lower-case title, and the
    person's name of two words or more after the title and its complement: the person's is the speaker's."""
    title = next((k for k, tok in enumerate(seg) if _is_title(tok, lex) and not _is_cap(tok, lex)), None)
    runs = _runs(seg, lex)
    if title is None or not any(j <= title for _i, j in runs):
        return None
    for i, j in runs:
        if i > title and j - i >= 2:
            return _run_name(seg, i, j, lex)
    return None


def _tokens(text: str, lex: Lexicon) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        sep = re.sub(r"\s+", " ", text[toks[-1].end if toks else start:start])
        head, apostrophe, rest = word.replace("’", "'").partition("'")
        if apostrophe and rest and lex.has("elisions", head.lower()):
            # French "l'Algérie" is two words; the elided one is a determiner or "de".
            toks.append(_Tok(word[:len(head) + 1], head.lower() + "'", start, start + len(head) + 1, sep=sep))
            word, start, sep = word[len(head) + 1:], start + len(head) + 1, ""
        poss = word.lower().endswith(("'s", "’s"))
        word = word[:-2] if poss else word
        toks.append(_Tok(word, lookup_form(word), start, start + len(word), poss, sep))
    return toks


def _segments(text: str, lex: Lexicon) -> list[list[_Tok]]:
    """Clauses and appositions: split at punctuation and before relative words."""
    segments: list[list[_Tok]] = [[]]
    prev_end = 0
    for tok in _tokens(text, lex):
        gap = text[prev_end:tok.start]
        opens_clause = lex.has("relatives", tok.low) or lex.has("complementizers", tok.low)
        if segments[-1] and (_CLAUSE_BREAK.search(gap) or opens_clause):
            segments.append([])
        segments[-1].append(tok)
        prev_end = tok.end
    return [seg for seg in segments if seg] or [[]]


def _strip_openers(seg: list[_Tok], lex: Lexicon) -> list[_Tok]:
    """Drop "and", "that", adverbs... from a clause's edges."""
    i = 0
    while i < len(seg) and (lex.has("conjunctions", seg[i].low) or lex.has("complementizers", seg[i].low)
                            or lex.has("adverbs", seg[i].low)):
        i += 1
    return _strip_adverbs(seg[i:], lex, leading=False)


def _strip_adverbs(seg: list[_Tok], lex: Lexicon, leading: bool = True) -> list[_Tok]:
    j = len(seg)
    while j and lex.has("adverbs", seg[j - 1].low):
        j -= 1
    i = 0
    while leading and i < j and lex.has("adverbs", seg[i].low):
        i += 1
    return seg[i:j]


def _skippable(seg: list[_Tok], lex: Lexicon) -> bool:
    """Relative clauses, prepositional openers and adverb-only clauses hold no subject."""
    phrase = " ".join(t.low for t in seg)
    first = seg[0].low
    return (lex.has("adverbs", phrase) or lex.has("relatives", first) or lex.has("stopwords", first)
            or lex.has("of_words", first))


def _skip_leading_complement(seg: list[_Tok], lex: Lexicon) -> list[_Tok]:
    """'a assuré mardi à la presse le ministre': drop what stands before the speaker."""
    while seg:
        if lex.has("non_names", seg[0].low) or lex.has("adverbs", seg[0].low):
            seg = seg[1:]
            continue
        if not lex.has("stopwords", seg[0].low):
            break
        i = 2 if len(seg) > 1 and lex.has("determiners", seg[1].low) else 1
        runs = [r for r in _runs(seg, lex) if r[0] == i]
        seg = seg[runs[0][1] if runs else i + 1:]
    return seg


def _until_preposition(seg: list[_Tok], lex: Lexicon) -> list[_Tok]:
    # "said X after meeting Y": only the words before the preposition can be the speaker.
    for i, tok in enumerate(seg):
        if i and lex.has("stopwords", tok.low):
            return seg[:i]
    return seg


# --- names ------------------------------------------------------------------


def _is_cap(tok: _Tok, lex: Lexicon) -> bool:
    if tok.text[:1].isupper():
        return True
    head, _, rest = tok.text.partition("-")  # "al-Assad", "el-Sisi"
    return bool(rest) and rest[:1].isupper() and head.lower() in lex.particles


def _function_word(tok: _Tok, lex: Lexicon) -> bool:
    return any(lex.has(name, tok.low) for name in (
        "stopwords", "determiners", "pronouns", "possessives", "conjunctions", "relatives",
        "complementizers", "adverbs", "of_words", "non_names"))


def _runs(seg: list[_Tok], lex: Lexicon) -> list[tuple[int, int]]:
    """[start, end) token ranges of capitalised words (with name particles inside)."""
    runs, i = [], 0
    while i < len(seg):
        if not _is_cap(seg[i], lex):
            i += 1
            continue
        j = i + 1
        while j < len(seg) and not seg[j - 1].poss and _is_cap(seg[_after_particles(seg, j, lex)], lex):
            j = _after_particles(seg, j, lex) + 1
        runs.append((i, j))
        i = j
    return runs


def _after_particles(seg: list[_Tok], j: int, lex: Lexicon) -> int:
    """Index of the first token from j on that is not a lowercase name particle ("van der")."""
    while j < len(seg) - 1 and seg[j].low in lex.particles and not _is_cap(seg[j], lex):
        j += 1
    return j


def _names(seg: list[_Tok], lex: Lexicon) -> list[str]:
    names = []
    for i, j in _runs(seg, lex):
        name = _run_name(seg, i, j, lex)
        if name:
            names.append(name)
    return names


def _run_name(seg: list[_Tok], i: int, j: int, lex: Lexicon) -> str | None:
    """The person name in seg[i:j], without titles, or None if it is not a speaker."""
    prev = seg[i - 1] if i else None
    while i < j and _function_word(seg[i], lex):  # "The", "After", "He" opening a sentence
        prev, i = seg[i], i + 1
    titled = max((k for k in range(i, j) if _is_title(seg[k], lex)), default=None)
    start = titled + 1 if titled is not None else i
    if start >= j or seg[j - 1].poss or (seg[start].low in lex.particles and not _is_cap(seg[start], lex)):
        return None  # "Ministère des Affaires": what follows the title is a complement
    if titled is None and prev is not None and _complement_opener(prev, lex):
        return None  # "of Foreign Affairs", "in Bamako", "the Malian" are not people
    if j - start == 1 and i == 0 and j < len(seg) and lex.has("determiners", seg[j].low):
        return None  # "Clearly the minister...": a capitalised adverb, not a name
    if lex.has("determiners", seg[0].low) and j < len(seg) and not _is_cap(seg[j], lex) \
            and not _function_word(seg[j], lex):
        return None  # "a senior UN official": the capitalised word qualifies a noun
    if all(lex.has("non_names", seg[k].low) for k in range(start, j)):
        return None
    return seg[start].text + "".join(t.sep + t.text for t in seg[start + 1:j])


def _is_title(tok: _Tok, lex: Lexicon) -> bool:
    low = tok.low.rstrip(".")
    return lex.has("titles", low) or lex.has("bodies", low)


def _complement_opener(tok: _Tok, lex: Lexicon) -> bool:
    return any(lex.has(name, tok.low) for name in ("of_words", "stopwords", "determiners", "possessives"))


def _whole_name(seg: list[_Tok], lex: Lexicon) -> str | None:
    """The name if the clause is nothing but a (titled) name: an apposition."""
    runs = _runs(seg, lex)
    if len(runs) != 1 or runs[0][1] != len(seg):
        return None
    prefix_ok = all(_is_title(t, lex) or lex.has("determiners", t.low) for t in seg[:runs[0][0]])
    return _run_name(seg, *runs[0], lex) if prefix_ok else None


def _descriptive(seg: list[_Tok], text: str, lex: Lexicon) -> str | None:
    """'the ministry', 'le chef de la diplomatie': a speaker described, not named."""
    if not seg or not (lex.has("determiners", seg[0].low) or seg[0].poss):
        return None
    end = 1
    while end < min(len(seg), MAX_DESCRIPTIVE_TOKENS) and not _ends_description(seg[end], lex):
        end += 1
    while end > 1 and (seg[end - 1].poss or _function_word(seg[end - 1], lex)):
        end -= 1  # "the head of" -> "the head"
    if 2 < end < len(seg) and not seg[end - 1].text[:1].isupper() \
            and (seg[end - 1].low.endswith("ed") or lex.has("cut_adjectives", seg[end - 1].low)):
        end -= 1  # "a diplomat posted in the region", "a channel close to the corps": cut from its complement
    if end < 2:
        return None
    phrase = " ".join(text[seg[0].start:seg[end - 1].end].split())
    return phrase[:1].lower() + phrase[1:] if lex.has("determiners", seg[0].low) else phrase


def _ends_description(tok: _Tok, lex: Lexicon) -> bool:
    # A speech verb too: "le texte annonce le rappel des ambassadeurs et appelle ..." describes "le texte".
    return any(lex.has(name, tok.low) for name in ("descriptive_stops", "relatives", "complementizers", "verbs"))

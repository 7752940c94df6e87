"""The phrases a speaker is read from: a clause's tokens, capitalised runs that make a name, descriptions
("the ministry", "le chef de la diplomatie"), titles before names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.analyze.quotes.lexicon import Lexicon, lookup_form

MAX_DESCRIPTIVE_TOKENS = 8

TOKEN_RE = re.compile(r"[^\W_](?:[\w-]|['’.](?=[^\W_]))*")
CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")


@dataclass(frozen=True)
class Tok:
    text: str
    low: str  # lowercase, apostrophes as '
    start: int
    end: int
    poss: bool = False  # English possessive ('s) was cut off
    sep: str = " "  # what separates it from the previous token, spaces collapsed


def named_after_title(seg: list[Tok], lex: Lexicon) -> str | None:
    """"Brentford director of football Phil Giles": a name (the employer's) before a lower-case title, and the
    person's name of two words or more after the title and its complement: the person's is the speaker's."""
    title = next((k for k, tok in enumerate(seg) if is_title(tok, lex) and not is_cap(tok, lex)), None)
    runs = capital_runs(seg, lex)
    if title is None or not any(j <= title for _i, j in runs):
        return None
    for i, j in runs:
        if i > title and j - i >= 2:
            return run_name(seg, i, j, lex)
    return None


def tokens_of(text: str, lex: Lexicon) -> list[Tok]:
    toks: list[Tok] = []
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        sep = re.sub(r"\s+", " ", text[toks[-1].end if toks else start:start])
        head, apostrophe, rest = word.replace("’", "'").partition("'")
        if apostrophe and rest and lex.has("elisions", head.lower()):
            # French "l'Algérie" is two words; the elided one is a determiner or "de".
            toks.append(Tok(word[:len(head) + 1], head.lower() + "'", start, start + len(head) + 1, sep=sep))
            word, start, sep = word[len(head) + 1:], start + len(head) + 1, ""
        poss = word.lower().endswith(("'s", "’s"))
        word = word[:-2] if poss else word
        toks.append(Tok(word, lookup_form(word), start, start + len(word), poss, sep))
    return toks


def clauses_of(text: str, lex: Lexicon) -> list[list[Tok]]:
    """Clauses and appositions: split at punctuation and before relative words."""
    segments: list[list[Tok]] = [[]]
    prev_end = 0
    for tok in tokens_of(text, lex):
        gap = text[prev_end:tok.start]
        opens_clause = lex.has("relatives", tok.low) or lex.has("complementizers", tok.low)
        if segments[-1] and (CLAUSE_BREAK.search(gap) or opens_clause):
            segments.append([])
        segments[-1].append(tok)
        prev_end = tok.end
    return [seg for seg in segments if seg] or [[]]


def without_openers(seg: list[Tok], lex: Lexicon) -> list[Tok]:
    """Drop "and", "that", adverbs... from a clause's edges."""
    i = 0
    while i < len(seg) and (lex.has("conjunctions", seg[i].low) or lex.has("complementizers", seg[i].low)
                            or lex.has("adverbs", seg[i].low)):
        i += 1
    return without_adverbs(seg[i:], lex, leading=False)


def without_adverbs(seg: list[Tok], lex: Lexicon, leading: bool = True) -> list[Tok]:
    j = len(seg)
    while j and lex.has("adverbs", seg[j - 1].low):
        j -= 1
    i = 0
    while leading and i < j and lex.has("adverbs", seg[i].low):
        i += 1
    return seg[i:j]


def skippable(seg: list[Tok], lex: Lexicon) -> bool:
    """Relative clauses, prepositional openers and adverb-only clauses hold no subject."""
    phrase = " ".join(t.low for t in seg)
    first = seg[0].low
    return (lex.has("adverbs", phrase) or lex.has("relatives", first) or lex.has("stopwords", first)
            or lex.has("of_words", first))


def after_leading_complement(seg: list[Tok], lex: Lexicon) -> list[Tok]:
    """'a assuré mardi à la presse le ministre': drop what stands before the speaker."""
    while seg:
        if lex.has("non_names", seg[0].low) or lex.has("adverbs", seg[0].low):
            seg = seg[1:]
            continue
        if not lex.has("stopwords", seg[0].low):
            break
        i = 2 if len(seg) > 1 and lex.has("determiners", seg[1].low) else 1
        runs = [r for r in capital_runs(seg, lex) if r[0] == i]
        seg = seg[runs[0][1] if runs else i + 1:]
    return seg


def until_preposition(seg: list[Tok], lex: Lexicon) -> list[Tok]:
    # "said X after meeting Y": only the words before the preposition can be the speaker.
    for i, tok in enumerate(seg):
        if i and lex.has("stopwords", tok.low):
            return seg[:i]
    return seg


# --- names ------------------------------------------------------------------


def is_cap(tok: Tok, lex: Lexicon) -> bool:
    if tok.text[:1].isupper():
        return True
    head, _, rest = tok.text.partition("-")  # "al-Assad", "el-Sisi"
    return bool(rest) and rest[:1].isupper() and head.lower() in lex.particles


def function_word(tok: Tok, lex: Lexicon) -> bool:
    return any(lex.has(name, tok.low) for name in (
        "stopwords", "determiners", "pronouns", "possessives", "conjunctions", "relatives",
        "complementizers", "adverbs", "of_words", "non_names"))


def capital_runs(seg: list[Tok], lex: Lexicon) -> list[tuple[int, int]]:
    """[start, end) token ranges of capitalised words (with name particles inside)."""
    runs, i = [], 0
    while i < len(seg):
        if not is_cap(seg[i], lex):
            i += 1
            continue
        j = i + 1
        while j < len(seg) and not seg[j - 1].poss and is_cap(seg[after_particles(seg, j, lex)], lex):
            j = after_particles(seg, j, lex) + 1
        runs.append((i, j))
        i = j
    return runs


def after_particles(seg: list[Tok], j: int, lex: Lexicon) -> int:
    """Index of the first token from j on that is not a lowercase name particle ("van der")."""
    while j < len(seg) - 1 and seg[j].low in lex.particles and not is_cap(seg[j], lex):
        j += 1
    return j


def names_in(seg: list[Tok], lex: Lexicon) -> list[str]:
    names = []
    for i, j in capital_runs(seg, lex):
        name = run_name(seg, i, j, lex)
        if name:
            names.append(name)
    return names


def run_name(seg: list[Tok], i: int, j: int, lex: Lexicon) -> str | None:
    """The person name in seg[i:j], without titles, or None if it is not a speaker."""
    prev = seg[i - 1] if i else None
    while i < j and function_word(seg[i], lex):  # "The", "After", "He" opening a sentence
        prev, i = seg[i], i + 1
    titled = max((k for k in range(i, j) if is_title(seg[k], lex)), default=None)
    start = titled + 1 if titled is not None else i
    if start >= j or seg[j - 1].poss or (seg[start].low in lex.particles and not is_cap(seg[start], lex)):
        return None  # "Ministère des Affaires": what follows the title is a complement
    if titled is None and prev is not None and complement_opener(prev, lex):
        return None  # "of Foreign Affairs", "in Bamako", "the Malian" are not people
    if j - start == 1 and i == 0 and j < len(seg) and lex.has("determiners", seg[j].low):
        return None  # "Clearly the minister...": a capitalised adverb, not a name
    if lex.has("determiners", seg[0].low) and j < len(seg) and not is_cap(seg[j], lex) \
            and not function_word(seg[j], lex):
        return None  # "a senior UN official": the capitalised word qualifies a noun
    if all(lex.has("non_names", seg[k].low) for k in range(start, j)):
        return None
    return seg[start].text + "".join(t.sep + t.text for t in seg[start + 1:j])


def is_title(tok: Tok, lex: Lexicon) -> bool:
    low = tok.low.rstrip(".")
    return lex.has("titles", low) or lex.has("bodies", low)


def complement_opener(tok: Tok, lex: Lexicon) -> bool:
    return any(lex.has(name, tok.low) for name in ("of_words", "stopwords", "determiners", "possessives"))


def whole_name(seg: list[Tok], lex: Lexicon) -> str | None:
    """The name if the clause is nothing but a (titled) name: an apposition."""
    runs = capital_runs(seg, lex)
    if len(runs) != 1 or runs[0][1] != len(seg):
        return None
    prefix_ok = all(is_title(t, lex) or lex.has("determiners", t.low) for t in seg[:runs[0][0]])
    return run_name(seg, *runs[0], lex) if prefix_ok else None


def description(seg: list[Tok], text: str, lex: Lexicon) -> str | None:
    """'the ministry', 'le chef de la diplomatie': a speaker described, not named."""
    if not seg or not (lex.has("determiners", seg[0].low) or seg[0].poss):
        return None
    end = 1
    while end < min(len(seg), MAX_DESCRIPTIVE_TOKENS) and not ends_description(seg[end], lex):
        end += 1
    while end > 1 and (seg[end - 1].poss or function_word(seg[end - 1], lex)):
        end -= 1  # "the head of" -> "the head"
    if 2 < end < len(seg) and not seg[end - 1].text[:1].isupper() \
            and (seg[end - 1].low.endswith("ed") or lex.has("cut_adjectives", seg[end - 1].low)):
        end -= 1  # "a diplomat posted in the region", "a channel close to the corps": cut from its complement
    if end < 2:
        return None
    phrase = " ".join(text[seg[0].start:seg[end - 1].end].split())
    return phrase[:1].lower() + phrase[1:] if lex.has("determiners", seg[0].low) else phrase


def ends_description(tok: Tok, lex: Lexicon) -> bool:
    # A speech verb too: "le texte annonce le rappel des ambassadeurs et appelle ..." describes "le texte".
    return any(lex.has(name, tok.low) for name in ("descriptive_stops", "relatives", "complementizers", "verbs"))

"""Topic tagging with evidence: an article *about* a topic is tagged, a passing mention is not.

A source gets a topic when it names it (the topic's aliases) often enough, or when it describes it without naming
it: the topic's describing terms (`describe:` in briefing.yml), matched on word stems in each configured language,
several distinct ones of them, enough of the article about them. Each match keeps its evidence: the sentence, the
kind (named or inferred) and the names and terms that carried it. The corpus-wide pass (generator/topic_inference.py)
adds what the corpus says about the sources that name a topic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from generator.matcher import AliasSet, compile_aliases
from generator.text import fold
from generator.config import Topic
from generator.models import Event, TopicMatch, TopicSignal

TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
# A sub-heading says what its section is about, as a lead says what the article is ("Un appui algérien en
# équipements" over a section on Algeria's deliveries to the Malian army). On the held-out sets it gained four right
# topics and lost none; on the real pages it changes nothing.
HEADING_WEIGHT = 2.0
# Repeating a name adds less and less: ten mentions in one paragraph are not ten times the evidence.
BODY_CAP = 6.0
# A describing term counts once however often it is repeated, by where it first comes best (title, lead, body);
# an inferred topic needs this share of the article's weighted sentences to speak of it, names or terms.
INFER_COVERAGE = 0.3
# However it is named, a topic the article gives less than this share of its weighted sentences is a passing
# mention, unless its names score twice the threshold.
MIN_COVERAGE = 0.2
# A source naming a topic below the threshold, its describing terms making up the rest, needs a share of the
# article half-way between that of a named topic and that of an inferred one.
WEAKLY_NAMED_COVERAGE = (MIN_COVERAGE + INFER_COVERAGE) / 2
# A source naming a topic only just enough (its score below this many times the threshold) must also describe it
# with one term: a single name in a lead can be a passing mention.
WEAK_NAMED = 1.5

# A topic the article gives less than this share of what it gives its main topic is a side topic, however often
# it is named: a report on Wagner leaving Mali says whom its men fought, a report on cocaine seizures who profits
# from the trade. It stays a topic when the title or a sub-heading names it (a section of a long analysis), or
# when the article describes it with more distinct terms than an inferred topic needs over a tenth of its text at
# least (it discusses it; the same terms in one passage are a recollection, "the joint staff of the four
# countries in Tamanrasset"). On the real pages (`make eval`) every topic dropped this way was a false one
# (terrorism beside Wagner or drugs), the lowest share of a right one 0.42.
SIDE_SHARE = 0.4
# The topic an article gives most of its text to is what it is about: its shares of the article (MIN_COVERAGE,
# WEAKLY_NAMED_COVERAGE, INFER_COVERAGE) are this much lower, its names and terms still as many. A short wire
# report on the signing of "the peace deal" spends a quarter of its sentences on it and the rest on who attended.
# On the real pages it changes nothing (no topic gained, none lost); on a held-out set it gained one right topic.
MAIN_TOPIC_SHARE = 0.8

# ISO 639-1 code -> Snowball stemmer name (snowballstemmer ships these, pure Python).
SNOWBALL = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "pt": "portuguese",
            "nl": "dutch", "ru": "russian", "ar": "arabic", "sv": "swedish", "da": "danish", "no": "norwegian",
            "fi": "finnish", "hu": "hungarian", "ro": "romanian", "tr": "turkish"}
TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=32)
def _stemmer(lang: str):
    name = SNOWBALL.get(lang)
    if name is None:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    return fold(stemmer.stemWord(word) if stemmer is not None else word)


def stems(text: str, lang: str) -> tuple[str, ...]:
    """The words of a text, lower case, each cut to its stem in the language, accents dropped."""
    return tuple(stem(w, lang) for w in TOKEN.findall(text.casefold()))


@lru_cache(maxsize=200_000)
def _next_letter(word: str, lang: str) -> str:
    """The letter that follows the word's stem in the word, accents dropped ("" when none, or when the stemmer
    rewrote the word's end)."""
    whole, cut = fold(word), stem(word, lang)
    return whole[len(cut)] if len(whole) > len(cut) and whole.startswith(cut) else ""


def stems_and_letters(text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """stems(), and for each word the letter after its stem (_next_letter)."""
    words = TOKEN.findall(text.casefold())
    return tuple(stem(w, lang) for w in words), tuple(_next_letter(w, lang) for w in words)


# A describing word that loses this many letters or more to its stem lost a suffix that made it another word,
# and a word of the text matches it only where the same letter follows the stem. French Snowball gives
# "extrémistes" and "extrême" one stem (extrem): "extrémiste" and "extrémisme" still match the term
# "extrémistes", "l'extrême sud" no longer does ("formation" matches "formations", not "formateurs").
SUFFIX = 4


def _guard(word: str, lang: str) -> str:
    """The letter a describing word's matches must have after the stem, or "" for any."""
    return _next_letter(word, lang) if len(fold(word)) - len(stem(word, lang)) >= SUFFIX else ""


@dataclass(frozen=True)
class Term:
    label: str  # as configured: "joint command", "Mali + Niger"
    lang: str
    parts: tuple[tuple[str, ...], ...]  # each part's stems; all parts must be in one sentence
    letters: tuple[tuple[str, ...], ...] = ()  # for each stem, the letter that must follow it ("" for any)


@lru_cache(maxsize=4)
def _compiled(topics: tuple[Topic, ...]) -> tuple[tuple[Topic, AliasSet], ...]:
    return tuple((t, compile_aliases(t.slug, t.all_aliases())) for t in topics)


@lru_cache(maxsize=4)
def _terms(topics: tuple[Topic, ...]) -> tuple[tuple[Term, ...], ...]:
    out = []
    for topic in topics:
        terms = {}
        for lang, items in topic.describe:
            for parts in items:
                label = " + ".join(parts)
                stemmed = tuple(stems(p, lang) for p in parts)
                letters = tuple(tuple(_guard(w, lang) for w in TOKEN.findall(p.casefold())) for p in parts)
                # Two terms with the same stems ("attack", "attacks") are one term, matching what either does.
                if all(stemmed):
                    earlier = terms.get((lang, stemmed))
                    if earlier is not None:
                        letters = tuple(tuple(a if a == b else "" for a, b in zip(x, y))
                                        for x, y in zip(earlier.letters, letters))
                    terms[(lang, stemmed)] = Term(earlier.label if earlier else label, lang, stemmed, letters)
        out.append(tuple(terms.values()))
    return tuple(out)


@lru_cache(maxsize=4)
def _scope(aliases: tuple[str, ...]) -> AliasSet:
    return compile_aliases("scope", aliases)


def of_events(events: list[Event], topics: tuple[Topic, ...]) -> list[Event]:
    """Each event with the topics its sentence names (the timeline files it under them)."""
    compiled = _compiled(topics)
    return [replace(ev, topics=tuple(t.slug for t, aliases in compiled if aliases.count(ev.sentence)))
            for ev in events]


def in_scope(sentences: list[str], aliases: tuple[str, ...], minimum: int) -> bool:
    if not aliases or minimum <= 0:
        return True
    return sum(_scope(aliases).counts(sentences, [fold(s) for s in sentences])) >= minimum


def _has(seq: tuple[str, ...], letters: tuple[str, ...], present: set[str], part: tuple[str, ...],
         wanted: tuple[str, ...]) -> bool:
    """Whether the sentence (its stems `seq`, the letters after them) holds the part's words in order, one word
    at most between two of them (GAP), each followed by its wanted letter where it has one (SUFFIX)."""
    if part[0] not in present or not all(w in present for w in part[1:]):
        return False

    def at(i: int, k: int) -> bool:
        return seq[i] == part[k] and (not wanted[k] or letters[i] == wanted[k])

    for i in range(len(seq)):
        if not at(i, 0):
            continue
        last = i
        for k in range(1, len(part)):
            last = next((j for j in range(last + 1, min(last + 2 + GAP, len(seq))) if at(j, k)), None)
            if last is None:
                break
        else:
            return True
    return False


# Words a describing term's words may have between them in a sentence: "joint command" is said "joint military
# command", "patrouilles conjointes" "patrouilles militaires conjointes" (an adjective in between, in English
# before the noun, in French after it). On the real pages (`make eval`), one word gained a topic and lost none
# (recall 0.925 -> 0.935, precision 0.977 -> 0.978); two words gave a false topic.
GAP = 1


@lru_cache(maxsize=4)
def _term_index(topics: tuple[Topic, ...]) -> dict[str, dict[str, tuple[tuple[int, Term], ...]]]:
    """language -> the first stem of a term's first part -> (topic's position, term): a sentence is checked only
    for the terms whose first word it holds."""
    index: dict[str, dict[str, list]] = {}
    for i, terms in enumerate(_terms(topics)):
        for term in terms:
            index.setdefault(term.lang, {}).setdefault(term.parts[0][0], []).append((i, term))
    return {lang: {k: tuple(v) for k, v in by.items()} for lang, by in index.items()}


def _terms_in(sentence_stems: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], index: dict,
              n_topics: int) -> list[list[str]]:
    """Per topic, the labels of its terms a sentence holds (`sentence_stems`: language -> the sentence's stems),
    looked up in the topics' `_term_index`: a source's sentences are read with one index (hashing the topics for
    its cache cost more than reading a sentence)."""
    found: list[list[str]] = [[] for _ in range(n_topics)]
    for lang, by_first in index.items():
        seq, letters = sentence_stems.get(lang, ((), ()))
        present = set(seq)
        # In the sentence's order, not the set's (which depends on the hash seed): the terms are listed in it.
        for first in dict.fromkeys(w for w in seq if w in by_first):
            for i, term in by_first[first]:
                if all(_has(seq, letters, present, part, wanted) for part, wanted in zip(term.parts, term.letters)) \
                        and term.label not in found[i]:
                    found[i].append(term.label)
    return found


@dataclass
class Signal:
    """What one source says of one topic."""

    named: float = 0.0  # the score of its names (title 3, lead 2, body 1 each, body capped)
    names: tuple[str, ...] = ()  # the names found
    terms: tuple[str, ...] = ()  # distinct describing terms found, best placed first
    described: float = 0.0  # each distinct term by where it comes best (title 3, lead 2, body 1)
    coverage: float = 0.0  # weighted share of the sentences that name or describe the topic
    best: str = ""  # the sentence that says most of the topic, by name or terms, best placed
    best_named: str = ""  # the best placed sentence naming it
    titled: bool = False  # the title names it
    at: frozenset[int] = frozenset()  # the positions of the sentences that name or describe it
    text_coverage: float = 0.0  # coverage, the sub-headings left out: what the text under them gives the topic


def signals(title: str, lead: list[str], body: list[str], topics: tuple[Topic, ...],
            headings: list[str] = ()) -> list[Signal]:
    """lead and body are sentences; the lead is the first paragraph or two of the article; headings its
    sub-headings, which say what their sections are about as a lead does."""
    sections = [(TITLE_WEIGHT, [title] if title else []), (LEAD_WEIGHT, lead), (HEADING_WEIGHT, list(headings)),
                (BODY_WEIGHT, body)]
    sentences = [(w, s) for w, sents in sections for s in sents]
    texts = [s for _w, s in sentences]
    folded = [fold(s) for s in texts]
    all_terms = _terms(topics)
    langs = sorted({t.lang for terms in all_terms for t in terms})
    stemmed = [{lang: stems_and_letters(s, lang) for lang in langs} for s in texts] if langs else [{} for _ in texts]
    index = _term_index(topics)
    held = [_terms_in(stems_of, index, len(topics)) for stems_of in stemmed] if langs \
        else [[[] for _ in topics] for _ in texts]
    total = sum(w for w, _s in sentences) or 1.0
    first_heading = (1 if title else 0) + len(lead)
    heading_at = range(first_heading, first_heading + len(headings))
    out = []
    for t, ((topic, aliases), terms) in enumerate(zip(_compiled(topics), all_terms)):
        sig = Signal()
        score = body_score = covered = headed = 0.0
        best_weight = best_named_weight = 0.0
        names: dict[str, None] = {}
        found: dict[str, float] = {}
        shown: dict[str, str] = {}
        at: list[int] = []
        for k, ((weight, sent), n, per_topic) in enumerate(zip(sentences, aliases.counts(texts, folded), held)):
            hits = per_topic[t]
            if n:
                sig.titled = sig.titled or weight == TITLE_WEIGHT
                if weight == BODY_WEIGHT:
                    body_score += n * weight
                else:
                    score += weight + (n - 1) * BODY_WEIGHT
                strength = weight * 10 + n
                if strength > best_named_weight:
                    sig.best_named, best_named_weight = sent, strength
                names.update(dict.fromkeys(_names_in(sent, aliases)))
            for label in hits:
                label = shown.setdefault(fold(label), label)  # "reservoir" (en) and "réservoir" (fr) are one
                found[label] = max(found.get(label, 0.0), weight)
            if n or hits:
                covered += weight
                headed += weight if k in heading_at else 0.0
                at.append(k)
                strength = weight * 10 + n + len(hits)
                if strength > best_weight:
                    sig.best, best_weight = sent, strength
        sig.named = round(score + min(body_score, BODY_CAP), 2)
        sig.names = tuple(names)
        sig.terms = tuple(sorted(found, key=lambda k: -found[k]))
        sig.described = sum(found.values())
        sig.coverage = round(covered / total, 3)
        sig.text_coverage = round((covered - headed) / ((total - len(heading_at) * HEADING_WEIGHT) or 1.0), 3)
        sig.at = frozenset(at)
        out.append(sig)
    return out


def _unique(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Each name or term once, whatever its case."""
    seen, out = set(), []
    for label in labels:
        if fold(label) not in seen:
            seen.add(fold(label))
            out.append(label)
    return tuple(out)


def _names_in(sentence: str, aliases: AliasSet) -> list[str]:
    span = aliases.first_span(sentence)
    return [" ".join(sentence[span[0]:span[1]].split())] if span else []


def side_topic(coverage: float, top: float) -> bool:
    """Whether a topic is a side topic of its source: given less than SIDE_SHARE of the text its main topic gets."""
    return coverage < SIDE_SHARE * top


def decide(topic: Topic, sig: Signal, threshold: float, main: bool = False, headed: bool = False) -> TopicMatch | None:
    """The topic match one source's signal makes, or None: named when its names score enough (and, for names
    that are common words, it uses describing terms too), inferred when it does not name the topic but describes
    it with enough distinct terms over enough of the article."""
    threshold = topic.threshold or threshold
    n_terms = len(sig.terms)
    share = MAIN_TOPIC_SHARE if main else 1.0
    well_described = bool(topic.describe) and n_terms >= topic.infer_min_terms
    # Each distinct term past the minimum lowers the shares needed: an op-ed that describes the topic with seven
    # terms over a fifth of its text is about it, however short the passages.
    if well_described:
        share *= topic.infer_min_terms / n_terms
    if sig.coverage < MIN_COVERAGE * share and sig.named < 2 * threshold and not headed \
            and not (sig.named >= threshold and well_described):
        return None  # a passing mention, unless named enough and described as well, or a section's subject
    if sig.named >= threshold and sig.best_named:
        # A topic whose names are common words (a country) needs its describing terms however often it is
        # named: a match report names the other team's country in every paragraph.
        needed = max(topic.named_min_terms, 1 if topic.describe and sig.named < threshold * WEAK_NAMED else 0)
        if n_terms >= needed:
            return TopicMatch(topic.slug, sig.named, sig.best_named, "named", _unique(sig.names + sig.terms[:5]))
        return None
    if not topic.describe or n_terms < max(topic.named_min_terms, 1):
        return None
    # Named below the threshold, or not at all: the terms make up the rest.
    score = round(sig.named + sig.described, 2)
    if sig.named and score >= threshold and n_terms >= max(topic.infer_min_terms - 1, topic.named_min_terms, 1) \
            and (sig.coverage >= WEAKLY_NAMED_COVERAGE * share or discussed(topic, sig)):
        return TopicMatch(topic.slug, score, sig.best_named, "named", _unique(sig.names + sig.terms[:5]))
    if score >= threshold and n_terms >= topic.infer_min_terms and sig.coverage >= INFER_COVERAGE * share:
        return TopicMatch(topic.slug, score, sig.best, "inferred", sig.terms[:6])
    return None


def discussed(topic: Topic, sig: Signal) -> bool:
    """Whether the source discusses the topic: it describes it with more distinct terms than an inferred topic
    needs, over a tenth of its text at least (the same terms in one passage are a recollection, "the joint staff
    of the four countries in Tamanrasset")."""
    return len(sig.terms) > topic.infer_min_terms and sig.coverage >= MIN_COVERAGE / 2


def _same_passages(inferred: Signal, other: Signal) -> bool:
    """Whether an inferred topic is read from the passages another topic of the source is read from (most of its
    sentences), the other named, or described with more distinct terms (as many: over more of the text): one
    subject seen twice, under its own topic and under a broader one (a report on the four armies' joint staff in
    Tamanrasset describes military cooperation too, in fewer and vaguer words)."""
    if not inferred.at or len(inferred.at & other.at) < SAME_PASSAGES * len(inferred.at):
        return False
    return other.named > 0 or (len(other.terms), other.coverage) > (len(inferred.terms), inferred.coverage)


# The share of an inferred topic's sentences another topic must be read from too for it to be the same subject.
SAME_PASSAGES = 0.8


def analyse(title: str, lead: list[str], body: list[str], topics: tuple[Topic, ...],
            threshold: float, headings: list[str] = ()) -> tuple[tuple[TopicMatch, ...], tuple[TopicSignal, ...]]:
    """The topics a source gets, and what it says of every topic it names or describes at all. `headings`: the
    article's sub-headings; a topic one of them names, given a tenth of the article, is one of its sections, never
    a side topic."""
    matches, found = [], []
    sigs = signals(title, lead, body, topics, headings)
    top = max((sig.coverage for sig in sigs), default=0.0)
    headings = list(headings)
    folded = [fold(h) for h in headings]
    for (topic, aliases), sig in zip(_compiled(topics), sigs):
        # A section of its own: a sub-heading names it and the text gives it a tenth of the article at least, the
        # headings left out (the next item's headline on a page of several dispatches names a topic the article
        # does not treat).
        headed = bool(headings) and sig.text_coverage >= MIN_COVERAGE / 2 and any(aliases.counts(headings, folded))
        match = decide(topic, sig, threshold, main=0 < top <= sig.coverage, headed=headed)
        if match is not None and side_topic(sig.coverage, top) and not sig.titled and not headed \
                and not discussed(topic, sig):
            match = None
        if match is not None:
            matches.append((match, sig))
        if sig.named or sig.terms:
            found.append(TopicSignal(topic.slug, sig.named, sig.terms, sig.coverage, sig.best))
    kept = tuple(m for m, sig in matches
                 if m.kind != "inferred" or not any(other is not sig and _same_passages(sig, other)
                                                    for _m, other in matches))
    return kept, tuple(found)

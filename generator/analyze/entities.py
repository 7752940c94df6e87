"""Entities: the configured watchlist, plus people, organisations and places discovered by rule
(titled names, defined acronyms, recurring proper-noun phrases)."""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from pathlib import Path

import regex

from generator import data as data_file
from generator.matcher import AliasSet, by_sentence, compile_aliases
from generator.text import fold
from generator.config import EntitySpec
from generator.models import Mention
from generator.slugs import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "entities.yml"
POSSESSIVE = regex.compile(r"[’']s\b")
NAME_WORD = r"\p{Lu}[\p{L}\p{M}’'.-]*\p{L}"
OF_AFTER = regex.compile(r"\s+(?:of|of the|for the|for)\s+\p{Lu}")
OF_BEFORE = regex.compile(r"\p{Lu}[\p{L}\p{M}’'.-]*\s+(?:of|of the|for the|for)\s+$")


@lru_cache(maxsize=1)
def name_rules():
    data = data_file.load(DATA.name)
    particles = "|".join(regex.escape(p) for p in sorted(data["particles"], key=len, reverse=True))
    name = rf"{NAME_WORD}(?:\s+(?:(?:{particles})\s+|(?:{particles}))?{NAME_WORD}){{0,4}}"
    titles = sorted({t for lang in data["titles"].values() for t in lang}, key=len, reverse=True)
    title_re = regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(regex.escape(t) for t in titles)})\s+(?P<name>{name})")
    acronym_re = regex.compile(rf"(?P<long>{NAME_WORD}(?:\s+(?:(?:{particles}|on|for|in)\s+)?{NAME_WORD}){{1,8}})\s*\((?P<acr>\p{{Lu}}[\p{{Lu}}\d-]{{1,9}})\)")
    phrase_re = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?P<name>{name})")
    compass = "|".join(regex.escape(w) for w in data["compass_words"])
    return {
        "title": title_re, "acronym": acronym_re, "phrase": phrase_re,
        "regional": regex.compile(rf"(?:{compass})\s\w+(?:an|ern)"),
        "org": frozenset(data["organisation_words"]), "place": frozenset(data["place_words"]),
        "stop": frozenset(data["stop"]), "titles": frozenset(titles), "roles": frozenset(data["roles"]),
    }


@lru_cache(maxsize=4)
def _watchlist(specs: tuple[EntitySpec, ...]) -> tuple[tuple[EntitySpec, AliasSet], ...]:
    return tuple((e, compile_aliases(e.slug, e.all_aliases())) for e in specs)


def _alias_index(specs: tuple[EntitySpec, ...]) -> dict[str, EntitySpec]:
    return {fold(a): e for e in specs for a in e.all_aliases()}


def find(sentences: list[str], specs: tuple[EntitySpec, ...], shadows: tuple[str, ...] = ()) -> list[Mention]:
    """The entities the sentences name: the watchlist's (`specs`), each counted where it is not a word of a longer
    name, another entity's or one of `shadows` (the topics' names: "Algiers" in "Algiers Accord", "Sahel" in
    "G5 Sahel"), and the names discovered by the rules."""
    text = "\n".join(sentences)
    folded = fold(text)
    mentions: dict[str, Mention] = {}
    found = []
    counts = {}
    for spec, aliases in _watchlist(specs):
        n = aliases.count(text, folded)
        if n:
            found.append((spec, aliases))  # its words are a known name's, even within a longer one: not discovered
            counts[spec.slug] = n
    inner = _nested(text, folded, found, shadows)
    for spec, aliases in found:
        n = counts[spec.slug] - inner.get(spec.slug, 0)
        if n > 0:
            span = aliases.first_span(text)
            surface = text[span[0]:span[1]] if span else spec.name
            mentions[spec.slug] = Mention(spec.slug, spec.name, spec.kind, n, surface)
    known = _alias_index(specs)
    # Only the names found above can have spans: a match within one sentence is one in the text they make.
    spans = _watched_spans(sentences, found)
    for name, kind in _discover(sentences, spans):
        spec = known.get(fold(name))
        if spec is not None or any(fold(name) in fold(m.name) for m in mentions.values() if not m.discovered):
            continue
        key = slugify(name)
        prev = mentions.get(key)
        if prev is None:
            mentions[key] = Mention(key, name, kind, 1, name, discovered=True)
        elif prev.discovered:
            mentions[key] = Mention(key, prev.name, prev.kind if prev.kind != "other" else kind, prev.count + 1,
                                    prev.surface, discovered=True)
    return [mentions[k] for k in sorted(mentions)]


def _nested(text: str, folded: str, watchlist, shadows: tuple[str, ...]) -> dict[str, int]:
    """For each watched entity found (`watchlist`: those the text names), how many of its matches lie inside a longer match of another entity or of a
    shadowing name. Spans are compared in the folded text, which holds them all where folding kept its length
    (Latin scripts); elsewhere nothing is taken away."""
    if len(folded) != len(text) or not watchlist:
        return {}
    spans = []
    for key, aliases in [(spec.slug, aliases) for spec, aliases in watchlist] + \
            ([("", compile_aliases("shadows", shadows))] if shadows else []):
        spans += [(start, end, key) for start, end in aliases.spans(text, folded)]
    if len(spans) < 2:
        return {}
    out: dict[str, int] = {}
    reach: dict[str, int] = {}  # name -> the furthest end of its matches starting before the span looked at
    for _where, group in groupby(sorted(spans, key=lambda s: (s[0], -s[1], s[2])), key=lambda s: s[:2]):
        group = list(group)
        for start, end, key in group:  # matches of the very same words are not inside one another
            if key and any(k != key and e >= end for k, e in reach.items()):
                out[key] = out.get(key, 0) + 1
        for start, end, key in group:
            reach[key] = max(reach.get(key, end), end)
    return out


def _watched_spans(sentences: list[str], watchlist) -> list[list[tuple[int, int]]]:
    """For each sentence, the spans of the watchlist's aliases in it (each pattern runs once over all the
    sentences: matcher.by_sentence). Folded matches count only in sentences that folding leaves the same length,
    where their positions are valid in the original."""
    out: list[list[tuple[int, int]]] = [[] for _ in sentences]
    folded = [fold(s) for s in sentences]
    same_length = [len(f) == len(s) for f, s in zip(folded, sentences)]
    for _spec, aliases in watchlist:
        for i, start, end in by_sentence(aliases.exact, sentences):
            out[i].append((start, end))
        for i, start, end in by_sentence(aliases.folded, folded):
            if same_length[i]:
                out[i].append((start, end))
    return out


def _discover(sentences: list[str], watch_spans: list[list[tuple[int, int]]]) -> list[tuple[str, str]]:
    rules = name_rules()
    found: list[tuple[str, str]] = []
    for sent, watched in zip(sentences, watch_spans):
        taken: list[tuple[int, int]] = list(watched)
        for m in rules["title"].finditer(sent):
            name = _trim(m.group("name"), rules)
            parts = name.split()
            # A person's name has no role word and no plural article in it.
            if len(parts) >= 2 and not (set(parts) & rules["roles"]) and not {"des", "of"} & set(parts):
                found.append((name, "person"))
                taken.append(m.span())
        for m in rules["acronym"].finditer(sent):
            found.append((m.group("acr"), "organisation"))
            taken.append(m.span())
        for m in rules["phrase"].finditer(sent):
            # A capital at the start of a sentence proves nothing; a phrase touching a known name is that name;
            # a phrase joined by "of" to another is a piece of a longer name ("Economic Community" of "Economic
            # Community of West African States", "Foreign Affairs" of "Ministry of Foreign Affairs").
            if m.start() == 0 or any(a < m.end() and m.start() < b for a, b in taken) \
                    or OF_AFTER.match(sent, m.end()) or OF_BEFORE.search(sent, 0, m.start()):
                continue
            name = _trim(POSSESSIVE.split(m.group("name"))[0], rules)
            if len(name.split()) >= 2 and not _regional_adjective(name, sent, m.end(), rules):
                found.append((name, _kind(name, rules)))
    return found


NOUN_AFTER = regex.compile(r"\s+\p{Ll}")


def _regional_adjective(name: str, sentence: str, end: int, rules: dict) -> bool:
    """"West African states", "South American cocaine": a compass point and a continent's adjective before a noun
    (data/entities.yml compass_words) qualify it; they name nothing."""
    return rules["regional"].fullmatch(name) is not None and NOUN_AFTER.match(sentence, end) is not None


def _trim(name: str, rules) -> str:
    parts = name.split()
    while parts and (parts[0] in rules["stop"] or parts[0] in rules["titles"] or not parts[0][:1].isupper()):
        parts = parts[1:]
    while parts and not parts[-1][:1].isupper():
        parts = parts[:-1]
    return " ".join(parts).strip(" .,'’-")


def _kind(name: str, rules) -> str:
    words = set(name.split())
    if words & rules["org"]:
        return "organisation"
    if words & rules["place"]:
        return "place"
    return "other"

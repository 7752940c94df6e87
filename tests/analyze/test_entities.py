"""Entities: the watchlist's aliases found in each sentence, as the discovery rules need them."""
from __future__ import annotations

from generator.analyze import entities
from generator.matcher import compile_aliases
from generator.text import fold
from generator.config import EntitySpec


def _spec(slug, name, *aliases):
    return EntitySpec(slug, name, "organisation", "", (("en", tuple(aliases)),))


SPECS = (_spec("accord", "Algiers Peace Agreement", "Algiers Accord"), _spec("un", "United Nations", "UN"),
         _spec("algerie", "Algérie", "Algeria"))
WATCH = tuple((s, compile_aliases(s.slug, s.all_aliases())) for s in SPECS)


def _one_by_one(sentences):
    """Each sentence matched on its own, the way the spans are defined."""
    out = []
    for sent in sentences:
        spans = []
        for _s, aliases in WATCH:
            if aliases.exact is not None:
                spans += [m.span() for m in aliases.exact.finditer(sent)]
            if aliases.folded is not None and len(fold(sent)) == len(sent):
                spans += [m.span() for m in aliases.folded.finditer(fold(sent))]
        out.append(sorted(spans))
    return out


def test_spans_found_in_one_pass_are_those_of_each_sentence():
    sentences = [
        "The UN welcomed the Algiers Peace Agreement.",
        "Algeria signed the Algiers Accord; the UN, and ALGÉRIE too.",
        "Nothing here.",
        "Algiers",  # the alias does not run on into the next sentence
        "Peace Agreement talks resumed in Algiers.",
        "L’Alge\u0301rie (decomposed accent: folding shortens it) and the UN.",
        "",
    ]
    got = [sorted(s) for s in entities._watched_spans(sentences, WATCH)]
    assert got == _one_by_one(sentences)
    assert got[0] and got[1] and not got[2] and not got[3]
    assert got[5] == [(sentences[5].index("UN"), sentences[5].index("UN") + 2)]


def test_no_sentence_no_span():
    assert entities._watched_spans([], WATCH) == []

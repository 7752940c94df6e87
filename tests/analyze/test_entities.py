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


def test_a_name_inside_a_longer_name_is_no_mention():
    """"Sahel" in "G5 Sahel", "Algiers" in "Algiers Accord": a watched name within another entity's longer name,
    or within a topic's (`shadows`), is not that entity named; the same words named by two entities are both."""
    specs = (EntitySpec("sahel", "Sahel", "place", "", (("en", ("Sahel",)),)),
             EntitySpec("g5-sahel", "G5 Sahel", "organisation", "", (("en", ("G5 Sahel",)),)),
             EntitySpec("algiers", "Algiers", "place", "", (("en", ("Algiers",)),)),
             EntitySpec("wagner", "Wagner Group", "organisation", "", (("en", ("Wagner", "groupe Wagner")),)),
             EntitySpec("wagner-music", "Wagner", "person", "", (("en", ("Wagner",)),)))
    sentences = ["Mali left the G5 Sahel in 2022.", "The junta ended the Algiers Accord.",
                 "The Wagner fighters left.", "Drought hit the Sahel again."]
    found = {m.key: m.count for m in entities.find(sentences, specs, ("Algiers Accord",))}
    assert found == {"g5-sahel": 1, "sahel": 1, "wagner": 1, "wagner-music": 1}
    found = {m.key: m.count for m in entities.find(sentences[:3], specs, ("Algiers Accord",))}
    assert "sahel" not in found and "algiers" not in found


def test_a_phrase_joined_by_of_to_another_is_a_piece_of_a_longer_name():
    sentences = ["Leaders met in Abuja with the Economic Community of West African States on Monday.",
                 "A spokesman of the Ministry of Foreign Affairs said talks with Abdoulaye Diop went well."]
    names = {m.name for m in entities.find(sentences, ())}
    assert "Economic Community" not in names and "Foreign Affairs" not in names
    assert "Abdoulaye Diop" in names


def test_a_compass_point_and_a_continents_adjective_before_a_noun_name_nothing():
    sentences = ["Ministers of the bloc of West African states met troops from East African countries.",
                 "Smugglers carry South American cocaine north, officials of the Central African Republic said."]
    names = {m.name for m in entities.find(sentences, ())}
    assert not {"West African", "East African", "South American"} & names
    assert "Central African Republic" in names

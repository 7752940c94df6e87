"""The corpus stage on the sample sources plus a scraper copy and an off-topic control."""
import shutil

import pytest

from generator.corpus_analysis import analyse_all
from generator.link import link
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from generator.config import load_config

    config = load_config(ROOT / "briefing.yml")
    src = tmp_path_factory.mktemp("sources")
    for f in sorted((ROOT / "sources").glob("*.txt")):
        shutil.copy(f, src / f.name)
    # A scraper copy of one story: page furniture around it and a paragraph dropped.
    original = (ROOT / "sources" / "004_d155d9f9161f5475.txt").read_text().splitlines()
    copy = ["Menu", "Home | Africa | Opinion", *original[:20], *original[21:-2], "Share on Facebook"]
    (src / "zz_scraper_copy.txt").write_text("\n".join(copy) + "\n")
    shutil.copy(FIXTURES / "eval" / "es_offtopic.txt", src / "offtopic.txt")
    result = analyse_all(src, config)
    assert not result.failures
    return result.analyses, config


@pytest.fixture(scope="module")
def briefing(analysed):
    return link(*analysed)


def by_file(b, name):
    return next(s for s in b.sources.values() if s.analysis.source.path == name)


def test_english_and_french_reports_are_paired_and_nothing_else(briefing):
    en = by_file(briefing, "000_2805a1f5e35ba435.txt")
    fr = by_file(briefing, "001_67de43e578d7e2c3.txt")
    assert en.translations == (fr.slug,) and fr.translations == (en.slug,)
    paired = {s.slug for s in briefing.sources.values() if s.translations}
    assert paired == {en.slug, fr.slug}


def test_scraper_copy_is_grouped_under_one_canonical_source(briefing):
    copy = by_file(briefing, "zz_scraper_copy.txt")
    original = by_file(briefing, "004_d155d9f9161f5475.txt")
    assert copy.duplicate_of == original.slug
    assert original.versions == (copy.slug,)
    assert {s.slug for s in briefing.sources.values() if s.duplicate_of} == {copy.slug}


def test_core_topics_list_exactly_the_sources_about_them(briefing):
    topics = {t.topic.slug: t for t in briefing.topics}
    files = lambda slug: {briefing.sources[s].analysis.source.path for s in topics[slug].sources}
    assert files("cemoc") == {"000_2805a1f5e35ba435.txt", "001_67de43e578d7e2c3.txt"}
    assert files("morocco-role") == {"004_d155d9f9161f5475.txt"}
    assert "004_d155d9f9161f5475.txt" in files("algiers-accord")
    for t in topics.values():
        for slug in t.sources:
            assert t.evidence[slug]  # every tag shows the sentence that put it there


def test_off_topic_control_gets_no_topic(briefing):
    assert by_file(briefing, "offtopic.txt").topics == ()


def test_related_sources_say_why(briefing):
    en = by_file(briefing, "000_2805a1f5e35ba435.txt")
    assert en.related
    for r in en.related:
        assert r.reason.startswith("shares: ") or r.reason == "similar wording"
        assert r.slug not in en.translations
        names = r.reason.removeprefix("shares: ").split(", ")
        assert len(names) == len(set(names))  # the G5 Sahel topic and the G5 Sahel entity are one name


def test_topic_brief_prefers_the_reader_language(briefing):
    cemoc = next(t for t in briefing.topics if t.topic.slug == "cemoc")
    fr = by_file(briefing, "001_67de43e578d7e2c3.txt")
    assert cemoc.brief and all(slug != fr.slug for _, slug in cemoc.brief)


def test_timeline_merges_an_event_reported_twice(briefing):
    en = by_file(briefing, "000_2805a1f5e35ba435.txt")
    fr = by_file(briefing, "001_67de43e578d7e2c3.txt")
    shared = [ev for ev in briefing.events if {en.slug, fr.slug} <= set(ev.sources)]
    assert shared, "the same dated event from the English and French reports should appear once with both"
    dates = [ev.date.iso() for ev in briefing.events]
    assert dates == sorted(dates)


def test_quotes_are_attributed_to_entities(briefing):
    lamamra = briefing.entities["ramtane-lamamra"]
    assert lamamra.quotes and all(q.speaker for q, _ in lamamra.quotes)


def test_an_article_outside_the_briefing_scope_gets_no_topic(config):
    from generator import ingest
    from generator.analyze import analyze_source

    text = ("Russia and Ukraine exchange prisoners\n"
            "Russia and Ukraine exchanged 150 prisoners of war on Friday in a deal brokered by the United Arab "
            "Emirates, officials in Moscow and Kyiv said. Russian officials said the Russian soldiers were flown "
            "to Moscow for medical checks. It was the largest exchange since the start of the year, and Russia "
            "said more would follow.\n")
    a = analyze_source(ingest.parse_bytes(text.encode(), "x.txt", "txt"), config)
    assert a.topics == ()


def test_pair_products_are_row_dot_products_whatever_the_order_and_repeats():
    import numpy as np
    from scipy import sparse

    from generator.link.related import _cosines

    rng = np.random.default_rng(3)
    dense = rng.random((40, 30)) * (rng.random((40, 30)) < 0.2)
    left = rng.integers(0, 40, 300).tolist()
    right = rng.integers(0, 40, 300).tolist()
    left += right[:50] + [7, 7]  # reversed pairs, a pair with itself
    right += left[:50] + [7, 7]
    got = _cosines(sparse.csr_matrix(dense), left, right)
    assert np.allclose(got, [dense[a] @ dense[b] for a, b in zip(left, right)], rtol=0, atol=1e-12)
    assert len(_cosines(sparse.csr_matrix(dense), [], [])) == 0


def test_no_source_is_related_to_its_translation_or_its_copies(briefing):
    for s in briefing.sources.values():
        assert not {r.slug for r in s.related} & {*s.translations, *s.versions, s.duplicate_of}
        assert len(s.related) <= briefing.config.related_count


def test_a_translation_or_a_copy_takes_no_related_place(analysed):
    # Left out before ranking: with one place, a source that has a translation still gets its best other source.
    from dataclasses import replace

    analyses, config = analysed
    full = link(analyses, config)
    one = link(analyses, replace(config, related_count=1))
    assert any(s.translations and s.related for s in full.sources.values())
    for slug, s in one.sources.items():
        assert s.related == full.sources[slug].related[:1]


def _source(slug, mentions, quotes, duplicate_of=None):
    from types import SimpleNamespace

    return SimpleNamespace(slug=slug, duplicate_of=duplicate_of,
                           analysis=SimpleNamespace(mentions=tuple(mentions), quotes=tuple(quotes)))


def test_a_quote_by_a_persons_last_name_goes_to_that_person(config):
    """A report names a person in full once, then by the last name: "Ishiba said". A last name two people of the
    source share goes to neither; a name the source does not give in full goes to nobody."""
    from generator.link.entities import _quotes_by_entity
    from generator.models import Mention, Quote

    def person(key, name):
        return Mention(key, name, "person", 2, name, True)

    said = Quote("We will stay the course", "Ishiba", "en")
    either = Quote("Both of us agree", "Traoré", "en")
    unknown = Quote("Nothing changes", "Touray", "en")
    entries = {"a": _source("a", [person("shigeru-ishiba", "Shigeru Ishiba")], [said, unknown]),
               "b": _source("b", [person("assimi-goita", "Assimi Goïta"), person("ibrahim-traore", "Ibrahim Traoré"),
                                  person("abdoulaye-traore", "Abdoulaye Traoré")], [either])}
    kept = {"shigeru-ishiba", "assimi-goita", "ibrahim-traore", "abdoulaye-traore"}
    info = {m.key: m for e in entries.values() for m in e.analysis.mentions}
    out = _quotes_by_entity(entries, config, kept, info)
    assert dict(out) == {"shigeru-ishiba": [(said, "a")]}


def test_a_described_speaker_is_not_the_country_its_adjective_names(config):
    """"The general staff of the Malian armed forces", "une source sécuritaire malienne": a description naming a
    country by its adjective is not that country speaking; "Mali", in a statement, is."""
    from generator.link.entities import _quotes_by_entity
    from generator.models import Mention, Quote

    described = Quote("a group of terrorists", "the general staff of the Malian armed forces", "en")
    anonymous = Quote("rien ne change sur le terrain", "une source sécuritaire malienne", "fr")
    state = Quote("We are leaving the force", "Mali", "en")
    mali = Mention("mali", "Mali", "place", 3, "Mali")
    entries = {"a": _source("a", [mali], [described, anonymous, state])}
    out = _quotes_by_entity(entries, config, {"mali"}, {"mali": mali})
    assert dict(out) == {"mali": [(state, "a")]}


def test_the_quotes_page_keeps_the_quotes_no_entity_page_holds():
    """Who said what lists every quotation: those of a speaker without a page under their name, by speaker, the
    unattributed ones last; none twice."""
    from types import SimpleNamespace

    from generator.models import Quote
    from generator.render.views import other_quotes

    grouped = Quote("Grouped", "Lamamra", "en")
    by_name = Quote("Named once", "Omar Touray", "en")
    by_role = Quote("From a role", "a security official", "en")
    nobody = Quote("Unattributed", None, "en")
    sources = [_source("new", [], [grouped, by_name, nobody]), _source("old", [], [by_role])]
    b = SimpleNamespace(entities={"ramtane-lamamra": SimpleNamespace(quotes=((grouped, "new"),))})
    named, unnamed = other_quotes(b, sources)
    assert named == [("a security official", by_role, "old"), ("Omar Touray", by_name, "new")]
    assert unnamed == [(nobody, "new")]


@pytest.mark.parametrize("sentence, alone", [
    ("Mali left the G5 Sahel on Sunday, the government said.", True),
    ("He said the border would stay closed.", False),
    ("Les combattants étaient commandés par un officier russe, selon cette source.", False),
    ("The convoy left Kidal on Monday, according to the same source.", False),
])
def test_a_sentence_pointing_back_does_not_stand_alone(sentence, alone):
    from generator.text import stands_alone

    assert stands_alone(sentence) is alone


def test_a_brief_leads_with_the_newest_of_equally_weighty_sources(config):
    """The home page briefs on the situation: of sources that weigh the same, the newest speaks first."""
    from types import SimpleNamespace

    from generator.link.overview import brief
    from generator.models import DateValue, PubDate

    def source(slug, year, sentence):
        return SimpleNamespace(slug=slug, translations=(), entities=(), date=PubDate(DateValue(year), "declared"),
                               analysis=SimpleNamespace(language="en", topics=(SimpleNamespace(score=4.0),),
                                                        summary=(sentence,)))

    old = source("a-old", 2010, "Four desert states opened a joint command in the south of the country.")
    new = source("z-new", 2025, "The three juntas recalled their ambassadors after the drone was shot down.")
    assert [slug for _s, slug in brief([old, new], {}, config, limit=1)] == ["z-new"]


def test_a_name_found_only_off_the_briefings_subject_gets_no_entity_page(config):
    """A footballer named in two match reports of a briefing on the Sahel is none of its actors; the same name
    in a source about one of its topics is."""
    from types import SimpleNamespace

    from generator.link.entities import entity_index
    from generator.models import Mention, TopicSignal

    def source(mentions, signals=()):
        return SimpleNamespace(duplicate_of=None, analysis=SimpleNamespace(
            mentions=tuple(mentions), quotes=(), topics=(), topic_signals=tuple(signals)))

    player = Mention("jonas-pellworth", "Jonas Pellworth", "person", 2, "Jonas Pellworth", True)
    signal = TopicSignal(config.topics[0].slug, 3.0, (), 0.5, "A sentence.")
    entries = {"match-1": source([player]), "match-2": source([player]), "sahel": source([], [signal])}
    assert "jonas-pellworth" not in entity_index(entries, config)[0]
    entries["sahel"] = source([player], [signal])
    assert "jonas-pellworth" in entity_index(entries, config)[0]

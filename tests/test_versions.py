"""Other versions of one report (copies, excerpts, rewrites) grouped under one lead, and what is not a version:
another report of the same event, a translation. The sources are invented (tests/fixtures/versions): one flood
report told by its outlet, a copy with other typography and page furniture, a rewrite in other words with the
same facts, figures and quotes in the same order, an excerpt of its first two paragraphs, another outlet's own
report of the same flood (other quotes, other figures) and a French translation."""
import math
import re
import shutil
from dataclasses import replace

import pytest

from generator import features, models
from generator.link import link
from generator.corpus_analysis import analyse_all
from generator.pipeline import generate
from tests.conftest import FIXTURES, ROOT

VERSIONS = FIXTURES / "versions"


@pytest.fixture(scope="module")
def config():
    from generator.config import load_config

    return load_config(ROOT / "briefing.yml")


@pytest.fixture(scope="module")
def briefing(config):
    result = analyse_all(VERSIONS, config)
    assert not result.failures
    return link(result.analyses, config)


def by_file(b, name):
    return next(s for s in b.sources.values() if s.analysis.source.path == name)


def test_copies_excerpts_and_rewrites_are_grouped_under_the_fullest(briefing):
    lead = by_file(briefing, "original.md")
    versions = [by_file(briefing, f) for f in ("typographic.txt", "rewrite.md", "excerpt.txt")]
    assert lead.duplicate_of is None
    assert all(v.duplicate_of == lead.slug for v in versions)
    assert lead.versions == tuple(sorted(v.slug for v in versions))


def test_another_report_of_the_same_event_is_not_a_version(briefing):
    other = by_file(briefing, "other_agency.txt")
    assert other.duplicate_of is None and other.versions == ()


def test_a_translation_is_a_translation_not_a_version(briefing):
    lead = by_file(briefing, "original.md")
    fr = by_file(briefing, "translation.txt")
    assert fr.duplicate_of is None and fr.slug not in lead.versions
    assert lead.translations == (fr.slug,)


def _features(text: str, language: str = "en") -> features.Features:
    sequence, quoted = features.content(text, language)
    return models.Features(len(text), (), frozenset(features.names(text, frozenset())), {}, (), "",
                             " ".join(sequence), tuple(" ".join(q) for q in quoted))


def test_typography_case_and_spacing_do_not_count():
    text = (VERSIONS / "original.md").read_text(encoding="utf-8").split("---", 2)[2]
    plain = (text.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "--").replace("1,240", "1240")
             .replace("\n\n", "\n  "))
    assert features.content(text, "en") == features.content(plain, "en")
    assert features.content(text.replace("“", "« ").replace("”", " »"), "en") == features.content(text, "en")
    assert features.same_report(_features(text), _features(plain.upper().lower()))


def test_quotations_are_compared_apart_from_the_wording_around_them():
    text = ('The interior minister said "we will not give up on the people of the valley" before leaving the town '
            "of Varenna on Tuesday morning for the capital, where parliament debates the emergency budget.")
    sequence, quoted = features.content(text, "en")
    assert quoted == (("we", "will", "not", "give", "up", "on", "the", "people", "of", "the", "valley"),)
    assert "valley" not in sequence and "varenna" in sequence and "minister" in sequence
    # Too few words outside quotations: the quotations are the text, and count.
    assert "valley" in features.content('The minister said "we will not give up on the people of the valley".',
                                        "en")[0]


def test_one_statement_quoted_by_two_reports_does_not_make_them_versions():
    statement = '"The army has the situation under control and the attackers have been pushed back," it said.'
    a = ("Gunmen attacked a checkpoint outside the town of Orsa overnight, a military source said. " + statement +
         " Residents reported hearing heavy gunfire for two hours before reinforcements arrived from the capital.")
    b = ("The defence ministry issued a statement on Monday after a raid on a checkpoint near Orsa. " + statement +
         " Analysts said the attack showed the reach of armed groups far from the border region.")
    assert not features.same_report(_features(a), _features(b))


def test_different_figures_are_different_reports():
    a = ("At least 12 people died and 40 were injured when a bus left the road near Delmar on Sunday, police said, "
         "adding that the driver had lost control in heavy fog on the mountain pass above the lake.")
    b = ("At least 7 people died and 19 were injured when a bus left the road near Delmar on Sunday, police said, "
         "adding that the driver had lost control in heavy fog on the mountain pass above the lake.")
    assert features.same_report(_features(a), _features(a.replace("police said", "according to police")))
    assert not features.same_report(_features(a), _features(b))


def test_the_bar_is_higher_for_short_texts():
    assert features.VERSION_BASE + features.VERSION_SPREAD / math.sqrt(20) > \
        features.VERSION_BASE + features.VERSION_SPREAD / math.sqrt(200)
    tiny = _features("Floods in Varenna on Tuesday.")
    assert len(tiny.sequence.split()) < features.VERSION_MIN_WORDS and not features.same_report(tiny, tiny)


def test_the_features_travel_with_the_analysis(briefing):
    for s in briefing.sources.values():
        assert features.of(replace(s.analysis, features=None)) == s.analysis.features


def test_the_lead_page_lists_the_other_versions_with_their_outlets(config, tmp_path):
    src = tmp_path / "sources"
    shutil.copytree(VERSIONS, src)
    result = generate(src, tmp_path / "content", config)
    lead = by_file(result.briefing, "original.md")
    page = (tmp_path / "content" / "sources" / f"{lead.slug}.md").read_text(encoding="utf-8")
    listed = page[page.index("<dt>Other versions</dt>"):].split("</dd>", 1)[0]
    # The declared publisher, escaped (source text is never markup); a source declaring none: its file name.
    assert "(Coastal *Herald* &lt;b&gt;)" in listed  # a raw HTML block: no Markdown to escape
    assert "(excerpt.txt)" in listed and "(typographic.txt)" in listed
    copy = by_file(result.briefing, "excerpt.txt")
    copy_page = (tmp_path / "content" / "sources" / f"{copy.slug}.md").read_text(encoding="utf-8")
    assert "(Northern Ledger)" in copy_page and "repeats" in copy_page


def test_a_translation_gives_the_same_names_and_numbers_in_the_same_order(briefing):
    lead = by_file(briefing, "original.md").analysis.features
    fr = by_file(briefing, "translation.txt").analysis.features
    other = by_file(briefing, "other_agency.txt").analysis.features
    assert features.same_facts(lead, fr) is not None
    assert features.same_facts(other, fr) is None
    shuffled = replace(fr, facts=" ".join(fr.facts.split()[::-1]))
    assert features.same_facts(lead, shuffled) is None


def test_the_outlet_is_what_the_source_declares_else_its_domain_else_its_file_name():
    from types import SimpleNamespace

    from generator.analyze.provenance import publisher
    from generator.models import Provenance
    from generator.render import outlet

    assert publisher({"publisher": "  The   Valley Post ", "site_name": "valleypost"}, "") == "The Valley Post"
    assert publisher({"site_name": "Coastal Herald"}, "https://herald.example/a") == "Coastal Herald"
    assert publisher({"source": "https://wire.example/feed"}, "https://www.News.Example.org/2024/floods?id=3") \
        == "news.example.org"
    assert publisher({}, "") == ""

    def source(named, path="wire/story.txt"):
        return SimpleNamespace(source=SimpleNamespace(path=path), provenance=Provenance(publisher=named))

    assert outlet(source("Coastal Herald")) == "Coastal Herald"
    assert outlet(source("")) == "story.txt"


# An invented report (tests/fixtures/translations): the full English text, a French translation of its first two
# paragraphs only, and another outlet's French report of the same fighting (the same place, side and toll claimed,
# told in its own order with its own figures and quote).
TRANSLATIONS = FIXTURES / "translations"


@pytest.fixture(scope="module")
def excerpts(config):
    result = analyse_all(TRANSLATIONS, config)
    assert not result.failures
    return link(result.analyses, config)


def test_a_translated_excerpt_is_paired_with_the_full_report(excerpts):
    full, excerpt = by_file(excerpts, "en_full.txt"), by_file(excerpts, "fr_excerpt.txt")
    assert full.analysis.features.body_chars > 2.5 * excerpt.analysis.features.body_chars
    assert full.translations == (excerpt.slug,) and excerpt.translations == (full.slug,)
    assert excerpt.duplicate_of is None and full.versions == ()  # a translation, not a version


def test_another_outlets_report_of_the_event_in_the_other_language_is_no_translation(excerpts):
    other = by_file(excerpts, "fr_other_agency.txt")
    assert other.translations == ()
    assert features.same_facts(by_file(excerpts, "en_full.txt").analysis.features, other.analysis.features) is None


def test_the_excerpt_is_compared_with_the_beginning_of_the_longer_report(excerpts):
    full, excerpt = (by_file(excerpts, f).analysis.features for f in ("en_full.txt", "fr_excerpt.txt"))
    # The rest of a long report names the same places and people again, in another order: read whole, it gives
    # the reversed excerpt as much order as the excerpt itself; its beginning does not.
    facts = excerpt.facts.split()
    longer = replace(full, facts=" ".join(facts + facts[::-1] + facts[::-1]))
    assert features.same_facts(longer, excerpt) is not None
    assert features.same_facts(replace(longer, facts=" ".join(facts[::-1] + facts)), excerpt) is None


def test_a_translation_is_recognised_by_the_order_of_first_mentions_when_its_subject_recurs(briefing):
    base = by_file(briefing, "original.md").analysis.features
    names = [f"name{c}" for c in "abcdefghijkl"]
    # The English report names its subject before every fact; the French one names it in a run at the end.
    # Read on every mention, the subject's repeats match in any order and drown the order of the other names.
    english = replace(base, facts=" ".join(w for n in names for w in ("mali", "bama", n)), names=frozenset())
    french = replace(base, facts=" ".join(names + ["mali", "bama"] * 12), names=frozenset())
    assert features.same_facts(english, french) is not None
    shuffled = replace(french, facts=" ".join(names[::2] + names[1::2][::-1] + ["mali", "bama"] * 12))
    assert features.same_facts(english, shuffled) is None


def test_a_pages_own_publication_date_is_not_a_figure_of_its_report(briefing):
    from generator.models import DateValue, PubDate

    analysis = by_file(briefing, "original.md").analysis
    dated = replace(analysis, features=None, date=PubDate(DateValue(2025, 9, 4), "dateline"),
                    blocks=(replace(analysis.blocks[0], text="Bamako, 4 September 2025. Some 84 fighters and 2025 "
                                                             "tonnes, Mali said."),))
    names = features.of(dated).names
    assert "#84" in names and "#2025" not in names and "#4" not in names
    assert features.publication_figures(None) == frozenset()


def test_the_lead_version_is_dated_and_titled_when_it_holds_enough_of_the_text():
    """An undated lead would leave its report undated on the site though a copy says when: of the versions holding
    at least half the fullest one's text, the most precisely dated leads, then one with its own headline."""
    from types import SimpleNamespace

    from generator.link.versions import lead_version
    from generator.models import DateValue

    def entry(path, date, generated):
        return SimpleNamespace(analysis=SimpleNamespace(source=SimpleNamespace(path=path), title_generated=generated,
                                                        date=SimpleNamespace(value=date)))

    day, month = DateValue(2024, 4, 19), DateValue(2024, 4)
    entries = {"full": entry("a.txt", None, False), "copy": entry("b.txt", day, True),
               "teaser": entry("c.txt", day, False), "month": entry("d.txt", month, False)}
    chars = {"full": 2000, "copy": 1500, "teaser": 400, "month": 1900}
    feats = {s: SimpleNamespace(body_chars=n) for s, n in chars.items()}
    assert lead_version(list(entries), entries, feats) == "copy"  # the teaser holds too little to lead
    assert lead_version(["full", "month", "teaser"], entries, feats) == "month"
    assert lead_version(["full", "teaser"], entries, feats) == "full"
    entries["twin"] = entry("e.txt", day, False)
    feats["twin"] = SimpleNamespace(body_chars=1500)
    assert lead_version(["copy", "twin"], entries, feats) == "twin"  # its own headline


WIRE_QUOTES = ['"We can no longer honour an agreement that our partners have emptied of its meaning," the spokesman said.',
               '"The transition will hold a national dialogue in its place," he added.',
               '"Our doors remain open to every movement that lays down its arms," the statement read.']


def test_rewrites_quoting_the_same_statements_are_versions_whatever_background_years_each_adds():
    a = ("The junta in Varenna ended the peace agreement with the northern movements on Thursday, citing hostile acts "
         "by its neighbour and the failure of the mediation. " + WIRE_QUOTES[0] + " The government spokesman read "
         "the statement on state television in the evening. " + WIRE_QUOTES[1] + " The agreement, signed in 2015, "
         "had been faltering since 2020 when the movements left the monitoring committee. " + WIRE_QUOTES[2] +
         " Some 31 observers had followed its work until the mission left in 2023.")
    b = ("Varenna's junta on Thursday ended the peace agreement with the northern movements, citing hostile acts by "
         "its neighbour and a failed mediation. " + WIRE_QUOTES[0] + " The spokesman read the statement on state "
         "television. " + WIRE_QUOTES[1] + " The agreement, signed in 2015 after the 2012 rebellion, had faltered "
         "since 2020, and the movements had taken up arms again in 2021. " + WIRE_QUOTES[2] + " A first accord dated "
         "from 1990.")
    assert not features.same_figures(_features(a).names, _features(b).names)
    assert features.same_report(_features(a), _features(b))
    # Without the quotations they share, the figures that differ keep them apart.
    bare = [re.sub(r'"[^"]+,"\s+(?:the spokesman said|he added|the statement read)\.\s*', "", t) for t in (a, b)]
    assert not features.same_report(_features(bare[0]), _features(bare[1]))


def test_the_versions_of_a_report_share_its_topics(config):
    from generator.link.versions import shared_topics

    topic = models.TopicMatch("river-dam", 6.0, "The dam's reservoir filled.", "named", ("Grand Dam",))
    other = models.TopicMatch("harbour-strike", 5.0, "The dockers struck.", "named", ("strike",))
    analysis = analyse_all(VERSIONS, config).analyses[0]
    lead = models.SourceEntry("lead", replace(analysis, topics=(topic,)), analysis.date, versions=("copy",),
                              topics=("river-dam",))
    copy = models.SourceEntry("copy", replace(analysis, topics=(other,)), analysis.date, duplicate_of="lead",
                              topics=("harbour-strike",))
    alone = models.SourceEntry("alone", replace(analysis, topics=()), analysis.date)
    out = shared_topics({"lead": lead, "copy": copy, "alone": alone}, {"harbour-strike": 0, "river-dam": 1})
    assert out["lead"].topics == out["copy"].topics == ("harbour-strike", "river-dam")
    assert [m.kind for m in out["copy"].analysis.topics] == ["named", "inferred"]  # its own, and the lead's
    assert out["copy"].analysis.topics[1].evidence == topic.evidence
    assert out["alone"] is alone

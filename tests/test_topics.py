"""Topics beyond aliases: a source gets a topic it names, or one it clearly describes without naming it (in the
analysis, from the topic's describing terms; in the link stage, from what the corpus says of the sources that name
it). Every link keeps its evidence, and the topic page shows an inferred link as such. Invented texts only."""
import hashlib

import pytest

from generator.analyze import analyze_source
from generator.analyze import topics as topic_tagging
from generator.text import fold
from generator.config import load_config
from generator.errors import ConfigError
from generator.link import link
from generator.models import RawSource

CONFIG = """
site: {title: Veloria watch, description: Rivers and dams of Veloria.}
languages: [en, fr]
scope:
  aliases: {en: [Veloria, Velorian], fr: [Vélorie, vélorien]}
  min_mentions: 2
topics:
  - slug: river-dam
    name: The Grand Dam Project
    description: The hydroelectric dam built across the Velo river, its reservoir and its turbines.
    aliases: {en: [Grand Dam Project, Grand Dam], fr: [projet du Grand Barrage, Grand Barrage]}
    describe:
      en: [hydroelectric, reservoir, turbines, [dam, river], flooded valley]
      fr: [hydroélectrique, réservoir, turbines, [barrage, fleuve], vallée inondée]
    infer_min_terms: 3
  - slug: harbour-strike
    name: Harbour strike
    description: The dockers' strike in the ports of Veloria.
    aliases: {en: [harbour strike, dockers' strike], fr: [grève des dockers]}
"""


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / "briefing.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return load_config(path)


def raw(name: str, text: str) -> RawSource:
    return RawSource(name, text, "txt", hashlib.sha256(text.encode()).hexdigest())


def analyse(config, name: str, text: str):
    return analyze_source(raw(name, text), config)


NAMED = """The Grand Dam Project opens in Veloria

The Grand Dam Project, Veloria's largest building site, was opened on Monday by the minister of energy.

Engineers said the Grand Dam would supply power to half of the Velorian towns within two years.

The Grand Dam Project cost more than any public work before it.
"""

DESCRIBED = """Water rises behind the new wall in Veloria

The reservoir behind the new dam on the Velo river began to fill on Monday, Velorian engineers said.

The hydroelectric plant will run six turbines once the reservoir is full.

Villagers of the flooded valley were moved to new houses on the plateau.

The minister said the turbines would start in the spring.
"""

OFF_SUBJECT = """A reservoir of talent

The football club opened its new stadium on Saturday; the hydroelectric company that sponsors it paid for the turbines
of the stadium's own power plant and for a reservoir for the pitch's sprinklers.

Fans queued for hours to see the first match.
"""

PASSING = """Veloria's budget debate

Velorian deputies debated the budget for three days and voted it on Friday night.

Schools, hospitals and roads get more money than last year; taxes on fuel rise.

The opposition said the plan spends too little on the north of Veloria.

The finance minister said the deficit would fall below three per cent.

Teachers' unions welcomed the new posts in rural schools.

One deputy asked whether the Grand Dam Project would still be paid for.

The vote closed a session that began in September.

Farmers' groups asked for more help after the dry summer.

The budget takes effect in January.
"""


def test_a_source_naming_the_topic_gets_it_named_with_its_evidence(config):
    a = analyse(config, "named.txt", NAMED)
    (match,) = a.topics
    assert match.slug == "river-dam" and match.kind == "named"
    assert "Grand Dam Project" in match.evidence
    assert any("Grand Dam" in name for name in match.terms)


def test_a_source_describing_the_topic_without_naming_it_gets_it_inferred(config):
    a = analyse(config, "described.txt", DESCRIBED)
    (match,) = a.topics
    assert match.slug == "river-dam" and match.kind == "inferred"
    # The terms that carried it, as configured, matched on stems ("turbines" in the text, "flooded valley").
    assert {"reservoir", "hydroelectric", "turbines", "dam + river"} <= set(match.terms)
    assert match.evidence in DESCRIBED.replace("\n\n", "\n").splitlines() or match.evidence in DESCRIBED


def test_describing_terms_match_in_french_on_stems(config):
    text = ("La Vélorie remplit son réservoir\n\nLe réservoir du nouveau barrage sur le fleuve Velo se remplit depuis "
            "lundi, ont indiqué les ingénieurs vélorien.\n\nLa centrale hydroélectrique fera tourner six turbines.\n\n"
            "Les habitants de la vallée inondée ont été relogés.\n")
    (match,) = analyse(config, "fr.txt", text).topics
    assert match.kind == "inferred"
    # A term both languages share is shown once ("reservoir" / "réservoir").
    assert {"reservoir", "hydroelectrique", "turbines"} <= {fold(t) for t in match.terms}


@pytest.mark.parametrize("sentence, lang, found", [
    ("the flooded valley was cleared", "en", True),
    ("the flooded green valley was cleared", "en", True),  # an adjective in between
    ("the flooded and green valley was cleared", "en", False),  # two words: another thing
    ("the valley was flooded", "en", False),  # the order counts
    ("les habitants de la vallée inondée", "fr", True),
    ("la vallée verte inondée", "fr", True),
])
def test_a_describing_term_allows_one_word_between_its_words(sentence, lang, found):
    assert _holds(sentence, "flooded valley" if lang == "en" else "vallée inondée", lang) is found


def _holds(sentence: str, term: str, lang: str) -> bool:
    seq, letters = topic_tagging.stems_and_letters(sentence, lang)
    words = topic_tagging.TOKEN.findall(term.casefold())
    part = tuple(topic_tagging.stem(w, lang) for w in words)
    return topic_tagging._has(seq, letters, set(seq), part, tuple(topic_tagging._guard(w, lang) for w in words))


@pytest.mark.parametrize("sentence, term, lang, found", [
    # French Snowball cuts "extrémistes" and "extrême" to one stem: the letter after it tells them apart.
    ("Des extrémistes ont attaqué le poste.", "extrémistes", "fr", True),
    ("Un extrémiste a attaqué le poste.", "extrémistes", "fr", True),
    ("Le poste se trouve dans l'extrême sud du pays.", "extrémistes", "fr", False),
    ("Les enlèvements se multiplient.", "enlèvements", "fr", True),
    # An ending of three letters or fewer is inflection, not another word: no letter is asked for.
    ("Les formations ont commencé.", "formation", "fr", True),
    ("Smugglers and drug trafficking networks crossed the border.", "traffickers", "en", True),
    ("The group claimed responsibility for the attack.", "claimed responsibility", "en", True),
    ("The group claimed a response to the attack.", "claimed responsibility", "en", False),
])
def test_a_stem_that_lost_a_suffix_matches_only_words_that_had_it(sentence, term, lang, found):
    assert _holds(sentence, term, lang) is found


def test_an_off_subject_source_gets_no_topic_whatever_terms_it_uses(config):
    a = analyse(config, "off.txt", OFF_SUBJECT)
    assert a.topics == () and a.topic_signals == ()


def test_a_passing_mention_is_not_a_topic(config):
    a = analyse(config, "passing.txt", PASSING)
    assert a.topics == ()
    (signal,) = a.topic_signals  # but the link stage is told what the source says of it
    assert signal.slug == "river-dam" and signal.named == 1.0 and signal.coverage < topic_tagging.MIN_COVERAGE


NAMED_AGAIN = [
    """Grand Dam Project: the turbines arrive in Veloria

The first turbines for the Grand Dam Project reached the Velorian building site by barge on Tuesday.

Engineers of the Grand Dam said the power station would feed the national grid of Veloria next year.

The Grand Dam Project employs four thousand workers on the site.
""",
    """Veloria borrows for the Grand Dam Project

Veloria signed a loan for the Grand Dam Project with a group of banks on Thursday.

The Grand Dam will feed the national grid and the power station employs four thousand workers on the site.

Velorian engineers said the Grand Dam Project would be finished next year.
""",
]

# Names the topic once, without any describing term: not enough in the analysis; the corpus, whose sources
# naming the topic speak of the same grid, site and workers, shows what it is about.
SPEAKS_OF_IT = """Workers on the Velorian building site go on strike for pay

Four thousand workers of the power station site in Veloria stopped work on Wednesday.

The site of the Grand Dam is to feed the national grid next year, engineers said.

The workers ask for the pay the banks' loan was to cover.
"""


def test_the_corpus_infers_a_topic_for_a_source_that_speaks_of_it_and_keeps_the_evidence(config):
    analyses = [analyse(config, "a_named.txt", NAMED)] + [
        analyse(config, f"b_named{i}.txt", text) for i, text in enumerate(NAMED_AGAIN)] + [
        analyse(config, "c_speaks.txt", SPEAKS_OF_IT), analyse(config, "d_passing.txt", PASSING),
        analyse(config, "e_off.txt", OFF_SUBJECT)]
    speaks = analyses[3]
    assert speaks.topics == () and speaks.topic_signals  # the analysis alone does not give it
    b = link(analyses, config)
    by_file = {e.analysis.source.path: e for e in b.sources.values()}
    entry = by_file["c_speaks.txt"]
    assert entry.topics == ("river-dam",)
    (match,) = entry.analysis.topics
    assert match.kind == "inferred" and match.evidence and match.terms
    assert by_file["d_passing.txt"].topics == ()  # a passing mention stays one
    assert by_file["e_off.txt"].topics == ()  # off-subject stays off
    (topic,) = [t for t in b.topics if t.topic.slug == "river-dam"]
    assert topic.how[entry.slug] == ("inferred", match.terms)
    assert all(topic.how[s][0] == "named" for s in topic.sources if s != entry.slug)


def test_the_topic_page_and_briefing_json_show_an_inferred_link_as_such(config):
    from generator.render import briefing_data, render

    hostile = DESCRIBED.replace("The minister said", "The <script>alert(1)</script> minister said")
    analyses = [analyse(config, "a_named.txt", NAMED), analyse(config, "b_described.txt", hostile)]
    b = link(analyses, config)
    inferred = next(e for e in b.sources.values() if e.analysis.source.path == "b_described.txt")
    files = render(b)
    page = files["topics/river-dam.md"]
    page = page.decode() if isinstance(page, bytes) else page
    assert "inferred from:" in page and "hydroelectric" in page
    assert page.count("Why it is here") == 2 and page.count("inferred from:") == 1
    assert "<script>" not in page
    data = briefing_data(b)
    (topic,) = [t for t in data["topics"] if t["slug"] == "river-dam"]
    assert set(topic["inferred"]) == {inferred.slug}
    (source,) = [s for s in data["sources"] if s["slug"] == inferred.slug]
    evidence = source["topic_evidence"]["river-dam"]
    assert evidence["kind"] == "inferred" and "hydroelectric" in evidence["terms"] and evidence["sentence"]


@pytest.mark.parametrize("topic, key", [
    ("describe: [reservoir]", "topics[0].describe: "),
    ("describe: {en: []}", "topics[0].describe.en: "),
    ("describe: {en: [{a: b}]}", "topics[0].describe.en[0]: "),
    ("describe: {english: [dam]}", "topics[0].describe.english: "),
    ("describe: {en: [[dam, '']]}", "topics[0].describe.en[0]: "),
    ("describe: {en: [yes]}", "topics[0].describe.en[0]: "),  # YAML reads a bare yes as true
    ("infer_min_terms: two", "topics[0].infer_min_terms: "),
    ("infer_min_terms: 0", "topics[0].infer_min_terms: "),
    ("named_min_terms: 1", "topics[0].named_min_terms: "),  # without describing terms to count
    ("threshold: 0", "topics[0].threshold: "),
    ("describes: {en: [dam]}", "topics[0].describes: "),
])
def test_topic_describing_configuration_is_validated_naming_its_key(tmp_path, topic, key):
    path = tmp_path / "b.yml"
    path.write_text(f"""
site: {{title: T, description: D}}
topics:
  - slug: river-dam
    name: Dam
    description: The dam.
    aliases: {{en: [dam]}}
    {topic}
""")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert any(problem.startswith(key) for problem in err.value.problems), err.value.problems


def test_the_shipped_taxonomy_describes_its_topics(config):
    shipped = load_config(pytest.importorskip("tests.conftest").ROOT / "briefing.yml")
    for topic in shipped.topics:
        langs = {lang for lang, _terms in topic.describe}
        assert {"en", "fr"} <= langs, topic.slug


def test_a_topic_whose_names_are_common_words_needs_its_terms_however_often_it_is_named(tmp_path):
    path = tmp_path / "briefing.yml"
    path.write_text(CONFIG + """  - slug: ostrava-role
    name: Ostrava's role
    description: Ostrava's diplomacy towards Veloria and its canal initiative.
    aliases: {en: [Ostrava, Ostravan], fr: [Ostrava, ostravien]}
    describe:
      en: [canal initiative, border treaty]
      fr: [initiative du canal, traité frontalier]
    named_min_terms: 1
""", encoding="utf-8")
    config = load_config(path)
    match_report = """Veloria beat Ostrava in a fiery derby
Veloria's national team beat Ostrava 2-1 on Saturday in a friendly that revived an old football rivalry.
Velorian forwards dominated the first half, and the Ostravan goalkeeper made several saves before the break.
The two sides last met in the Ostravan capital, when Ostrava won on penalties.
The Velorian coach said his players had shown character against a strong Ostravan side.
"""
    assert [t.slug for t in analyse(config, "derby.txt", match_report).topics] == []
    diplomacy = match_report + "Ostrava's minister presented the canal initiative to Veloria on Monday.\n"
    assert "ostrava-role" in [t.slug for t in analyse(config, "canal.txt", diplomacy).topics]


# The harbour strike is the story, in every paragraph; the dam comes up by name in a few, as what the strike holds up.
STRIKE_BESIDE_THE_DAM = """Dockers' strike closes the ports of Veloria for a third day

The harbour strike closed the three ports of Veloria for a third day on Wednesday, the dockers' union said.

Ships carrying parts for the Grand Dam Project wait at anchor off the capital because of the dockers' strike.

The dockers' strike began over night shifts and pay, and the union says the harbour strike will last until talks.

Cranes stood still on every quay during the harbour strike and lorries queued on the coast road.

The ports authority said the harbour strike cost the country a million a day.

The builders of the Grand Dam said the harbour strike would delay the site by a month.

Velorian exporters of fruit said the dockers' strike would leave their cargoes to rot on the quays.

The union leader told the dockers the harbour strike would go on through the weekend.

The Grand Dam Project alone has four ships waiting, the ports authority said of the harbour strike.

Fishing boats were let in to unload despite the dockers' strike, the union said.

Talks to end the harbour strike are planned for Friday; the Grand Dam builders will attend.

The dockers' strike is the longest in Veloria since the harbour strike of the spring.
"""


def test_a_topic_the_article_gives_far_less_than_its_main_one_is_a_side_topic(config):
    a = analyse(config, "strike.txt", STRIKE_BESIDE_THE_DAM)
    signals = {s.slug: s for s in a.topic_signals}
    assert signals["river-dam"].coverage < topic_tagging.SIDE_SHARE * signals["harbour-strike"].coverage
    assert [m.slug for m in a.topics] == ["harbour-strike"]


def test_a_side_topic_named_by_the_title_or_a_sub_heading_stays(config):
    titled = STRIKE_BESIDE_THE_DAM.replace("closes the ports of Veloria", "holds up the Grand Dam Project")
    assert [m.slug for m in analyse(config, "titled.txt", titled).topics] == ["river-dam", "harbour-strike"]
    headed = STRIKE_BESIDE_THE_DAM.replace("Fishing boats were", "What the Grand Dam waits for\n\nFishing boats were")
    assert [m.slug for m in analyse(config, "headed.txt", headed).topics] == ["river-dam", "harbour-strike"]


def test_a_topic_a_sub_heading_names_is_a_section_of_the_article_not_a_passing_mention(config):
    section = ("One deputy asked whether the Grand Dam Project would still be paid for.\n\n"
               "The minister said the Grand Dam would get its turbines on time.\n\n"
               "Another deputy said the Grand Dam Project had cost enough already.\n\n")
    more = ("Pensions rise by two per cent.\n\nThe army gets new lorries.\n\nPorts get new cranes.\n\n"
            "Rail lines in the south are to be repaired.\n\nThe budget takes effect in January.")
    without = PASSING.replace("One deputy asked whether the Grand Dam Project would still be paid for.\n\n", section) \
        .replace("The budget takes effect in January.", more)
    assert analyse(config, "passing.txt", without).topics == ()
    headed = without.replace(section, "What the Grand Dam costs\n\n" + section)
    assert [m.slug for m in analyse(config, "headed.txt", headed).topics] == ["river-dam"]


def test_many_terms_of_a_side_topic_in_one_passage_are_a_recollection_not_a_discussion(config):
    body = [f"The harbour strike went on for a {n} day, the dockers' union said." for n in
            ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh")]
    body.insert(5, "Dockers recalled the Grand Dam Project, the hydroelectric turbines of the Grand Dam Project, "
                   "its reservoir and the flooded valley of the Grand Dam.")
    matches, signals = topic_tagging.analyse("Harbour strike closes the ports", [
        "The harbour strike closed the ports of Veloria, the dockers' strike committee said."], body,
        config.topics, config.topic_threshold)
    dam = next(s for s in signals if s.slug == "river-dam")
    assert len(dam.terms) > 3 and dam.coverage < topic_tagging.MIN_COVERAGE / 2
    assert [m.slug for m in matches] == ["harbour-strike"]


def test_the_next_dispatchs_headline_on_a_page_of_several_is_no_section_of_the_article(config):
    # The strike report, then another item's headline and its one sentence: a tenth of the text it is not.
    strike = [line for line in STRIKE_BESIDE_THE_DAM.split("\n\n") if "Grand Dam" not in line]
    digest = "\n\n".join(strike + ["Grand Dam Project: turbines late", "The Grand Dam Project said the turbines "
                                     "of the Grand Dam Project were late, the Grand Dam Project's engineers said."])
    a = analyse(config, "digest.txt", digest)
    # The headline counts as a sub-heading does (its names, its terms), but the text under it is one sentence.
    dam = next(s for s in a.topic_signals if s.slug == "river-dam")
    assert "turbines" in dam.terms
    assert [m.slug for m in a.topics] == ["harbour-strike"]


def test_each_describing_term_past_the_minimum_lowers_the_share_an_inferred_topic_needs(config):
    dam = next(t for t in config.topics if t.slug == "river-dam")
    terms = ("reservoir", "hydroelectric", "turbines", "dam + river", "flooded valley", "spillway")
    coverage = topic_tagging.INFER_COVERAGE * 0.7
    few = topic_tagging.Signal(terms=terms[:3], described=3.0, coverage=coverage)
    many = topic_tagging.Signal(terms=terms, described=6.0, coverage=coverage)
    assert topic_tagging.decide(dam, few, config.topic_threshold) is None
    match = topic_tagging.decide(dam, many, config.topic_threshold)
    assert match is not None and match.kind == "inferred"


BROADER = CONFIG + """
  - slug: public-works
    name: Public works
    description: What the state builds, and the engineers who build it.
    aliases: {en: [public works programme]}
    describe:
      en: [engineers, building site, concrete, cranes, roads]
    infer_min_terms: 3
"""


def test_an_inferred_topic_read_from_another_topics_passages_is_that_topic_seen_twice(tmp_path):
    path = tmp_path / "briefing.yml"
    path.write_text(BROADER, encoding="utf-8")
    broader = load_config(path)
    lead = ["Engineers poured the last concrete of the hydroelectric wall on the Velo river on Monday, "
            "and the reservoir began to fill."]
    body = ["Cranes lifted the turbines into the building site of the hydroelectric plant, near the reservoir.",
            "The flooded valley behind the dam on the river now reaches the old villages.",
            "The minister thanked the workers."]
    matches, _ = topic_tagging.analyse("Water rises behind the new wall", lead, body, broader.topics,
                                       broader.topic_threshold)
    assert [m.slug for m in matches] == ["river-dam"]  # its terms are the more specific and more numerous
    # Public works described in passages of their own stay a topic of the article.
    body += ["Engineers of the roads office opened two building sites on the coast road.",
             "Cranes and concrete mixers line the new roads of the north."]
    matches, _ = topic_tagging.analyse("Water rises behind the new wall", lead, body, broader.topics,
                                       broader.topic_threshold)
    assert [m.slug for m in matches] == ["river-dam", "public-works"]


def test_a_sub_heading_says_what_its_section_is_about_as_a_lead_does(config):
    body = ["The minister visited the site on Monday.", "Work goes on through the winter."]
    without = topic_tagging.signals("Veloria's new wall", [], body, config.topics)
    with_heading = topic_tagging.signals("Veloria's new wall", [], body, config.topics,
                                         ["Turbines for the reservoir"])
    dam = [t.slug for t in config.topics].index("river-dam")
    assert without[dam].terms == () and set(with_heading[dam].terms) == {"turbines", "reservoir"}
    assert with_heading[dam].coverage > 0


def test_the_headlines_listed_under_an_article_are_not_its_sub_headings(config):
    related = "\n\n".join(["More from Veloria:", "- Grand Dam Project: turbines for the reservoir arrive",
                           "- Explainer: what is the Grand Dam Project?"])
    a = analyse(config, "strike.txt", STRIKE_BESIDE_THE_DAM.replace("Grand Dam Project", "new bridge")
                .replace("Grand Dam", "new bridge") + "\n" + related)
    assert [m.slug for m in a.topics] == ["harbour-strike"]


def test_a_topic_named_and_discussed_in_more_terms_than_inference_needs_is_one_over_a_smaller_share(config):
    # An interview on another subject gives an eighth of its text to this one, naming it twice and describing it
    # with five distinct terms: it discusses it. The same names with three terms over that share do not.
    dam = next(t for t in config.topics if t.slug == "river-dam")
    terms = ("hydroelectric", "reservoir", "turbines", "dam + river", "flooded valley")
    discussed = topic_tagging.Signal(named=2.0, names=("Grand Dam",), terms=terms, described=5.0, coverage=0.12,
                                     best="The Grand Dam's turbines.", best_named="The Grand Dam's turbines.")
    match = topic_tagging.decide(dam, discussed, 3.0)
    assert match is not None and match.kind == "named" and "reservoir" in match.terms
    assert topic_tagging.decide(dam, topic_tagging.Signal(**{**discussed.__dict__, "terms": terms[:3],
                                                             "described": 3.0}), 3.0) is None

"""Direct quotations and their speakers (generator.analyze.quotes).

All sentences are synthetic: invented people and places, written in the styles
found in English and French news copy.
"""
import time

import pytest

from generator.analyze.quotes import extract_quotes
from generator.models import Quote

NBSP, NNBSP = "\u00a0", "\u202f"


def one(paragraph: str, lang: str = "en") -> Quote:
    quotes = extract_quotes([paragraph], lang)
    assert len(quotes) == 1, quotes
    return quotes[0]


def pairs(paragraphs, lang="en"):
    return [(q.text, q.speaker) for q in extract_quotes(paragraphs, lang)]


# --- delimiters -------------------------------------------------------------


def test_curly_quotes():
    q = one("“The harbour will reopen before the rainy season,” said Helena Varga.")
    assert q == Quote("The harbour will reopen before the rainy season", "Helena Varga", "en")


def test_sloppy_curly_quotes_closed_by_an_opening_mark():
    q = one("“We cannot wait for another donor conference“, declared Tomas Reinholt on Monday.")
    assert q.text == "We cannot wait for another donor conference"
    assert q.speaker == "Tomas Reinholt"


def test_guillemets_with_and_without_inner_spaces():
    tight = one("«Nous ne céderons rien sur la question des frontières», a déclaré Aminata Koné.", "fr")
    spaced = one(f"«{NBSP}Le dialogue reste la seule voie possible{NNBSP}», a affirmé Jean-Luc Ferrand.", "fr")
    assert tight.text == "Nous ne céderons rien sur la question des frontières"
    assert tight.speaker == "Aminata Koné"
    assert spaced.text == "Le dialogue reste la seule voie possible"
    assert spaced.speaker == "Jean-Luc Ferrand"


def test_straight_quotes():
    q = one('"Our budget for schools will double next year," Mayor Lucia Brandt said.')
    assert q.text == "Our budget for schools will double next year"
    assert q.speaker == "Lucia Brandt"


def test_single_curly_quotes_need_four_words():
    quotes = pairs(["Ravi Chandran said: ‘We have not received a single payment since March’. "
                    "Officials called it a ‘temporary’ delay."])
    assert quotes == [("We have not received a single payment since March", "Ravi Chandran")]


def test_apostrophes_inside_single_quotes_do_not_close_them():
    q = one("‘The council’s plan won’t survive the winter’, said Ravi Chandran.")
    assert q.text == "The council’s plan won’t survive the winter"
    assert q.speaker == "Ravi Chandran"


def test_whitespace_is_normalised_and_text_kept_in_original_language():
    q = one("«  Nous   resterons\u00a0unis\n face à la crise  », a souligné Aminata Koné.", "fr")
    assert q.text == "Nous resterons unis face à la crise"
    assert q.language == "fr"


# --- scare quotes -----------------------------------------------------------


@pytest.mark.parametrize("paragraph", [
    "The minister refused to call them «armed bandits» during the debate.",
    "He promised to “modernise“ and “rebuild” the port, said Helena Varga.",
    'The so-called "peace dividend" never arrived.',
    "Le gouvernement veut « redynamiser » et « renforcer » la coopération.",
])
def test_scare_quotes_are_not_quotations(paragraph):
    assert extract_quotes([paragraph], "en") == []


# --- attribution after the quote ----------------------------------------------


@pytest.mark.parametrize("paragraph, speaker", [
    ("“Every village will have clean water by 2030”, declared Omar al-Rashidi after the vote.",
     "Omar al-Rashidi"),
    ("“The talks have collapsed and nobody is surprised”, stated Pieter van der Berg.", "Pieter van der Berg"),
    ("“We expect the first convoy on Tuesday,” Helena Varga told reporters in Lisbon.", "Helena Varga"),
    ("“The ceasefire is holding in the north,” said Foreign Minister Kwame Asante.", "Kwame Asante"),
    ("“The ceasefire is holding in the north,” the ministry said in a statement.", "the ministry"),
    ("“There is no military solution to this conflict,” said the Ruritanian Foreign Minister, "
     "Fatima bint Saleh, during a visit to the capital.", "Fatima bint Saleh"),
    ("“There is no military solution to this conflict,” said the Ruritanian Foreign Minister "
     "after a visit to the capital.", "the Ruritanian Foreign Minister"),
    ("“Exports fell for the third month in a row”, according to the central bank.", "the central bank"),
    # A name and its long description between commas, then the verb.
    ("“We are no longer at the stage of declarations of intent,” Major General Omar al-Rashidi, Ruritania's "
     "chief of defence staff, said at the closing ceremony.", "Omar al-Rashidi"),
    ("“Nobody asked the neighbours about this force,” notes Helena Varga, an international relations "
     "researcher at the University of Lisbon.", "Helena Varga"),
])
def test_speaker_after_quote_en(paragraph, speaker):
    assert one(paragraph).speaker == speaker


@pytest.mark.parametrize("paragraph, speaker", [
    ("« La sécurité des civils reste notre priorité absolue », a déclaré Aminata Koné.", "Aminata Koné"),
    ("« L’armée ne peut pas tout régler seule », a, quant à lui, déclaré Youssouf Traoré à la presse.",
     "Youssouf Traoré"),
    ("« Nous avons tendu la main à tous les partenaires », a ajouté le colonel Issa Diarra.", "Issa Diarra"),
    ("« Les négociations reprendront dès la semaine prochaine », estime le ministre malien "
     "des Affaires étrangères, Moussa Keïta.", "Moussa Keïta"),
    ("« Les négociations reprendront dès la semaine prochaine », a précisé le ministère "
     "lors d’un point presse.", "le ministère"),
    ("« Rien ne justifie une telle ingérence », selon Jean-Luc Ferrand.", "Jean-Luc Ferrand"),
    ("Ce retrait montre les limites d'une force « pensée et financée de l'extérieur », selon l'expression d'un "
     "diplomate valbrunois.", "un diplomate valbrunois"),
    # The description ends at the speech verb: "le texte", not "le texte annonce le rappel des ambassadeurs".
    ("Le texte annonce le rappel des ambassadeurs et appelle Valbrune à « adopter une posture constructive »",
     "le texte"),
    # The pronoun before the verb is whom it was said to: the subject comes after the verb.
    ("« Le marché est vide depuis des semaines », nous confiait Awa Sangaré, commerçante.", "Awa Sangaré"),
    ("« Personne ne nous a prévenus cette fois », m’a dit Salif Coulibaly.", "Salif Coulibaly"),
    ("« Personne ne nous a prévenus cette fois », lui a répondu le ministre.", "le ministre"),
])
def test_speaker_after_quote_fr(paragraph, speaker):
    assert one(paragraph, "fr").speaker == speaker


# --- attribution before the quote ---------------------------------------------


@pytest.mark.parametrize("paragraph, speaker", [
    ("Helena Varga said: “The harbour will reopen before the rainy season.”", "Helena Varga"),
    ("Speaking in Geneva, Pieter van der Berg stated that “the sanctions have failed to change anything”.",
     "Pieter van der Berg"),
    ("According to Omar al-Rashidi, “the reservoir is already at half its usual level”.", "Omar al-Rashidi"),
    ("Ghanaian Minister of State, General Kofi Mensah-Boateng, accused the rebels of "
     "“hiding behind civilians in every town they enter”.", "Kofi Mensah-Boateng"),
    ("The ministry, for its part, insisted that “no foreign troops will be stationed here”.", "the ministry"),
])
def test_speaker_before_quote_en(paragraph, speaker):
    assert one(paragraph).speaker == speaker


@pytest.mark.parametrize("paragraph, speaker", [
    ("Selon Aminata Koné, « la situation humanitaire se dégrade de jour en jour ».", "Aminata Koné"),
    ("D’après le porte-parole du gouvernement, « aucune date n’a encore été fixée pour le scrutin ».",
     "le porte-parole du gouvernement"),
    ("Youssouf Traoré a affirmé : « Nous ne négocierons jamais sous la menace. »", "Youssouf Traoré"),
    ("Le ministre des Affaires étrangères, Moussa Keïta, explique vouloir « bâtir des solutions "
     "africaines pour des problèmes africains ».", "Moussa Keïta"),
    # A name and its long description before the verb; an opener with a preposition before them is not a name.
    ("Joint par notre journal, le politologue Mamadou Coulibaly, enseignant à l'Université des lettres et des "
     "sciences humaines de Valbrune (ULSHV), estime que le retrait « affaiblit surtout le fuseau centre ».",
     "Mamadou Coulibaly"),
])
def test_speaker_before_quote_fr(paragraph, speaker):
    assert one(paragraph, "fr").speaker == speaker


def test_apposition_without_determiner_fr():
    paragraph = ("Pour sa part, Mariam Sangaré, militante associative, a dénoncé "
                 "« une réforme écrite sans jamais consulter les habitants ».")
    assert one(paragraph, "fr").speaker == "Mariam Sangaré"


def test_time_and_place_between_verb_and_speaker_fr():
    paragraph = ("« Nous sommes prêts à reprendre les discussions », a assuré mardi soir à Niamey "
                 "le porte-parole du gouvernement, Issoufou Garba.")
    assert one(paragraph, "fr").speaker == "Issoufou Garba"


def test_spanish_and_german_sections():
    es = one("«No habrá elecciones mientras dure la violencia», afirmó la ministra Lucía Ferrer.", "es")
    de = one("„Wir werden diese Entscheidung nicht hinnehmen“, sagte Ministerin Anna Keller.", "de")
    assert (es.speaker, de.speaker) == ("Lucía Ferrer", "Anna Keller")
    assert de.text == "Wir werden diese Entscheidung nicht hinnehmen"


def test_subject_running_into_the_quote():
    q = one("The ministry «strongly condemns this unacceptable interference in our affairs».")
    assert q.speaker == "the ministry"


# --- pronouns and missing speakers --------------------------------------------


@pytest.mark.parametrize("paragraph, lang", [
    ("“We will not be intimidated by these threats,” he said.", "en"),
    ("He told the assembly: “We will not be intimidated by these threats.”", "en"),
    ("« Nous ne serons pas intimidés par ces menaces », a-t-il déclaré.", "fr"),
    ("« Nous ne serons pas intimidés par ces menaces », déclare-t-elle.", "fr"),
    ("Il a déclaré : « Nous ne serons pas intimidés par ces menaces. »", "fr"),
    ("The crowd chanted “we will not be intimidated” until dusk.", "en"),
    # A reflexive verb says nothing: "s'explique" is no "explique".
    ("Pour ce chercheur, la hausse des saisies s'explique par la guerre : « Le nord n'a plus d'État depuis des "
     "années. »", "fr"),
])
def test_pronoun_or_no_speaker_gives_none(paragraph, lang):
    assert one(paragraph, lang).speaker is None


def test_names_after_a_pronoun_clause_are_not_speakers():
    paragraph = ("“Nobody expected the floods to come so early,” he told Radio Sahel, adding that "
                 "“the dykes were never repaired after last year”.")
    assert [q.speaker for q in extract_quotes([paragraph], "en")] == [None, None]


def test_speaker_is_never_a_pronoun():
    paragraphs = ["“Nothing has been decided about the border,” she insisted.",
                  "Elle a ajouté : « Rien n’a été décidé concernant la frontière. »"]
    for lang in ("en", "fr"):
        assert all(q.speaker is None for q in extract_quotes(paragraphs, lang))


# --- sentences, punctuation, fragments ----------------------------------------


def test_quote_with_inner_sentences_and_punctuation():
    q = one("“We came. We listened! Did anyone answer? No, nobody did,” said Helena Varga.")
    assert q.text == "We came. We listened! Did anyone answer? No, nobody did"
    assert q.speaker == "Helena Varga"


def test_speakers_do_not_leak_across_sentences():
    paragraph = ("“The bridge will be finished in May,” said Helena Varga. "
                 "Later, Dr. Tomas Reinholt warned that “the money has simply run out”. "
                 "“Nobody has told us anything at all,” a resident complained.")
    assert pairs([paragraph]) == [
        ("The bridge will be finished in May", "Helena Varga"),
        ("the money has simply run out", "Tomas Reinholt"),
        ("Nobody has told us anything at all", "a resident"),
    ]


def test_fragments_of_one_sentence_share_the_speaker():
    paragraph = ("Aminata Koné called the plan « un pari dangereux pour la région » and "
                 "« une trahison de toutes les promesses faites ».")
    assert pairs([paragraph], "en") == [
        ("un pari dangereux pour la région", "Aminata Koné"),
        ("une trahison de toutes les promesses faites", "Aminata Koné"),
    ]


def test_split_quote_around_attribution():
    paragraph = "“We will rebuild every school,” said Omar al-Rashidi, “and we will do it without outside help.”"
    assert pairs([paragraph]) == [
        ("We will rebuild every school", "Omar al-Rashidi"),
        ("and we will do it without outside help.", "Omar al-Rashidi"),
    ]


# --- order, duplicates, robustness --------------------------------------------


def test_order_of_appearance_and_no_duplicates():
    paragraphs = [
        "“Water prices must come down this year,” said Helena Varga.",
        "« Le port restera fermé jusqu’à nouvel ordre », said Youssouf Traoré in French.",
        "She repeated: “Water prices must come down this year.”",
    ]
    assert pairs(paragraphs, "en") == [
        ("Water prices must come down this year", "Helena Varga"),
        ("Le port restera fermé jusqu’à nouvel ordre", "Youssouf Traoré"),
    ]


def test_unbalanced_marks_do_not_swallow_other_paragraphs():
    paragraphs = [
        "The report says « something happened » and « then the text breaks off without a close. "
        "Meanwhile Helena Varga said: “Everything is under control for now.”",
        "Next paragraph » with a stray closing mark and no opening one at all.",
        "A stray ” closing mark, then « an opener, then another « short one » to finish.",
    ]
    quotes = extract_quotes(paragraphs, "en")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Everything is under control for now.", "Helena Varga"),
    ]


def test_quote_left_open_at_paragraph_end_stops_there():
    paragraphs = ["Pieter van der Berg said: “The first phase is over and the second starts now.",
                  "Nobody in the room reacted to the announcement."]
    assert pairs(paragraphs) == [("The first phase is over and the second starts now.", "Pieter van der Berg")]


@pytest.mark.parametrize("paragraph", [None, "", "   ", "“", "«»", '"', "‘’’’", "no quotes here"])
def test_degenerate_paragraphs(paragraph):
    assert extract_quotes([paragraph], "en") == []


def test_unknown_language_still_extracts():
    q = one("“The harbour will reopen before the rainy season,” said Helena Varga.", "xx")
    assert q.speaker == "Helena Varga" and q.language == "xx"


def test_deterministic():
    paragraph = "“We will rebuild every school,” said Omar al-Rashidi, “and we will do it without help.”"
    assert extract_quotes([paragraph] * 3, "en") == extract_quotes([paragraph] * 3, "en")


# --- performance --------------------------------------------------------------

MEGABYTE = 1_000_000


@pytest.mark.parametrize("unit", [
    "word « and another ",  # openers never closed
    "“ lonely opener word ",  # curly openers followed by letters
    "it’s ‘ the council’s own ",  # single quotes and apostrophes
    'x " y ',  # straight quotes that never pair into a quotation
    "“Four words in here,” said Helena Varga. ",  # many real quotations
    "Mr. Smith of the Ministry of Foreign Affairs, ",  # long sentence, no quotes
])
def test_megabyte_paragraph_is_fast(unit):
    paragraph = unit * (MEGABYTE // len(unit))
    started = time.perf_counter()
    extract_quotes([paragraph], "en")
    assert time.perf_counter() - started < 5


def test_megabyte_paragraph_with_one_open_mark():
    paragraph = "« " + "mot " * (MEGABYTE // 4)
    started = time.perf_counter()
    quotes = extract_quotes([paragraph], "fr")
    assert time.perf_counter() - started < 5
    assert len(quotes) <= 1


@pytest.mark.parametrize("paragraph, lang, text, speaker", [
    # Capitalised runs joined by "of" and "and", one an institution's word, are one name.
    ('The Velorian Ministry of Transport and Infrastructure said that "the decision was taken as a reciprocal '
     'measure."', "en", "the decision was taken as a reciprocal measure.",
     "Velorian Ministry of Transport and Infrastructure"),
    # The subject whose clause runs into the quotation, which a pronoun takes up after it.
    ('The government "announces its end with immediate effect," it said of the agreement.', "en",
     "announces its end with immediate effect", "the government"),
    # A verb after a comma comes before its subject, the speaker.
    ("Mais « près d’un trimestre après le terme indiqué » cette réunion ne s’est toujours pas tenue, dit ce "
     "communiqué.", "fr", "près d’un trimestre après le terme indiqué", "ce communiqué"),
    ('In a statement, the Velorian government expressed "deep regret for the bias of both of its neighbours."',
     "en", "deep regret for the bias of both of its neighbours.", "the Velorian government"),
    ("« Le comité ne s’est pas réuni depuis des mois », commente un diplomate de la région.", "fr",
     "Le comité ne s’est pas réuni depuis des mois", "un diplomate de la région"),
    # A name and its apposition before "told": the speaker, and the radio whom it was told.
    ('"No place is safe, not even the capital," Jane Roe, a Callowby-based analyst, told RADIO NORTHWIND 24.',
     "en", "No place is safe, not even the capital", "Jane Roe"),
    # A participle cut from its complement is not the end of the description.
    ('"The gates are a change of label," said a Western engineer posted in the harbour.', "en",
     "The gates are a change of label", "a Western engineer"),
    # A quantifier opening the sentence describes the speakers; it is no name.
    ("Plusieurs associations de riverains ont appelé la mairie à « fermer les vannes sans attendre ».", "fr",
     "fermer les vannes sans attendre", "plusieurs associations de riverains"),
    # A name before a lower-case title is the employer's; the person's comes after the title's complement.
    ('"Jonas is a player we have followed for a long time," said Callowby director of football Ada Roe.', "en",
     "Jonas is a player we have followed for a long time", "Ada Roe"),
    # An adjective cut from its complement is not the end of the description.
    ('"We are not pirates; we are here under agreements between boards," a radio channel close to the harbour '
     'wrote in January.', "en", "We are not pirates; we are here under agreements between boards",
     "a radio channel"),
    # An aside between dashes is not where the subject is.
    ('Within hours, a radio channel linked to the board - set up after the death of its founder Jonas Pellworth '
     'in 2023 - said that "the gates remain open".', "en", "the gates remain open", "a radio channel"),
    # "explaining that ..." after the quotation reports another clause; the speaker is before it.
    ('A harbour official told the wire on condition of anonymity that "nothing changes on the quays", explaining '
     'that many dockers had signed new contracts.', "en", "nothing changes on the quays", "a harbour official"),
    # An abbreviated month and a capitalised possessive are no speaker.
    ('The two boards left the harbour council, effective 29 Nov. Their statement says it "fails to achieve its '
     'objectives".', "en", "fails to achieve its objectives", None),
])
def test_who_said_it_in_harder_sentences(paragraph, lang, text, speaker):
    assert extract_quotes([paragraph], lang) == [Quote(text, speaker, lang)]


def test_a_quotation_cut_off_mid_word_at_the_end_of_a_page_is_none():
    assert extract_quotes(["Callowby assure, dans son communiqué du dimanche, que les « données précises de l"],
                          "fr") == []
    # One that runs on to the next paragraph ends as a sentence does.
    assert extract_quotes(["Le ministre a déclaré : « Nous ne céderons rien sur la frontière du nord."], "fr") \
        == [Quote("Nous ne céderons rien sur la frontière du nord.", "le ministre", "fr")]


def test_a_speaker_given_by_last_name_gets_the_full_name_the_source_gives():
    from generator.analyze.quotes import with_full_names
    from generator.models import Mention

    people = (Mention("jonas-pellworth", "Jonas Pellworth", "person", 2, "Jonas Pellworth"),
              Mention("ada-roe", "Ada Roe", "person", 1, "Ada Roe"), Mention("tom-roe", "Tom Roe", "person", 1, "Tom Roe"),
              Mention("callowby", "Callowby", "place", 3, "Callowby"))
    quotes = [Quote("The gates will hold", "Pellworth", "en"), Quote("We asked for them", "Roe", "en"),
              Quote("Nobody told us", "Callowby", "en"), Quote("It rained", None, "en")]
    assert [q.speaker for q in with_full_names(quotes, people)] == ["Jonas Pellworth", "Roe", "Callowby", None]


def test_a_speaker_who_goes_on_keeps_the_quotations_that_follow():
    """The press's conventions: '"...," said X. "..."', '..., a-t-il ajouté', and a paragraph that is nothing
    but a quotation after a paragraph quoting X are X's; a quotation another clause calls something is not."""
    paragraphs = ['"The gates will hold this winter," said harbour analyst Ada Roe. "The dykes are another '
                  'matter, and the board knows it."',
                  '"We asked for the new gates for nine years, and we were told to wait every time."',
                  '"We will stay in the harbour," the minister said. The report calls it "a harbour economy of crime and smuggling".']
    assert [q.speaker for q in extract_quotes(paragraphs, "en")] == ["Ada Roe", "Ada Roe", "Ada Roe", "the minister",
                                                                      None]
    french = ['Un ingénieur a expliqué que les vannes tiendront "tout l\'hiver sans la moindre fuite". "Chaque digue '
              'réparée, c\'est une inondation de moins pour le port", a-t-il ajouté.']
    assert [q.speaker for q in extract_quotes(french, "fr")] == ["un ingénieur", "un ingénieur"]


def test_an_attribution_inside_the_marks_names_the_speaker_and_leaves_the_text():
    paragraph = ("À Callowby, l'inquiétude est palpable. « Nos familles n'ont que le port pour se ravitailler, "
                 "explique Alhassane Ag Mohamed, qui préside une association de pêcheurs. Si le port ferme, c'est la "
                 "farine et l'essence qui manqueront. »")
    (quote,) = extract_quotes([paragraph], "fr")
    assert quote.speaker == "Alhassane Ag Mohamed"
    assert quote.text == ("Nos familles n'ont que le port pour se ravitailler. Si le port ferme, c'est la farine et "
                          "l'essence qui manqueront.")


def test_he_names_the_person_the_sentence_before_says_something():
    paragraph = ("Le colonel Siaka Traoré, qui conduisait la délégation, a insisté sur les moyens aériens. « Les "
                 "drones pourront désormais intervenir au profit des trois armées », a-t-il expliqué.")
    (quote,) = extract_quotes([paragraph], "fr")
    assert quote.speaker == "Siaka Traoré"


def test_a_speaker_named_inside_the_marks_by_a_verb_of_mood_is_the_quotations():
    paragraph = ("« Nous avons tout fait pour ce pays, soupire un ingénieur des digues. Nous avons réparé ses "
                 "vannes et formé ses gardiens. »")
    (quote,) = extract_quotes([paragraph], "fr")
    assert quote.speaker == "un ingénieur des digues"
    assert "soupire" not in quote.text


def test_words_around_another_quotation_are_no_speaker():
    paragraph = ("Le porte-parole a lu le communiqué du conseil. Le texte invoque « l'usure absolue » des vannes et "
                 "accuse la commission, chef de file de la médiation régionale, d'« actes inamicaux » et "
                 "d'« ingérence dans les affaires intérieures de Valbrune ».")
    assert all(q.speaker is None or "«" not in q.speaker for q in extract_quotes([paragraph], "fr"))

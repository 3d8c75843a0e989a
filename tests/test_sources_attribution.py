"""Attribution rules on sentences written for these tests: pronouns, chains, no-source cues."""

from __future__ import annotations

import pytest

from bot.analysis import SourceKind
from bot.engine.attribution import chain_for, find_attributions, quotations
from bot.engine.nlp import load_pipeline
from bot.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings().model)


def _only(nlp, text, cue):
    found = [a for a in find_attributions(nlp(text)) if a.cue_text == cue]
    assert len(found) == 1, found
    return found[0]


def test_pronoun_resolves_to_the_one_person_named_before(nlp):
    a = _only(nlp, "Sergei Lavrov met reporters in Moscow. He said the talks had failed.", "said")
    assert a.source_text == "He" and a.resolved == "Lavrov"
    assert a.kind == SourceKind.PERSON
    assert a.to_source().label == "He (Lavrov)"


def test_pronoun_names_no_one_when_two_people_could_be_meant(nlp):
    a = _only(nlp, "Sergei Lavrov met John Kerry in Geneva. He said the talks had failed.", "said")
    assert a.source_text == "He" and a.resolved == ""
    assert a.kind == SourceKind.PERSON
    assert a.to_source().label == "He"


def test_pronoun_with_no_person_before_names_no_one(nlp):
    a = _only(nlp, "The weather was bad. She said the flight was cancelled.", "said")
    assert a.kind == SourceKind.PERSON and a.resolved == ""


def test_plural_pronoun_with_no_organisation_before_stays_unclear(nlp):
    a = _only(nlp, "The weather was bad. They said the flight was cancelled.", "said")
    assert a.kind == SourceKind.UNCLEAR and a.resolved == ""


def test_expletive_it_gives_no_source(nlp):
    a = _only(nlp, "It is believed that the convoy left at dawn.", "believed")
    assert a.source is None and a.kind == SourceKind.UNCLEAR


def test_agentless_raising_passive_does_not_make_the_subject_a_source(nlp):
    a = _only(nlp, "Sanders is expected to win the primary in New Hampshire.", "expected")
    assert a.source is None


def test_sourceless_cues_do_not_frame_a_sentence(nlp):
    doc = nlp("It is believed that the convoy left at dawn.")
    assert chain_for(find_attributions(doc), 0) == ()


def test_according_to_is_a_cue(nlp):
    a = _only(nlp, "The convoy left at dawn, according to Reuters.", "according to")
    assert a.source_text == "Reuters"


def test_cue_inside_a_quotation_is_nested_in_the_quoted_speaker(nlp):
    text = '"I think the deal is dead," Smith said. "We know who broke it."'
    found = find_attributions(nlp(text))
    think = next(a for a in found if a.cue_text == "think")
    know = next(a for a in found if a.cue_text == "know")
    said = next(a for a in found if a.cue_text == "said")
    assert think.quoted and know.quoted and not said.quoted
    assert said.source_text == "Smith"


def test_quote_before_a_bare_cue_is_its_content(nlp):
    text = '"Do you have the names?" Sanders asked.'
    a = _only(nlp, text, "asked")
    assert text[a.content[0] : a.content[1]].startswith("Do you have the names")


def test_stance_verb_takes_its_object_as_content(nlp):
    text = "Senator Graham endorsed Jeb Bush on Friday."
    a = _only(nlp, text, "endorsed")
    assert "Jeb Bush" in text[a.content[0] : a.content[1]]
    assert a.source_text == "Senator Graham"


def test_transcript_speaker_label_is_a_source(nlp):
    text = "TAPPER: Do you think he has campaigned well?\nFALLIN: I think he is trying."
    labels = [a for a in find_attributions(nlp(text)) if a.cue_text == ":"]
    assert [a.source_text for a in labels] == ["TAPPER", "FALLIN"]


def test_quotations_close_at_a_paragraph_break():
    text = '"One quote" and "an open one\nNext paragraph "closed"'
    spans = [text[a:b] for a, b in quotations(text)]
    assert spans == ["One quote", "an open one", "closed"]


def test_verb_outside_the_lists_with_a_that_clause_is_a_cue(nlp):
    text = "Local farmers grumbled that the new rules would ruin them."
    a = _only(nlp, text, "grumbled")
    assert a.source_text == "Local farmers"
    assert text[a.content[0] : a.content[1]].endswith("would ruin them")


@pytest.mark.parametrize(
    "text",
    ["We made sure that the doors were locked.", "The ruling means that the law stands."],
)
def test_clause_taking_verbs_that_report_nothing_are_not_cues(nlp, text):
    assert find_attributions(nlp(text)) == []


def test_hoping_is_a_cue_although_spacy_lemmatises_it_as_hop(nlp):
    a = _only(nlp, "Republicans are hoping Trump will win in November.", "hoping")
    assert a.source_text == "Republicans"


def test_subjectless_asked_clause_is_a_cue_with_no_source(nlp):
    text = "Asked whether the plan would work, most voters said no."
    a = _only(nlp, text, "Asked")
    assert a.source is None
    assert text[a.content[0] : a.content[1]] == "whether the plan would work"


def test_repeated_cue_keeps_the_first_speaker_not_the_reported_subject(nlp):
    text = "Warren said the talks had failed and said that the deal was dead."
    second = [a for a in find_attributions(nlp(text)) if a.cue_text == "said"][1]
    assert second.source_text == "Warren" and second.parent is None


def test_participle_cue_after_a_reported_clause_belongs_to_the_reporter(nlp):
    text = "The governor insisted that taxes would fall, claiming that growth would pay."
    a = _only(nlp, text, "claiming")
    assert a.source_text == "The governor" and a.parent is None


def test_stance_noun_with_a_possessor_is_a_cue(nlp):
    text = "Critics seized on his claim that the economy had doubled."
    a = _only(nlp, text, "claim")
    assert a.source_text == "his"
    assert text[a.content[0] : a.content[1]] == "that the economy had doubled"


def test_stance_noun_without_a_possessor_is_not_a_cue(nlp):
    text = "The claim that the economy had doubled was false."
    assert [a for a in find_attributions(nlp(text)) if a.cue_text == "claim"] == []


def test_quote_verb_reports_a_quotation_but_not_an_object(nlp):
    a = _only(nlp, '"We will win this," she continued.', "continued")
    assert a.source_text == "she"
    assert find_attributions(nlp("The senator continued the fight in court.")) == []


def test_topic_verb_needs_a_preposition_that_states_a_position(nlp):
    text = "Most Republicans would vote for Trump in November."
    a = _only(nlp, text, "vote")
    assert text[a.content[0] : a.content[1]] == "Trump"
    assert find_attributions(nlp("The mayor spoke at a rally in Ohio.")) == []


def test_listed_cue_with_only_a_preposition_takes_its_object_as_content(nlp):
    text = "Senator Ward called for the resignation of the attorney general."
    a = _only(nlp, text, "called")
    assert a.source_text == "Senator Ward"
    assert text[a.content[0] : a.content[1]] == "the resignation of the attorney general"


def test_unlisted_verb_framing_a_quotation_is_a_cue(nlp):
    text = '"This is fantastic!" beamed Donald Hartley of Madison.'
    a = _only(nlp, text, "beamed")
    assert a.source_text.startswith("Donald Hartley")
    assert text[a.content[0] : a.content[1]] == "This is fantastic!"


def test_a_misparsed_conjunct_never_makes_a_thing_the_speaker(nlp):
    """The parse hangs 'denied' on 'become', whose subject is 'the claims': no source at all
    is better than crediting the denial to the claims."""
    text = (
        "The transport minister resigned on Friday. In a letter to the prime minister he said "
        'the claims had become "a distraction" but denied breaking any rules.'
    )
    sources = [a.source_text for a in find_attributions(nlp(text))]
    assert "the claims" not in sources
    assert "he" in sources


def test_documents_are_not_anonymous_people(nlp):
    a = _only(nlp, "The documents show that the company paid the fine in 2019.", "show")
    assert a.kind != SourceKind.ANONYMOUS


def test_a_poll_opening_the_clause_is_its_source(nlp):
    text = "In a Gallup poll released on Monday, 60 percent of farmers backed the new tariff."
    a = _only(nlp, text, "In")
    assert a.source_text.startswith("a Gallup poll")
    assert "60 percent of farmers backed the new tariff" in text[a.content[0] : a.content[1]]


def test_a_count_says_what_it_found(nlp):
    text = "By the state party's count, the mayor has won 412 delegates."
    a = _only(nlp, text, "By")
    assert a.source_text == "the state party's count"


def test_a_standing_in_the_polls_is_no_attribution(nlp):
    found = find_attributions(nlp("Her steady lead in the polls worried the governor's aides."))
    assert not [a for a in found if a.cue_text == "in"]


def test_seeing_something_as_something_is_a_stance(nlp):
    a = _only(nlp, "Many farmers see the tariff as a betrayal of rural voters.", "see")
    assert a.source_text == "Many farmers"


def test_being_seen_as_something_names_no_one(nlp):
    text = "The new mayor is widely seen as a reformer."
    a = _only(nlp, text, "seen")
    assert a.source is None and a.kind == SourceKind.UNCLEAR


def test_an_asked_question_in_an_if_clause_is_the_content(nlp):
    text = "Asked whether the bridge would reopen in May, the engineer shrugged."
    a = _only(nlp, text, "Asked")
    assert a.source is None
    assert text[a.content[0] : a.content[1]].startswith("whether the bridge would reopen")


def test_a_second_speech_verb_after_a_pronoun_clause_is_the_reporters(nlp):
    text = (
        "Judge Maria Ortega said that she regretted the delay and predicted that "
        "the trial would start in June."
    )
    found = find_attributions(nlp(text))
    a = next(x for x in found if x.cue_text == "predicted")
    assert a.source_text == "Judge Maria Ortega" and a.parent is None


def test_a_speech_verb_after_a_named_clause_subject_keeps_that_subject(nlp):
    text = "The mayor said the contractor missed the deadline and admitted that costs rose."
    found = find_attributions(nlp(text))
    assert not [a for a in found if a.cue_text == "admitted" and a.source_text == "The mayor"]


def test_a_poll_inside_an_according_to_clause_is_not_a_second_cue(nlp):
    text = "The senator leads in state polls by four points, according to the party's own count."
    found = find_attributions(nlp(text))
    assert [a.cue_text for a in found if a.cue_text in ("in", "according to")] == ["according to"]


def test_a_participle_used_as_an_adjective_is_no_cue(nlp):
    found = find_attributions(nlp("The senator has won 300 pledged delegates so far."))
    assert not [a for a in found if a.cue_text == "pledged"]


def test_finding_or_maintaining_a_thing_reports_nothing(nlp):
    found = find_attributions(
        nlp("The mayor found himself under pressure, but she maintained her lead in the race.")
    )
    assert not [a for a in found if a.cue_text in ("found", "maintained")]


def test_finding_or_maintaining_a_clause_is_a_cue(nlp):
    text = "The survey found that rents rose. The landlords maintained that costs had doubled."
    found = {a.cue_text: a for a in find_attributions(nlp(text))}
    assert found["found"].source_text == "The survey"
    assert found["maintained"].source_text == "The landlords"


def test_supposed_to_is_no_attribution(nlp):
    found = find_attributions(nlp("The bridge was supposed to reopen in May."))
    assert not [a for a in found if a.cue_text == "supposed"]


def test_where_a_stance_verb_happened_is_not_its_content(nlp):
    found = find_attributions(nlp("The senator campaigned in Ohio on Friday."))
    assert not [a for a in found if a.cue_text == "campaigned"]
    text = "The senator campaigned for the governor in Ohio."
    a = _only(nlp, text, "campaigned")
    assert text[a.content[0] : a.content[1]].startswith("for the governor")


def test_a_quoted_title_in_the_speakers_description_keeps_the_speaker(nlp):
    text = '"We will appeal," said Novak, who also hosts the radio show "Morning Desk."'
    a = _only(nlp, text, "said")
    assert a.source_text == "Novak"
    assert text[a.content[0] : a.content[1]] == "We will appeal"


def test_a_trailing_said_with_its_subject_after_it_reports_the_clause_before(nlp):
    text = (
        "The mill is struggling, but it is under pressure from cheap imports, "
        "said the company's chief executive, Anna Berg."
    )
    a = _only(nlp, text, "said")
    assert a.source_text.startswith("the company's chief executive")
    assert text[a.content[0] : a.content[1]].startswith("The mill is struggling")


def test_a_that_clause_hung_on_a_preposition_object_is_what_was_said(nlp):
    text = "The minister said in a statement that she would resign."
    a = _only(nlp, text, "said")
    assert a.source_text == "The minister"
    assert text[a.content[0] : a.content[1]] == "that she would resign"


def test_a_relative_that_clause_is_not_what_was_said(nlp):
    found = find_attributions(nlp("The mayor spoke at a rally that drew thousands."))
    assert not [a for a in found if a.cue_text == "spoke"]


def test_asking_or_telling_someone_to_act_reports_the_request(nlp):
    text = "The auditors asked the council to publish its accounts."
    a = _only(nlp, text, "asked")
    assert a.source_text == "The auditors"
    assert text[a.content[0] : a.content[1]] == "to publish its accounts"


def test_saying_the_same_is_a_statement(nlp):
    text = "Most farmers backed the tariff, and half the grocers said the same."
    a = _only(nlp, text, "said")
    assert a.source_text == "half the grocers"

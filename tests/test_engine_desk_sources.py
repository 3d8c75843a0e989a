"""Who a claim rests on, the way a verification desk reads it (shared/eval/desk-claims rules).

Sentences are written for these tests, after the error classes found on real pages: actions
read as speech, the subject of reported content made a link, denied parties made sources,
quotations spanning sentences, named parties typed anonymous and the reverse.
"""

from __future__ import annotations

import pytest

from bot.analysis import SourceKind
from bot.article import Article
from bot.engine import analyse
from bot.engine.attribution import (
    chain_for,
    char_span_of,
    find_attributions,
    quotations,
    sentences,
)


def chains(nlp, text: str) -> list[list[tuple[str, str]]]:
    doc = nlp(text)
    sents = sentences(doc)
    found = find_attributions(doc, sents)
    quotes = quotations(doc.text)
    return [
        [(s.text, s.kind.value) for s in chain_for(found, i, char_span_of(list(s)), quotes)]
        for i, s in enumerate(sents)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Nissan is hoping a sleek redesign will pull in more buyers this year.",
        "The European Union's top court last week ruled that EU countries must label the goods.",
        "The researchers observed Europa for 17 nights from February 2016.",
        "Republican counsel Steve Castor asked Morrison about concerns within the NSC.",
        "The presenter repeatedly demanded how the prince could be so sure of the date.",
        "NASA also added smaller landers to the lunar contract on Monday.",
    ],
)
def test_actions_and_questions_give_no_speaker(nlp, text):
    assert chains(nlp, text)[0] == []


def test_the_subject_of_reported_content_is_no_inner_link(nlp):
    (chain,) = chains(nlp, "Pompeo said that Washington had concluded the settlements were legal.")
    assert [name for name, _ in chain] == ["Pompeo"]


def test_a_relayed_speech_act_is_an_inner_link(nlp):
    (chain,) = chains(
        nlp, "Sputnik reported that local sources said the base was being expanded."
    )
    assert [kind for _, kind in chain] == ["outlet", "anonymous"]


def test_a_party_that_is_denied_is_not_a_source_of_the_denial(nlp):
    (chain,) = chains(
        nlp, "The ministry denied claims that the opposition newspaper said troops had fired."
    )
    assert [name for name, _ in chain] == ["The ministry"]


def test_the_speaker_again_as_a_pronoun_is_one_party(nlp):
    (chain,) = chains(nlp, "Jeff Sanborn said he thought the campaign had failed badly.")
    assert [name for name, _ in chain] == ["Jeff Sanborn"]


def test_told_an_outlet_puts_the_outlet_first(nlp):
    (chain,) = chains(nlp, '"We make no apology for the rebuttal unit," Raab told the BBC.')
    assert chain[0] == ("the BBC", "outlet")
    assert chain[1][0] == "Raab"


def test_a_quotation_over_two_sentences_rests_on_its_speaker(nlp):
    text = (
        '"My wife and I went through every parent\'s worst nightmare. We lost the baby," '
        "Van Der Beek said."
    )
    first, second = chains(nlp, text)
    assert [name for name, _ in first] == ["Van Der Beek"]
    assert [name for name, _ in second] == ["Van Der Beek"]


def test_a_quotation_going_on_after_its_speaker_tag_rests_on_that_speaker(nlp):
    text = (
        '"There is a huge road ahead of us now," Torrey said. '
        '"A whole team of researchers is working on the data."'
    )
    _, second = chains(nlp, text)
    assert [name for name, _ in second] == ["Torrey"]


def test_a_bare_surname_given_in_full_earlier_is_a_person(nlp):
    text = "Kurt Volker testified on Tuesday. Volker said the call was not in line with policy."
    assert chains(nlp, text)[1] == [("Volker", "person")]


def test_a_spokesperson_for_a_named_body_is_that_body_on_the_record(nlp):
    text = "A spokesperson for the British Foreign Office said the settlements were illegal."
    assert chains(nlp, text)[0][0][1] == "organisation"


def test_a_spokesperson_who_asked_not_to_be_named_stays_anonymous(nlp):
    text = (
        "A spokesperson for the ministry, who asked not to be named, said the talks had failed."
    )
    assert chains(nlp, text)[0][0][1] == "anonymous"


def test_a_named_study_is_an_organisation_and_a_masthead_is_an_outlet(nlp):
    study, paper = chains(
        nlp,
        "According to the study, published in BMJ Case Reports, the man had been ill for months. "
        "The campaign cost the state roughly $449,000, according to the Sioux Falls Argus Leader.",
    )
    assert study[0][1] == "organisation"
    assert paper[0][1] == "outlet"


def test_nationality_words_before_unnamed_people_keep_them_anonymous(nlp):
    (chain,) = chains(nlp, "Israeli settlers said the policy change paved the way for annexation.")
    assert chain[0][1] == "anonymous"


def test_any_anonymous_link_makes_the_claim_anonymous_sourced(nlp):
    analysis = analyse(
        Article(text="Reuters reported that two people briefed on the talks said 40 trucks left."),
        nlp,
    )
    (claim,) = analysis.claims
    assert [s.kind for s in claim.sources] == [SourceKind.OUTLET, SourceKind.ANONYMOUS]
    assert claim.source_kind == SourceKind.ANONYMOUS


def test_ages_scores_and_codes_are_not_dates_or_figures(nlp):
    analysis = analyse(
        Article(
            text=(
                "The former star, 42, was voted off the show on Monday after a 7-5 loss. "
                "Brent crude futures CLc1 rose while the STOXX 600 index fell 2.3 percent "
                "on Friday."
            )
        ),
        nlp,
    )
    dates = {d for c in analysis.claims for d in c.dates}
    figures = {q for c in analysis.claims for q in c.quantities}
    assert "42" not in dates and "7-5" not in dates
    assert "600" not in figures and not any("CLc1" in f for f in figures)
    assert any("2.3 percent" in f for f in figures)


def test_protests_are_not_sent_to_satellite_imagery(nlp):
    analysis = analyse(
        Article(text="Thousands of protesters marched through Hong Kong on Sunday, police said."),
        nlp,
    )
    assert "satellite" not in " ".join(i.text for i in analysis.checklist)


def test_a_fact_checkers_name_before_a_colon_is_not_a_dateline(nlp):
    analysis = analyse(
        Article(text="PolitiFact: The senator is right that 53 million dollars cross each week."),
        nlp,
    )
    assert not any(item.startswith("dateline") for item in analysis.skipped)

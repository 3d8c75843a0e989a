"""Sentences that talk rather than claim stay off the list (bot/engine/talk.py)."""

from __future__ import annotations

import pytest

from bot.article import Article
from bot.engine import analyse
from bot.engine.talk import (
    belief,
    call_to_action,
    feeling,
    forecast,
    jest,
    judgement,
    no_comment,
    pointer,
)


def listed(nlp, text: str) -> list[str]:
    return [c.text for c in analyse(Article(text=text), nlp).claims]


def sentence(nlp, text: str):
    return next(iter(nlp(text).sents))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("“We pray for the full recovery of both men,” said Press Secretary Jane Doe.", "pray"),
        ("“We are profoundly relieved,” the minister said.", "relieved"),
        ("“I feared how its disclosure would play in Washington,” Morrison said.", "feared"),
        ("Morrison said, “We’re looking forward to the next round.”", "looking"),
    ],
)
def test_a_first_person_statement_of_feeling_is_found(nlp, text, word):
    assert feeling(sentence(nlp, text)) == word


@pytest.mark.parametrize(
    "text",
    [
        "He said he was relieved that the hostages had been freed.",  # third person: reported
        "We paid $2.4 billion for the port in 2023, the minister said.",
        "Officials feared the dam would break.",
    ],
)
def test_other_sentences_state_no_feeling(nlp, text):
    assert feeling(sentence(nlp, text)) == ""


def test_a_feeling_quote_is_not_listed_but_the_speakers_figure_is(nlp):
    texts = listed(
        nlp,
        "“We thank the Afghan government for its actions,” said White House Press Secretary "
        "Stephanie Grisham. Grisham said the United States paid $40 million to the Afghan "
        "government in 2019.",
    )
    assert not any("thank" in t for t in texts)
    assert any("$40 million" in t for t in texts)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("“This is our favorite kind of work to do,” Hege said.", "favorite"),
        ("Selling is difficult, but changing behavior is harder, Hege said.", "difficult"),
        ('"That was a big mistake," Smith told reporters.', "mistake"),
    ],
)
def test_a_judgement_with_nothing_to_look_up_is_not_listed(nlp, text, word):
    assert judgement(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


def test_a_judgement_that_names_what_it_rates_is_still_a_claim(nlp):
    text = "The 2019 budget of $40 million was a mistake, the Treasury said."
    assert judgement(sentence(nlp, text)) == "mistake"
    assert any("$40 million" in t for t in listed(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "The governor's office didn't immediately respond to The Hill's request for comment.",
        "He declined later to state when the lander would be ready.",
        "A spokesman did not return calls seeking comment.",
        "The company has not responded to questions.",
    ],
)
def test_no_comment_lines_in_their_common_forms(text):
    assert no_comment(text)


def test_a_promise_not_to_return_is_no_no_comment_line():
    assert not no_comment("Kabul ensured that the freed militants would not return to the front.")


def test_a_pointer_to_a_chart_is_not_a_claim(nlp):
    text = "Here's the most recent data on drug seizures from Customs and Border Protection."
    assert pointer(text)
    assert listed(nlp, text) == []
    assert not pointer("There are 14 providers here.")


# Issue 12: more kinds of talk the desk's definition of a non-claim names (opinion, feeling,
# prediction with no stated basis, rhetoric, call to action). Each kind has sentences that
# must leave the list and sentences like them that must stay on it.


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Heyward said that he is already looking forward to facing the Browns again.", "looking"),
        (
            "Both sides said they were hopeful the swap could lead to a breakthrough in the talks.",
            "hopeful",
        ),
    ],
)
def test_a_speakers_own_feeling_reported_in_the_third_person_is_not_listed(nlp, text, word):
    assert feeling(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("“It’s difficult to change people’s behaviours,” the director said.", "difficult"),
    ],
)
def test_a_judgement_with_a_contracted_be_is_not_listed(nlp, text, word):
    assert judgement(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("“I would expect more acquisitions like this,” Petrides said.", "expect"),
        ("“We see risks to all these points,” the brokerage said.", "see"),
        ("“I guess my first reaction was shock,” Hege said.", "guess"),
    ],
)
def test_a_first_person_belief_is_not_listed(nlp, text, word):
    assert belief(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "“I did not know others were conveying a different message,” Volker said.",
        "“We saw the need to accelerate the programme,” Clarke said.",
        "Officials think the dam will hold, the ministry said.",
    ],
)
def test_a_denied_past_or_third_person_belief_is_no_belief(nlp, text):
    assert belief(sentence(nlp, text)) == ""


def test_a_belief_around_a_figure_stays_listed(nlp):
    text = "“I think we lost 700,000 jobs in 2019,” the minister told parliament."
    assert belief(sentence(nlp, text)) == "think"
    assert listed(nlp, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("“If we were any higher, we’d be in orbit,” one user quipped.", "quipped"),
        ("“I almost died there,” Bublik said, jokingly.", "jokingly"),
    ],
)
def test_words_said_in_jest_are_not_listed(nlp, text, word):
    assert jest(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


def test_the_same_words_said_in_earnest_stay_listed(nlp):
    text = "“I almost died there,” Alexander Bublik said."
    assert jest(sentence(nlp, text)) == ""
    assert listed(nlp, text)


def test_a_bare_call_to_action_is_not_listed(nlp):
    text = "“Don't hide things like this,” one Weibo commenter said, per Feng."
    assert call_to_action(sentence(nlp, text)) == "hide"
    assert listed(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Remember that the ministry paid $40 million for the port in 2019.",
        "Let me say that the governor vetoed the bill twice.",
        "He said the president had cut the budget.",
    ],
)
def test_an_imperative_that_frames_a_statement_is_no_call_to_action(nlp, text):
    assert call_to_action(sentence(nlp, text)) == ""


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Analysts say it will further embolden the settlement movement.", "will"),
        ("Experts say the upside will be capped for the market.", "will"),
        ("Peace would allow for the eventual withdrawal of foreign troops.", "would"),
    ],
)
def test_a_forecast_nobody_named_stands_behind_is_not_listed(nlp, text, word):
    assert forecast(sentence(nlp, text)) == word
    assert listed(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Legere will hand over the reins to COO and president Mike Siever.",
        "Esper announced that the U.S. will provide Vietnam's coast guard with a ship.",
        "The central bank will cut rates by 0.5 percentage points in March, analysts said.",
    ],
)
def test_a_named_partys_plan_or_a_dated_forecast_stays_listed(nlp, text):
    assert listed(nlp, text)


def test_the_same_forecast_from_a_named_source_stays_listed(nlp):
    text = "Prime Minister Ivo Strand said the fishing fleet would recover."
    assert forecast(sentence(nlp, text)) == "would"
    assert listed(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The bill would give every coastal state its own port authority.",
        "It would have eliminated the scholarship programme for veterans.",
    ],
)
def test_what_a_bill_would_do_or_would_have_done_is_no_forecast(nlp, text):
    assert forecast(sentence(nlp, text)) == ""

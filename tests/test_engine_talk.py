"""Sentences that talk rather than claim stay off the list (bot/engine/talk.py)."""

from __future__ import annotations

import pytest

from bot.article import Article
from bot.engine import analyse
from bot.engine.talk import feeling, judgement, no_comment, pointer


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

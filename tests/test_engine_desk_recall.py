"""Sources the parse buries, found without guessing (desk-claims error classes, dev half).

Each case is a sentence written for the test after a class of misses on real pages: a
statement named by a noun, speech in a relative clause, a statement put out by its issuer,
"per X" and a closing "according to X", a parenthetical "as X reports", and an "as" clause
that is a time rather than a report. The counter-cases keep the rules from naming a speaker
where a desk would not.
"""

from __future__ import annotations

import pytest

from tests.test_engine_desk_sources import chains


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The elimination came in light of Van Der Beek's announcement that his wife had "
            "suffered a miscarriage.",
            [("Van Der Beek's", "person")],
        ),
        (
            "The confirmation comes despite a declaration by the health ministry that the risk "
            "was minimal.",
            [("the health ministry", "organisation")],
        ),
        (
            "The company published a blog post that said customers could now listen for free.",
            [("The company", "organisation")],
        ),
        (
            "The Electoral Commission issued a statement warning that voters are entitled to "
            "transparency.",
            [("The Electoral Commission", "organisation")],
        ),
        (
            "Ford will display an SUV, marking the start of an avalanche of vehicles that "
            "industry analysts say will boost sales.",
            [("industry analysts", "anonymous")],
        ),
        (
            "Yersinia pestis, per the WHO, is often found in small mammals.",
            [("the WHO", "organisation")],
        ),
        (
            "The couple was quarantined, and the health agency said it had traced contacts, "
            "according to a reporter of the New York Times.",
            [
                ("a reporter of the New York Times", "outlet"),
                ("the health agency", "organisation"),
            ],
        ),
        (
            "As Emily Feng reports for NPR, the first cases came to light last week.",
            [("Emily Feng", "outlet")],
        ),
        (
            "In the US, Volkswagen estimates that could be more like 300 miles.",
            [("Volkswagen", "organisation")],
        ),
    ],
)
def test_a_buried_statement_frames_a_sentence_nothing_else_frames(nlp, text, expected):
    assert chains(nlp, text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        # the object of a party's own act is that party's target, not its source
        "Smith mocked Jones's claim that the bridge was safe.",
        # a plan named by a noun rests on no one's word
        "NASA's announcement to expand the pool of bidders increased the total to 14.",
        # speech tied to a noun by "in which" is a backdrop
        "He was arrested for a call he made to the office, in which he said he would hurt her.",
        # rates, not citations
        "Tickets cost $5 per person.",
        "Shares rose 5 per cent, per a filing.",
    ],
)
def test_buried_speech_that_frames_nothing_gives_no_speaker(nlp, text):
    assert chains(nlp, text)[0] == []


def test_an_as_clause_with_an_object_is_a_time_not_a_report(nlp):
    (chain,) = chains(
        nlp, "Trump has claimed victory as the House concluded its third public hearing."
    )
    assert [name for name, _ in chain] == ["Trump"]


def test_framing_by_nouns_keeps_a_framing_verb_first(nlp):
    (chain,) = chains(nlp, "Officials said the report's finding that prices rose was wrong.")
    assert [name for name, _ in chain][:1] == ["Officials"]


def test_a_closing_according_to_holds_the_clause_the_parse_hung_it_in(nlp):
    (chain,) = chains(
        nlp,
        "The ailing couple was quarantined, and the Chinese Center for Disease Control and "
        "Prevention said it had conducted investigations on people who might have been "
        "exposed to the patients, according to Sui-Lee Wee of the New York Times.",
    )
    assert chain == [
        ("Sui-Lee Wee of the New York Times", "outlet"),
        ("the Chinese Center for Disease Control and Prevention", "organisation"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "beg" asks for an act in words, as "urge" does
        (
            'He begged lawmakers "not to lose sight of" the conflict in Ukraine.',
            [("He", "person")],
        ),
        # attributing a cause is a claim about it
        (
            "The analyst attributed the rally in bank stocks to the court's ruling.",
            [("The analyst", "anonymous")],
        ),
        # a one-person title
        (
            "In it, the British royal blankly denied having met the women.",
            [("the British royal", "person")],
        ),
    ],
)
def test_listed_verbs_and_titles_name_their_speaker(nlp, text, expected):
    assert chains(nlp, text)[0] == expected


def test_a_name_with_an_appositive_job_title_is_a_person(nlp):
    (chain,) = chains(
        nlp, "Ollo Vintry, president of Chapter & Verse, said the campaign was meant to shock."
    )
    assert [kind for _, kind in chain] == ["person"]


def test_a_surname_read_as_a_plural_noun_is_the_person_named_before(nlp):
    text = (
        "The deal could start a new trend, says John Petrides, portfolio manager at Tocqueville "
        'Asset Management. "I would expect more acquisitions like this," Petrides said.'
    )
    assert chains(nlp, text)[1] == [("Petrides", "person")]

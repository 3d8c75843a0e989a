"""Parsing thread follow-ups and matching free questions to claims."""

from __future__ import annotations

import pytest

from bot.desk.followup import (
    Ask,
    Malformed,
    Mark,
    Question,
    ShowClaim,
    Topic,
    answering_claims,
    parse_followup,
    starts_with_command,
)
from bot.status import Status
from tests.slack_samples import sample_analysis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("claim 3", ShowClaim(3)),
        ("Claim #12?", ShowClaim(12)),
        ("sources", Ask(Topic.SOURCES)),
        ("  anonymous", Ask(Topic.ANONYMOUS)),
        ("unattributed please", Ask(Topic.UNATTRIBUTED)),
        ("checklist", Ask(Topic.CHECKLIST)),
        ("outlet", Ask(Topic.OUTLET)),
        ("status", Ask(Topic.STATUS)),
        ("recheck", Ask(Topic.RECHECK)),
        ("export", Ask(Topic.EXPORT)),
        ("help", Ask(Topic.HELP)),
        ("", Ask(Topic.HELP)),
        ("mark 2 verified", Mark(2, Status.VERIFIED)),
        ("mark 3 false: AP says otherwise", Mark(3, Status.FALSE, "AP says otherwise")),
        ("Mark 1 as misleading old photo", Mark(1, Status.MISLEADING, "old photo")),
        ("mark 4 in-progress", Mark(4, Status.IN_PROGRESS)),
        ("mark 4 in progress calling them", Mark(4, Status.IN_PROGRESS, "calling them")),
        ("mark 5 unverified", Mark(5, Status.UNVERIFIED)),
        (
            "mark 2 maybe",
            Malformed("mark N verified|false|misleading|unverified|in-progress [note]"),
        ),
        (
            "mark two verified",
            Malformed("mark N verified|false|misleading|unverified|in-progress [note]"),
        ),
        ("claim x", Malformed("claim N  (for example: claim 3)")),
        ("who says there is a runway?", Question("who says there is a runway?")),
        (
            "sources for the runway claim, anyone?",
            Question("sources for the runway claim, anyone?"),
        ),
    ],
)
def test_parse(text: str, expected: object) -> None:
    assert parse_followup(text) == expected


def test_only_command_words_start_a_command() -> None:
    assert starts_with_command("claim 3")
    assert starts_with_command("Mark 2 verified")
    assert starts_with_command("export")
    assert not starts_with_command("I think claim 3 is wrong")
    assert not starts_with_command("lol")
    assert not starts_with_command("marked it")


def test_question_matches_the_claims_that_answer_it() -> None:
    analysis = sample_analysis()
    assert [c.number for c in answering_claims(analysis, "who says there is a runway?")] == [2]
    best = answering_claims(analysis, "what did local sources say about SDF fighters?")
    assert best[0].number == 3
    assert answering_claims(analysis, "billions of dollars?")[0].number == 4
    assert len(answering_claims(analysis, "base", limit=3)) <= 3


def test_question_nothing_answers() -> None:
    analysis = sample_analysis()
    assert answering_claims(analysis, "what is the weather in Paris tomorrow?") == ()
    assert answering_claims(analysis, "who?") == ()

"""The ranking: which sentences are listed, in what order, and why (bot/engine/ranking.py)."""

from __future__ import annotations

from bot.article import Article
from bot.engine import analyse
from bot.engine.ranking import FEATURES, Linear, Ranker, ranker


def test_the_shipped_weights_name_known_features_and_say_what_they_were_fitted_on():
    shipped = ranker()
    assert set(shipped.rank.weights) <= set(FEATURES)
    assert shipped.fitted_on["articles"] > 0
    assert "cross_validated" in shipped.fitted_on


def test_questions_and_no_comment_lines_are_never_listed(nlp):
    analysis = analyse(
        Article(
            text=(
                "Did the ministry spend $2.4 billion on the port in 2023? "
                "The ministry declined to comment on the 2023 contract worth $2.4 billion. "
                "Officials said the ministry spent $2.4 billion on the port in 2023."
            )
        ),
        nlp,
    )
    texts = [c.text for c in analysis.claims]
    assert any(t.startswith("Officials said") for t in texts)
    assert not any("?" in t or "declined" in t for t in texts)


def test_every_claim_says_why_including_the_wording_model(nlp):
    analysis = analyse(
        Article(text="Unemployment fell to 4.2 percent in March, the lowest rate since 2001."),
        nlp,
    )
    (claim,) = analysis.claims
    assert any(r.startswith("wording typical of checkable claims") for r in claim.reasons)
    assert any(r.startswith("quantity") for r in claim.reasons)


def test_weights_passed_in_replace_the_shipped_ones(nlp):
    text = "Two people briefed on the talks said 40 trucks crossed the border on Monday."
    urgent = Ranker(Linear(5.0, {}), Linear(-5.0, {"anonymous": 10.0}), 0.5, {})
    calm = Ranker(Linear(5.0, {}), Linear(-5.0, {}), 0.5, {})
    high = analyse(Article(text=text), nlp, weights=urgent).claims[0].score
    low = analyse(Article(text=text), nlp, weights=calm).claims[0].score
    assert high > 0.9 > 0.1 > low


def test_observe_sees_every_sentence_listed_or_not(nlp):
    seen: list[str] = []
    analyse(
        Article(text="What a day. Officials said 40 trucks crossed the border on Monday."),
        nlp,
        observe=lambda sent, assessment: seen.append(sent.text.strip()),
    )
    assert seen == ["What a day.", "Officials said 40 trucks crossed the border on Monday."]


def test_a_dated_event_in_checkable_wording_is_listed_the_same_in_talk_wording_is_not(nlp):
    """A date and an action alone (0.2) fall short of the rules' bar of 0.3; wording the
    factuality model reads as a checkable claim makes up the difference."""
    signed, blocked = (
        analyse(Article(text=text), nlp).claims
        for text in (
            "The president signed the tax bill on Friday.",
            "Protesters blocked the main border crossing on Friday.",
        )
    )
    assert [c.text for c in signed] == ["The president signed the tax bill on Friday."]
    assert list(blocked) == []
    unlisted = Ranker(
        Linear(ranker().include.bias, {**ranker().include.weights, "checkable": 0.0}),
        ranker().rank, ranker().threshold, {},
    )
    text = "The president signed the tax bill on Friday."
    assert analyse(Article(text=text), nlp, weights=unlisted).claims == ()

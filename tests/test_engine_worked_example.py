"""The worked example of DESIGN.md: the first pass a desk expects on a state-media relay."""

from __future__ import annotations

import pytest

from bot.analysis import Analysis, ClaimType, SourceKind
from bot.article import Article
from bot.engine import analyse
from tests.engine_helpers import WORKED_EXAMPLE, checklist_text, claim_with, no_claim_with


@pytest.fixture(scope="module")
def analysis(nlp) -> Analysis:
    if not WORKED_EXAMPLE.exists():
        pytest.fail(f"the worked example is missing: {WORKED_EXAMPLE}")
    return analyse(Article(text=WORKED_EXAMPLE.read_text("utf-8")), nlp)


def test_publisher_is_iran_press_and_state_affiliated(analysis):
    assert analysis.article.outlet is not None
    assert analysis.article.outlet.name == "Iran Press"
    assert analysis.article.outlet.state_affiliated


def test_base_claim_relays_sputnik_as_a_state_outlet(analysis):
    claim = claim_with(analysis, "al-Baghuz")
    (source,) = claim.sources
    assert source.kind == SourceKind.OUTLET
    assert source.outlet is not None and source.outlet.id == "sputnik"
    assert source.outlet.state_affiliated
    assert "al-Baghuz" in claim.places
    assert any("relays" in r for r in claim.reasons)


def test_runway_claim_is_according_to_sputnik(analysis):
    claim = claim_with(analysis, "runway")
    assert [s.kind for s in claim.sources] == [SourceKind.OUTLET]
    assert claim.sources[0].cue.lower() == "according to"


def test_local_sources_are_anonymous(analysis):
    claim = claim_with(analysis, "local sources")
    assert claim.source_kind == SourceKind.ANONYMOUS
    assert "Monday" in claim.dates


def test_reportedly_is_a_hedge_with_no_source(analysis):
    claim = claim_with(analysis, "billions of dollars")
    assert claim.sources == ()
    assert "reportedly" in claim.hedges
    assert claim.type == ClaimType.QUANTITY
    assert "terrorists" in claim.loaded


@pytest.mark.parametrize("words", [("smuggled",), ("Trump",), ("2011",)])
def test_unattributed_claims(analysis, words):
    assert claim_with(analysis, *words).sources == ()


def test_trump_claim_is_about_his_words(analysis):
    claim = claim_with(analysis, "Trump")
    assert claim.type == ClaimType.QUOTE


def test_syrian_officials_are_a_vague_official_source(analysis):
    claim = claim_with(analysis, "Syrian officials")
    assert claim.source_kind == SourceKind.ANONYMOUS


def test_loaded_words_are_flagged_with_the_words(analysis):
    smuggling = claim_with(analysis, "smuggled")
    assert {"smuggled", "illegal", "steal"} <= {w.lower() for w in smuggling.loaded}
    crisis = claim_with(analysis, "2011")
    assert "regime" in {w.lower() for w in crisis.loaded}


def test_dateline_and_read_more_block_are_not_claims(analysis):
    assert no_claim_with(analysis, "Iran PressMiddle East")
    assert no_claim_with(analysis, "Read More")
    assert no_claim_with(analysis, "wealth of nations")
    assert no_claim_with(analysis, "tests of time")
    kinds = {item.split(":", 1)[0] for item in analysis.skipped}
    assert {"dateline", "boilerplate", "related link"} <= kinds


def test_checklist_names_the_checks_a_desk_would_write(analysis):
    text = checklist_text(analysis)
    assert "Geolocate al-Baghuz" in text
    assert "satellite imagery" in text
    assert "Sputnik's original report" in text
    assert "original words of Donald Trump" in text
    assert "not a re-report of Sputnik" in text
    assert "local sources" in text


def test_checklist_puts_article_items_first_and_has_no_duplicates(analysis):
    texts = [item.text for item in analysis.checklist]
    assert len(texts) == len(set(texts))
    first_claim_item = next(i for i, item in enumerate(analysis.checklist) if item.claims)
    assert all(not item.claims for item in analysis.checklist[:first_claim_item])
    assert first_claim_item >= 1


def test_claims_are_ranked_by_score(analysis):
    scores = [c.score for c in analysis.claims]
    assert scores == sorted(scores, reverse=True)
    assert [c.number for c in analysis.claims] == list(range(1, len(scores) + 1))
    assert all(c.reasons for c in analysis.claims)


def test_json_round_trip(analysis):
    import json

    again = Analysis.from_dict(json.loads(json.dumps(analysis.to_dict())))
    assert again == analysis


def test_a_paste_without_headline_is_named_by_its_first_words(analysis):
    from bot.render.wording import display_title

    assert analysis.article.title == ""
    assert display_title(analysis.article).startswith("News sources reported on Monday")
    assert display_title(analysis.article).endswith("…")


def test_right_of_reply_asks_a_body_that_can_answer(analysis):
    assert "Ask the US military for comment" in checklist_text(analysis)


def test_a_quoted_name_is_not_a_direct_quote(analysis):
    claim = claim_with(analysis, "local sources")
    assert not any("direct quote" in r for r in claim.reasons)

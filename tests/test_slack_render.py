"""Block Kit rendering: limits, escaping of article text, the shape of the first answer."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.analysis import Analysis, ChecklistItem
from bot.render import blocks as rb
from bot.render import kit
from bot.status import ClaimStatus, Status, StatusChange
from tests.slack_samples import sample_analysis

HOSTILE = " <!channel> <https://evil.example|bank.com> & <@U0BOSS>"


def mark(status: str, who: str, note: str) -> ClaimStatus:
    change = StatusChange(Status(status), who, "2025-01-01T00:00:00+00:00", note)
    return ClaimStatus("fp", (change,))


def assert_within_limits(message: kit.Message) -> None:
    blocks = message.block_dicts()
    assert message.text
    assert len(blocks) <= kit.MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= kit.MAX_SECTION
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= kit.MAX_HEADER
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= kit.MAX_CONTEXT_ELEMENTS


def test_first_answer_has_summary_top_claims_and_article_checklist() -> None:
    message = rb.analysis_message(sample_analysis())
    assert_within_limits(message)
    blocks = message.block_dicts()
    assert blocks[0]["type"] == "header"
    dumped = json.dumps(blocks)
    assert "Iran Press" in dumped and "state-affiliated" in dumped
    assert "4* claims" in dumped and "2 named outlet" in dumped and "1 anonymous" in dumped
    assert "*Hedged:* reportedly" in dumped and "*Loaded:* terrorists" in dumped
    assert "Find Sputnik's original report." in dumped
    assert "Article checklist" in dumped and "Ask the US-led coalition" in dumped
    assert message.text.startswith("Claims check: US building")


def test_at_most_eight_claims_and_a_pointer_to_the_rest() -> None:
    message = rb.analysis_message(sample_analysis(claims=30))
    dumped = json.dumps(message.block_dicts())
    assert "*8.*" in dumped and "*9.*" not in dumped
    assert "22 more claims" in dumped and "`claim 9`" in dumped


def test_huge_analysis_stays_within_block_kit_limits() -> None:
    analysis = sample_analysis(claims=40, text_suffix=" word" * 2000)
    long_items = tuple(ChecklistItem("check " + "x" * 900, "r", ()) for _ in range(120))
    analysis = replace(analysis, checklist=analysis.checklist + long_items, notices=("n",) * 30)
    for message in (
        rb.analysis_message(analysis),
        rb.checklist_message(analysis),
        rb.claim_message(analysis, 1, {}),
        rb.sources_message(analysis),
        rb.status_message(analysis, {}),
        rb.export_message("# Export\n" + ("line of markdown & <b>\n" * 3000)),
    ):
        assert_within_limits(message)


def test_article_text_cannot_ping_or_forge_links() -> None:
    analysis = sample_analysis(text_suffix=HOSTILE)
    statuses = {analysis.claims[0].fingerprint: mark("false", "U0JOURNO1", "see <!here> <@U0BOSS>")}
    messages = [
        rb.analysis_message(analysis, statuses),
        rb.claim_message(analysis, 1, statuses),
        rb.question_message(analysis, "who <!everyone>?", analysis.claims[:1], statuses),
        rb.question_message(analysis, "who <!everyone>?", (), statuses),
        rb.export_message("text" + HOSTILE),
        rb.error_message("bad <!channel>"),
    ]
    for message in messages:
        dumped = json.dumps(message.block_dicts()) + message.text
        for raw in ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "<@U0BOSS>"):
            assert raw not in dumped
    dumped = json.dumps(messages[0].block_dicts())
    assert "&lt;!channel&gt;" in dumped and "&lt;https://evil.example|bank.com&gt;" in dumped
    assert "&amp;" in dumped


def test_clip_never_splits_an_entity() -> None:
    text = kit.escape("a" * 10 + "<<<<")
    for limit in range(5, len(text)):
        clipped = kit.clip(text, limit)
        assert len(clipped) <= limit
        assert not clipped.rstrip("…").endswith(("&", "&l", "&lt"))


def test_marks_are_shown_with_the_claim() -> None:
    analysis = sample_analysis()
    statuses = {analysis.claims[2].fingerprint: mark("verified", "U0JOURNO1", "confirmed by AP")}
    dumped = json.dumps(rb.claim_message(analysis, 3, statuses).block_dicts())
    assert "*Status:* verified by <@U0JOURNO1>: confirmed by AP" in dumped
    status = rb.status_message(analysis, statuses)
    assert status.text == "Status: 1 of 4 claims marked"


def test_follow_up_views() -> None:
    analysis: Analysis = sample_analysis()
    assert "no claim 9" in rb.claim_message(analysis, 9, {}).text
    sources = json.dumps(rb.sources_message(analysis).block_dicts())
    assert "claims 1, 2" in sources and "_no source given_: claims 4" in sources
    outlet = json.dumps(rb.outlet_message(analysis).block_dicts())
    assert "Iran Press" in outlet and "*Relays:* *Sputnik*" in outlet
    assert "Nothing in this article answers" in rb.question_message(analysis, "q", (), {}).text

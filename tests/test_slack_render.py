"""Block Kit rendering: limits, escaping of article text, the shape of the first answer."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from bot.analysis import Analysis, ChecklistItem, Source, SourceKind
from bot.records import Match
from bot.render import blocks as rb
from bot.render import kit
from bot.render.claimlist import PAGE, claims_page
from bot.render.export import to_csv
from bot.render.first import FIRST_MAX_BLOCKS, FIRST_MAX_CHARS, first_answer
from bot.render.kit import text_chars
from bot.status import ClaimStatus, Status, StatusChange
from tests.slack_samples import SPUTNIK, sample_analysis

HOSTILE = " <!channel> <https://evil.example|bank.com> & <@U0BOSS>"


def hostile_matches(text: str = HOSTILE) -> tuple[Match, ...]:
    """An imported fact-check and a desk claim whose every field tries to ping or forge."""
    factcheck = Match(
        "factcheck:1", "factcheck", "checked" + text * 20, 0.9, source="Org" + text * 10,
        date="2024-01-02", verdict="False" + text * 10, url="https://x.example/" + text * 10,
        close=True,
    )
    desk = Match(
        "claim:2", "desk", "said" + text * 20, 0.8, source="Outlet" + text, date="2023-05-06",
        verdict="false", who="U0JOURNO1", title="Title" + text * 30, close=True,
    )
    return factcheck, desk


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


def test_first_answer_has_verdict_counts_top_three_and_buttons() -> None:
    message = first_answer(sample_analysis())
    assert_within_limits(message)
    blocks = message.block_dicts()
    assert blocks[0]["type"] == "header"
    dumped = json.dumps(blocks)
    assert "*Iran Press* (IR) :warning: state-affiliated" in dumped
    assert "*4 claims*: 2 named outlet" in dumped and "1 anonymous" in dumped
    assert "*3.*" in dumped and "*4.*" not in dumped
    assert "Find Sputnik's original report." in dumped
    assert "Machine-made" in dumped
    assert message.text.startswith("Claims check: US building")


def test_first_answer_says_genre_and_wire_copy() -> None:
    analysis = sample_analysis()
    article = replace(analysis.article, genre="opinion", wire=SPUTNIK)
    dumped = json.dumps(first_answer(replace(analysis, article=article)).block_dicts())
    assert "opinion" in dumped and "wire copy from Sputnik" in dumped


def test_first_answer_warns_when_a_page_calls_itself_a_registry_outlet() -> None:
    analysis = sample_analysis()
    article = replace(
        analysis.article, outlet=None, publisher_basis="impersonated", self_named="Reuters"
    )
    dumped = json.dumps(first_answer(replace(analysis, article=article)).block_dicts())
    assert "calls itself *Reuters*" in dumped


@pytest.mark.parametrize("claims", [0, 1, 3, 40, 400])
def test_first_answer_fits_one_screen_for_any_article(claims: int) -> None:
    hostile = HOSTILE * 40 + " word" * 3000
    analysis = sample_analysis(claims=max(claims, 1), text_suffix=hostile)
    long_items = tuple(
        ChecklistItem("check " + hostile, "r", (n,)) for n in range(1, min(claims, 50) + 1)
    )
    analysis = replace(
        analysis,
        claims=analysis.claims[:claims],
        checklist=analysis.checklist + long_items,
        notices=("n" * 500,) * 30,
    )
    long_source = Source("official " * 200 + HOSTILE, SourceKind.PERSON, outlet=SPUTNIK)
    claims_with_chain = tuple(
        replace(c, sources=(long_source, *c.sources, long_source)) for c in analysis.claims
    )
    analysis = replace(analysis, claims=claims_with_chain)
    statuses = {
        c.fingerprint: mark("false", "U0JOURNO1", "note " * 300) for c in analysis.claims[:3]
    }
    seen = {c.fingerprint: hostile_matches() for c in analysis.claims}
    for cached, with_seen in ((False, False), (True, False), (False, True), (True, True)):
        message = first_answer(analysis, statuses, cached=cached, seen=seen if with_seen else None)
        blocks = message.block_dicts()
        assert len(blocks) <= FIRST_MAX_BLOCKS
        assert text_chars(blocks) <= FIRST_MAX_CHARS, text_chars(blocks)
        assert_within_limits(message)
        dumped = json.dumps(blocks)
        for raw in ("<!channel>", "<https://evil", "<@U0BOSS>"):
            assert raw not in dumped
        assert (":repeat: seen before" in dumped) == (with_seen and claims > 0)


def test_claim_list_has_a_menu_per_claim_and_pages() -> None:
    analysis = sample_analysis(claims=40)
    page = claims_page(analysis, {})
    blocks = page.block_dicts()
    assert len(blocks) <= kit.MAX_BLOCKS
    menus = [b["accessory"] for b in blocks if b.get("accessory")]
    assert len(menus) == PAGE
    values = [o["value"] for m in menus for g in m["option_groups"] for o in g["options"]]
    assert all(len(v) <= kit.MAX_OPTION_VALUE for v in values)
    assert blocks[-1]["elements"][0]["action_id"] == "claimdesk.more_claims"
    last = claims_page(analysis, {}, 30).block_dicts()
    assert last[0]["text"]["text"] == "Claims 31-40 of 40"
    assert not any(b["type"] == "actions" for b in last)


def test_csv_export_neutralises_formulas() -> None:
    analysis = sample_analysis(text_suffix=" =cmd|' /C calc'!A0")
    injected = replace(analysis.claims[0], text='=HYPERLINK("http://evil")')
    analysis = replace(analysis, claims=(injected, *analysis.claims[1:]))
    table = to_csv(analysis, {injected.fingerprint: mark("false", "U0X", "@SUM(1)")})
    rows = list(csv.DictReader(io.StringIO(table)))
    assert rows[0]["claim"].startswith("'=") and rows[0]["note"] == "'@SUM(1)"
    assert rows[0]["status"] == "false" and rows[1]["status"] == "unverified"


def test_huge_analysis_stays_within_block_kit_limits() -> None:
    analysis = sample_analysis(claims=40, text_suffix=" word" * 2000)
    long_items = tuple(ChecklistItem("check " + "x" * 900, "r", ()) for _ in range(120))
    analysis = replace(analysis, checklist=analysis.checklist + long_items, notices=("n",) * 30)
    for message in (
        first_answer(analysis),
        claims_page(analysis, {}),
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
        first_answer(analysis, statuses),
        claims_page(analysis, statuses),
        rb.change_line(analysis.claims[0], statuses[analysis.claims[0].fingerprint].current),
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
    dumped = json.dumps(messages[1].block_dicts())
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
    names = {"U0JOURNO1": "Ana Lima"}
    dumped = json.dumps(rb.claim_message(analysis, 3, statuses, names=names).block_dicts())
    assert "*Status:* verified by Ana Lima: confirmed by AP" in dumped
    unnamed = json.dumps(rb.claim_message(analysis, 3, statuses).block_dicts())
    assert "*Status:* verified by someone on the desk: confirmed by AP" in unnamed
    status = rb.status_message(analysis, statuses, names=names)
    assert status.text == "Status: 1 of 4 claims marked"
    assert "*3.* verified by Ana Lima" in json.dumps(status.block_dicts())
    assert "<@" not in dumped + unnamed + json.dumps(status.block_dicts())


def test_follow_up_views() -> None:
    analysis: Analysis = sample_analysis()
    assert "no claim 9" in rb.claim_message(analysis, 9, {}).text
    sources = json.dumps(rb.sources_message(analysis).block_dicts())
    assert "claims 1, 2" in sources and "_no source given_: claims 4" in sources
    outlet = json.dumps(rb.outlet_message(analysis).block_dicts())
    assert "Iran Press" in outlet and "*Relays:* *Sputnik*" in outlet
    assert "Nothing in this article answers" in rb.question_message(analysis, "q", (), {}).text

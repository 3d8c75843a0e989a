"""Seen before in Slack: the marker in the first answer, the lines and their "Not the same
claim" buttons in the full list, the judgement kept and honoured, a desk mark carried over as a
suggestion only, and another team's private conversation never shown. Rendering on its own
first, then through the bot's real HTTP endpoint with signed payloads and the Web API stand-in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.analysis import Analysis
from bot.desk import Where
from bot.records import FactCheck, Match, Records
from bot.records.importer import import_factchecks
from bot.render import actions as ids
from bot.render import kit
from bot.render.blocks import status_message
from bot.render.claimlist import PAGE, claims_page
from bot.render.first import FIRST_MAX_BLOCKS, FIRST_MAX_CHARS, first_answer
from bot.render.seen import MARKER, NOT_SAME_LABEL, seen_text
from bot.render.wording import shown_matches
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import app_mention, block_actions, button_action, message, sample_analysis
from tests.test_slack_render import HOSTILE, assert_within_limits, hostile_matches

CHANNEL = "C0NEWSDESK"
TEAM = "T0CLAIMS1"
JOURNO = "U0JOURNO1"
MENTION = f"<@{BOT_USER_ID}>"
FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"

OWLS = "Snow owls were seen nesting in Dunmore Park in July, the park warden said on Monday."
LIBRARY = (
    "The Dunmore library will close every Sunday from September, according to a council notice."
)
BUDGET = "Local officials reportedly said the budget was cut by $2 million."
ARTICLE = f"{OWLS} {LIBRARY} {BUDGET}"
EARLIER = f"{BUDGET} The Dunmore bridge stayed closed for 40 days last spring, the council said."
LATER = f"{BUDGET} The mayor said on Friday that 300 trees were planted along the Dunmore road."


def test_claim_list_shows_two_lines_per_claim_each_with_its_button() -> None:
    analysis = sample_analysis(claims=40)
    matches = (*hostile_matches(), Match("factcheck:3", "factcheck", "third", 0.5, close=True))
    seen = {c.fingerprint: matches for c in analysis.claims}
    page = claims_page(analysis, {}, seen=seen)
    assert_within_limits(page)
    blocks = page.block_dicts()
    buttons = [
        b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == ids.NOT_SAME
    ]
    assert len(buttons) == 2 * PAGE
    assert {b["text"]["text"] for b in buttons} == {NOT_SAME_LABEL}
    assert blocks[-1]["elements"][0]["action_id"] == ids.MORE_CLAIMS
    first = ids.NotSame.decode(buttons[0]["value"])
    assert first == ids.NotSame(
        first.ref, 1, analysis.claims[0].fingerprint, "factcheck:1"
    )
    assert all(len(b["value"]) < 200 and "<" not in b["value"] for b in buttons)
    dumped = json.dumps(blocks)
    for raw in ("<!channel>", "<https://evil", "<@U0BOSS>"):
        assert raw not in dumped
    assert "&lt;!channel&gt;" in dumped and "factcheck:3" not in dumped
    assert "Seen before: fact-checked by Org" in dumped
    assert "marked false by someone on the desk" in dumped and "<@U0JOURNO1>" not in dumped
    named = claims_page(analysis, {}, seen=seen, names={"U0JOURNO1": "Ana"})
    assert "marked false by Ana" in json.dumps(named.block_dicts())


def test_seen_text_keeps_the_wording_and_escapes_every_field() -> None:
    factcheck, desk = hostile_matches(" <!here>")
    start = ":repeat: Seen before: fact-checked by Org &lt;!here&gt;"
    assert seen_text(factcheck).startswith(start)
    assert seen_text(desk).endswith(", marked false by someone on the desk")
    assert seen_text(desk, names={"U0JOURNO1": "Ana <!here>"}).endswith(
        ", marked false by Ana &lt;!here&gt;"
    )
    by_name = Match(
        "claim:9", "desk", "t", 0.5, title="Old <!here>", verdict="false", who="Ana", close=True
    )
    assert seen_text(by_name) == ":repeat: Also in Old &lt;!here&gt;, marked false by Ana"
    unmarked = Match(
        "claim:9", "desk", "t", 0.5, title="Old", verdict="unverified", who="U0X1", close=True
    )
    assert seen_text(unmarked) == ":repeat: Also in Old"


def test_a_related_match_quotes_what_was_checked_and_stays_out_of_the_summaries() -> None:
    """A match on the subject only is no "Seen before": its line says so and quotes the claim
    checked (escaped, cut), and it earns neither the first answer's marker nor a status line."""
    analysis = sample_analysis()
    claim = analysis.claims[0]
    related = Match(
        "factcheck:7", "factcheck", "A photo shows the port" + HOSTILE * 20, 0.4,
        source="Org", date="2024-01-02", verdict="False", url="https://x.example/7",
    )
    line = seen_text(related)
    assert line.startswith(":repeat: Related, not clearly the same claim: Org checked “A photo")
    assert "&lt;!channel&gt;" in line and "<!channel>" not in line
    assert "…” on 2024-01-02: False (https://x.example/7)" in line
    seen = {claim.fingerprint: (related,)}
    assert MARKER not in json.dumps(first_answer(analysis, seen=seen).block_dicts())
    assert "Related" not in json.dumps(status_message(analysis, {}, seen=seen).block_dicts())
    page = json.dumps(claims_page(analysis, {}, seen=seen).block_dicts())
    assert "Related, not clearly the same claim" in page and NOT_SAME_LABEL in page
    close = {claim.fingerprint: (related, replace(related, item_id="factcheck:8", close=True))}
    assert MARKER in json.dumps(first_answer(analysis, seen=close).block_dicts())
    status = json.dumps(status_message(analysis, {}, seen=close).block_dicts())
    assert "Seen before: fact-checked by Org" in status and "Related" not in status
    desk = Match(
        "claim:5", "desk", "The budget was cut by $2 million.", 0.2, source="Outlet",
        date="2024-01-01", verdict="false", who="Ana", title="Old story",
    )
    assert seen_text(desk) == (
        ":repeat: Related, not clearly the same claim: “The budget was cut by $2 million.” in"
        " Old story (Outlet, 2024-01-01), marked false by Ana"
    )


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def records_of(bot: Bot) -> Records:
    memory = bot.services.desk.memory
    assert memory is not None
    return memory.records


def with_factchecks(bot: Bot) -> Records:
    """The ClaimReview fixtures, and one fact-check whose every field is hostile."""
    records = records_of(bot)
    report = import_factchecks(str(FIXTURES / "items.jsonl"), records)
    assert report.added == 2
    hostile = FactCheck(
        claim="Local officials said the budget was cut by $2 million.",
        url="https://evil.example/<https://bank.example|bank>",
        headline="Budget" + HOSTILE,
        rating="False" + HOSTILE,
        organisation="Evil Desk" + HOSTILE,
        published="2024-02-03",
    )
    records.upsert_factchecks([hostile])
    return records


def posted(bot: Bot, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    return [m for m in bot.stub.state.messages[channel] if m.get("thread_ts") == thread_ts]


def check(bot: Bot, ts: str, text: str, *, channel: str = CHANNEL, team: str = TEAM) -> dict:
    bot.event(app_mention(f"{MENTION} {text}", ts=ts, channel=channel, team=team))
    [first] = bot.wait_reply(channel, ts)
    return first


def buttons_of(blocks: list[dict[str, Any]], action_id: str) -> list[tuple[str, str]]:
    """(section text, value) of every accessory button with `action_id`."""
    return [
        (b["text"]["text"], b["accessory"]["value"])
        for b in blocks
        if (b.get("accessory") or {}).get("action_id") == action_id
    ]


def seen_of(blocks: list[dict[str, Any]], number: int) -> str:
    """The "seen before" lines under claim `number` in a full list (each in its own section);
    a fact-check judged not the same claim for one claim may still be related to another."""
    return "\n".join(
        b["text"]["text"] for b in blocks if b.get("block_id", "").startswith(f"seen:{number}:")
    )


def all_claims(bot: Bot, ts: str, first: dict[str, Any], count: int) -> tuple[str, list]:
    """Press "All N claims" under the first answer: the list is the `count`th reply."""
    value = next(
        e["value"]
        for b in first["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.ALL_CLAIMS
    )
    click = block_actions(
        button_action(ids.ALL_CLAIMS, value),
        message_ts=str(posted(bot, CHANNEL, ts)[0]["ts"]),
        thread_ts=ts,
    )
    assert bot.interaction(click).status_code == 200
    replies = bot.wait_reply(CHANNEL, ts, count=count)
    return str(posted(bot, CHANNEL, ts)[count - 1]["ts"]), replies[count - 1]["blocks"]


def analysis_in(bot: Bot, channel: str, ts: str) -> Analysis:
    analysis = bot.services.desk.thread_analysis(channel, ts)
    assert analysis is not None
    return analysis


def wait_indexed(records: Records, text: str, where: Where, timeout: float = 20) -> None:
    """Claims are indexed after the reply is out: wait until `text` is findable from `where`."""
    from bot.desk.seen import scope_of

    deadline = time.monotonic() + timeout
    while not records.find_matches(text, scope_of(where), exclude_analysis="none"):
        assert time.monotonic() < deadline, f"{text!r} never indexed"
        time.sleep(0.05)


def test_a_fact_checked_claim_is_marked_listed_and_can_be_judged_not_the_same(bot: Bot) -> None:
    records = with_factchecks(bot)
    ts = "1700300000.000100"
    first = check(bot, ts, ARTICLE)
    first_blocks = first["blocks"]
    dumped = json.dumps(first_blocks)
    assert MARKER in dumped
    assert len(first_blocks) <= FIRST_MAX_BLOCKS
    assert kit.text_chars(first_blocks) <= FIRST_MAX_CHARS
    assert "Seen before" not in dumped

    list_ts, blocks = all_claims(bot, ts, first, 2)
    listed = json.dumps(blocks)
    assert "Seen before: fact-checked by Checks Example on 2023-08-01: Unproven" in listed
    assert "Seen before: fact-checked by Checks Example on 2023-08-15: True" in listed
    assert "Evil Desk &lt;!channel&gt;" in listed
    for raw in ("<!channel>", "<https://evil", "<https://bank", "<@U0BOSS>"):
        assert raw not in listed
    lines = buttons_of(blocks, ids.NOT_SAME)
    assert all(len(value) <= kit.MAX_VALUE and "Dunmore" not in value for _, value in lines)
    _, owls_value = next(line for line in lines if "2023-08-01" in line[0])
    judged = ids.NotSame.decode(owls_value)
    assert judged is not None and judged.item_id.startswith("factcheck:")
    assert "2023-08-01" in seen_of(blocks, judged.number)

    click = block_actions(button_action(ids.NOT_SAME, owls_value), message_ts=list_ts, thread_ts=ts)
    assert bot.interaction(click).status_code == 200
    [update] = bot.stub.wait_for("chat.update", lambda c: c.body.get("ts") == list_ts)
    updated = json.dumps(update.body["blocks"])
    assert "2023-08-01" not in seen_of(update.body["blocks"], judged.number)
    assert "Seen before: fact-checked by Checks Example on 2023-08-01" not in updated
    assert "2023-08-15" in updated
    [said] = bot.stub.wait_for("chat.postEphemeral")
    assert said.body["user"] == JOURNO and "won't suggest" in said.body["text"]
    assert len(posted(bot, CHANNEL, ts)) == 2
    [kept] = records.not_same(TEAM)
    owls = analysis_in(bot, CHANNEL, ts).claim(judged.number)
    assert owls is not None and owls.text == OWLS
    assert (kept.fingerprint, kept.item_id, kept.who) == (owls.fingerprint, judged.item_id, JOURNO)
    assert kept.claim_text == OWLS

    _, again = all_claims(bot, ts, first, 3)
    assert "2023-08-01" not in seen_of(again, judged.number)
    assert "2023-08-15" in json.dumps(again)
    assert records.not_same("T0ELSEWHERE") == []


def test_a_desk_mark_carries_over_as_a_suggestion_only(bot: Bot) -> None:
    bot.stub.state.users[JOURNO] = {"id": JOURNO, "profile": {"display_name": "Ana Lima"}}
    records = records_of(bot)
    earlier_ts, later_ts = "1700300100.000100", "1700300200.000100"
    check(bot, earlier_ts, EARLIER)
    earlier = analysis_in(bot, CHANNEL, earlier_ts)
    number = next(c.number for c in earlier.claims if c.text == BUDGET)
    bot.event(message(f"mark {number} false", ts="1700300100.000200", thread_ts=earlier_ts))
    bot.wait_reply(CHANNEL, earlier_ts, count=2)
    wait_indexed(records, BUDGET, Where(TEAM, JOURNO, CHANNEL))

    first = check(bot, later_ts, LATER)
    assert MARKER in json.dumps(first["blocks"])
    later = analysis_in(bot, CHANNEL, later_ts)
    assert bot.services.desk.statuses(later, Where(TEAM, JOURNO, CHANNEL, later_ts)) == {}
    assert "*false*" not in json.dumps(first["blocks"])
    _, blocks = all_claims(bot, later_ts, first, 2)
    [(line, _)] = buttons_of(blocks, ids.NOT_SAME)
    assert line.startswith(":repeat: Also in ") and line.endswith("marked false by Ana Lima")
    assert "*Status:*" not in json.dumps(blocks)


def test_another_teams_private_conversation_never_shows(bot: Bot) -> None:
    records = records_of(bot)
    other, secret = "T0OTHERTEAM", "G0SECRET01"
    check(bot, "1700300300.000100", EARLIER, channel=secret, team=other)
    earlier = analysis_in(bot, secret, "1700300300.000100")
    number = next(c.number for c in earlier.claims if c.text == BUDGET)
    bot.event(
        message(
            f"mark {number} false",
            ts="1700300300.000200",
            thread_ts="1700300300.000100",
            channel=secret,
            channel_type="group",
            team=other,
        )
    )
    bot.wait_reply(secret, "1700300300.000100", count=2)
    wait_indexed(records, BUDGET, Where(other, "", secret, private=True))

    ts = "1700300400.000100"
    first = check(bot, ts, LATER)
    assert MARKER not in json.dumps(first["blocks"])
    _, blocks = all_claims(bot, ts, first, 2)
    assert buttons_of(blocks, ids.NOT_SAME) == []
    assert "Also in" not in json.dumps(blocks)

    control = check(bot, "1700300500.000100", LATER, channel=secret, team=other)
    assert MARKER in json.dumps(control["blocks"])


def test_a_claim_shows_at_most_one_related_line_beside_its_seen_before_lines() -> None:
    def match(n: int, close: bool) -> Match:
        return Match(f"factcheck:{n}", "factcheck", f"claim {n}", 0.5, source="Org", close=close)

    related, also_related = match(1, False), match(2, False)
    same, also_same = match(3, True), match(4, True)
    assert shown_matches([related, also_related, same]) == (related, same)
    assert shown_matches([same, related, also_same]) == (same, related)
    assert shown_matches([same, also_same, related]) == (same, also_same)
    assert shown_matches([related, also_related]) == (related,)

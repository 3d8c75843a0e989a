"""Where.private comes from what Slack says about the conversation, and every answered analysis
is indexed in the desk's records under that scope (after the reply is posted)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.desk.queue import DeskJob
from handlers.privacy import hinted
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import app_mention, message
from tests.test_slack_app import SHORT_ARTICLE, slash_form

MENTION = f"<@{BOT_USER_ID}>"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def indexed(bot: Bot, channel: str, timeout: float = 20) -> list[tuple[str, bool]]:
    """(conversation, private) of the claims indexed from `channel`, once some are there."""
    memory = bot.services.desk.memory
    assert memory is not None
    deadline = time.monotonic() + timeout
    while True:
        rows = memory.records._run(  # type: ignore[attr-defined]
            "SELECT conversation, private FROM claims WHERE channel = ?", (channel,)
        ).fetchall()
        if rows or time.monotonic() > deadline:
            return [(str(r[0]), bool(r[1])) for r in rows]
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("channel", "channel_type", "channel_name", "expected"),
    [
        ("C0PUBLIC01", "channel", "", False),
        ("C0PRIVATE1", "group", "", True),
        ("D0DIRECT01", "im", "", True),
        ("C0MPIM0001", "mpim", "", True),
        ("D0DIRECT01", "", "directmessage", True),
        ("C0PRIVATE1", "", "privategroup", True),
        ("G0LEGACY01", "", "", True),
        ("C0UNKNOWN1", "", "newsdesk", None),
    ],
)
def test_payload_hints_say_private_or_leave_it_open(
    channel: str, channel_type: str, channel_name: str, expected: bool | None
) -> None:
    assert hinted(channel, channel_type, channel_name) is expected


def test_desk_job_keeps_the_private_flag_through_json() -> None:
    job = DeskJob("check", team="T1", channel="C1", private=True)
    assert DeskJob.from_dict(job.to_dict()).private is True
    assert DeskJob.from_dict({"kind": "check"}).private is False


def test_a_public_channel_message_is_indexed_as_shared(bot: Bot) -> None:
    ts = "1700200000.000100"
    bot.event(message(f"{MENTION} {SHORT_ARTICLE}", ts=ts, channel="C0PUBLIC01"))
    bot.wait_reply("C0PUBLIC01", ts)
    rows = indexed(bot, "C0PUBLIC01")
    assert rows and all(row == ("", False) for row in rows)


def test_a_mention_in_a_private_channel_with_a_c_id_is_asked_of_slack(bot: Bot) -> None:
    bot.stub.state.private.add("C0SECRET01")
    ts = "1700200100.000100"
    bot.event(app_mention(f"{MENTION} {SHORT_ARTICLE}", ts=ts, channel="C0SECRET01"))
    bot.wait_reply("C0SECRET01", ts)
    rows = indexed(bot, "C0SECRET01")
    assert rows and all(row == ("C0SECRET01", True) for row in rows)
    assert [c.body["channel"] for c in bot.stub.calls("conversations.info")] == ["C0SECRET01"]


def test_a_direct_message_is_indexed_privately(bot: Bot) -> None:
    ts = "1700200200.000100"
    bot.event(message(SHORT_ARTICLE, ts=ts, channel="D0DIRECT01", channel_type="im"))
    bot.wait_reply("D0DIRECT01", ts)
    rows = indexed(bot, "D0DIRECT01")
    assert rows and all(row == ("D0DIRECT01", True) for row in rows)


def test_a_slash_command_in_a_private_group_is_indexed_privately(bot: Bot) -> None:
    form = {**slash_form(SHORT_ARTICLE, bot, channel="G0PRIVATE1"), "channel_name": "privategroup"}
    assert bot.command(form).status_code == 200
    bot.stub.wait_for("chat.postMessage", lambda c: c.body.get("thread_ts"), timeout=60)
    rows = indexed(bot, "G0PRIVATE1")
    assert rows and all(row == ("G0PRIVATE1", True) for row in rows)


def test_slack_not_saying_counts_as_private(bot: Bot) -> None:
    bot.stub.state.fail_next["conversations.info"] = 1
    ts = "1700200300.000100"
    bot.event(app_mention(f"{MENTION} {SHORT_ARTICLE}", ts=ts, channel="C0UNSURE01"))
    bot.wait_reply("C0UNSURE01", ts)
    rows = indexed(bot, "C0UNSURE01")
    assert rows and all(row == ("C0UNSURE01", True) for row in rows)

"""The bot end to end over its real HTTP endpoint: signed Slack requests in, Web API calls out."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.render.kit import MAX_BLOCKS, MAX_HEADER, MAX_SECTION
from tests.engine_helpers import WORKED_EXAMPLE
from tests.slack_api_stub import BOT_ID, BOT_USER_ID, TEAM_ID
from tests.slack_harness import Bot, PageServer, article_page, running_bot
from tests.slack_samples import app_mention, message

EXAMPLE = WORKED_EXAMPLE
CHANNEL = "C0NEWSDESK"
MENTION = f"<@{BOT_USER_ID}>"


def example_text() -> str:
    for candidate in (EXAMPLE, Path("/work/shared/examples/iranpress-baghuz.txt")):
        if candidate.exists():
            return candidate.read_text()
    pytest.skip("the worked example is not beside the repository")


SHORT_ARTICLE = (
    "The ministry said on Tuesday that 4,000 new homes were built in the region last year. "
    "According to Reuters, the programme cost $2 billion. Local officials reportedly said "
    "the homes remain empty."
)


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


@pytest.fixture
def pages() -> Iterator[PageServer]:
    server = PageServer({})
    yield server
    server.close()


def assert_block_kit_limits(body: dict) -> None:
    blocks = body.get("blocks") or []
    assert body.get("text"), "every message needs a plain-text fallback"
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION
        elif block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER
        elif block["type"] == "context":
            assert len(block["elements"]) <= 10


def assert_no_unfurl(body: dict) -> None:
    assert body.get("unfurl_links") is False and body.get("unfurl_media") is False


def test_url_verification(bot: Bot) -> None:
    payload = {
        "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    response = bot.event(payload)
    assert response.status_code == 200
    assert response.json() == {"challenge": payload["challenge"]}


def test_bad_signature_and_stale_timestamp_are_rejected(bot: Bot) -> None:
    payload = app_mention(f"{MENTION} {SHORT_ARTICLE}", ts="1700000001.000100")
    assert bot.event(payload, secret="not-the-secret").status_code == 401
    assert bot.event(payload, timestamp=int(time.time()) - 60 * 10).status_code == 401
    unsigned = bot.http.post(
        bot.url, content=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code == 401
    assert bot.stub.calls("chat.postMessage") == []


def test_mention_with_the_worked_example_answers_in_its_thread(bot: Bot) -> None:
    ts = "1700000100.000200"
    started = time.monotonic()
    response = bot.event(app_mention(f"{MENTION} {example_text()}", ts=ts))
    assert response.status_code == 200
    [reply] = bot.wait_reply(CHANNEL, ts)
    uncached = time.monotonic() - started
    assert_block_kit_limits(reply)
    assert_no_unfurl(reply)
    dumped = json.dumps(reply["blocks"])
    assert "Iran Press" in dumped and "state-affiliated" in dumped and "Machine-made" in dumped
    [added] = bot.stub.calls("reactions.add")
    assert (added.body["channel"], added.body["timestamp"], added.body["name"]) == (
        CHANNEL,
        ts,
        "mag",
    )
    bot.stub.wait_for("reactions.remove", lambda c: c.body.get("timestamp") == ts)

    second = "1700000101.000300"
    started = time.monotonic()
    bot.event(app_mention(f"{MENTION} {example_text()}", ts=second))
    [cached] = bot.wait_reply(CHANNEL, second)
    print(f"\nworked example: uncached {uncached:.2f}s, cached {time.monotonic() - started:.2f}s")
    assert "from the cache" in json.dumps(cached["blocks"]).lower()


def test_mention_in_a_thread_answers_in_that_thread(bot: Bot) -> None:
    parent, ts = "1700000200.000100", "1700000205.000100"
    bot.event(app_mention(f"{MENTION} {SHORT_ARTICLE}", ts=ts, thread_ts=parent))
    [reply] = bot.wait_reply(CHANNEL, parent)
    assert "Reuters" in json.dumps(reply["blocks"])
    assert bot.replies_in(CHANNEL, ts) == []


def test_mention_with_nothing_to_check_gets_help(bot: Bot) -> None:
    ts = "1700000210.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=ts))
    [reply] = bot.wait_reply(CHANNEL, ts)
    assert "/claims" in reply["text"] or "/claims" in json.dumps(reply["blocks"])


def test_direct_message_needs_no_mention(bot: Bot) -> None:
    ts, dm = "1700000300.000100", "D0DIRECT01"
    payload = message(SHORT_ARTICLE, channel=dm, ts=ts, channel_type="im")
    assert bot.event(payload).status_code == 200
    [reply] = bot.wait_reply(dm, ts)
    assert "Reuters" in json.dumps(reply["blocks"])


def test_thread_follow_ups_answer_from_the_cache(bot: Bot) -> None:
    ts = "1700000400.000100"
    bot.event(app_mention(f"{MENTION} {example_text()}", ts=ts))
    bot.wait_reply(CHANNEL, ts)

    def reply_to(text: str, n: int, expect: int) -> list[dict]:
        reply_ts = f"1700000400.{n:06d}"
        bot.event(
            message(text, ts=reply_ts, thread_ts=ts, parent_user_id="U0JOURNO1", user="U0JOURNO2")
        )
        return bot.wait_reply(CHANNEL, ts, count=expect)

    answers = reply_to("claim 2", 201, 2)
    assert "*2.*" in json.dumps(answers[-1]["blocks"])
    answers = reply_to("who says there is a runway?", 202, 2)  # chatter: not for the bot
    answers = reply_to(f"{MENTION} who says there is a runway?", 203, 3)
    assert "runway" in json.dumps(answers[-1]["blocks"]).lower()
    answers = reply_to("mark 2 verified satellite imagery matches", 204, 4)
    assert "Marked claim 2 as *verified*" in json.dumps(answers[-1]["blocks"])
    answers = reply_to("status", 205, 5)
    assert "1 of" in answers[-1]["text"]
    answers = reply_to("sources", 206, 6)
    assert "Sputnik" in json.dumps(answers[-1]["blocks"])
    answers = reply_to("checklist", 207, 7)
    bot.event(message("export", ts="1700000400.000208", thread_ts=ts, user="U0JOURNO2"))
    [upload] = bot.stub.wait_for("files.completeUploadExternal")
    assert upload.body["thread_ts"] == ts
    answers = reply_to("mark 99 false", 209, 8)
    assert "no claim 99" in json.dumps(answers[-1]["blocks"])
    for body in answers:
        assert_block_kit_limits(body)
        assert_no_unfurl(body)
    assert len(bot.replies_in(CHANNEL, ts)) == 8


def test_retried_delivery_is_answered_once(bot: Bot) -> None:
    ts = "1700000500.000100"
    payload = app_mention(f"{MENTION} {SHORT_ARTICLE}", ts=ts)
    assert bot.event(payload).status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot.event(payload, headers=retry).status_code == 200
    bot.wait_reply(CHANNEL, ts)
    pair = message(f"{MENTION} {SHORT_ARTICLE}", ts=ts)  # the message.channels twin
    assert bot.event(pair).status_code == 200
    sentinel = "1700000501.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=sentinel))
    bot.wait_reply(CHANNEL, sentinel)
    assert len(bot.replies_in(CHANNEL, ts)) == 1


def test_mention_and_its_message_twin_are_answered_once(bot: Bot) -> None:
    ts = "1700000550.000100"
    text = f"{MENTION} {SHORT_ARTICLE}"
    with ThreadPoolExecutor(2) as pool:
        codes = list(
            pool.map(
                lambda p: bot.event(p).status_code, [app_mention(text, ts=ts), message(text, ts=ts)]
            )
        )
    assert codes == [200, 200]
    bot.wait_reply(CHANNEL, ts)
    sentinel = "1700000551.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=sentinel))
    bot.wait_reply(CHANNEL, sentinel)
    assert len(bot.replies_in(CHANNEL, ts)) == 1


def test_bots_edits_and_joins_are_ignored(bot: Bot) -> None:
    quiet = [
        message(f"{MENTION} {SHORT_ARTICLE}", ts="1700000600.000100", user=BOT_USER_ID),
        message(
            SHORT_ARTICLE,
            ts="1700000600.000200",
            channel="D0DIRECT01",
            channel_type="im",
            bot_id="B0OTHER",
        ),
        message(
            f"{MENTION} {SHORT_ARTICLE}",
            ts="1700000600.000300",
            subtype="bot_message",
            bot_id="B0OTHER",
        ),
        message("", ts="1700000600.000400", subtype="channel_join"),
        message(
            "",
            ts="1700000600.000500",
            subtype="message_changed",
            message={
                "text": f"{MENTION} {SHORT_ARTICLE}",
                "user": "U0JOURNO1",
                "ts": "1700000600.000100",
            },
        ),
        message(
            "", ts="1700000600.000600", subtype="message_deleted", deleted_ts="1700000600.000100"
        ),
        message("just people talking", ts="1700000600.000700"),
        app_mention(f"{MENTION} {SHORT_ARTICLE}", ts="1700000600.000800") | {},
    ]
    quiet[-1]["event"]["bot_id"] = BOT_ID
    for payload in quiet:
        assert bot.event(payload).status_code == 200
    sentinel = "1700000601.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=sentinel))
    bot.wait_reply(CHANNEL, sentinel)
    assert [c.body["thread_ts"] for c in bot.stub.calls("chat.postMessage")] == [sentinel]


def test_dead_link_gets_a_friendly_error(bot: Bot, pages: PageServer) -> None:
    ts = "1700000700.000100"
    link = pages.url("/gone")
    bot.event(app_mention(f"{MENTION} <{link}>", ts=ts))
    [reply] = bot.wait_reply(CHANNEL, ts)
    text = json.dumps(reply["blocks"])
    assert ":warning:" in text and "Traceback" not in text
    bot.stub.wait_for("reactions.remove", lambda c: c.body.get("timestamp") == ts)


def test_article_cannot_ping_the_channel_or_forge_links(bot: Bot, pages: PageServer) -> None:
    hostile = (
        "&lt;!channel&gt; Pay now at &lt;https://evil.example|bank.com&gt; &amp; &lt;@U0BOSS&gt;"
    )
    pages.pages["/story"] = (
        200,
        article_page(
            f"Minister resigns {hostile}",
            [
                f"The finance minister resigned on Monday, officials said. {hostile}",
                "According to the Daily Planet, the ministry spent $3 billion on consultants "
                f"in 2023. Critics said the payments were illegal. {hostile}",
                "The minister reportedly told colleagues that 40 staff had been dismissed "
                "in March.",
            ],
        ),
    )
    ts = "1700000800.000100"
    bot.event(app_mention(f"{MENTION} <{pages.url('/story')}|the story>", ts=ts))
    [reply] = bot.wait_reply(CHANNEL, ts)
    dumped = json.dumps(reply["blocks"]) + reply["text"]
    for raw in ("<!channel>", "<https://evil", "<@U0BOSS>"):
        assert raw not in dumped
    assert "&lt;!channel&gt;" in dumped


def test_slash_command_posts_a_parent_and_answers_in_its_thread(bot: Bot) -> None:
    form = slash_form(SHORT_ARTICLE, bot)
    response = bot.command(form)
    assert response.status_code == 200
    assert "Working on it" in response.text
    [parent] = bot.stub.wait_for(
        "chat.postMessage",
        lambda c: c.body.get("channel") == CHANNEL and not c.body.get("thread_ts"),
    )
    assert "asked by <@U0JOURNO1>" in parent.body["text"]
    parent_ts = next(m["ts"] for m in bot.stub.state.messages[CHANNEL] if not m.get("thread_ts"))
    [reply] = bot.wait_reply(CHANNEL, parent_ts)
    assert "Reuters" in json.dumps(reply["blocks"])


def test_slash_command_help(bot: Bot) -> None:
    response = bot.command(slash_form("help", bot))
    assert response.status_code == 200
    assert "claimdesk" in response.text
    assert bot.stub.calls("chat.postMessage") == []


def test_slash_command_outside_the_bots_channels_answers_through_response_url(bot: Bot) -> None:
    bot.stub.state.not_in_channel.add("C0PRIVATE1")
    form = slash_form(SHORT_ARTICLE, bot, channel="C0PRIVATE1")
    assert bot.command(form).status_code == 200
    calls = bot.stub.wait_for("response_url", count=2)
    assert any("Reuters" in json.dumps(c.body.get("blocks")) for c in calls)
    assert any("/invite @claimdesk" in c.body.get("text", "") for c in calls)


def test_rate_limited_post_is_retried_by_slack_sdk(bot: Bot) -> None:
    bot.stub.state.rate_limit_once.add("chat.postMessage")
    ts = "1700000900.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=ts))
    bot.wait_reply(CHANNEL, ts, count=2)  # the 429, then the retry
    assert len(bot.replies_in(CHANNEL, ts)) == 2


def test_twenty_mentions_at_once_are_each_answered_once(bot: Bot) -> None:
    payloads = [
        app_mention(
            f"{MENTION} Officials said {n} bridges were closed in the city on Friday.",
            ts=f"1700001000.{n:06d}",
        )
        for n in range(20)
    ]
    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda p: bot.event(p).status_code, payloads))
    assert codes == [200] * 20
    bot.stub.wait_for("chat.postMessage", count=20, timeout=120)
    threads = [c.body["thread_ts"] for c in bot.stub.calls("chat.postMessage")]
    assert sorted(threads) == sorted(p["event"]["ts"] for p in payloads)


def test_healthz_says_only_ok_publicly_and_the_operator_gets_detail(bot: Bot) -> None:
    response = bot.http.get(bot.url.replace("/slack/events", "/healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    health = bot.services.health()
    assert health["ok"] is True and health["redis"]["ok"] is True
    assert "worker processes" in health["model"]["runs_on"]


def slash_form(text: str, bot: Bot, channel: str = CHANNEL) -> dict[str, str]:
    """The form body Slack posts for a slash command (its documented example's fields)."""
    return {
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "team_id": TEAM_ID,
        "team_domain": "example",
        "enterprise_id": "",
        "enterprise_name": "",
        "channel_id": channel,
        "channel_name": "newsdesk",
        "user_id": "U0JOURNO1",
        "user_name": "journo",
        "command": "/claims",
        "text": text,
        "api_app_id": "A0CLAIMDESK",
        "is_enterprise_install": "false",
        "response_url": bot.stub.response_url("T0CLAIMS1/1234/abcd"),
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }


def test_mention_under_someones_link_checks_the_thread_parent(bot: Bot, pages: PageServer) -> None:
    pages.pages["/parent"] = (
        200,
        article_page(
            "Port closes",
            [
                "The port authority said on Sunday that 12 ships were turned away last week.",
                "According to Lloyd's List, the closure cost shippers $40 million.",
            ],
        ),
    )
    parent = "1700003000.000100"
    bot.stub.state.messages[CHANNEL] = [
        {"type": "message", "user": "U0JOURNO3", "ts": parent, "text": f"<{pages.url('/parent')}>"}
    ]
    bot.event(app_mention(f"{MENTION}", ts="1700003001.000100", thread_ts=parent))
    [reply] = bot.wait_reply(CHANNEL, parent)
    assert "Lloyd" in json.dumps(reply["blocks"])
    [replies_call] = bot.stub.calls("conversations.replies")
    assert replies_call.body["ts"] == parent


def test_a_user_over_the_rate_limit_gets_a_friendly_answer(nlp) -> None:
    for bot in running_bot(rate_limit=1):
        first, second = "1700000900.000100", "1700000901.000100"
        bot.event(app_mention(f"{MENTION} {SHORT_ARTICLE}", ts=first))
        bot.wait_reply(CHANNEL, first)
        other = SHORT_ARTICLE.replace("Reuters", "AP")
        bot.event(app_mention(f"{MENTION} {other}", ts=second))
        [refusal] = bot.wait_reply(CHANNEL, second)
        said = (refusal.get("text") or "") + json.dumps(refusal.get("blocks") or [])
        assert "Claims check" not in said
        assert re.search(r"try again|limit|wait", said, re.IGNORECASE), said


def test_a_mention_with_only_an_attached_pdf_is_told_what_to_paste(bot: Bot) -> None:
    ts = "1700000950.000100"
    pdf = {"id": "F0PDF", "name": "leaked-report.pdf", "filetype": "pdf"}
    mention = app_mention(f"{MENTION} check this", ts=ts)
    mention["event"]["files"] = [pdf]
    twin = message(f"{MENTION} check this", ts=ts, subtype="file_share", files=[pdf])
    assert bot.event(mention).status_code == 200
    assert bot.event(twin).status_code == 200
    [reply] = bot.wait_reply(CHANNEL, ts)
    said = reply["text"] + json.dumps(reply.get("blocks") or [])
    assert "leaked-report.pdf" in said and "Paste the article's text" in said
    sentinel = "1700000951.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=sentinel))
    bot.wait_reply(CHANNEL, sentinel)
    assert len(bot.replies_in(CHANNEL, ts)) == 1


def test_a_file_shared_without_a_mention_is_left_alone(bot: Bot) -> None:
    ts = "1700000960.000100"
    pdf = {"id": "F0PDF2", "name": "notes.pdf", "filetype": "pdf"}
    assert bot.event(message("", ts=ts, subtype="file_share", files=[pdf])).status_code == 200
    sentinel = "1700000961.000100"
    bot.event(app_mention(f"{MENTION} hello", ts=sentinel))
    bot.wait_reply(CHANNEL, sentinel)
    assert [c.body["thread_ts"] for c in bot.stub.calls("chat.postMessage")] == [sentinel]

"""Redis stopped while the bot runs: it keeps answering (uncached) and says so in /healthz."""

from __future__ import annotations

import json

from tests.redis_server import RedisServer
from tests.slack_api_stub import BOT_USER_ID, SlackApiStub
from tests.slack_harness import start_bot, stop_bot
from tests.slack_samples import app_mention

MENTION = f"<@{BOT_USER_ID}>"
CHANNEL = "C0NEWSDESK"
FIRST = "The ministry said on Tuesday that 4,000 new homes were built in the region last year."
SECOND = "According to Reuters, the programme cost $2 billion and 300 workers were hired in May."


def test_redis_stopped_mid_test(nlp) -> None:
    with RedisServer() as server:
        stub = SlackApiStub().start()
        bot = start_bot(stub, redis_url=server.url)
        try:
            bot.event(app_mention(f"{MENTION} {FIRST}", ts="1700002000.000100"))
            bot.wait_reply(CHANNEL, "1700002000.000100")

            server.stop()
            health = bot.http.get(bot.url.replace("/slack/events", "/healthz"))
            assert health.status_code == 200
            assert health.json() == {"status": "degraded"}
            assert bot.services.health()["redis"]["ok"] is False

            bot.event(app_mention(f"{MENTION} {SECOND}", ts="1700002001.000100"))
            [reply] = bot.wait_reply(CHANNEL, "1700002001.000100")
            assert "Reuters" in json.dumps(reply["blocks"])

            bot.event(
                app_mention(
                    f"{MENTION} claim 1", ts="1700002002.000100", thread_ts="1700002000.000100"
                )
            )
            [answer] = bot.wait_reply(CHANNEL, "1700002000.000100", count=2)[1:]
            assert "Traceback" not in json.dumps(answer)
        finally:
            stop_bot(bot)
            stub.stop()


def test_a_typed_mark_during_an_outage_is_not_saved_and_not_analysed(nlp) -> None:
    with RedisServer() as server:
        stub = SlackApiStub().start()
        bot = start_bot(stub, redis_url=server.url)
        thread = "1700002100.000100"
        try:
            bot.event(app_mention(f"{MENTION} {FIRST}", ts=thread))
            bot.wait_reply(CHANNEL, thread)
            server.stop()
            typed = f"{MENTION} mark 1 false our source says the homes were never built at all"
            bot.event(app_mention(typed, ts="1700002101.000100", thread_ts=thread))
            [answer] = bot.wait_reply(CHANNEL, thread, count=2)[1:]
            assert "not saved" in answer["text"]
            assert "Claims check" not in json.dumps(answer)
        finally:
            stop_bot(bot)
            stub.stop()

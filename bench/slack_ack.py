"""Ack latency of the Slack endpoint, and time from event to posted answer for the worked example.

Runs the real bot (HTTP endpoint, Redis on 127.0.0.1:6379, spaCy model) against the local Web
API stand-in from the tests:

    .venv/bin/python -m bench.slack_ack [--events 200] [--example PATH]

Ack latency is measured over signed app_mention requests that each start a real check, sent
sequentially and then in bursts of 20 concurrent requests.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.nlp import load_pipeline
from bot.settings import Settings
from tests.slack_api_stub import BOT_USER_ID, SlackApiStub
from tests.slack_harness import Bot, start_bot, stop_bot
from tests.slack_samples import app_mention

CHANNEL = "C0NEWSDESK"
DEFAULT_EXAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "examples" / "iranpress-baghuz.txt"
)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def ack_ms(bot: Bot, n: int) -> float:
    text = f"<@{BOT_USER_ID}> Officials said {n} bridges were closed in the city on Friday."
    started = time.perf_counter()
    response = bot.event(app_mention(text, ts=f"1710000000.{n:06d}"))
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.text
    return elapsed


def event_to_answer(bot: Bot, text: str, ts: str) -> float:
    started = time.perf_counter()
    bot.event(app_mention(f"<@{BOT_USER_ID}> {text}", ts=ts))
    bot.wait_reply(CHANNEL, ts, timeout=120)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--example", type=Path, default=DEFAULT_EXAMPLE)
    args = parser.parse_args()
    load_pipeline(Settings().model)
    stub = SlackApiStub().start()
    bot = start_bot(stub)
    try:
        example = args.example.read_text()
        uncached = event_to_answer(bot, example, "1719999999.000001")
        cached = event_to_answer(bot, example, "1719999999.000002")
        sequential = [ack_ms(bot, n) for n in range(args.events)]
        with ThreadPoolExecutor(20) as pool:
            burst = list(pool.map(lambda n: ack_ms(bot, n), range(args.events, args.events * 2)))
        stub.wait_for("chat.postMessage", count=2 * args.events + 2, timeout=600)
        stub.wait_for("reactions.remove", count=2 * args.events + 1, timeout=60)
        for name, values in (("sequential", sequential), ("bursts of 20", burst)):
            print(
                f"ack {name:13} n={len(values)} p50={statistics.median(values):.1f}ms "
                f"p99={percentile(values, 99):.1f}ms max={max(values):.1f}ms"
            )
        print(f"worked example event->answer: uncached {uncached:.2f}s, cached {cached:.2f}s")
    finally:
        stop_bot(bot)
        stub.stop()


if __name__ == "__main__":
    main()

"""CLAIMDESK_QUEUE=rq end to end: signed events into the real HTTP endpoint, real Redis, real
`claimdesk worker` processes, answers recorded by the Web API stand-in."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from rq.job import JobStatus
from rq.registry import FailedJobRegistry

from tests.queue_helpers import (
    REPO,
    abandon_after_heartbeat_expiry,
    only_job,
    rq_bot,
    rq_queue,
    start_worker,
    wait_until,
    worker_env,
)
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot
from tests.slack_samples import app_mention

CHANNEL = "C0NEWSDESK"
ARTICLE = (
    f"<@{BOT_USER_ID}> The ministry said on Tuesday that 4,000 new homes were built in the "
    "region last year. According to Reuters, the programme cost $2 billion."
)
APOLOGY = "Sorry, something went wrong on my side"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from rq_bot(job_retries=2, job_retry_delay=1)


def enqueue_mention(bot: Bot, ts: str) -> None:
    assert bot.event(app_mention(ARTICLE, ts=ts)).status_code == 200
    queue = rq_queue(bot.settings)
    wait_until(lambda: queue.count == 1, "the mention's job on the queue", timeout=30)


def health(bot: Bot) -> dict:
    return bot.services.health()


def cache_stats(bot: Bot) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "cache", "stats"],
        cwd=REPO,
        env=worker_env(bot.settings),
        capture_output=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_mention_is_queued_then_answered_once_by_a_burst_worker(bot: Bot) -> None:
    ts = "1700100000.000100"
    enqueue_mention(bot, ts)
    assert bot.replies_in(CHANNEL, ts) == []
    assert health(bot)["queue"]["depth"] == 1
    assert cache_stats(bot)["queue"]["depth"] == 1

    worker = start_worker(bot.settings, burst=True)
    try:
        assert worker.wait() == 0, worker.log()
    finally:
        worker.stop()
    [reply] = bot.replies_in(CHANNEL, ts)
    assert "Reuters" in json.dumps(reply["blocks"])
    [removed] = bot.stub.calls("reactions.remove")
    assert removed.body["timestamp"] == ts
    assert health(bot)["queue"]["depth"] == 0
    assert only_job(rq_queue(bot.settings)).get_status() == JobStatus.FINISHED
    pasted = rq_queue(bot.settings).connection.keys(f"{bot.settings.key_prefix}pasted:*")
    assert pasted == [], "an answered job deletes the text it was pasted with"


def test_failing_job_is_retried_then_answered_with_an_apology(bot: Bot) -> None:
    ts = "1700100100.000100"
    bot.stub.state.fail_next["chat.postMessage"] = 3  # the first try and both retries
    enqueue_mention(bot, ts)
    worker = start_worker(bot.settings)
    try:
        bot.stub.wait_for(
            "chat.postMessage",
            lambda c: c.body.get("thread_ts") == ts and APOLOGY in c.body.get("text", ""),
            timeout=120,
        )
        queue = rq_queue(bot.settings)
        wait_until(lambda: FailedJobRegistry(queue=queue).count == 1, "the job to fail")
    finally:
        worker.stop()
    posts = bot.replies_in(CHANNEL, ts)
    assert len(posts) == 4, "three failed attempts, then one apology"
    assert all("Reuters" in json.dumps(p["blocks"]) for p in posts[:3])
    assert APOLOGY in posts[3]["text"]
    assert only_job(queue).retries_left == 0
    assert [c.body["timestamp"] for c in bot.stub.calls("reactions.remove")] == [ts]


def test_worker_killed_mid_job_is_rerun_and_answers_once(bot: Bot) -> None:
    ts = "1700100200.000100"
    enqueue_mention(bot, ts)
    released = threading.Event()
    bot.stub.state.hold["reactions.remove"] = released  # the worker stalls after answering
    first = start_worker(bot.settings)
    try:
        bot.wait_reply(CHANNEL, ts, timeout=120)
        bot.stub.wait_for("reactions.remove", timeout=60)
        first.kill()
    finally:
        released.set()
        first.stop()
    queue = rq_queue(bot.settings)
    job = only_job(queue)
    assert job.get_status() == JobStatus.STARTED, "the dead worker's job is still 'started'"

    abandon_after_heartbeat_expiry(queue, bot.settings.job_timeout + 61)
    assert job.get_status() in (JobStatus.SCHEDULED, JobStatus.QUEUED)

    second = start_worker(bot.settings)
    try:
        wait_until(lambda: job.get_status() == JobStatus.FINISHED, "the re-run to finish")
    finally:
        second.stop()
    assert len(bot.replies_in(CHANNEL, ts)) == 1
    assert len(bot.stub.calls("reactions.remove")) == 2


def test_receiving_process_does_not_load_the_model_in_rq_mode(bot: Bot) -> None:
    """The workers parse; the web process only acks and enqueues, and is healthy without it."""
    response = bot.http.get(bot.url.replace("/slack/events", "/healthz"))
    assert response.status_code == 200
    body = bot.services.health()
    assert body["serving"] is True
    assert "worker" in body["model"]["runs_on"]
    assert not hasattr(bot.services, "nlp")

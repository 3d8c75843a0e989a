"""What the desk keeps and runs: queued jobs expire and are plain JSON, a worker runs only
claimdesk's own jobs, and pasted text never reaches a log even at DEBUG."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from rq import Queue
from rq.serializers import JSONSerializer

from bot.desk.queue import FAILED_TTL, QUEUED_TTL, TEXT_TTL, DeskJob, JobQueue
from bot.settings import Settings
from bot.worker import run_worker
from handlers.work import TEXT_GONE, on_failure, perform
from tests.queue_helpers import purge, rq_queue
from tests.slack_api_stub import BOT_USER_ID, SlackApiStub
from tests.slack_harness import LOCAL_REDIS, running_bot
from tests.slack_samples import app_mention

SECRET_TEXT = "Our source Quillfeather-8841 at the ministry said 30 trucks crossed on Monday."


@pytest.fixture
def stub() -> Iterator[SlackApiStub]:
    running = SlackApiStub().start()
    yield running
    running.stop()


@pytest.fixture
def settings(stub: SlackApiStub) -> Iterator[Settings]:
    value = dataclasses.replace(
        Settings(),
        slack_bot_token="xoxb-claimdesk-test",
        slack_api_url=stub.api_url,
        redis_url=LOCAL_REDIS,
        key_prefix=f"test:privacy:{uuid.uuid4().hex}:",
        queue="rq",
    )
    yield value
    purge(rq_queue(value))
    with redis.Redis.from_url(LOCAL_REDIS) as client:
        names = list(client.scan_iter(match=f"{value.key_prefix}*", count=1000))
        if names:
            client.delete(*names)


def job_arguments(client: redis.Redis, job_id: str) -> list[Any]:
    """The arguments RQ stored for a job: zlib-compressed JSON of (func, instance, args, kwargs)."""
    return json.loads(zlib.decompress(client.hget(f"rq:job:{job_id}", "data")))[2]


def test_a_queued_job_is_json_and_expires_and_keeps_the_text_apart(settings: Settings) -> None:
    """The job (kept a day if it fails) names only the key of the text, which expires sooner."""
    jobs = JobQueue(settings)
    try:
        enqueued = jobs.enqueue(perform, DeskJob("check", text=SECRET_TEXT), on_failure)
        client = jobs.connection
        key = f"rq:job:{enqueued.job_id}"
        assert 0 < client.ttl(key) <= QUEUED_TTL
        [data] = job_arguments(client, enqueued.job_id)
        assert "Quillfeather" not in json.dumps(data)
        assert data["text"] == "" and data["text_key"].startswith(f"{settings.key_prefix}pasted:")
        assert client.get(data["text_key"]).decode() == SECRET_TEXT
        assert 0 < client.ttl(data["text_key"]) <= TEXT_TTL
        assert int(client.hget(key, "failure_ttl")) == FAILED_TTL
    finally:
        jobs.close()


def test_a_job_whose_text_expired_asks_for_it_again(settings: Settings, stub: SlackApiStub) -> None:
    """A job that waited past TEXT_TTL answers plainly instead of failing into the apology."""
    jobs = JobQueue(settings)
    job = DeskJob("check", channel="C0NEWSDESK", thread_ts="1700300000.000100", text=SECRET_TEXT)
    try:
        enqueued = jobs.enqueue(perform, job, on_failure)
        [data] = job_arguments(jobs.connection, enqueued.job_id)
        jobs.connection.delete(data["text_key"])
    finally:
        jobs.close()
    run_worker(settings, burst=True, name=f"privacy-{uuid.uuid4().hex[:6]}")
    [posted] = stub.calls("chat.postMessage")
    assert TEXT_GONE in posted.body["text"]
    assert posted.body["thread_ts"] == job.thread_ts


def test_a_worker_runs_only_claimdesks_own_jobs(settings: Settings, tmp_path: Path) -> None:
    connection = redis.Redis.from_url(settings.redis_url)
    name = rq_queue(settings).name
    pickled, json_job = tmp_path / "pickled", tmp_path / "json"
    Queue(name, connection=connection).enqueue("os.mkdir", str(pickled))
    Queue(name, connection=connection, serializer=JSONSerializer).enqueue("os.mkdir", str(json_job))
    run_worker(settings, burst=True, name=f"privacy-{uuid.uuid4().hex[:6]}")
    assert not pickled.exists() and not json_job.exists()
    connection.close()


def test_pasted_text_never_reaches_the_logs(nlp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for bot in running_bot(log_level="DEBUG"):
        ts = f"{time.time():.6f}"
        bot.event(app_mention(f"<@{BOT_USER_ID}> {SECRET_TEXT}", ts=ts))
        bot.wait_reply("C0NEWSDESK", ts)
        time.sleep(0.5)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Quillfeather" not in logged

"""Pasted text on the queue (CLAIMDESK_QUEUE=rq) lives no longer than the README says: every
attempt of a job can read it, and once the job has failed for good no key in Redis holds it
except those the README's privacy section names (the analysis cache, the board, the memos).

Real Redis, real `claimdesk worker` process, signed events into the real HTTP endpoint."""

from __future__ import annotations

import contextlib
import json
import zlib
from collections.abc import Iterator

import pytest
import redis
from rq.registry import FailedJobRegistry

from bot.desk.queue import TEXT_TTL
from tests.queue_helpers import only_job, rq_bot, rq_queue, start_worker, wait_until
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot
from tests.slack_samples import app_mention

CHANNEL = "C0NEWSDESK"
MARKER = "Brambleworth-5517"
PASTED = (
    f"<@{BOT_USER_ID}> The ministry said on Tuesday that 4,000 new homes were built in the "
    f"region last year. Our source {MARKER} said the programme cost $2 billion, according to "
    "Reuters."
)
APOLOGY = "Sorry, something went wrong on my side"
# Keys the README's privacy section says hold pasted text, each for a stated time: the analysis
# cache (CLAIMDESK_CACHE_TTL), the board's index of titles (CLAIMDESK_BOARD_DAYS) and the memos
# of seen-before matches (as long as the analysis).
DOCUMENTED = ("a:", "board:", "memo:")


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from rq_bot(job_retries=1, job_retry_delay=1)


def readable(raw: bytes) -> str:
    """A stored value as text: RQ and the cache zlib-compress what they store."""
    with contextlib.suppress(zlib.error):
        raw = zlib.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def stored_values(conn: redis.Redis, key: bytes) -> list[bytes]:
    """Every member, field and value of a key, whatever its Redis type."""
    kind = conn.type(key).decode()
    if kind == "string":
        return [conn.get(key) or b""]
    if kind == "hash":
        return [part for item in conn.hgetall(key).items() for part in item]
    if kind == "list":
        return list(conn.lrange(key, 0, -1))
    if kind == "set":
        return list(conn.smembers(key))
    if kind == "zset":
        return list(conn.zrange(key, 0, -1))
    if kind == "stream":
        return [
            part
            for _id, fields in conn.xrange(key)
            for item in fields.items()
            for part in item
        ]
    return []


def keys_holding(conn: redis.Redis, needle: str, patterns: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        for key in conn.scan_iter(match=pattern, count=1000):
            if any(needle in readable(value) for value in stored_values(conn, key)):
                found.add(key.decode())
    return found


def test_a_failed_job_leaves_its_pasted_text_only_where_the_readme_says(bot: Bot) -> None:
    ts = "1700100300.000100"
    prefix = bot.settings.key_prefix
    conn = redis.Redis.from_url(bot.settings.redis_url)
    bot.stub.state.fail_next["chat.postMessage"] = 2  # the first try and its one retry
    try:
        assert bot.event(app_mention(PASTED, ts=ts)).status_code == 200
        queue = rq_queue(bot.settings)
        wait_until(lambda: queue.count == 1, "the mention's job on the queue", timeout=30)
        [text_key] = [k.decode() for k in conn.scan_iter(match=f"{prefix}pasted:*")]
        assert MARKER in conn.get(text_key).decode()
        assert 0 < conn.ttl(text_key) <= TEXT_TTL
        assert keys_holding(conn, MARKER, ("rq:*",)) == set(), "the job must carry only the key"

        worker = start_worker(bot.settings)
        try:
            bot.stub.wait_for(
                "chat.postMessage",
                lambda c: c.body.get("thread_ts") == ts and APOLOGY in c.body.get("text", ""),
                timeout=120,
            )
            wait_until(lambda: FailedJobRegistry(queue=queue).count == 1, "the job to fail")
        finally:
            worker.stop()

        posts = bot.replies_in(CHANNEL, ts)
        assert len(posts) == 3, "two failed attempts, then one apology"
        assert all("4,000 new homes" in json.dumps(p["blocks"]) for p in posts[:2]), (
            "the retry read the pasted text too"
        )
        assert APOLOGY in posts[2]["text"]
        assert only_job(queue).retries_left == 0
        assert conn.exists(text_key) == 0
        leftover = keys_holding(conn, MARKER, ("rq:*", f"{prefix}*"))
        documented = tuple(prefix + space for space in DOCUMENTED)
        undocumented = {key for key in leftover if not key.startswith(documented)}
        assert undocumented == set(), f"pasted text kept past what the README says: {undocumented}"
    finally:
        conn.close()

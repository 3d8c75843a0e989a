"""Real `claimdesk worker` processes and RQ bookkeeping for the queue tests.

Workers run as subprocesses of `python -m bot.cli worker` with the bot's settings in their
environment, in their own session so the scheduler RQ forks goes with them. Every wait is
bounded and every process started here is killed by `stop`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from rq import Queue, Worker
from rq.job import Job
from rq.registry import (
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from bot.desk.queue import SERIALIZER, OwnJob, desk_queue
from bot.settings import Settings
from tests.slack_harness import Bot, running_bot

REPO = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 120.0


def worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLAIMDESK_"))}
    env.update(
        {
            "REDIS_URL": settings.redis_url,
            "SLACK_BOT_TOKEN": settings.slack_bot_token,
            "SLACK_API_URL": settings.slack_api_url,
            "CLAIMDESK_KEY_PREFIX": settings.key_prefix,
            "CLAIMDESK_QUEUE": "rq",
            "CLAIMDESK_FETCH_ALLOW": ",".join(settings.fetch_allow),
            "CLAIMDESK_JOB_RETRIES": str(settings.job_retries),
            "CLAIMDESK_JOB_RETRY_DELAY": str(settings.job_retry_delay),
            "CLAIMDESK_LOG_LEVEL": "INFO",
        }
    )
    return env


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait(self, timeout: float = WAIT_SECONDS) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError(f"worker still running after {timeout}s:\n{self.log()}") from None

    def kill(self) -> None:
        """SIGKILL the whole session: the worker dies mid-job with no chance to clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log_path.unlink(missing_ok=True)


def start_worker(
    settings: Settings, *, burst: bool = False, extra_env: dict[str, str] | None = None
) -> WorkerProcess:
    handle, name = tempfile.mkstemp(prefix="claimdesk-worker-", suffix=".log")
    args = [sys.executable, "-m", "bot.cli", "worker", *(["--burst"] if burst else [])]
    process = subprocess.Popen(
        args,
        cwd=REPO,
        env={**worker_env(settings), **(extra_env or {})},
        stdout=handle,
        stderr=handle,
        start_new_session=True,
    )
    os.close(handle)
    return WorkerProcess(process, Path(name))


def rq_queue(settings: Settings) -> Queue:
    return desk_queue(settings, redis.Redis.from_url(settings.redis_url))


def wait_until(check, what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def only_job(queue: Queue) -> Job:
    ids = set(queue.job_ids) | set(StartedJobRegistry(queue=queue).get_job_ids())
    for registry in (FinishedJobRegistry, FailedJobRegistry, ScheduledJobRegistry):
        ids |= set(registry(queue=queue).get_job_ids())
    [job_id] = ids
    return OwnJob.fetch(job_id, connection=queue.connection, serializer=SERIALIZER)


def abandon_after_heartbeat_expiry(queue: Queue, seconds: float) -> None:
    """What the next maintenance pass does once a dead worker's keys have expired, without
    waiting minutes for it: its scheduler lock lapses (so a live worker's scheduler takes over),
    and RQ's StartedJobRegistry cleanup handles the abandoned job (retry, failure callback)."""
    queue.connection.delete(f"rq:scheduler-lock:{queue.name}")
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + seconds)


def purge(queue: Queue) -> None:
    """Remove the queue, its registries, its jobs and any worker left registered on it."""
    conn = queue.connection
    ids = set(queue.job_ids)
    for registry in (StartedJobRegistry, FinishedJobRegistry, FailedJobRegistry):
        ids |= set(registry(queue=queue).get_job_ids(cleanup=False))
    ids |= set(ScheduledJobRegistry(queue=queue).get_job_ids())
    for job_id in ids:
        with contextlib.suppress(Exception):
            OwnJob.fetch(job_id, connection=conn, serializer=SERIALIZER).delete()
    for worker in Worker.all(queue=queue):
        conn.srem("rq:workers", worker.key)
        conn.delete(worker.key)
    conn.srem("rq:queues", queue.key)
    names = list(conn.scan_iter(match=f"rq:*{queue.name}*", count=1000))
    if names:
        conn.delete(*names)
    conn.close()


def rq_bot(**overrides: Any) -> Iterator[Bot]:
    """A running bot on the RQ queue (for a fixture to yield from), its queue emptied after."""
    for running in running_bot(queue="rq", **overrides):
        queue = rq_queue(running.settings)
        try:
            yield running
        finally:
            purge(queue)

"""The RQ side of scale-out: plain-data jobs on the shared Redis, and who answered what.

With CLAIMDESK_QUEUE=rq the process that receives Slack's request acknowledges it and enqueues a
`DeskJob` (what to check and where to answer, nothing from Slack's payload beyond that); any
number of worker processes, on any machine that reaches the Redis, run it. RQ gives retries with
backoff (`Retry`), a job timeout, and re-runs a job whose worker died (its StartedJobRegistry
entry expires and the next maintenance pass retries it). Because a re-run may follow a post that
already happened, every reply of a job claims a slot with SET NX first (`AnswerLedger`), so a
request is answered at most once per reply even when its job runs twice.

The job functions themselves live in `handlers.work` (they post to Slack) and the worker loop in
`bot.worker`; this module imports neither, and names the only ones a worker will run.

Whoever can write to the Redis can put a job on the queue, so a job is plain JSON (RQ's default
pickle would run code as it is read) and a worker runs only the functions and callbacks named
in `OWN_FUNCTIONS` and `OWN_CALLBACKS`. A job's data expires with it: unstarted after
`QUEUED_TTL`, a minute after it finished, `FAILED_TTL` after it failed. Pasted text is not in
that data: RQ keeps a failed job (arguments, traceback) for `FAILED_TTL` so an operator can see
why, but a journalist's unpublished text must not outlive the apology by a day. It waits under
its own key (`PastedTexts`), which the job deletes once it is answered or has failed for good;
a job that never gets that far leaves it to expire `TEXT_TTL` after the job last moved.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import redis
from rq import Callback, Queue, Retry
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

from bot.settings import Settings
from bot.store import LOCAL_REDIS_URL

log = logging.getLogger(__name__)

ANSWERED_TTL = 24 * 3600
NOTICE_PER_WORKER = 3
MAINTENANCE_SECONDS = 60
REDIS_TIMEOUT = 2.0
QUEUED_TTL = 3600
FINISHED_TTL = 60
FAILED_TTL = 24 * 3600
TEXT_TTL = QUEUED_TTL
OWN_FUNCTIONS = frozenset({"handlers.work.perform"})
OWN_CALLBACKS = frozenset({"handlers.work.on_failure"})
SERIALIZER = JSONSerializer


class RefusedJob(RuntimeError):
    """A job on our queue that names a function claimdesk did not put there."""


class OwnJob(Job):
    """An RQ job that resolves only claimdesk's own job function and failure callback; any
    other name (or a method of some object) fails the job, and another callback is dropped."""

    @property
    def func(self) -> Any:
        if self.instance is not None or self.func_name not in OWN_FUNCTIONS:
            log.error("refused job %s: %r is not a claimdesk job", self.id, self.func_name)
            raise RefusedJob(f"{self.func_name!r} is not a claimdesk job function")
        return super().func

    @property
    def failure_callback(self) -> Any:
        if self._failure_callback_name not in OWN_CALLBACKS:
            return None
        return super().failure_callback

    @property
    def success_callback(self) -> Any:
        return None

    @property
    def stopped_callback(self) -> Any:
        return None


@dataclass(frozen=True)
class DeskJob:
    """One request for slow work, as plain data: what to check and where the answer goes.

    `kind` is "check" (links and/or text) or "recheck" (the analysis under `analysis_key`).
    Answers go to the thread (`channel`, `thread_ts`), or through `response_url` when the bot
    may not post in the channel; `reaction_ts` is the user's message that carries the progress
    reaction, to be removed when the answer is in. `private` says the conversation is private,
    so what the desk records from the job stays in it. On the queue, pasted `text` is replaced
    by `text_key`, the `PastedTexts` key that holds it.
    """

    kind: str
    team: str = ""
    user: str = ""
    channel: str = ""
    thread_ts: str = ""
    reaction_ts: str = ""
    response_url: str = ""
    links: tuple[str, ...] = ()
    text: str = ""
    dropped_links: int = 0
    analysis_key: str = ""
    private: bool = False
    text_key: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["links"] = list(self.links)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeskJob:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["links"] = tuple(known.get("links") or ())
        return cls(**known)


@dataclass(frozen=True)
class Enqueued:
    """A job on the queue: its id and how many requests wait before it."""

    job_id: str
    ahead: int
    deep: bool


def queue_name(settings: Settings) -> str:
    """One queue per key prefix, so two installs (or two tests) on one Redis never share jobs."""
    return f"{settings.key_prefix}jobs"


def connect(settings: Settings) -> redis.Redis:
    """RQ's own connection: bytes replies (RQ pickles job data) and bounded waits."""
    return redis.Redis.from_url(
        settings.redis_url or LOCAL_REDIS_URL,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
    )


def desk_queue(settings: Settings, connection: redis.Redis) -> Queue:
    """The queue as every side must open it: JSON jobs, resolved by `OwnJob`."""
    return Queue(
        queue_name(settings), connection=connection, job_class=OwnJob, serializer=SERIALIZER
    )


def retry_policy(settings: Settings) -> Retry | None:
    """Backoff doubling from CLAIMDESK_JOB_RETRY_DELAY: 10 s, 20 s by default."""
    if settings.job_retries < 1:
        return None
    delays = [settings.job_retry_delay * 2**n for n in range(settings.job_retries)]
    return Retry(max=settings.job_retries, interval=delays)


@dataclass
class JobQueue:
    """The desk's queue on the shared Redis, as the receiving process and the stats see it."""

    settings: Settings
    connection: redis.Redis = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.connection is None:
            self.connection = connect(self.settings)
        self.queue = desk_queue(self.settings, self.connection)

    def enqueue(
        self, func: Callable[[dict[str, Any]], None], job: DeskJob, on_failure: Callable[..., Any]
    ) -> Enqueued:
        """Raises redis.RedisError when Redis does not answer (the caller falls back in-process).

        Pasted text goes under its own key first and the job carries only that key (see
        `PastedTexts`); if the enqueue fails, the key is dropped with it."""
        texts = PastedTexts(self.connection, self.settings.key_prefix)
        if job.text:
            job = replace(job, text="", text_key=texts.put(job.text))
        try:
            queued = self._enqueue(func, job, on_failure)
        except redis.RedisError:
            texts.forget(job.text_key)
            raise
        ahead = max(0, self.depth() - 1)
        return Enqueued(queued.id, ahead, ahead > self.notice_threshold())

    def _enqueue(
        self, func: Callable[[dict[str, Any]], None], job: DeskJob, on_failure: Callable[..., Any]
    ) -> Job:
        return self.queue.enqueue(
            func,
            job.to_dict(),
            job_timeout=self.settings.job_timeout,
            retry=retry_policy(self.settings),
            on_failure=Callback(on_failure),
            ttl=QUEUED_TTL,
            result_ttl=FINISHED_TTL,
            failure_ttl=FAILED_TTL,
            description=f"{job.kind} for {job.team}/{job.channel}/{job.thread_ts}",
        )

    def depth(self) -> int:
        return int(self.queue.count)

    def workers(self) -> int:
        from rq import Worker

        return int(Worker.count(connection=self.connection, queue=self.queue))

    def notice_threshold(self) -> int:
        """Beyond this many waiting requests the user is told where they stand."""
        return max(1, self.workers()) * NOTICE_PER_WORKER

    def stats(self) -> dict[str, Any]:
        """Depth and registries for /healthz and `claimdesk cache stats`; never raises."""
        try:
            name, conn = self.queue.name, self.connection
            return {
                "mode": "rq",
                "name": name,
                "depth": self.depth(),
                "running": StartedJobRegistry(name, connection=conn).count,
                "retrying": ScheduledJobRegistry(name, connection=conn).count,
                "failed": FailedJobRegistry(name, connection=conn).count,
                "workers": self.workers(),
            }
        except redis.RedisError as error:
            return {"mode": "rq", "name": self.queue.name, "error": str(error)}

    def close(self) -> None:
        self.connection.close()


@dataclass
class AnswerLedger:
    """Which replies of a job were posted: SET NX per (job, reply number), kept a day.

    Claimed before posting and released when the post fails, so a retry posts what is missing
    and a re-run after a worker's death posts nothing twice.
    """

    connection: redis.Redis
    prefix: str

    def _key(self, job_id: str, slot: int) -> str:
        return f"{self.prefix}answered:{job_id}:{slot}"

    def claim(self, job_id: str, slot: int) -> bool:
        return bool(self.connection.set(self._key(job_id, slot), "1", nx=True, ex=ANSWERED_TTL))

    def release(self, job_id: str, slot: int) -> None:
        self.connection.delete(self._key(job_id, slot))


@dataclass
class PastedTexts:
    """Pasted text of queued jobs, each under its own key: `TEXT_TTL` at most since the job was
    queued or last started or failed, and deleted by the job once it is answered or has failed
    with no retry left.

    So the text is there for every attempt (retries, and a re-run after a worker died), and
    RQ's records of the job (kept `FAILED_TTL` after a failure) never hold it. A key is read
    only under this install's prefix: a job written by someone else cannot point a worker at
    another key.
    """

    connection: redis.Redis
    prefix: str

    @property
    def _space(self) -> str:
        return f"{self.prefix}pasted:"

    def _own(self, key: str) -> bool:
        return key.startswith(self._space)

    def put(self, text: str) -> str:
        key = f"{self._space}{uuid.uuid4().hex}"
        self.connection.set(key, text.encode("utf-8"), ex=TEXT_TTL)
        return key

    def take(self, key: str) -> str | None:
        """The text for an attempt (None when it expired), kept `TEXT_TTL` more for the next."""
        if not self._own(key):
            log.error("refused a pasted-text key outside %s", self._space)
            return None
        value = self.connection.getex(key, ex=TEXT_TTL)
        return None if value is None else bytes(value).decode("utf-8")

    def keep(self, key: str) -> None:
        """A failed attempt that will be retried: the retry, after its backoff, needs the text."""
        if key and self._own(key):
            self.connection.expire(key, TEXT_TTL)

    def forget(self, key: str) -> None:
        if key and self._own(key):
            self.connection.delete(key)

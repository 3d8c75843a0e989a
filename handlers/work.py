"""The slow part of a check (fetch, analyse, post), the same code in-process or on RQ workers.

Listeners build a plain-data `DeskJob` and call `submit`: with CLAIMDESK_QUEUE=rq it goes to
the shared queue (and the user hears how many requests wait before theirs when it is deep);
otherwise, or when Redis cannot take it, it runs on this process's bounded pool. `perform` and
`on_failure` are RQ's entry points in a worker process: a failing attempt raises so RQ retries
it with backoff, and only the last failure is answered with an apology. A queued job's pasted
text waits under its own key (`bot.desk.queue.PastedTexts`): read for every attempt, and
deleted once the job is answered or has failed for good, so RQ's day-long record of a failed
job holds no text of the journalist's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import redis
from rq import get_current_job
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.desk import Checked, Outcome, Where
from bot.desk.people import who_of
from bot.desk.queue import AnswerLedger, DeskJob
from bot.reading.intake import Request
from bot.render.blocks import error_message
from bot.render.kit import Message
from bot.wiring import Services
from bot.worker import worker_context
from handlers.people import names_for
from handlers.posting import Thread, apology, outcome_message, post, react

log = logging.getLogger(__name__)

EXPIRED = (
    "I no longer have the analysis for this thread (it expired from the cache). "
    "Mention me with the link or text again to start over."
)
BUSY = "The desk is busy right now: try again in a minute."
TEXT_GONE = (
    "I no longer have the text you pasted: it waited too long in the queue and I keep it only "
    "for an hour. Paste it again to start over."
)


class AnswerNotDelivered(RuntimeError):
    """A response_url refused an answer (Slack's webhooks answer with a status, not a raise)."""


@dataclass
class Replies:
    """Delivers a job's replies in order; with a ledger, each reply is posted at most once."""

    client: WebClient
    job: DeskJob
    ledger: AnswerLedger | None = None
    job_id: str = ""
    _next: int = 0

    def send(self, message: Message) -> None:
        slot, self._next = self._next, self._next + 1
        if self.ledger is not None and not self.ledger.claim(self.job_id, slot):
            log.info("reply %d of job %s was already posted", slot, self.job_id)
            return
        try:
            deliver(self.client, self.job, message)
        except Exception:
            if self.ledger is not None:
                self.ledger.release(self.job_id, slot)
            raise


def deliver(client: WebClient, job: DeskJob, message: Message) -> None:
    """In the thread; or privately through the response_url where the bot may not post."""
    if job.thread_ts:
        post(client, Thread(job.channel, job.thread_ts), message)
        return
    response = WebhookClient(job.response_url).send(
        text=message.text,
        blocks=message.block_dicts(),
        response_type="ephemeral",
        replace_original=False,
    )
    if response.status_code != 200:
        raise AnswerNotDelivered(f"response_url answered {response.status_code}")


def answer(job: DeskJob, services: Services, replies: Replies) -> None:
    """Run the check or recheck and send every reply, then index the claims answered (after
    the replies, so the index never delays them); raises on errors we cause."""
    where = Where(job.team, job.user, job.channel, job.thread_ts, job.private)
    desk = services.desk
    if job.kind == "recheck":
        analysis = desk.store.get_analysis(job.analysis_key)
        if analysis is None:
            replies.send(error_message(EXPIRED))
            return
        outcome = desk.recheck(analysis, where)
        if isinstance(outcome, Checked):
            outcome = replace(outcome, cached=False)
        replies.send(outcome_message(outcome, named(outcome, job.team, replies.client, services)))
        desk.remember([outcome], where)
        return
    request = Request(job.links, job.text, job.dropped_links)
    outcomes = desk.check(request, where)
    for outcome in outcomes:
        replies.send(outcome_message(outcome, named(outcome, job.team, replies.client, services)))
    desk.remember(outcomes, where)
    if job.dropped_links:
        replies.send(
            error_message(
                f"I read the first {services.settings.max_links} links only; "
                "send the others in a new message."
            )
        )


def named(outcome: Outcome, team: str, client: WebClient, services: Services) -> dict[str, str]:
    """The names of who marked the claims a first answer shows (a rechecked or re-asked
    article keeps its marks), so the answer names them rather than notifying them."""
    if not isinstance(outcome, Checked) or not outcome.statuses:
        return {}
    return names_for(client, services, team, who_of(outcome.statuses))


def finish(client: WebClient, job: DeskJob) -> None:
    if job.reaction_ts:
        react(client, job.channel, job.reaction_ts, remove=True)


def run_here(job: DeskJob, client: WebClient, services: Services) -> None:
    """The in-process path: no retry, so any failure is answered at once with an apology."""
    try:
        answer(job, services, Replies(client, job))
    except Exception:
        log.exception(
            "%s failed for %s/%s (team %s)", job.kind, job.channel, job.thread_ts, job.team
        )
        apologise(client, job)
    finally:
        finish(client, job)


def apologise(client: WebClient, job: DeskJob) -> None:
    try:
        deliver(client, job, apology())
    except Exception:
        log.exception("could not apologise in %s/%s", job.channel, job.thread_ts)


def submit(job: DeskJob, client: WebClient, services: Services) -> None:
    """Queue the job (rq) or run it on the pool; a full pool is told to the user at once."""
    if services.queue is not None:
        try:
            enqueued = services.queue.enqueue(perform, job, on_failure)
        except redis.RedisError:
            log.warning("could not enqueue a %s job; running it in this process", job.kind)
        else:
            if enqueued.deep:
                tell_queued(client, job, enqueued.ahead)
            return
    if not services.pool.submit(lambda: run_here(job, client, services)):
        finish(client, job)
        deliver(client, job, error_message(BUSY))


def tell_queued(client: WebClient, job: DeskJob, ahead: int) -> None:
    """Cosmetic: a failure to say so is logged, and the answer still comes."""
    noun = "request is" if ahead == 1 else "requests are"
    note = error_message(f"Busy desk: {ahead} {noun} ahead of yours. I'll answer here.")
    try:
        deliver(client, job, note)
    except Exception:
        log.warning("could not post the queue notice in %s/%s", job.channel, job.thread_ts)


def perform(data: dict[str, Any]) -> None:
    """RQ's entry point: one job, with this worker process's model, store and client.

    Pasted text is read from its key for this attempt and deleted once the job is answered; an
    attempt that raises leaves it for the retry. Text that expired while the job waited is
    asked for again rather than failed into an apology that would not say what to do."""
    context = worker_context()
    job = DeskJob.from_dict(data)
    current = get_current_job()
    job_id = current.id if current is not None else ""
    replies = Replies(context.client, job, context.ledger, job_id)
    if job.text_key:
        text = context.texts.take(job.text_key)
        if text is None:
            replies.send(error_message(TEXT_GONE))
            finish(context.client, job)
            return
        job = replace(job, text=text)
    answer(job, context.services, replies)
    context.texts.forget(job.text_key)
    finish(context.client, job)


def on_failure(rq_job: Any, connection: Any, kind: type, error: BaseException, tb: Any) -> None:
    """RQ calls this after every failed attempt, and for a job whose worker died; only the last
    attempt (no retries left) is answered, once, with an apology. An attempt to be retried
    keeps the pasted text for the retry; the last one deletes it first, since RQ keeps the
    failed job a day and the user has been told."""
    job = DeskJob.from_dict(rq_job.args[0])
    log.error(
        "job %s (%s for %s/%s, team %s) failed: %s; %s retries left",
        rq_job.id,
        job.kind,
        job.channel,
        job.thread_ts,
        job.team,
        kind.__name__,
        rq_job.retries_left or 0,
        exc_info=(kind, error, tb) if tb is not None else None,
    )
    context = worker_context()
    if rq_job.retries_left:
        context.texts.keep(job.text_key)
        return
    context.texts.forget(job.text_key)
    if context.ledger.claim(rq_job.id, -1):
        apologise(context.client, job)
    finish(context.client, job)

"""`claimdesk worker`: one process that loads the model once and runs queued checks until stopped.

It builds its services through the composition root (`bot.wiring`) like any other entry point;
the job functions it runs are `handlers.work.perform` and `on_failure`, named by RQ, not imported.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass

from rq import Queue, SimpleWorker
from slack_sdk import WebClient

from bot.article import Article
from bot.desk.queue import MAINTENANCE_SECONDS, AnswerLedger, connect, queue_name
from bot.engine import analyse
from bot.settings import Settings, load_settings
from bot.wiring import Services, build_client, build_services

log = logging.getLogger(__name__)


@dataclass
class WorkerContext:
    """What a worker process builds once (model, store, fetcher, Slack client) for all its jobs."""

    services: Services
    client: WebClient
    ledger: AnswerLedger


_context: WorkerContext | None = None


def worker_context() -> WorkerContext:
    """The process's context; built from the environment when RQ's own CLI runs our jobs."""
    global _context
    if _context is None:
        _context = build_context(load_settings())
    return _context


def build_context(settings: Settings) -> WorkerContext:
    services = build_services(settings, load_model=True)
    ledger = AnswerLedger(connect(settings), settings.key_prefix)
    return WorkerContext(services, build_client(settings), ledger)


def warm_up(context: WorkerContext) -> None:
    """One throwaway parse, so the first real job does not pay for lazy initialisation."""
    nlp = context.services.nlp
    if nlp is not None:
        analyse(Article(text="Officials said on Monday that 40 bridges were closed."), nlp)


def run_worker(settings: Settings, *, burst: bool = False, name: str = "") -> bool:
    """`claimdesk worker`: load the model once, then run jobs until stopped (or the queue is empty
    with `burst`). Returns whether any job ran.

    SimpleWorker runs each job in this process rather than a fork per job, so the model and
    every lazily built table stay warm across jobs; a job that hangs is still stopped by the
    job timeout (SIGALRM), and a process that dies is covered by abandoned-job handling.
    """
    global _context
    _context = build_context(settings)
    warm_up(_context)
    connection = connect(settings)
    worker = SimpleWorker(
        [Queue(queue_name(settings), connection=connection)],
        connection=connection,
        name=name or f"claimdesk.{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:6]}",
        maintenance_interval=MAINTENANCE_SECONDS,
    )
    log.info("claimdesk worker %s on queue %s", worker.name, queue_name(settings))
    try:
        return bool(
            worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level.upper())
        )
    finally:
        _context.services.close()

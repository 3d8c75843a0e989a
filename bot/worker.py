"""`claimdesk worker`: one process that runs queued checks until stopped; its analysis process
loads the model once.

It builds its services through the composition root (`bot.wiring`) like any other entry point;
the job functions it runs are `handlers.work.perform` and `on_failure`, named by RQ, not imported.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass

from rq import SimpleWorker
from slack_sdk import WebClient

from bot.desk.queue import (
    MAINTENANCE_SECONDS,
    SERIALIZER,
    AnswerLedger,
    OwnJob,
    PastedTexts,
    connect,
    desk_queue,
    queue_name,
)
from bot.settings import Settings, load_settings
from bot.wiring import Services, build_client, build_services

log = logging.getLogger(__name__)


@dataclass
class WorkerContext:
    """What a worker process builds once (model, store, fetcher, Slack client) for all its jobs."""

    services: Services
    client: WebClient
    ledger: AnswerLedger
    texts: PastedTexts


_context: WorkerContext | None = None


def worker_context() -> WorkerContext:
    """The process's context; built from the environment when RQ's own CLI runs our jobs."""
    global _context
    if _context is None:
        _context = build_context(load_settings())
    return _context


def build_context(settings: Settings) -> WorkerContext:
    services = build_services(settings)
    connection = connect(settings)
    ledger = AnswerLedger(connection, settings.key_prefix)
    texts = PastedTexts(connection, settings.key_prefix)
    return WorkerContext(services, build_client(settings), ledger, texts)


def warm_up(context: WorkerContext) -> None:
    """Start the analysis process and its model, so the first real job does not pay for it."""
    context.services.analysts.warm_up()


def run_worker(settings: Settings, *, burst: bool = False, name: str = "") -> bool:
    """`claimdesk worker`: load the model once, then run jobs until stopped (or the queue is empty
    with `burst`). Returns whether any job ran.

    SimpleWorker runs each job in this process rather than a fork per job, so the desk, its
    connections and its analysis process (which holds the model) stay warm across jobs. The
    analysis runs in that process under CLAIMDESK_ANALYSIS_TIMEOUT, killed and replaced when it
    runs over (a SIGALRM cannot interrupt spaCy's C code); RQ's job timeout, a minute longer,
    is the backstop, and a process that dies is covered by abandoned-job handling.
    """
    global _context
    _context = build_context(settings)
    warm_up(_context)
    connection = connect(settings)
    worker = SimpleWorker(
        [desk_queue(settings, connection)],
        connection=connection,
        job_class=OwnJob,
        serializer=SERIALIZER,
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

"""The composition root: everything a process builds once (store, analysis pool, work pool,
queue, Slack client), in one place, so entry points and handlers receive it instead of
building it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.desk.isolation import AnalysisPool, produce
from bot.desk.pool import WorkPool
from bot.desk.queue import JobQueue
from bot.desk.seen import ClaimMemory
from bot.desk.service import Desk
from bot.engine import PIPELINE_VERSION
from bot.engine.nlp import load_pipeline
from bot.records import Records, RecordsConfig, open_records
from bot.records.config import default_db_path
from bot.settings import Settings
from bot.store import open_store

BODY_LOGGERS = ("slack_sdk", "slack_bolt", "claimdesk.bolt")
log = logging.getLogger(__name__)


def keep_text_out_of_logs() -> None:
    """slack_sdk logs every Web API request and response body at DEBUG (the answers, with the
    article's words; conversations.history, with people's messages) and Bolt its responses:
    with CLAIMDESK_LOG_LEVEL=DEBUG pasted text would reach the logs. Those loggers stay at INFO."""
    for name in BODY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:
            logger.setLevel(logging.INFO)


def build_client(settings: Settings) -> WebClient:
    """One Web API client; Slack's 429s are retried after Retry-After by slack_sdk itself."""
    client = WebClient(token=settings.slack_bot_token or None, base_url=settings.slack_api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


@dataclass
class Services:
    """Everything built once per process and shared by the Slack handlers.

    The model is never loaded here: analyses run in `analysts`' worker processes (in every
    mode: the RQ worker process too), so a slow page never holds up this process.
    """

    settings: Settings
    desk: Desk
    pool: WorkPool
    analysts: AnalysisPool
    queue: JobQueue | None = None

    def health(self) -> dict[str, Any]:
        """The operator's detail (`claimdesk cache stats`); /healthz shows only `status`.
        `serving`: this process can answer (its analysis workers run, or a queue takes jobs)."""
        store = self.desk.store.health()
        serving = self.analysts.running or self.queue is not None
        model: dict[str, Any] = {
            "name": self.settings.model,
            "runs_on": "analysis worker processes",
            "processes": self.settings.analysis_processes,
            "timeout": self.settings.analysis_timeout,
        }
        ok = bool(store.get("ok")) and serving
        return {
            "status": "ok" if ok else "degraded",
            "ok": ok,
            "serving": serving,
            "redis": store,
            "model": model,
            "queue": self.queue.stats() if self.queue is not None else {"mode": "inline"},
        }

    def close(self) -> None:
        self.pool.shutdown(wait=False)
        if self.queue is not None:
            self.queue.close()


def build_services(settings: Settings) -> Services:
    """Open the store and the analysis pool: once, before the first request.

    The pool's worker processes start (and load the model) on the first analysis; an entry
    point that wants them warm calls `services.analysts.warm_up()`.
    """
    keep_text_out_of_logs()
    analysts = AnalysisPool(settings)
    store = open_store(settings, try_localhost=True, version=PIPELINE_VERSION)
    desk = Desk(settings, store, analysts, claim_memory(settings))
    pool = WorkPool(settings.workers, backlog=settings.workers * 16)
    queue = JobQueue(settings) if settings.queue == "rq" else None
    return Services(settings=settings, desk=desk, pool=pool, analysts=analysts, queue=queue)


def build_desk(settings: Settings, *, try_localhost: bool = True) -> Desk:
    """The terminal's desk: it analyses in this process (the operator's own), with the same
    sanitising as the bot's workers, since both run `bot.engine.analyse`."""
    load_pipeline(settings.model)
    store = open_store(settings, try_localhost=try_localhost, version=PIPELINE_VERSION)
    return Desk(
        settings,
        store,
        lambda link, text, key: produce(settings, link, text, key),
        claim_memory(settings),
    )


def records_config(settings: Settings) -> RecordsConfig:
    path = Path(settings.db_path).expanduser() if settings.db_path else default_db_path()
    url = settings.database_url
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    return RecordsConfig(db_path=path, database_url=url, retention_days=settings.retention_days)


def open_desk_records(settings: Settings) -> Records:
    """The desk's database (SQLite file, or PostgreSQL with DATABASE_URL), migrated."""
    config = records_config(settings)
    if not config.database_url:
        config.db_path.parent.mkdir(parents=True, exist_ok=True)
    return open_records(config)


def claim_memory(settings: Settings) -> ClaimMemory | None:
    """The claim index for "seen before"; without it the desk still answers, and says so once."""
    try:
        records = open_desk_records(settings)
        records.prune()
        return ClaimMemory(records)
    except Exception:
        log.exception("the desk's database is not available: answering without 'seen before'")
        return None

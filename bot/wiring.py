"""The composition root: everything a process builds once (model, store, fetcher, pool, queue,
Slack client), in one place, so entry points and handlers receive it instead of building it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from spacy.language import Language

from bot.analysis import Analysis
from bot.article import Article
from bot.desk.pool import WorkPool
from bot.desk.queue import JobQueue
from bot.desk.service import Desk
from bot.engine import PIPELINE_VERSION, analyse
from bot.engine.nlp import load_pipeline
from bot.reading.fetch import Fetcher, fetch_article
from bot.settings import Settings
from bot.store import open_store


def build_client(settings: Settings) -> WebClient:
    """One Web API client; Slack's 429s are retried after Retry-After by slack_sdk itself."""
    client = WebClient(token=settings.slack_bot_token or None, base_url=settings.slack_api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


@dataclass
class Services:
    """Everything built once per process and shared by the Slack handlers."""

    settings: Settings
    desk: Desk
    pool: WorkPool
    nlp: Language | None = None
    model_error: str = ""
    queue: JobQueue | None = None

    def health(self) -> dict[str, Any]:
        """`serving`: this process can answer (its model is loaded, or workers run the jobs)."""
        store = self.desk.store.health()
        model: dict[str, Any] = {"name": self.settings.model, "loaded": self.nlp is not None}
        if self.model_error:
            model["error"] = self.model_error
        if self.queue is not None and self.nlp is None:
            model["runs_on"] = "claimdesk worker processes (here only if Redis refuses a job)"
        serving = self.nlp is not None or self.queue is not None
        return {
            "ok": bool(store.get("ok")) and serving,
            "serving": serving,
            "redis": store,
            "model": model,
            "queue": self.queue.stats() if self.queue is not None else {"mode": "inline"},
        }

    def close(self) -> None:
        self.pool.shutdown(wait=False)
        if self.queue is not None:
            self.queue.close()


def build_services(settings: Settings, *, load_model: bool | None = None) -> Services:
    """Load the model, open the store, build the fetcher: once, before the first request.

    With CLAIMDESK_QUEUE=rq the slow work goes to `claimdesk worker` processes, so the receiving
    process does not load the model (about 70 MB) unless a job must run here because Redis
    refused it; workers ask for it with `load_model=True`.
    """
    if load_model is None:
        load_model = settings.queue != "rq"
    desk = build_desk(settings, load_model=load_model)
    pool = WorkPool(settings.workers, backlog=settings.workers * 16)
    queue = JobQueue(settings) if settings.queue == "rq" else None
    nlp = load_pipeline(settings.model) if load_model else None
    return Services(settings=settings, desk=desk, pool=pool, nlp=nlp, queue=queue)


def build_desk(
    settings: Settings, *, try_localhost: bool = True, load_model: bool = True
) -> Desk:
    """A desk for one process: the terminal builds this alone; the bot wraps it in `Services`.

    The pipeline is cached per process (`load_pipeline`), so the bot's `Services` and its desk
    share one model.
    """
    if load_model:
        load_pipeline(settings.model)
    store = open_store(settings, try_localhost=try_localhost, version=PIPELINE_VERSION)
    fetcher = Fetcher(settings)

    def run_engine(article: Article, key: str) -> Analysis:
        nlp = load_pipeline(settings.model)
        return analyse(article, nlp, key=key, max_chars=settings.max_chars)

    return Desk(settings, store, lambda url: fetch_article(fetcher, url), run_engine)

"""The desk: what happens to a request for a check, whichever surface it came from.

Given a parsed request (links and/or pasted text), the desk checks the rate limit, looks in the
cache, fetches, analyses, caches and remembers which thread the analysis belongs to. It answers
with plain outcome values (`Checked`, `Refused`) that the Slack handlers and the terminal each
draw their own way; it never sees a Slack payload.

`Services` holds what is built once per process (the spaCy pipeline, the store, the fetcher,
the worker pool) so the surfaces reach them through one object instead of Bolt's `context`,
which is deep-copied for lazy listeners.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from spacy.language import Language

from bot.analysis import Analysis, Claim, text_key, url_key
from bot.article import Article
from bot.errors import StatusesUnavailable, UserError
from bot.settings import Settings
from bot.store import ClaimStatus, Status, StatusChange, Store

if TYPE_CHECKING:
    from bot.jobs import JobQueue

log = logging.getLogger(__name__)


class CheckRequest(Protocol):
    """What `bot.intake.parse_message` returns: links to fetch and/or text to analyse."""

    links: tuple[str, ...] | list[str]
    text: str


@dataclass(frozen=True)
class Where:
    """Who asked, and the thread the answer belongs to (no team and no thread: the terminal)."""

    team: str = ""
    user: str = ""
    channel: str = ""
    thread_ts: str = ""


@dataclass(frozen=True)
class Checked:
    """An analysis to show; `cached` says it was not fetched and analysed this time."""

    analysis: Analysis
    cached: bool
    statuses: Mapping[str, ClaimStatus] = field(default_factory=dict)
    link: str = ""


@dataclass(frozen=True)
class Refused:
    """A request answered with words instead of an analysis: dead link, empty text, rate limit."""

    message: str
    link: str = ""


Outcome = Checked | Refused


@dataclass(frozen=True)
class _Item:
    """One thing to check in a request: a link, or the pasted text."""

    link: str
    text: str
    key: str


Fetch = Callable[[str], Article]
Analyse = Callable[[Article, str], Analysis]


class Desk:
    """Runs checks against the cache, the fetcher and the engine; safe to share across threads.

    spaCy does not promise thread safety for one pipeline used from several threads, and under
    the GIL a second concurrent parse would not finish sooner, so parses are serialised while
    fetches (network-bound) run in parallel.
    """

    def __init__(self, settings: Settings, store: Store, fetch: Fetch, analyse: Analyse) -> None:
        self.settings = settings
        self.store = store
        self._fetch = fetch
        self._analyse = analyse
        self._parse_lock = threading.Lock()

    def check(self, request: CheckRequest, where: Where, *, fresh: bool = False) -> list[Outcome]:
        """One outcome per link (and one for pasted text); cached answers skip the rate limit."""
        items = self._items(request)
        cached = {} if fresh else {item.key: self.store.get_analysis(item.key) for item in items}
        needs_work = [item for item in items if cached.get(item.key) is None]
        refusal = self._rate_refusal(where) if needs_work else None
        outcomes: list[Outcome] = []
        for item in items:
            hit = cached.get(item.key)
            if hit is not None:
                outcomes.append(self._done(hit, True, item, where))
            elif refusal is not None:
                outcomes.append(Refused(refusal, item.link))
            else:
                outcomes.append(self._work(item, where))
        return outcomes

    def is_cached(self, request: CheckRequest) -> bool:
        """Whether every part of the request is answered from the cache (no progress to show)."""
        return all(self.store.get_analysis(item.key) is not None for item in self._items(request))

    def recheck(self, analysis: Analysis, where: Where) -> Outcome:
        """Fetch and analyse a linked article again; the desk's marks carry over by fingerprint."""
        if not analysis.article.url or not analysis.key.startswith("url:"):
            return Refused(
                "This analysis came from pasted text: paste the text again to recheck it."
            )
        refusal = self._rate_refusal(where)
        if refusal is not None:
            return Refused(refusal, analysis.article.url)
        item = _Item(analysis.article.url, "", analysis.key)
        return self._work(item, where)

    def thread_analysis(self, channel: str, thread_ts: str) -> Analysis | None:
        """The analysis a thread is about (the most recent one when it holds several)."""
        for key in reversed(self.store.thread_keys(channel, thread_ts)):
            analysis = self.store.get_analysis(key)
            if analysis is not None:
                return analysis
        return None

    def first_delivery(self, team: str, channel: str, ts: str) -> bool:
        """True once per message, across threads and processes (the store's SET NX decides)."""
        return self.store.first_delivery(team, channel, ts)

    def thread_known(self, channel: str, thread_ts: str) -> bool:
        return bool(self.store.thread_keys(channel, thread_ts))

    def statuses(self, analysis: Analysis) -> dict[str, ClaimStatus]:
        """The desk's marks, or none while the store cannot say (the answer is still useful)."""
        try:
            return self.store.statuses(analysis.key)
        except StatusesUnavailable:
            log.warning("claim statuses unavailable for %s; answering without them", analysis.key)
            return {}

    def mark(
        self, analysis: Analysis, claim: Claim, status: Status, who: str, note: str
    ) -> StatusChange:
        """Record a mark; raises StatusNotSaved (a UserError) when the store cannot keep it."""
        return self.store.mark(
            analysis.key, claim.fingerprint, status, who, note, claim_text=claim.text
        )

    def _items(self, request: CheckRequest) -> list[_Item]:
        from bot.urls import canonical_url

        items = [_Item(link, "", url_key(canonical_url(link))) for link in request.links]
        if request.text.strip():
            items.append(_Item("", request.text, text_key(request.text)))
        return items

    def _rate_refusal(self, where: Where) -> str | None:
        """Limits protect a shared bot from a workspace's users; the terminal (no team) is the
        operator's own process, so a batch of `claimdesk check` runs is never refused."""
        if not where.team:
            return None
        decision = self.store.allow(where.team, where.user or "unknown")
        return None if decision.allowed else decision.message

    def _work(self, item: _Item, where: Where) -> Outcome:
        try:
            article = self._fetch(item.link) if item.link else Article(text=item.text)
            with self._parse_lock:
                analysis = self._analyse(article, item.key)
        except UserError as error:
            log.info("refused %s: %s", item.link or "pasted text", error)
            return Refused(error.user_message, item.link)
        aliases = {text_key(article.text)} if article.text.strip() else set()
        if article.canonical_url:
            aliases.add(url_key(article.canonical_url))
        aliases.discard(analysis.key)
        self.store.put_analysis(analysis, aliases=sorted(aliases))
        return self._done(analysis, False, item, where)

    def _done(self, analysis: Analysis, cached: bool, item: _Item, where: Where) -> Checked:
        if where.channel and where.thread_ts:
            self.store.bind_thread(where.channel, where.thread_ts, analysis.key)
        return Checked(analysis, cached, self.statuses(analysis), item.link)


class WorkPool:
    """A fixed set of worker threads with a bounded backlog, for work too slow for an ack.

    `submit` refuses (returns False) instead of queueing without end, so a burst of requests
    gets a "busy, try again" answer rather than answers that arrive an hour late.
    """

    def __init__(self, workers: int, backlog: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="desk")
        self._slots = threading.BoundedSemaphore(max(1, workers) + max(0, backlog))

    def submit(self, job: Callable[[], None]) -> bool:
        if not self._slots.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                job()
            except Exception:
                log.exception("unhandled error in a desk job")
            finally:
                self._slots.release()

        self._executor.submit(run)
        return True

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=not wait)


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
    from bot.jobs import JobQueue
    from bot.nlp import load_pipeline

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
    from bot.engine import PIPELINE_VERSION, analyse
    from bot.fetch import Fetcher, fetch_article
    from bot.nlp import load_pipeline
    from bot.store import open_store

    if load_model:
        load_pipeline(settings.model)
    store = open_store(settings, try_localhost=try_localhost, version=PIPELINE_VERSION)
    fetcher = Fetcher(settings)

    def run_engine(article: Article, key: str) -> Analysis:
        nlp = load_pipeline(settings.model)
        return analyse(article, nlp, key=key, max_chars=settings.max_chars)

    return Desk(settings, store, lambda url: fetch_article(fetcher, url), run_engine)

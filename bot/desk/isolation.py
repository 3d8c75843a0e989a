"""Fetch and analyse in worker processes, each analysis under one hard wall-clock limit.

spaCy tokenizes and parses in C holding the GIL: a slow parse in the process that
acknowledges Slack delays every ack of that process, and no alarm or thread inside it can stop
the parse. So the bot never analyses in its own process: `AnalysisPool` hands each fetch and
analysis to a small pool of worker processes (CLAIMDESK_ANALYSIS_PROCESSES), and a worker still
busy after CLAIMDESK_ANALYSIS_TIMEOUT seconds is killed and replaced while the user is told the
page took too long. The parent keeps the cache, dedupe and Slack; a worker loads the model once
and returns plain data (`Analysis.to_dict()` and the cache aliases) or a user error's message.

pebble's ProcessPool does the process management: per-task timeouts that kill the worker and
start a new one, detection of a worker that died (ProcessExpired) and an initializer; it is
pure Python and maintained. concurrent.futures' ProcessPoolExecutor has no per-task timeout and
marks the whole pool broken when one worker dies; multiprocessing.Pool cannot kill a task.

Workers are spawned, not forked: the parent runs HTTP, Bolt, Redis and pool threads, and a fork
would copy their locks mid-use. One pool per process and model, started on first use and shared
like the cached pipeline, so building services again (tests, a recheck) does not load the model
again. `claimdesk check` keeps analysing in its own process (`produce`): it is the operator's.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import dataclasses
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import cache
from typing import Any

from pebble import ProcessExpired, ProcessPool

from bot.analysis import Analysis, text_key, url_key
from bot.article import Article
from bot.engine import analyse
from bot.engine.nlp import load_pipeline
from bot.errors import AnalysisFailed, AnalysisTimeout, UserError
from bot.reading.fetch import Fetcher, fetch_article
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Produced:
    """An analysis and the other cache keys that lead to it (the text's, the canonical URL's)."""

    analysis: Analysis
    aliases: tuple[str, ...] = ()


Produce = Callable[[str, str, str], Produced]


@cache
def _fetcher(settings: Settings) -> Fetcher:
    return Fetcher(settings)


def produce(settings: Settings, link: str, text: str, key: str) -> Produced:
    """Fetch `link` (or take `text`) and analyse it in this process."""
    article = fetch_article(_fetcher(settings), link) if link else Article(text=text)
    nlp = load_pipeline(settings.model)
    analysis = analyse(article, nlp, key=key, max_chars=settings.max_chars)
    aliases = {text_key(article.text)} if article.text.strip() else set()
    if article.canonical_url:
        aliases.add(url_key(article.canonical_url))
    aliases.discard(analysis.key)
    return Produced(analysis, tuple(sorted(aliases)))


def _start_worker(model: str, log_level: str) -> None:
    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s[analysis]: %(message)s"
    )
    load_pipeline(model)


def worker_task(settings: Settings, link: str, text: str, key: str) -> dict[str, Any]:
    """What a worker runs for one check: plain data back, since exceptions with their own
    constructors do not always survive pickling."""
    try:
        produced = produce(settings, link, text, key)
    except UserError as error:
        return {"refused": error.user_message}
    finally:
        give_back_memory()
    return {"analysis": produced.analysis.to_dict(), "aliases": list(produced.aliases)}


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back_memory() -> None:
    """Hand the heap a long article grew back to the system. glibc keeps freed memory for the
    process's next allocations, so a worker's RSS stayed at the high-water mark of the longest
    article it had read (bench/memory.py: +120 MB after one 33,000-character article, kept
    for good); malloc_trim returns it, in about a millisecond. Where the C library has no
    malloc_trim (musl, macOS), nothing is done."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_pools: dict[tuple[str, int, str], ProcessPool] = {}
_pools_lock = threading.Lock()


def _shared_pool(settings: Settings) -> ProcessPool:
    name = (settings.model, max(1, settings.analysis_processes), settings.log_level)
    with _pools_lock:
        pool = _pools.get(name)
        if pool is None or not pool.active:
            pool = ProcessPool(
                max_workers=name[1],
                initializer=_start_worker,
                initargs=(settings.model, settings.log_level),
                context=multiprocessing.get_context("spawn"),
            )
            _pools[name] = pool
        return pool


@atexit.register
def _stop_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.stop()
        _pools.clear()


class AnalysisPool:
    """The desk's `produce` step, run in a worker process under the analysis time limit."""

    def __init__(self, settings: Settings) -> None:
        self.settings = dataclasses.replace(
            settings, slack_bot_token="", slack_signing_secret="", slack_app_token="", redis_url=""
        )

    def __call__(self, link: str, text: str, key: str) -> Produced:
        limit = self.settings.analysis_timeout
        future = _shared_pool(self.settings).schedule(
            worker_task, args=(self.settings, link, text, key), timeout=limit
        )
        try:
            result = future.result()
        except FutureTimeout:
            log.warning("analysis of %s stopped after %d s", link or "pasted text", limit)
            raise AnalysisTimeout(limit, link=bool(link)) from None
        except ProcessExpired as error:
            log.error("the worker analysing %s died: %s", link or "pasted text", error)
            raise AnalysisFailed() from None
        if "refused" in result:
            raise UserError(result["refused"])
        return Produced(Analysis.from_dict(result["analysis"]), tuple(result["aliases"]))

    def warm_up(self) -> None:
        """Start the workers and load their model before the first real request."""
        self("", "Officials said on Monday that 40 bridges were closed.", "text:warm-up")

    @property
    def running(self) -> bool:
        pool = _pools.get(
            (self.settings.model, max(1, self.settings.analysis_processes), self.settings.log_level)
        )
        return pool is None or pool.active

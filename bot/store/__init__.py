"""The desk's memory in Redis (cache, thread memory, dedupe, marks, rate limits):
`open_store(settings)` gives the one `Store` the bot and the CLI share. It never imports the
engine, the desk, the queue or Slack.

from bot.store import open_store
store = open_store(settings)
analysis = store.get_analysis(key) or analyse_and_cache(...)
"""

from __future__ import annotations

import logging

from bot.errors import DeskMemoryUnavailable, StatusNotSaved
from bot.settings import Settings
from bot.status import (
    ClaimStatus,
    MarkedClaims,
    Status,
    StatusChange,
    overlay,
    parse_status,
)
from bot.store.base import THREAD_CAPACITY, RateDecision, Store

__all__ = [
    "LOCAL_REDIS_URL",
    "THREAD_CAPACITY",
    "ClaimStatus",
    "DeskMemoryUnavailable",
    "MarkedClaims",
    "RateDecision",
    "Status",
    "StatusChange",
    "StatusNotSaved",
    "Store",
    "open_store",
    "overlay",
    "parse_status",
]

LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"

log = logging.getLogger(__name__)


def open_store(settings: Settings, *, try_localhost: bool = True, version: str = "") -> Store:
    """Redis at REDIS_URL; else a Redis answering on localhost; else process memory, with a warning.

    A configured REDIS_URL is used even when it does not answer yet: the store degrades while
    Redis is down and picks it up again when it returns. `version` (the pipeline version) goes
    into the analysis keys next to the schema version, so an upgrade never reads old entries.
    """
    from bot.store.memory import MemoryStore
    from bot.store.redis_store import RedisStore

    if settings.redis_url:
        return RedisStore.from_url(settings.redis_url, settings, version=version)
    if try_localhost:
        local = RedisStore.from_url(LOCAL_REDIS_URL, settings, version=version)
        if local.ping():
            log.info("REDIS_URL is not set; using the Redis answering at %s", LOCAL_REDIS_URL)
            return local
        local.close()
    if not try_localhost:
        log.info("REDIS_URL is not set: caching in this process only")
        return MemoryStore(settings, version=version)
    log.warning(
        "No Redis (REDIS_URL unset, none on localhost): caching in this process only; "
        "analyses, thread memory and desk marks are lost when it exits"
    )
    return MemoryStore(settings, version=version)

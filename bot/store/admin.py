"""`claimdesk cache stats` and `claimdesk cache forget URL`: the shared Redis cache, by hand.

Both talk to Redis only (REDIS_URL, else a Redis on localhost): the in-process store of a
one-off command holds nothing worth showing or removing. A newsroom removing an article
(a correction, a legal request) removes it under every schema and pipeline version.
"""

from __future__ import annotations

from typing import Any

from bot.errors import DeskMemoryUnavailable
from bot.reading.urls import canonical_url
from bot.settings import Settings
from bot.store import LOCAL_REDIS_URL
from bot.store.redis_store import RedisStore


def shared_store(settings: Settings) -> RedisStore:
    """Raises DeskMemoryUnavailable, naming where it looked, when no Redis answers."""
    url = settings.redis_url or LOCAL_REDIS_URL
    store = RedisStore.from_url(url, settings)
    if not store.ping():
        store.close()
        hint = "" if settings.redis_url else " (REDIS_URL is not set)"
        raise DeskMemoryUnavailable(f"No Redis answers at {store.where}{hint}.")
    return store


def stats(settings: Settings) -> dict[str, Any]:
    """The cache's figures: keys, memory, hits, misses, hit ratio."""
    store = shared_store(settings)
    try:
        return store.stats()
    finally:
        store.close()


def forget_url(settings: Settings, url_or_key: str) -> int:
    """How many entries went: the analysis, its aliases, copies under older versions."""
    target = url_or_key.strip()
    if target.lower().startswith(("http://", "https://")):
        target = canonical_url(target)
    store = shared_store(settings)
    try:
        return store.forget(target)
    finally:
        store.close()

"""The Redis store: what every bot process shares, and what survives restarts and deploys.

Every key has a TTL. Multi-step updates are single Lua scripts or MULTI/EXEC transactions, so
two processes writing at once never leave half an update. Connection and timeout errors never
reach the caller except as DeskMemoryUnavailable where the user must know; see
bot.store.outage for how an outage is noticed and ended.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from bot.analysis import Analysis
from bot.board import BoardEntry
from bot.errors import DeskMemoryUnavailable
from bot.settings import Settings
from bot.store import scripts
from bot.store.base import BOARD_CAPACITY, THREAD_CAPACITY, RateDecision
from bot.store.codec import alias_to, decode, encode
from bot.store.keys import Keys, analysis_key_for
from bot.store.local import ExpiringDict, SlidingWindowLimiter, denied
from bot.store.memory import hit_ratio
from bot.store.outage import OutageGate

log = logging.getLogger("bot.store")

T = TypeVar("T")
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class _Unavailable:
    """Returned instead of a result when Redis could not be asked or did not answer."""


UNAVAILABLE = _Unavailable()


class RedisStore:
    backend = "redis"

    def __init__(self, client: redis.Redis, settings: Settings, *, version: str = "") -> None:
        self.client = client
        self.settings = settings
        self.keys = Keys(settings.key_prefix, version)
        self.where = redacted_url(client)
        self.gate = OutageGate(self.where, settings.redis_retry_after)
        self._seen_here: ExpiringDict[bool] = ExpiringDict(10_000)
        self._limiter = SlidingWindowLimiter(
            settings.rate_limit, settings.team_rate_limit, settings.rate_window
        )
        self._get_script = client.register_script(scripts.GET_ANALYSIS)
        self._allow_script = client.register_script(scripts.ALLOW)

    @classmethod
    def from_url(cls, url: str, settings: Settings, *, version: str = "") -> RedisStore:
        """Short timeouts and no retries: a reply must never wait on Redis for long."""
        client = redis.Redis.from_url(
            url,
            socket_timeout=settings.redis_timeout,
            socket_connect_timeout=settings.redis_timeout,
            retry=Retry(NoBackoff(), 0),
        )
        return cls(client, settings, version=version)

    def _call(self, operation: str, action: Callable[[], T]) -> T | _Unavailable:
        if not self.gate.may_try():
            return UNAVAILABLE
        try:
            result = action()
        except OUTAGE_ERRORS as error:
            self.gate.failed(operation, error)
            return UNAVAILABLE
        except RedisError:
            log.exception("Redis refused %s at %s", operation, self.where)
            return UNAVAILABLE
        self.gate.succeeded()
        return result

    def get_analysis(self, key: str) -> Analysis | None:
        blob = self._call(
            "get_analysis",
            lambda: self._get_script(
                keys=[self.keys.analysis(key), self.keys.hits, self.keys.misses],
                args=[self.keys.analysis_space, self.settings.status_ttl],
            ),
        )
        if isinstance(blob, _Unavailable) or blob is None:
            return None
        try:
            return decode(blob).analysis
        except ValueError as error:
            log.warning("Ignoring unreadable cached analysis %s: %s", key, error)
            return None

    def put_analysis(self, analysis: Analysis, aliases: Iterable[str] = ()) -> None:
        others = tuple(a for a in dict.fromkeys(aliases) if a != analysis.key)
        blob = encode(analysis, others)
        ttl = self.settings.cache_ttl

        def write() -> None:
            pipe = self.client.pipeline(transaction=True)
            pipe.set(self.keys.analysis(analysis.key), blob, ex=ttl)
            for alias in others:
                pipe.set(self.keys.analysis(alias), alias_to(analysis.key), ex=ttl)
            pipe.execute()

        self._call("put_analysis", write)

    def forget(self, key_or_url: str) -> int:
        """Raises DeskMemoryUnavailable when Redis is down: a removal must not silently fail."""
        key = analysis_key_for(key_or_url)
        removed = self._call("forget", lambda: self._forget(key))
        if isinstance(removed, _Unavailable):
            raise DeskMemoryUnavailable(detail=f"could not forget {key}")
        return removed

    def _forget(self, key: str) -> int:
        blob = self.client.get(self.keys.analysis(key))
        main = key
        if blob is not None and blob[:1] == b"@":
            main = blob[1:].decode()
            blob = self.client.get(self.keys.analysis(main))
        names = {self.keys.analysis(key), self.keys.analysis(main)}
        if blob is not None:
            try:
                names.update(self.keys.analysis(a) for a in decode(blob).aliases)
            except ValueError:
                log.warning("Forgetting unreadable cached analysis %s", main)
        for pattern_key in {key, main}:
            names.update(self.client.scan_iter(self.keys.analysis_any_version(pattern_key)))
        return int(self.client.delete(*names))

    def bind_thread(self, channel: str, thread_ts: str, analysis_key: str) -> None:
        name = self.keys.thread(channel, thread_ts)

        def write() -> None:
            pipe = self.client.pipeline(transaction=True)
            pipe.lrem(name, 0, analysis_key)
            pipe.rpush(name, analysis_key)
            pipe.ltrim(name, -THREAD_CAPACITY, -1)
            pipe.expire(name, self.settings.thread_ttl)
            pipe.execute()

        self._call("bind_thread", write)

    def thread_keys(self, channel: str, thread_ts: str) -> list[str]:
        name = self.keys.thread(channel, thread_ts)
        keys = self._call("thread_keys", lambda: self.client.lrange(name, 0, -1))
        return [] if isinstance(keys, _Unavailable) else [k.decode() for k in keys]

    def remember_message(self, channel: str, thread_ts: str, name: str, ts: str) -> None:
        key = self.keys.posted(channel, thread_ts)

        def write() -> None:
            pipe = self.client.pipeline(transaction=True)
            pipe.hset(key, name, ts)
            pipe.expire(key, self.settings.thread_ttl)
            pipe.execute()

        self._call("remember_message", write)

    def remembered_message(self, channel: str, thread_ts: str, name: str) -> str | None:
        key = self.keys.posted(channel, thread_ts)
        ts = self._call("remembered_message", lambda: self.client.hget(key, name))
        return None if isinstance(ts, _Unavailable) or ts is None else ts.decode()

    def index_analysis(self, entry: BoardEntry, max_age: float) -> None:
        """A sorted set orders the entries by time and a hash holds them; one transaction keeps
        the two in step, and trimming drops both the old and the over-capacity entries."""
        order, items = self.keys.board(entry.team), self.keys.board_items(entry.team)
        ttl = max(1, int(max_age))

        def write() -> None:
            stale = self.client.zrangebyscore(order, "-inf", f"({entry.at - max_age}")
            stale += self.client.zrange(order, 0, -BOARD_CAPACITY - 1)
            pipe = self.client.pipeline(transaction=True)
            pipe.zadd(order, {entry.id: entry.at})
            pipe.hset(items, entry.id, entry.to_json())
            if stale:
                pipe.zrem(order, *stale)
                pipe.hdel(items, *stale)
            pipe.expire(order, ttl)
            pipe.expire(items, ttl)
            pipe.execute()

        self._call("index_analysis", write)

    def recent_analyses(self, team: str, since: float) -> list[BoardEntry]:
        order, items = self.keys.board(team), self.keys.board_items(team)

        def read() -> list[bytes | None]:
            ids = self.client.zrevrangebyscore(order, "+inf", since)
            return list(self.client.hmget(items, ids)) if ids else []

        raw = self._call("recent_analyses", read)
        if isinstance(raw, _Unavailable):
            return []
        entries = []
        for blob in raw:
            if blob is None:
                continue
            try:
                entries.append(BoardEntry.from_json(blob))
            except (KeyError, ValueError, TypeError) as error:
                log.error("Unreadable board entry for team %s: %s", team, error)
        return entries

    def put_memo(self, kind: str, name: str, value: str, ttl: int) -> None:
        key = self.keys.memo(kind, name)
        self._call("put_memo", lambda: self.client.set(key, value.encode(), ex=max(1, ttl)))

    def get_memos(self, kind: str, names: Sequence[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        keys = [self.keys.memo(kind, name) for name in wanted]
        values = self._call("get_memos", lambda: self.client.mget(keys))
        if isinstance(values, _Unavailable):
            return {}
        return {n: v.decode() for n, v in zip(wanted, values, strict=True) if v is not None}

    def first_delivery(self, team: str, channel: str, ts: str) -> bool:
        """Redis decides, in one atomic SET NX; process memory only stands in during an outage.

        A message answered during an outage is remembered here, so a retry arriving after Redis
        returns (and finding no key there) is not answered a second time.
        """
        name = self.keys.seen(team, channel, ts)
        new = self._call(
            "first_delivery",
            lambda: self.client.set(name, b"1", nx=True, ex=self.settings.dedupe_ttl),
        )
        if isinstance(new, _Unavailable):
            return self._seen_here.add(name, True, self.settings.dedupe_ttl)
        return bool(new) and self._seen_here.get(name) is None

    def allow(self, team: str, user: str) -> RateDecision:
        window_ms = self.settings.rate_window * 1000
        verdict = self._call(
            "allow",
            lambda: self._allow_script(
                keys=[self.keys.user_rate(team, user), self.keys.team_rate(team)],
                args=[
                    int(time.time() * 1000),
                    window_ms,
                    self.settings.rate_limit,
                    self.settings.team_rate_limit,
                    f"{os.getpid()}:{uuid.uuid4().hex}",
                ],
            ),
        )
        if isinstance(verdict, _Unavailable):
            return self._limiter.allow(team, user)
        which, wait_ms = int(verdict[0]), int(verdict[1])
        if which == 0:
            return RateDecision(allowed=True)
        limit = self.settings.rate_limit if which == 1 else self.settings.team_rate_limit
        return denied(limit, self.settings.rate_window, wait_ms / 1000, team=which == 2)

    def stats(self) -> dict[str, Any]:
        """Scans this prefix's keys: meant for `claimdesk cache stats`, not for every request."""
        figures = self._call("stats", self._stats)
        if isinstance(figures, _Unavailable):
            raise DeskMemoryUnavailable(detail="cache stats")
        return figures

    def _stats(self) -> dict[str, Any]:
        names = list(self.client.scan_iter(match=self.keys.everything, count=1000))
        space = self.keys.analysis_space.encode()
        memory = analyses = 0
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            pipe = self.client.pipeline(transaction=False)
            for name in batch:
                pipe.memory_usage(name)
            cached = [name for name in batch if name.startswith(space)]
            for name in cached:
                pipe.getrange(name, 0, 0)
            replies = pipe.execute()
            memory += sum(size or 0 for size in replies[: len(batch)])
            analyses += sum(1 for tag in replies[len(batch) :] if tag and tag != b"@")
        hits, misses = (int(v or 0) for v in self.client.mget(self.keys.hits, self.keys.misses))
        return {
            "backend": self.backend,
            "url": self.where,
            "keys": len(names),
            "analyses": analyses,
            "memory_bytes": memory,
            "hits": hits,
            "misses": misses,
            "hit_ratio": hit_ratio(hits, misses),
        }

    def health(self) -> dict[str, Any]:
        started = time.perf_counter()
        ok = self.ping()
        return {
            "backend": self.backend,
            "ok": ok,
            "shared": True,
            "url": self.where,
            "latency_ms": round((time.perf_counter() - started) * 1000, 2) if ok else None,
        }

    def ping(self) -> bool:
        """Asks Redis even during an outage: this is how health checks see it come back."""
        try:
            self.client.ping()
        except OUTAGE_ERRORS as error:
            self.gate.failed("ping", error)
            return False
        except RedisError:
            log.exception("Redis refused ping at %s", self.where)
            return False
        self.gate.succeeded()
        return True

    def close(self) -> None:
        self.client.close()


def redacted_url(client: redis.Redis) -> str:
    """Where Redis is, for logs, without its password."""
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix://{kwargs['path']}"
    host, port, db = kwargs.get("host", "?"), kwargs.get("port", "?"), kwargs.get("db", 0)
    secure = client.connection_pool.connection_class.__name__.startswith("SSL")
    scheme = "rediss" if secure else "redis"
    return urlunsplit((scheme, f"{host}:{port}", f"/{db}", "", ""))

"""The in-process store: local `claimdesk check` and tests with no Redis at all.

Same contract as the Redis store, bounded and with the same TTLs, but private to one process
and gone when it exits; `open_store` warns when it falls back to this.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from bot.analysis import Analysis
from bot.board import BoardEntry
from bot.settings import Settings
from bot.store.base import BOARD_CAPACITY, THREAD_CAPACITY, RateDecision
from bot.store.codec import decode, encode
from bot.store.keys import analysis_key_for
from bot.store.local import Clock, ExpiringDict, SlidingWindowLimiter

MAX_ANALYSES = 500


class MemoryStore:
    backend = "memory"

    def __init__(
        self, settings: Settings, *, version: str = "", clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.version = version
        extra = {"clock": clock} if clock else {}
        self._analyses: ExpiringDict[bytes] = ExpiringDict(MAX_ANALYSES, **extra)
        self._aliases: ExpiringDict[str] = ExpiringDict(MAX_ANALYSES * 4, **extra)
        self._threads: ExpiringDict[list[str]] = ExpiringDict(10_000, **extra)
        self._seen: ExpiringDict[bool] = ExpiringDict(10_000, **extra)
        self._posted: ExpiringDict[str] = ExpiringDict(10_000, **extra)
        self._memos: ExpiringDict[str] = ExpiringDict(10_000, **extra)
        self._board: dict[str, dict[str, BoardEntry]] = {}
        self._limiter = SlidingWindowLimiter(
            settings.rate_limit, settings.team_rate_limit, settings.rate_window, **extra
        )
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get_analysis(self, key: str) -> Analysis | None:
        blob = self._analyses.get(key)
        if blob is None:
            target = self._aliases.get(key)
            blob = self._analyses.get(target) if target else None
        with self._lock:
            if blob is None:
                self._misses += 1
            else:
                self._hits += 1
        return decode(blob).analysis if blob is not None else None

    def put_analysis(self, analysis: Analysis, aliases: Iterable[str] = ()) -> None:
        others = tuple(a for a in dict.fromkeys(aliases) if a != analysis.key)
        self._analyses.set(analysis.key, encode(analysis, others), self.settings.cache_ttl)
        for alias in others:
            self._aliases.set(alias, analysis.key, self.settings.cache_ttl)

    def forget(self, key_or_url: str) -> int:
        key = analysis_key_for(key_or_url)
        target = self._aliases.pop(key)
        removed = int(target is not None)
        key = target or key
        blob = self._analyses.pop(key)
        if blob is not None:
            removed += 1
            removed += sum(self._aliases.pop(a) is not None for a in decode(blob).aliases)
        return removed

    def bind_thread(self, channel: str, thread_ts: str, analysis_key: str) -> None:
        name = f"{channel}:{thread_ts}"
        with self._lock:
            keys = [k for k in self._threads.get(name) or [] if k != analysis_key]
            keys = [*keys, analysis_key][-THREAD_CAPACITY:]
            self._threads.set(name, keys, self.settings.thread_ttl)

    def thread_keys(self, channel: str, thread_ts: str) -> list[str]:
        return list(self._threads.get(f"{channel}:{thread_ts}") or [])

    def remember_message(self, channel: str, thread_ts: str, name: str, ts: str) -> None:
        self._posted.set(f"{channel}:{thread_ts}:{name}", ts, self.settings.thread_ttl)

    def remembered_message(self, channel: str, thread_ts: str, name: str) -> str | None:
        return self._posted.get(f"{channel}:{thread_ts}:{name}")

    def index_analysis(self, entry: BoardEntry, max_age: float) -> None:
        oldest = time.time() - max_age
        with self._lock:
            entries = self._board.setdefault(entry.team, {})
            entries[entry.id] = entry
            for stale in [k for k, e in entries.items() if e.at < oldest]:
                del entries[stale]
            while len(entries) > BOARD_CAPACITY:
                del entries[min(entries, key=lambda k: entries[k].at)]

    def recent_analyses(self, team: str, since: float) -> list[BoardEntry]:
        with self._lock:
            entries = [e for e in self._board.get(team, {}).values() if e.at >= since]
        return sorted(entries, key=lambda e: e.at, reverse=True)

    def put_memo(self, kind: str, name: str, value: str, ttl: int) -> None:
        self._memos.set(f"{kind}:{name}", value, ttl)

    def get_memos(self, kind: str, names: Sequence[str]) -> dict[str, str]:
        found = {name: self._memos.get(f"{kind}:{name}") for name in names}
        return {name: value for name, value in found.items() if value is not None}

    def first_delivery(self, team: str, channel: str, ts: str) -> bool:
        return self._seen.add(f"{team}:{channel}:{ts}", True, self.settings.dedupe_ttl)

    def allow(self, team: str, user: str) -> RateDecision:
        return self._limiter.allow(team, user)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            hits, misses = self._hits, self._misses
        keys = len(self._analyses) + len(self._aliases) + len(self._threads)
        return {
            "backend": self.backend,
            "keys": keys,
            "analyses": len(self._analyses),
            "memory_bytes": None,
            "hits": hits,
            "misses": misses,
            "hit_ratio": hit_ratio(hits, misses),
        }

    def health(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": True, "shared": False}

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        return None


def hit_ratio(hits: int, misses: int) -> float | None:
    return round(hits / (hits + misses), 4) if hits + misses else None

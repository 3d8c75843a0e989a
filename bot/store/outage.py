"""Knowing that Redis is down without asking it on every call, and noticing when it is back.

After a failure the store stops trying Redis for `retry_after` seconds, so a hung Redis costs
one socket timeout per window rather than one per call (a reply makes several calls); then it
tries again, so the bot picks Redis up again without a restart. One warning per outage.
"""

from __future__ import annotations

import logging
import threading
import time

from bot.store.local import Clock

log = logging.getLogger("bot.store")


class OutageGate:
    def __init__(self, where: str, retry_after: float, clock: Clock = time.monotonic) -> None:
        self.where = where
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def may_try(self) -> bool:
        return self._clock() >= self._next_try

    def failed(self, operation: str, error: BaseException) -> None:
        with self._lock:
            now = self._clock()
            self._next_try = now + self.retry_after
            if self._down_since is not None:
                return
            self._down_since = now
        log.warning(
            "Redis at %s is unavailable (%s during %s): answering uncached, dedupe and rate "
            "limits in process memory, desk marks refused until it is back",
            self.where,
            error.__class__.__name__ + (f": {error}" if str(error) else ""),
            operation,
        )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
            self._next_try = 0.0
        if since is not None:
            log.warning("Redis at %s is back after %.1f s", self.where, self._clock() - since)

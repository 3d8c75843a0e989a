"""In-process building blocks: what the memory store is made of, and what the Redis store falls
back to while Redis is down (dedupe and rate limits must keep working then, per process).

Both are bounded, so a long outage or a busy local session cannot grow memory without limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Generic, TypeVar

from bot.store.base import RateDecision

V = TypeVar("V")
Clock = Callable[[], float]


class ExpiringDict(Generic[V]):
    """A dict whose entries expire after their TTL and whose oldest entries go beyond `max_size`."""

    def __init__(self, max_size: int = 10_000, clock: Clock = time.monotonic) -> None:
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max_size = max_size
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] <= self._clock():
                del self._items[key]
                return None
            return item[1]

    def set(self, key: str, value: V, ttl: float) -> None:
        with self._lock:
            self._items[key] = (self._clock() + ttl, value)
            self._items.move_to_end(key)
            self._trim()

    def add(self, key: str, value: V, ttl: float) -> bool:
        """Set only if absent (or expired): SET NX for one process."""
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[0] > self._clock():
                return False
            self._items[key] = (self._clock() + ttl, value)
            self._items.move_to_end(key)
            self._trim()
            return True

    def pop(self, key: str) -> V | None:
        with self._lock:
            item = self._items.pop(key, None)
        return item[1] if item and item[0] > self._clock() else None

    def __len__(self) -> int:
        with self._lock:
            now = self._clock()
            return sum(1 for expiry, _ in self._items.values() if expiry > now)

    def _trim(self) -> None:
        while len(self._items) > self._max_size:
            self._items.popitem(last=False)


class SlidingWindowLimiter:
    """Per-user and per-team limits over a sliding window, counted in this process only."""

    def __init__(
        self,
        user_limit: int,
        team_limit: int,
        window: float,
        clock: Clock = time.monotonic,
        max_tracked: int = 10_000,
    ) -> None:
        self.user_limit = user_limit
        self.team_limit = team_limit
        self.window = window
        self._clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._max_tracked = max_tracked
        self._lock = threading.Lock()

    def allow(self, team: str, user: str) -> RateDecision:
        with self._lock:
            now = self._clock()
            user_events = self._recent(f"user:{team}:{user}", now)
            team_events = self._recent(f"team:{team}", now)
            if len(user_events) >= self.user_limit:
                return denied(self.user_limit, self.window, user_events[0] + self.window - now)
            if len(team_events) >= self.team_limit:
                wait = team_events[0] + self.window - now
                return denied(self.team_limit, self.window, wait, team=True)
            user_events.append(now)
            team_events.append(now)
            return RateDecision(allowed=True)

    def _recent(self, name: str, now: float) -> deque[float]:
        events = self._events.get(name)
        if events is None:
            events = self._events[name] = deque()
            while len(self._events) > self._max_tracked:
                self._events.popitem(last=False)
        self._events.move_to_end(name)
        while events and events[0] <= now - self.window:
            events.popleft()
        return events


def denied(limit: int, window: float, wait: float, *, team: bool = False) -> RateDecision:
    """The friendly refusal: how many, over how long, and when to come back."""
    seconds = max(1, int(wait + 0.999))
    who = "This workspace has" if team else "You've"
    message = (
        f"{who} asked for {limit} analyses in the last {_duration(window)}, the most I do. "
        f"Try again in {_duration(seconds)}; follow-ups in existing threads still work."
    )
    return RateDecision(allowed=False, retry_after_seconds=seconds, message=message)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minutes"

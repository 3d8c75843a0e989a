"""What claimdesk remembers, as one small interface with a Redis and an in-process implementation.

Callers (the Slack surfaces, the CLI) see only `Store`: cached analyses, which analyses a thread
is about, which messages were already answered, the board's index and rate limits. Every
method is safe to call while Redis is down: caching degrades to misses, dedupe and rate limits
fall back to process memory. The desk's marks are not kept here: they are the desk's work and
live in its durable records (`bot.records`), away from the cache's eviction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from bot.analysis import Analysis
from bot.board import BoardEntry

THREAD_CAPACITY = 3
BOARD_CAPACITY = 1000


@dataclass(frozen=True)
class RateDecision:
    """Whether a user may start another analysis now; `message` is for the user when not."""

    allowed: bool
    retry_after_seconds: int = 0
    message: str = ""


@runtime_checkable
class Store(Protocol):
    """The desk's memory. Keys are `Analysis.key` values ("url:..." or "text:<sha256>")."""

    backend: str

    def get_analysis(self, key: str) -> Analysis | None:
        """The cached analysis under its key or an alias; None on a miss or when Redis is down."""
        ...

    def put_analysis(self, analysis: Analysis, aliases: Iterable[str] = ()) -> None:
        """Cache under `analysis.key`, and under `aliases` (e.g. the text key of a fetched page)."""
        ...

    def forget(self, key_or_url: str) -> int:
        """Remove a cached article and its aliases; how many entries went.

        A URL must be canonical (`bot.reading.urls.canonical_url`); `forget_url` in
        bot.store.admin does that.
        """
        ...

    def bind_thread(self, channel: str, thread_ts: str, analysis_key: str) -> None:
        """Remember that a thread is about this analysis (up to THREAD_CAPACITY, newest last)."""
        ...

    def thread_keys(self, channel: str, thread_ts: str) -> list[str]:
        """Analysis keys of a thread, oldest first, the one asked about most recently last."""
        ...

    def remember_message(self, channel: str, thread_ts: str, name: str, ts: str) -> None:
        """Remember the ts of a message posted in a thread (e.g. a claim list), to update it later;
        kept as long as the thread's memory. Best effort: a miss means no update, not an error."""
        ...

    def remembered_message(self, channel: str, thread_ts: str, name: str) -> str | None:
        """The ts remembered under `name` in this thread, or None."""
        ...

    def index_analysis(self, entry: BoardEntry, max_age: float) -> None:
        """Add to the team's index of recent analyses (the desk board); entries older than
        `max_age` seconds are dropped, and at most BOARD_CAPACITY are kept. Best effort."""
        ...

    def recent_analyses(self, team: str, since: float) -> list[BoardEntry]:
        """The team's indexed analyses posted at or after `since` (Unix time), newest first."""
        ...

    def put_memo(self, kind: str, name: str, value: str, ttl: int) -> None:
        """Keep a value derived from elsewhere (a person's display name, an analysis's "seen
        before" matches) for `ttl` seconds, so it is not asked of Slack or the desk's database
        again. Best effort: a lost memo is asked again, never an error."""
        ...

    def get_memos(self, kind: str, names: Sequence[str]) -> dict[str, str]:
        """The memos of `kind` still kept under `names` (the missing ones left out)."""
        ...

    def first_delivery(self, team: str, channel: str, ts: str) -> bool:
        """True exactly once per message, across retries, event types and bot processes."""
        ...

    def allow(self, team: str, user: str) -> RateDecision:
        """Count one analysis for this user and team, unless over a limit."""
        ...

    def stats(self) -> dict[str, Any]:
        """keys, memory_bytes, hits, misses, hit_ratio (and backend)."""
        ...

    def health(self) -> dict[str, Any]:
        """backend, ok, and details for logs and `claimdesk cache stats`."""
        ...

    def ping(self) -> bool: ...

"""The desk board's plain data: which analyses a workspace ran recently, and where.

The store keeps `BoardEntry` values (an index per team, with a TTL); the desk turns them into
`BoardRow` values for one viewer; the Home tab renderer draws the rows. Shared here so the
renderer never imports the store or the desk.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.status import Status


@dataclass(frozen=True)
class BoardEntry:
    """One analysis posted in one thread; `at` is Unix time, `claims` how many it found,
    `private` whether the thread is in a private conversation (its marks are kept there)."""

    team: str
    channel: str
    thread_ts: str
    analysis_key: str
    title: str
    at: float
    claims: int = 0
    private: bool = False

    @property
    def id(self) -> str:
        """The same analysis in the same thread is one entry, however often it is rechecked."""
        return f"{self.channel}:{self.thread_ts}:{self.analysis_key}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> BoardEntry:
        data: dict[str, Any] = json.loads(raw)
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class TakenClaim:
    """A claim the viewer took (marked in progress, last touched by them)."""

    text: str
    number: int = 0


@dataclass(frozen=True)
class BoardRow:
    """One analysis on one viewer's board: how its claims stand and where its thread is."""

    entry: BoardEntry
    by_status: dict[Status, int] = field(default_factory=dict)
    taken_by_viewer: tuple[TakenClaim, ...] = ()
    permalink: str = ""

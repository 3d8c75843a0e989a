"""The plain values that go in and out of the desk's records.

Kept apart from the engines so the desk service, the renderers and the CLI can speak about
claims, fact-checks, marks and matches without importing a database driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("unverified", "in-progress", "verified", "false", "misleading")
"""The values of `bot.status.Status`, as strings (the records wing stays below the store)."""

FACTCHECK = "factcheck"
DESK = "desk"


@dataclass(frozen=True)
class Scope:
    """Where a lookup happens: the desk's records never leave their workspace, and a private
    conversation's (private channel, DM, group DM) never leave that conversation.

    A public channel's records are shared with the team's other public channels, so their
    `conversation` is empty; a private conversation's is its channel id.
    """

    team: str
    channel: str = ""
    private: bool = False

    def __post_init__(self) -> None:
        if self.private and not self.channel:
            raise ValueError("a private scope needs its channel id")

    @property
    def conversation(self) -> str:
        return self.channel if self.private else ""


@dataclass(frozen=True)
class DeskClaim:
    """A claim the desk analysed, with the article and the conversation it was seen in."""

    text: str
    scope: Scope
    analysis_key: str = ""
    fingerprint: str = ""
    title: str = ""
    url: str = ""
    publisher: str = ""
    published: str = ""
    thread_ts: str = ""
    pasted: bool = False


@dataclass(frozen=True)
class FactCheck:
    """One ClaimReview: what was checked, by whom, the verdict and where to read it.

    Only these fields are kept, never an article body. `context` is extra searchable wording
    that is not shown (a fact-check's subtitle when one comes with it).
    """

    claim: str
    url: str
    headline: str = ""
    claim_author: str = ""
    rating: str = ""
    rating_value: str = ""
    best_rating: str = ""
    worst_rating: str = ""
    organisation: str = ""
    published: str = ""
    language: str = ""
    licence: str = ""
    context: str = ""


@dataclass(frozen=True)
class MarkEntry:
    """One mark in a claim's history; `previous` is "" for the first."""

    mark_id: str
    status: str
    who: str
    at: str
    note: str = ""
    previous: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The shape of `bot.status.StatusChange.to_dict`."""
        return {
            "status": self.status,
            "who": self.who,
            "at": self.at,
            "note": self.note,
            "previous": self.previous,
        }


@dataclass(frozen=True)
class ClaimMarks:
    """Where one claim stands in one conversation scope: its marks oldest first, who took it."""

    analysis_key: str
    fingerprint: str
    text: str
    history: tuple[MarkEntry, ...] = ()
    assigned_to: str = ""
    assigned_by: str = ""
    assigned_at: str = ""

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "unverified"

    def to_dict(self) -> dict[str, Any]:
        """The shape of `bot.status.ClaimStatus.to_dict`: `ClaimStatus.from_dict` reads it."""
        return {
            "fingerprint": self.fingerprint,
            "text": self.text,
            "history": [entry.to_dict() for entry in self.history],
        }


@dataclass(frozen=True)
class NotSame:
    """A person's judgement that a suggested match is not the same claim (evaluation data)."""

    team: str
    fingerprint: str
    item_id: str
    who: str
    at: str
    claim_text: str = ""


@dataclass(slots=True)
class Candidate:
    """A full-text hit from an engine, before re-ranking; `rank` is larger for better hits.

    Not frozen: a lookup builds hundreds, and a frozen dataclass sets each field through
    `object.__setattr__`, which made building them cost as much as the search."""

    item_id: str
    kind: str
    text: str
    rank: float
    headline: str = ""
    context: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    verdict: str = ""
    who: str = ""
    fingerprint: str = ""
    analysis_key: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    profile: str = ""
    headline_profile: str = ""


@dataclass(frozen=True)
class Match:
    """A claim seen before: a fact-check (`kind` "factcheck", `verdict` its rating, `source` the
    organisation) or a claim in the desk's own records (`kind` "desk", `verdict` its status,
    `who` who marked it, `source` the outlet, `title` the article). `close` says the matcher
    judged it the same claim, not only one on the same subject: only a close match is worded
    "Seen before" and marked in the first answer (false for a memo from before the field)."""

    item_id: str
    kind: str
    text: str
    score: float
    source: str = ""
    date: str = ""
    verdict: str = ""
    who: str = ""
    url: str = ""
    title: str = ""
    close: bool = False


@dataclass(frozen=True)
class ImportReport:
    """What an import did: fact-checks added or updated, items skipped as malformed, pages read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    pages: int = 0
    blocked: int = 0
    errors: tuple[str, ...] = ()

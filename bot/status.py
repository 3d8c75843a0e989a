"""The desk's marks on claims: what a claim was judged to be, by whom, when, and what came before.

Marks hang on (analysis key, claim fingerprint), both stable across rechecks, so a recheck keeps
the marks of claims that are still in the article and only loses sight of the ones that are gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.analysis import Analysis


class Status(StrEnum):
    """What the desk can mark a claim as; a claim nobody marked is `unverified`."""

    UNVERIFIED = "unverified"
    IN_PROGRESS = "in-progress"
    VERIFIED = "verified"
    FALSE = "false"
    MISLEADING = "misleading"


@dataclass(frozen=True)
class StatusChange:
    """One mark. `previous` is None for the first mark of a claim; `at` is ISO 8601 UTC."""

    status: Status
    who: str
    at: str
    note: str = ""
    previous: Status | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "who": self.who,
            "at": self.at,
            "note": self.note,
            "previous": str(self.previous) if self.previous else "",
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatusChange:
        previous = data.get("previous") or ""
        return cls(
            status=Status(data["status"]),
            who=data.get("who", ""),
            at=data.get("at", ""),
            note=data.get("note", ""),
            previous=Status(previous) if previous else None,
        )


@dataclass(frozen=True)
class ClaimStatus:
    """Where one claim stands: its latest mark plus every mark before it, oldest first.

    `text` is the claim as it read when last marked, so a mark whose claim left the article
    on a recheck can still be shown for what it was.
    """

    fingerprint: str
    history: tuple[StatusChange, ...]
    text: str = ""

    @property
    def current(self) -> StatusChange:
        return self.history[-1]

    @property
    def status(self) -> Status:
        return self.current.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "text": self.text,
            "history": [change.to_dict() for change in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClaimStatus:
        return cls(
            fingerprint=data["fingerprint"],
            text=data.get("text", ""),
            history=tuple(StatusChange.from_dict(c) for c in data["history"]),
        )


def parse_status(word: str) -> Status | None:
    """The desk types "in progress", "In-Progress" or "in_progress": all are one status."""
    cleaned = "-".join(word.strip().casefold().replace("_", " ").replace("-", " ").split())
    try:
        return Status(cleaned)
    except ValueError:
        return None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class MarkedClaims:
    """The desk's marks laid over one (possibly rechecked) analysis.

    `by_number` maps claim numbers of this analysis to their status; `gone` are marks whose
    claim is no longer in the article, kept rather than dropped because they are the desk's work.
    """

    by_number: dict[int, ClaimStatus]
    gone: tuple[ClaimStatus, ...]

    def status_of(self, number: int) -> Status:
        marked = self.by_number.get(number)
        return marked.status if marked else Status.UNVERIFIED


def overlay(analysis: Analysis, statuses: Mapping[str, ClaimStatus]) -> MarkedClaims:
    """Match marks to this analysis's claims by fingerprint (normalised claim text)."""
    numbers = {claim.fingerprint: claim.number for claim in analysis.claims}
    by_number = {numbers[fp]: st for fp, st in statuses.items() if fp in numbers}
    gone = tuple(st for fp, st in statuses.items() if fp not in numbers)
    return MarkedClaims(by_number=by_number, gone=gone)

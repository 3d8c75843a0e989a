"""What the desk asks of its records, whichever engine keeps them.

The desk service, the importer and the CLI depend on this, never on an engine's class, so
SQLite and PostgreSQL stay interchangeable behind `open_records`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from bot.records.types import (
    Candidate,
    ClaimMarks,
    DeskClaim,
    FactCheck,
    Match,
    NotSame,
    Scope,
)


@runtime_checkable
class Records(Protocol):
    """The desk's durable records: the claim index, imported fact-checks, marks and judgements."""

    def schema_version(self) -> int: ...
    def add_claims(self, claims: Iterable[DeskClaim]) -> int: ...
    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]: ...
    def factcheck_stats(self) -> dict[str, Any]: ...
    def forget_factchecks(self, *, url: str = "", organisation: str = "") -> int: ...
    def candidates(
        self, words: Sequence[str], scope: Scope, limit: int = 50
    ) -> list[Candidate]: ...
    def candidates_many(
        self, word_lists: Sequence[Sequence[str]], scope: Scope, limit: int = 50
    ) -> list[list[Candidate]]: ...
    def find_matches(
        self, claim_text: str, scope: Scope, limit: int = 2, *, exclude_analysis: str = ""
    ) -> list[Match]: ...
    def find_matches_many(
        self, texts: Sequence[str], scope: Scope, limit: int = 2, *, exclude_analysis: str = ""
    ) -> list[list[Match]]: ...
    def save_mark(
        self, scope: Scope, analysis_key: str, fingerprint: str, status: str, who: str, *,
        mark_id: str, note: str = "", claim_text: str = "", at: str = "",
    ) -> ClaimMarks: ...
    def assign(
        self, scope: Scope, analysis_key: str, fingerprint: str, to: str, by: str, *,
        claim_text: str = "",
    ) -> ClaimMarks: ...
    def marks(self, scope: Scope, analysis_key: str) -> dict[str, ClaimMarks]: ...
    def record_not_same(
        self, team: str, fingerprint: str, item_id: str, who: str, *, claim_text: str = ""
    ) -> bool: ...
    def not_same(self, team: str) -> list[NotSame]: ...
    def rejected(self, team: str, fingerprint: str) -> set[str]: ...
    def rejected_many(self, team: str, fingerprints: Sequence[str]) -> dict[str, set[str]]: ...
    def prune(self, now: datetime | None = None) -> int: ...
    def close(self) -> None: ...

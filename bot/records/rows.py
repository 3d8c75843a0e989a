"""Rows from either engine as plain values: the columns the searches select and their reading.

Shared so SQLite and PostgreSQL hand the matcher identical candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.records.types import Candidate


def as_text(value: Any) -> str:
    """Timestamps (PostgreSQL gives datetimes, SQLite ISO strings) as ISO 8601 UTC text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return "" if value is None else str(value)


DESK_COLUMNS = (
    "c.id, c.text, c.title, c.url, c.publisher, c.published, c.fingerprint, c.analysis_key,"
    " s.status, s.who, c.channel, c.profile"
)
FACTCHECK_COLUMNS = (
    "f.id, f.claim, f.headline, f.context, f.organisation, f.published, f.url, f.rating,"
    " f.claim_author, f.profile, f.headline_profile"
)


def desk_candidate(row: Sequence[Any], rank: float) -> Candidate:
    """A row of DESK_COLUMNS as a candidate."""
    return Candidate(
        item_id=f"claim:{row[0]}", kind="desk", text=row[1], rank=rank, headline=row[2] or "",
        url=row[3] or "", source=row[4] or "", date=as_text(row[5]), fingerprint=row[6],
        analysis_key=row[7], verdict=row[8] or "", who=row[9] or "",
        extra={"channel": row[10] or ""}, profile=row[11] or "",
    )


def factcheck_candidate(row: Sequence[Any], rank: float) -> Candidate:
    """A row of FACTCHECK_COLUMNS as a candidate."""
    return Candidate(
        item_id=f"factcheck:{row[0]}", kind="factcheck", text=row[1], rank=rank,
        headline=row[2] or "", context=row[3] or "", source=row[4] or "",
        date=as_text(row[5]), url=row[6] or "", verdict=row[7] or "",
        extra={"claim_author": row[8] or ""}, profile=row[9] or "",
        headline_profile=row[10] or "",
    )


def in_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

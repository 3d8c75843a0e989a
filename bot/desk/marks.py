"""The desk's marks as the desk service keeps them: in the records, scoped to the conversation.

Marks and notes are the desk's work, so they live in the durable records rather than beside
the cache in Redis, and each one is kept where it was made (`bot.records.Scope`): a private
channel's note never shows anywhere else, a public channel's only in its own workspace.
A mark carries an id taken from the Slack delivery that made it, so a retried click or a
redelivered message saves it once; a database that cannot save it says so (StatusNotSaved)
and the records' transaction leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import logging

from bot.desk.seen import Whereabouts, scope_of
from bot.errors import StatusNotSaved
from bot.records import ClaimMarks, Records
from bot.status import ClaimStatus, Status, StatusChange

log = logging.getLogger(__name__)


def mark_id_of(*parts: str) -> str:
    """A stable id for one delivery of one mark (Slack's ids of the click or message)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def as_statuses(marks: dict[str, ClaimMarks]) -> dict[str, ClaimStatus]:
    """Records' marks in the shape the renderers draw; a claim only taken has no mark yet."""
    return {fp: ClaimStatus.from_dict(m.to_dict()) for fp, m in marks.items() if m.history}


def read_marks(records: Records, where: Whereabouts, analysis_key: str) -> dict[str, ClaimStatus]:
    """Raises whatever the database raises: the caller decides whether to answer without."""
    return as_statuses(records.marks(scope_of(where), analysis_key))


def save_mark(
    records: Records | None,
    where: Whereabouts,
    analysis_key: str,
    fingerprint: str,
    status: Status,
    who: str,
    *,
    mark_id: str,
    note: str = "",
    claim_text: str = "",
) -> StatusChange:
    """The mark as stored (the earlier one when `mark_id` was saved before)."""
    if records is None:
        raise StatusNotSaved(detail="the desk's database is not open")
    try:
        marked = records.save_mark(
            scope_of(where),
            analysis_key,
            fingerprint,
            str(status),
            who,
            mark_id=mark_id,
            note=note,
            claim_text=claim_text,
        )
    except Exception as error:
        log.exception("could not save a mark on %s %s", analysis_key, fingerprint)
        raise StatusNotSaved(detail=f"{analysis_key} {fingerprint} -> {status}") from error
    entry = next((e for e in marked.history if e.mark_id == mark_id), None)
    if entry is None:
        raise StatusNotSaved(detail=f"{analysis_key} {fingerprint}: mark {mark_id} not kept")
    return StatusChange.from_dict(entry.to_dict())

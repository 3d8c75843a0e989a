"""The names and values of everything a person can press in claimdesk's messages.

Renderers put these on buttons and menus; `handlers.actions` listens for each id. Values carry
only short references (an analysis ref, a claim number and fingerprint), never article text, so
they stay far inside Slack's limits (150 characters for a menu option's value).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.status import Status

ALL_CLAIMS = "claimdesk.all_claims"
CHECKLIST = "claimdesk.checklist"
EXPORT = "claimdesk.export"
MORE_CLAIMS = "claimdesk.more_claims"
NOT_SAME = "claimdesk.not_same"
CLAIM_WORK = "claimdesk.claim_work"
NOTE_VIEW = "claimdesk.note"
NOTE_STATUS_BLOCK = "note_status"
NOTE_STATUS_ACTION = "status"
NOTE_TEXT_BLOCK = "note_text"
NOTE_TEXT_ACTION = "note"

BUTTON_ACTIONS = (ALL_CLAIMS, CHECKLIST, EXPORT, MORE_CLAIMS, NOT_SAME)
TAKE = "take"
NOTE = "note"


@dataclass(frozen=True)
class ClaimAction:
    """What a claim's menu asked for: `op` is a Status value, TAKE or NOTE."""

    op: str
    number: int
    fingerprint: str
    ref: str

    def encode(self) -> str:
        return f"{self.op}|{self.number}|{self.fingerprint}|{self.ref}"

    @property
    def status(self) -> Status | None:
        try:
            return Status(self.op)
        except ValueError:
            return None

    @classmethod
    def decode(cls, value: str) -> ClaimAction | None:
        parts = value.split("|")
        if len(parts) != 4 or not parts[1].isdigit():
            return None
        op, number, fingerprint, ref = parts
        if op not in (TAKE, NOTE) and op not in {s.value for s in Status}:
            return None
        return cls(op, int(number), fingerprint, ref)


@dataclass(frozen=True)
class NotSame:
    """The value of "Not the same claim" on a seen-before line: which claim (its number
    and fingerprint) of which analysis, and which earlier item (`Match.item_id`); no text."""

    ref: str
    number: int
    fingerprint: str
    item_id: str

    def encode(self) -> str:
        return f"{self.ref}|{self.number}|{self.fingerprint}|{self.item_id}"

    @classmethod
    def decode(cls, value: str) -> NotSame | None:
        parts = value.split("|", 3)
        if len(parts) != 4 or not parts[1].isdigit() or not all(parts):
            return None
        ref, number, fingerprint, item_id = parts
        return cls(ref, int(number), fingerprint, item_id)


@dataclass(frozen=True)
class Page:
    """Which analysis and from which claim a list page starts: a button's value."""

    ref: str
    start: int = 0

    def encode(self) -> str:
        return f"{self.ref}|{self.start}"

    @classmethod
    def decode(cls, value: str) -> Page | None:
        ref, _, start = value.partition("|")
        if not ref:
            return None
        return cls(ref, int(start) if start.isdigit() else 0)


@dataclass(frozen=True)
class NoteContext:
    """What the note modal must remember between views.open and view_submission."""

    channel: str
    thread_ts: str
    ref: str
    number: int
    fingerprint: str
    message_ts: str = ""

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def decode(cls, raw: str) -> NoteContext | None:
        try:
            data: dict[str, Any] = json.loads(raw)
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (ValueError, TypeError):
            return None


def list_name(ref: str, start: int) -> str:
    """The name a list page's ts is remembered under in its thread."""
    return f"list:{ref}:{start}"

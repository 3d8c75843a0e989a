"""The full list of claims, each with a menu to mark it, take it or add a note; and the note modal.

A list is posted in pages of PAGE claims (Block Kit allows 50 blocks a message), each page a
message the bot updates in place (chat.update) when a claim on it is marked, so the status and
who set it show where the desk is looking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    Option,
    OptionGroup,
    PlainTextObject,
    StaticSelectElement,
)

from bot.analysis import Analysis, Claim, analysis_ref
from bot.render import actions as ids
from bot.render.blocks import claim_text
from bot.render.kit import Message, actions, button, clip, context, header, safe, section
from bot.render.seen import Seen, seen_blocks
from bot.render.wording import Names
from bot.status import ClaimStatus, Status

PAGE = 15
STATUS_LABEL = {
    Status.VERIFIED: "Verified",
    Status.FALSE: "False",
    Status.MISLEADING: "Misleading",
    Status.IN_PROGRESS: "In progress",
    Status.UNVERIFIED: "Unverified",
}
LIST_HINT = (
    "Use a claim's menu to mark it, take it or add a note; typed `mark N verified` works too."
)


def page_start(number: int) -> int:
    """The first index (0-based) of the page that shows claim `number`."""
    return ((number - 1) // PAGE) * PAGE


def _option(label: str, value: str) -> Option:
    if len(value) > 150:
        raise ValueError(f"option value of {len(value)} characters")
    return Option(text=PlainTextObject(text=label, emoji=False), value=value)


def claim_menu(claim: Claim, ref: str) -> StaticSelectElement:
    def value(op: str) -> str:
        return ids.ClaimAction(op, claim.number, claim.fingerprint, ref).encode()

    marks = [_option(f"Mark {label.lower()}", value(s.value)) for s, label in STATUS_LABEL.items()]
    work = [
        _option("Take it (assign to me)", value(ids.TAKE)),
        _option("Add a note…", value(ids.NOTE)),
    ]
    return StaticSelectElement(
        action_id=ids.CLAIM_WORK,
        placeholder=PlainTextObject(text="Work on it", emoji=False),
        option_groups=[
            OptionGroup(label=PlainTextObject(text="Mark as", emoji=False), options=marks),
            OptionGroup(label=PlainTextObject(text="Work", emoji=False), options=work),
        ],
    )


def claims_page(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus],
    start: int = 0,
    *,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    """Claims start+1 .. start+PAGE, each a section with its menu and, when it was seen before,
    up to two lines with a "Not the same claim" button each (at most 3 x PAGE + 3 blocks);
    a button for the next page."""
    seen = seen or {}
    ref = analysis_ref(analysis.key)
    total = len(analysis.claims)
    start = max(0, min(start, max(0, total - 1)))
    shown = analysis.claims[start : start + PAGE]
    if total <= PAGE:
        title = f"All {total} claims"
    else:
        title = f"Claims {start + 1}-{start + len(shown)} of {total}"
    marked = sum(1 for c in analysis.claims if c.fingerprint in statuses)
    blocks: list[Block] = [header(title), context(f"{marked} of {total} marked · {LIST_HINT}")]
    for claim in shown:
        blocks.append(
            section(
                claim_text(analysis, claim, statuses, names=names),
                block_id=f"claim:{claim.number}",
                accessory=claim_menu(claim, ref),
            )
        )
        blocks += seen_blocks(ref, claim, seen, names)
    end = start + len(shown)
    if end < total:
        label = f"Claims {end + 1}-{min(end + PAGE, total)}"
        blocks.append(actions(button(label, ids.MORE_CLAIMS, ids.Page(ref, end).encode())))
    text = f"{title}: {safe(analysis.article.title or 'pasted text', 200)}"
    return Message(text=text, blocks=tuple(blocks))


def note_modal(
    claim: Claim, current: Status, note_context: ids.NoteContext
) -> dict[str, Any]:
    """The modal behind "Add a note…": the claim, its status (kept unless changed), the note."""
    options = [
        {"text": {"type": "plain_text", "text": label}, "value": status.value}
        for status, label in STATUS_LABEL.items()
    ]
    initial = next(o for o in options if o["value"] == current.value)
    return {
        "type": "modal",
        "callback_id": ids.NOTE_VIEW,
        "private_metadata": note_context.encode(),
        "title": {"type": "plain_text", "text": clip(f"Note on claim {claim.number}", 24)},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"_{safe(claim.text, 600)}_"}},
            {
                "type": "input",
                "block_id": ids.NOTE_STATUS_BLOCK,
                "label": {"type": "plain_text", "text": "Status"},
                "element": {
                    "type": "static_select",
                    "action_id": ids.NOTE_STATUS_ACTION,
                    "options": options,
                    "initial_option": initial,
                },
            },
            {
                "type": "input",
                "block_id": ids.NOTE_TEXT_BLOCK,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.NOTE_TEXT_ACTION,
                    "multiline": True,
                    "max_length": 1000,
                    "placeholder": {"type": "plain_text", "text": "What you found, and where"},
                },
            },
        ],
    }

"""Seen before, as Slack shows it: a line per earlier fact-check or desk claim under a claim in
the full list, each with a "Not the same claim" button, and a short marker in the first answer.

The words are `wording.seen_line`'s, the one wording every renderer prints; here they only pass
through the kit's escaping, so an imported fact-check's headline or URL can neither ping a
channel nor forge a link. A desk mark carried over from an earlier claim is a suggestion in
that line only: it is never applied to the new claim's status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from slack_sdk.models.blocks import Block

from bot.analysis import Claim
from bot.records.types import FACTCHECK, Match
from bot.render import actions as ids
from bot.render.kit import button, safe, section
from bot.render.wording import Names, person, seen_line, shown_matches

LINE_CHARS = 600
MARKER = ":repeat: seen before"
NOT_SAME_LABEL = "Not the same claim"

Seen = Mapping[str, Sequence[Match]]


def seen_text(match: Match, limit: int = LINE_CHARS, *, names: Names | None = None) -> str:
    """The match's line as escaped mrkdwn. Who marked a desk claim is their display name from
    `names`, escaped like the rest, never a `<@U…>` mention: the line is shown every time the
    claim is, and a mention would notify that person each time."""
    who = _short(person(match.who, names), 80) if match.kind != FACTCHECK and match.who else ""
    short = replace(
        match,
        title=_short(match.title, 150),
        source=_short(match.source, 80),
        verdict=_short(match.verdict, 80),
        url=_short(match.url, 250),
        who=who,
    )
    return ":repeat: " + safe(seen_line(short, {who: who} if who else None), limit)


def _short(text: str, limit: int) -> str:
    """A field cut before it goes into the line, so a long title cannot push the verdict and
    who marked it out of the clipped line (escaping comes after, on the whole line)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_matches(seen: Seen, claim: Claim) -> tuple[Match, ...]:
    return shown_matches(seen.get(claim.fingerprint, ()))


def seen_before(seen: Seen | None, claim: Claim) -> bool:
    """Whether a match was judged the same claim: only that earns the first answer's marker and
    a line in the status view. A related one (same subject, maybe another claim) waits in the
    full list, where its line quotes what was checked."""
    return any(match.close for match in claim_matches(seen or {}, claim))


def seen_blocks(ref: str, claim: Claim, seen: Seen, names: Names | None = None) -> list[Block]:
    """One section per match (at most two), each with its "Not the same claim" button."""
    blocks: list[Block] = []
    for index, match in enumerate(claim_matches(seen, claim)):
        value = ids.NotSame(ref, claim.number, claim.fingerprint, match.item_id).encode()
        blocks.append(
            section(
                seen_text(match, names=names),
                block_id=f"seen:{claim.number}:{index}",
                accessory=button(NOT_SAME_LABEL, ids.NOT_SAME, value),
            )
        )
    return blocks

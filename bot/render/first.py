"""The first answer in a thread: one screen a desk can read at a glance.

A verdict line (publisher and its state affiliation, genre, wire origin), claims counted by
kind of source, the three claims to check first with their source and first check, buttons
for the rest, and a reminder that a machine made it. Whatever the article, it stays within
FIRST_MAX_BLOCKS blocks and FIRST_MAX_CHARS characters of text: each part is clipped on its
own (so markup stays balanced) and the claims share what the fixed parts leave.
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import Block

from bot.analysis import Analysis, Claim, SourceKind, analysis_ref
from bot.render import actions as ids
from bot.render.blocks import analysis_fallback, who_label
from bot.render.kit import (
    Message,
    actions,
    button,
    clip,
    context,
    escape,
    header,
    safe,
    section,
    text_chars,
)
from bot.render.seen import MARKER, Seen, seen_before
from bot.render.wording import KIND_LABEL, Names, display_title
from bot.status import ClaimStatus

FIRST_MAX_BLOCKS = 10
FIRST_MAX_CHARS = 1500
TOP = 3
CLAIM_LINE_MAX = 300
FOOTER = (
    ":robot_face: Machine-made first pass: verify every claim against the article itself. "
    "Reply `help` for commands."
)


def verdict_line(analysis: Analysis) -> str:
    """Publisher (with its state-affiliation flag and how it is known), genre and wire origin."""
    info = analysis.article
    parts = []
    if info.outlet is not None:
        publisher = f"*{safe(info.outlet.name, 60)}*"
        if info.outlet.country:
            publisher += f" ({safe(info.outlet.country, 12)})"
        if info.outlet.state_affiliated:
            publisher += " :warning: state-affiliated"
        if info.publisher_basis == "dateline":
            publisher += ", named by the text (not verified)"
        parts.append(publisher)
    elif info.publisher_basis == "impersonated":
        name = safe(info.self_named, 60)
        parts.append(f":warning: calls itself *{name}*, but the address is not {name}'s")
    elif info.self_named or info.site_name:
        name = safe(info.self_named or info.site_name, 60)
        parts.append(f"*{name}* (not in the outlet registry)")
    else:
        parts.append("Publisher unknown")
    if info.genre and info.genre != "news":
        parts.append(safe(info.genre, 30))
    if info.wire is not None:
        parts.append(f"wire copy from {safe(info.wire.name, 50)}")
    return " · ".join(parts)


def counts_line(analysis: Analysis) -> str:
    counts: dict[SourceKind, int] = {}
    for claim in analysis.claims:
        counts[claim.source_kind] = counts.get(claim.source_kind, 0) + 1
    n = len(analysis.claims)
    head = f"*{n} claim{'s' if n != 1 else ''}*"
    parts = [f"{counts[k]} {KIND_LABEL[k]}" for k in SourceKind if counts.get(k)]
    return head + (": " + " · ".join(parts) if parts else "")


def short_source(claim: Claim) -> str:
    """The primary source and its kind, and who passed it on when the chain is longer."""
    if not claim.sources:
        return "no source given" + (", hedged" if claim.hedges else "")
    primary = claim.sources[-1]
    text = f"{safe(primary.label, 50)} ({KIND_LABEL[primary.kind]})"
    if primary.outlet is not None and primary.outlet.state_affiliated:
        text += " :warning:"
    if len(claim.sources) > 1:
        text += f" via {safe(claim.sources[0].label, 30)}"
    return text


def claim_line(
    analysis: Analysis,
    claim: Claim,
    statuses: Mapping[str, ClaimStatus],
    limit: int,
    seen: Seen | None = None,
    names: Names | None = None,
) -> str:
    """One claim in one line: what it says, who says it, the first check, its mark, and a
    marker when it was seen before (the lines themselves are in the full list). When room is
    short the check shrinks first, then who marked it; the claim keeps 40 characters."""
    prefix = f"*{claim.number}.* "
    suffix = ""
    marker = f"  ·  {MARKER}" if seen_before(seen, claim) else ""
    for check_chars, with_who in ((80, True), (45, True), (0, True), (0, False)):
        suffix = _claim_suffix(analysis, claim, statuses, check_chars, with_who, marker, names)
        if len(prefix) + len(suffix) + 40 <= limit:
            break
    room = max(40, limit - len(prefix) - len(suffix))
    return prefix + safe(claim.text, room) + suffix


def _claim_suffix(
    analysis: Analysis,
    claim: Claim,
    statuses: Mapping[str, ClaimStatus],
    check_chars: int,
    with_who: bool,
    marker: str = "",
    names: Names | None = None,
) -> str:
    suffix = f" — _{short_source(claim)}_{marker}"
    checks = analysis.checklist_for(claim.number)
    if checks and check_chars:
        suffix += f"\n☐ {safe(checks[0].text, check_chars)}"
    mark = statuses.get(claim.fingerprint)
    if mark is not None:
        suffix += f"  ·  *{mark.status.value}*"
        if mark.current.who and with_who:
            suffix += f" by {who_label(mark.current.who, names)}"
    return suffix


def first_answer(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus] | None = None,
    *,
    cached: bool = False,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    statuses = statuses or {}
    ref = analysis_ref(analysis.key)
    fixed: list[Block] = [
        header(clip(f"Claims check: {escape(display_title(analysis.article))}", 90)),
        section(f"{verdict_line(analysis)}\n{counts_line(analysis)}"),
    ]
    notes = [f":information_source: {safe(n, 90)}" for n in analysis.notices[:2]]
    if cached:
        notes.append("From the cache: reply `recheck` to read the article again.")
    if notes:
        fixed.append(context(*notes))
    buttons = [button("Checklist", ids.CHECKLIST, ref), button("Export", ids.EXPORT, ref)]
    if analysis.claims:
        label = f"All {len(analysis.claims)} claims"
        buttons.insert(0, button(label, ids.ALL_CLAIMS, ids.Page(ref).encode(), primary=True))
    tail: list[Block] = [actions(*buttons, block_id="first_answer"), context(FOOTER)]
    used = _chars(fixed) + _chars(tail)
    top = analysis.claims[:TOP]
    if top:
        per_claim = min(CLAIM_LINE_MAX, (FIRST_MAX_CHARS - used) // len(top))
        middle = [
            section(claim_line(analysis, c, statuses, per_claim, seen, names)) for c in top
        ]
    else:
        middle = [section("I found no check-worthy claims in this text.")]
    blocks = (*fixed, *middle, *tail)
    return Message(text=clip(analysis_fallback(analysis), 600), blocks=blocks)


def _chars(blocks: list[Block]) -> int:
    return text_chars([b.to_dict() for b in blocks])

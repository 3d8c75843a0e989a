"""Block Kit messages for Slack, as pure functions of an `Analysis` (and the desk's marks).

The thread follow-ups' views live here; the first answer is in `first`, the claim list with
its menus in `claimlist`, the Home tab in `home`. Every message keeps inside Block Kit's limits
and carries a plain-text fallback. Everything that came from an article or a user goes through
`escape`, so a page containing `<!channel>` or `<https://evil|bank.com>` can neither ping nor
forge a link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from slack_sdk.models.blocks import (
    Block,
)

from bot.analysis import Analysis, Claim, Outlet, Source, SourceKind
from bot.render.kit import (
    MAX_FALLBACK,
    MAX_SECTION,
    Message,
    clip,
    context,
    escape,
    fit,
    header,
    safe,
    section,
    sections,
    text_message,
)
from bot.render.seen import Seen, seen_text
from bot.render.wording import KIND_LABEL, Names, display_title, person, shown_matches
from bot.status import ClaimStatus, StatusChange

CLAIM_TEXT_CHARS = 700

FOLLOWUP_HINT = (
    "Reply in this thread: `claim N`, `sources`, `anonymous`, `unattributed`, `checklist`, "
    "`outlet`, `mark N verified|false|misleading|unverified|in-progress [note]`, `status`, "
    "`recheck`, `export`, `help`, or ask a question."
)


def outlet_label(outlet: Outlet | None) -> str:
    if outlet is None:
        return ""
    label = f"*{escape(outlet.name)}*"
    if outlet.country:
        label += f" ({escape(outlet.country)})"
    if outlet.state_affiliated:
        flag = ":warning: state-affiliated"
        if outlet.affiliation_source:
            flag += f" (per {escape(outlet.affiliation_source)})"
        label += f" {flag}"
    return label


def source_label(source: Source) -> str:
    label = f"{safe(source.label, 200)} _{KIND_LABEL[source.kind]}_"
    if source.outlet is not None and source.outlet.state_affiliated:
        label += " :warning: state-affiliated"
    return label


def source_chain(claim: Claim, publisher: Outlet | None = None) -> str:
    if not claim.sources:
        return "_none given_"
    chain = " → ".join(source_label(s) for s in claim.sources)
    outer = claim.sources[0]
    if publisher is not None and outer.kind == SourceKind.OUTLET and outer.outlet != publisher:
        chain += f" · _relayed by {escape(publisher.name)}_"
    return chain


def kind_counts(claims: Iterable[Claim]) -> Counter[SourceKind]:
    return Counter(claim.source_kind for claim in claims)


def counts_line(analysis: Analysis) -> str:
    counts = kind_counts(analysis.claims)
    parts = [f"*{len(analysis.claims)}* claims"]
    parts += [f"{counts[kind]} {KIND_LABEL[kind]}" for kind in SourceKind if counts[kind]]
    return " · ".join(parts)


def who_label(who: str, names: Names | None = None) -> str:
    """Who set a mark, as an escaped name that notifies nobody (see `wording.person`); a
    message meant to notify someone uses `kit.mention` instead."""
    return safe(person(who, names), 80)


def _status_line(
    claim: Claim, statuses: Mapping[str, ClaimStatus], names: Names | None = None
) -> str:
    mark = statuses.get(claim.fingerprint)
    if mark is None:
        return ""
    line = f"*Status:* {mark.status.value}"
    if mark.current.who:
        line += f" by {who_label(mark.current.who, names)}"
    if mark.current.note:
        line += f": {safe(mark.current.note, 300)}"
    return line


def claim_text(
    analysis: Analysis,
    claim: Claim,
    statuses: Mapping[str, ClaimStatus],
    *,
    full: bool = False,
    seen: Seen | None = None,
    names: Names | None = None,
) -> str:
    """One claim as mrkdwn: what it says, who says it, why a checker should care, what to do;
    with `seen`, its "seen before" lines (at most two) under the status."""
    limit = MAX_SECTION - 600 if full else CLAIM_TEXT_CHARS
    lines = [f"*{claim.number}.* _{claim.type.value}_  {safe(claim.text, limit)}"]
    lines.append(f"*Source:* {source_chain(claim, analysis.article.outlet)}")
    flags = []
    if claim.hedges:
        flags.append("*Hedged:* " + safe(", ".join(claim.hedges), 200))
    if claim.loaded:
        flags.append("*Loaded:* " + safe(", ".join(claim.loaded), 200))
    if flags:
        lines.append("  ·  ".join(flags))
    if full:
        details = [
            ("Why", claim.reasons),
            ("Places", claim.places),
            ("Dates", claim.dates),
            ("Numbers", claim.quantities),
            ("People", claim.people),
        ]
        lines += [f"*{name}:* {safe(', '.join(values), 300)}" for name, values in details if values]
    checks = analysis.checklist_for(claim.number)
    lines += [f"• {safe(item.text, 300)}" for item in checks[: 6 if full else 3]]
    status = _status_line(claim, statuses, names)
    if status:
        lines.append(status)
    lines += seen_lines(claim, seen, names)
    return clip("\n".join(lines), MAX_SECTION)


def seen_lines(
    claim: Claim, seen: Seen | None, names: Names | None = None, *, close_only: bool = False
) -> list[str]:
    """The claim's "seen before" lines as the full list words them, without its buttons (a
    "Not the same claim" press updates the list message it sits in); `close_only` keeps the
    matches judged the same claim."""
    matches = shown_matches((seen or {}).get(claim.fingerprint, ()))
    return [seen_text(m, names=names) for m in matches if m.close or not close_only]


def summary_lines(analysis: Analysis) -> list[str]:
    info = analysis.article
    lines = []
    outlet = outlet_label(info.outlet) or (
        f"*{safe(info.site_name, 150)}*" if info.site_name else ""
    )
    if outlet:
        lines.append(f"*Outlet:* {outlet}")
    byline = " · ".join(safe(part, 150) for part in (info.author, info.date) if part)
    if byline:
        lines.append(byline)
    if info.url:
        lines.append(safe(info.url, 500))
    return lines


def analysis_fallback(analysis: Analysis) -> str:
    title = display_title(analysis.article)
    counts = kind_counts(analysis.claims)
    lines = [
        f"Claims check: {escape(title)}: {len(analysis.claims)} claims"
        f" ({counts[SourceKind.NONE]} with no source, {counts[SourceKind.ANONYMOUS]} anonymous)"
    ]
    lines += [f"{c.number}. {safe(c.text, 200)}" for c in analysis.claims[:3]]
    return clip("\n".join(lines), MAX_FALLBACK)


def claim_message(
    analysis: Analysis,
    number: int,
    statuses: Mapping[str, ClaimStatus],
    *,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    """`claim N`: every detail of one claim, and its "seen before" lines in their own section
    (a long claim's details are clipped; the lines are not clipped with them)."""
    claim = analysis.claim(number)
    if claim is None:
        return text_message(
            f"There is no claim {number}: this analysis has {len(analysis.claims)}."
        )
    blocks: list[Block] = [
        section(claim_text(analysis, claim, statuses, full=True, names=names))
    ]
    lines = seen_lines(claim, seen, names)
    if lines:
        blocks.append(section("\n".join(lines)))
    return Message(text=f"Claim {number}: {safe(claim.text, 500)}", blocks=tuple(blocks))


def claims_list_message(
    analysis: Analysis,
    title: str,
    claims: Sequence[Claim],
    statuses: Mapping[str, ClaimStatus],
    empty: str,
    *,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    if not claims:
        return text_message(empty)
    blocks: list[Block] = [header(title)]
    blocks += [
        section(claim_text(analysis, claim, statuses, seen=seen, names=names)) for claim in claims
    ]
    return Message(text=f"{title}: {len(claims)}", blocks=fit(blocks))


def sources_message(analysis: Analysis) -> Message:
    """Who the article relies on, each with the claims resting on them."""
    cited: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for claim in analysis.claims:
        for source in claim.sources:
            key = f"{source.label.casefold()}|{source.kind}"
            cited.setdefault(key, []).append(claim.number)
            labels[key] = source_label(source)
    unattributed = [c.number for c in analysis.claims if not c.sources]
    lines = [f"• {labels[key]}: claims {', '.join(map(str, nums))}" for key, nums in cited.items()]
    if unattributed:
        lines.append(f"• _no source given_: claims {', '.join(map(str, unattributed))}")
    if not lines:
        return text_message("This analysis has no claims, so no sources.")
    outlet = outlet_label(analysis.article.outlet)
    if outlet:
        lines.insert(0, f"Published by {outlet}")
    return Message(text="Sources cited", blocks=fit([header("Sources cited"), *sections(lines)]))


def checklist_message(analysis: Analysis) -> Message:
    if not analysis.checklist:
        return text_message("The checklist is empty for this article.")
    lines = []
    for item in analysis.checklist:
        which = f" _(claims {', '.join(map(str, item.claims))})_" if item.claims else ""
        lines.append(f"• {safe(item.text, 500)}{which}")
    return Message(text="Checklist", blocks=fit([header("Checklist"), *sections(lines)]))


def outlet_message(analysis: Analysis) -> Message:
    info = analysis.article
    relayed = {
        s.outlet.id: s.outlet for c in analysis.claims for s in c.sources if s.outlet is not None
    }
    lines = [f"*Published by:* {outlet_label(info.outlet)}"] if info.outlet else []
    if not info.outlet:
        site = safe(info.site_name, 150) if info.site_name else "unknown"
        lines.append(f"*Published by:* {site} (not in the outlet registry)")
    lines += [f"*Relays:* {outlet_label(o)}" for o in relayed.values() if o != info.outlet]
    return text_message("\n".join(lines))


def status_message(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus],
    *,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    """`status`: each claim's state and who set it, with its "seen before" lines indented
    under it, so the desk sees at a glance which open claims were already checked elsewhere
    (related matches, which may be other claims, stay in the full list)."""
    lines = []
    for claim in analysis.claims:
        mark = statuses.get(claim.fingerprint)
        state = mark.status.value if mark else "open"
        if mark is not None and mark.current.who:
            state += f" by {who_label(mark.current.who, names)}"
        lines.append(f"*{claim.number}.* {state}  {safe(claim.text, 120)}")
        lines += [f"      {line}" for line in seen_lines(claim, seen, names, close_only=True)]
    if not lines:
        return text_message("No claims to track in this analysis.")
    done = sum(1 for c in analysis.claims if c.fingerprint in statuses)
    return Message(
        text=f"Status: {done} of {len(analysis.claims)} claims marked",
        blocks=fit([context(f"{done} of {len(analysis.claims)} claims marked"), *sections(lines)]),
    )


def marked_message(claim: Claim, change: StatusChange, names: Names | None = None) -> Message:
    line = f"Marked claim {claim.number} as *{change.status.value}*"
    if change.previous is not None:
        line += f" (was {change.previous.value})"
    if change.who:
        line += f" by {who_label(change.who, names)}"
    if change.note:
        line += f": {safe(change.note, 500)}"
    return text_message(line + f"\n_{safe(claim.text, 300)}_")


def change_line(claim: Claim, change: StatusChange, names: Names | None = None) -> Message:
    """The one line a button's mark leaves in the thread: who changed which claim to what (by
    name: the marker does not need a notification about their own click)."""
    who = f"{who_label(change.who, names)} " if change.who else ""
    line = f"{who}marked claim {claim.number} *{change.status.value}*"
    if change.previous is not None and change.previous != change.status:
        line += f" (was {change.previous.value})"
    if change.note:
        line += f": {safe(change.note, 200)}"
    return text_message(line)


def question_message(
    analysis: Analysis,
    question: str,
    claims: Sequence[Claim],
    statuses: Mapping[str, ClaimStatus],
    *,
    seen: Seen | None = None,
    names: Names | None = None,
) -> Message:
    if not claims:
        return text_message(
            f"Nothing in this article answers “{safe(question, 300)}”. Try `sources` or `claim N`."
        )
    blocks: list[Block] = [context(f"Closest claims to “{safe(question, 300)}”:")]
    blocks += [
        section(claim_text(analysis, claim, statuses, seen=seen, names=names)) for claim in claims
    ]
    return Message(text=f"Claims matching: {safe(question, 300)}", blocks=tuple(blocks))


def export_message(markdown: str, why: str = "") -> Message:
    """The whole analysis as escaped, preformatted markdown chunks (copy it into a doc); `why`
    says why it came as text rather than as a file."""
    chunks = []
    text = escape(markdown)
    size = MAX_SECTION - 8
    while text:
        cut = len(text) if len(text) <= size else text.rfind("\n", 0, size)
        if cut <= 0:
            cut = size
            amp = text.rfind("&", 0, cut)
            if amp != -1 and ";" not in text[amp:cut]:
                cut = amp
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    blocks: list[Block] = [section(f"```{chunk}```") for chunk in chunks]
    if why:
        blocks.insert(0, context(f":information_source: {escape(why)}"))
    return Message(
        text=clip(escape(markdown), MAX_FALLBACK), blocks=fit(blocks, "Export truncated.")
    )


def help_message() -> Message:
    lines = [
        "*claimdesk* lists the claims in an article worth checking, who makes them, what to check.",
        "• Mention me with a link or pasted text, DM me, or use `/claims <link or text>`.",
        "• Then, in the thread: " + FOLLOWUP_HINT.removeprefix("Reply in this thread: "),
    ]
    return text_message(
        "\n".join(lines), fallback="claimdesk help: mention me with a link or text."
    )


def error_message(user_message: str) -> Message:
    """A friendly answer to a problem with the input; `user_message` is our own wording."""
    return text_message(f":warning: {escape(user_message)}")

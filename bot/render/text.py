"""The terminal report of `claimdesk check`: plain text that reads well in any terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from bot.analysis import Analysis, Claim
from bot.records.types import Match
from bot.render.wording import (
    counts_line,
    display_title,
    flags_line,
    publisher_line,
    seen_line,
    shown_matches,
    skipped_line,
    sources_line,
)

WIDTH = 100


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _claim(analysis: Analysis, claim: Claim, seen: tuple[Match, ...]) -> list[str]:
    lines = [_wrap(f"{claim.number}. {claim.text}", ""), ""]
    lines.append(_wrap(f"type: {claim.type.value} · check-worthiness {claim.score:.2f}", "   "))
    lines.append(_wrap("source: " + sources_line(claim, analysis.article.outlet), "   "))
    flags = flags_line(claim)
    if flags:
        lines.append(_wrap(flags, "   "))
    lines.append(_wrap("why: " + "; ".join(claim.reasons), "   "))
    lines.extend(_wrap("↺ " + seen_line(match), "   ") for match in shown_matches(seen))
    for item in analysis.checklist_for(claim.number):
        lines.append(_wrap("☐ " + item.text, "   "))
    lines.append("")
    return lines


def render(
    analysis: Analysis,
    *,
    cached: bool = False,
    seen: Mapping[str, tuple[Match, ...]] | None = None,
) -> str:
    """The report; `seen` adds each claim's earlier fact-checks and desk records."""
    seen = seen or {}
    info = analysis.article
    lines = ["claimdesk · " + display_title(info)]
    lines.append("=" * min(WIDTH, len(lines[0])))
    lines.append("publisher: " + publisher_line(info))
    for label, value in (("url", info.url), ("byline", info.author), ("date", info.date)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(counts_line(analysis))
    if analysis.skipped:
        lines.append("left out: " + skipped_line(analysis))
    if cached:
        lines.append("(from cache: `--refresh` analyses again)")
    for notice in analysis.notices:
        lines.append(_wrap("! " + notice, ""))
    lines.append("")
    for claim in analysis.claims:
        lines.extend(_claim(analysis, claim, seen.get(claim.fingerprint, ())))
    article_items = analysis.article_checklist()
    if article_items:
        lines.append("Checklist for the whole article")
        lines.extend(_wrap("☐ " + item.text, "  ") for item in article_items)
    return "\n".join(lines).rstrip() + "\n"

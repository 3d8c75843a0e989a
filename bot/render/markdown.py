"""The analysis as Markdown: what `claimdesk check --markdown` prints and `export` posts."""

from __future__ import annotations

from collections.abc import Mapping

from bot.analysis import Analysis
from bot.records.types import Match
from bot.render.wording import (
    Names,
    counts_line,
    display_title,
    flags_line,
    person,
    publisher_line,
    seen_line,
    shown_matches,
    skipped_line,
    sources_line,
)
from bot.status import ClaimStatus


def _md(text: str) -> str:
    """Article text must not turn into Markdown markup (links, emphasis, headings)."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def render(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus] | None = None,
    seen: Mapping[str, tuple[Match, ...]] | None = None,
    names: Names | None = None,
) -> str:
    """`statuses` (the desk's marks) adds each claim's status, who set it, when, and the note;
    `seen` each claim's earlier fact-checks and desk records (at most two); `names` shows the
    people who marked them by name (the export is read outside Slack, where an id means
    nothing)."""
    statuses = statuses or {}
    seen = seen or {}
    info = analysis.article
    out = [f"# Claims check: {_md(display_title(info))}", ""]
    out.append(f"- **Publisher:** {_md(publisher_line(info))}")
    if info.outlet and info.outlet.affiliation_source:
        out.append(f"  - {_md(info.outlet.affiliation_source)}")
    for label, value in (("URL", info.url), ("Byline", info.author), ("Date", info.date)):
        if value:
            out.append(f"- **{label}:** {_md(value)}")
    out.append(f"- **Claims:** {_md(counts_line(analysis))}")
    if analysis.skipped:
        out.append(f"- **Left out:** {_md(skipped_line(analysis))}")
    out.extend(f"> {_md(n)}" for n in analysis.notices)
    out.append("")
    article_items = analysis.article_checklist()
    if article_items:
        out += ["## Checklist for the whole article", ""]
        out += [f"- [ ] {_md(item.text)}" for item in article_items]
        out.append("")
    out += ["## Claims", ""]
    for claim in analysis.claims:
        out.append(f"### {claim.number}. {_md(claim.text)}")
        out.append("")
        out.append(f"- **Type:** {claim.type.value} (check-worthiness {claim.score:.2f})")
        out.append(f"- **Source:** {_md(sources_line(claim, info.outlet))}")
        flags = flags_line(claim)
        if flags:
            out.append(f"- **Flags:** {_md(flags)}")
        out.append(f"- **Why:** {_md('; '.join(claim.reasons))}")
        matches = shown_matches(seen.get(claim.fingerprint, ()))
        out += [f"- **{_md(seen_line(match, names))}**" for match in matches]
        mark = statuses.get(claim.fingerprint)
        if mark is not None:
            who = f" by {_md(person(mark.current.who, names))}" if mark.current.who else ""
            out.append(f"- **Status:** {mark.status.value}{who} ({_md(mark.current.at)})")
            if mark.current.note:
                out.append(f"- **Note:** {_md(mark.current.note)}")
        out += [f"- [ ] {_md(i.text)}" for i in analysis.checklist_for(claim.number)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"

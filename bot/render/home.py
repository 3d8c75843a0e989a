"""The app's Home tab: the desk board of one viewer.

Recent analyses in conversations the viewer is in, newest first, each with a link to its thread
and its claims counted by status; above them, the claims the viewer took. A Home tab holds at
most 100 blocks, so the board shows the newest MAX_ROWS analyses and says how many it left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block, DividerBlock

from bot.board import BoardRow
from bot.render.kit import context, header, link, safe, section, sections
from bot.status import Status

MAX_ROWS = 40
MAX_TAKEN = 20
ORDER = (Status.UNVERIFIED, Status.IN_PROGRESS, Status.VERIFIED, Status.FALSE, Status.MISLEADING)
WORDS = {
    Status.UNVERIFIED: "open",
    Status.IN_PROGRESS: "in progress",
    Status.VERIFIED: "verified",
    Status.FALSE: "false",
    Status.MISLEADING: "misleading",
}


def where_label(channel: str) -> str:
    """Channels show their name (Slack renders the mention); a DM is just "direct message"."""
    if channel.startswith("D"):
        return "direct message"
    return f"<#{channel}>"


def when_label(at: float) -> str:
    """Slack formats the date in the viewer's own time zone."""
    return f"<!date^{int(at)}^{{date_short_pretty}} {{time}}|{int(at)}>"


def status_counts(row: BoardRow) -> str:
    parts = [f"{row.by_status[s]} {WORDS[s]}" for s in ORDER if row.by_status.get(s)]
    return " · ".join(parts) or "no claims"


def thread_link(row: BoardRow, chars: int) -> str:
    title = row.entry.title[:chars]
    return link(row.permalink, title) if row.permalink else safe(title, chars)


def row_text(row: BoardRow) -> str:
    where = f"{where_label(row.entry.channel)} · {when_label(row.entry.at)}"
    return f"*{thread_link(row, 150)}*\n{where} · {status_counts(row)}"


def home_view(rows: Sequence[BoardRow], days: int) -> dict[str, Any]:
    blocks: list[Block] = [
        header("Desk board"),
        context(
            f"Analyses of the last {days} days in conversations you are in. "
            "Refreshed when you open this tab and after you mark a claim."
        ),
    ]
    taken = [
        f"• {thread_link(row, 80)}{f' claim {c.number}' if c.number else ''}: _{safe(c.text, 200)}_"
        for row in rows
        for c in row.taken_by_viewer
    ]
    blocks.append(section("*Taken by me*"))
    if taken:
        blocks += sections(taken[:MAX_TAKEN])
    else:
        blocks.append(context("Nothing yet: take a claim from its menu in a claim list."))
    blocks.append(DividerBlock())
    if not rows:
        blocks.append(
            section(
                "No analyses here yet. Mention me with a link or text in a channel, or use "
                "`/claims <link>`."
            )
        )
    blocks += [section(row_text(row)) for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        blocks.append(context(f"{len(rows) - MAX_ROWS} older analyses not shown."))
    return {"type": "home", "blocks": [b.to_dict() for b in blocks]}




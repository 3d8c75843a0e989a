"""The analysis as files for the desk's own tools: Markdown to read, CSV for a spreadsheet.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
prefixed with an apostrophe: the cells hold article text, and an article must not be able to
put a formula in the desk's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.analysis import Analysis
from bot.records.types import Match
from bot.render import markdown
from bot.render.wording import (
    Names,
    display_title,
    person,
    seen_line,
    shown_matches,
    sources_line,
)
from bot.status import ClaimStatus

Seen = Mapping[str, tuple[Match, ...]]

CSV_COLUMNS = (
    "number",
    "claim",
    "type",
    "check_worthiness",
    "source",
    "source_kind",
    "hedged",
    "loaded",
    "checks",
    "status",
    "set_by",
    "set_at",
    "note",
    "set_by_name",
    "seen_before",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    title: str
    content: str


def slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return words[:60].rstrip("-") or "analysis"


def inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus],
    seen: Seen | None = None,
    names: Names | None = None,
) -> str:
    """One row per claim. `set_by` keeps the id the mark was saved under (stable, for the
    desk's own tools), `set_by_name` the name a person reads; `seen_before` the claim's "seen
    before" lines, worded as everywhere else and joined by " | "."""
    seen = seen or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    publisher = analysis.article.outlet
    for claim in analysis.claims:
        mark = statuses.get(claim.fingerprint)
        row = [
            str(claim.number),
            claim.text,
            claim.type.value,
            f"{claim.score:.2f}",
            sources_line(claim, publisher),
            claim.source_kind.value,
            ", ".join(claim.hedges),
            ", ".join(claim.loaded),
            " | ".join(item.text for item in analysis.checklist_for(claim.number)),
            mark.status.value if mark else "unverified",
            mark.current.who if mark else "",
            mark.current.at if mark else "",
            mark.current.note if mark else "",
            person(mark.current.who, names) if mark and mark.current.who else "",
            " | ".join(
                seen_line(m, names) for m in shown_matches(seen.get(claim.fingerprint, ()))
            ),
        ]
        writer.writerow([inert(cell) for cell in row])
    return out.getvalue()


def export_files(
    analysis: Analysis,
    statuses: Mapping[str, ClaimStatus],
    seen: Seen | None = None,
    names: Names | None = None,
) -> list[ExportFile]:
    """The Markdown report and the CSV of claims, named after the article, both with the
    claims' "seen before" lines and people's names."""
    title = display_title(analysis.article)
    name = slug(title)
    report = markdown.render(analysis, statuses, seen, names)
    table = to_csv(analysis, statuses, seen, names)
    return [
        ExportFile(f"{name}.md", f"Claims check: {title[:200]}", report),
        ExportFile(f"{name}.csv", f"Claims (CSV): {title[:200]}", table),
    ]



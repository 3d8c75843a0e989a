"""Small lookups over an Analysis so engine tests assert on meaning, not on exact wording."""

from __future__ import annotations

from pathlib import Path

from bot.analysis import Analysis, Claim

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
def shared_dir() -> Path:
    """The project's shared/ folder: beside the checkout (as CI has it) or the workplace's."""
    beside = Path(__file__).resolve().parents[2] / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


WORKED_EXAMPLE = shared_dir() / "examples" / "iranpress-baghuz.txt"


def claim_with(analysis: Analysis, *words: str) -> Claim:
    """The one claim whose text holds all `words` (case-insensitive); fails loudly otherwise."""
    hits = [c for c in analysis.claims if all(w.lower() in c.text.lower() for w in words)]
    assert len(hits) == 1, f"expected one claim with {words}, got {[c.text for c in hits]}"
    return hits[0]


def no_claim_with(analysis: Analysis, *words: str) -> bool:
    return not any(all(w.lower() in c.text.lower() for w in words) for c in analysis.claims)


def checklist_text(analysis: Analysis) -> str:
    return "\n".join(item.text for item in analysis.checklist)

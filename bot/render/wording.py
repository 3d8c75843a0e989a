"""Plain-language phrases about an analysis, shared by every renderer (terminal, Markdown, Slack).

Renderers differ in markup, not in what they say, so the wording lives here once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from bot.analysis import Analysis, ArticleInfo, Claim, Outlet, Source, SourceKind
from bot.records.types import Match

KIND_LABEL = {
    SourceKind.OUTLET: "named outlet",
    SourceKind.PERSON: "named person",
    SourceKind.ORGANISATION: "organisation or official body",
    SourceKind.ANONYMOUS: "anonymous",
    SourceKind.UNCLEAR: "unclear",
    SourceKind.NONE: "no source",
}


def display_title(info: ArticleInfo) -> str:
    """The headline, or the first words of a paste that came without one."""
    return info.title or info.lede or "pasted text"


def outlet_line(outlet: Outlet | None) -> str:
    if outlet is None:
        return "not in the outlet registry"
    if outlet.state_affiliated:
        return f"{outlet.name}, state-affiliated media ({outlet.country})"
    return f"{outlet.name} ({outlet.country})" if outlet.country else outlet.name


Names = Mapping[str, str]
"""Slack user id -> the name to show (the person's display name); looked up by the Slack
surfaces, empty in the terminal, whose marks carry names already."""

SEEN_PER_CLAIM = 2
UNKNOWN_PERSON = "someone on the desk"
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def person(who: str, names: Names | None = None) -> str:
    """Who did something, as a reader sees it: never a Slack mention. A mention (`<@U…>`) in a
    message notifies that person each time the message is posted, and a claim is shown again
    and again; so a Slack user id reads as its display name, or, when Slack would not give one
    (no `users:read`, a deleted user), as "someone on the desk" rather than an id nobody reads.
    A name typed in the terminal is shown as it is."""
    if names and names.get(who):
        return names[who]
    if is_slack_user(who):
        return UNKNOWN_PERSON
    return who


def is_slack_user(who: str) -> bool:
    """Marks made in Slack are saved under the user's id (U… or, on Enterprise Grid, W…)."""
    return bool(_SLACK_USER.match(who))


UNRESOLVED_PERSON = "person; which one is not clear"
PRONOUNS = frozenset({"he", "she", "him", "her", "they", "it", "we", "i"})


def shown_matches(matches: Iterable[Match]) -> tuple[Match, ...]:
    """The lines a claim shows, in the matcher's order: at most `SEEN_PER_CLAIM`, of which at
    most one related (not judged the same claim). Nearly every news claim has a related
    fact-check on its subject; a second one is more often noise than news."""
    shown: list[Match] = []
    related = 0
    for match in matches:
        if len(shown) == SEEN_PER_CLAIM:
            break
        if not match.close:
            if related:
                continue
            related += 1
        shown.append(match)
    return tuple(shown)


def seen_line(match: Match, names: Names | None = None) -> str:
    """"Seen before: fact-checked by PolitiFact on 2019-11-18: False (https://...)", or "Also
    in <title> (<outlet>, <date>), marked false by Ana Lima"; plain text, escaped by each
    renderer; who marked it is a name (`person`), never a mention. A match the matcher did not
    judge the same claim (`close`) says so and quotes what was checked, so the desk can tell
    at a glance whether it is theirs: on ordinary news, most such matches share only a subject."""
    date = f" on {match.date[:10]}" if match.date else ""
    if match.kind == "factcheck":
        who = match.source or "a fact-checker"
        verdict = f": {match.verdict}" if match.verdict else ""
        link = f" ({match.url})" if match.url else ""
        if not match.close:
            return f"{RELATED}: {who} checked {_quoted(match.text)}{date}{verdict}{link}"
        return f"Seen before: fact-checked by {who}{date}{verdict}{link}"
    where = ", ".join(part for part in (match.source, match.date[:10]) if part)
    title = match.title or "an earlier article"
    lead = "Also in" if match.close else f"{RELATED}: {_quoted(match.text)} in"
    line = f"{lead} {title}" + (f" ({where})" if where else "")
    if match.verdict and match.verdict != "unverified":
        who = person(match.who, names) if match.who else ""
        line += f", marked {match.verdict}" + (f" by {who}" if who else "")
    return line


RELATED = "Related, not clearly the same claim"
QUOTED_CHARS = 160


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTED_CHARS:
        text = text[: QUOTED_CHARS - 1].rstrip() + "…"
    return f"“{text}”"


def publisher_line(info: ArticleInfo) -> str:
    """"Sputnik, state-affiliated media (RU) · opinion · wire copy from Associated Press"."""
    if info.outlet is not None:
        head = outlet_line(info.outlet)
        if info.publisher_basis == "dateline":
            head += ", named by the text (not verified)"
    elif info.publisher_basis == "impersonated":
        head = f"calls itself {info.self_named}, but the address is not {info.self_named}'s"
    elif info.self_named:
        head = f"{info.self_named} (not in the outlet registry)"
    else:
        head = "not in the outlet registry"
    parts = [head]
    if info.genre and info.genre != "news":
        parts.append(info.genre)
    if info.wire is not None:
        parts.append(f"wire copy from {info.wire.name}")
    return " · ".join(parts)


def source_phrase(source: Source) -> str:
    kind = KIND_LABEL[source.kind]
    if source.kind == SourceKind.PERSON and not source.resolved and source.text.lower() in PRONOUNS:
        kind = UNRESOLVED_PERSON
    if source.outlet is not None and source.outlet.state_affiliated:
        kind += f", state-affiliated ({source.outlet.country})"
    return f"{source.label} ({kind})"


def sources_line(claim: Claim, publisher: Outlet | None = None) -> str:
    """"Sputnik (named outlet, state-affiliated) · relayed by Iran Press", or "none given"."""
    if not claim.sources:
        return "none given" + (" (hedged)" if claim.hedges else "")
    line = " → ".join(source_phrase(s) for s in claim.sources)
    outer = claim.sources[0]
    if publisher and outer.kind == SourceKind.OUTLET and outer.outlet != publisher:
        line += f" · relayed by {publisher.name}"
    return line


def kind_counts(analysis: Analysis) -> list[tuple[str, int]]:
    """How many claims rest on each kind of source, most telling kinds first."""
    counts = Counter(c.source_kind for c in analysis.claims)
    return [(KIND_LABEL[k], counts[k]) for k in SourceKind if counts[k]]


def counts_line(analysis: Analysis) -> str:
    n = len(analysis.claims)
    parts = ", ".join(f"{count} {label}" for label, count in kind_counts(analysis))
    return f"{n} claim{'s' if n != 1 else ''}" + (f": {parts}" if parts else "")


def flags_line(claim: Claim) -> str:
    parts = []
    if claim.hedges:
        parts.append("hedged: " + ", ".join(claim.hedges))
    if claim.loaded:
        parts.append("loaded: " + ", ".join(claim.loaded))
    return "; ".join(parts)


def skipped_line(analysis: Analysis) -> str:
    kinds = Counter(item.split(":", 1)[0] for item in analysis.skipped)
    return ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in kinds.items())

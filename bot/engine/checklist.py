"""The to-do list a checker would write after a first read, derived from what was found.

Pure function of the claims and the article info: each item says what to do and why, and
names the claims it serves; the same check for several claims is one item.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.analysis import ArticleInfo, ChecklistItem, Claim, ClaimType, Outlet, SourceKind
from bot.engine.lexicon import lexicon

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night)\b",
    re.IGNORECASE,
)
OFFICIAL_WORDS = ("official", "officials", "authorities", "spokesman", "spokesperson", "aide")


def _quote(text: str) -> str:
    return f"“{text}”"


def _join(items: tuple[str, ...] | list[str], limit: int = 3) -> str:
    items = list(items)[:limit]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _np(phrase: str) -> str:
    """A source phrase as it reads mid-sentence: "the ministry", not "The ministry"."""
    return "the " + phrase[4:] if phrase.startswith("The ") else phrase


def _quantities(claim: Claim) -> str:
    return _join([_quote(q) for q in claim.quantities])


def _specific_dates(claim: Claim) -> list[str]:
    """Dates a record could confirm (a day, a weekday), not bare years or "recent months"."""
    return [d for d in claim.dates if _DAY.search(d)]


def _claim_items(claim: Claim, publisher: Outlet | None, genre: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    primary = claim.sources[-1] if claim.sources else None
    for source in claim.sources:
        if source.kind == SourceKind.OUTLET and (publisher is None or source.outlet != publisher):
            name = source.outlet.name if source.outlet else source.text
            items.append((f"Find {name}'s original report and compare it with this version",
                          "second-hand report"))
    if primary and primary.kind == SourceKind.ANONYMOUS:
        if any(w in primary.text.lower() for w in OFFICIAL_WORDS):
            items.append((f"Ask which {_np(primary.text)} said this and look for an on-record "
                          "statement",
                          "vague official source"))
        else:
            items.append((f"Treat {_quote(primary.text)} as unverified until identified; "
                          "seek a named second source", "anonymous source"))
    if primary and primary.kind == SourceKind.UNCLEAR:
        items.append((f"Work out who {_quote(primary.label)} is before relying on this",
                       "unclear source"))
    if not claim.sources:
        if claim.quantities:
            items.append((f"Ask for the primary source behind {_quantities(claim)}",
                          "unattributed quantity"))
        elif genre != "opinion":
            items.append(("Find a primary source: the article gives none for this claim",
                          "unattributed"))
    elif claim.quantities:
        items.append((f"Find the primary data behind {_quantities(claim)}",
                      "quantity"))
    if claim.type == ClaimType.QUOTE:
        speaker = (
            _np(primary.resolved or primary.text)
            if primary
            else claim.people[0] if claim.people else "the speaker"
        )
        items.append((f"Find the original words of {speaker} (transcript or recording) "
                      "and their context", "claim about someone's words"))
    things = list(claim.visuals)
    if claim.places and things:
        items.append((f"Geolocate {_join(claim.places, 2)} and look for the {_join(things, 2)} "
                      "in recent satellite imagery", "location and imagery"))
    elif things and claim.type == ClaimType.EVENT:
        items.append((f"Look for the {_join(things, 2)} in recent satellite imagery of the site",
                      "imagery"))
    elif claim.places and claim.type == ClaimType.EVENT:
        items.append((f"Confirm the location: {_join(claim.places, 2)}", "location"))
    dates = _specific_dates(claim)
    if dates and claim.type == ClaimType.EVENT and (not primary or primary.kind in (
            SourceKind.ANONYMOUS, SourceKind.UNCLEAR)):
        items.append((f"Confirm the date ({_join(dates, 2)}) against an independent record",
                      "date"))
    if claim.hedges:
        items.append((f"{_quote(claim.hedges[0]).capitalize()} hedges this: find who reported it "
                      "first and whether anyone has confirmed it", "hedged"))
    if claim.type == ClaimType.CAUSAL:
        items.append(("Check the causal link: is there evidence beyond the assertion?", "causal"))
    if claim.type == ClaimType.PREDICTION:
        items.append(("A prediction: note who makes it and on what basis", "prediction"))
    if claim.type == ClaimType.RULE:
        items.append(("Check the legal claim against the law, ruling or rule it refers to", "rule"))
    return items


def _article_items(info: ArticleInfo, claims: tuple[Claim, ...]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    publisher = info.outlet
    if publisher and publisher.state_affiliated:
        items.append((f"Weigh the publisher: {publisher.name} is state-affiliated media "
                      f"({publisher.country}). {publisher.affiliation_source}",
                      "state-affiliated publisher"))
    relayed: dict[str, Outlet] = {}
    for claim in claims:
        for source in claim.sources:
            if source.outlet and source.outlet != publisher:
                relayed.setdefault(source.outlet.id, source.outlet)
    for outlet in relayed.values():
        state = " (state-affiliated)" if outlet.state_affiliated else ""
        items.append((f"Look for independent corroboration that is not a re-report of "
                      f"{outlet.name}{state}", "relayed outlet"))
    if info.genre == "opinion":
        items.append(("An opinion piece: check the facts it rests on, not the writer's "
                      "judgements", "opinion"))
    unattributed = [c for c in claims if not c.sources]
    if len(unattributed) >= 2 and info.genre != "opinion":
        items.append((f"{len(unattributed)} claims cite no source at all: ask the publisher "
                      "for the primary sources", "unattributed claims"))
    actor = _party_to_ask(claims)
    if actor:
        items.append((f"Ask {actor} for comment on the claims made about it", "right of reply"))
    return items


def _party_to_ask(claims: tuple[Claim, ...]) -> str:
    """The actor most claims are about, named at least twice; a body that can answer ("the US
    military") is preferred to a country, which cannot be asked for comment."""
    counts = Counter(_actor_name(a) for c in claims for a in c.actors)
    named_twice = [(n, a) for a, n in counts.most_common() if n >= 2]
    heads = lexicon().organisation_heads
    bodies = [(n, a) for n, a in named_twice if a.split()[-1] in heads]
    if bodies:
        body = bodies[0][1]
        return body if body.lower().startswith(("the ", "a ")) else "the " + body
    return named_twice[0][1] if named_twice else ""


def _actor_name(actor: str) -> str:
    return "the " + actor[4:] if actor.lower().startswith("the ") else actor


def _loaded_item(claims: tuple[Claim, ...]) -> ChecklistItem | None:
    """One article-level item for all loaded wording: each claim already shows its own words,
    and the same item under every claim would repeat itself down the list."""
    flagged = [c for c in claims if c.loaded]
    if not flagged:
        return None
    words: dict[str, str] = {}
    for word in (w for c in flagged for w in c.loaded):
        words.setdefault(word.lower(), word)
    numbers = _join([str(c.number) for c in sorted(flagged, key=lambda c: c.number)], 12)
    return ChecklistItem(
        text=f"Separate fact from framing: loaded words ({_join(list(words.values()), 8)}) "
        f"in claim{'s' if len(flagged) > 1 else ''} {numbers}",
        reason="loaded language",
    )



def build_checklist(info: ArticleInfo, claims: tuple[Claim, ...]) -> tuple[ChecklistItem, ...]:
    """Article-level items first, then each claim's, merged where the wording is the same."""
    merged: dict[str, tuple[str, list[int]]] = {}
    for text, reason in _article_items(info, claims):
        merged.setdefault(text, (reason, []))
    for claim in claims:
        for text, reason in _claim_items(claim, info.outlet, info.genre):
            entry = merged.setdefault(text, (reason, []))
            if claim.number not in entry[1]:
                entry[1].append(claim.number)
    loaded = _loaded_item(claims)
    if loaded is not None:
        merged.setdefault(loaded.text, (loaded.reason, []))
    items = [ChecklistItem(text=t, reason=r, claims=tuple(n)) for t, (r, n) in merged.items()]
    items.sort(key=lambda i: (bool(i.claims), i.claims[:1]))
    return tuple(items)

"""Seen before: the desk's claim index as the desk service uses it.

Lookups run when an analysis is shown (earlier fact-checks and the desk's own records that
match its top claims); writes run after the answer is out. The index is the desk's memory,
not its lifeline: an index that is down, locked or slow is logged once and the answer goes
out without the "seen before" lines.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Mapping
from typing import Any, Protocol

from bot.analysis import Analysis, Claim
from bot.errors import JudgementNotSaved
from bot.records import DeskClaim, Match, Records, Scope

log = logging.getLogger(__name__)

LOOKED_UP = 20
PER_CLAIM = 2


class Whereabouts(Protocol):
    """Who asked and in which conversation (`bot.desk.service.Where`)."""

    team: str
    channel: str
    thread_ts: str
    private: bool


def scope_of(where: Whereabouts) -> Scope:
    """The terminal (no team, no channel) sees imported fact-checks and its own records."""
    private = where.private and bool(where.channel)
    return Scope(team=where.team, channel=where.channel, private=private)


class ClaimMemory:
    """Looks up and indexes claims in the records, never raising for the index's sake."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self._failing = threading.Event()

    def seen(self, analysis: Analysis, where: Whereabouts) -> Mapping[str, tuple[Match, ...]]:
        """Matches for the first claims, by claim fingerprint; an empty map when none or down.
        The matcher already leaves out what the team judged not the same claim (a claim's
        fingerprint is its text's)."""
        claims = analysis.claims[:LOOKED_UP]
        try:
            matched = self.records.find_matches_many(
                [claim.text for claim in claims],
                scope_of(where),
                PER_CLAIM,
                exclude_analysis=analysis.key,
            )
        except Exception:
            self._trouble("look up claims for %s", analysis.key)
            return {}
        self._failing.clear()
        return {
            claim.fingerprint: tuple(matches)
            for claim, matches in zip(claims, matched, strict=True)
            if matches
        }

    @property
    def failing(self) -> bool:
        """True while the index is down: what it answered then (nothing) is not kept."""
        return self._failing.is_set()

    def without_rejected(
        self, seen: Mapping[str, tuple[Match, ...]], where: Whereabouts
    ) -> Mapping[str, tuple[Match, ...]]:
        """`seen` as kept earlier, less the matches `where`'s team has judged not the same
        since; nothing while the judgements cannot be read (a line judged wrong must not
        come back because the database is down)."""
        try:
            rejected = self.records.rejected_many(where.team, list(seen))
        except Exception:
            self._trouble("read the judgements of %s", where.team)
            return {}
        kept: dict[str, tuple[Match, ...]] = {}
        for fingerprint, matches in seen.items():
            still = tuple(m for m in matches if m.item_id not in rejected[fingerprint])
            if still:
                kept[fingerprint] = still
        return kept

    def not_same(self, where: Whereabouts, claim: Claim, item_id: str, who: str) -> bool:
        """Keep someone's judgement that `item_id` is not the same claim: it is never shown
        for this claim to their team again. True when new; raises JudgementNotSaved."""
        try:
            return self.records.record_not_same(
                where.team, claim.fingerprint, item_id, who, claim_text=claim.text
            )
        except Exception as error:
            log.exception("could not keep 'not the same' on %s %s", claim.fingerprint, item_id)
            raise JudgementNotSaved(detail=f"{claim.fingerprint} {item_id}") from error

    def index(self, analysis: Analysis, where: Whereabouts) -> None:
        info = analysis.article
        scope = scope_of(where)
        claims = [
            DeskClaim(
                text=claim.text,
                scope=scope,
                analysis_key=analysis.key,
                fingerprint=claim.fingerprint,
                title=info.title or info.lede,
                url=info.url,
                publisher=info.outlet.name if info.outlet else info.self_named,
                published=info.date,
                thread_ts=where.thread_ts,
                pasted=not info.url,
            )
            for claim in analysis.claims
        ]
        try:
            self.records.add_claims(claims)
        except Exception:
            self._trouble("index the claims of %s", analysis.key)
            return
        self._failing.clear()

    def _trouble(self, what: str, key: str) -> None:
        """Logged once per outage (with the traceback), not once per claim or per request."""
        if not self._failing.is_set():
            self._failing.set()
            log.exception("claim index: could not " + what + "; answering without it", key)


SEEN_KIND = "seen"


def seen_memo_name(analysis_key: str, where: Whereabouts) -> str:
    """Matches depend on who looks (a private conversation sees its own records), so they are
    kept per workspace and, for a private conversation, per conversation."""
    scope = scope_of(where)
    return f"{scope.team}:{scope.conversation}:{analysis_key}"


def encode_seen(seen: Mapping[str, tuple[Match, ...]]) -> str:
    return json.dumps(
        {fp: [dataclasses.asdict(m) for m in matches] for fp, matches in seen.items()}
    )


def decode_seen(blob: str) -> dict[str, tuple[Match, ...]] | None:
    """None for what cannot be read (an older shape): looked up again instead."""
    try:
        data: dict[str, list[dict[str, Any]]] = json.loads(blob)
        return {fp: tuple(Match(**m) for m in matches) for fp, matches in data.items()}
    except (ValueError, TypeError, AttributeError):
        log.warning("unreadable seen-before memo; looking up again")
        return None

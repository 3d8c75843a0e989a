"""The desk: what happens to a request for a check, whichever surface it came from.

Given a parsed request (links and/or pasted text), the desk checks the rate limit, looks in the
cache, fetches, analyses, caches and remembers which thread the analysis belongs to. It answers
with plain outcome values (`Checked`, `Refused`) that the Slack handlers and the terminal each
draw their own way; it never sees a Slack payload.

What a process builds once (the store, the analysis pool) is put together in `bot.wiring`;
the desk receives the fetch-and-analyse step as one plain callable (`Produce`): in the bot it
runs in a worker process under the analysis time limit (`bot.desk.isolation`), in the terminal
in the operator's own process. So the desk itself never imports the engine or the reader.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.analysis import Analysis, Claim, analysis_ref, text_key, url_key
from bot.board import BoardEntry, BoardRow, TakenClaim
from bot.desk.marks import read_marks, save_mark
from bot.desk.people import Lookup, People
from bot.desk.seen import SEEN_KIND, ClaimMemory, decode_seen, encode_seen, seen_memo_name
from bot.errors import JudgementNotSaved, UserError
from bot.reading.urls import canonical_url
from bot.records import Match
from bot.render.wording import display_title
from bot.settings import Settings
from bot.status import ClaimStatus, Status, StatusChange
from bot.store import Store

log = logging.getLogger(__name__)


class CheckRequest(Protocol):
    """What `bot.reading.intake.parse_message` returns: links to fetch and/or text to analyse."""

    links: tuple[str, ...] | list[str]
    text: str


@dataclass(frozen=True)
class Where:
    """Who asked, and the thread the answer belongs to (no team and no thread: the terminal).

    `private` says the conversation is a private channel or a direct message: what the desk
    records there is never shown outside it."""

    team: str = ""
    user: str = ""
    channel: str = ""
    thread_ts: str = ""
    private: bool = False


@dataclass(frozen=True)
class Checked:
    """An analysis to show; `cached` says it was not fetched and analysed this time, `seen`
    holds earlier fact-checks and desk records matching its claims (by claim fingerprint)."""

    analysis: Analysis
    cached: bool
    statuses: Mapping[str, ClaimStatus] = field(default_factory=dict)
    link: str = ""
    seen: Mapping[str, tuple[Match, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Refused:
    """A request answered with words instead of an analysis: dead link, empty text, rate limit."""

    message: str
    link: str = ""


Outcome = Checked | Refused


@dataclass(frozen=True)
class _Item:
    """One thing to check in a request: a link, or the pasted text."""

    link: str
    text: str
    key: str


TAKEN_NOTE = "took this claim"


class Produced(Protocol):
    """What the fetch-and-analyse step returns: the analysis and its other cache keys."""

    analysis: Analysis
    aliases: tuple[str, ...]


Produce = Callable[[str, str, str], Produced]


class Desk:
    """Runs checks against the cache and the fetch-and-analyse step; safe to share across
    threads (the step runs in worker processes, or alone in the terminal)."""

    def __init__(
        self, settings: Settings, store: Store, produce: Produce, memory: ClaimMemory | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self._produce = produce
        self.memory = memory
        self.people = People(store)

    def check(self, request: CheckRequest, where: Where, *, fresh: bool = False) -> list[Outcome]:
        """One outcome per link (and one for pasted text); cached answers skip the rate limit."""
        items = self._items(request)
        cached = {} if fresh else {item.key: self.store.get_analysis(item.key) for item in items}
        needs_work = [item for item in items if cached.get(item.key) is None]
        refusal = self._rate_refusal(where) if needs_work else None
        outcomes: list[Outcome] = []
        for item in items:
            hit = cached.get(item.key)
            if hit is not None:
                outcomes.append(self._done(hit, True, item, where))
            elif refusal is not None:
                outcomes.append(Refused(refusal, item.link))
            else:
                outcomes.append(self._work(item, where))
        return outcomes

    def is_cached(self, request: CheckRequest) -> bool:
        """Whether every part of the request is answered from the cache (no progress to show)."""
        return all(self.store.get_analysis(item.key) is not None for item in self._items(request))

    def recheck(self, analysis: Analysis, where: Where) -> Outcome:
        """Fetch and analyse a linked article again; the desk's marks carry over by fingerprint."""
        if not analysis.article.url or not analysis.key.startswith("url:"):
            return Refused(
                "This analysis came from pasted text: paste the text again to recheck it."
            )
        refusal = self._rate_refusal(where)
        if refusal is not None:
            return Refused(refusal, analysis.article.url)
        item = _Item(analysis.article.url, "", analysis.key)
        return self._work(item, where)

    def thread_analysis(self, channel: str, thread_ts: str) -> Analysis | None:
        """The analysis a thread is about (the most recent one when it holds several)."""
        for key in reversed(self.store.thread_keys(channel, thread_ts)):
            analysis = self.store.get_analysis(key)
            if analysis is not None:
                return analysis
        return None

    def first_delivery(self, team: str, channel: str, ts: str) -> bool:
        """True once per message, across threads and processes (the store's SET NX decides)."""
        return self.store.first_delivery(team, channel, ts)

    def thread_known(self, channel: str, thread_ts: str) -> bool:
        return bool(self.store.thread_keys(channel, thread_ts))

    def statuses(self, analysis: Analysis, where: Where) -> dict[str, ClaimStatus]:
        """The desk's marks as seen from `where`, or none while the database cannot say (the
        answer is still useful without them)."""
        return self._marks(analysis.key, where)

    def seen(
        self, analysis: Analysis, where: Where, *, fresh: bool = False
    ) -> Mapping[str, tuple[Match, ...]]:
        """Earlier fact-checks and desk claims matching the analysis's claims as seen from
        `where`, without those its team judged not the same; none while the index is down.

        The lookup runs when an answer is made (in the worker) and when the full list is built
        or updated (`fresh`); what it found is kept in the store as long as the analysis, so
        `claim N`, `status` and `export` show the same lines as the full list without looking
        up again. Judgements made since are honoured on every read."""
        if self.memory is None:
            return {}
        name = seen_memo_name(analysis.key, where)
        if not fresh:
            blob = self.store.get_memos(SEEN_KIND, [name]).get(name)
            kept = decode_seen(blob) if blob is not None else None
            if kept is not None:
                return self.memory.without_rejected(kept, where)
        found = self.memory.seen(analysis, where)
        if not self.memory.failing:
            self.store.put_memo(SEEN_KIND, name, encode_seen(found), self.settings.cache_ttl)
        return found

    def names(self, team: str, users: list[str], lookup: Lookup) -> dict[str, str]:
        """Display names for the Slack users among `users` (see `bot.desk.people`)."""
        return self.people.names(team, users, lookup)

    def not_same(self, claim: Claim, item_id: str, where: Where) -> bool:
        """`where.user` says `item_id` is not the same claim; raises JudgementNotSaved."""
        if self.memory is None:
            raise JudgementNotSaved(detail="the desk's database is not open")
        return self.memory.not_same(where, claim, item_id, where.user)

    def _marks(self, analysis_key: str, where: Where) -> dict[str, ClaimStatus]:
        if self.memory is None:
            return {}
        try:
            return read_marks(self.memory.records, where, analysis_key)
        except Exception:
            log.warning("claim marks unavailable for %s; answering without them", analysis_key)
            return {}

    def mark(
        self, analysis: Analysis, claim: Claim, status: Status, who: str, note: str,
        where: Where, *, mark_id: str,
    ) -> StatusChange:
        """Record a mark in `where`'s scope, once per `mark_id`; raises StatusNotSaved (a
        UserError) when the database cannot keep it."""
        records = self.memory.records if self.memory is not None else None
        return save_mark(
            records, where, analysis.key, claim.fingerprint, status, who,
            mark_id=mark_id, note=note, claim_text=claim.text,
        )

    def take(self, analysis: Analysis, claim: Claim, where: Where, *, mark_id: str) -> StatusChange:
        """Taking a claim is marking it in progress under one's name: the board's "taken by me"
        reads the marks, so taking needs no storage of its own."""
        return self.mark(
            analysis, claim, Status.IN_PROGRESS, where.user, TAKEN_NOTE, where, mark_id=mark_id
        )

    def find_analysis(self, channel: str, thread_ts: str, ref: str) -> Analysis | None:
        """The thread's analysis whose `analysis_ref` is `ref` (buttons carry the short ref)."""
        for key in self.store.thread_keys(channel, thread_ts):
            if analysis_ref(key) == ref:
                return self.store.get_analysis(key)
        return None

    def remember_posted(self, channel: str, thread_ts: str, name: str, ts: str) -> None:
        self.store.remember_message(channel, thread_ts, name, ts)

    def posted(self, channel: str, thread_ts: str, name: str) -> str | None:
        return self.store.remembered_message(channel, thread_ts, name)

    def board(self, team: str, viewer: str, visible: Callable[[str], bool]) -> list[BoardRow]:
        """The viewer's desk board: recent analyses in conversations `visible` says they are in,
        newest first, with their claims counted by status and the claims the viewer took."""
        since = time.time() - self.settings.board_days * 86400
        rows = []
        allowed: dict[str, bool] = {}
        for entry in self.store.recent_analyses(team, since):
            if entry.channel not in allowed:
                allowed[entry.channel] = visible(entry.channel)
            if allowed[entry.channel]:
                rows.append(self._board_row(entry, viewer))
        return rows

    def _board_row(self, entry: BoardEntry, viewer: str) -> BoardRow:
        where = Where(entry.team, viewer, entry.channel, entry.thread_ts, entry.private)
        marks = self._marks(entry.analysis_key, where)
        counts = Counter(mark.status for mark in marks.values())
        counts[Status.UNVERIFIED] += max(0, entry.claims - len(marks))
        taken = [
            mark
            for mark in marks.values()
            if mark.status is Status.IN_PROGRESS and mark.current.who == viewer
        ]
        numbers: dict[str, int] = {}
        if taken:
            analysis = self.store.get_analysis(entry.analysis_key)
            if analysis is not None:
                numbers = {claim.fingerprint: claim.number for claim in analysis.claims}
        return BoardRow(
            entry,
            {status: n for status, n in counts.items() if n},
            tuple(TakenClaim(m.text, numbers.get(m.fingerprint, 0)) for m in taken),
        )

    def _items(self, request: CheckRequest) -> list[_Item]:
        items = [_Item(link, "", url_key(canonical_url(link))) for link in request.links]
        if request.text.strip():
            items.append(_Item("", request.text, text_key(request.text)))
        return items

    def _rate_refusal(self, where: Where) -> str | None:
        """Limits protect a shared bot from a workspace's users; the terminal (no team) is the
        operator's own process, so a batch of `claimdesk check` runs is never refused."""
        if not where.team:
            return None
        decision = self.store.allow(where.team, where.user or "unknown")
        return None if decision.allowed else decision.message

    def _work(self, item: _Item, where: Where) -> Outcome:
        try:
            produced = self._produce(item.link, item.text, item.key)
        except UserError as error:
            log.info("refused %s: %s", item.link or "pasted text", error)
            return Refused(error.user_message, item.link)
        self.store.put_analysis(produced.analysis, aliases=list(produced.aliases))
        return self._done(produced.analysis, False, item, where)

    def _done(self, analysis: Analysis, cached: bool, item: _Item, where: Where) -> Checked:
        if where.channel and where.thread_ts:
            self.store.bind_thread(where.channel, where.thread_ts, analysis.key)
            if where.team:
                self._index(analysis, where)
        seen = self.seen(analysis, where, fresh=True)
        return Checked(analysis, cached, self.statuses(analysis, where), item.link, seen)

    def remember(self, outcomes: list[Outcome], where: Where) -> None:
        """Put the claims of what was just answered in the claim index; called after the reply
        is out, so an index that is slow, locked or down never delays an answer."""
        if self.memory is None:
            return
        for outcome in outcomes:
            if isinstance(outcome, Checked):
                self.memory.index(outcome.analysis, where)

    def _index(self, analysis: Analysis, where: Where) -> None:
        entry = BoardEntry(
            team=where.team,
            channel=where.channel,
            thread_ts=where.thread_ts,
            analysis_key=analysis.key,
            title=display_title(analysis.article)[:200],
            at=time.time(),
            claims=len(analysis.claims),
            private=where.private,
        )
        self.store.index_analysis(entry, self.settings.board_days * 86400)

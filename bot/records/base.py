"""The SQL both engines share (the interface they offer is `bot.records.protocol.Records`).

SQLite and PostgreSQL differ in full-text search, locking and DDL; everything else (claims,
marks and their history, assignment, judgements, retention) is one set of statements written
once here with `?` placeholders, so the two engines cannot drift apart on the desk's rules.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.analysis import text_fingerprint
from bot.records.protocol import Records
from bot.records.rows import as_text, in_chunks
from bot.records.text import profile
from bot.records.types import (
    STATUSES,
    Candidate,
    ClaimMarks,
    DeskClaim,
    FactCheck,
    MarkEntry,
    Match,
    NotSame,
    Scope,
)

UPSERT_BATCH = 500
FACTCHECK_FIELDS = (
    "claim", "url", "headline", "claim_author", "rating", "rating_value", "best_rating",
    "worst_rating", "organisation", "published", "language", "licence", "context",
)


__all__ = ["Records", "SqlRecords", "now_iso"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqlRecords:
    """What SQLite and PostgreSQL share; subclasses provide the connection, locking and search."""

    migrations: Sequence[Sequence[str]] = ()
    for_update = ""

    def __init__(self, retention_days: int) -> None:
        self.retention_days = retention_days
        self._lock = threading.RLock()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """`sql` once per row, sent together."""
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _migration_lock(self) -> None:
        """Called first inside the migration transaction: serialise concurrent starts."""

    def _after_migrations(self) -> None:
        """Optional extras (indexes that need privileges) tried at every start."""

    def close(self) -> None:
        raise NotImplementedError

    def migrate(self) -> int:
        """Bring the schema to the latest version; safe to call again and from two processes."""
        with self._lock, self._transaction():
            self._migration_lock()
            self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self._run("SELECT max(version) FROM schema_version").fetchone()
            current = int(row[0] or 0)
            for version, statements in enumerate(self.migrations, start=1):
                if version <= current:
                    continue
                for statement in statements:
                    self._run(statement)
                self._run("INSERT INTO schema_version (version) VALUES (?)", (version,))
        self._after_migrations()
        return self.schema_version()

    def schema_version(self) -> int:
        with self._lock:
            row = self._run("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)

    def add_claims(self, claims: Iterable[DeskClaim]) -> int:
        """Index claims the desk analysed; the same claim seen again in a channel is refreshed."""
        stamp, count = now_iso(), 0
        with self._lock, self._transaction():
            for claim in claims:
                fingerprint = claim.fingerprint or text_fingerprint(claim.text)
                scope = claim.scope
                self._run(
                    "INSERT INTO claims (team, channel, conversation, private, thread_ts,"
                    " analysis_key, fingerprint, text, title, url, publisher, published, pasted,"
                    " created_at, seen_at, profile) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT (team, channel, analysis_key, fingerprint) DO UPDATE SET"
                    " thread_ts = excluded.thread_ts, seen_at = excluded.seen_at,"
                    " title = excluded.title, publisher = excluded.publisher",
                    (scope.team, scope.channel, scope.conversation, scope.private,
                     claim.thread_ts, claim.analysis_key, fingerprint, claim.text, claim.title,
                     claim.url, claim.publisher, claim.published, claim.pasted, stamp, stamp,
                     profile(claim.text).to_json()),
                )
                count += 1
        return count

    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]:
        """Store fact-checks, unique by (url, claim); a re-import updates. (added, updated).

        A few hundred at a time, one statement sent for all (an import is tens of thousands
        of fact-checks, and a round trip each kept PostgreSQL busy for minutes)."""
        added = updated = 0
        columns = ", ".join(FACTCHECK_FIELDS)
        marks = ",".join("?" * (len(FACTCHECK_FIELDS) + 4))
        changes = ", ".join(f"{name} = excluded.{name}" for name in FACTCHECK_FIELDS[2:])
        insert = (
            f"INSERT INTO factchecks ({columns}, imported_at, updated_at, profile,"
            f" headline_profile) VALUES ({marks}) ON CONFLICT (url, claim) DO UPDATE SET"
            f" {changes}, updated_at = excluded.updated_at,"
            " headline_profile = excluded.headline_profile"
        )
        stamp = now_iso()
        with self._lock, self._transaction():
            for chunk in in_chunks(items, UPSERT_BATCH):
                urls = sorted({item.url for item in chunk})
                marks_urls = ",".join("?" * len(urls))
                known = {
                    (url, claim) for url, claim in self._run(
                        f"SELECT url, claim FROM factchecks WHERE url IN ({marks_urls})", urls
                    ).fetchall()
                }
                for item in chunk:
                    if (item.url, item.claim) in known:
                        updated += 1
                    else:
                        added += 1
                        known.add((item.url, item.claim))
                self._run_many(insert, [
                    (*(getattr(item, name) for name in FACTCHECK_FIELDS), stamp, stamp,
                     profile(item.claim).to_json(), profile(item.headline).to_json())
                    for item in chunk
                ])
        return added, updated

    def factcheck_stats(self) -> dict[str, Any]:
        """How many fact-checks, from which organisations, and the newest one's date."""
        with self._lock:
            total = self._run("SELECT count(*) FROM factchecks").fetchone()[0]
            rows = self._run(
                "SELECT organisation, count(*) FROM factchecks GROUP BY organisation"
                " ORDER BY count(*) DESC, organisation"
            ).fetchall()
            newest = self._run("SELECT max(published) FROM factchecks").fetchone()[0]
        return {
            "factchecks": int(total),
            "organisations": {org or "(unnamed)": int(n) for org, n in rows},
            "newest": as_text(newest),
        }

    def forget_factchecks(self, *, url: str = "", organisation: str = "") -> int:
        """Remove imported fact-checks by page URL or by organisation (both empty: none)."""
        if not url and not organisation:
            return 0
        where, params = [], []
        if url:
            where.append("url = ?")
            params.append(url)
        if organisation:
            where.append("organisation = ?")
            params.append(organisation)
        with self._lock, self._transaction():
            cursor = self._run("DELETE FROM factchecks WHERE " + " AND ".join(where), params)
            return int(cursor.rowcount)

    def candidates(self, words: Sequence[str], scope: Scope, limit: int = 50) -> list[Candidate]:
        """Full-text hits for any of `words`: `limit` fact-checks, and fewer of the desk's own
        claims in `scope` (one article's worth of near-duplicates is plenty)."""
        return self.candidates_many([words], scope, limit)[0]

    def candidates_many(
        self, word_lists: Sequence[Sequence[str]], scope: Scope, limit: int = 50
    ) -> list[list[Candidate]]:
        """`candidates` for each list of words, searched together (`search.RareWordSearch`,
        which every engine mixes in)."""
        raise NotImplementedError

    def find_matches(
        self, claim_text: str, scope: Scope, limit: int = 2, *, exclude_analysis: str = ""
    ) -> list[Match]:
        return self.find_matches_many(
            [claim_text], scope, limit, exclude_analysis=exclude_analysis
        )[0]

    def find_matches_many(
        self, texts: Sequence[str], scope: Scope, limit: int = 2, *, exclude_analysis: str = ""
    ) -> list[list[Match]]:
        """Matches for each of an article's claims, looked up together."""
        from bot.records.match import find_matches_many

        return find_matches_many(self, texts, scope, limit, exclude_analysis=exclude_analysis)

    def save_mark(
        self, scope: Scope, analysis_key: str, fingerprint: str, status: str, who: str, *,
        mark_id: str, note: str = "", claim_text: str = "", at: str = "",
    ) -> ClaimMarks:
        """Record a mark; the same `mark_id` saved twice (a retried click) is stored once."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if not mark_id:
            raise ValueError("a mark needs its mark_id")
        key = (scope.team, scope.conversation, analysis_key, fingerprint)
        with self._lock, self._transaction():
            state = self._lock_state(key, claim_text)
            when = at or now_iso()
            seen = self._run(
                "SELECT 1 FROM marks WHERE team = ? AND mark_id = ?", (scope.team, mark_id)
            ).fetchone()
            if not seen:
                self._run(
                    "INSERT INTO marks (team, conversation, analysis_key, fingerprint, mark_id,"
                    " status, previous, who, note, at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT (team, mark_id) DO NOTHING",
                    (*key, mark_id, status, state or "", who, note, when),
                )
                self._run(
                    "UPDATE claim_states SET status = ?, who = ?, marked_at = ?,"
                    " claim_text = CASE WHEN ? = '' THEN claim_text ELSE ? END"
                    " WHERE team = ? AND conversation = ? AND analysis_key = ? AND fingerprint = ?",
                    (status, who, when, claim_text, claim_text, *key),
                )
            return self._claim_marks(key)

    def assign(
        self, scope: Scope, analysis_key: str, fingerprint: str, to: str, by: str, *,
        claim_text: str = "",
    ) -> ClaimMarks:
        """Someone takes a claim (or is given it); `to` empty releases it."""
        key = (scope.team, scope.conversation, analysis_key, fingerprint)
        with self._lock, self._transaction():
            self._lock_state(key, claim_text)
            self._run(
                "UPDATE claim_states SET assigned_to = ?, assigned_by = ?, assigned_at = ?"
                " WHERE team = ? AND conversation = ? AND analysis_key = ? AND fingerprint = ?",
                (to, by if to else "", now_iso() if to else "", *key),
            )
            return self._claim_marks(key)

    def _lock_state(self, key: tuple[str, str, str, str], claim_text: str) -> str | None:
        self._run(
            "INSERT INTO claim_states (team, conversation, analysis_key, fingerprint, claim_text)"
            " VALUES (?,?,?,?,?) ON CONFLICT (team, conversation, analysis_key, fingerprint)"
            " DO NOTHING",
            (*key, claim_text),
        )
        row = self._run(
            "SELECT status FROM claim_states WHERE team = ? AND conversation = ?"
            " AND analysis_key = ? AND fingerprint = ?" + self.for_update,
            key,
        ).fetchone()
        return row[0] if row else None

    def _claim_marks(self, key: tuple[str, str, str, str]) -> ClaimMarks:
        marks = self._marks_where(
            "s.team = ? AND s.conversation = ? AND s.analysis_key = ? AND s.fingerprint = ?", key
        )
        return marks[key[3]]

    def marks(self, scope: Scope, analysis_key: str) -> dict[str, ClaimMarks]:
        """The marks of one analysis as seen from `scope`, by claim fingerprint."""
        with self._lock:
            return self._marks_where(
                "s.team = ? AND s.conversation = ? AND s.analysis_key = ?",
                (scope.team, scope.conversation, analysis_key),
            )

    def _marks_where(self, where: str, params: Sequence[Any]) -> dict[str, ClaimMarks]:
        states = self._run(
            "SELECT s.analysis_key, s.fingerprint, s.claim_text, s.assigned_to, s.assigned_by,"
            " s.assigned_at, s.team, s.conversation FROM claim_states s WHERE " + where, params
        ).fetchall()
        history: dict[tuple[str, str], list[MarkEntry]] = {}
        rows = self._run(
            "SELECT m.analysis_key, m.fingerprint, m.mark_id, m.status, m.who, m.at, m.note,"
            " m.previous FROM marks m JOIN claim_states s ON s.team = m.team"
            " AND s.conversation = m.conversation AND s.analysis_key = m.analysis_key"
            " AND s.fingerprint = m.fingerprint WHERE " + where + " ORDER BY m.id",
            params,
        ).fetchall()
        for akey, fp, mark_id, status, who, at, note, previous in rows:
            history.setdefault((akey, fp), []).append(
                MarkEntry(mark_id, status, who, as_text(at), note or "", previous or "")
            )
        return {
            fp: ClaimMarks(
                analysis_key=akey, fingerprint=fp, text=text or "",
                history=tuple(history.get((akey, fp), ())), assigned_to=to or "",
                assigned_by=by or "", assigned_at=as_text(when) if to else "",
            )
            for akey, fp, text, to, by, when, _team, _conv in states
        }

    def record_not_same(
        self, team: str, fingerprint: str, item_id: str, who: str, *, claim_text: str = ""
    ) -> bool:
        """Keep a "not the same claim" judgement; True when it is new."""
        with self._lock, self._transaction():
            cursor = self._run(
                "INSERT INTO not_same (team, fingerprint, item_id, who, at, claim_text)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (team, fingerprint, item_id, who) DO NOTHING",
                (team, fingerprint, item_id, who, now_iso(), claim_text),
            )
            return cursor.rowcount == 1

    def not_same(self, team: str) -> list[NotSame]:
        with self._lock:
            rows = self._run(
                "SELECT team, fingerprint, item_id, who, at, claim_text FROM not_same"
                " WHERE team = ? ORDER BY at, id",
                (team,),
            ).fetchall()
        return [NotSame(r[0], r[1], r[2], r[3], as_text(r[4]), r[5] or "") for r in rows]

    def rejected(self, team: str, fingerprint: str) -> set[str]:
        """Items someone in `team` judged not the same as this claim: never suggested again."""
        return self.rejected_many(team, [fingerprint])[fingerprint]

    def rejected_many(self, team: str, fingerprints: Sequence[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {fingerprint: set() for fingerprint in fingerprints}
        for chunk in in_chunks(list(found), 500):
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._run(
                    "SELECT fingerprint, item_id FROM not_same WHERE team = ?"
                    f" AND fingerprint IN ({marks})",
                    (team, *chunk),
                ).fetchall()
            for fingerprint, item_id in rows:
                found[fingerprint].add(item_id)
        return found

    def prune(self, now: datetime | None = None) -> int:
        """Forget claims from pasted text not seen for `retention_days`; returns how many."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        with self._lock, self._transaction():
            cursor = self._run(
                "DELETE FROM claims WHERE pasted = ? AND seen_at < ?",
                (True, cutoff.isoformat(timespec="seconds")),
            )
            return int(cursor.rowcount)

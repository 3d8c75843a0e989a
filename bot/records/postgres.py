"""The desk's records in PostgreSQL, for installs where several processes or machines share them.

psycopg 3 rather than hand-written wire code; a tsvector column with a GIN index and ts_rank for
full-text candidates, and pg_trgm (where the database lets us create it) for near-duplicates
that share letters more than whole words. An advisory lock makes concurrent starts migrate once.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from bot.records.base import SqlRecords
from bot.records.rows import DESK_COLUMNS, FACTCHECK_COLUMNS, desk_candidate, factcheck_candidate
from bot.records.sqlite import COMMON, RARE_WORDS
from bot.records.types import Candidate, DeskClaim, FactCheck, Scope

MIGRATION_LOCK = 7_270_152
NEAR_DUPLICATES = 5
STATISTICS_SECONDS = 300.0
ANALYZE_AFTER = 500
LEXEME_MEMORY = 100_000
_LEXEME = re.compile(r"[^\w.]")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE claims (
            id BIGSERIAL PRIMARY KEY, team TEXT NOT NULL, channel TEXT NOT NULL,
            conversation TEXT NOT NULL, private BOOLEAN NOT NULL, thread_ts TEXT NOT NULL,
            analysis_key TEXT NOT NULL, fingerprint TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT NOT NULL, url TEXT NOT NULL, publisher TEXT NOT NULL,
            published TEXT NOT NULL, pasted BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL,
            seen_at TIMESTAMPTZ NOT NULL, profile TEXT NOT NULL DEFAULT '',
            search TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
            UNIQUE (team, channel, analysis_key, fingerprint))""",
        "CREATE INDEX claims_scope ON claims (team, conversation)",
        "CREATE INDEX claims_pasted ON claims (pasted, seen_at)",
        "CREATE INDEX claims_search ON claims USING GIN (search)",
        """CREATE TABLE factchecks (
            id BIGSERIAL PRIMARY KEY, claim TEXT NOT NULL, url TEXT NOT NULL,
            headline TEXT NOT NULL, claim_author TEXT NOT NULL, rating TEXT NOT NULL,
            rating_value TEXT NOT NULL, best_rating TEXT NOT NULL, worst_rating TEXT NOT NULL,
            organisation TEXT NOT NULL, published TEXT NOT NULL, language TEXT NOT NULL,
            licence TEXT NOT NULL, context TEXT NOT NULL, imported_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL, profile TEXT NOT NULL DEFAULT '',
            headline_profile TEXT NOT NULL DEFAULT '',
            search TSVECTOR GENERATED ALWAYS AS (
                to_tsvector('english', claim || ' ' || headline || ' ' || context)) STORED,
            UNIQUE (url, claim))""",
        "CREATE INDEX factchecks_org ON factchecks (organisation)",
        "CREATE INDEX factchecks_search ON factchecks USING GIN (search)",
        """CREATE TABLE claim_states (
            team TEXT NOT NULL, conversation TEXT NOT NULL, analysis_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL, claim_text TEXT NOT NULL DEFAULT '',
            status TEXT, who TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL DEFAULT '',
            assigned_to TEXT NOT NULL DEFAULT '', assigned_by TEXT NOT NULL DEFAULT '',
            assigned_at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (team, conversation, analysis_key, fingerprint))""",
        """CREATE TABLE marks (
            id BIGSERIAL PRIMARY KEY, team TEXT NOT NULL, conversation TEXT NOT NULL,
            analysis_key TEXT NOT NULL, fingerprint TEXT NOT NULL, mark_id TEXT NOT NULL,
            status TEXT NOT NULL, previous TEXT NOT NULL, who TEXT NOT NULL,
            note TEXT NOT NULL, at TIMESTAMPTZ NOT NULL, UNIQUE (team, mark_id))""",
        "CREATE INDEX marks_claim ON marks (team, conversation, analysis_key, fingerprint)",
        """CREATE TABLE not_same (
            id BIGSERIAL PRIMARY KEY, team TEXT NOT NULL, fingerprint TEXT NOT NULL,
            item_id TEXT NOT NULL, who TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,
            claim_text TEXT NOT NULL, UNIQUE (team, fingerprint, item_id, who))""",
    ),
)

TRIGRAM_STEPS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    "CREATE INDEX IF NOT EXISTS factchecks_claim_trgm ON factchecks USING GIST"
    " (claim gist_trgm_ops)",
)


def ts_query(words: Sequence[str]) -> str:
    """Any of the words, each a quoted lexeme so none is read as tsquery syntax."""
    lexemes = (_LEXEME.sub("", word) for word in words)
    return " | ".join(f"'{lexeme}'" for lexeme in lexemes if lexeme)


class PostgresRecords(SqlRecords):
    """Records in a PostgreSQL database named by a postgresql:// URL."""

    migrations = MIGRATIONS
    for_update = " FOR UPDATE"

    def __init__(self, url: str, retention_days: int) -> None:
        super().__init__(retention_days)
        self._conn = psycopg.connect(url, autocommit=True)
        self.trigrams = False
        self._shares: dict[str, tuple[float, dict[str, float]]] = {}
        self._lexeme: dict[str, str] = {}
        self.migrate()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self._conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def _migration_lock(self) -> None:
        self._run("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def _after_migrations(self) -> None:
        """pg_trgm needs a privilege some hosted databases withhold: without it, no trigrams.
        It goes in `public`, which outlives any one schema; installed elsewhere, out of this
        search path, its operators are missing here, and there are no trigrams either."""
        try:
            with self._lock, self._transaction():
                self._migration_lock()
                for statement in TRIGRAM_STEPS:
                    self._run(statement)
            self.trigrams = True
        except psycopg.errors.InsufficientPrivilege:
            self.trigrams = False
        except (psycopg.errors.UndefinedFile, psycopg.errors.UndefinedObject):
            self.trigrams = False

    def _rare(self, table: str, words: Sequence[str]) -> list[str]:
        """The words least common in the table (at most RARE_WORDS), none in more than COMMON
        of its rows.

        ts_rank scores every row holding any word of the query, so a common word makes a lookup
        read thousands of rows to change no ranking. PostgreSQL's own statistics (ANALYZE's
        most common lexemes of the search column, read again every few minutes) say which
        words those are, at no cost per lookup."""
        lexemes = self._lexemes(words)
        shares = self._common(table)
        usable = [
            word for word in dict.fromkeys(words)
            if lexemes.get(word) and shares.get(lexemes[word], 0.0) <= COMMON
        ]
        return sorted(usable, key=lambda word: shares.get(lexemes[word], 0.0))[:RARE_WORDS]

    def _lexemes(self, words: Sequence[str]) -> dict[str, str]:
        unknown = [word for word in dict.fromkeys(words) if word not in self._lexeme]
        if unknown:
            if len(self._lexeme) > LEXEME_MEMORY:
                self._lexeme.clear()
            rows = self._run(
                "SELECT w, coalesce(array_to_string(tsvector_to_array("
                "to_tsvector('english', w)), ' '), '') FROM unnest(?::text[]) AS t(w)",
                (unknown,),
            ).fetchall()
            self._lexeme.update(rows)
        return {word: self._lexeme.get(word, "") for word in words}

    def _common(self, table: str) -> dict[str, float]:
        """Lexeme -> share of rows, for the lexemes ANALYZE found most common."""
        read_at, shares = self._shares.get(table, (-math.inf, {}))
        if time.monotonic() - read_at > STATISTICS_SECONDS:
            row = self._run(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = ? AND attname = 'search'",
                (table,),
            ).fetchone()
            shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
            self._shares[table] = (time.monotonic(), shares)
        return shares

    def _wrote(self) -> None:
        self._shares.clear()

    def add_claims(self, claims: Iterable[DeskClaim]) -> int:
        try:
            return super().add_claims(claims)
        finally:
            self._wrote()

    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]:
        """An import of many fact-checks refreshes the table's statistics at once (autovacuum
        would, later), so the next lookups know its common words."""
        try:
            added, updated = super().upsert_factchecks(items)
            if added + updated >= ANALYZE_AFTER:
                self._run("ANALYZE factchecks")
            return added, updated
        finally:
            self._wrote()

    def _factcheck_hits(self, words: Sequence[str], limit: int) -> list[Candidate]:
        words = self._rare("factchecks", words)
        query = ts_query(words)
        if not query:
            return []
        rows = self._run(
            f"SELECT {FACTCHECK_COLUMNS}, ts_rank(f.search, q) AS score"
            " FROM factchecks f, to_tsquery('english', ?) q WHERE f.search @@ q"
            " ORDER BY score DESC LIMIT ?",
            (query, limit),
        ).fetchall()
        hits = [factcheck_candidate(row, float(row[-1])) for row in rows]
        if self.trigrams and len(hits) < limit:
            hits += self._near_duplicates(" ".join(words), {c.item_id for c in hits}, query)
        return hits

    def _near_duplicates(self, text: str, known: set[str], query: str) -> list[Candidate]:
        rows = self._run(
            f"SELECT {FACTCHECK_COLUMNS}, ts_rank(f.search, to_tsquery('english', ?)) AS score"
            " FROM factchecks f ORDER BY f.claim <-> ? LIMIT ?",
            (query, text, NEAR_DUPLICATES),
        ).fetchall()
        return [
            factcheck_candidate(row, float(row[-1]))
            for row in rows
            if f"factcheck:{row[0]}" not in known
        ]

    def _claim_hits(self, words: Sequence[str], scope: Scope, limit: int) -> list[Candidate]:
        query = ts_query(self._rare("claims", words))
        if not query:
            return []
        rows = self._run(
            f"SELECT {DESK_COLUMNS}, ts_rank(c.search, q) AS score"
            " FROM claims c CROSS JOIN to_tsquery('english', ?) q"
            " LEFT JOIN claim_states s ON s.team = c.team AND s.conversation = c.conversation"
            " AND s.analysis_key = c.analysis_key AND s.fingerprint = c.fingerprint"
            " WHERE c.search @@ q AND c.team = ? AND c.conversation = ?"
            " ORDER BY score DESC LIMIT ?",
            (query, scope.team, scope.conversation, limit),
        ).fetchall()
        return [desk_candidate(row, float(row[-1])) for row in rows]

    def size_bytes(self) -> int:
        """The records' tables and indexes on disk."""
        row = self._run(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

"""The desk's records in PostgreSQL, for installs where several processes or machines share them.

psycopg 3 rather than hand-written wire code; a tsvector column with a GIN index gives each
word's rows to the ranking both engines share (`bot.records.search`), and pg_trgm (where the
database lets us create it) adds near-duplicates that share letters more than whole words. An
advisory lock makes concurrent starts migrate once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import psycopg

from bot.records.base import SqlRecords
from bot.records.postings import EMPTY, too_common_for
from bot.records.rows import FACTCHECK_COLUMNS, factcheck_candidate
from bot.records.search import COMMON, SEARCHED, RareWordSearch
from bot.records.types import Candidate, FactCheck, Scope

MIGRATION_LOCK = 7_270_152
NEAR_DUPLICATES = 5
ANALYZE_AFTER = 500
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
    # GIN's fast update parks new entries in a pending list every search reads end to end:
    # after an import of thousands of fact-checks, each word looked up cost milliseconds.
    # Entries now go straight into the index (a claim's insert costs a little more).
    (
        "ALTER INDEX factchecks_search SET (fastupdate = off)",
        "ALTER INDEX claims_search SET (fastupdate = off)",
        "SELECT gin_clean_pending_list('factchecks_search'::regclass)",
        "SELECT gin_clean_pending_list('claims_search'::regclass)",
    ),
    # A counter bumped once by every transaction that writes fact-checks (a trigger, so
    # imports by any process or tool count): a lookup reads it with the row lists, and lists
    # kept from before a change are forgotten (`PostgresRecords._read_lists`). Once per
    # transaction, not per statement: an import inserts row by row, and a version of the
    # counter's row per statement left ~950 dead pages for every lookup's read to scan.
    (
        """CREATE TABLE factcheck_changes (
            id INT PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL, tx BIGINT)""",
        "INSERT INTO factcheck_changes (id, n) VALUES (1, 0)",
        """CREATE FUNCTION factcheck_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE 'UPDATE ' || quote_ident(TG_TABLE_SCHEMA) || '.factcheck_changes'
                    || ' SET n = n + 1, tx = txid_current()'
                    || ' WHERE id = 1 AND tx IS DISTINCT FROM txid_current()';
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER factchecks_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
            ON factchecks FOR EACH STATEMENT EXECUTE FUNCTION factcheck_changed()""",
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


class PostgresRecords(RareWordSearch, SqlRecords):
    """Records in a PostgreSQL database named by a postgresql:// URL."""

    migrations = MIGRATIONS
    for_update = " FOR UPDATE"

    def __init__(self, url: str, retention_days: int) -> None:
        super().__init__(retention_days)
        self._conn = psycopg.connect(url, autocommit=True)
        # A lookup's row-list statement is estimated past jit_above_cost (hundreds of rows
        # per word, 100+ words) and spent ~14 ms of its ~30 ms compiling expressions for a
        # few thousand index probes; nothing here runs long enough to repay compiling.
        self._run("SET jit = off")
        self.trigrams = False
        self._start_search()
        self.migrate()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self._conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """psycopg sends the rows of executemany in one pipeline, not a round trip each."""
        with self._conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]

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

    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]:
        """An import of many fact-checks refreshes the planner's statistics at once (autovacuum
        would, later): the lookups' plans depend on how many rows a word holds."""
        added, updated = super().upsert_factchecks(items)
        if added + updated >= ANALYZE_AFTER:
            self._run("ANALYZE factchecks")
        return added, updated

    def _rows_holding(
        self, table: str, words: Sequence[str], too_common: int
    ) -> dict[str, np.ndarray]:
        return self._read_tables({table: words}, {table: too_common})[1][table]

    def _read_lists(self, words: Sequence[str]) -> dict[str, dict[str, tuple[int, np.ndarray]]]:
        """Both tables' lists and the fact-check change counter in one statement, one snapshot.

        The kept fact-check lists (and count) are trusted first; if the counter moved since
        they were read, they are forgotten and the rest read again (this statement's are
        current, unless the count, taken again, moved the bar they were cut at). They are
        marked with the counter read first, so a change seen late costs a read, never a stale
        list."""
        bars = {table: too_common_for(self._size(table), COMMON) for table in SEARCHED}
        wanted = {table: self._postings[table].wanted(words, bars[table]) for table in SEARCHED}
        version, fetched = self._read_tables(wanted, bars)
        if self._factchecks_changed(version):
            bar = too_common_for(self._size("factchecks"), COMMON)
            if bar != bars["factchecks"]:
                fetched["factchecks"], bars["factchecks"] = {}, bar
            known = fetched["factchecks"]
            more = [w for w in self._postings["factchecks"].wanted(words, bar) if w not in known]
            if more:
                known.update(self._rows_holding("factchecks", more, bar))
        return {
            table: self._postings[table].take(words, fetched[table], bars[table])
            for table in SEARCHED
        }

    def _read_tables(
        self, wanted: dict[str, Sequence[str]], bars: dict[str, int]
    ) -> tuple[int, dict[str, dict[str, np.ndarray]]]:
        """The fact-check change counter, and each word's row ids from each table's GIN index,
        in one statement.

        Each row id costs a heap visit (GIN returns no columns, and the id is needed), so a
        list stops one past its table's bar: only that such a word is too common counts, and
        the most common words held 15,000 of 100,000 rows (the bar there is 5,000). A list
        comes back as one bytea of big-endian int8s, read by numpy without a Python object
        per row (one row per (word, id) cost ~0.6 us each on this side alone)."""
        parts = ["SELECT -1, 0, int8send(n) FROM factcheck_changes WHERE id = 1"]
        params: list[Any] = []
        searched: list[list[str]] = []
        found: dict[str, dict[str, np.ndarray]] = {table: {} for table in SEARCHED}
        for number, (table, words) in enumerate(wanted.items()):
            queries = {word: ts_query([word]) for word in words}
            found[table] = {word: EMPTY for word in words}
            searched.append([word for word in words if queries[word]])
            if not searched[-1]:
                continue
            parts.append(
                f"SELECT {number}, w.n - 1, (SELECT string_agg(int8send(t.id), ''::bytea"
                f" ORDER BY t.id) FROM (SELECT id FROM {table}"
                " WHERE search @@ to_tsquery('english', w.q) LIMIT ?) t)"
                " FROM unnest(?::text[]) WITH ORDINALITY AS w(q, n)"
            )
            params += [bars[table] + 1, [queries[word] for word in searched[-1]]]
        tables = list(wanted)
        version = 0
        for number, n, packed in self._run(" UNION ALL ".join(parts), params).fetchall():
            if number < 0:
                version = int.from_bytes(packed, "big", signed=True)
            elif packed:
                found[tables[number]][searched[number][n]] = np.frombuffer(
                    packed, dtype=">i8"
                ).astype(np.int64)
        return version, found

    def _among(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        """One array parameter, not one parameter per id, typed bigint[] like the ids (as
        smallint[], which psycopg picks for small ints, `bigint = ANY(..)` can never be hashed,
        so a filter by it compares each row with every id in turn). It goes as the array's
        text: psycopg dumps a list of ints one Python call per int, ~0.4 us each, and a lookup
        sends ~1,400."""
        return f"{column} = ANY(?::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]

    def _in_scope(self, ids: set[int], scope: Scope) -> set[int]:
        """The rows are picked by primary key and their scope checked here. Asked for
        `id = ANY(..) AND team = ? AND conversation = ?`, the planner (with no statistics on
        claims, or a generic plan) took the (team, conversation) index, which holds every claim
        of a desk's public scope, and tested each one against the ids: 10,000 rows and ~80 ms
        per article at 100k claims, growing with the scope, where the ids alone are ~1 ms.
        One array holds any number of ids, so this is one statement however deep the search."""
        if not ids:
            return set()
        among, params = self._among("id", sorted(ids))
        return {
            row for row, team, conversation in self._run(
                f"SELECT id, team, conversation FROM claims WHERE {among}", params
            ).fetchall()
            if team == scope.team and conversation == scope.conversation
        }

    def _ranked_factchecks(
        self,
        word_lists: Sequence[Sequence[str]],
        limit: int,
        lists: dict[str, tuple[int, np.ndarray]],
    ) -> list[list[Candidate]]:
        """The shared ranking, topped up with near-duplicates by trigram when it finds few."""
        found = super()._ranked_factchecks(word_lists, limit, lists)
        if not self.trigrams:
            return found
        for words, hits in zip(word_lists, found, strict=True):
            if words and len(hits) < limit:
                scale = max((c.rank for c in hits), default=1.0)
                hits += self._near_duplicates(" ".join(words), {c.item_id for c in hits}, scale)
        return found

    def _near_duplicates(self, text: str, known: set[str], scale: float) -> list[Candidate]:
        """The claims closest in letters; their rank is their trigram similarity (0 to 1)
        times `scale`, the best word hit's rank (an IDF sum), so the two compare."""
        rows = self._run(
            f"SELECT {FACTCHECK_COLUMNS}, similarity(f.claim, ?) AS score"
            " FROM factchecks f ORDER BY f.claim <-> ? LIMIT ?",
            (text, text, NEAR_DUPLICATES),
        ).fetchall()
        return [
            factcheck_candidate(row, float(row[-1]) * scale)
            for row in rows
            if f"factcheck:{row[0]}" not in known
        ]

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

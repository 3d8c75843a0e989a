"""The desk's records in one SQLite file: no server to run, FTS5 for the full-text index.

The default for a single process or a single machine. WAL mode lets readers go on while a
mark is written; `BEGIN IMMEDIATE` makes two processes starting at once migrate one at a time.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bot.records.base import SqlRecords
from bot.records.postings import EMPTY
from bot.records.rows import in_chunks
from bot.records.search import RareWordSearch

_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY, team TEXT NOT NULL, channel TEXT NOT NULL,
            conversation TEXT NOT NULL, private INTEGER NOT NULL, thread_ts TEXT NOT NULL,
            analysis_key TEXT NOT NULL, fingerprint TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT NOT NULL, url TEXT NOT NULL, publisher TEXT NOT NULL,
            published TEXT NOT NULL, pasted INTEGER NOT NULL, created_at TEXT NOT NULL,
            seen_at TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '',
            UNIQUE (team, channel, analysis_key, fingerprint))""",
        "CREATE INDEX claims_scope ON claims (team, conversation)",
        "CREATE INDEX claims_pasted ON claims (pasted, seen_at)",
        f"CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id',"
        f" {_TOKENIZE})",
        """CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text); END""",
        """CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END""",
        """CREATE TABLE factchecks (
            id INTEGER PRIMARY KEY, claim TEXT NOT NULL, url TEXT NOT NULL,
            headline TEXT NOT NULL, claim_author TEXT NOT NULL, rating TEXT NOT NULL,
            rating_value TEXT NOT NULL, best_rating TEXT NOT NULL, worst_rating TEXT NOT NULL,
            organisation TEXT NOT NULL, published TEXT NOT NULL, language TEXT NOT NULL,
            licence TEXT NOT NULL, context TEXT NOT NULL, imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '',
            headline_profile TEXT NOT NULL DEFAULT '', UNIQUE (url, claim))""",
        "CREATE INDEX factchecks_org ON factchecks (organisation)",
        f"CREATE VIRTUAL TABLE factchecks_fts USING fts5(claim, headline, context,"
        f" content='factchecks', content_rowid='id', {_TOKENIZE})",
        """CREATE TRIGGER factchecks_ai AFTER INSERT ON factchecks BEGIN
            INSERT INTO factchecks_fts (rowid, claim, headline, context)
            VALUES (new.id, new.claim, new.headline, new.context); END""",
        """CREATE TRIGGER factchecks_ad AFTER DELETE ON factchecks BEGIN
            INSERT INTO factchecks_fts (factchecks_fts, rowid, claim, headline, context)
            VALUES ('delete', old.id, old.claim, old.headline, old.context); END""",
        """CREATE TRIGGER factchecks_au AFTER UPDATE ON factchecks BEGIN
            INSERT INTO factchecks_fts (factchecks_fts, rowid, claim, headline, context)
            VALUES ('delete', old.id, old.claim, old.headline, old.context);
            INSERT INTO factchecks_fts (rowid, claim, headline, context)
            VALUES (new.id, new.claim, new.headline, new.context); END""",
        """CREATE TABLE claim_states (
            team TEXT NOT NULL, conversation TEXT NOT NULL, analysis_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL, claim_text TEXT NOT NULL DEFAULT '',
            status TEXT, who TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL DEFAULT '',
            assigned_to TEXT NOT NULL DEFAULT '', assigned_by TEXT NOT NULL DEFAULT '',
            assigned_at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (team, conversation, analysis_key, fingerprint))""",
        """CREATE TABLE marks (
            id INTEGER PRIMARY KEY, team TEXT NOT NULL, conversation TEXT NOT NULL,
            analysis_key TEXT NOT NULL, fingerprint TEXT NOT NULL, mark_id TEXT NOT NULL,
            status TEXT NOT NULL, previous TEXT NOT NULL, who TEXT NOT NULL,
            note TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (team, mark_id))""",
        "CREATE INDEX marks_claim ON marks (team, conversation, analysis_key, fingerprint)",
        """CREATE TABLE not_same (
            id INTEGER PRIMARY KEY, team TEXT NOT NULL, fingerprint TEXT NOT NULL,
            item_id TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,
            claim_text TEXT NOT NULL, UNIQUE (team, fingerprint, item_id, who))""",
    ),
    (
        "CREATE VIRTUAL TABLE factchecks_vocab USING fts5vocab(factchecks_fts, 'row')",
        "CREATE VIRTUAL TABLE claims_vocab USING fts5vocab(claims_fts, 'row')",
    ),
    # Word counts now come from the row lists themselves (bot/records/search.py); the vocab
    # tables counted by scanning and are no longer read.
    (
        "DROP TABLE factchecks_vocab",
        "DROP TABLE claims_vocab",
    ),
    # A counter bumped by every write to the fact-checks (triggers, so imports by any process
    # or tool count): each lookup reads it first, and fact-check lists kept from before a
    # change are forgotten (`RareWordSearch._read_lists`). SQLite has row triggers only, so
    # it moves once per row: one more update of a page the import already holds.
    (
        """CREATE TABLE factcheck_changes (
            id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)""",
        "INSERT INTO factcheck_changes (id, n) VALUES (1, 0)",
        *(
            f"""CREATE TRIGGER factchecks_changed_{event[0].lower()} AFTER {event}
                ON factchecks BEGIN UPDATE factcheck_changes SET n = n + 1 WHERE id = 1; END"""
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
)


COMPOUND = 400
"""Single-word searches per statement (SQLite allows 500 SELECTs in one compound)."""


def fts_query(words: Sequence[str]) -> str:
    """Any of the words, each quoted so FTS5 reads none of them as an operator."""
    return " OR ".join('"' + word.replace('"', "") + '"' for word in words if word.strip('"'))


BUSY_SECONDS = 30.0


class SqliteRecords(RareWordSearch, SqlRecords):
    """Records in one SQLite file (or ":memory:")."""

    migrations = MIGRATIONS

    def __init__(self, path: str | Path, retention_days: int) -> None:
        super().__init__(retention_days)
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS
        )
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        if self.path != ":memory:":
            self._write_ahead_log()
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._start_search()
        self.migrate()

    def _write_ahead_log(self) -> None:
        """Switching to WAL needs a moment alone with the file, and SQLite answers "database is
        locked" at once, without its busy timeout, while another process starting at the same
        time holds it: so wait a little and try again, up to the busy timeout."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _run(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, tuple(params))

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _rows_holding(
        self, table: str, words: Sequence[str], too_common: int
    ) -> dict[str, np.ndarray]:
        """Each word's rows, COMPOUND words to a statement (a UNION ALL of single-word
        matches, a row per word: its number and its row ids joined by commas, in the order
        FTS5 gives them, ascending). FTS5 hands rows over at about a microsecond each, so a
        list stops one past `too_common`: only that such a word is too common counts (at
        10,000 desk claims, words past the bar were three rows in four read by a lookup whose
        kept lists had expired). Joined in SQLite and parsed by numpy, 26,000 ids cost ~3 ms;
        as a Python tuple a row they cost ~12."""
        queries = {word: fts_query([word]) for word in words}
        searched = [word for word in words if queries[word]]
        found = {word: EMPTY for word in words}
        for chunk in in_chunks(searched, COMPOUND):
            sql = " UNION ALL ".join(
                f"SELECT {n}, group_concat(rowid) FROM (SELECT rowid FROM {table}_fts"
                f" WHERE {table}_fts MATCH ? LIMIT {int(too_common) + 1})"
                for n in range(len(chunk))
            )
            for n, listed in self._run(sql, [queries[word] for word in chunk]).fetchall():
                if listed:
                    found[chunk[n]] = np.fromstring(listed, dtype=np.int64, sep=",")
        return found

    def size_bytes(self) -> int:
        """The file's size on disk, WAL included."""
        if self.path == ":memory:":
            return 0
        return sum(
            Path(self.path + suffix).stat().st_size
            for suffix in ("", "-wal")
            if Path(self.path + suffix).exists()
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

"""The desk's records in one SQLite file: no server to run, FTS5 for the full-text index.

The default for a single process or a single machine. WAL mode lets readers go on while a
mark is written; `BEGIN IMMEDIATE` makes two processes starting at once migrate one at a time.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.records.base import SqlRecords
from bot.records.rows import DESK_COLUMNS, FACTCHECK_COLUMNS, desk_candidate, factcheck_candidate
from bot.records.types import Candidate, DeskClaim, FactCheck, Scope

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
)


COMMON = 0.05
"""A word in more than this share of the index ranks nothing and costs a scan: left out."""


RARE_WORDS = 32
STEM_CACHE = 100_000


def fts_query(words: Sequence[str]) -> str:
    """Any of the words, each quoted so FTS5 reads none of them as an operator."""
    return " OR ".join('"' + word.replace('"', "") + '"' for word in words if word.strip('"'))


BUSY_SECONDS = 30.0


class SqliteRecords(SqlRecords):
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
        self._conn.execute(f"CREATE VIRTUAL TABLE temp.stems USING fts5(word, {_TOKENIZE})")
        self._conn.execute(
            "CREATE VIRTUAL TABLE temp.stems_vocab USING fts5vocab(temp, stems, instance)"
        )
        self._sizes: dict[str, int] = {}
        self._stem_cache: dict[str, str] = {}
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

    def _rare(self, words: Sequence[str], table: str) -> list[tuple[str, float]]:
        """The rarest RARE_WORDS of the words with their IDF, by the index's own stems and
        counts, none in more than COMMON of it: each word searched costs a scan of its list."""
        if table not in self._sizes:
            self._sizes[table] = self._run(f"SELECT count(*) FROM {table}").fetchone()[0]
        size = self._sizes[table]
        stems: dict[str, list[int]] = {}
        for row, term in enumerate(self._stems(words)):
            stems.setdefault(term, []).append(row)
        marks = ",".join("?" * len(stems))
        counts = dict.fromkeys(range(len(words)), 0)
        for term, docs in self._run(
            f"SELECT term, doc FROM {table}_vocab WHERE term IN ({marks})", list(stems)
        ).fetchall():
            for row in stems[term]:
                counts[row] = max(counts[row], docs)
        usable = [n for n, docs in counts.items() if 0 < docs <= max(COMMON * size, 50)]
        usable = sorted(usable, key=counts.__getitem__)[:RARE_WORDS]
        return [
            (words[n], math.log(1 + (size - counts[n] + 0.5) / (counts[n] + 0.5)))
            for n in sorted(usable)
        ]

    def _stems(self, words: Sequence[str]) -> list[str]:
        """The index's own stem of each word ("" for none), remembered between lookups."""
        unknown = [word for word in dict.fromkeys(words) if word not in self._stem_cache]
        if unknown:
            if len(self._stem_cache) > STEM_CACHE:
                self._stem_cache.clear()
            self._run("DELETE FROM temp.stems")
            self._conn.executemany(
                "INSERT INTO temp.stems (rowid, word) VALUES (?, ?)", enumerate(unknown)
            )
            found = dict(self._run("SELECT doc, term FROM temp.stems_vocab").fetchall())
            for number, word in enumerate(unknown):
                self._stem_cache[word] = found.get(number, "")
        return [self._stem_cache[word] for word in words]

    def _ranked(self, table: str, weighted: list[tuple[str, float]], limit: int) -> str:
        """Rowids by the summed IDF of the rare words they hold, computed inside SQLite: BM25
        without its length and frequency terms (claims are short), at a fraction of its cost."""
        parts = " UNION ALL ".join(
            f"SELECT rowid, {idf!r} AS w FROM {table}_fts WHERE {table}_fts MATCH ?"
            for _, idf in weighted
        )
        return f"SELECT rowid, sum(w) AS score FROM ({parts}) GROUP BY rowid" \
            f" ORDER BY score DESC, rowid DESC LIMIT {int(limit)}"

    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]:
        self._sizes.clear()
        return super().upsert_factchecks(items)

    def add_claims(self, claims: Iterable[DeskClaim]) -> int:
        self._sizes.clear()
        return super().add_claims(claims)

    def _factcheck_hits(self, words: Sequence[str], limit: int) -> list[Candidate]:
        weighted = self._rare(words, "factchecks")
        if not weighted:
            return []
        ranked = self._ranked("factchecks", weighted, limit)
        rows = self._run(
            f"SELECT {FACTCHECK_COLUMNS}, hits.score FROM ({ranked}) hits"
            " JOIN factchecks f ON f.id = hits.rowid ORDER BY hits.score DESC",
            [fts_query([word]) for word, _ in weighted],
        ).fetchall()
        return [factcheck_candidate(row, float(row[-1])) for row in rows]

    def _claim_hits(self, words: Sequence[str], scope: Scope, limit: int) -> list[Candidate]:
        weighted = self._rare(words, "claims")
        if not weighted:
            return []
        parts = " UNION ALL ".join(
            f"SELECT rowid, {idf!r} AS w FROM claims_fts WHERE claims_fts MATCH ?"
            for _, idf in weighted
        )
        rows = self._run(
            f"SELECT {DESK_COLUMNS}, hits.score FROM (SELECT t.rowid AS id, sum(t.w) AS score"
            f" FROM ({parts}) t JOIN claims ON claims.id = t.rowid"
            " WHERE claims.team = ? AND claims.conversation = ? GROUP BY t.rowid"
            " ORDER BY score DESC, t.rowid DESC LIMIT ?) hits JOIN claims c ON c.id = hits.id"
            " LEFT JOIN claim_states s ON s.team = c.team AND s.conversation = c.conversation"
            " AND s.analysis_key = c.analysis_key AND s.fingerprint = c.fingerprint"
            " ORDER BY hits.score DESC",
            [*(fts_query([word]) for word, _ in weighted), scope.team, scope.conversation, limit],
        ).fetchall()
        return [desk_candidate(row, float(row[-1])) for row in rows]

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

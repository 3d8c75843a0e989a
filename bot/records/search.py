"""Full-text candidates as both engines find them: the rows sharing the most rare words with a
claim, by the summed IDF of those words, an article's claims searched together.

An engine supplies only `_rows_holding(table, words, too_common)` (its full-text index, read
once for many words) and a `factcheck_changes` counter its triggers bump whenever fact-checks
are written (fact-check lists are kept until it moves); the choice of words, the scoring
(numpy over row lists, kept by `Postings`), the scope and the rows handed to the matcher are
the same on SQLite and PostgreSQL, so the two rank alike and a desk can move from one to the
other.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

import numpy as np

from bot.records.postings import (
    REMEMBER_SECONDS,
    Postings,
    Weighted,
    best_rows,
    rare_words,
    too_common_for,
)
from bot.records.rows import (
    DESK_COLUMNS,
    FACTCHECK_COLUMNS,
    desk_candidate,
    factcheck_candidate,
    in_chunks,
)
from bot.records.types import Candidate, DeskClaim, FactCheck, Scope

COMMON = 0.05
"""A word in more than this share of the index ranks nothing and costs a scan: left out."""

RARE_WORDS = 32
SEARCHED = ("claims", "factchecks")
VARIABLES = 900
"""Row ids per statement."""
FACTCHECK_MEMORY_ROWS = 3_000_000
"""Fact-check row ids kept at most (4 bytes each below 2**31, words counted as WORD_COST ids):
~12 MB; every word asked about at 90,000 fact-checks cost ~1.1M. Past it, kept lists start
over."""


def _ranking(rows: np.ndarray, scores: np.ndarray) -> dict[int, float]:
    """Ranked rows as row id -> score, in rank order."""
    return dict(zip(rows.tolist(), scores.tolist(), strict=True))


class RareWordSearch:
    """Mixed into an engine's records class before `SqlRecords` (whose writes it wraps to
    forget what it remembered)."""

    _lock: threading.RLock

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _rows_holding(
        self, table: str, words: Sequence[str], too_common: int
    ) -> dict[str, np.ndarray]:
        """Each word's row ids, ascending, read in as few statements as the engine can; a list
        longer than `too_common` may stop there (it is never scored, only known too common)."""
        raise NotImplementedError

    def _start_search(self) -> None:
        """Fact-check lists of every length are kept until the fact-check table changes (it
        changes on imports, not on every article, and its change counter says when); the desk
        claims' long lists are kept a minute, their short ones read fresh every time, so a
        claim another worker filed a moment ago is found at once."""
        self._sizes: dict[str, tuple[float, int]] = {}
        self._factchecks_counted: tuple[int, int] | None = None
        self._postings = {
            "claims": Postings(partial(self._rows_holding, "claims")),
            "factchecks": Postings(
                partial(self._rows_holding, "factchecks"), remember_from=0,
                remember_seconds=math.inf, memory_rows=FACTCHECK_MEMORY_ROWS,
            ),
        }

    def _factchecks_changed(self, version: int) -> bool:
        """Whether the fact-check change counter moved since the kept fact-check lists were
        read (they are then forgotten, and what is read next is marked with `version`). The
        counter must be read no later than the lists it marks: a change seen late then costs
        a read, never a stale list."""
        checks = self._postings["factchecks"]
        if version == checks.version:
            return False
        checks.forget()
        checks.version = version
        return True

    def _factcheck_version(self) -> int:
        """The fact-check change counter (bumped by triggers in the writer's transaction)."""
        return int(self._run("SELECT n FROM factcheck_changes WHERE id = 1").fetchone()[0])

    def _size(self, table: str) -> int:
        """Rows in the table, counted again now and then: other processes add to it. The
        fact-checks are counted again only when their change counter has moved from the one
        read with the last count (every write bumps it): at 90,000 rows PostgreSQL's count
        took ~10 ms, a lookup's worth, once a minute."""
        if table == "factchecks":
            return self._factcheck_size()
        counted_at, size = self._sizes.get(table, (-math.inf, 0))
        if time.monotonic() - counted_at > REMEMBER_SECONDS:
            size = self._run(f"SELECT count(*) FROM {table}").fetchone()[0]
            self._sizes[table] = (time.monotonic(), size)
        return size

    def _factcheck_size(self) -> int:
        """The fact-check count kept for the change counter the kept lists were read under, or
        counted now with the counter, in one statement so the two agree."""
        version = self._postings["factchecks"].version
        if self._factchecks_counted is None or self._factchecks_counted[0] != version:
            size, counter = self._run(
                "SELECT (SELECT count(*) FROM factchecks), n FROM factcheck_changes WHERE id = 1"
            ).fetchone()
            self._factchecks_counted = (int(counter), int(size))
        return self._factchecks_counted[1]

    def _wrote(self, tables: Sequence[str] = SEARCHED) -> None:
        """Forget what was remembered of the tables this process has just written."""
        with self._lock:
            if "factchecks" in tables:
                self._factchecks_counted = None
            for table in tables:
                self._sizes.pop(table, None)
                self._postings[table].forget()

    def _read_lists(self, words: Sequence[str]) -> dict[str, dict[str, tuple[int, np.ndarray]]]:
        """Each table's row lists for the words of an article (how many rows hold each word,
        and which), the fact-check change counter read first; an engine that can read it and
        both tables in one statement overrides."""
        self._factchecks_changed(self._factcheck_version())
        return {
            table: self._postings[table].lists(words, too_common_for(self._size(table), COMMON))
            for table in SEARCHED
        }

    def _weighted(
        self,
        table: str,
        word_lists: Sequence[Sequence[str]],
        lists: dict[str, tuple[int, np.ndarray]],
    ) -> list[list[Weighted]]:
        """Each claim's rare words with their rows."""
        size = self._size(table)
        return [
            rare_words(words, lists, size, common=COMMON, most=RARE_WORDS)
            for words in word_lists
        ]

    def candidates_many(
        self, word_lists: Sequence[Sequence[str]], scope: Scope, limit: int = 50
    ) -> list[list[Candidate]]:
        """`limit` fact-checks and fewer of the desk's own claims in `scope` for each list of
        words, all searched together: both tables' row lists are read first, at once."""
        if not any(word_lists):
            return [[] for _ in word_lists]
        desk = max(1, limit * 2 // 5)
        with self._lock:
            lists = self._read_lists([word for words in word_lists for word in words])
            checks = self._ranked_factchecks(word_lists, limit, lists["factchecks"])
            own = self._ranked_claims(word_lists, scope, desk, lists["claims"])
        return [a + b for a, b in zip(checks, own, strict=True)]

    def upsert_factchecks(self, items: Iterable[FactCheck]) -> tuple[int, int]:
        try:
            return super().upsert_factchecks(items)
        finally:
            self._wrote()

    def add_claims(self, claims: Iterable[DeskClaim]) -> int:
        """Not followed by forgetting the remembered lists: a worker indexes every article it
        answers, so forgetting here would make every lookup start cold. The new claims' rare
        words are read fresh anyway; their common words join the lists within a minute."""
        return super().add_claims(claims)

    def forget_factchecks(self, *, url: str = "", organisation: str = "") -> int:
        try:
            return super().forget_factchecks(url=url, organisation=organisation)
        finally:
            self._wrote()

    def prune(self, now: datetime | None = None) -> int:
        try:
            return super().prune(now)
        finally:
            self._wrote(("claims",))

    def _ranked_factchecks(
        self,
        word_lists: Sequence[Sequence[str]],
        limit: int,
        lists: dict[str, tuple[int, np.ndarray]],
    ) -> list[list[Candidate]]:
        best = [
            _ranking(*best_rows(weighted, limit))
            for weighted in self._weighted("factchecks", word_lists, lists)
        ]
        rows = self._rows_by_id(
            f"SELECT {FACTCHECK_COLUMNS} FROM factchecks f WHERE",
            "f.id",
            {row for ranking in best for row in ranking},
        )
        return [
            [factcheck_candidate(rows[r], score) for r, score in ranking.items() if r in rows]
            for ranking in best
        ]

    def _ranked_claims(
        self,
        word_lists: Sequence[Sequence[str]],
        scope: Scope,
        limit: int,
        lists: dict[str, tuple[int, np.ndarray]],
    ) -> list[list[Candidate]]:
        """The best-ranked rows that lie in the scope. Other conversations' claims may outrank
        them (and must never be shown), so a claim whose first rows lie mostly elsewhere looks
        further down its ranking, four times as far each time."""
        weighted = self._weighted("claims", word_lists, lists)
        kept: list[dict[int, float]] = [{} for _ in word_lists]
        looked = [0] * len(word_lists)
        searching = {n for n, words in enumerate(weighted) if words}
        depth = limit * 4
        while searching:
            fresh: dict[int, dict[int, float]] = {}
            for n in searching:
                ranking = list(_ranking(*best_rows(weighted[n], depth)).items())
                fresh[n] = dict(ranking[looked[n]:])
                looked[n] = len(ranking)
            inside = self._in_scope({row for batch in fresh.values() for row in batch}, scope)
            for n, batch in fresh.items():
                kept[n].update((row, score) for row, score in batch.items() if row in inside)
            searching = {n for n in searching if len(kept[n]) < limit and looked[n] == depth}
            depth *= 4
        best = [dict(list(found.items())[:limit]) for found in kept]
        rows = self._rows_by_id(
            f"SELECT {DESK_COLUMNS} FROM claims c LEFT JOIN claim_states s"
            " ON s.team = c.team AND s.conversation = c.conversation"
            " AND s.analysis_key = c.analysis_key AND s.fingerprint = c.fingerprint"
            " WHERE",
            "c.id",
            {row for ranking in best for row in ranking},
        )
        return [
            [desk_candidate(rows[r], score) for r, score in ranking.items() if r in rows]
            for ranking in best
        ]

    def _in_scope(self, ids: set[int], scope: Scope) -> set[int]:
        inside: set[int] = set()
        for chunk in in_chunks(sorted(ids), VARIABLES):
            among, params = self._among("id", chunk)
            inside.update(
                row for (row,) in self._run(
                    f"SELECT id FROM claims WHERE {among} AND team = ? AND conversation = ?",
                    [*params, scope.team, scope.conversation],
                )
            )
        return inside

    def _rows_by_id(self, select: str, column: str, ids: set[int]) -> dict[int, tuple[Any, ...]]:
        """`select` (ending in WHERE) for these row ids of `column`, by id."""
        rows: dict[int, tuple[Any, ...]] = {}
        for chunk in in_chunks(sorted(ids), VARIABLES):
            among, params = self._among(column, chunk)
            rows.update(
                (row[0], row) for row in self._run(f"{select} {among}", params).fetchall()
            )
        return rows

    def _among(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        """A condition that `column` is one of `ids`, with its parameters."""
        return f"{column} IN ({','.join('?' * len(ids))})", list(ids)

"""Which indexed rows hold a word, and the rows that share the most rare words with a claim.

A full-text index hands its rows over one at a time (SQLite's FTS5 about a microsecond each):
a word held by 3,000 claims costs 3 ms a lookup, and one article asks for the same words many
times. So a desk-claim word's row list, when it is long, is remembered in this process for
REMEMBER_SECONDS (or until this process writes); fact-check lists of every length are kept
until the fact-check table changes (`bot.records.search`). Desk-claim lists under
REMEMBER_FROM rows, the rarest names and numbers that decide a match, are read fresh every
time, so a claim filed a second ago by another worker is found at once by them; what more
common words add to its score can lag by up to a minute.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

REMEMBER_SECONDS = 60.0
REMEMBER_FROM = 20
"""Lists at least this long are remembered; shorter ones cost less to read than to keep."""
MEMORY_ROWS = 4_000_000
"""At most this many row ids remembered in all (8 bytes each); past it the memory starts over."""
WORD_COST = 40
"""What a remembered word costs besides its ids (dict slot, tuple, array header: ~320 bytes),
in ids: a list kept for every word asked about is mostly short."""

EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Weighted:
    """A query word with its inverse document frequency and the rows that hold it."""

    word: str
    idf: float
    rows: np.ndarray


class Postings:
    """Row lists of one full-text table, the long ones remembered for a while.

    `fetch(words, too_common)` reads several words' rows from the engine in one go. A list
    longer than `too_common` is never scored, so for those only the length is kept, and the
    engine may stop reading such a list just past `too_common` (its length is then that).
    An engine that reads several tables in one statement asks `wanted` first, reads, and
    hands the lists to `take`; `lists` does both with `fetch`. `version` is the engine's
    mark of the table's contents the kept lists were read under (the fact-check change
    counter, `RareWordSearch._factchecks_changed`), None when it keeps none.
    """

    def __init__(
        self,
        fetch: Callable[[Sequence[str], int], dict[str, np.ndarray]],
        clock: Callable[[], float] = time.monotonic,
        *,
        remember_from: int = REMEMBER_FROM,
        remember_seconds: float = REMEMBER_SECONDS,
        memory_rows: int = MEMORY_ROWS,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._remember_from = remember_from
        self._remember_seconds = remember_seconds
        self._memory_rows = memory_rows
        self._kept: dict[str, tuple[int, np.ndarray]] = {}
        self._kept_rows = 0
        self._since = clock()
        self.version: object = None

    def forget(self) -> None:
        self._kept.clear()
        self._kept_rows = 0
        self._since = self._clock()
        self.version = None

    @property
    def kept_rows(self) -> int:
        """What the kept lists cost, in row ids (words counted at WORD_COST each)."""
        return self._kept_rows

    def wanted(self, words: Sequence[str], too_common: int) -> list[str]:
        """The words whose lists must be read: not kept, or kept only as a count while the
        bar has since risen past it (the table grew)."""
        if (
            self._clock() - self._since > self._remember_seconds
            or self._kept_rows > self._memory_rows
        ):
            self.forget()
        wanted = []
        for word in dict.fromkeys(words):
            kept = self._kept.get(word)
            if kept is None or (len(kept[1]) < kept[0] <= too_common):
                wanted.append(word)
        return wanted

    def take(
        self, words: Sequence[str], fetched: Mapping[str, np.ndarray], too_common: int
    ) -> dict[str, tuple[int, np.ndarray]]:
        """For each word, how many rows hold it and which: `fetched` (read for `wanted`)
        with the kept lists, the long ones of `fetched` now kept too."""
        found = {word: self._kept[word] for word in words if word in self._kept}
        for word, rows in fetched.items():
            count = len(rows)
            found[word] = (count, rows if count <= too_common else EMPTY)
            if count >= self._remember_from:
                kept = found[word][1]
                if len(kept) and kept[-1] < 2**31:
                    kept = kept.astype(np.int32)  # half the memory; ids are scored alike
                self._kept[word] = (count, kept)
                self._kept_rows += len(kept) + WORD_COST
        return found

    def lists(self, words: Sequence[str], too_common: int) -> dict[str, tuple[int, np.ndarray]]:
        """For each word, how many rows hold it and which (none listed past `too_common`)."""
        wanted = self.wanted(words, too_common)
        return self.take(words, self._fetch(wanted, too_common) if wanted else {}, too_common)


def rare_words(
    words: Sequence[str],
    lists: Mapping[str, tuple[int, np.ndarray]],
    size: int,
    *,
    common: float,
    most: int,
) -> list[Weighted]:
    """The rarest `most` of the words, none held by more than `common` of the rows, each with its
    BM25-style IDF: a word in more than that share ranks nothing and costs the most to score."""
    too_common = too_common_for(size, common)
    found: list[tuple[int, str, np.ndarray]] = []
    for word in dict.fromkeys(words):
        count, rows = lists.get(word, (0, EMPTY))
        if 0 < count <= too_common:
            found.append((count, word, rows))
    found.sort(key=lambda item: item[0])
    return [
        Weighted(word, math.log(1 + (size - count + 0.5) / (count + 0.5)), rows)
        for count, word, rows in found[:most]
    ]


def too_common_for(size: int, common: float) -> int:
    return max(int(common * size), 50)


def best_rows(weighted: Sequence[Weighted], top: int) -> tuple[np.ndarray, np.ndarray]:
    """The `top` rows holding the most of the words, by the summed IDF of the words they hold,
    best first (newest first among equals): BM25 without its length and frequency terms,
    claims being short sentences."""
    if not weighted or top <= 0:
        return EMPTY, np.zeros(0)
    ids = np.concatenate([w.rows for w in weighted])
    weights = np.concatenate([np.full(len(w.rows), w.idf) for w in weighted])
    rows, where = np.unique(ids, return_inverse=True)
    scores = np.bincount(where, weights=weights)
    if len(rows) > top:
        bar = np.partition(scores, len(scores) - top)[len(scores) - top]
        rows, scores = rows[scores >= bar], scores[scores >= bar]
    order = np.lexsort((-rows, -scores))[:top]
    return rows[order], scores[order]

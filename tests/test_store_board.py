"""The desk board's index and the remembered list messages, in both stores."""

from __future__ import annotations

import time

from bot.board import BoardEntry
from bot.store import Store
from tests import store_fixtures

store = store_fixtures.store
redis_store = store_fixtures.redis_store

DAY = 86400.0


def entry(n: int, at: float, team: str = "T1", channel: str = "C1") -> BoardEntry:
    return BoardEntry(
        team, channel, f"17000000{n:02d}.000100", f"url:https://x.test/{n}", f"t{n}", at, 4
    )


def test_recent_analyses_newest_first_within_the_window(store: Store) -> None:
    now = time.time()
    store.index_analysis(entry(1, now - 20 * DAY), 14 * DAY)
    store.index_analysis(entry(2, now - 2 * DAY), 14 * DAY)
    store.index_analysis(entry(3, now - 1 * DAY), 14 * DAY)
    store.index_analysis(entry(4, now, team="T2"), 14 * DAY)
    assert [e.title for e in store.recent_analyses("T1", now - 14 * DAY)] == ["t3", "t2"]
    assert [e.title for e in store.recent_analyses("T1", now - 1.5 * DAY)] == ["t3"]
    assert [e.title for e in store.recent_analyses("T2", 0)] == ["t4"]


def test_the_same_analysis_in_the_same_thread_is_one_entry(store: Store) -> None:
    now = time.time()
    store.index_analysis(entry(1, now - 10), 14 * DAY)
    store.index_analysis(entry(1, now), 14 * DAY)
    [only] = store.recent_analyses("T1", 0)
    assert only.at == now and only.claims == 4


def test_remembered_messages(store: Store) -> None:
    assert store.remembered_message("C1", "1.1", "list:abc:0") is None
    store.remember_message("C1", "1.1", "list:abc:0", "1700.0001")
    store.remember_message("C1", "1.1", "list:abc:0", "1700.0002")
    assert store.remembered_message("C1", "1.1", "list:abc:0") == "1700.0002"
    assert store.remembered_message("C1", "1.2", "list:abc:0") is None


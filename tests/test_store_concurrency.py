"""Several threads and processes at once on the real Redis: marks keep one consistent history,
rate limits count every process, and concurrent caching of one URL never leaves a broken entry."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator

import pytest

from bot.settings import Settings
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore
from tests.store_fixtures import LOCAL_REDIS, drop_prefix, make_analysis, unique_settings

WORKERS = 4
JOIN_SECONDS = 60


@pytest.fixture
def settings() -> Iterator[Settings]:
    chosen = unique_settings(rate_limit=1000, team_rate_limit=20)
    yield chosen
    drop_prefix(LOCAL_REDIS, chosen.key_prefix)


def allow_in_process(settings: Settings, worker: int, results: multiprocessing.Queue) -> None:
    store = RedisStore.from_url(LOCAL_REDIS, settings)
    results.put(sum(store.allow("T1", f"U{worker}").allowed for _ in range(10)))
    store.close()


def cache_in_process(settings: Settings, worker: int) -> None:
    store = RedisStore.from_url(LOCAL_REDIS, settings)
    for _ in range(25):
        store.put_analysis(make_analysis(claims=15, tag=f"w{worker}"), aliases=["text:shared"])
    store.close()


def run_processes(target, args_for) -> None:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=target, args=args_for(w)) for w in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(JOIN_SECONDS)
        if process.is_alive():
            process.kill()
    assert all(p.exitcode == 0 for p in processes)


def run_threads(target, store) -> None:  # type: ignore[no-untyped-def]
    threads = [threading.Thread(target=target, args=(store, w)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(t.is_alive() for t in threads)


def test_rate_limits_count_every_process(settings: Settings) -> None:
    results: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    run_processes(allow_in_process, lambda w: (settings, w, results))
    assert sum(results.get(timeout=JOIN_SECONDS) for _ in range(WORKERS)) == 20


def test_processes_caching_one_url_at_once_leave_a_whole_entry(settings: Settings) -> None:
    store = RedisStore.from_url(LOCAL_REDIS, settings)
    expected = {f"w{w}": make_analysis(claims=15, tag=f"w{w}") for w in range(WORKERS)}
    seen: list[object] = []
    done = threading.Event()

    def read_meanwhile() -> None:
        while not done.is_set():
            seen.append(store.get_analysis("text:shared"))

    reader = threading.Thread(target=read_meanwhile)
    reader.start()
    try:
        run_processes(cache_in_process, lambda w: (settings, w))
    finally:
        done.set()
        reader.join(JOIN_SECONDS)
    final = store.get_analysis(expected["w0"].key)
    assert final in expected.values()
    assert store.get_analysis("text:shared") == final
    assert all(item is None or item in expected.values() for item in seen)


def deliver_at_once(store: RedisStore | MemoryStore, ts: str, copies: int = 8) -> list[bool]:
    gate = threading.Barrier(copies)
    answers: list[bool] = []

    def deliver() -> None:
        gate.wait(timeout=JOIN_SECONDS)
        answers.append(store.first_delivery("T1", "C1", ts))

    threads = [threading.Thread(target=deliver) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    return sorted(answers)


def test_one_message_delivered_to_many_threads_at_once_is_answered_once(
    settings: Settings,
) -> None:
    """An app_mention and its message twin arrive together: exactly one of them may answer."""
    for store in (RedisStore.from_url(LOCAL_REDIS, settings), MemoryStore(settings)):
        for round_no in range(20):
            answers = deliver_at_once(store, ts=f"17000.{round_no}")
            assert answers == [False] * 7 + [True], f"round {round_no} of {store}"

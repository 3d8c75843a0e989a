"""Redis down at start, going away mid-run, hung, and coming back: against real redis-servers
on spare ports (and a listener that never answers), never mocks."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from bot.store.redis_store import RedisStore
from tests.redis_server import WAIT_SECONDS, RedisServer, SilentListener, free_port
from tests.store_fixtures import make_analysis, unique_settings


def fast_store(url: str) -> RedisStore:
    return RedisStore.from_url(url, unique_settings(redis_retry_after=0.2))


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def outage_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and "unavailable" in r.getMessage()
    ]


@pytest.fixture
def server() -> Iterator[RedisServer]:
    with RedisServer() as running:
        yield running


def exercise_while_down(store: RedisStore, ts: str = "5.5") -> None:
    analysis = make_analysis()
    store.put_analysis(analysis, aliases=["text:abc"])
    assert store.get_analysis(analysis.key) is None
    store.bind_thread("C1", "1.1", analysis.key)
    assert store.thread_keys("C1", "1.1") == []
    assert store.first_delivery("T1", "C1", ts) is True
    assert store.first_delivery("T1", "C1", ts) is False
    assert store.allow("T1", "U1").allowed


def test_down_at_start_degrades_then_uses_redis_when_it_comes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.store")
    port = free_port()
    store = fast_store(f"redis://127.0.0.1:{port}/0")
    try:
        assert store.ping() is False
        for n in range(3):
            exercise_while_down(store, ts=f"5.{n}")
        assert len(outage_warnings(caplog)) == 1
        with RedisServer(port):
            wait_for(store.ping, "the store to see Redis again")
            analysis = make_analysis()
            store.put_analysis(analysis)
            assert store.get_analysis(analysis.key) == analysis
            assert store.first_delivery("T1", "C1", "5.0") is False
            assert any("is back" in r.getMessage() for r in caplog.records)
    finally:
        store.close()


def test_redis_going_away_mid_run_and_returning(
    server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.store")
    store = fast_store(server.url)
    analysis = make_analysis()
    try:
        store.put_analysis(analysis)
        assert store.get_analysis(analysis.key) == analysis
        server.stop()
        for n in range(3):
            exercise_while_down(store, ts=f"5.{n}")
        assert len(outage_warnings(caplog)) == 1
        server.start()
        wait_for(lambda: store.get_analysis("url:none") is None and store.ping(), "Redis back")
        store.put_analysis(analysis)
        assert store.get_analysis(analysis.key) == analysis
    finally:
        store.close()


def test_a_second_outage_is_reported_again(
    server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.store")
    store = fast_store(server.url)
    try:
        for _ in range(2):
            server.stop()
            store.get_analysis("url:x")
            store.get_analysis("url:x")
            server.start()
            wait_for(store.ping, "Redis back")
        assert len(outage_warnings(caplog)) == 2
    finally:
        store.close()


def run_bounded(call: Callable[[], object]) -> object:
    """Run `call` in a thread and fail (rather than hang the suite) if it never returns."""
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(call())
        except Exception as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(WAIT_SECONDS)
    assert not worker.is_alive(), "a store call hung on an unresponsive Redis"
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


def test_a_hung_redis_is_given_up_on_and_not_asked_again_at_once() -> None:
    with SilentListener() as hung:
        store = RedisStore.from_url(hung.url, unique_settings(redis_retry_after=60))
        try:
            assert store.client.connection_pool.connection_kwargs["socket_timeout"] == 0.5
            assert run_bounded(lambda: store.get_analysis("url:x")) is None
            assert hung.connections == 1
            asked = hung.received
            assert run_bounded(lambda: store.first_delivery("T", "C", "1.0")) is True
            assert run_bounded(lambda: store.allow("T", "U")).allowed  # type: ignore[attr-defined]
            store.put_analysis(make_analysis())
            assert (hung.connections, hung.received) == (1, asked)
        finally:
            store.close()


def test_a_frozen_redis_times_out_and_is_used_again_once_thawed(server: RedisServer) -> None:
    store = fast_store(server.url)
    analysis = make_analysis()
    try:
        store.put_analysis(analysis)
        server.freeze()
        assert run_bounded(lambda: store.get_analysis(analysis.key)) is None
        server.thaw()
        wait_for(store.ping, "the thawed Redis to answer")
        assert store.get_analysis(analysis.key) == analysis
    finally:
        server.thaw()
        store.close()

"""The store contract, run against both implementations: real Redis and process memory."""

from __future__ import annotations

import time

from bot.analysis import text_key, url_key
from bot.store import Store
from bot.store.base import THREAD_CAPACITY
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore
from tests import store_fixtures
from tests.store_fixtures import (
    LOCAL_REDIS,
    drop_prefix,
    make_analysis,
    unique_settings,
)

store = store_fixtures.store
redis_store = store_fixtures.redis_store


def test_both_implementations_satisfy_the_protocol(store: Store) -> None:
    assert isinstance(store, Store)


def test_a_cached_analysis_comes_back_equal(store: Store) -> None:
    analysis = make_analysis(claims=12)
    assert store.get_analysis(analysis.key) is None
    store.put_analysis(analysis)
    assert store.get_analysis(analysis.key) == analysis


def test_an_alias_finds_the_same_analysis(store: Store) -> None:
    analysis = make_analysis()
    alias = text_key("the page's text")
    store.put_analysis(analysis, aliases=[alias, analysis.key])
    assert store.get_analysis(alias) == analysis


def test_a_recheck_replaces_the_cached_analysis(store: Store) -> None:
    store.put_analysis(make_analysis(tag="first"))
    rechecked = make_analysis(tag="second")
    store.put_analysis(rechecked)
    assert store.get_analysis(rechecked.key) == rechecked


def test_forget_by_url_removes_the_analysis_and_its_aliases(store: Store) -> None:
    analysis = make_analysis("https://example.org/gone")
    alias = text_key("gone text")
    store.put_analysis(analysis, aliases=[alias])
    assert store.forget("https://example.org/gone") == 2
    assert store.get_analysis(analysis.key) is None
    assert store.get_analysis(alias) is None
    assert store.forget("https://example.org/gone") == 0


def test_forget_through_an_alias_removes_the_analysis(store: Store) -> None:
    analysis = make_analysis("https://example.org/via-alias")
    alias = text_key("via alias")
    store.put_analysis(analysis, aliases=[alias])
    assert store.forget(alias) == 2
    assert store.get_analysis(analysis.key) is None


def test_a_thread_remembers_its_last_three_analyses(store: Store) -> None:
    for n in range(5):
        store.bind_thread("C1", "111.222", f"url:https://example.org/{n}")
    store.bind_thread("C1", "111.222", "url:https://example.org/3")
    assert store.thread_keys("C1", "111.222") == [
        "url:https://example.org/2",
        "url:https://example.org/4",
        "url:https://example.org/3",
    ]
    assert len(store.thread_keys("C1", "111.222")) == THREAD_CAPACITY
    assert store.thread_keys("C1", "999.000") == []


def test_a_message_is_delivered_once(store: Store) -> None:
    assert store.first_delivery("T1", "C1", "1700000000.000100") is True
    assert store.first_delivery("T1", "C1", "1700000000.000100") is False
    assert store.first_delivery("T1", "C2", "1700000000.000100") is True
    assert store.first_delivery("T2", "C1", "1700000000.000100") is True


def test_a_user_over_the_limit_is_told_when_to_come_back() -> None:
    for make in (_memory, _redis):
        store = make(rate_limit=3, team_rate_limit=100, rate_window=600)
        try:
            assert all(store.allow("T1", "U1").allowed for _ in range(3))
            refused = store.allow("T1", "U1")
            assert not refused.allowed
            assert 0 < refused.retry_after_seconds <= 600
            assert "3 analyses" in refused.message and "10 minutes" in refused.message
            assert store.allow("T1", "U2").allowed
        finally:
            _cleanup(store)


def test_a_team_over_its_limit_is_refused_for_everyone() -> None:
    for make in (_memory, _redis):
        store = make(rate_limit=10, team_rate_limit=4, rate_window=60)
        try:
            assert all(store.allow("T1", f"U{n}").allowed for n in range(4))
            refused = store.allow("T1", "U9")
            assert not refused.allowed and "workspace" in refused.message
            assert store.allow("T2", "U9").allowed
        finally:
            _cleanup(store)


def test_stats_count_hits_and_misses(store: Store) -> None:
    analysis = make_analysis()
    store.put_analysis(analysis, aliases=[text_key("x")])
    store.get_analysis(analysis.key)
    store.get_analysis(text_key("x"))
    store.get_analysis(url_key("https://example.org/missing"))
    stats = store.stats()
    assert (stats["hits"], stats["misses"], stats["hit_ratio"]) == (2, 1, 0.6667)
    assert stats["analyses"] == 1 and stats["keys"] >= 2
    assert store.health()["ok"] and store.ping()


def test_redis_stats_measure_memory(redis_store: RedisStore) -> None:
    redis_store.put_analysis(make_analysis(claims=20))
    assert redis_store.stats()["memory_bytes"] > 0


def test_every_redis_key_has_a_ttl(redis_store: RedisStore) -> None:
    analysis = make_analysis()
    redis_store.put_analysis(analysis, aliases=[text_key("ttl")])
    redis_store.get_analysis(analysis.key)
    redis_store.get_analysis(url_key("https://example.org/none"))
    redis_store.bind_thread("C1", "1.2", analysis.key)
    redis_store.first_delivery("T1", "C1", "1.2")
    redis_store.allow("T1", "U1")
    redis_store.put_memo("name", "T1:U1", "Ana", 60)
    client = redis_store.client
    names = list(client.scan_iter(match=redis_store.settings.key_prefix + "*"))
    assert len(names) == 9
    assert all(client.ttl(name) > 0 for name in names), [(name, client.ttl(name)) for name in names]


def test_memos_come_back_by_name_and_expire(store: Store) -> None:
    store.put_memo("name", "T1:U1", "Ana Lima", 60)
    store.put_memo("name", "T1:U2", "Bo", 1)
    store.put_memo("seen", "T1:U1", "other kind", 60)
    assert store.get_memos("name", ["T1:U1", "T1:U2", "T1:U3", "T1:U1"]) == {
        "T1:U1": "Ana Lima",
        "T1:U2": "Bo",
    }
    assert store.get_memos("name", []) == {}
    assert store.get_memos("seen", ["T1:U1"]) == {"T1:U1": "other kind"}
    time.sleep(1.1)
    assert store.get_memos("name", ["T1:U2"]) == {}
    _cleanup(store)


def test_analyses_of_another_pipeline_version_are_not_read(redis_store: RedisStore) -> None:
    analysis = make_analysis()
    redis_store.put_analysis(analysis)
    newer = RedisStore(redis_store.client, redis_store.settings, version="2")
    assert newer.get_analysis(analysis.key) is None
    newer.put_analysis(analysis)
    assert newer.forget(analysis.key)
    assert redis_store.get_analysis(analysis.key) is None


def test_an_unreadable_cache_entry_is_a_miss(redis_store: RedisStore) -> None:
    analysis = make_analysis()
    redis_store.client.set(redis_store.keys.analysis(analysis.key), b"z-not-zlib", ex=60)
    assert redis_store.get_analysis(analysis.key) is None


def _memory(**overrides: object) -> MemoryStore:
    return MemoryStore(unique_settings(**overrides))


def _redis(**overrides: object) -> RedisStore:
    return RedisStore.from_url(LOCAL_REDIS, unique_settings(**overrides))


def _cleanup(store: Store) -> None:
    if isinstance(store, RedisStore):
        drop_prefix(LOCAL_REDIS, store.settings.key_prefix)
        store.close()

"""The store's pure parts: codec, key layout, bounded in-process structures, status words."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.analysis import SCHEMA_VERSION
from bot.settings import Settings
from bot.store import LOCAL_REDIS_URL, Status, open_store, parse_status
from bot.store.codec import COMPRESS_OVER, alias_target, alias_to, decode, encode
from bot.store.keys import Keys, analysis_key_for, glob_escape
from bot.store.local import ExpiringDict, SlidingWindowLimiter
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore
from tests.redis_server import free_port
from tests.store_fixtures import make_analysis


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_small_analyses_are_plain_json_and_large_ones_compressed() -> None:
    small, large = make_analysis(claims=1), make_analysis(claims=30)
    assert encode(small)[:1] == b"j"
    blob = encode(large, ["text:x"])
    assert blob[:1] == b"z" and len(blob) < len(encode(large)[1:]) * 2
    assert len(encode(small)) <= COMPRESS_OVER + 1
    entry = decode(blob)
    assert entry.analysis == large and entry.aliases == ("text:x",)


@pytest.mark.parametrize("blob", [b"", b"q{}", b"znot zlib", b"j{not json", b'j{"x": 1}'])
def test_anything_but_an_analysis_record_is_refused(blob: bytes) -> None:
    with pytest.raises(ValueError):
        decode(blob)


def test_an_old_schema_is_refused() -> None:
    data = make_analysis().to_dict()
    data["schema_version"] = SCHEMA_VERSION - 1
    with pytest.raises(ValueError):
        decode(b"j" + json.dumps({"analysis": data}).encode())


def test_alias_pointers_round_trip() -> None:
    assert alias_target(alias_to("url:https://x.org/a")) == "url:https://x.org/a"
    assert alias_target(b"j{}") is None


def test_keys_carry_prefix_and_versions() -> None:
    keys = Keys("cd:", "7")
    assert keys.analysis("url:https://x.org/a") == f"cd:a:s{SCHEMA_VERSION}:p7:url:https://x.org/a"
    assert Keys("cd:").analysis("text:ab") == f"cd:a:s{SCHEMA_VERSION}:text:ab"
    assert glob_escape("a*b?[c]") == r"a\*b\?\[c\]"
    assert keys.analysis_any_version("url:https://x.org/?q=*") == r"cd:a:*:url:https://x.org/\?q=\*"


def test_forget_accepts_a_url_or_a_key() -> None:
    assert analysis_key_for(" https://x.org/a ") == "url:https://x.org/a"
    assert analysis_key_for("text:abc") == "text:abc"


def test_expiring_dict_expires_and_stays_bounded() -> None:
    clock = FakeClock()
    items: ExpiringDict[int] = ExpiringDict(max_size=3, clock=clock)
    assert items.add("a", 1, ttl=10) and not items.add("a", 2, ttl=10)
    clock.now += 11
    assert items.get("a") is None and items.add("a", 3, ttl=10)
    for name in "bcde":
        items.set(name, 0, ttl=10)
    assert len(items) == 3 and items.get("a") is None


def test_sliding_window_frees_slots_as_time_passes() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(user_limit=2, team_limit=10, window=60, clock=clock)
    assert limiter.allow("T", "U").allowed
    clock.now += 30
    assert limiter.allow("T", "U").allowed
    refused = limiter.allow("T", "U")
    assert not refused.allowed and refused.retry_after_seconds == 30
    assert "30 seconds" in refused.message
    clock.now += 30
    assert limiter.allow("T", "U").allowed


def test_memory_store_entries_expire_with_their_ttl() -> None:
    clock = FakeClock()
    settings = dataclasses.replace(Settings(), cache_ttl=60, dedupe_ttl=5)
    store = MemoryStore(settings, clock=clock)
    analysis = make_analysis()
    store.put_analysis(analysis)
    assert store.first_delivery("T", "C", "1.0")
    clock.now += 61
    assert store.get_analysis(analysis.key) is None
    assert store.first_delivery("T", "C", "1.0")


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("verified", Status.VERIFIED),
        ("In progress", Status.IN_PROGRESS),
        ("in_progress", Status.IN_PROGRESS),
        ("FALSE", Status.FALSE),
        ("maybe", None),
    ],
)
def test_status_words(word: str, status: Status | None) -> None:
    assert parse_status(word) is status


def test_open_store_prefers_redis_url() -> None:
    settings = dataclasses.replace(Settings(), redis_url=f"redis://127.0.0.1:{free_port()}/0")
    store = open_store(settings)
    assert isinstance(store, RedisStore)
    assert store.health()["ok"] is False
    store.close()


def test_open_store_without_redis_url_keeps_to_process_memory(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The terminal asks for this explicitly, so it is said at INFO, not warned about."""
    caplog.set_level("INFO", logger="bot.store")
    store = open_store(Settings(), try_localhost=False)
    assert isinstance(store, MemoryStore)
    assert "in this process only" in caplog.text


def test_open_store_uses_a_redis_on_localhost() -> None:
    store = open_store(Settings())
    assert isinstance(store, RedisStore) and store.where == LOCAL_REDIS_URL
    store.close()


def test_cache_admin_forgets_any_form_of_the_url() -> None:
    from bot.store.admin import forget_url, stats
    from tests.store_fixtures import drop_prefix, unique_settings

    settings = unique_settings()
    store = RedisStore.from_url(LOCAL_REDIS_URL, settings)
    try:
        store.put_analysis(make_analysis("https://example.org/story?id=7"), aliases=["text:t"])
        assert stats(settings)["analyses"] == 1
        assert forget_url(settings, "HTTPS://Example.org/story?utm_source=x&id=7#top") == 2
        assert stats(settings)["analyses"] == 0
    finally:
        store.close()
        drop_prefix(LOCAL_REDIS_URL, settings.key_prefix)


def test_cache_admin_says_when_no_redis_answers() -> None:
    from bot.errors import DeskMemoryUnavailable
    from bot.store.admin import stats

    settings = dataclasses.replace(Settings(), redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(DeskMemoryUnavailable, match="No Redis answers"):
        stats(settings)

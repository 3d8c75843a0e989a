"""Stores and analyses for the store tests: real Redis on 127.0.0.1:6379 under a unique prefix."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
import redis

from bot.analysis import Analysis, ArticleInfo, Claim, ClaimType, Source, SourceKind, url_key
from bot.settings import Settings
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def unique_settings(**overrides: object) -> Settings:
    return dataclasses.replace(Settings(), key_prefix=f"test:{uuid.uuid4().hex}:", **overrides)


def drop_prefix(url: str, prefix: str) -> None:
    with redis.Redis.from_url(url) as client:
        names = list(client.scan_iter(match=prefix + "*", count=1000))
        if names:
            client.delete(*names)


@pytest.fixture
def redis_store() -> Iterator[RedisStore]:
    settings = unique_settings()
    store = RedisStore.from_url(LOCAL_REDIS, settings)
    if not store.ping():
        pytest.fail("the store tests need Redis on 127.0.0.1:6379")
    yield store
    store.close()
    drop_prefix(LOCAL_REDIS, settings.key_prefix)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[MemoryStore | RedisStore]:
    if request.param == "memory":
        yield MemoryStore(unique_settings())
    else:
        yield request.getfixturevalue("redis_store")


def make_claim(number: int, text: str) -> Claim:
    return Claim(
        number=number,
        text=text,
        type=ClaimType.EVENT,
        score=0.9 - number / 100,
        reasons=("names a place", "reported speech"),
        sources=(Source(text="Sputnik", kind=SourceKind.OUTLET, cue="reported"),),
        places=("Baghuz",),
    )


def make_analysis(url: str = "https://example.org/a", claims: int = 3, tag: str = "") -> Analysis:
    return Analysis(
        key=url_key(url),
        article=ArticleInfo(title=f"Title {tag}", url=url, chars=1234),
        claims=tuple(
            make_claim(n, f"Claim number {n} happened in Baghuz. {tag}")
            for n in range(1, claims + 1)
        ),
        checklist=(),
        pipeline_version="test",
        created_at="2024-01-01T00:00:00+00:00",
    )

"""The desk's marks live in its records, scoped to where they were made (issue 15 items 4, 5):
a private note never leaves its conversation, nothing crosses workspaces, a mark outlives the
Redis cache, a retried delivery saves once, and a database that refuses says "not saved".
Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.desk import Desk, Where
from bot.desk.seen import ClaimMemory
from bot.errors import StatusNotSaved
from bot.records.base import SqlRecords
from bot.status import Status, StatusChange, overlay
from bot.store.redis_store import RedisStore
from tests import records_fixtures
from tests.store_fixtures import (
    LOCAL_REDIS,
    drop_prefix,
    make_analysis,
    make_claim,
    unique_settings,
)

open_engine = records_fixtures.open_engine
records = records_fixtures.records
pg_schema = records_fixtures.pg_schema

PRIVATE = Where("T1", "U1", "C0PRIVATE", "1.1", private=True)
PUBLIC = Where("T1", "U1", "C0PUBLIC1", "2.1")
OTHER_PUBLIC = Where("T1", "U2", "C0PUBLIC2", "3.1")
OTHER_TEAM = Where("T2", "U9", "C0PUBLIC1", "4.1")


def no_produce(link: str, text: str, key: str) -> Any:
    raise AssertionError("these tests never analyse")


@pytest.fixture
def desk(records: SqlRecords) -> Iterator[Desk]:
    settings = unique_settings()
    store = RedisStore.from_url(LOCAL_REDIS, settings)
    if not store.ping():
        pytest.fail("these tests need Redis on 127.0.0.1:6379")
    yield Desk(settings, store, no_produce, ClaimMemory(records))
    store.close()
    drop_prefix(LOCAL_REDIS, settings.key_prefix)


def note(desk: Desk, where: Where, text: str, mark_id: str = "m1") -> StatusChange:
    analysis = make_analysis()
    claim = analysis.claims[0]
    return desk.mark(analysis, claim, Status.FALSE, where.user, text, where, mark_id=mark_id)


def notes_seen(desk: Desk, where: Where) -> list[str]:
    return [m.current.note for m in desk.statuses(make_analysis(), where).values()]


def test_a_private_note_stays_in_its_conversation(desk: Desk) -> None:
    note(desk, PRIVATE, "our source at the ministry says no")
    assert notes_seen(desk, PRIVATE) == ["our source at the ministry says no"]
    assert notes_seen(desk, PUBLIC) == []
    assert notes_seen(desk, dataclasses.replace(PRIVATE, channel="C0PRIVAT2")) == []
    assert notes_seen(desk, dataclasses.replace(OTHER_TEAM, channel=PRIVATE.channel)) == []


def test_a_public_mark_is_shared_with_the_teams_public_channels_only(desk: Desk) -> None:
    note(desk, PUBLIC, "AP photo is from 2019")
    assert notes_seen(desk, OTHER_PUBLIC) == ["AP photo is from 2019"]
    assert notes_seen(desk, OTHER_TEAM) == []
    assert notes_seen(desk, PRIVATE) == []


def test_a_mark_survives_the_redis_cache_being_flushed(desk: Desk) -> None:
    note(desk, PUBLIC, "kept")
    desk.store.put_analysis(make_analysis())
    drop_prefix(LOCAL_REDIS, desk.settings.key_prefix)
    assert desk.store.get_analysis(make_analysis().key) is None
    assert notes_seen(desk, PUBLIC) == ["kept"]


def test_a_retried_delivery_is_saved_once(desk: Desk) -> None:
    first = note(desk, PUBLIC, "once", mark_id="action-1")
    again = note(desk, PUBLIC, "once", mark_id="action-1")
    assert again == first
    [marked] = desk.statuses(make_analysis(), PUBLIC).values()
    assert len(marked.history) == 1


def test_a_database_that_refuses_says_not_saved_and_keeps_nothing(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desk.memory is not None
    records = desk.memory.records
    real = records._run  # type: ignore[attr-defined]

    def refuse_marks(sql: str, params: Any = ()) -> Any:
        if sql.startswith("INSERT INTO marks"):
            raise RuntimeError("disk full")
        return real(sql, params)

    monkeypatch.setattr(records, "_run", refuse_marks)
    with pytest.raises(StatusNotSaved) as refused:
        note(desk, PUBLIC, "lost")
    assert "not saved" in refused.value.user_message
    monkeypatch.setattr(records, "_run", real)
    assert notes_seen(desk, PUBLIC) == []


def test_no_database_means_not_saved(desk: Desk) -> None:
    desk.memory = None
    with pytest.raises(StatusNotSaved):
        note(desk, PUBLIC, "nowhere")
    assert desk.statuses(make_analysis(), PUBLIC) == {}


def test_marks_keep_who_when_note_and_history(desk: Desk) -> None:
    analysis = make_analysis()
    claim = analysis.claims[1]
    first = desk.take(analysis, claim, PUBLIC, mark_id="a")
    second = desk.mark(
        analysis, claim, Status.FALSE, "U2", "satellite images", OTHER_PUBLIC, mark_id="b"
    )
    assert first.previous is None and first.status is Status.IN_PROGRESS
    assert second.previous is Status.IN_PROGRESS
    marked = desk.statuses(analysis, PUBLIC)[claim.fingerprint]
    assert marked.status is Status.FALSE and marked.text == claim.text
    assert [c.who for c in marked.history] == ["U1", "U2"]
    assert marked.current == second and marked.current.at.endswith("+00:00")


def test_marks_survive_a_recheck_by_fingerprint(desk: Desk) -> None:
    analysis = make_analysis(claims=3)
    kept, dropped = analysis.claims[0], analysis.claims[2]
    desk.mark(analysis, kept, Status.VERIFIED, "U1", "", PUBLIC, mark_id="k")
    desk.mark(analysis, dropped, Status.FALSE, "U1", "", PUBLIC, mark_id="d")
    rechecked = dataclasses.replace(
        analysis,
        claims=(
            make_claim(1, "A new claim leads the rewritten article."),
            dataclasses.replace(kept, number=2, text=kept.text.upper() + "  "),
        ),
    )
    marked = overlay(rechecked, desk.statuses(rechecked, PUBLIC))
    assert marked.status_of(2) is Status.VERIFIED and marked.status_of(1) is Status.UNVERIFIED
    assert [m.text for m in marked.gone] == [dropped.text]


def test_marks_of_different_analyses_are_separate(desk: Desk) -> None:
    note(desk, PUBLIC, "only a")
    other = make_analysis("https://example.org/b")
    assert desk.statuses(other, PUBLIC) == {}


def test_concurrent_marks_keep_one_history(desk: Desk) -> None:
    analysis = make_analysis()
    claim = analysis.claims[0]
    statuses = list(Status)

    def mark_many(worker: int) -> None:
        for n in range(8):
            status = statuses[(worker + n) % len(statuses)]
            where = dataclasses.replace(PUBLIC, user=f"U{worker}")
            desk.mark(analysis, claim, status, where.user, f"{n}", where, mark_id=f"{worker}:{n}")

    threads = [threading.Thread(target=mark_many, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    history = desk.statuses(analysis, PUBLIC)[claim.fingerprint].history
    assert len(history) == 32 and history[0].previous is None
    for before, after in itertools.pairwise(history):
        assert after.previous is before.status

"""The desk's durable records on both engines: schema, claim index and its scoping (a private
conversation's records never leak), fact-checks, marks with history and assignment, judgements,
retention."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis import text_fingerprint
from bot.records import DeskClaim, FactCheck, Scope
from bot.records.base import Records, SqlRecords
from bot.status import ClaimStatus, Status
from tests import records_fixtures

open_engine = records_fixtures.open_engine
records = records_fixtures.records
pg_schema = records_fixtures.pg_schema

PUBLIC_A = Scope("T1", "C-news", private=False)
PUBLIC_B = Scope("T1", "C-politics", private=False)
PRIVATE = Scope("T1", "G-investigations", private=True)
OTHER_PRIVATE = Scope("T1", "D-editor", private=True)
OTHER_TEAM = Scope("T2", "C-news", private=False)

SECRET = "The minister secretly approved the Kestrel Valley dam contract in March."


def claim(text: str, scope: Scope, key: str = "url:https://example.org/a", **extra: object):
    return DeskClaim(text=text, scope=scope, analysis_key=key, title="An article",
                     url="https://example.org/a", publisher="Example Times", **extra)


def test_both_engines_satisfy_the_interface(records: SqlRecords) -> None:
    assert isinstance(records, Records)


def test_migrations_are_idempotent_and_survive_a_reopen(open_engine) -> None:
    first = open_engine()
    version = first.schema_version()
    assert version >= 1
    assert first.migrate() == version
    first.add_claims([claim("Kept across restarts of the desk service.", PUBLIC_A)])
    second = open_engine()
    assert second.schema_version() == version
    assert second.candidates(["restarts"], PUBLIC_A)


def test_two_processes_starting_at_once_migrate_once(open_engine) -> None:
    failures: list[BaseException] = []

    def start() -> None:
        try:
            open_engine()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert open_engine().schema_version() == len(type(open_engine()).migrations)


def test_a_public_claim_is_found_from_another_public_channel_of_the_team(records) -> None:
    records.add_claims([claim("Flooding closed the Harrow Bridge for nine days.", PUBLIC_A)])
    assert [c.extra["channel"] for c in records.candidates(["harrow", "bridge"], PUBLIC_B)] == [
        "C-news"
    ]


def test_a_private_claim_never_leaves_its_conversation(records) -> None:
    records.add_claims([claim(SECRET, PRIVATE)])
    words = ["minister", "kestrel", "dam", "contract"]
    assert [c.text for c in records.candidates(words, PRIVATE)] == [SECRET]
    for elsewhere in (PUBLIC_A, PUBLIC_B, OTHER_PRIVATE, OTHER_TEAM, Scope("T2", PRIVATE.channel,
                                                                         private=True)):
        assert records.candidates(words, elsewhere) == []
        assert records.find_matches(SECRET, elsewhere) == []
    assert [m.text for m in records.find_matches(SECRET, PRIVATE)] == [SECRET]


def test_a_public_claim_never_leaves_its_team(records) -> None:
    records.add_claims([claim("Flooding closed the Harrow Bridge for nine days.", PUBLIC_A)])
    assert records.candidates(["harrow", "bridge"], OTHER_TEAM) == []
    assert records.candidates(["harrow", "bridge"], PRIVATE) == []


def test_a_private_note_does_not_leak(records) -> None:
    fingerprint = text_fingerprint(SECRET)
    records.add_claims([claim(SECRET, PRIVATE)])
    records.save_mark(PRIVATE, "url:https://example.org/a", fingerprint, "false", "U-ana",
                      mark_id="m1", note="Source: the contract PDF we hold", claim_text=SECRET)
    assert records.marks(PRIVATE, "url:https://example.org/a")[fingerprint].history[0].note
    for elsewhere in (PUBLIC_A, OTHER_PRIVATE, OTHER_TEAM):
        assert records.marks(elsewhere, "url:https://example.org/a") == {}
    records.add_claims([claim(SECRET, PUBLIC_A)])
    seen_publicly = records.find_matches(SECRET, PUBLIC_B)
    assert seen_publicly and all(m.verdict == "" and m.who == "" for m in seen_publicly)


def test_a_desk_match_carries_the_status_and_who_marked_it(records) -> None:
    text = "The Harrow Bridge toll rose to 12 dollars last year."
    records.add_claims([claim(text, PUBLIC_A)])
    records.save_mark(PUBLIC_A, "url:https://example.org/a", text_fingerprint(text),
                      "misleading", "U-bo", mark_id="m1")
    match = records.find_matches(text, PUBLIC_B, exclude_analysis="url:other")[0]
    assert (match.kind, match.verdict, match.who, match.source) == (
        "desk", "misleading", "U-bo", "Example Times"
    )
    assert records.find_matches(text, PUBLIC_B, exclude_analysis="url:https://example.org/a") == []


def test_factchecks_are_visible_to_every_team_and_reimport_updates(records) -> None:
    check = FactCheck(claim="Lake Brindle has dried up for the first time in 300 years.",
                      url="https://factcheck.example.org/brindle", rating="False",
                      organisation="Example Fact Desk", published="2024-03-02")
    assert records.upsert_factchecks([check]) == (1, 0)
    assert records.upsert_factchecks([FactCheck(**{**check.__dict__, "rating": "Mostly false"})]) \
        == (0, 1)
    for scope in (PUBLIC_A, PRIVATE, OTHER_TEAM):
        [match] = records.find_matches(check.claim, scope)
        assert (match.kind, match.verdict, match.source) == (
            "factcheck", "Mostly false", "Example Fact Desk"
        )
    assert records.factcheck_stats()["factchecks"] == 1
    assert records.forget_factchecks(organisation="Example Fact Desk") == 1
    assert records.find_matches(check.claim, PUBLIC_A) == []


def test_a_mark_saved_twice_is_stored_once(records) -> None:
    key, fingerprint = "url:https://example.org/a", "fp1"
    for _ in range(2):
        marks = records.save_mark(PUBLIC_A, key, fingerprint, "verified", "U-ana", mark_id="x1")
    assert len(marks.history) == 1
    assert len(records.marks(PUBLIC_A, key)[fingerprint].history) == 1


def test_history_keeps_each_previous_status_and_reads_as_a_claim_status(records) -> None:
    key, fingerprint = "url:https://example.org/a", "fp1"
    records.save_mark(PUBLIC_A, key, fingerprint, "in-progress", "U-ana", mark_id="1",
                      claim_text="A claim.", at="2024-01-01T10:00:00+00:00")
    records.save_mark(PUBLIC_A, key, fingerprint, "false", "U-bo", mark_id="2",
                      note="Checked the register", at="2024-01-01T11:00:00+00:00")
    marks = records.marks(PUBLIC_B, key)[fingerprint]
    assert [(e.status, e.previous, e.who) for e in marks.history] == [
        ("in-progress", "", "U-ana"), ("false", "in-progress", "U-bo")
    ]
    status = ClaimStatus.from_dict(marks.to_dict())
    assert status.status is Status.FALSE and status.current.previous is Status.IN_PROGRESS
    assert status.text == "A claim." and status.current.note == "Checked the register"


def test_marks_reject_unknown_statuses_and_missing_ids(records) -> None:
    with pytest.raises(ValueError):
        records.save_mark(PUBLIC_A, "k", "fp", "dubious", "U-ana", mark_id="1")
    with pytest.raises(ValueError):
        records.save_mark(PUBLIC_A, "k", "fp", "false", "U-ana", mark_id="")


def test_assignment_takes_and_releases_a_claim(records) -> None:
    taken = records.assign(PRIVATE, "k", "fp", "U-ana", "U-ana", claim_text="A claim.")
    assert (taken.assigned_to, taken.assigned_by, taken.status) == ("U-ana", "U-ana", "unverified")
    assert taken.assigned_at
    records.save_mark(PRIVATE, "k", "fp", "in-progress", "U-ana", mark_id="1")
    assert records.marks(PRIVATE, "k")["fp"].assigned_to == "U-ana"
    assert records.marks(OTHER_PRIVATE, "k") == {}
    released = records.assign(PRIVATE, "k", "fp", "", "U-bo")
    assert (released.assigned_to, released.assigned_at, released.status) == ("", "", "in-progress")


def test_not_the_same_judgements_are_kept_and_stop_the_suggestion(records) -> None:
    check = FactCheck(claim="Tram fares in Port Ellis will be free for pensioners from June.",
                      url="https://factcheck.example.org/trams", rating="True")
    records.upsert_factchecks([check])
    text = "Tram fares in Port Ellis will be free for pensioners from June, the council said."
    [match] = records.find_matches(text, PUBLIC_A)
    fingerprint = text_fingerprint(text)
    assert records.record_not_same("T1", fingerprint, match.item_id, "U-ana", claim_text=text)
    assert not records.record_not_same("T1", fingerprint, match.item_id, "U-ana")
    [judged] = records.not_same("T1")
    assert (judged.item_id, judged.who, judged.claim_text) == (match.item_id, "U-ana", text)
    assert records.find_matches(text, PUBLIC_A) == []
    assert records.find_matches(text, OTHER_TEAM) != []


def test_prune_forgets_old_pasted_claims_only(records) -> None:
    records.add_claims([
        claim("Pasted long ago about the Dunmore library.", PUBLIC_A, key="text:1", pasted=True),
        claim("Linked long ago about the Dunmore library.", PUBLIC_A, key="url:2"),
    ])
    assert records.prune() == 0
    assert records.prune(datetime.now(UTC) + timedelta(days=181)) == 1
    assert [c.text for c in records.candidates(["dunmore", "library"], PUBLIC_A)] == [
        "Linked long ago about the Dunmore library."
    ]


def test_the_same_claim_seen_again_is_indexed_once(records) -> None:
    text = "Snow owls were seen nesting in Dunmore Park in July."
    records.add_claims([claim(text, PUBLIC_A), claim(text, PUBLIC_A, thread_ts="2.0")])
    assert len(records.candidates(["owls", "dunmore"], PUBLIC_A)) == 1

"""The search under "seen before": row lists remembered per process (and when they are not),
rare words chosen and scored, an article's claims looked up together, and the scope searched
deep enough when other conversations' claims outrank the ones a lookup may see."""

from __future__ import annotations

import numpy as np
import pytest

from bot.records import DeskClaim, FactCheck, Scope
from bot.records.postgres import PostgresRecords
from bot.records.postings import REMEMBER_FROM, REMEMBER_SECONDS, Postings, best_rows, rare_words
from tests import records_fixtures

open_engine = records_fixtures.open_engine
records = records_fixtures.records
pg_schema = records_fixtures.pg_schema

HERE = Scope("T1", "G-desk", private=True)
ELSEWHERE = Scope("T1", "G-sports", private=True)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def fake_index(lengths: dict[str, int]) -> tuple[Postings, list[list[str]], Clock]:
    asked: list[list[str]] = []
    clock = Clock()

    def fetch(words, too_common):
        asked.append(list(words))
        return {w: np.arange(lengths.get(w, 0), dtype=np.int64) for w in words}

    return Postings(fetch, clock), asked, clock


def test_long_lists_are_remembered_short_ones_read_each_time() -> None:
    postings, asked, _ = fake_index({"said": 5000, "flood": REMEMBER_FROM, "kestrel": 3})
    postings.lists(["said", "flood", "kestrel"], too_common=1000)
    postings.lists(["said", "flood", "kestrel"], too_common=1000)
    assert asked == [["said", "flood", "kestrel"], ["kestrel"]]


def test_too_common_words_keep_only_their_count() -> None:
    postings, _, _ = fake_index({"said": 5000, "flood": 300})
    found = postings.lists(["said", "flood"], too_common=1000)
    assert found["said"][0] == 5000 and len(found["said"][1]) == 0
    assert found["flood"][0] == 300 and len(found["flood"][1]) == 300


def test_remembered_lists_expire_and_are_forgotten_on_a_write() -> None:
    postings, asked, clock = fake_index({"flood": 400})
    postings.lists(["flood"], too_common=1000)
    clock.now = REMEMBER_SECONDS / 2
    postings.lists(["flood"], too_common=1000)
    assert len(asked) == 1
    clock.now = REMEMBER_SECONDS * 1.5
    postings.lists(["flood"], too_common=1000)
    assert len(asked) == 2
    postings.forget()
    postings.lists(["flood"], too_common=1000)
    assert len(asked) == 3


def test_rare_words_leave_out_common_and_absent_words_rarest_first() -> None:
    lists = {
        "the": (900, np.zeros(0, dtype=np.int64)),
        "flood": (40, np.arange(40)),
        "kestrel": (2, np.array([3, 7])),
        "nowhere": (0, np.zeros(0, dtype=np.int64)),
    }
    chosen = rare_words(["the", "flood", "kestrel", "nowhere"], lists, 1000, common=0.05, most=5)
    assert [w.word for w in chosen] == ["kestrel", "flood"]
    assert chosen[0].idf > chosen[1].idf
    assert [w.word for w in rare_words(list(lists), lists, 1000, common=0.05, most=1)] == [
        "kestrel"
    ]


def test_best_rows_sum_the_idf_of_shared_words_newest_first_among_equals() -> None:
    lists = {"a": (3, np.array([1, 2, 5])), "b": (2, np.array([2, 9])), "c": (1, np.array([5]))}
    weighted = rare_words(["a", "b", "c"], lists, 100, common=0.5, most=3)
    rows, scores = best_rows(weighted, 3)
    assert rows.tolist()[:2] in ([2, 5], [5, 2])
    assert scores[0] > scores[2]
    a_only, _ = best_rows(rare_words(["a"], lists, 100, common=0.5, most=3), 3)
    assert a_only.tolist() == [5, 2, 1]
    assert best_rows([], 3)[0].tolist() == []


def claim(text: str, scope: Scope, key: str) -> DeskClaim:
    return DeskClaim(text=text, scope=scope, analysis_key=key, title="An article")


def test_a_claim_filed_by_another_process_is_found_at_once(open_engine) -> None:
    reader, writer = open_engine(), open_engine()
    text = "The Kestrel Valley dam contract was signed in March by the water minister."
    assert reader.find_matches(text, HERE) == []
    writer.add_claims([claim(text, HERE, "url:https://example.org/dam")])
    [match] = reader.find_matches(text, HERE)
    assert match.text == text


def test_an_article_looked_up_together_matches_each_claim_alone(records) -> None:
    records.upsert_factchecks([
        FactCheck(claim="Harrow council closed 14 libraries in 2023.", url="https://fc.example/1",
                  rating="False", organisation="Example Checks"),
        FactCheck(claim="The Dunmore bridge cost 40 million pounds.", url="https://fc.example/2",
                  rating="True", organisation="Example Checks"),
    ])
    texts = [
        "Harrow council closed 14 libraries in 2023, the union said.",
        "Nothing here is like anything indexed at all.",
        "The Dunmore bridge cost 40 million pounds to build.",
        "",
    ]
    together = records.find_matches_many(texts, HERE)
    assert together == [records.find_matches(text, HERE) for text in texts]
    assert [m.url for m in together[0]] == ["https://fc.example/1"]
    assert together[1] == [] and together[3] == []
    assert [m.url for m in together[2]] == ["https://fc.example/2"]


@pytest.mark.parametrize("crowd", [3, 100])
def test_the_scope_is_searched_past_other_conversations_better_hits(open_engine, crowd) -> None:
    """100 better hits elsewhere: more than the first look down the ranking covers. The
    filler keeps the shared words under the share of the index that makes a word too common."""
    records = open_engine()
    wording = "The Kestrel Valley dam contract was signed in March by minister Alva Rhee"
    records.add_claims([
        claim(f"Filler {n} about {n * 7919 % 10007} things.", ELSEWHERE, f"url:filler/{n}")
        for n in range(2000)
    ])
    records.add_claims([
        claim(f"{wording} and {n} others.", ELSEWHERE, f"url:https://example.org/{n}")
        for n in range(crowd)
    ])
    mine = "Minister Alva Rhee signed a dam contract."
    records.add_claims([claim(mine, HERE, "url:https://example.org/mine")])
    found = records.find_matches(wording + ".", HERE, limit=5)
    assert [m.text for m in found] == [mine]
    assert all(m.text == mine for m in records.find_matches(wording + ".", HERE, limit=5))


def test_indexing_an_article_keeps_the_remembered_lists(open_engine) -> None:
    """A worker indexes every article it answers: forgetting the long lists on each of those
    writes made every lookup start cold (bench/matching.py: p50 611 ms instead of 42 ms)."""
    records = open_engine()
    records.add_claims([
        claim(f"The harbour dredging contract number {n} was signed.", HERE, f"url:h/{n}")
        for n in range(REMEMBER_FROM + 5)
    ])
    asked: list[str] = []
    postings = records._postings["claims"]
    take = postings.take

    def counting(words, fetched, too_common):
        asked.extend(fetched)
        return take(words, fetched, too_common)

    postings.take = counting
    records.find_matches("Who signed the harbour dredging contract?", HERE)
    assert "harbour" in asked
    asked.clear()
    records.add_claims([claim("A new claim about the harbour.", HERE, "url:h/new")])
    records.find_matches("Who signed the harbour dredging contract?", HERE)
    assert "harbour" not in asked
    records.upsert_factchecks([FactCheck(claim="An imported check.", url="https://fc.example/i")])
    records.find_matches("Who signed the harbour dredging contract?", HERE)
    assert "harbour" in asked


def test_postgres_checks_the_scope_of_rows_picked_by_id_of_any_size(pg_schema) -> None:
    """PostgreSQL picks the candidate rows by primary key and checks their scope itself (asked
    for both in SQL, its planner walked the whole scope's index and tested each claim against
    every id); row ids past smallint and integer (psycopg's array types for small ids) too."""
    records = PostgresRecords(records_fixtures.schema_url(pg_schema), retention_days=180)
    try:
        text = "Minister Alva Rhee signed the Kestrel Valley dam contract in March."
        others = [Scope("T2", "G-desk", private=True), ELSEWHERE, Scope("T1", "C-news")]
        statements: list[str] = []
        run = records._run

        def recording(sql, params=()):
            statements.append(sql)
            return run(sql, params)

        records._run = recording  # type: ignore[method-assign]
        starts = (1, 40_000, 5_000_000_000)
        for start in starts:
            records._run("SELECT setval('claims_id_seq', ?)", (start,))
            records.add_claims([
                DeskClaim(text=text, scope=scope, analysis_key=f"url:{start}/{n}",
                          url=f"https://example.org/{start}/{n}")
                for n, scope in enumerate([*others, HERE])
            ])
            found = records.find_matches(text, HERE, limit=5)
            assert [m.url for m in found] == [f"https://example.org/{start}/3"]
            for n, scope in enumerate(others):
                assert {m.url for m in records.find_matches(text, scope, limit=5)} <= {
                    f"https://example.org/{s}/{n}" for s in starts
                }
        statements.clear()
        wanted = set(range(1, 3000)) | {40_001, 40_004, 5_000_000_001, 5_000_000_004}
        assert records._in_scope(wanted, HERE) == {5, 40_004, 5_000_000_004}
        assert len(statements) == 1  # one array, however many ids
        scope_check = statements[0]
        plan = records._run("EXPLAIN " + scope_check, ([1, 2, 3],)).fetchall()
        assert "claims_scope" not in str(plan)
    finally:
        records.close()


def test_row_lists_are_whole_under_the_bar_and_may_stop_just_past_it(open_engine) -> None:
    """A word's list is every row holding it, ascending, while it is short enough to score;
    past the bar only its being too common counts (PostgreSQL stops reading one row on)."""
    records = open_engine()
    records.add_claims([
        claim(f"The harbour contract number {n} was signed" + (" in Kestrel." if n % 7 else "."),
              HERE, f"url:h/{n}")
        for n in range(60)
    ])
    ids = {
        word: [row for (row,) in records._run(
            "SELECT id FROM claims WHERE text LIKE ? ORDER BY id", (f"%{word}%",)).fetchall()]
        for word in ("harbour", "Kestrel")
    }
    lists = records._rows_holding("claims", ["harbour", "kestrel", "nowhere"], 100)
    assert lists["harbour"].tolist() == ids["harbour"]
    assert lists["kestrel"].tolist() == ids["Kestrel"]
    assert lists["nowhere"].tolist() == []
    capped = records._rows_holding("claims", ["harbour"], 20)["harbour"].tolist()
    assert len(capped) > 20 and set(capped) <= set(ids["harbour"]) and capped == sorted(capped)
    if isinstance(records, PostgresRecords):
        assert len(capped) == 21
    [match] = records.find_matches("The harbour contract number 12 was signed in Kestrel.", HERE)
    assert match.text.startswith("The harbour contract number 12 ")

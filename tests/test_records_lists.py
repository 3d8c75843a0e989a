"""Both engines keep fact-check row lists of every length until the fact-check table changes:
a change counter, bumped by triggers in the writer's own transaction, is read no later than
every lookup's row lists, so another process's import or forget shows at once."""

from __future__ import annotations

import numpy as np

from bot.records import DeskClaim, FactCheck, Scope
from bot.records.base import SqlRecords
from bot.records.postings import Postings
from bot.records.search import RareWordSearch
from tests import records_fixtures

open_engine = records_fixtures.open_engine
pg_schema = records_fixtures.pg_schema

HERE = Scope("T1", "G-desk", private=True)
TEXT = "The Kestrel Valley dam contract was signed in March by minister Alva Rhee."


def fetched_words(records: SqlRecords, table: str) -> list[str]:
    """Records the words whose lists `table`'s postings are handed fresh from now on."""
    asked: list[str] = []
    assert isinstance(records, RareWordSearch)
    postings = records._postings[table]
    take = postings.take

    def counting(words, fetched, too_common):  # type: ignore[no-untyped-def]
        asked.extend(fetched)
        return take(words, fetched, too_common)

    postings.take = counting  # type: ignore[method-assign]
    return asked


def test_fact_check_lists_are_kept_however_short_until_the_table_changes(open_engine) -> None:
    reader, writer = open_engine(), open_engine()
    writer.upsert_factchecks([FactCheck(claim=TEXT, url="https://fc.example/1")])
    asked = fetched_words(reader, "factchecks")
    [first] = reader.find_matches(TEXT, HERE)
    assert "kestrel" in asked  # one row: shorter than any list kept for a minute
    asked.clear()
    writer.add_claims([DeskClaim(text="Something else entirely.", scope=HERE,
                                 analysis_key="url:x")])
    assert reader.find_matches(TEXT, HERE)[0].url == first.url
    assert asked == []  # desk claims filed: fact-check lists still good
    writer.upsert_factchecks([FactCheck(claim="Rhee denied the dam deal.",
                                        url="https://fc.example/2")])
    reader.find_matches(TEXT, HERE)
    assert "kestrel" in asked  # another connection's import: read again at once


def test_an_import_or_forget_elsewhere_shows_in_the_next_lookup(open_engine) -> None:
    reader, writer = open_engine(), open_engine()
    writer.upsert_factchecks([FactCheck(claim="Harrow council closed 14 libraries.",
                                        url="https://fc.example/h")])
    assert reader.find_matches(TEXT, HERE) == []
    writer.upsert_factchecks([FactCheck(claim=TEXT, url="https://fc.example/dam")])
    assert [m.url for m in reader.find_matches(TEXT, HERE)] == ["https://fc.example/dam"]
    assert writer.forget_factchecks(url="https://fc.example/dam") == 1
    assert reader.find_matches(TEXT, HERE) == []


def test_every_statement_writing_fact_checks_bumps_the_counter(open_engine) -> None:
    records = open_engine()

    def counter() -> int:
        return int(records._run("SELECT n FROM factcheck_changes").fetchone()[0])

    before = counter()
    records.upsert_factchecks([FactCheck(claim=TEXT, url="https://fc.example/1")])
    records._run("UPDATE factchecks SET rating = 'False'")  # by hand, outside the bot
    records.forget_factchecks(url="https://fc.example/1")
    after = counter()
    assert after >= before + 3
    records.add_claims([DeskClaim(text=TEXT, scope=HERE, analysis_key="url:y")])
    records.prune()
    assert counter() == after  # desk claims are not fact-checks


def test_a_count_kept_past_the_bar_is_read_again_when_the_bar_rises() -> None:
    """A list kept as its length only (too common then) is no use once the table has grown
    past it: it is read again rather than scored as holding no rows."""
    asked: list[list[str]] = []

    def fetch(words, too_common):  # type: ignore[no-untyped-def]
        asked.append(list(words))
        return {w: np.arange(300, dtype=np.int64) for w in words}

    postings = Postings(fetch, remember_from=0)
    assert len(postings.lists(["flood"], too_common=100)["flood"][1]) == 0
    postings.lists(["flood"], too_common=200)
    assert len(asked) == 1
    assert len(postings.lists(["flood"], too_common=1000)["flood"][1]) == 300
    assert len(asked) == 2


def counted(records: SqlRecords) -> list[str]:
    """Records the fact-check counts `records` runs from now on."""
    ran: list[str] = []
    run = records._run

    def spying(sql, params=()):  # type: ignore[no-untyped-def]
        if "count(*) FROM factchecks" in sql:
            ran.append(sql)
        return run(sql, params)

    records._run = spying  # type: ignore[method-assign]
    return ran


def test_the_fact_check_count_is_kept_until_the_table_changes(open_engine) -> None:
    reader, writer = open_engine(), open_engine()
    writer.upsert_factchecks([FactCheck(claim=TEXT, url="https://fc.example/1")])
    ran = counted(reader)
    reader.find_matches(TEXT, HERE)
    assert len(ran) == 1
    assert isinstance(reader, RareWordSearch)
    reader._sizes.clear()  # a minute on: the desk claims are counted again, not fact-checks
    writer.add_claims([DeskClaim(text=TEXT, scope=HERE, analysis_key="url:z")])
    reader.find_matches(TEXT, HERE)
    assert len(ran) == 1
    writer.upsert_factchecks([FactCheck(claim="Rhee denied the dam deal.",
                                        url="https://fc.example/2")])
    reader.find_matches(TEXT, HERE)
    assert len(ran) == 2  # another connection's import: counted again at once
    assert reader._size("factchecks") == 2
    assert writer.forget_factchecks(url="https://fc.example/2") == 1
    reader.find_matches(TEXT, HERE)
    assert reader._size("factchecks") == 1


def test_lists_cut_at_the_old_bar_are_read_again_when_an_import_raises_it(open_engine) -> None:
    """A word held by more rows than the bar was read only to just past it; once another
    process's import has raised the bar above that word's count, its whole list counts."""
    reader, writer = open_engine(), open_engine()
    flood = [FactCheck(claim=f"Flood number {n} hit Harrow.", url=f"https://fc.example/f{n}")
             for n in range(60)]
    other = [FactCheck(claim=f"Item {n} of the list.", url=f"https://fc.example/o{n}")
             for n in range(940)]
    writer.upsert_factchecks(flood + other)
    assert isinstance(reader, RareWordSearch)
    reader.find_matches("A flood hit Harrow.", HERE)
    count, rows = reader._postings["factchecks"]._kept["flood"]
    assert count > 50 and len(rows) == 0  # too common at 1,000 fact-checks (the bar is 50)
    writer.upsert_factchecks(
        [FactCheck(claim=f"Entry {n} elsewhere.", url=f"https://fc.example/e{n}")
         for n in range(600)]
    )
    reader.find_matches("A flood hit Harrow.", HERE)
    count, rows = reader._postings["factchecks"]._kept["flood"]
    assert count == len(rows) == 60  # the bar is 80 at 1,600

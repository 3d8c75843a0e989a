"""The re-ranker and the matcher's pure parts: what makes two wordings the same claim, how
tweets are cleaned, how matches are ordered; and the records settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.records import FactCheck, RecordsConfigError, Scope, records_config_from_env
from bot.records import text as t
from bot.records.match import Scored, order, query_profile, query_words
from bot.records.rerank import same_claim_score
from bot.records.types import Candidate
from tests import records_fixtures

open_engine = records_fixtures.open_engine
records = records_fixtures.records
pg_schema = records_fixtures.pg_schema

CLAIM = "Unemployment in Port Ellis rose to 5 percent in March."


def test_the_same_claim_in_other_words_scores_high() -> None:
    reworded = "In March, unemployment rose to 5 percent in Port Ellis, the council said."
    assert same_claim_score(reworded, CLAIM) > 0.6


def test_the_same_claim_with_different_numbers_does_not_match() -> None:
    other = "Unemployment in Port Ellis rose to 9 percent in March."
    assert same_claim_score(other, CLAIM) < 0.35 < same_claim_score(CLAIM, CLAIM)


def test_a_negated_claim_scores_lower() -> None:
    negated = "Unemployment in Port Ellis did not rise to 5 percent in March."
    assert same_claim_score(negated, CLAIM) < same_claim_score(CLAIM, CLAIM) * 0.8


def test_a_claim_about_someone_else_scores_lower() -> None:
    other = "Unemployment in Dunmore rose to 5 percent in March."
    assert same_claim_score(other, CLAIM) < same_claim_score(CLAIM, CLAIM) * 0.75


def test_unrelated_sentences_score_near_zero() -> None:
    assert same_claim_score("Snow owls nest in Dunmore Park.", CLAIM) < 0.1
    assert same_claim_score("", CLAIM) == 0.0


def test_tweets_lose_links_sign_offs_handles_and_hashtag_glue() -> None:
    tweet = (
        "Wow #PortEllis @MayorOfEllis says jobless hit 5% https://t.co/abc pic.twitter.com/xyz"
        " — Ana Bo (@anabo) March 28, 2021"
    )
    cleaned = t.clean(tweet)
    assert "http" not in cleaned and "pic.twitter" not in cleaned and "anabo" not in cleaned
    assert "Port Ellis" in cleaned and "Mayor Of Ellis" in cleaned
    assert t.numbers(tweet) == {"5"}


def test_words_numbers_names_and_negation() -> None:
    assert t.numbers("It cost $1,000, not 12.50 or ten.") == {"1000", "12.5", "10"}
    names = t.names("Yesterday the Mayor of Port Ellis met Orla Venn.")
    assert names >= {t.stem(word) for word in ("port", "ellis", "orla", "venn")}
    assert t.negated("The dam wasn't inspected.") and not t.negated("The dam was inspected.")
    assert t.stem("vaccines") == t.stem("vaccine")
    assert t.terms("The owls' nests") == {t.stem("owls"), t.stem("nests")}


def test_stored_profiles_round_trip_and_stale_ones_are_recomputed() -> None:
    profile = t.profile(CLAIM)
    assert t.Profile.from_json(profile.to_json(), CLAIM) == profile
    assert t.Profile.from_json("[0, [], [], [], false]", CLAIM) == profile
    assert t.Profile.from_json("", CLAIM) == profile
    assert t.Profile.from_json("2\x1fonly two fields", CLAIM) == profile


TWEET = (
    "\u201cPELOSI STAMMERS THROUGH NEWS CONFERENCE\u201d pic.twitter.com/1OyCyqRTuk"
    " \u2014 Donald J. Trump (@realDonaldTrump) May 24, 2019"
)


def test_a_tweets_signer_and_month_are_searched_and_the_signer_is_a_name() -> None:
    assert t.signed(TWEET) == "Donald J. Trump May 2019"
    assert t.signed(TWEET, month=False) == "Donald J. Trump"
    assert t.signed("Pelosi stammers through a news conference.") == ""
    words = query_words(TWEET)
    assert {"pelosi", "donald", "trump", "may", "2019"} <= set(words)
    assert "24" not in words
    read = query_profile(TWEET)
    assert {t.stem("trump"), t.stem("donald"), t.stem("pelosi")} <= read.terms
    assert read.numbers == frozenset()


def test_a_fact_check_naming_only_the_tweets_author_and_month_is_found(records) -> None:
    """The tweet's own words share nothing with the fact-check: only its signature does."""
    records.upsert_factchecks([
        FactCheck(claim="Chelsea Clinton said in January 2020 that Satanism deserves respect.",
                  url="https://fc.example/clinton", rating="False",
                  organisation="Example Checks"),
        FactCheck(claim="A new year's message stood out for everyone.",
                  url="https://fc.example/other", rating="True", organisation="Example Checks"),
    ])
    tweet = ("Happy new year to all who stood with us! \u2014 Chelsea Clinton (@ChelseaClinton)"
             " January 1, 2020")
    found = records.find_matches(tweet, Scope("T1"), limit=2)
    assert "https://fc.example/clinton" in [m.url for m in found]


def test_profiles_stored_in_the_first_format_are_still_read() -> None:
    """Rows indexed before profile version 2 keep their JSON profiles; reading them must not
    fall back to recomputing (which would hide a broken reader) nor differ from the text's."""
    profile = t.profile(CLAIM)
    stored = json.dumps(
        [1, sorted(profile.terms), sorted(profile.names), sorted(profile.numbers),
         profile.negated]
    )
    assert t.Profile.from_json(stored, "unrelated words entirely") == profile


def _scored(item_id: str, kind: str, same: float, score: float, date: str = "",
            verdict: str = "") -> Scored:
    candidate = Candidate(item_id=item_id, kind=kind, text=item_id, rank=1.0, date=date,
                          verdict=verdict)
    return Scored(candidate, same, score)


def test_order_cuts_at_the_threshold_and_puts_trusted_recent_near_ties_first() -> None:
    ranked = [
        _scored("desk-marked", "desk", 0.9, 0.91, "2024-05-01", "false"),
        _scored("old-check", "factcheck", 0.9, 0.90, "2020-01-01"),
        _scored("new-check", "factcheck", 0.9, 0.89, "2023-01-01"),
        _scored("weaker", "factcheck", 0.5, 0.60, "2024-06-01"),
        _scored("below", "factcheck", 0.05, 0.55, "2024-06-01"),
    ]
    assert [s.candidate.item_id for s in order(ranked, threshold=0.1)] == [
        "new-check", "old-check", "desk-marked", "weaker"
    ]
    assert order(ranked, threshold=0.95) == []


def test_config_picks_postgres_by_url_and_checks_its_values(tmp_path: Path) -> None:
    config = records_config_from_env({"CLAIMDESK_DB_PATH": str(tmp_path / "r.db")})
    assert (config.database_url, config.db_path, config.retention_days) == (
        "", tmp_path / "r.db", 180
    )
    assert records_config_from_env({}).db_path.name == "records.sqlite3"
    heroku = records_config_from_env({"DATABASE_URL": "postgres://u@h/db"})
    assert heroku.database_url == "postgresql://u@h/db"
    assert records_config_from_env({"CLAIMDESK_RETENTION_DAYS": "30"}).retention_days == 30
    for bad in ({"DATABASE_URL": "mysql://x"}, {"CLAIMDESK_RETENTION_DAYS": "0"},
                {"CLAIMDESK_RETENTION_DAYS": "soon"}):
        with pytest.raises(RecordsConfigError):
            records_config_from_env(bad)


def test_open_records_picks_sqlite_without_a_database_url(tmp_path: Path) -> None:
    from bot.records import open_records
    from bot.records.sqlite import SqliteRecords

    records = open_records(records_config_from_env({"CLAIMDESK_DB_PATH": str(tmp_path / "r.db")}))
    try:
        assert isinstance(records, SqliteRecords) and records.schema_version() >= 1
    finally:
        records.close()


def test_a_fact_check_of_the_same_claim_is_close_one_on_its_subject_only_related(records) -> None:
    """Only a match judged the same claim may be worded "Seen before"; one that shares the
    subject (the library) but checks another claim about it is still offered, as related."""
    records.upsert_factchecks([
        FactCheck(claim="The Dunmore library budget was cut by $2 million last year.",
                  url="https://fc.example/budget", rating="True", organisation="Example Checks"),
        FactCheck(claim="Dunmore library will close every Sunday from September.",
                  url="https://fc.example/sundays", rating="False", organisation="Example Checks"),
    ])
    claim = "Local officials said the Dunmore library budget was cut by $2 million last year."
    found = {m.url: m.close for m in records.find_matches(claim, Scope("T1"), limit=2)}
    assert found == {"https://fc.example/budget": True, "https://fc.example/sundays": False}


def test_a_cut_off_fact_check_whose_few_words_the_claim_holds_is_only_related(records) -> None:
    """ "A frustrated" (a claim cut off in the fact-check feed) is all covered by a claim that
    says "frustrated": a high score on coverage alone, but one shared word is no same claim."""
    records.upsert_factchecks([
        FactCheck(claim="A frustrated", url="https://fc.example/cut", rating="False",
                  organisation="Example Checks"),
    ])
    claim = "Morrison testified that Vindman had become frustrated over his exclusion."
    (found,) = records.find_matches(claim, Scope("T1"), limit=2)
    assert found.url == "https://fc.example/cut" and not found.close


def test_close_needs_the_score_and_three_shared_words() -> None:
    candidate = Candidate(item_id="c", kind="factcheck", text="c", rank=1.0)
    assert Scored(candidate, 0.6, 0.6, shared=3).close
    assert not Scored(candidate, 0.6, 0.6, shared=2).close
    assert not Scored(candidate, 0.29, 0.6, shared=9).close

"""The re-ranker's one-claim-against-many form scores exactly as its definition: a lookup ranks
with `Comparison.score`, and a float that moved by one bit could reorder ties."""

from __future__ import annotations

import itertools

from bot.records import text as t
from bot.records.rerank import (
    NAME_MISSING,
    NEGATION_CLASH,
    NUMBER_CLASH,
    NUMBER_UNSEEN,
    Comparison,
    features,
)

SENTENCES = (
    "Unemployment in Port Ellis rose to 5 percent in March.",
    "Unemployment in Port Ellis did not rise to 5 percent in March.",
    "In March, unemployment rose to 5 percent in Port Ellis, the council said.",
    "Port Ellis unemployment hit 9 percent, up from 5 percent, in 2021.",
    "Mayor Ana Bo never closed the Dunmore bridge.",
    "The Dunmore bridge was closed by Mayor Ana Bo in 2019 after 3 floods.",
    "Three floods closed the bridge.",
    "Snow owls nest in Dunmore Park.",
    "No vaccine was approved in Kessala during 2020, the minister told reporters.",
    "A photo shows Bush holding a phone upside down.",
    "",
    "the of and",
)


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def reference(query: t.Profile, candidate: t.Profile) -> float:
    """The score as the re-ranker first wrote it, one set operation per line."""
    if not query.terms or not candidate.terms:
        return 0.0
    shared = query.terms & candidate.terms
    coverage = len(shared) / len(candidate.terms)
    query_coverage = len(shared) / len(query.terms)
    jaccard = len(shared) / len(query.terms | candidate.terms)
    names = 1.0 - (1.0 - NAME_MISSING) * (1.0 - _share(candidate.names, query.terms | query.names))
    if candidate.numbers and query.numbers and not candidate.numbers & query.numbers:
        numbers = NUMBER_CLASH
    elif candidate.numbers and not query.numbers:
        numbers = NUMBER_UNSEEN
    elif candidate.numbers and query.numbers:
        numbers = 0.7 + 0.3 * _share(candidate.numbers, query.numbers)
    else:
        numbers = 1.0
    negation = NEGATION_CLASH if query.negated != candidate.negated else 1.0
    wording = 0.6 * coverage + 0.15 * query_coverage + 0.25 * jaccard
    return wording * names * numbers * negation


def test_comparison_scores_bit_for_bit_as_the_definition() -> None:
    for query_text, candidate_text in itertools.product(SENTENCES, repeat=2):
        query, candidate = t.profile(query_text), t.profile(candidate_text)
        expected = reference(query, candidate)
        assert Comparison(query).score(candidate) == expected, (query_text, candidate_text)
        assert features(query, candidate).score == expected


def test_a_comparison_reads_stored_profiles_as_fresh_ones() -> None:
    for query_text, text in itertools.product(SENTENCES, repeat=2):
        query, fresh = Comparison(t.profile(query_text)), t.profile(text)
        listed = t.stored(fresh.to_json(), text)
        assert isinstance(listed, t.Listed)
        assert query.score(listed) == query.score(fresh) == reference(t.profile(query_text), fresh)
        assert query.parts(listed) == query.parts(t.Profile.from_json(fresh.to_json(), text))


def test_older_or_missing_stored_profiles_are_read_the_old_way() -> None:
    text = SENTENCES[5]
    fresh = t.profile(text)
    version_1 = '[1, ["bridg"], ["dunmore"], ["2019"], false]'
    assert t.stored(version_1, text) == t.Profile(
        frozenset({"bridg"}), frozenset({"dunmore"}), frozenset({"2019"}), False
    )
    for raw in ("", "2\x1fonly two fields", "[0, [], [], [], false]"):
        assert t.stored(raw, text) == fresh

"""Whether two wordings state the same claim: a score from 0 to 1, a pure function of two texts.

Full-text rank finds candidates that share words; this decides what sharing words means for a
claim. The same claim names the same people and places, gives the same numbers and says yes
or no the same way, so a mismatch on those counts more than any amount of shared wording:
"unemployment rose to 5%" is not "unemployment rose to 9%".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.records import text as t

NUMBER_CLASH = 0.35
NUMBER_UNSEEN = 0.8
NEGATION_CLASH = 0.75
NAME_MISSING = 0.55


@dataclass(frozen=True)
class Features:
    """What the score is made of, kept so a test (or a curious reader) can see why."""

    coverage: float
    query_coverage: float
    jaccard: float
    names: float
    numbers: float
    negation: float

    @property
    def score(self) -> float:
        wording = 0.6 * self.coverage + 0.15 * self.query_coverage + 0.25 * self.jaccard
        return wording * self.names * self.numbers * self.negation


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def features(query: str, candidate: str) -> Features:
    """`query` is the claim at hand (a sentence or a tweet); `candidate` the claim seen before."""
    query_terms, cand_terms = t.terms(query), t.terms(candidate)
    if not query_terms or not cand_terms:
        return Features(0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
    shared = query_terms & cand_terms
    coverage = len(shared) / len(cand_terms)
    query_coverage = len(shared) / len(query_terms)
    jaccard = len(shared) / len(query_terms | cand_terms)

    cand_names = t.names(candidate)
    names = 1.0 - (1.0 - NAME_MISSING) * (1.0 - _share(cand_names, query_terms | t.names(query)))

    query_numbers, cand_numbers = t.numbers(query), t.numbers(candidate)
    if cand_numbers and query_numbers and not cand_numbers & query_numbers:
        numbers = NUMBER_CLASH
    elif cand_numbers and not query_numbers:
        numbers = NUMBER_UNSEEN
    elif cand_numbers and query_numbers:
        numbers = 0.7 + 0.3 * _share(cand_numbers, query_numbers)
    else:
        numbers = 1.0

    negation = NEGATION_CLASH if t.negated(query) != t.negated(candidate) else 1.0
    return Features(coverage, query_coverage, jaccard, names, numbers, negation)


def same_claim_score(query: str, candidate: str) -> float:
    """0 (unrelated) to 1 (the same claim in the same words)."""
    return features(query, candidate).score

"""Whether two wordings state the same claim: a score from 0 to 1, a pure function of two texts.

Full-text rank finds candidates that share words; this decides what sharing words means for a
claim. The same claim names the same people and places, gives the same numbers and says yes
or no the same way, so a mismatch on those counts more than any amount of shared wording:
"unemployment rose to 5%" is not "unemployment rose to 9%".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.records.text import Profile, profile

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


def _share(part: frozenset[str] | set[str], whole: frozenset[str] | set[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def features(query: Profile, candidate: Profile) -> Features:
    """`query` is the claim at hand (a sentence or a tweet); `candidate` the claim seen before."""
    query_terms, cand_terms = query.terms, candidate.terms
    if not query_terms or not cand_terms:
        return Features(0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
    shared = query_terms & cand_terms
    coverage = len(shared) / len(cand_terms)
    query_coverage = len(shared) / len(query_terms)
    jaccard = len(shared) / len(query_terms | cand_terms)

    seen_names = _share(candidate.names, query_terms | query.names)
    names = 1.0 - (1.0 - NAME_MISSING) * (1.0 - seen_names)

    query_numbers, cand_numbers = query.numbers, candidate.numbers
    if cand_numbers and query_numbers and not cand_numbers & query_numbers:
        numbers = NUMBER_CLASH
    elif cand_numbers and not query_numbers:
        numbers = NUMBER_UNSEEN
    elif cand_numbers and query_numbers:
        numbers = 0.7 + 0.3 * _share(set(cand_numbers), set(query_numbers))
    else:
        numbers = 1.0

    negation = NEGATION_CLASH if query.negated != candidate.negated else 1.0
    return Features(coverage, query_coverage, jaccard, names, numbers, negation)


def same_claim_score(query: str, candidate: str) -> float:
    """0 (unrelated) to 1 (the same claim in the same words)."""
    return features(profile(query), profile(candidate)).score

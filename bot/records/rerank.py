"""Whether two wordings state the same claim: a score from 0 to 1, a pure function of two texts.

Full-text rank finds candidates that share words; this decides what sharing words means for a
claim. The same claim names the same people and places, gives the same numbers and says yes
or no the same way, so a mismatch on those counts more than any amount of shared wording:
"unemployment rose to 5%" is not "unemployment rose to 9%".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.records.text import Listed, Profile, profile

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
        return _blend(
            self.coverage, self.query_coverage, self.jaccard, self.names, self.numbers,
            self.negation,
        )


class Comparison:
    """One claim compared with many candidates (a lookup compares each claim with dozens): what
    depends on the claim alone is worked out once, and `score` builds no `Features`."""

    __slots__ = ("_negated", "_numbers", "_seen", "_size", "_terms")

    def __init__(self, query: Profile) -> None:
        self._terms = query.terms
        self._size = len(query.terms)
        self._seen = query.terms | query.names
        self._numbers = query.numbers
        self._negated = query.negated

    def parts(self, candidate: Profile | Listed) -> tuple[float, float, float, float, float, float]:
        """The fields of `Features`, in order. The claim's sets are intersected with the
        candidate's words, which may come as sets or as lists."""
        return self._parts(candidate, self._shared(candidate))

    def _shared(self, candidate: Profile | Listed) -> int:
        return len(self._terms.intersection(candidate.terms))

    def _parts(
        self, candidate: Profile | Listed, shared: int
    ) -> tuple[float, float, float, float, float, float]:
        cand_terms = candidate.terms
        if not self._size or not cand_terms:
            return (0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
        cand_size = len(cand_terms)
        coverage = shared / cand_size
        query_coverage = shared / self._size
        jaccard = shared / (self._size + cand_size - shared)

        cand_names = candidate.names
        seen = len(self._seen.intersection(cand_names)) / len(cand_names) if cand_names else 1.0
        names = 1.0 - (1.0 - NAME_MISSING) * (1.0 - seen)

        query_numbers, cand_numbers = self._numbers, candidate.numbers
        if cand_numbers and query_numbers:
            both = len(query_numbers.intersection(cand_numbers))
            numbers = 0.7 + 0.3 * (both / len(cand_numbers)) if both else NUMBER_CLASH
        elif cand_numbers:
            numbers = NUMBER_UNSEEN
        else:
            numbers = 1.0

        negation = NEGATION_CLASH if self._negated != candidate.negated else 1.0
        return (coverage, query_coverage, jaccard, names, numbers, negation)

    def score(self, candidate: Profile | Listed) -> float:
        """`features(query, candidate).score`."""
        return _blend(*self.parts(candidate))

    def judge(self, candidate: Profile | Listed) -> tuple[float, int]:
        """The score, and how many of the claim's content words (stemmed) the candidate states
        too, from one intersection."""
        shared = self._shared(candidate)
        return _blend(*self._parts(candidate, shared)), shared


def _blend(
    coverage: float, query_coverage: float, jaccard: float, names: float, numbers: float,
    negation: float,
) -> float:
    wording = 0.6 * coverage + 0.15 * query_coverage + 0.25 * jaccard
    return wording * names * numbers * negation


def features(query: Profile, candidate: Profile) -> Features:
    """`query` is the claim at hand (a sentence or a tweet); `candidate` the claim seen before."""
    return Features(*Comparison(query).parts(candidate))


def same_claim_score(query: str, candidate: str) -> float:
    """0 (unrelated) to 1 (the same claim in the same words)."""
    return features(profile(query), profile(candidate)).score

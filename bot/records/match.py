"""Has this claim been seen before? Candidates from the engine's full-text index, re-ranked by
what makes two sentences the same claim, cut at a threshold, most trusted first.

The engine's rank (in both engines, summed IDF over the rarest words' row lists) knows which
shared words are rare; the re-ranker knows that a different number or a flipped negation
makes a different claim. The score blends both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.analysis import text_fingerprint
from bot.records import text as t
from bot.records.rerank import Comparison
from bot.records.text import Profile, profile
from bot.records.types import FACTCHECK, Candidate, Match, Scope


class Searchable(Protocol):
    """What the matcher needs of an engine: full-text candidates in a scope, and the desk's
    "not the same claim" judgements."""

    def candidates_many(
        self, word_lists: Sequence[Sequence[str]], scope: Scope, limit: int = 50
    ) -> list[list[Candidate]]: ...

    def rejected_many(self, team: str, fingerprints: Sequence[str]) -> dict[str, set[str]]: ...


CANDIDATES = 25
MAX_QUERY_WORDS = 32
# Below THRESHOLD nothing is shown; from SAME_CLAIM on, a match is called the same claim ("Seen
# before"), and between the two it is shown as related. Both were chosen on the CheckThat
# train/dev queries and the desk's news claims that no fact-check reviews (eval/matching.py
# --unrelated): at 0.1, nine in ten of those got a line on the subject alone, so the line's
# words are what keeps the desk from reading a subject match as a check. A lower floor (0.05)
# adds MAP@5 but lets one shared place name through ("Dunmore Park" owls under a "Dunmore
# library" claim), which a desk with a small library of its own would see on every claim.
THRESHOLD = 0.1
SAME_CLAIM = 0.3
# A same claim shares at least a subject, what it did and to what: a short or cut-off
# fact-check ("A frustrated") whose one or two words all appear in the claim scores high on
# coverage alone. Chosen with SAME_CLAIM: on the unrelated news claims "Seen before" falls
# from 5.2% to 2.8%, and the first "Seen before" line is right more often on train and dev.
SAME_CLAIM_WORDS = 3
NEAR_BEST = 0.05
ENGINE_WEIGHT = 0.5
HEADLINE_WEIGHT = 0.8


@dataclass(frozen=True)
class Scored:
    """`same` is the re-ranker's own judgement (gated by the threshold, since the engine's rank
    is only relative to the other candidates); `score` the blend that orders."""

    candidate: Candidate
    same: float
    score: float
    shared: int = 0

    @property
    def close(self) -> bool:
        """Judged the same claim, not only one on the same subject."""
        return self.same >= SAME_CLAIM and self.shared >= SAME_CLAIM_WORDS


def query_words(claim_text: str) -> list[str]:
    """The content words of the claim, and of a tweet's signature (its author and month, which
    a fact-check of the tweet often names); when there are too many, names, numbers and long
    words (the rare ones, which decide the rank and keep the search short) go first."""
    found = t.content_words(claim_text)
    found += [w for w in t.content_words(t.signed(claim_text)) if w not in found]
    if len(found) > MAX_QUERY_WORDS:
        names = t.names(claim_text)

        def priority(word: str) -> tuple[bool, int]:
            return (t.stem(word) in names or word.isdigit(), len(word))

        keep = set(sorted(found, key=priority, reverse=True)[:MAX_QUERY_WORDS])
        found = [word for word in found if word in keep]
    return found


def query_profile(claim_text: str) -> Profile:
    """The claim as the re-ranker reads it: a tweet's signer counts among its words (a
    fact-check of a tweet names its author), its date does not (the month a tweet was sent
    is no figure of the claim, and would clash with the figures it does state)."""
    signer = t.signed(claim_text, month=False)
    return profile(f"{t.clean(claim_text)} by {signer}" if signer else claim_text)


def candidate_score(claim_text: str, candidate: Candidate) -> float:
    """The re-ranker on the claim checked and, at a discount, on the fact-check's headline."""
    return _score(Comparison(query_profile(claim_text)), candidate)[0]


def _score(query: Comparison, candidate: Candidate) -> tuple[float, int]:
    """The same-claim score, and the most content words shared with the claim or headline."""
    score, shared = query.judge(t.stored(candidate.profile, candidate.text))
    if candidate.headline and candidate.kind == FACTCHECK:
        on_headline, in_headline = query.judge(
            t.stored(candidate.headline_profile, candidate.headline)
        )
        score = max(score, HEADLINE_WEIGHT * on_headline)
        shared = max(shared, in_headline)
    return score, shared


def rank(claim_text: str, candidates: list[Candidate]) -> list[Scored]:
    """Blend the engine's rank (scaled to the best candidate) with the re-ranker, best first."""
    if not candidates:
        return []
    best_rank = max(c.rank for c in candidates) or 1.0
    query = Comparison(query_profile(claim_text))
    scored = []
    for c in candidates:
        same, shared = _score(query, c)
        blend = (1 - ENGINE_WEIGHT) * same + ENGINE_WEIGHT * max(c.rank, 0.0) / best_rank
        scored.append(Scored(c, same, blend, shared))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def _trust(candidate: Candidate) -> int:
    if candidate.kind == FACTCHECK:
        return 2
    return 1 if candidate.verdict and candidate.verdict != "unverified" else 0


def order(scored: list[Scored], threshold: float = THRESHOLD) -> list[Scored]:
    """Above the threshold only; among those as good as the best, the most trusted (fact-checks,
    then claims the desk marked) and the most recent first; the rest by score."""
    kept = [s for s in scored if s.same >= threshold]
    if not kept:
        return []
    best = kept[0].score
    top = [s for s in kept if s.score >= best - NEAR_BEST]
    rest = [s for s in kept if s.score < best - NEAR_BEST]
    top.sort(key=lambda s: (_trust(s.candidate), s.candidate.date[:10], s.score), reverse=True)
    return top + rest


def find_matches(
    records: Searchable,
    claim_text: str,
    scope: Scope,
    limit: int = 2,
    *,
    exclude_analysis: str = "",
    threshold: float = THRESHOLD,
) -> list[Match]:
    """The fact-checks and desk claims (visible from `scope`) that state the same claim."""
    return find_matches_many(
        records, [claim_text], scope, limit, exclude_analysis=exclude_analysis,
        threshold=threshold,
    )[0]


def find_matches_many(
    records: Searchable,
    texts: Sequence[str],
    scope: Scope,
    limit: int = 2,
    *,
    exclude_analysis: str = "",
    threshold: float = THRESHOLD,
) -> list[list[Match]]:
    """`find_matches` for each of an article's claims: the engine searches them together, so
    the words they share are read once."""
    word_lists = [query_words(text) for text in texts]
    if not any(word_lists):
        return [[] for _ in texts]
    found = records.candidates_many(word_lists, scope, CANDIDATES)
    rejected = records.rejected_many(scope.team, [text_fingerprint(text) for text in texts])
    return [
        _best(text, candidates, rejected[text_fingerprint(text)], limit, exclude_analysis,
              threshold)
        for text, candidates in zip(texts, found, strict=True)
    ]


def _best(
    claim_text: str,
    candidates: list[Candidate],
    rejected: set[str],
    limit: int,
    exclude_analysis: str,
    threshold: float,
) -> list[Match]:
    candidates = [
        c
        for c in candidates
        if c.item_id not in rejected
        and not (exclude_analysis and c.analysis_key == exclude_analysis)
    ]
    seen: set[str] = set()
    matches: list[Match] = []
    for item in order(rank(claim_text, candidates), threshold):
        c = item.candidate
        dedupe = c.fingerprint or c.item_id
        if dedupe in seen:
            continue
        seen.add(dedupe)
        matches.append(
            Match(
                item_id=c.item_id,
                kind=c.kind,
                text=c.text,
                score=round(item.score, 4),
                source=c.source,
                date=c.date,
                verdict=c.verdict,
                who=c.who,
                url=c.url,
                title=c.headline,
                close=item.close,
            )
        )
        if len(matches) == limit:
            break
    return matches

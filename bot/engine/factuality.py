"""How much a sentence reads like a checkable factual claim: a small fitted linear model.

The hand-set weights in `bot.engine.claims` were tuned on the articles we looked at; this model is
fitted on sentences other people labelled (the ClaimBuster dataset, CC BY 4.0, see
`data/NOTICE`), so it is a second opinion that can be measured on text it has not seen.
It stays explainable: a logistic regression over lower-cased words and word pairs, with
figures normalised ("4.2%" -> <pct>, "2001" -> <year>), so the words that moved a score
can be quoted back to a checker as they appear ("percent", "million", "voted for").

Pure standard library (no numpy, no scikit-learn): loading costs a few MB, not tens, and a
sentence is scored with a handful of dictionary look-ups. `train/factuality.py` fits the
weights and imports `features` from here, so training and scoring normalise identically.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NORMALISATION_VERSION = 1
ARTEFACT = Path(__file__).parent / "data" / "factuality.json"
EVIDENCE_MIN_WEIGHT = 0.2
MAX_EVIDENCE = 3

_TOKEN = re.compile(
    r"(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<money>[$£€]\s?\d[\d,]*(?:\.\d+)?)"
    r"|(?P<pct>\d[\d,]*(?:\.\d+)?\s?%)"
    r"|(?P<num>\d(?:[\d,.]*\d)?)(?P<suffix>st|nd|rd|th|s)?(?![^\W\d_])"
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us", "i'm", "i've", "we're", "we've"})
_UNQUOTED = frozenset(
    {"a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "from", "with", "and", "or"}
    | {"but", "as", "is", "are", "was", "were", "be", "been", "it", "its", "that", "this"}
    | {"there", "have", "has", "had", "do", "does", "did"}
)
_LENGTH_BUCKETS = ((5, "#len:1-5"), (10, "#len:6-10"), (20, "#len:11-20"), (30, "#len:21-30"))

Span = tuple[int, int]


def tokens(text: str) -> list[tuple[str, Span]]:
    """Normalised tokens with their character spans in `text`; punctuation is dropped."""
    out: list[tuple[str, Span]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup if m.lastgroup != "suffix" else "num"
        if kind == "word":
            token = m.group("word").lower().replace("’", "'")
        elif kind == "num":
            number, suffix = m.group("num"), m.group("suffix")
            if _YEAR.fullmatch(number) and suffix in (None, "s"):
                token = "<year>"
            elif suffix in ("st", "nd", "rd", "th"):
                token = "<ord>"
            else:
                token = "<num>"
        else:
            token = f"<{kind}>"
        out.append((token, m.span()))
    return out


def features(text: str, surface: bool = True) -> dict[str, Span | None]:
    """Each feature of `text` (word, word pair, surface trait) -> where it first occurs.

    Surface traits ("#digit", "#question", ...) have no single place: their span is None.
    """
    toks = tokens(text)
    found: dict[str, Span | None] = {}
    for i, (tok, span) in enumerate(toks):
        found.setdefault(tok, span)
        if i:
            prev, pspan = toks[i - 1]
            found.setdefault(f"{prev} {tok}", (pspan[0], span[1]))
    if surface:
        if _DIGIT.search(text):
            found["#digit"] = None
        if text.rstrip(" \"'”’)").endswith("?"):
            found["#question"] = None
        if any(tok in _FIRST_PERSON for tok, _ in toks):
            found["#first_person"] = None
        n = sum(1 for tok, _ in toks if not tok.startswith("<"))
        found[next((name for top, name in _LENGTH_BUCKETS if n <= top), "#len:31+")] = None
    return found


@dataclass(frozen=True)
class Factuality:
    """Probability that a sentence is a check-worthy factual claim, and the words behind it.

    `evidence` are the phrases (as written) that pushed the score up most; `against` those
    that pulled it down most ("I think", "great").
    """

    probability: float
    evidence: tuple[str, ...]
    against: tuple[str, ...] = ()


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]
    surface: bool
    fitted_on: dict[str, object]


@cache
def model() -> Model:
    """The fitted weights, read once per process."""
    data = json.loads(ARTEFACT.read_text(encoding="utf-8"))
    if data["normalisation_version"] != NORMALISATION_VERSION:
        raise RuntimeError(
            f"{ARTEFACT.name} was fitted with normalisation v{data['normalisation_version']}, "
            f"this code normalises with v{NORMALISATION_VERSION}: refit with train/factuality.py"
        )
    return Model(
        bias=float(data["bias"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        surface=bool(data["surface_features"]),
        fitted_on=data["fitted_on"],
    )


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _explain(text: str, hits: list[tuple[float, str, Span]]) -> tuple[tuple[str, ...], ...]:
    """The strongest phrases each way, as written; a phrase overlapping a stronger one is
    skipped (so "we" is not quoted for a score that "we all" pulled down), and so is a lone
    function word ("the", "to"): it counts in the score but explains nothing to a reader."""
    chosen: list[tuple[float, Span]] = []
    for w, feature, (a, b) in sorted(hits, key=lambda h: (-abs(h[0]), h[2])):
        if feature in _UNQUOTED or any(a < d and c < b for _, (c, d) in chosen):
            continue
        chosen.append((w, (a, b)))
    up = tuple(text[a:b] for w, (a, b) in chosen if w > 0)[:MAX_EVIDENCE]
    down = tuple(text[a:b] for w, (a, b) in chosen if w < 0)[:MAX_EVIDENCE]
    return up, down


def score(text: str) -> Factuality:
    """Score one sentence; the probability assumes as many claims as non-claims (see NOTICE)."""
    m = model()
    z = m.bias
    hits: list[tuple[float, str, Span]] = []
    for feature, span in features(text, m.surface).items():
        w = m.weights.get(feature)
        if w is None:
            continue
        z += w
        if span is not None and abs(w) >= EVIDENCE_MIN_WEIGHT:
            hits.append((w, feature, span))
    evidence, against = _explain(text, hits)
    return Factuality(probability=_sigmoid(z), evidence=evidence, against=against)


def score_many(texts: Iterable[str]) -> list[Factuality]:
    """Score several sentences (a plain loop: look-ups are already the whole cost)."""
    return [score(text) for text in texts]

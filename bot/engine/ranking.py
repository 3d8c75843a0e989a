"""Which sentences are claims, and which to check first: two small fitted logistic models.

Both read the same features: the signals the rules find in a sentence (a figure, a date, an
anonymous or relayed source, a hedge, causal or legal wording, opinion wording, a question),
where it sits in the article, and the factuality model's score (`factuality.py`, fitted on
ClaimBuster). `include` says whether a sentence is a claim at all (fitted to the desk's
worthiness >= 1), `rank` how urgent it is (worthiness 2, the desk's top three weighted up).
The weights are fitted by `train/ranking.py` on the desk-claims dev labels (our own labels,
which may ship: see data/NOTICE), cross-validated by article; each claim's reasons still
name the signals that moved it, so no score comes without a why.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ARTEFACT = Path(__file__).parent / "data" / "ranking.json"
SIGNALS = (
    "quantity", "quote", "direct_quote", "causal", "anonymous", "unattributed", "hedge", "date",
    "place", "actor", "event", "prediction", "rule", "comparison", "loaded", "second_hand",
    "imagery", "opinion", "first_person", "question", "short", "weather", "feeling", "judgement",
)
CONTEXT = (
    "factuality", "checkable", "first", "lead", "early", "position", "words", "sourced",
    "named_source", "opinion_piece",
)
FEATURES = SIGNALS + CONTEXT
# Signals that only decide whether a sentence is a claim at all: a sentence they fire on is
# hardly ever listed, so they say nothing about which listed claim to check first, and the
# rank model does not read them (fitted on every sentence, it would only reorder talk).
LISTING_ONLY = ("feeling", "judgement")


@dataclass(frozen=True)
class Linear:
    bias: float
    weights: Mapping[str, float]

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": dict(self.weights)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Linear:
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


@dataclass(frozen=True)
class Ranker:
    """`threshold` is the `include` probability a sentence needs to be listed as a claim."""

    include: Linear
    rank: Linear
    threshold: float
    fitted_on: Mapping[str, Any]

    def is_claim(self, features: Mapping[str, float]) -> bool:
        return self.include.probability(features) >= self.threshold

    def urgency(self, features: Mapping[str, float]) -> float:
        return round(self.rank.probability(features), 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "include": self.include.to_dict(),
            "rank": self.rank.to_dict(),
            "threshold": self.threshold,
            "fitted_on": dict(self.fitted_on),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ranker:
        unknown = set(data["features"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"ranking weights name features this code lacks: {sorted(unknown)}")
        return cls(
            include=Linear.from_dict(data["include"]),
            rank=Linear.from_dict(data["rank"]),
            threshold=float(data["threshold"]),
            fitted_on=data.get("fitted_on", {}),
        )


@cache
def ranker() -> Ranker:
    """The shipped weights, read once per process."""
    return Ranker.from_dict(json.loads(ARTEFACT.read_text(encoding="utf-8")))


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))

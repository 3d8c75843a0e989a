"""The fitted check-worthiness model: its artefact, its tokenizer, and scores that make sense."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.engine import factuality
from bot.engine.factuality import Factuality, features, model, score, score_many, tokens

FIGURES = "Unemployment fell to 4.2 percent in March, the lowest since 2001."
FEELING = "I think we all love this great country."
SENTENCES = [
    FIGURES,
    FEELING,
    "Senator Smith voted for the bill that cut $3 billion from Medicare.",
    "What are we going to do about it?",
    "Crime went up 14% in Chicago last year.",
    "Thank you.",
    "",
    "Ça coûte 3 000 € — d’après l’INSEE — en 2023.",
]


def test_artefact_loads_with_its_provenance() -> None:
    data = json.loads(factuality.ARTEFACT.read_text(encoding="utf-8"))
    fitted = data["fitted_on"]
    assert "ClaimBuster" in fitted["dataset"]
    assert fitted["licence"] == "CC BY 4.0"
    assert fitted["sentences"] == fitted["positive"] + fitted["negative"] > 0
    assert len(fitted["sha256"]) == 64
    assert {"l2_lambda", "min_count", "class_weight"} <= set(fitted["hyperparameters"])
    assert 0.5 < fitted["test"]["accuracy"] <= 1.0
    assert data["normalisation_version"] == factuality.NORMALISATION_VERSION
    assert factuality.ARTEFACT.stat().st_size < 1_000_000
    m = model()
    assert m is model()  # read once per process
    assert len(m.weights) > 1000
    assert (factuality.ARTEFACT.parent / "NOTICE").read_text().count("10.5281/zenodo.3609356")


def test_figures_score_higher_than_feelings() -> None:
    assert score(FIGURES).probability > 0.5 > score(FEELING).probability
    assert score(FIGURES).probability - score(FEELING).probability > 0.5


@pytest.mark.parametrize("text", SENTENCES)
def test_scores_are_probabilities_and_evidence_is_quoted_from_the_text(text: str) -> None:
    result = score(text)
    assert 0.0 <= result.probability <= 1.0
    assert len(result.evidence) <= factuality.MAX_EVIDENCE
    for phrase in result.evidence + result.against:
        assert phrase and phrase in text
        assert phrase.strip() == phrase


def test_evidence_names_the_words_a_checker_would_expect() -> None:
    result = score(FIGURES)
    assert "percent" in result.evidence
    assert set(result.evidence).isdisjoint(result.against)
    assert not {"the", "to", "in"} & {p.lower() for p in result.evidence + result.against}
    assert "think" in [p.lower() for p in score(FEELING).against]


def test_tokenizer_normalises_numbers() -> None:
    text = "In 2001, 4.2% of 1,250 people paid $3.5 billion; the 3rd in 1990s"
    got = [t for t, _ in tokens(text)]
    assert got == [
        "in", "<year>", "<pct>", "of", "<num>", "people", "paid", "<money>", "billion",
        "the", "<ord>", "in", "<year>",
    ]  # fmt: skip
    assert [t for t, _ in tokens("4.2 percent, 12 MILLION, don’t")] == [
        "<num>",
        "percent",
        "<num>",
        "million",
        "don't",
    ]


def test_token_spans_point_at_the_text() -> None:
    text = "Crime went up 14% in Chicago, she said."
    for token, (a, b) in tokens(text):
        assert text[a:b].lower().replace("%", "") in (token, "14") or token.startswith("<")
    found = features(text)
    assert found["went up"] == (6, 13)
    assert "#digit" in found and found["#digit"] is None
    assert "#question" in features("Is that true?")
    assert "#first_person" in features("We did it.")
    assert "#first_person" not in features("They did it.")


def test_same_input_same_output() -> None:
    first = [score(t) for t in SENTENCES]
    assert first == [score(t) for t in SENTENCES] == score_many(SENTENCES)
    assert all(isinstance(r, Factuality) for r in first)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].probability = 0.0  # type: ignore[misc]


def test_refuses_an_artefact_from_other_normalisation_rules(tmp_path, monkeypatch) -> None:
    data = json.loads(factuality.ARTEFACT.read_text(encoding="utf-8"))
    data["normalisation_version"] = factuality.NORMALISATION_VERSION + 1
    stale = tmp_path / "factuality.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(factuality, "ARTEFACT", stale)
    factuality.model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="refit"):
            factuality.model()
    finally:
        monkeypatch.undo()
        factuality.model.cache_clear()

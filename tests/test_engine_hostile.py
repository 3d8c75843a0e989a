"""Text built to make the parser slow: long punctuation runs, over-long tokens and sentences,
chains of reported speech. The engine bounds them before parsing and stays linear after."""

from __future__ import annotations

from bot.article import Article
from bot.engine import analyse
from bot.engine.attribution import find_attributions
from bot.engine.attribution.base import MAX_CUES_PER_SENTENCE, sentences, subtree_tokens
from bot.engine.sanitise import MAX_RUN, MAX_SENTENCE, MAX_TOKEN, sanitise
from tests.engine_helpers import ARTICLES

CROSSING = (
    "Party leader Anna Berg said the report was indicative that the minister did not know what "
    "he was talking about, and accused the Prime Minister's office of putting words in the "
    "minister’s mouth.\n\n"
)
LEDE = "Officials said on Monday that 40 bridges were closed after the floods. "


def test_ordinary_prose_passes_through_unchanged() -> None:
    text = (ARTICLES / "statistics.txt").read_text("utf-8")
    clean = sanitise(text)
    assert clean.text == text and not clean.changed


def test_runs_tokens_and_unbroken_sentences_are_bounded() -> None:
    assert sanitise("Wow" + "!" * 20_000).text == "Wow" + "!" * MAX_RUN
    assert sanitise("wait" + "_" * 50).text == "wait" + "_" * MAX_RUN
    long_token = sanitise("'s" * 1_000).text
    assert max(len(chunk) for chunk in long_token.split()) <= MAX_TOKEN
    chain = "Officials said that " * 500
    broken = sanitise(chain)
    assert len(broken.text) == len(chain)
    assert broken.broken and all(len(line) <= MAX_SENTENCE for line in broken.text.split("\n"))


def test_a_punctuation_run_is_shortened_and_offsets_refer_to_the_analysed_text(nlp) -> None:
    text = LEDE + "!" * 20_000 + "\n\nThe ministry said 300 roads were damaged."
    analysis = analyse(Article(text=text), nlp)
    analysed = sanitise(text.strip()).text
    assert analysis.article.chars == len(analysed) < 1_000
    assert any("shortened" in notice for notice in analysis.notices)
    assert analysis.claims
    for claim in analysis.claims:
        assert analysed[claim.start : claim.end].strip() == claim.text


def test_reported_speech_chain_is_capped_per_sentence(nlp) -> None:
    chain = "Officials said that " * 200 + "the bridge was closed."
    doc = nlp(chain)
    found = find_attributions(doc)
    per_sentence: dict[int, int] = {}
    for attribution in found:
        per_sentence[attribution.sentence] = per_sentence.get(attribution.sentence, 0) + 1
    assert found and max(per_sentence.values()) <= MAX_CUES_PER_SENTENCE


def test_subtree_spans_are_the_subtree_walk(nlp) -> None:
    """The constant-time span must be exactly the tokens the walk gives, in order, for every
    token of real articles (spaCy's left_edge/right_edge alone are not: they can disagree)."""
    texts = [(ARTICLES / "statistics.txt").read_text("utf-8"), CROSSING]
    for text in texts:
        doc = nlp(text)
        assert sentences(doc)
        for token in doc:
            for stop in (None, token.head):
                walked = _walk(token, stop if stop is not token else None)
                assert [t.i for t in subtree_tokens(token, stop)] == walked


def _walk(token, stop) -> list[int]:
    tokens = list(token.subtree)
    if stop is not None:
        tokens = [t for t in tokens if (t.i < stop.i if token.i < stop.i else t.i > stop.i)]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    return [t.i for t in tokens]

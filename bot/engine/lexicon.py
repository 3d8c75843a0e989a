"""The word lists behind the explainable rules, loaded once from `data/lexicon.json`.

Kept as data so that a linguist or a desk editor can change what counts as a hedge or a
loaded word without touching code. Phrases are matched on lower-cased token sequences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class PhraseIndex:
    """Multi-word phrases indexed by their first word, for a single pass over a sentence."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def build(cls, phrases: Iterable[str]) -> PhraseIndex:
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            for variant in {phrase.lower(), re.sub(r"(?<=\w)-(?=\w)", " - ", phrase.lower())}:
                words = tuple(variant.split())
                if words:
                    grouped.setdefault(words[0], []).append(words)
        return cls({k: tuple(sorted(v, key=len, reverse=True)) for k, v in grouped.items()})

    def find(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Token index ranges [start, end) of the phrases in `words`, longest first."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            for phrase in self.by_first.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found.append((i, i + len(phrase)))
                    i += len(phrase) - 1
                    break
            i += 1
        return found


@dataclass(frozen=True)
class Lexicon:
    """The word lists, one field per list in lexicon.json.

    `reporting_verbs` introduce what someone said (content is a clause or quote);
    `attitude_verbs` ascribe a stance, belief or intention (content may be an object:
    "endorsed Clinton", "called for a ban"); `raising_verbs` in the passive without an agent
    ("he is expected to win") name no one who holds the view, so they give no source;
    `evidential_verbs` ("he seemed taken aback") are the writer's inference, with no source.
    `quote_verbs` ("continued", "read", "quipped") report only when what follows is a
    quotation, a clause or a colon ('"...," he continued'; "the sign read: ..."; "the poll
    found that ..."), never an object ("continued the fight", "found himself", "maintained
    his lead"). `topic_verbs` map a verb to the prepositions that make
    it state a position ("spoke about", "voted for", "called for"), since "spoke at a rally"
    states none; for verbs already in the lists they give content only when no clause,
    quotation or object does.
    `non_cue_clause_verbs` take a clause without reporting anything ("make sure that ...",
    "it means that ..."), so the structural cue rule (any verb with a clausal complement and
    a speaker-like subject) skips them; `lemma_fixes` maps surface forms that spaCy's
    lemmatiser gets wrong ("hoping" -> "hop") to the lemma the lists use. `stance_nouns`
    (lemmas) are statements or stances named as nouns ("his claim that ...", "Trump's call
    for a ban"): a cue when a possessor or a "from"/"by" phrase says whose they are.
    `desk_speech_verbs` and `desk_belief_verbs` decide which cues make a source for the desk
    (see `bot.engine.attribution.sourcing`); `denial_verbs` rebut what their content cites;
    `statement_verbs` issue a statement named by their object ("issued a statement warning
    that ...", "voiced concerns that ..."): its words are their subject's.
    `masthead_words`, `spokes_heads` and `anonymity` help type a source (`attribution.kinds`).
    `measure_nouns` map a preposition to the nouns that make it a cue whose object is the
    source ("in a CNN poll, Trump leads"; "by the AP's tally, he has 739 delegates"): a poll
    or a count says what it found as a speaker would.
    `feeling_verbs`, `feeling_adjectives`, `evaluative_adjectives`, `evaluative_nouns`,
    `belief_verbs`, `joke_verbs`, `joke_adverbs`, `forecast_modals` and `proposal_nouns` find
    sentences that talk rather than claim (`bot.engine.talk`).
    """

    reporting_verbs: frozenset[str]
    attitude_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    evidential_verbs: frozenset[str]
    quote_verbs: frozenset[str]
    topic_verbs: dict[str, frozenset[str]]
    non_cue_clause_verbs: frozenset[str]
    lemma_fixes: dict[str, str]
    desk_speech_verbs: frozenset[str]
    desk_belief_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    desk_speech_nouns: frozenset[str]
    desk_object_speech_verbs: frozenset[str]
    masthead_words: frozenset[str]
    outlet_heads: frozenset[str]
    spokes_heads: frozenset[str]
    anonymity: PhraseIndex
    reporting_nouns: frozenset[str]
    stance_nouns: frozenset[str]
    measure_nouns: dict[str, frozenset[str]]
    according_to: PhraseIndex
    speaker_label_skip: frozenset[str]
    statement_verbs: frozenset[str]
    anonymous_heads: frozenset[str]
    organisation_heads: frozenset[str]
    official_heads: frozenset[str]
    hedges: PhraseIndex
    loaded: PhraseIndex
    opinion: PhraseIndex
    causal: PhraseIndex
    prediction: PhraseIndex
    rule: PhraseIndex
    visual_nouns: frozenset[str]
    place_heads: frozenset[str]
    boilerplate: tuple[str, ...]
    weather: frozenset[str]
    feeling_verbs: frozenset[str]
    feeling_adjectives: frozenset[str]
    evaluative_adjectives: frozenset[str]
    evaluative_nouns: frozenset[str]
    belief_verbs: frozenset[str]
    joke_verbs: frozenset[str]
    joke_adverbs: frozenset[str]
    forecast_modals: frozenset[str]
    proposal_nouns: frozenset[str]


@cache
def lexicon() -> Lexicon:
    raw = json.loads(resources.files("bot.engine").joinpath("data/lexicon.json").read_text("utf-8"))
    return Lexicon(
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        attitude_verbs=frozenset(raw["attitude_verbs"]),
        raising_verbs=frozenset(raw["raising_verbs"]),
        evidential_verbs=frozenset(raw["evidential_verbs"]),
        quote_verbs=frozenset(raw["quote_verbs"]),
        topic_verbs={k: frozenset(v) for k, v in raw["topic_verbs"].items()},
        non_cue_clause_verbs=frozenset(raw["non_cue_clause_verbs"]),
        lemma_fixes=dict(raw["lemma_fixes"]),
        desk_speech_verbs=frozenset(raw["desk_speech_verbs"]),
        desk_belief_verbs=frozenset(raw["desk_belief_verbs"]),
        denial_verbs=frozenset(raw["denial_verbs"]),
        desk_speech_nouns=frozenset(raw["desk_speech_nouns"]),
        desk_object_speech_verbs=frozenset(raw["desk_object_speech_verbs"]),
        masthead_words=frozenset(raw["masthead_words"]),
        outlet_heads=frozenset(raw["outlet_heads"]),
        spokes_heads=frozenset(raw["spokes_heads"]),
        anonymity=PhraseIndex.build(raw["anonymity_markers"]),
        reporting_nouns=frozenset(raw["reporting_nouns"]),
        stance_nouns=frozenset(raw["stance_nouns"]),
        measure_nouns={k: frozenset(v) for k, v in raw["measure_nouns"].items()},
        according_to=PhraseIndex.build(raw["according_to"]),
        speaker_label_skip=frozenset(raw["speaker_label_skip"]),
        statement_verbs=frozenset(raw["statement_verbs"]),
        anonymous_heads=frozenset(raw["anonymous_heads"]),
        organisation_heads=frozenset(raw["organisation_heads"]),
        official_heads=frozenset(raw["official_heads"]),
        hedges=PhraseIndex.build(raw["hedges"]),
        loaded=PhraseIndex.build(raw["loaded"]),
        opinion=PhraseIndex.build(raw["opinion_markers"]),
        causal=PhraseIndex.build(raw["causal_markers"]),
        prediction=PhraseIndex.build(raw["prediction_markers"]),
        rule=PhraseIndex.build(raw["rule_markers"]),
        visual_nouns=frozenset(raw["visual_nouns"]),
        place_heads=frozenset(raw["place_heads"]),
        boilerplate=tuple(raw["boilerplate"]),
        weather=frozenset(raw["weather"]),
        feeling_verbs=frozenset(raw["feeling_verbs"]),
        feeling_adjectives=frozenset(raw["feeling_adjectives"]),
        evaluative_adjectives=frozenset(raw["evaluative_adjectives"]),
        evaluative_nouns=frozenset(raw["evaluative_nouns"]),
        belief_verbs=frozenset(raw["belief_verbs"]),
        joke_verbs=frozenset(raw["joke_verbs"]),
        joke_adverbs=frozenset(raw["joke_adverbs"]),
        forecast_modals=frozenset(raw["forecast_modals"]),
        proposal_nouns=frozenset(raw["proposal_nouns"]),
    )

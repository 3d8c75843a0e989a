"""Is a sentence worth checking, what kind of claim is it, and why: explainable scoring.

Each reason that moves the score is recorded in words, so a checker can see why a sentence
was ranked where it is and disagree with it. The rules find the signals; `ranking` weighs
them (with the factuality model's reading) into whether a sentence is a claim and how urgent.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from bot.analysis import ClaimType, Outlet, Source, SourceKind
from bot.engine import factuality
from bot.engine.attribution import QUOTES, Attribution
from bot.engine.attribution.base import ents_in
from bot.engine.lexicon import Lexicon, lexicon
from bot.engine.mentions import NOT_A_DATE, is_place, part_of_name, quotes_words, small_number
from bot.engine.ranking import Ranker, logit, ranker
from bot.engine.talk import (
    belief,
    call_to_action,
    claim_root,
    feeling,
    forecast,
    jest,
    judgement,
    no_comment,
    pointer,
)

QUANTITY_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
BIG_NUMBERS = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "billions", "trillions", "scores"}
)
LEAD_SENTENCES = 3
EARLY_SENTENCES = 8


@dataclass(frozen=True)
class Context:
    """Where a sentence sits: its index among `count` sentences, and the piece's genre."""

    index: int = 0
    count: int = 1
    opinion_piece: bool = False


@dataclass(frozen=True)
class Assessment:
    """What the rules found in one sentence: its features, the ranker's verdict (`is_claim`)
    and urgency (`score`, 0-1), and the reasons behind them in words."""

    type: ClaimType
    score: float
    included: bool
    features: dict[str, float]
    reasons: tuple[str, ...]
    hedges: tuple[str, ...]
    loaded: tuple[str, ...]
    places: tuple[str, ...]
    dates: tuple[str, ...]
    quantities: tuple[str, ...]
    people: tuple[str, ...]
    actors: tuple[str, ...]
    visuals: tuple[str, ...]

    @property
    def is_claim(self) -> bool:
        return self.included


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item.casefold() not in {k.casefold() for k in seen}:
            seen[item] = None
    return tuple(seen)


def _phrases(index_find: list[tuple[int, int]], sent: Span) -> list[str]:
    return [sent[a:b].text for a, b in index_find]


def loaded_spans(sent: Span) -> list[Span]:
    """Loaded words in a sentence, matched on the words and on their lemmas ("smuggled")."""
    loaded = lexicon().loaded
    ranges = set(loaded.find([t.lower_ for t in sent]))
    ranges |= set(loaded.find([t.lemma_.lower() for t in sent]))
    return [sent[a:b] for a, b in sorted(ranges)]


def _flags(sent: Span, lex: Lexicon) -> tuple[list[str], list[str]]:
    hedges = _phrases(lex.hedges.find([t.lower_ for t in sent]), sent)
    return hedges, [span.text for span in loaded_spans(sent)]


def _actors(sent: Span, sent_ents: list[Span]) -> list[str]:
    actors = []
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            ents = [e for e in sent_ents if e.start <= token.i < e.end and e.label_ in ACTOR_LABELS]
            if ents:
                actors.append(ents[0].text)
            elif token.pos_ == "NOUN" and (
                token.lemma_.lower() in lexicon().organisation_heads
                or any(c.ent_type_ in ("GPE", "ORG", "NORP") for c in token.children)
            ):
                words = [t for t in token.subtree if t.i <= token.i and t.dep_ != "det"]
                actors.append(" ".join(t.text for t in words))
    return actors


def _event(root: Token) -> bool:
    verb = root if root.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    tense = verb.morph.get("Tense")
    aspect = verb.morph.get("Aspect")
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    return has_subject and ("Past" in tense or "Prog" in aspect or "Perf" in aspect)


def _source_offsets(*groups: list[Attribution]) -> frozenset[int]:
    """Character offsets inside source phrases: "two people familiar" is not a quantity claim."""
    return frozenset(
        i for group in groups for a in group if a.source for i in range(*a.source)
    )


def _outside(ents: list[Span], in_source: frozenset[int]) -> bool:
    """Whether any of `ents` is named outside the source phrases (the speaker is no content)."""
    return any(e.start_char not in in_source for e in ents)


def first_person_outside_quotes(sent: Span) -> bool:
    inside = False
    for token in sent:
        if token.text in QUOTES:
            inside = not inside
        elif not inside and token.lower_ in ("i", "we", "me", "my", "our", "us"):
            if token.lower_ == "us" and token.text == "US":
                continue
            return True
    return False


def assess(
    sent: Span,
    chain: tuple[Source, ...],
    embedded: list[Attribution],
    attributions: list[Attribution] | None = None,
    publisher: Outlet | None = None,
    setting: frozenset[str] = frozenset(),
    context: Context | None = None,
    weights: Ranker | None = None,
) -> Assessment:
    """Score one sentence; `chain` frames it, `embedded` are statements reported inside it.

    `attributions` are all of the sentence's attributions (their source phrases are not claims).

    `setting` holds the places the whole article is set in (named again and again): they say
    nothing about where this particular claim happened, so they are not listed as its places.
    """
    lex = lexicon()
    reasons: list[str] = []
    fired: dict[str, float] = {}

    def add(key: str, why: str) -> None:
        fired[key] = 1.0
        reasons.append(why)

    lower = [t.lower_ for t in sent]
    words = [t for t in sent if t.is_alpha]
    ents = ents_in(sent)
    hedges, loaded = _flags(sent, lex)
    in_source = _source_offsets(embedded, attributions or [])
    quantities = [
        e.text
        for e in ents
        if e.label_ in QUANTITY_LABELS
        and e.start_char not in in_source
        and not small_number(e)
        and not part_of_name(e)
    ]
    quantities += [t.text for t in sent if t.lower_ in BIG_NUMBERS and t.ent_type_ == ""]
    dates = [e.text for e in ents if e.label_ in ("DATE", "TIME") and not NOT_A_DATE.search(e.text)]
    places = [e.text for e in ents if is_place(e, lex) and e.text not in setting]
    people = [e.text for e in ents if e.label_ == "PERSON"]
    actors = _actors(sent, ents)
    visuals = [
        t.lemma_.lower() for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in lex.visual_nouns
    ]
    named = [e.text for e in ents if e.label_ in ACTOR_LABELS]
    named += [a for a in actors if a not in named]
    primary = chain[-1] if chain else None
    statement_by = [
        a for a in embedded if a.kind in (SourceKind.PERSON, SourceKind.ORGANISATION)
    ]

    if quantities:
        add("quantity", "quantity: " + ", ".join(_unique(quantities)[:3]))
    if primary and primary.kind in (SourceKind.PERSON, SourceKind.ORGANISATION):
        add("quote", f"statement by {primary.label}")
    elif statement_by:
        add("quote", f"says what {statement_by[0].source_text} said")
    if chain and quotes_words(sent.text):
        add("direct_quote", "direct quote: check the words against a recording")
    if primary and primary.kind == SourceKind.ANONYMOUS:
        add("anonymous", f"anonymous source: {primary.text}")
    if not chain and named:
        add("unattributed", "no source given")
    outer = chain[0] if chain else None
    if outer and outer.kind == SourceKind.OUTLET and publisher and outer.outlet != publisher:
        add("second_hand", f"second-hand: {publisher.name} relays {outer.text}")
    if hedges:
        add("hedge", "hedged: " + ", ".join(_unique(hedges)))
    if dates:
        add("date", "dated: " + ", ".join(_unique(dates)[:2]))
    if places:
        add("place", "place: " + ", ".join(_unique(places)[:3]))
        if visuals:
            add("imagery", "checkable on imagery")
    if named:
        add("actor", "names " + ", ".join(_unique(named)[:3]))
    root = claim_root(sent)
    if _event(root):
        add("event", "reports an action")
    causal = lex.causal.find(lower)
    prediction = lex.prediction.find(lower)
    rule = [(a, b) for a, b in lex.rule.find(lower) if sent[a].dep_ != "amod"]
    if causal:
        add("causal", "causal link: " + _phrases(causal, sent)[0])
    if prediction:
        add("prediction", "prediction: " + _phrases(prediction, sent)[0])
    if rule:
        add("rule", "legal or rule claim: " + _phrases(rule, sent)[0])
    if any(t.tag_ in ("JJS", "RBS", "JJR", "RBR") for t in sent):
        add("comparison", "comparison")
    if loaded:
        add("loaded", "loaded words: " + ", ".join(_unique(loaded)[:4]))
    if lex.opinion.find(lower):
        add("opinion", "opinion wording")
    if first_person_outside_quotes(sent):
        add("first_person", "first person")
    if sent.text.rstrip(" \"'”’)").endswith("?"):
        add("question", "a question")
    if len(words) < 7:
        add("short", "too short to check")
    if sum(1 for w in lower if w in lex.weather) >= 2:
        add("weather", "weather report")
    felt = feeling(sent, root)
    if felt:
        add("feeling", f"states a feeling ('{felt}'), not a fact")
    rated = judgement(sent, root)
    names = [e for e in ents if e.label_ not in ("CARDINAL", "ORDINAL")]
    if rated and not (quantities or dates or places or _outside(names, in_source)):
        add("judgement", f"a judgement ('{rated}') with nothing to look up")
    verbless = not any(t.pos_ in ("VERB", "AUX") for t in sent)
    named_here = _outside(names, in_source) or bool(places)
    talk = _talk(sent, root, chain, bool(quantities or dates), named_here)
    if talk:
        reasons.append(talk)
    features = {**fired, **_context_features(sent.text, chain, len(words), context, reasons)}
    ranker_ = weights or ranker()
    excluded = (
        verbless or "question" in fired or no_comment(sent.text) or pointer(sent.text) or bool(talk)
    )

    claim_type = _type(
        chain,
        statement_by,
        sent,
        root,
        bool(quantities),
        bool(causal),
        bool(prediction),
        bool(rule),
    )
    return Assessment(
        type=claim_type,
        score=ranker_.urgency(features),
        included=not excluded and ranker_.is_claim(features),
        features=features,
        reasons=tuple(reasons),
        hedges=_unique(hedges),
        loaded=_unique(loaded),
        places=_unique(places),
        dates=_unique(dates),
        quantities=_unique(quantities),
        people=_unique(people),
        actors=_unique(actors),
        visuals=_unique(visuals),
    )


def _talk(
    sent: Span, root: Token, chain: tuple[Source, ...], figures: bool, named: bool
) -> str:
    """Why the sentence is talk, not a claim, when it is (it is then not listed), else "".

    Each kind is one the desk's definition of a non-claim names: a belief or expectation
    stated in the first person (opinion), words said in jest (rhetoric), a bare imperative
    (a call to action), and a forecast of a thing that only the writer or unnamed people stand
    behind (a prediction with no stated basis). A figure or a date keeps a sentence listed
    (`figures`): "I think we lost 700,000 jobs" is worth a check; a call to action that names
    a party or a place (`named`) is too."""
    if figures:
        return ""
    believed = belief(sent, root)
    if believed:
        return f"states a belief ('{believed}'), not a fact"
    joked = jest(sent)
    if joked:
        return f"said in jest ('{joked}')"
    asked = call_to_action(sent, root)
    if asked and not named:
        return f"a call to action ('{asked}'), not a claim"
    unnamed = all(s.kind == SourceKind.ANONYMOUS for s in chain)
    modal = forecast(sent, root) if unnamed else ""
    if modal:
        return f"a forecast ('{modal}') with nothing stated behind it"
    return ""


def _context_features(
    text: str,
    chain: tuple[Source, ...],
    words: int,
    context: Context | None,
    reasons: list[str],
) -> dict[str, float]:
    """Features beyond the rules' signals: the factuality model's reading of the wording
    (with its words added to the reasons), position, length and the kind of source."""
    context = context or Context()
    reading = factuality.score(text)
    if reading.probability >= 0.5 and reading.evidence:
        reasons.append(
            "wording typical of checkable claims: "
            + ", ".join(f"'{w}'" for w in reading.evidence)
        )
    elif reading.probability < 0.5 and reading.against:
        reasons.append(
            "wording typical of talk, not claims: " + ", ".join(f"'{w}'" for w in reading.against)
        )
    named = (SourceKind.PERSON, SourceKind.ORGANISATION, SourceKind.OUTLET)
    return {
        "factuality": logit(reading.probability) / 4,
        "checkable": 1.0 if reading.probability >= 0.5 else 0.0,
        "first": 1.0 if context.index == 0 else 0.0,
        "lead": 1.0 if context.index < LEAD_SENTENCES else 0.0,
        "early": 1.0 if context.index < EARLY_SENTENCES else 0.0,
        "position": context.index / max(1, context.count - 1),
        "words": min(words, 60) / 30,
        "sourced": 1.0 if chain else 0.0,
        "named_source": 1.0 if any(s.kind in named for s in chain) else 0.0,
        "opinion_piece": 1.0 if context.opinion_piece else 0.0,
    }


def _type(
    chain: tuple[Source, ...],
    statement_by: list[Attribution],
    sent: Span,
    root: Token,
    quantity: bool,
    causal: bool,
    prediction: bool,
    rule: bool,
) -> ClaimType:
    primary = chain[-1] if chain else None
    official = primary is not None and primary.kind == SourceKind.ANONYMOUS and any(
        w in primary.text.lower() for w in ("official", "spokes", "authorities", "minist")
    )
    if (primary and (primary.kind in (SourceKind.PERSON, SourceKind.ORGANISATION) or official)) or (
        not chain and statement_by
    ):
        return ClaimType.QUOTE
    if prediction and any(t.lower_ in ("will", "would") or t.tag_ == "MD" for t in sent):
        return ClaimType.PREDICTION
    if quantity:
        return ClaimType.QUANTITY
    if causal:
        return ClaimType.CAUSAL
    if rule:
        return ClaimType.RULE
    if _event(root) or any(e.label_ in ("DATE", "GPE", "LOC", "FAC") for e in ents_in(sent)):
        return ClaimType.EVENT
    return ClaimType.OTHER

"""Which attributions make a claim's source for a desk, and the chain a sentence rests on.

The cue finder (`chains.find_attributions`) follows PolNeAR's broad idea of attribution: any
statement, belief or intention ascribed to anyone. A desk asks a narrower question, "on whose
word does this rest?", so only acts of saying and reporting (and, for the sentence they frame,
of finding or believing) make a source here; "Nissan is hoping ...", "the court ruled ...",
"researchers observed Europa" are the article's own assertions. An inner link of a chain
needs a speech act of its own ("X said, citing local sources, ..."): the subject of what X
said is what the claim is about, not who said it, and a party that X denies or rebuts is not
X's source. A wrong speaker is the worst error a desk can meet, so each rule errs towards
showing fewer links.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from bot.analysis import Source, SourceKind
from bot.engine.attribution.base import Attribution
from bot.engine.lexicon import lexicon

SPEECH, BELIEF = "speech", "belief"
SAYING_CONTENT = frozenset({"clause", "xcomp", "quote", "host", "colon"})
STATEMENT_CONTENT = frozenset({"clause", "quote", "host", "colon", "object", ""})
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "amod", "xcomp"})
BACKDROP_MARKS = frozenset({"as", "if", "unless", "whether", "once", "until", "because", "since"})
QUOTE_REACH = 4
UNREALISED_MODALS = frozenset({"will", "'ll", "’ll", "wo", "shall", "may", "might", "could"})
SAME_SPEAKER_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "him", "her"})


def desk_act(verb: Token, lemma: str, how: str) -> str:
    """ "speech", "belief" or "" for a verb cue with content found `how` (see `Content`).

    A noun phrase is what someone did ("added smaller landers", "observed Europa"), except
    after verbs that say what was said whatever its form ("accused China of coercion"). A
    participle with no auxiliary ("a bacteria usually found in fleas") describes, it does
    not report, even where the parse makes it the sentence's verb ("Plague is caused by the
    bacteria Yersinia pestis - a bacteria usually found in ..."). Nor does a finding or a
    statement that has not happened: "lawyers will find the interview a treasure trove" is
    the writer's forecast, and "officials may say" says nothing yet."""
    lex = lexicon()
    if verb.tag_ == "VBN" and verb.dep_ != "conj" and not _has_aux(verb):
        return ""
    if any(c.dep_ == "aux" and c.lower_ in UNREALISED_MODALS for c in verb.children):
        return ""
    if how == "object" and lemma in lex.desk_object_speech_verbs:
        return SPEECH
    if how not in SAYING_CONTENT:
        return ""
    if lemma in lex.desk_speech_verbs:
        return SPEECH
    if lemma in lex.desk_belief_verbs:
        return BELIEF
    return ""


def _has_aux(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def chain_for(
    attributions: list[Attribution],
    sentence: int,
    span: tuple[int, int] | None = None,
    quotes: list[tuple[int, int]] | None = None,
) -> tuple[Source, ...]:
    """The chain framing a sentence, outermost first ("Iran Press ... Sputnik reported").

    With the sentence's character `span`, a sentence of a quotation whose speaker tag sits in
    a neighbouring sentence ('"We lost the baby. It was awful," Van Der Beek said.') rests on
    that speaker too, and so does a quotation that goes on right after its speaker tag
    ('"...," Torrey said. "A whole team is working on it."'), given the text's `quotes`."""
    nearby = _near(attributions, sentence)
    ordered = [a for a in nearby if a.sentence == sentence]
    outer = [
        a for a in ordered if a.governs and a.parent is None and not a.quoted and a.source and a.act
    ]
    if not outer:
        outer = [a for a in ordered if _adverbial_speech(a)]
    if not outer:
        outer = [a for a in ordered if _buried_frame(a)]
    if not outer and span is not None:
        quote = _quotation_holding(span, quotes or [])
        outer = [a for a in nearby if _quotes_across(a, sentence, span, quote)]
        if not outer and quote is not None:
            earlier = [a for a in nearby if _continued_by(a, sentence)]
            outer = earlier[-1:]
    if not outer:
        return ()
    chain = [outer[0]]
    relay = outer[0].relay
    while not _rebuts(chain[-1]):
        current = _position(attributions, chain[-1])
        inner = [
            a
            for a in _near(attributions, chain[-1].sentence, 0)
            if a.parent == current and _relays(a, chain)
        ]
        if not inner:
            break
        chain.append(inner[0])
    sources = tuple(a.to_source() for a in chain)
    return (relay, *sources) if relay is not None else sources


def _near(
    attributions: list[Attribution], sentence: int, reach: int = QUOTE_REACH
) -> list[Attribution]:
    """The attributions of sentences within `reach` (they come in sentence order), so a long
    article costs a slice per sentence rather than a pass over all of them."""
    lo = bisect_left(attributions, sentence - reach, key=lambda a: a.sentence)
    hi = bisect_right(attributions, sentence + reach, key=lambda a: a.sentence)
    return attributions[lo:hi]


def _position(attributions: list[Attribution], a: Attribution) -> int:
    """Index of `a` in the list (what `parent` refers to), searched within its sentence."""
    lo = bisect_left(attributions, a.sentence, key=lambda b: b.sentence)
    return next(i for i in range(lo, len(attributions)) if attributions[i] is a)


def _adverbial_speech(a: Attribution) -> bool:
    """ "..., saying the hostages had suffered", "after police said the students had no
    option": a speech act in an adverbial clause carries what the sentence reports when
    nothing frames the sentence itself. Not after "as" ("the presence comes as Trump
    acknowledged ...": the article asserts what he said, as a backdrop) nor in a condition
    ("if the person reports no birds")."""
    return (
        a.dep == "advcl"
        and a.mark not in BACKDROP_MARKS
        and a.act == SPEECH
        and a.source is not None
        and not a.quoted
        and a.parent is None
        and a.how in STATEMENT_CONTENT
    )


def _buried_frame(a: Attribution) -> bool:
    """A statement the parse buries in a phrase ("his claim that ...", "vehicles that analysts
    say will ...", "As NPR reports, ...") frames a sentence nothing else frames (see
    `Attribution.frames`); one inside a quotation or another's content is the speaker's."""
    return (
        a.frames and a.act == SPEECH and a.source is not None and not a.quoted and a.parent is None
    )


def _quotes_across(
    a: Attribution, sentence: int, span: tuple[int, int], quote: tuple[int, int] | None
) -> bool:
    """A speech attribution in a nearby sentence whose content holds this sentence, or reaches
    into the quotation that holds it from a speaker tag outside it."""
    if (
        a.sentence == sentence
        or abs(a.sentence - sentence) > QUOTE_REACH
        or a.act != SPEECH
        or a.source is None
        or a.quoted
        or a.parent is not None
    ):
        return False
    if a.content[0] <= span[0] + 1 and span[1] <= a.content[1] + 2:
        return True
    return (
        quote is not None
        and a.content[0] < quote[1]
        and quote[0] < a.content[1]
        and not quote[0] <= a.cue[0] < quote[1]
    )


def _quotation_holding(
    span: tuple[int, int], quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    return next(
        ((start, end) for start, end in quotes if start <= span[0] + 2 and span[1] <= end + 2),
        None,
    )


def _continued_by(a: Attribution, sentence: int) -> bool:
    """A quotation with no speaker tag of its own goes on from the last speaker tagged just
    before it: the sentence before ends with its tag ('"...," Torrey said. "..."'), or one of
    the few before introduced a quotation ('Nadal said: "..."'). The latest such tag wins."""
    if not (
        0 < sentence - a.sentence <= QUOTE_REACH
        and a.governs
        and a.act == SPEECH
        and a.source is not None
        and not a.quoted
        and a.parent is None
    ):
        return False
    return a.how in ("quote", "colon") or (a.sentence == sentence - 1 and a.content[1] <= a.cue[0])


def _rebuts(holder: Attribution) -> bool:
    return holder.lemma in lexicon().denial_verbs


def _relays(inner: Attribution, chain: list[Attribution]) -> bool:
    """An inner link is a speech act of a party other than those already in the chain, said
    outside any quotation ("we" inside someone's quote is that speaker)."""
    if inner.act != SPEECH or inner.quoted or not inner.source:
        return False
    if inner.how not in STATEMENT_CONTENT or inner.dep in SUBORDINATE_DEPS:
        return False
    if inner.kind == SourceKind.UNCLEAR:
        return False
    return not any(_same_speaker(inner, link) for link in chain)


def _same_speaker(inner: Attribution, outer: Attribution) -> bool:
    """ "He said he hoped ...", "the ministry said it would ...": a pronoun taking up the
    speaker, or the same name again, is one party, not a report within a report."""
    text = inner.source_text.lower()
    if text in SAME_SPEAKER_PRONOUNS:
        return True
    names = {inner.source_text.lower(), inner.resolved.lower()} - {""}
    return bool(names & {outer.source_text.lower(), outer.resolved.lower()})

"""Noun cues: "his claim that ...", "according to X", and poll or count prepositions."""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analysis import SourceKind
from bot.engine.attribution.base import (
    POSSESSIVE_PRONOUNS,
    QUOTES,
    SUBJECTS,
    Attribution,
    Tokens,
    char_span_of,
    is_inside,
    span_of,
    subtree_tokens,
    text_of,
)
from bot.engine.attribution.content import adjacent_quote
from bot.engine.attribution.kinds import classify
from bot.engine.attribution.speakers import governs_sentence, publisher_of, speaker_like
from bot.engine.attribution.verbs import sourced
from bot.engine.lexicon import lexicon

NOUN_CONTENT_PREPS = frozenset({"of", "on", "about", "for", "against", "over", "to"})

NOUN_SOURCE_PREPS = frozenset({"from", "by"})

NAMED_KINDS = frozenset({SourceKind.OUTLET, SourceKind.ORGANISATION, SourceKind.PERSON})


def noun_attribution(
    noun: Token, sents: list[Span], index: int, quotes: list[tuple[int, int]]
) -> Attribution | None:
    """A statement or stance named by a noun, with whose it is: "the DOJ's demand that ...",
    "his comments on Muslims", "a warning from the ministry that ...".

    The source is the possessor or the object of "from"/"by"; the content is the noun's
    that-clause or to-infinitive, its "of"/"on"/"about"/"for"/"against" object, or a
    quotation next to it. Both are required, and the source must be someone who can speak
    (a name, a described source or a pronoun), so a bare "concerns" gives no attribution.
    """
    lex = lexicon()
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or (lemma not in lex.stance_nouns and lemma not in lex.reporting_nouns):
        return None
    source_root: Token | None = None
    content_tokens: Tokens = []
    topical = False
    stated = True
    for child in noun.children:
        if child.dep_ == "poss" and source_root is None:
            source_root = child
        elif child.dep_ == "prep" and child.lower_ in NOUN_SOURCE_PREPS and source_root is None:
            source_root = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and not content_tokens:
            content_tokens = subtree_tokens(child)
            stated = _finite_clause(child)
        elif child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and not content_tokens:
            content_tokens = subtree_tokens(child)[1:]
            topical = True
    if source_root is None and lemma in lex.desk_speech_nouns:
        source_root = publisher_of(noun)
    if source_root is None:
        return None
    if not content_tokens and (clause := _stranded_that(noun)) is not None:
        content_tokens = subtree_tokens(clause)
    how = "object" if topical else "clause" if stated else "xcomp"
    if content_tokens:
        content = span_of(content_tokens)
    else:
        content, how = adjacent_quote(noun, quotes), "quote"
    if content is None:
        return None
    source_tokens = subtree_tokens(source_root)
    if not source_tokens or any(t.text in QUOTES for t in source_tokens):
        return None
    prior = sents[max(0, index - 2) : index]
    kind, outlet, resolved = classify(source_tokens, source_root, prior)
    if kind == SourceKind.UNCLEAR and source_root.lower_ not in POSSESSIVE_PRONOUNS:
        return None
    act = "speech" if lemma in lex.desk_speech_nouns and not topical else ""
    return sourced(
        index,
        noun,
        source_tokens,
        content,
        (kind, outlet, resolved),
        False,
        quotes,
        act=act,
        how=how,
        frames=bool(act) and how == "clause" and not _disputed(noun, prior),
    )


def _finite_clause(clause: Token) -> bool:
    """ "the announcement that it would expand" and "a statement warning that ..." state
    something; "the announcement to expand" names a plan (a to-infinitive, no subject), which
    rests on no one's word."""
    return any(
        c.dep_ in SUBJECTS
        or (c.dep_ == "mark" and c.lower_ == "that")
        or (clause.tag_ == "VBG" and c.dep_ == "ccomp")
        for c in clause.children
    )


def _stranded_that(noun: Token) -> Token | None:
    """ "his claim in the same interview that the pair were not close": spaCy hangs the
    that-clause on the noun of a phrase right after the cue. A clause opened by the
    conjunction "that", with a subject of its own, on the object of a preposition that
    follows the noun at once (as its child or its head's), is what the noun states."""
    doc = noun.doc
    if noun.i + 1 >= len(doc):
        return None
    prep = doc[noun.i + 1]
    if prep.dep_ != "prep" or prep.head not in (noun, noun.head):
        return None
    for obj in prep.children:
        for clause in obj.children:
            if (
                clause.dep_ in ("acl", "relcl", "ccomp")
                and clause.i > obj.i
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
                and any(c.dep_ in SUBJECTS for c in clause.children)
            ):
                return clause
    return None


def _disputed(noun: Token, prior: list[Span]) -> bool:
    """ "Smith mocked Jones's claim that ...": a statement that is the object of a party's own
    act is that party's target, so it frames nothing ("this effort contradicts his claim" has
    no party as subject, and the claim stands as his). A statement put out by the verb's
    subject ("issued a statement that") is that subject's own."""
    if noun.dep_ != "dobj" or publisher_of(noun) is not None:
        return False
    subject = next((c for c in noun.head.children if c.dep_ in SUBJECTS), None)
    if subject is None:
        return False
    kind = classify(subtree_tokens(subject), subject, prior)[0]
    return speaker_like(subject, kind)


def according_attributions(
    sent: Span, index: int, prior: list[Span], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """ "According to X", "citing X": the rest of the clause is the content."""
    found: list[Attribution] = []
    words = [t.lower_ for t in sent]
    spans = [(start, end, False) for start, end in lexicon().according_to.find(words)]
    spans += [(i, i + 1, True) for i in _per_cues(sent)]
    for start, end, per in sorted(spans):
        cue = sent[start:end]
        last = cue[-1]
        target = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
        if target is None and end < len(sent):
            target = next((c for c in sent[end].children if c.dep_ == "pobj"), None)
        if target is None:
            target = sent[end] if end < len(sent) and not sent[end].is_punct else None
        if target is None:
            continue
        source_tokens = subtree_tokens(target)
        phrase_end = max(t.i for t in source_tokens) + 1 if source_tokens else cue.end
        if cue.start - sent.start <= 1:
            content_tokens = [t for t in sent if t.i >= phrase_end and not t.is_punct]
        else:
            content_tokens = [t for t in sent if t.i < cue.start and not t.is_punct]
        if not source_tokens or not content_tokens:
            continue
        kind, outlet, resolved = classify(source_tokens, target, prior)
        if per and kind not in NAMED_KINDS:
            continue
        found.append(
            Attribution(
                sentence=index,
                cue=char_span_of(list(cue)),
                cue_text=cue.text,
                source=char_span_of(source_tokens),
                content=char_span_of(content_tokens),
                kind=kind,
                source_text=text_of(source_tokens),
                resolved=resolved,
                outlet=outlet,
                governs=governs_sentence(
                    cue.root.head if cue.root.dep_ != "ROOT" else cue.root, sent
                )
                or cue.start - sent.start <= 1
                or _closes(sent, phrase_end),
                quoted=is_inside(cue.start_char, quotes),
                act="speech",
                lemma=cue.text.lower(),
            )
        )
    return found


def _per_cues(sent: Span) -> list[int]:
    """ "Yersinia pestis, per the WHO, is found in fleas": "per" set off by a comma or
    opening the sentence, with an object of its own, cites a party ("$5 per share", "per
    cent" are rates). The caller keeps it only when that object is a named party."""
    found = []
    for token in sent:
        if token.lower_ != "per" or token.i + 1 >= sent.end:
            continue
        opens = token.i == sent.start or token.doc[token.i - 1].text in (",", "(", "—", "–")
        if opens and any(c.dep_ == "pobj" for c in token.children):
            found.append(token.i - sent.start)
    return found


def _closes(sent: Span, phrase_end: int) -> bool:
    """ "..., and the CDC said it had traced contacts, according to Wee of the Times.": a
    source phrase that ends the sentence holds everything before it, however the parse hung
    "according" (often on the last verb), so the whole sentence rests on that party."""
    return all(t.is_punct or t.is_space for t in sent.doc[phrase_end : sent.end])


def measure_attributions(
    sent: Span, index: int, prior: list[Span], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """ "In a new CNN poll, Clinton leads by 8 points", "by the AP's tally, he has 739":
    a poll or a count is the source of the clause its preposition hangs on.

    The noun is the preposition's object or, for "the average of polls", that object's
    "of" phrase; the preposition must hang on a verb, since "his lead in the polls" or
    "voters in the poll" is the writer's description of a standing, not a finding reported.
    The content is the host's phrase without the cue's own phrase. (The caller drops one
    whose clause has an "according to": "X leads in polls, according to Y" is Y's finding.)
    """
    found: list[Attribution] = []
    nouns = lexicon().measure_nouns
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in nouns:
            continue
        target = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if target is None or not _measure_noun(target, nouns[prep.lower_]):
            continue
        if prep.head.pos_ not in ("VERB", "AUX"):
            continue
        source_tokens = subtree_tokens(target)
        own = {t.i for t in prep.subtree}
        content_tokens = [
            t for t in prep.head.subtree if t.i not in own and not (t.is_punct or t.is_space)
        ]
        if not source_tokens or not content_tokens:
            continue
        kind, outlet, resolved = classify(source_tokens, target, prior)
        found.append(
            Attribution(
                sentence=index,
                cue=char_span_of([prep]),
                cue_text=prep.text,
                source=char_span_of(source_tokens),
                content=char_span_of(content_tokens),
                kind=kind,
                source_text=text_of(source_tokens),
                resolved=resolved,
                outlet=outlet,
                governs=governs_sentence(prep.head, sent),
                quoted=is_inside(prep.idx, quotes),
                act="speech",
                lemma=target.lemma_.lower(),
            )
        )
    return found


def _measure_noun(noun: Token, wanted: frozenset[str]) -> bool:
    """The noun is a poll or count itself, or "the average of" them ("in the wake of a
    poll" is not one)."""
    if noun.lemma_.lower() in wanted:
        return True
    if noun.lemma_.lower() != "average":
        return False
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return inner is not None and inner.lemma_.lower() in wanted

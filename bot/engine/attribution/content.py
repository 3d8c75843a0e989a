"""What a cue reports: the clause, quotation or object that is the attributed content."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from bot.engine.attribution.base import (
    CLAUSE_MARKS,
    COMPLEMENTS,
    QUESTION_CUES,
    QUESTION_MARKS,
    STANCE_PREPS,
    SUBJECTS,
    XCOMP_CUES,
    doc_text,
    is_passive,
    lemma_of,
    span_of,
    subtree_tokens,
)
from bot.engine.attribution.speakers import reported_object
from bot.engine.lexicon import lexicon

FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})


class Content(NamedTuple):
    """A cue's content as a character span, and how it was found: "clause", "question",
    "xcomp", "quote", "host" (the clause a parenthetical cue sits in), "colon" (the sentence
    after "X said:") or "object" (a noun phrase or prepositional object: what someone did or
    talked about, not what they said)."""

    span: tuple[int, int] | None
    how: str


def content_of(
    verb: Token, sents: list[Span], index: int, stance: bool, quotes: list[tuple[int, int]]
) -> Content:
    """What the cue ascribes, as a character span: its clause, its quote, or its object.

    Tried in order of how sure the parse is: a complement clause; an xcomp ("vowed to
    fight"); a reported statement as object; a quotation right before or after the cue and
    its subject, even one running over sentences; the clause hosting a parenthetical cue
    ("At the time, she said, Grayson was ...", "as NPR reports, ..."; a verb with an object of
    its own is no parenthetical: "as the House concluded its hearing" is a time, and its host
    clause is not what the House found); the sentence after a cue ending in a colon;
    the object of the verb ("announced his resignation", "endorsed Clinton") and, for a
    stance verb, its prepositional object ("called for a ban").
    """
    sent = sents[index]
    lemma = lemma_of(verb)
    complement = next((c for c in verb.children if c.dep_ in COMPLEMENTS), None)
    how = "clause"
    if complement is None and lemma in QUESTION_CUES:
        complement = next((c for c in verb.children if _question_clause(c)), None)
        how = "question"
    if complement is None and lemma in lexicon().reporting_verbs:
        complement = _stranded_clause(verb)
        how = "clause"
    if complement is not None:
        if how == "clause" and _asks(complement):
            how = "question"
        return Content(span_of(subtree_tokens(complement)), how)
    xcomp = next((c for c in verb.children if c.dep_ in ("xcomp", "acomp")), None)
    if xcomp is not None and (stance or lemma in XCOMP_CUES or is_passive(verb)):
        return Content(span_of(subtree_tokens(xcomp)), "xcomp")
    if lemma == "cite":
        return Content(None, "")
    if (statement := reported_object(verb)) is not None:
        return Content(span_of(subtree_tokens(statement)), "clause")
    if (quote := adjacent_quote(verb, quotes)) is not None:
        return Content(quote, "quote")
    if (
        verb.dep_ == "parataxis"
        or (
            verb.dep_ == "advcl"
            and any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)
            and not any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children)
        )
        or _trailing_inverted(verb)
    ):
        own = {t.i for t in verb.subtree}
        host = [t for t in verb.head.subtree if t.i not in own and not t.is_punct]
        before = [t for t in host if t.i < verb.i]
        after = [t for t in host if t.i > verb.i]
        return Content(span_of(after if len(after) >= len(before) else before), "host")
    following = [t for t in sent if t.i > verb.i and not t.is_space]
    if (
        following
        and following[-1].text == ":"
        and all(t.is_punct or t.head == verb or t.head.head == verb for t in following)
        and index + 1 < len(sents)
    ):
        return Content(span_of(list(sents[index + 1])), "colon")
    objects = [
        c
        for c in verb.children
        if c.i > verb.i
        and (c.dep_ in ("dobj", "oprd") or (stance and _stance_prep(c, lemma)))
        and not (lemma in ("tell", "ask", "say") and c.dep_ == "dobj" and c.lower_ != "same")
    ]
    tokens = [t for c in objects for t in subtree_tokens(c)]
    finite = any(t.tag_ in FINITE_TAGS and t.dep_ not in ("relcl", "acl") for t in tokens)
    return Content(span_of(tokens), "clause" if finite else "object")


def _asks(clause: Token) -> bool:
    """A reported question ("demanded how he could be so sure", "asked whether ..."): what
    someone asked asserts nothing, so it makes no source of a claim."""
    return any(
        (c.dep_ == "mark" and c.lower_ in QUESTION_MARKS)
        or (
            c.tag_ in ("WRB", "WP", "WDT")
            and c.lower_ != "that"
            and c.i < clause.i
            and c.i == clause.left_edge.i
        )
        for c in clause.children
    )


def _stranded_clause(verb: Token) -> Token | None:
    """ "Adelson said during a news conference that he may wait", "said in a statement that
    ...": spaCy hangs the that-clause on the noun just before it, as if it described the
    conference. A clause opened by the conjunction "that" (a relative "that" is the clause's
    subject or object, not its marker) with a subject of its own, on the object of a
    preposition after the verb, is what the verb reports."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.children:
                if (
                    clause.dep_ in ("relcl", "acl")
                    and clause.i > noun.i
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
                    and any(c.dep_ in SUBJECTS for c in clause.children)
                ):
                    return clause
    return None


def _question_clause(child: Token) -> bool:
    """ "Asked if Sanders is realistic ...": spaCy hangs an asked question on the verb as an
    adverbial clause, since "if" also opens conditions; after a question verb it is what
    was asked."""
    return (
        child.dep_ == "advcl"
        and child.i > child.head.i
        and any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in child.children)
    )


def _stance_prep(prep: Token, lemma: str) -> bool:
    """A preposition that can carry a stance ("fought for", "railed against", "sided with"):
    a topic verb's own prepositions, otherwise one of STANCE_PREPS. Where, when and with
    whom ("campaigned in Iowa", "spoke after the vote") say nothing about a position."""
    if prep.dep_ != "prep" or _when(prep):
        return False
    topics = lexicon().topic_verbs.get(lemma)
    return prep.lower_ in (topics if topics is not None else STANCE_PREPS)


def _when(prep: Token) -> bool:
    """ "on Friday", "over the weekend": a preposition whose object is a date or time."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _trailing_inverted(verb: Token) -> bool:
    """ "..., said the company's chief executive": a speech verb after a comma with its subject
    after it, which spaCy coordinates with the clause before rather than taking that clause
    as its complement; the clause before is what was said."""
    return (
        verb.dep_ == "conj"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and lemma_of(verb) in lexicon().reporting_verbs
        and any(c.dep_ in SUBJECTS and c.i > verb.i for c in verb.children)
    )


def adjacent_quote(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that ends just before the cue and its subject, or starts just after.

    A quotation closing the paragraph before is not tagged by a verb opening the next one
    ("... when I hear it."' / 'Castor asked Morrison about ...'): a speaker tag shares the
    quotation's paragraph, while a quotation may open a paragraph after "he said:"."""
    frame = [verb, *(t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree)]
    start = min(t.idx for t in frame)
    end = max(t.idx + len(t) for t in frame)
    full = doc_text(verb.doc)
    for a, b in quotes:
        before = 0 <= start - b <= 3 and "\n" not in full[b:start]
        if before or 0 <= a - end <= 3:
            text = full[a:b].strip(" ,.;:\n")
            if text:
                lead = full[a:b].find(text)
                return (a + lead, a + lead + len(text))
    return None


def clause_cue(verb: Token, lemma: str) -> bool:
    """A verb outside the word lists that still reports: it takes a clause as complement.

    PolNeAR has thousands of distinct cues ("lashed out that", "bristled that", "tweeted
    that"); what they share is a clausal complement (ccomp, or a "that"/"whether" clause),
    so the structure is the rule. Verbs that take a clause without reporting one ("make
    sure that", "it means that", "it turns out that") are in `non_cue_clause_verbs`; the
    caller also demands a speaker-like subject, so no one is made a source by structure alone.
    """
    if not verb.is_alpha or verb.pos_ != "VERB" or lemma in lexicon().non_cue_clause_verbs:
        return False
    return any(_reported_clause(verb, child) for child in verb.children)


def _reported_clause(verb: Token, child: Token) -> bool:
    """A clause the verb reports: after it, with its own subject or a "that"/"whether", and
    nothing but words (no comma, colon or dash) between them, since spaCy also hangs a loose
    next clause ("..., he captured Iowa") on a verb as ccomp."""
    marked = any(c.dep_ == "mark" and c.lower_ in CLAUSE_MARKS for c in child.children)
    if not (child.dep_ == "ccomp" or (child.dep_ == "advcl" and marked)):
        return False
    start = child.left_edge.i
    if start <= verb.i or child.pos_ not in ("VERB", "AUX"):
        return False
    if not (marked or any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in child.children)):
        return False
    return not any(t.is_punct for t in verb.doc[verb.i + 1 : start])


def introduces_quote(verb: Token, quotes: list[tuple[int, int]]) -> bool:
    """A quote verb reports only a clause, a quotation next to it or what follows its colon."""
    if any(c.dep_ in COMPLEMENTS for c in verb.children):
        return True
    colon = verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ":"
    return colon or adjacent_quote(verb, quotes) is not None


def topic_of(verb: Token, preps: frozenset[str]) -> Token | None:
    """The preposition that makes "spoke", "voted" state a position ("spoke about the war",
    "spoke out against it", "voted for Clinton"), or None ("spoke at a rally", "spoke on
    Friday")."""
    for child in verb.children:
        if child.dep_ == "prt" and child.lower_ == "out":
            child = next((c for c in verb.children if c.dep_ == "prep"), child)
        if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i and not _when(child):
            return child
    return None


def frames_quote(verb: Token, lemma: str, sent: Span, quotes: list[tuple[int, int]]) -> bool:
    """'"We will fight this," Jones fumed': a verb outside the lists whose whole clause is a
    speaker and itself, next to a quotation in the same sentence, introduces that quotation,
    whatever the verb. A verb with an object or complement of its own says something else,
    and a quotation of one or two words is a title or a scare quote, not a statement."""
    if not verb.is_alpha or verb.pos_ != "VERB" or lemma in lexicon().non_cue_clause_verbs:
        return False
    if verb.dep_ not in ("ROOT", "parataxis", "ccomp"):
        return False
    if any(c.dep_ in ("dobj", "xcomp", "acomp", "attr", "oprd", "dative") for c in verb.children):
        return False
    quote = adjacent_quote(verb, quotes)
    if quote is None or not sent.start_char <= quote[0] < sent.end_char:
        return False
    # A title or a scare-quoted phrase ('sang "Yesterday"') is no statement.
    return len(doc_text(verb.doc)[quote[0] : quote[1]].split()) >= 3

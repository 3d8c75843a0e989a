"""Reporting-verb cues: "X said that ...", passives with agents, stance and quote verbs."""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analysis import Outlet, Source, SourceKind
from bot.engine.attribution.base import (
    QUOTES,
    SUBJECTS,
    Attribution,
    char_span_of,
    is_inside,
    is_passive,
    lemma_of,
    span_of,
    subtree_tokens,
    text_of,
)
from bot.engine.attribution.content import (
    clause_cue,
    content_of,
    frames_quote,
    introduces_quote,
    topic_of,
)
from bot.engine.attribution.kinds import classify, told_outlet, writes_for
from bot.engine.attribution.sourcing import desk_act
from bot.engine.attribution.speakers import (
    agent_of,
    bare_source,
    governs_sentence,
    is_expletive,
    publisher_of,
    speaker_like,
    subject_of,
)
from bot.engine.lexicon import lexicon

# "He was told by Bolton to ...": the subject of these verbs' passive is who heard the words,
# not what was said, so the content is looked for as for any other cue.
ADDRESSEE_VERBS = frozenset(
    {"tell", "ask", "inform", "warn", "advise", "assure", "remind", "brief", "urge", "order"}
)


def _bare_participle(verb: Token, subject: Token | None, agent: Token | None) -> bool:
    """ "Asked whether ..., 75 percent said ...", "when asked about ...": a past participle
    heading an adverbial clause of its own with neither subject nor
    agent, opening its clause (alone or after "when"/"if"/"as", so that "the 43-year-old
    asked", mistagged as a participle, is not one). It reports a question, but nobody in the
    sentence is its source (the main clause's subject answered, it did not ask), so it is a
    cue with no source."""
    opener = verb.left_edge
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and (opener == verb or (opener.dep_ == "advmod" and opener.lower_ in ("when", "if", "as")))
        and subject is None
        and agent is None
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _article_before_name(root: Token) -> bool:
    """ "..., a prospect Vindman denied earlier": a name never takes "a", so "a prospect
    Vindman" is the parse gluing a noun to the subject of a reduced relative clause ("a
    prospect [that] Vindman denied"). The verb belongs to that clause, and what it says is
    not what the sentence reports."""
    if root.pos_ != "PROPN":
        return False
    phrase = [t for t in root.subtree if t.i < root.i]
    return (
        bool(phrase)
        and phrase[0].dep_ == "det"
        and phrase[0].lower_ in ("a", "an")
        and any(t.dep_ == "compound" and t.pos_ == "NOUN" for t in phrase)
    )


def verb_attribution(
    verb: Token, sents: list[Span], index: int, quotes: list[tuple[int, int]]
) -> Attribution | None:
    """The attribution a verb cue makes, or None.

    A participle used as an adjective ("pledged delegates", "a so-called expert") names a
    kind of thing, not anyone's statement, so it is never a cue.
    """
    lex = lexicon()
    sent = sents[index]
    prior = sents[max(0, index - 2) : index]
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "amod":
        return None
    lemma = lemma_of(verb)
    speech = lemma in lex.reporting_verbs
    stance = not speech and lemma in lex.attitude_verbs
    evidential = lemma in lex.evidential_verbs and any(
        c.dep_ in ("xcomp", "acomp", "ccomp") for c in verb.children
    )
    if not (speech or stance or evidential) and lemma in lex.quote_verbs:
        speech = introduces_quote(verb, quotes)
    topic = None
    if not (speech or stance or evidential) and lemma in lex.topic_verbs:
        topic = topic_of(verb, lex.topic_verbs[lemma])
        stance = topic is not None
    structural = not (speech or stance or evidential) and (
        clause_cue(verb, lemma) or frames_quote(verb, lemma, sent, quotes)
    )
    if not (speech or stance or evidential or structural):
        return None
    if structural and (is_passive(verb) or agent_of(verb) is not None):
        return None
    subject = subject_of(verb)
    agent = agent_of(verb)
    bare = (speech or stance) and _bare_participle(verb, subject, agent)
    stance = stance or evidential or bare
    if agent is None and subject is not None and subject.lower_ in ("that", "this"):
        return None
    if topic is not None:
        content, how = span_of(subtree_tokens(topic)[1:]), "object"
    elif agent is not None and subject is not None and lemma not in ADDRESSEE_VERBS:
        content, how = span_of(subtree_tokens(subject, stop=verb)), "clause"
    else:
        content, how = content_of(verb, sents, index, stance, quotes)
        if content is None and lemma in lex.topic_verbs:
            # "called for a ban", "pointed to the polls": the position is the object of the
            # verb's preposition when there is no clause, quotation or object to report.
            found = topic_of(verb, lex.topic_verbs[lemma])
            content = span_of(subtree_tokens(found)[1:]) if found is not None else None
            how = "object"
    if content is None:
        return None
    source_root = agent if agent is not None else subject
    if source_root is not None and _article_before_name(source_root):
        return None
    if source_root is not None and (
        is_expletive(source_root) or (agent is None and is_passive(verb))
    ):
        source_root = None
    if evidential:
        source_root = None
    unnamed = (
        evidential or bare or (is_passive(verb) and lemma in lex.raising_verbs | {"ask", "tell"})
    )
    if source_root is None and not unnamed:
        return None
    if source_root is None:
        return Attribution(
            sentence=index,
            cue=char_span_of([verb]),
            cue_text=verb.text,
            source=None,
            content=content,
            kind=SourceKind.UNCLEAR,
            source_text="",
            governs=governs_sentence(verb, sent),
            quoted=is_inside(verb.idx, quotes),
            act=desk_act(verb, lemma, how),
            lemma=lemma,
            how=how,
            dep=verb.dep_,
            mark=mark_of(verb),
        )
    frame = verb
    publisher = publisher_of(source_root) if source_root == verb.head else None
    if publisher is not None and source_root.lemma_.lower() in lex.reporting_nouns:
        source_root, frame = publisher, publisher.head
    source_tokens = bare_source(subtree_tokens(source_root, stop=verb), source_root)
    if not source_tokens or any(t.text in QUOTES for t in source_tokens):
        return None
    kind, outlet, resolved = classify(source_tokens, source_root, prior)
    if kind == SourceKind.PERSON and (employer := writes_for(verb, prior)) is not None:
        kind, outlet, resolved = employer
    borrowed = verb.dep_ == "conj" and source_root.head != verb
    if (structural or borrowed) and not speaker_like(source_root, kind):
        return None
    act = desk_act(verb, lemma, how)
    return sourced(
        index,
        verb,
        source_tokens,
        content,
        (kind, outlet, resolved),
        governs_sentence(frame, sent),
        quotes,
        act=act,
        how=how,
        relay=told_outlet(verb, lemma, prior),
        frames=bool(act) and _frames(verb, how),
    )


def _frames(verb: Token, how: str) -> bool:
    """Speech the parse buries that still frames a sentence nothing else frames: "vehicles that
    industry analysts say will boost sales" (a relative clause with a subject of its own, whose
    clause is what they say) and a parenthetical "As NPR reports, ..." (an "as" clause with
    nothing of its own to report: the sentence around it is its content)."""
    if verb.dep_ == "relcl" and how == "clause":
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")), None)
        relatives = [
            t
            for t in verb.subtree
            if t.tag_ in ("WDT", "WP") or (t.lower_ == "that" and t.dep_ in SUBJECTS)
        ]
        # "in which he said ..." relates the speech to a noun: a backdrop, not a frame.
        return (
            subject is not None
            and subject.tag_ not in ("WDT", "WP")
            and subject.lower_ != "that"
            and clause is not None
            and bool(relatives)
            and all(r.i < verb.i and r in clause.subtree for r in relatives)
        )
    return verb.dep_ == "advcl" and how == "host" and mark_of(verb) == "as"


def mark_of(cue: Token) -> str:
    return next((c.lower_ for c in cue.children if c.dep_ == "mark"), "")


def sourced(
    index: int,
    cue: Token,
    source_tokens: list[Token],
    content: tuple[int, int],
    classified: tuple[SourceKind, Outlet | None, str],
    governs: bool,
    quotes: list[tuple[int, int]],
    *,
    act: str,
    how: str = "",
    relay: Source | None = None,
    frames: bool = False,
) -> Attribution:
    """An attribution whose one-word cue has a source phrase (verb and noun cues alike)."""
    kind, outlet, resolved = classified
    return Attribution(
        sentence=index,
        cue=char_span_of([cue]),
        cue_text=cue.text,
        source=char_span_of(source_tokens),
        content=content,
        kind=kind,
        source_text=text_of(source_tokens),
        resolved=resolved,
        outlet=outlet,
        governs=governs,
        quoted=is_inside(cue.idx, quotes),
        act=act,
        lemma=lemma_of(cue) if cue.pos_ in ("VERB", "AUX") else cue.lemma_.lower(),
        how=how,
        dep=cue.dep_,
        mark=mark_of(cue),
        relay=relay,
        frames=frames,
    )

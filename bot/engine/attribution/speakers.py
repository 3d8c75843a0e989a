"""Who a cue's speaker is: subjects, agents and reporters found in the parse, typed and resolved.

Classification (outlet, person, organisation, anonymous, unclear) and pronoun resolution live
here, so every rule that finds a speaker types it the same way.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analysis import Outlet, SourceKind
from bot.engine.attribution.base import (
    GROUP_PRONOUNS,
    NAMED,
    PERSONAL,
    QUOTES,
    SPEAKER_PRONOUNS,
    SUBJECTS,
    doc_ents,
    ents_in,
    lemma_of,
    text_of,
)
from bot.engine.lexicon import lexicon
from bot.engine.outlets import registry


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.head.pos_ in ("VERB", "AUX") and (
        verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    ):
        if (outer := _reporter_of_clause(verb)) is not None:
            return subject_of(outer)
        return subject_of(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head)
    return None


def _reporter_of_clause(verb: Token) -> Token | None:
    """The reporting verb whose clause the parse wrongly hung this cue inside.

    In "Warren said the talks had failed and said that ..." or "The governor insisted that
    taxes would fall, claiming that ...", spaCy attaches the second cue to the reported
    clause's verb, whose subject ("the talks", "taxes") would be a misattribution. A
    coordinated repeat of the same verb, a speech verb coordinated with a clause whose
    subject is a pronoun ("Lazar said he welcomed it and added ..."), or a participle cue
    ("claiming", "saying") after a clause that is itself a reporting verb's complement,
    belongs to that reporting verb, if that verb comes first ('X mocked Y, calling Y "..."
    Susan said' is Susan's report).
    """
    head = verb.head
    if head.dep_ != "ccomp" or head.head.pos_ not in ("VERB", "AUX") or head.head.i > head.i:
        return None
    outer = head.head
    lex = lexicon()
    lemma, outer_lemma = lemma_of(verb), lemma_of(outer)
    if outer_lemma not in lex.reporting_verbs | lex.attitude_verbs:
        return None
    if verb.dep_ == "conj" and (
        lemma == outer_lemma or (lemma in lex.reporting_verbs and _pronoun_subject(head))
    ):
        return outer
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and lemma in lex.reporting_verbs
        and any(t.is_punct for t in verb.doc[head.i : verb.i])
    ):
        return outer
    return None


def _pronoun_subject(verb: Token) -> bool:
    """The reported clause's subject is a pronoun ("Ginsburg said she ... and predicted ..."):
    it stands for the reporter, so a speech verb coordinated with that clause is the
    reporter's second statement whichever way the parse reads it; a named subject ("said
    Clinton lied and admitted ...") may be who spoke, so that verb stays where it is."""
    return any(c.dep_ in SUBJECTS and c.lower_ in SPEAKER_PRONOUNS for c in verb.children)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def reported_object(verb: Token) -> Token | None:
    """ "The ministry denied the report": a statement about a statement has one as its object."""
    nouns = lexicon().reporting_nouns | {"allegation", "allegations", "claims", "reports"}
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns), None)


def is_expletive(subject: Token) -> bool:
    return subject.lower_ == "it" and subject.dep_ in ("nsubjpass", "expl")


def governs_sentence(head: Token, sent: Span) -> bool:
    root = sent.root
    return head == root or (head.head == root and head.dep_ in ("conj", "parataxis", "ccomp"))


def _named_entity(tokens: list[Token]) -> Span | None:
    """The most telling entity in a source phrase: an outlet first, then a person, then others."""
    if not tokens:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = [e for e in doc_ents(doc) if e.start >= lo and e.end - 1 <= hi and e.label_ in NAMED]
    for wanted in (lambda e: bool(e.ent_id_), lambda e: e.label_ == "PERSON", lambda e: True):
        hit = [e for e in ents if wanted(e)]
        if hit:
            return hit[0]
    return None


def _head_noun(tokens: list[Token], root: Token) -> str:
    return root.lemma_.lower() if root.pos_ in ("NOUN", "PROPN", "PRON") else ""


def classify(
    tokens: list[Token], root: Token, prior: list[Span]
) -> tuple[SourceKind, Outlet | None, str]:
    """(kind, outlet, resolved antecedent) of a source phrase headed by `root`."""
    lex = lexicon()
    if root.pos_ == "PRON" or root.lower_ in PERSONAL:
        return _resolve_pronoun(root, prior)
    entity = _named_entity(tokens)
    head = _head_noun(tokens, root)
    if entity is not None and entity.ent_id_:
        return SourceKind.OUTLET, registry().by_id(entity.ent_id_), ""
    outlet = registry().by_name(text_of(tokens))
    if outlet is not None:
        return SourceKind.OUTLET, outlet, ""
    if entity is not None and entity.label_ == "PERSON":
        return SourceKind.PERSON, None, ""
    if (head in lex.official_heads and entity is None) or (
        head in lex.official_heads and not _definite(root)
    ):
        return SourceKind.ANONYMOUS, None, ""
    if head in lex.anonymous_heads and root.ent_type_ not in NAMED:
        return SourceKind.ANONYMOUS, None, ""
    plural = "Plur" in root.morph.get("Number")
    things = lex.organisation_heads | lex.reporting_nouns
    if root.pos_ == "NOUN" and plural and entity is None and head not in things:
        return SourceKind.ANONYMOUS, None, ""
    if entity is not None or head in lex.organisation_heads or head in lex.official_heads:
        return SourceKind.ORGANISATION, None, ""
    if root.pos_ == "PROPN":
        return SourceKind.UNCLEAR, None, ""
    return SourceKind.UNCLEAR, None, ""


def _definite(root: Token) -> bool:
    """ "The Syrian foreign minister" names one person; "a rebel commander" does not."""
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in root.children
    )


def _resolve_pronoun(pronoun: Token, prior: list[Span]) -> tuple[SourceKind, Outlet | None, str]:
    """Resolve he/she to the one person named just before; otherwise say it is unclear."""
    word = pronoun.lower_
    if word not in PERSONAL and word not in GROUP_PRONOUNS:
        return SourceKind.UNCLEAR, None, ""
    wanted = ("PERSON",) if word in PERSONAL else ("ORG",)
    own = pronoun.sent
    window = [own[: pronoun.i - own.start], *reversed(prior[-2:])]
    for span in window:
        names = {_surname(e) for e in ents_in(span) if e.label_ in wanted}
        if len(names) == 1:
            ent = next(e for e in ents_in(span) if e.label_ in wanted)
            if word in PERSONAL:
                return SourceKind.PERSON, None, _surname(ent)
            outlet = registry().by_id(ent.ent_id_) if ent.ent_id_ else None
            kind = SourceKind.OUTLET if outlet else SourceKind.ORGANISATION
            return kind, outlet, ent.text
        if len(names) > 1:
            break
    return SourceKind.UNCLEAR, None, ""


def _surname(ent: Span) -> str:
    words = [t.text for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
    return words[-1] if words else ent.text


def speaker_like(root: Token, kind: SourceKind) -> bool:
    """Someone who can say or think something: a named or described source, or a pronoun."""
    return kind != SourceKind.UNCLEAR or root.lower_ in SPEAKER_PRONOUNS


def bare_source(tokens: list[Token], root: Token) -> list[Token]:
    """'said Cuban, who hosts "Shark Tank"': a source whose description after a comma holds a
    quotation is cut to the words before that comma, so the title in the description does
    not make the whole source look like a quotation. A source whose own head words hold one
    is left whole (and refused by the caller)."""
    if not any(t.text in QUOTES for t in tokens):
        return tokens
    cut = next((t.i for t in tokens if t.i > root.i and t.text == ","), None)
    return tokens if cut is None else [t for t in tokens if t.i < cut]

"""Who a cue's speaker is: subjects, agents and reporters found in the parse, and the
antecedents of pronoun speakers. What kind of party a speaker is lives in `kinds`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.analysis import Outlet, SourceKind
from bot.engine.attribution.base import (
    GROUP_PRONOUNS,
    PERSONAL,
    QUOTES,
    SPEAKER_PRONOUNS,
    SUBJECTS,
    ents_in,
    lemma_of,
)
from bot.engine.lexicon import lexicon
from bot.engine.outlets import registry


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ == "xcomp" and (controller := _object_controller(verb)) is not None:
        return controller
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


def _object_controller(verb: Token) -> Token | None:
    """ "The video prompted some Twitter users to argue that ...", "the ad led critics to claim
    ...": after a verb of getting someone to act, an infinitive's subject is that verb's
    object (English object control), so the users argue, not the video. Only those verbs:
    spaCy also reads purpose clauses as infinitive complements ("he used the speech to
    claim ..."), where the speaker is the subject."""
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or lemma_of(head) not in OBJECT_CONTROL:
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and head.i < c.i < verb.i), None)


OBJECT_CONTROL = frozenset({
    "allow", "ask", "cause", "challenge", "compel", "convince", "drive", "encourage", "force",
    "get", "inspire", "instruct", "invite", "lead", "move", "order", "persuade", "press",
    "pressure", "prompt", "push", "remind", "require", "spur", "teach", "tell", "urge", "want",
})


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


def publisher_of(noun: Token) -> Token | None:
    """ "The company published a blog post that said ...", "the commission issued a statement
    warning that ...", "many have voiced concerns that ...": a statement that is the object of
    a verb putting it out speaks with the words of that verb's subject, who is the party a
    desk names (the post or statement is only how they said it)."""
    head = noun.head
    if noun.dep_ != "dobj" or head.pos_ not in ("VERB", "AUX"):
        return None
    if lemma_of(head) not in lexicon().statement_verbs:
        return None
    subject = next((c for c in head.children if c.dep_ in SUBJECTS), None)
    return (
        subject if subject is not None and subject.lower_ not in ("who", "which", "that") else None
    )


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
    """The cue speaks for the whole sentence: it is its root, joined to it, or said by the
    object of a root that made someone speak ("the video prompted users to argue that ...");
    a request ("asked users to say ...") is not yet anyone's statement."""
    root = sent.root
    if head == root:
        return True
    if head.head != root:
        return False
    if head.dep_ == "xcomp":
        return lemma_of(root) in MADE_TO_SPEAK and _object_controller(head) is not None
    return head.dep_ in ("conj", "parataxis", "ccomp")


MADE_TO_SPEAK = frozenset({
    "cause", "compel", "convince", "drive", "force", "get", "inspire", "lead", "move",
    "persuade", "prompt", "push", "spur",
})


UNRESOLVED_PLURALS = frozenset({"they", "them"})


def resolve_pronoun(pronoun: Token, prior: list[Span]) -> tuple[SourceKind, Outlet | None, str]:
    """Resolve he/she to the one person named just before, "it" to the one organisation.

    "They" is left unclear: it stands as often for unnamed people ("analysts ... they say")
    as for an organisation, and showing unnamed people as a named body hides the warning.

    "He" is a person even when the article leaves open which one: the kind stays person and
    no name is given (`resolved` empty), rather than a guess between two candidates."""
    word = pronoun.lower_
    if (word not in PERSONAL and word not in GROUP_PRONOUNS) or word in UNRESOLVED_PLURALS:
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
    if word in PERSONAL:
        return SourceKind.PERSON, None, ""
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
    is left whole (and refused by the caller). A relative pronoun the cut left at the end
    ("a blog post that", "the Authority - which") is not part of the source either."""
    while tokens and (
        tokens[-1].is_punct or (tokens[-1].tag_ in ("WDT", "WP") and tokens[-1].i > root.i)
    ):
        tokens = tokens[:-1]
    if not any(t.text in QUOTES for t in tokens):
        return tokens
    cut = next((t.i for t in tokens if t.i > root.i and t.text == ","), None)
    return tokens if cut is None else [t for t in tokens if t.i < cut]

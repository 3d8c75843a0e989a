"""Sentences that talk rather than claim: feelings, bare judgements, no-comment lines, pointers.

A desk checks "the ministry spent $2.4 billion", not "We pray for the full recovery of both
men" or "It was a difficult situation for us": those say how someone feels or what they make
of something, and nothing in them can be looked up. The tests read the parse of the clause
that is asserted (for "X said that Y", Y) and the word lists in data/lexicon.json, so each
one names the word that fired it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from bot.engine.lexicon import lexicon

NO_COMMENT = re.compile(
    r"declined (?:\w+ )?to (?:comment|say|elaborate|state|discuss|specify)|"
    r"(?:did|does|do|has|have|had|would)(?:n['’]t| not) (?:immediately )?"
    r"(?:respond|reply|comment|return (?:\w+ )?(?:calls?|messages?|e-?mails?|requests?))|"
    r"refused to (?:comment|say)|could not be reached|no comment|"
    r"not immediately available for comment",
    re.IGNORECASE,
)
POINTER = re.compile(r"^\W*here(?:['’]s| is| are)\b", re.IGNORECASE)
SUBJECTS = ("nsubj", "nsubjpass")
FIRST_PERSON = frozenset({"i", "we"})


def claim_root(sent: Span) -> Token:
    """The verb of what is asserted: for "X said that Y happened", the verb of Y."""
    root = sent.root
    if root.lemma_.lower() in lexicon().reporting_verbs:
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
                return child
    return root


def no_comment(text: str) -> bool:
    """ "X declined to comment", "did not immediately respond to a request for comment"."""
    return bool(NO_COMMENT.search(text))


def pointer(text: str) -> bool:
    """ "Here's the most recent data ...": it points at a chart or a list, it asserts nothing."""
    return bool(POINTER.match(text))


def feeling(sent: Span, root: Token | None = None) -> str:
    """The feeling word when the asserted clause is a first-person statement of feeling
    ("We pray for ...", "I am relieved", "We're honoured to join ..."), else "". `root`, when
    given, is the sentence's `claim_root`."""
    lex = lexicon()
    root = root if root is not None else claim_root(sent)
    if not any(c.dep_ in SUBJECTS and c.lower_ in FIRST_PERSON for c in root.children):
        return ""
    lemma = root.lemma_.lower()
    particles = {c.lower_ for c in root.children if c.dep_ in ("prt", "advmod")}
    if lemma in lex.feeling_verbs or any(f"{lemma} {p}" in lex.feeling_verbs for p in particles):
        return root.text
    if root.lower_ in lex.feeling_adjectives:
        return root.text
    for child in root.children:
        if child.dep_ == "acomp" and child.lower_ in lex.feeling_adjectives:
            return child.text
    return ""


def judgement(sent: Span, root: Token | None = None) -> str:
    """The evaluative word when the asserted clause only rates something with "be" ("it was
    a difficult situation", "that is a mistake", "selling is difficult"), else "". Whether
    the sentence names anything checkable besides is for the caller to say. `root`, when
    given, is the sentence's `claim_root`."""
    lex = lexicon()
    root = root if root is not None else claim_root(sent)
    if root.lemma_.lower() != "be":
        return ""
    for child in root.children:
        if child.dep_ not in ("acomp", "attr"):
            continue
        if child.lower_ in lex.evaluative_adjectives:
            return child.text
        if child.lemma_.lower() in lex.evaluative_nouns:
            return child.text
        for modifier in child.children:
            if modifier.dep_ == "amod" and modifier.lower_ in lex.evaluative_adjectives:
                return modifier.text
    return ""

"""Sentences that talk rather than claim: feelings, beliefs, bare judgements, forecasts, jokes,
calls to action, no-comment lines, pointers.

A desk checks "the ministry spent $2.4 billion", not "We pray for the full recovery of both
men", "It was a difficult situation for us" or "I would expect more deals like this": those say
how someone feels, what they make of something or what they expect, and nothing in them can
be looked up. The tests read the parse of the clause that is asserted (for "X said that Y", Y)
and the word lists in data/lexicon.json, so each one names the word that fired it. Whether
the sentence names a figure or a date besides (which would make it worth a check after all)
is for the caller to say.
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
THIRD_PERSON = frozenset({"he", "she", "they"})
# "it's difficult", "they're great": spaCy leaves a curly-apostrophe "be" unlemmatised.
BE_CONTRACTIONS = frozenset({"'s", "’s", "'re", "’re", "'m", "’m"})
# A forecast of a thing ("the upside will be capped", "it will embolden them"), not a party's plan.
THING_PRONOUNS = frozenset({"it", "this", "that", "these", "those"})


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


def _reported_of_self(sent: Span, root: Token) -> bool:
    """ "X said he ...", "Both sides said they ...": a reported clause whose subject is a
    third-person pronoun, most often the speaker speaking of themselves."""
    return root != sent.root and any(
        c.dep_ in SUBJECTS and c.lower_ in THIRD_PERSON for c in root.children
    )


def _asserts_a_fact(root: Token) -> bool:
    """Whether a feeling carries a plain statement with it: "relieved that the hostages had
    been freed" asserts the release; "hopeful the swap could lead to ..." and "looking forward
    to facing ..." assert nothing but the hope."""
    for token in root.subtree:
        if token == root or token.dep_ not in ("ccomp", "advcl", "relcl"):
            continue
        if any(c.dep_ in SUBJECTS for c in token.children) and not _modal(token):
            return True
    return False


def feeling(sent: Span, root: Token | None = None) -> str:
    """The feeling word when the asserted clause is a first-person statement of feeling
    ("We pray for ...", "I am relieved", "We're honoured to join ..."), or a speaker's feeling
    reported in the third person that asserts nothing else ("he said he is looking forward to
    facing them", "they said they were hopeful the swap could lead to ..."), else "". `root`,
    when given, is the sentence's `claim_root`."""
    lex = lexicon()
    root = root if root is not None else claim_root(sent)
    first = any(c.dep_ in SUBJECTS and c.lower_ in FIRST_PERSON for c in root.children)
    if not first and not (_reported_of_self(sent, root) and not _asserts_a_fact(root)):
        return ""
    lemma = root.lemma_.lower()
    particles = {c.lower_ for c in root.children if c.dep_ in ("prt", "advmod")}
    # Reported in the past, a feeling verb is as often an event ("he said they missed the mark").
    felt = first or root.tag_ not in ("VBD", "VBN")
    if felt and (
        lemma in lex.feeling_verbs or any(f"{lemma} {p}" in lex.feeling_verbs for p in particles)
    ):
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
    if not _is_be(root):
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


def _is_be(token: Token) -> bool:
    return token.lemma_.lower() == "be" or token.lower_ in BE_CONTRACTIONS


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _present_or_modal(verb: Token) -> bool:
    return verb.tag_ in ("VBP", "VBZ") or _modal(verb)


def belief(sent: Span, root: Token | None = None) -> str:
    """The verb when the asserted clause is a first-person statement of present belief or
    expectation ("I guess ...", "We see risks ...", "I would expect more deals"): the speaker's
    view, not something that happened. "I did not know ...", "we saw the need" (past) and "I
    knew" report facts about the speaker and are not matched. `root`, when given, is the
    sentence's `claim_root`."""
    root = root if root is not None else claim_root(sent)
    if root.lemma_.lower() not in lexicon().belief_verbs or not _present_or_modal(root):
        return ""
    if any(c.dep_ == "neg" for c in root.children):
        return ""
    if not any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in root.children):
        return ""
    return root.text


def jest(sent: Span) -> str:
    """The word when the sentence reports words said in jest ("one user quipped", "he said,
    jokingly"): rhetoric, not an assertion."""
    lex = lexicon()
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in lex.joke_verbs:
            return token.text
        if token.lower_ in lex.joke_adverbs and token.head.lemma_.lower() in lex.reporting_verbs:
            return token.text
    return ""


def call_to_action(sent: Span, root: Token | None = None) -> str:
    """The verb when the asserted clause is a bare imperative ("Don't hide things like this",
    "Get access to ..."): it asks, it asserts nothing. Imperatives that frame a statement
    ("Remember that he voted for it", "Let me say ...") are not matched."""
    root = root if root is not None else claim_root(sent)
    if root.tag_ != "VB" or root.dep_ not in ("ROOT", "ccomp", "parataxis"):
        return ""
    if root.lemma_.lower() == "let":
        return ""
    speech = lexicon().reporting_verbs
    for child in root.children:
        if child.dep_ == "parataxis" and child.lemma_.lower() in speech:
            continue  # the speaker tag the parse hangs on the quote: "“Don't ...,” he said"
        if child.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "ccomp", "advcl", "parataxis"):
            return ""
        if child.dep_ == "aux" and (child.tag_ == "MD" or child.lower_ == "to"):
            return ""
        if child.dep_ == "prep" and any(g.dep_ == "pcomp" for g in child.children):
            return ""
    words = [t for t in root.subtree if not t.is_punct and t.dep_ not in ("aux", "neg", "advmod")]
    return root.text if words and words[0] == root else ""


def forecast(sent: Span, root: Token | None = None) -> str:
    """The modal when the asserted clause forecasts what a thing will do ("the upside will be
    capped", "it will embolden the movement", "peace would allow ..."): its subject is a common
    noun or "it"/"this", not a named party or a person, whose stated plan ("Legere will hand
    over the reins", "we will cut 500 jobs") can be checked. What a bill, plan or law would do
    ("the bill would give states ...") and what something would have done are claims about a
    text or a record, not forecasts. Whether anyone stands behind the forecast is for the
    caller to say. `root`, when given, is the sentence's `claim_root`."""
    lex = lexicon()
    root = root if root is not None else claim_root(sent)
    modal = next(
        (c.text for c in root.children if c.dep_ == "aux" and c.lower_ in lex.forecast_modals), ""
    )
    if not modal or any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in root.children):
        return ""  # "it would have eliminated the plan" says what something did or provided
    if any(t.lemma_.lower() in lex.proposal_nouns for t in sent):
        return ""  # "the bill would give states ...": a claim about what the bill says
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.ent_type_:
        return ""
    return modal if subject.pos_ == "NOUN" or subject.lower_ in THING_PRONOUNS else ""

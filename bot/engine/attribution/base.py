"""The attribution record and the token helpers every cue rule shares (spans, lemmas, quotes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analysis import Outlet, Source, SourceKind
from bot.engine.lexicon import lexicon

SUBJECTS = ("nsubj", "nsubjpass", "csubj")

COMPLEMENTS = ("ccomp", "parataxis")

XCOMP_CUES = frozenset(
    {
        "claim",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "deny",
        "predict",
        "expect",
        "ask",
        "tell",
        "urge",
    }
)

QUOTES = frozenset('"“”„«»')

PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}

GROUP_PRONOUNS = frozenset({"they", "it"})

NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")

QUOTE_MARK = re.compile(r"[\"“”]|''|\n")

QUESTION_CUES = frozenset({"ask", "wonder", "question", "inquire", "enquire"})

QUESTION_MARKS = frozenset({"if", "whether"})

STANCE_PREPS = frozenset(
    {"for", "against", "on", "about", "of", "over", "to", "toward", "towards", "behind", "with"}
)


@dataclass(frozen=True)
class Attribution:
    """One attribution, with character offsets into the analysed text (for the evals too).

    `governs` says it frames the whole sentence (the sentence is *its* content), as opposed
    to a statement reported inside a sentence that asserts something else.
    `parent` is the index of the attribution whose content holds this one (a chain).
    `quoted` says the cue sits inside a direct quotation ("I think ...", he said), so the
    quoted speaker, not this cue's subject, is who the words come from.
    `source` is None when the cue names no one ("it is believed", "he is expected to").
    `act` is what the desk makes of the cue: "speech" (the source says or reports the content),
    "belief" (it found or believes it), or "" (it wants, plans, does or asks about something:
    found for the evals, but no source of a claim). `lemma` is the cue's lemma, `how` the kind
    of content (see `content.Content`), `dep` the cue's dependency label, `mark` the word opening
    the cue's clause ("after", "as", "if"), and `relay` an outlet
    the source spoke to ("told the BBC"), who relays the words to the article.
    """

    sentence: int
    cue: tuple[int, int]
    cue_text: str
    source: tuple[int, int] | None
    content: tuple[int, int]
    kind: SourceKind
    source_text: str
    resolved: str = ""
    outlet: Outlet | None = None
    governs: bool = False
    parent: int | None = None
    quoted: bool = False
    act: str = ""
    lemma: str = ""
    how: str = ""
    dep: str = ""
    mark: str = ""
    relay: Source | None = None

    def to_source(self) -> Source:
        return Source(
            text=self.source_text,
            kind=self.kind,
            cue=self.cue_text,
            resolved=self.resolved,
            outlet=self.outlet,
        )


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, with stray punctuation (a closing quote) folded into the one before."""
    spans: list[Span] = []
    for sent in doc.sents:
        if spans and all(t.is_punct or t.is_space for t in sent):
            spans[-1] = doc[spans[-1].start : sent.end]
        else:
            spans.append(sent)
    return [s for s in spans if not all(t.is_space for t in s)]


def char_span_of(tokens: list[Token]) -> tuple[int, int]:
    tokens = [t for t in tokens if not t.is_space]
    if not tokens:
        return (0, 0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def subtree_tokens(token: Token, stop: Token | None = None) -> list[Token]:
    """The token's phrase, cut before `stop` (the cue) so a source never swallows its verb."""
    tokens = list(token.subtree)
    if stop is not None:
        if token.i < stop.i:
            tokens = [t for t in tokens if t.i < stop.i]
        else:
            tokens = [t for t in tokens if t.i > stop.i]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    return tokens


def text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def span_of(tokens: list[Token]) -> tuple[int, int] | None:
    span = char_span_of(tokens)
    return span if span[1] > span[0] else None


def lemma_of(verb: Token) -> str:
    """The verb's lemma, corrected where spaCy's lemmatiser is known to miss ("hoping": "hop")."""
    return lexicon().lemma_fixes.get(verb.lower_) or verb.lemma_.lower()


SPEAKER_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})

POSSESSIVE_PRONOUNS = frozenset({"my", "our", "his", "her", "their"})

CLAUSE_MARKS = frozenset({"that", "whether"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def is_inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)

"""The attribution record and the token helpers every cue rule shares (spans, lemmas, quotes)."""

from __future__ import annotations

import re
from bisect import bisect_left
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
        "beg",
    }
)

QUOTES = frozenset('"“”„«»')

PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}

GROUP_PRONOUNS = frozenset({"they", "it"})

NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")

QUOTE_MARK = re.compile(r"[\"“”]|''|\n")

QUESTION_CUES = frozenset({"ask", "wonder", "question", "inquire", "enquire"})

QUESTION_MARKS = frozenset({"if", "whether"})

MAX_CUES_PER_SENTENCE = 40

Tokens = list[Token] | Span

_TEXT = "claimdesk.text"
_ENTS = "claimdesk.ents"
_SHAPE = "claimdesk.subtree_shape"

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
    `frames` marks a cue that frames the sentence when nothing else does, though the parse
    does not make it the sentence's head: a statement named by a noun ("his claim that ...",
    "despite a declaration by the ministry that ...") or a parenthetical "as X reports".
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
    frames: bool = False

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


def char_span_of(tokens: Tokens) -> tuple[int, int]:
    """From the first to the last token that is not whitespace; reads only the ends, so a
    long span costs no more than a short one."""
    first = next((t for t in tokens if not t.is_space), None)
    if first is None:
        return (0, 0)
    last = next(t for t in reversed(tokens) if not t.is_space)
    return first.idx, last.idx + len(last)


def subtree_tokens(token: Token, stop: Token | None = None) -> Tokens:
    """The token's phrase, cut before `stop` (the cue) so a source never swallows its verb.

    A projective subtree is one contiguous span, so it is returned as a Span found in
    constant time; walking the subtree once per cue made a chain of reported speech ("X said
    that Y said that ...") quadratic. A subtree with a gap or a crossing arc anywhere inside
    it is still walked, so the result is the same tokens, in the same order, either way.
    """
    lo, hi, flat = _subtree_shape(token.doc)
    if flat[token.i]:
        start, end = lo[token.i], hi[token.i] + 1
        if stop is not None:
            if token.i < stop.i:
                end = min(end, stop.i)
            else:
                start = max(start, stop.i + 1)
        doc = token.doc
        while start < end and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        while start < end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        return doc[start:end] if start < end else []
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


def _subtree_shape(doc: Doc) -> tuple[list[int], list[int], list[bool]]:
    """Per token: the first and last index of its subtree, and whether that subtree and every
    subtree inside it is contiguous (then `Token.subtree` yields exactly that range, in order).
    Computed once per document, children before heads, in linear time. spaCy's own
    `left_edge`/`right_edge` are not used: they can disagree with the subtree."""
    cached = doc.user_data.get(_SHAPE)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    heads = [t.head.i for t in doc]
    depth = [-1] * len(heads)
    for i in range(len(heads)):
        path = []
        j = i
        while depth[j] < 0 and heads[j] != j:
            path.append(j)
            j = heads[j]
        if depth[j] < 0:
            depth[j] = 0
        for k in reversed(path):
            depth[k] = depth[heads[k]] + 1
    lo = list(range(len(heads)))
    hi = list(range(len(heads)))
    size = [1] * len(heads)
    flat = [True] * len(heads)
    for i in sorted(range(len(heads)), key=depth.__getitem__, reverse=True):
        flat[i] = flat[i] and hi[i] - lo[i] + 1 == size[i]
        head = heads[i]
        if head != i:
            lo[head] = min(lo[head], lo[i])
            hi[head] = max(hi[head], hi[i])
            size[head] += size[i]
            flat[head] = flat[head] and flat[i]
    shape = (lo, hi, flat)
    doc.user_data[_SHAPE] = shape
    return shape


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document: spaCy rebuilds it from every token on each call,
    which made reading it once per cue quadratic."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, collected once per document (spaCy walks every token on each call)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return ents


def ents_in(span: Span) -> list[Span]:
    """`span.ents` (the entities wholly inside the span, stopping at one that runs past its
    end), found by bisection instead of spaCy's walk over every entity of the document."""
    ents = doc_ents(span.doc)
    starts = span.doc.user_data.get(_ENTS + ".starts")
    if starts is None or len(starts) != len(ents):
        starts = span.doc.user_data[_ENTS + ".starts"] = [e.start for e in ents]
    found = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def text_of(tokens: Tokens) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def span_of(tokens: Tokens) -> tuple[int, int] | None:
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

"""Who says so: attributions found in spaCy's parse, and what kind of source each one is.

An attribution is a cue (a reporting verb, "according to", a passive agent) with its source
and its content. Rules over the dependency parse, not a model, so that every source shown
to a desk can be explained. Misattribution is the worst error a desk can meet, so when the
parse gives no clear source the kind is `unclear` rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analysis import Outlet, Source, SourceKind
from bot.lexicon import lexicon
from bot.outlets import registry

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
COMPLEMENTS = ("ccomp", "parataxis")
XCOMP_CUES = frozenset(
    {"claim", "promise", "vow", "pledge", "threaten", "deny", "predict", "expect"}
)
QUOTES = frozenset('"“”„«»')
PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
GROUP_PRONOUNS = frozenset({"they", "it"})
NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")


@dataclass(frozen=True)
class Attribution:
    """One attribution, with character offsets into the analysed text (for the evals too).

    `governs` says it frames the whole sentence (the sentence is *its* content), as opposed
    to a statement reported inside a sentence that asserts something else.
    `parent` is the index of the attribution whose content holds this one (a chain).
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


def _char_span(tokens: list[Token]) -> tuple[int, int]:
    tokens = [t for t in tokens if not t.is_space]
    if not tokens:
        return (0, 0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree_tokens(token: Token, stop: Token | None = None) -> list[Token]:
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


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.head.pos_ in ("VERB", "AUX") and (
        verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    ):
        return _subject(verb.head)
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _reported_object(verb: Token) -> Token | None:
    """"The ministry denied the report": a statement about a statement has one as its object."""
    nouns = lexicon().reporting_nouns | {"allegation", "allegations", "claims", "reports"}
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns), None
    )


def _is_expletive(subject: Token) -> bool:
    return subject.lower_ == "it" and subject.dep_ in ("nsubjpass", "expl")


def _governs(head: Token, sent: Span) -> bool:
    root = sent.root
    return head == root or (head.head == root and head.dep_ in ("conj", "parataxis", "ccomp"))


def _named_entity(tokens: list[Token]) -> Span | None:
    """The most telling entity in a source phrase: an outlet first, then a person, then others."""
    if not tokens:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = [e for e in doc.ents if e.start >= lo and e.end - 1 <= hi and e.label_ in NAMED]
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
    outlet = registry().by_name(_text(tokens))
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
    if root.pos_ == "NOUN" and plural and entity is None and head not in lex.organisation_heads:
        return SourceKind.ANONYMOUS, None, ""
    if entity is not None or head in lex.organisation_heads or head in lex.official_heads:
        return SourceKind.ORGANISATION, None, ""
    if root.pos_ == "PROPN":
        return SourceKind.UNCLEAR, None, ""
    return SourceKind.UNCLEAR, None, ""


def _definite(root: Token) -> bool:
    """"The Syrian foreign minister" names one person; "a rebel commander" does not."""
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
        names = {_surname(e) for e in span.ents if e.label_ in wanted}
        if len(names) == 1:
            ent = next(e for e in span.ents if e.label_ in wanted)
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


def _verb_attribution(verb: Token, sent: Span, index: int, prior: list[Span]) -> Attribution | None:
    lex = lexicon()
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lex.reporting_verbs:
        return None
    subject = _subject(verb)
    agent = _agent(verb)
    complement = next((c for c in verb.children if c.dep_ in COMPLEMENTS), None)
    if complement is None and verb.lemma_.lower() in XCOMP_CUES:
        complement = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    source_root = agent if agent is not None else subject
    if source_root is None or _is_expletive(source_root):
        return None
    if agent is not None and subject is not None:
        content_tokens = _subtree_tokens(subject, stop=verb)
    elif complement is not None:
        content_tokens = _subtree_tokens(complement)
    elif verb.lemma_.lower() == "cite":
        return None
    elif (statement := _reported_object(verb)) is not None:
        content_tokens = _subtree_tokens(statement)
    else:
        quoted = [t for t in sent if t.text in QUOTES]
        if len(quoted) < 2 or verb.dep_ != "ROOT":
            return None
        content_tokens = [t for t in sent if quoted[0].i <= t.i <= quoted[-1].i]
    source_tokens = _subtree_tokens(source_root, stop=verb)
    if not source_tokens or not content_tokens:
        return None
    kind, outlet, resolved = classify(source_tokens, source_root, prior)
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    cue_tokens.sort(key=lambda t: t.i)
    return Attribution(
        sentence=index,
        cue=_char_span([verb]),
        cue_text=verb.text,
        source=_char_span(source_tokens),
        content=_char_span(content_tokens),
        kind=kind,
        source_text=_text(source_tokens),
        resolved=resolved,
        outlet=outlet,
        governs=_governs(verb, sent),
    )


def _according_attributions(sent: Span, index: int, prior: list[Span]) -> list[Attribution]:
    """"According to X", "citing X": the rest of the clause is the content."""
    found: list[Attribution] = []
    words = [t.lower_ for t in sent]
    for start, end in lexicon().according_to.find(words):
        cue = sent[start:end]
        last = cue[-1]
        target = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
        if target is None and end < len(sent):
            target = next((c for c in sent[end].children if c.dep_ == "pobj"), None)
        if target is None:
            target = sent[end] if end < len(sent) and not sent[end].is_punct else None
        if target is None:
            continue
        source_tokens = _subtree_tokens(target)
        phrase_end = max(t.i for t in source_tokens) + 1 if source_tokens else cue.end
        if cue.start - sent.start <= 1:
            content_tokens = [t for t in sent if t.i >= phrase_end and not t.is_punct]
        else:
            content_tokens = [t for t in sent if t.i < cue.start and not t.is_punct]
        if not source_tokens or not content_tokens:
            continue
        kind, outlet, resolved = classify(source_tokens, target, prior)
        found.append(
            Attribution(
                sentence=index,
                cue=_char_span(list(cue)),
                cue_text=cue.text,
                source=_char_span(source_tokens),
                content=_char_span(content_tokens),
                kind=kind,
                source_text=_text(source_tokens),
                resolved=resolved,
                outlet=outlet,
                governs=_governs(cue.root.head if cue.root.dep_ != "ROOT" else cue.root, sent)
                or cue.start - sent.start <= 1,
            )
        )
    return found


def find_attributions(doc: Doc, sents: list[Span] | None = None) -> list[Attribution]:
    """Every attribution in the document, in order, with chains linked through `parent`."""
    sents = sents if sents is not None else sentences(doc)
    found: list[Attribution] = []
    for index, sent in enumerate(sents):
        prior = sents[max(0, index - 2) : index]
        here = _according_attributions(sent, index, prior)
        taken = {a.cue for a in here}
        for token in sent:
            attribution = _verb_attribution(token, sent, index, prior)
            if attribution is not None and attribution.cue not in taken:
                here.append(attribution)
        here.sort(key=lambda a: a.cue)
        found.extend(_link_chain(here, offset=len(found)))
    return found


def _link_chain(attributions: list[Attribution], offset: int) -> list[Attribution]:
    """Nest each attribution inside the smallest other one whose content holds its cue."""
    linked: list[Attribution] = []
    for a in attributions:
        holders = [
            (b.content[1] - b.content[0], j)
            for j, b in enumerate(attributions)
            if b is not a and b.content[0] <= a.cue[0] and a.cue[1] <= b.content[1]
        ]
        parent = offset + min(holders)[1] if holders else None
        linked.append(
            a if parent is None else Attribution(**{**a.__dict__, "parent": parent})
        )
    return linked


def chain_for(attributions: list[Attribution], sentence: int) -> tuple[Source, ...]:
    """The chain framing a sentence, outermost first ("Iran Press ... Sputnik reported")."""
    ordered = [a for a in attributions if a.sentence == sentence]
    outer = [a for a in ordered if a.governs and a.parent is None]
    if not outer:
        return ()
    chain = [outer[0]]
    index_of = {id(a): i for i, a in enumerate(attributions)}
    while True:
        current = index_of[id(chain[-1])]
        inner = [a for a in ordered if a.parent == current]
        if not inner:
            break
        chain.append(inner[0])
    return tuple(a.to_source() for a in chain)

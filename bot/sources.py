"""Who says so: attributions found in spaCy's parse, and what kind of source each one is.

An attribution is a cue (a reporting verb, "according to", a passive agent) with its source
and its content. Rules over the dependency parse, not a model, so that every source shown
to a desk can be explained. Misattribution is the worst error a desk can meet, so when the
parse gives no clear source the kind is `unclear` rather than a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.analysis import Outlet, Source, SourceKind
from bot.lexicon import lexicon
from bot.outlets import registry

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
COMPLEMENTS = ("ccomp", "parataxis")
XCOMP_CUES = frozenset(
    {
        "claim", "promise", "vow", "pledge", "threaten", "deny", "predict", "expect",
        "ask", "tell", "urge",
    }
)
QUOTES = frozenset('"“”„«»')
PERSONAL = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
GROUP_PRONOUNS = frozenset({"they", "it"})
NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
QUOTE_MARK = re.compile(r"[\"“”]|''|\n")
SPEAKER_LABEL = re.compile(
    r"(?:^[ \t]*|[ \t][-–—][ \t]|^(?:[A-Z]+[ \t])?[-–—][ \t])"
    r"(?P<name>[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|on|at|to|of|and|in)){0,6}?)"
    r"(?P<colon>:)[ \t]+(?P<content>\S[^\n]*)",
    re.MULTILINE,
)
HEADLINE_WORDS = 25
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
        verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    ):
        if (outer := _reporter_of_clause(verb)) is not None:
            return _subject(outer)
        return _subject(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head.head)
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
    lemma, outer_lemma = _lemma(verb), _lemma(outer)
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
    things = lex.organisation_heads | lex.reporting_nouns
    if root.pos_ == "NOUN" and plural and entity is None and head not in things:
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


def _content(
    verb: Token, sents: list[Span], index: int, stance: bool, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """What the cue ascribes, as a character span: its clause, its quote, or its object.

    Tried in order of how sure the parse is: a complement clause; an xcomp ("vowed to
    fight"); a reported statement as object; a quotation right before or after the cue and
    its subject, even one running over sentences; the clause hosting a parenthetical cue
    ("At the time, she said, Grayson was ..."); the sentence after a cue ending in a colon;
    the object of the verb ("announced his resignation", "endorsed Clinton") and, for a
    stance verb, its prepositional object ("called for a ban").
    """
    sent = sents[index]
    lemma = _lemma(verb)
    complement = next((c for c in verb.children if c.dep_ in COMPLEMENTS), None)
    if complement is None and lemma in QUESTION_CUES:
        complement = next((c for c in verb.children if _question_clause(c)), None)
    if complement is None and lemma in lexicon().reporting_verbs:
        complement = _stranded_clause(verb)
    if complement is not None:
        return _span_of(_subtree_tokens(complement))
    xcomp = next((c for c in verb.children if c.dep_ in ("xcomp", "acomp")), None)
    if xcomp is not None and (stance or lemma in XCOMP_CUES or _passive(verb)):
        return _span_of(_subtree_tokens(xcomp))
    if lemma == "cite":
        return None
    if (statement := _reported_object(verb)) is not None:
        return _span_of(_subtree_tokens(statement))
    if (quote := _adjacent_quote(verb, quotes)) is not None:
        return quote
    if (
        verb.dep_ == "parataxis"
        or (
            verb.dep_ == "advcl"
            and any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)
        )
        or _trailing_inverted(verb)
    ):
        own = {t.i for t in verb.subtree}
        host = [t for t in verb.head.subtree if t.i not in own and not t.is_punct]
        before = [t for t in host if t.i < verb.i]
        after = [t for t in host if t.i > verb.i]
        return _span_of(after if len(after) >= len(before) else before)
    following = [t for t in sent if t.i > verb.i and not t.is_space]
    if following and following[-1].text == ":" and all(
        t.is_punct or t.head == verb or t.head.head == verb for t in following
    ) and index + 1 < len(sents):
        return _span_of(list(sents[index + 1]))
    objects = [
        c
        for c in verb.children
        if c.i > verb.i
        and (c.dep_ in ("dobj", "oprd") or (stance and _stance_prep(c, lemma)))
        and not (lemma in ("tell", "ask", "say") and c.dep_ == "dobj" and c.lower_ != "same")
    ]
    return _span_of([t for c in objects for t in _subtree_tokens(c)])


def _stranded_clause(verb: Token) -> Token | None:
    """"Adelson said during a news conference that he may wait", "said in a statement that
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
    """"Asked if Sanders is realistic ...": spaCy hangs an asked question on the verb as an
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
    """"on Friday", "over the weekend": a preposition whose object is a date or time."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _trailing_inverted(verb: Token) -> bool:
    """"..., said the company's chief executive": a speech verb after a comma with its subject
    after it, which spaCy coordinates with the clause before rather than taking that clause
    as its complement; the clause before is what was said."""
    return (
        verb.dep_ == "conj"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and _lemma(verb) in lexicon().reporting_verbs
        and any(c.dep_ in SUBJECTS and c.i > verb.i for c in verb.children)
    )


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    span = _char_span(tokens)
    return span if span[1] > span[0] else None


def _adjacent_quote(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that ends just before the cue and its subject, or starts just after."""
    frame = [verb, *(t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree)]
    start = min(t.idx for t in frame)
    end = max(t.idx + len(t) for t in frame)
    for a, b in quotes:
        if 0 <= start - b <= 3 or 0 <= a - end <= 3:
            text = verb.doc.text[a:b].strip(" ,.;:\n")
            if text:
                lead = verb.doc.text[a:b].find(text)
                return (a + lead, a + lead + len(text))
    return None


def _lemma(verb: Token) -> str:
    """The verb's lemma, corrected where spaCy's lemmatiser is known to miss ("hoping": "hop")."""
    return lexicon().lemma_fixes.get(verb.lower_) or verb.lemma_.lower()


SPEAKER_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})
POSSESSIVE_PRONOUNS = frozenset({"my", "our", "his", "her", "their"})
CLAUSE_MARKS = frozenset({"that", "whether"})


def _clause_cue(verb: Token, lemma: str) -> bool:
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


def _introduces_quote(verb: Token, quotes: list[tuple[int, int]]) -> bool:
    """A quote verb reports only a clause, a quotation next to it or what follows its colon."""
    if any(c.dep_ in COMPLEMENTS for c in verb.children):
        return True
    colon = verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ":"
    return colon or _adjacent_quote(verb, quotes) is not None


def _topic(verb: Token, preps: frozenset[str]) -> Token | None:
    """The preposition that makes "spoke", "voted" state a position ("spoke about the war",
    "spoke out against it", "voted for Clinton"), or None ("spoke at a rally", "spoke on
    Friday")."""
    for child in verb.children:
        if child.dep_ == "prt" and child.lower_ == "out":
            child = next((c for c in verb.children if c.dep_ == "prep"), child)
        if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i and not _when(child):
            return child
    return None


def _frames_quote(
    verb: Token, lemma: str, sent: Span, quotes: list[tuple[int, int]]
) -> bool:
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
    quote = _adjacent_quote(verb, quotes)
    if quote is None or not sent.start_char <= quote[0] < sent.end_char:
        return False
    # A title or a scare-quoted phrase ('sang "Yesterday"') is no statement.
    return len(verb.doc.text[quote[0] : quote[1]].split()) >= 3


def _speaker_like(root: Token, kind: SourceKind) -> bool:
    """Someone who can say or think something: a named or described source, or a pronoun."""
    return kind != SourceKind.UNCLEAR or root.lower_ in SPEAKER_PRONOUNS


def _bare_participle(verb: Token, subject: Token | None, agent: Token | None) -> bool:
    """"Asked whether ..., 75 percent said ...", "when asked about ...": a past participle
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


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _verb_attribution(
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
    lemma = _lemma(verb)
    speech = lemma in lex.reporting_verbs
    stance = not speech and lemma in lex.attitude_verbs
    evidential = lemma in lex.evidential_verbs and any(
        c.dep_ in ("xcomp", "acomp", "ccomp") for c in verb.children
    )
    if not (speech or stance or evidential) and lemma in lex.quote_verbs:
        speech = _introduces_quote(verb, quotes)
    topic = None
    if not (speech or stance or evidential) and lemma in lex.topic_verbs:
        topic = _topic(verb, lex.topic_verbs[lemma])
        stance = topic is not None
    structural = not (speech or stance or evidential) and (
        _clause_cue(verb, lemma) or _frames_quote(verb, lemma, sent, quotes)
    )
    if not (speech or stance or evidential or structural):
        return None
    if structural and (_passive(verb) or _agent(verb) is not None):
        return None
    subject = _subject(verb)
    agent = _agent(verb)
    bare = (speech or stance) and _bare_participle(verb, subject, agent)
    stance = stance or evidential or bare
    if agent is None and subject is not None and subject.lower_ in ("that", "this"):
        return None
    if topic is not None:
        content = _span_of(_subtree_tokens(topic)[1:])
    elif agent is not None and subject is not None:
        content = _span_of(_subtree_tokens(subject, stop=verb))
    else:
        content = _content(verb, sents, index, stance, quotes)
        if content is None and lemma in lex.topic_verbs:
            # "called for a ban", "pointed to the polls": the position is the object of the
            # verb's preposition when there is no clause, quotation or object to report.
            found = _topic(verb, lex.topic_verbs[lemma])
            content = _span_of(_subtree_tokens(found)[1:]) if found is not None else None
    if content is None:
        return None
    source_root = agent if agent is not None else subject
    if source_root is not None and (
        _is_expletive(source_root) or (agent is None and _passive(verb))
    ):
        source_root = None
    if evidential:
        source_root = None
    unnamed = (
        evidential
        or bare
        or (_passive(verb) and lemma in lex.raising_verbs | {"ask", "tell"})
    )
    if source_root is None and not unnamed:
        return None
    if source_root is None:
        return Attribution(
            sentence=index,
            cue=_char_span([verb]),
            cue_text=verb.text,
            source=None,
            content=content,
            kind=SourceKind.UNCLEAR,
            source_text="",
            governs=_governs(verb, sent),
            quoted=_inside(verb.idx, quotes),
        )
    source_tokens = _bare_source(_subtree_tokens(source_root, stop=verb), source_root)
    if not source_tokens or any(t.text in QUOTES for t in source_tokens):
        return None
    kind, outlet, resolved = classify(source_tokens, source_root, prior)
    borrowed = verb.dep_ == "conj" and source_root.head != verb
    if (structural or borrowed) and not _speaker_like(source_root, kind):
        return None
    return _sourced(
        index, verb, source_tokens, content, (kind, outlet, resolved), _governs(verb, sent), quotes
    )


def _bare_source(tokens: list[Token], root: Token) -> list[Token]:
    """'said Cuban, who hosts "Shark Tank"': a source whose description after a comma holds a
    quotation is cut to the words before that comma, so the title in the description does
    not make the whole source look like a quotation. A source whose own head words hold one
    is left whole (and refused by the caller)."""
    if not any(t.text in QUOTES for t in tokens):
        return tokens
    cut = next((t.i for t in tokens if t.i > root.i and t.text == ","), None)
    return tokens if cut is None else [t for t in tokens if t.i < cut]


def _sourced(
    index: int,
    cue: Token,
    source_tokens: list[Token],
    content: tuple[int, int],
    classified: tuple[SourceKind, Outlet | None, str],
    governs: bool,
    quotes: list[tuple[int, int]],
) -> Attribution:
    """An attribution whose one-word cue has a source phrase (verb and noun cues alike)."""
    kind, outlet, resolved = classified
    return Attribution(
        sentence=index,
        cue=_char_span([cue]),
        cue_text=cue.text,
        source=_char_span(source_tokens),
        content=content,
        kind=kind,
        source_text=_text(source_tokens),
        resolved=resolved,
        outlet=outlet,
        governs=governs,
        quoted=_inside(cue.idx, quotes),
    )


NOUN_CONTENT_PREPS = frozenset({"of", "on", "about", "for", "against", "over", "to"})
NOUN_SOURCE_PREPS = frozenset({"from", "by"})


def _noun_attribution(
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
    content_tokens: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss" and source_root is None:
            source_root = child
        elif child.dep_ == "prep" and child.lower_ in NOUN_SOURCE_PREPS and source_root is None:
            source_root = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and not content_tokens:
            content_tokens = _subtree_tokens(child)
        elif child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and not content_tokens:
            content_tokens = _subtree_tokens(child)[1:]
    if source_root is None:
        return None
    content = _span_of(content_tokens) if content_tokens else _adjacent_quote(noun, quotes)
    if content is None:
        return None
    source_tokens = _subtree_tokens(source_root)
    if not source_tokens or any(t.text in QUOTES for t in source_tokens):
        return None
    prior = sents[max(0, index - 2) : index]
    kind, outlet, resolved = classify(source_tokens, source_root, prior)
    if kind == SourceKind.UNCLEAR and source_root.lower_ not in POSSESSIVE_PRONOUNS:
        return None
    return _sourced(index, noun, source_tokens, content, (kind, outlet, resolved), False, quotes)


def _according_attributions(
    sent: Span, index: int, prior: list[Span], quotes: list[tuple[int, int]]
) -> list[Attribution]:
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
                quoted=_inside(cue.start_char, quotes),
            )
        )
    return found


def _measure_attributions(
    sent: Span, index: int, prior: list[Span], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """"In a new CNN poll, Clinton leads by 8 points", "by the AP's tally, he has 739":
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
        source_tokens = _subtree_tokens(target)
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
                cue=_char_span([prep]),
                cue_text=prep.text,
                source=_char_span(source_tokens),
                content=_char_span(content_tokens),
                kind=kind,
                source_text=_text(source_tokens),
                resolved=resolved,
                outlet=outlet,
                governs=_governs(prep.head, sent),
                quoted=_inside(prep.idx, quotes),
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


def quotations(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks, each closed at a paragraph's end.

    Curly marks open and close; straight marks and the '' of some wires toggle. A quote
    continued into a new paragraph opens again there, so an unclosed one ends at the break.
    """
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    for m in QUOTE_MARK.finditer(text):
        mark = m.group()
        if mark == "\n":
            if opened is not None:
                ranges.append((opened, m.start()))
            opened = None
        elif opened is None and mark != "”":
            opened = m.end()
        elif opened is not None and mark != "“":
            ranges.append((opened, m.start()))
            opened = None
        elif mark == "“":
            opened = m.end()
    if opened is not None:
        ranges.append((opened, len(text)))
    return ranges


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _speaker_labels(
    doc: Doc, sents: list[Span], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """Transcripts and headlines: "TAPPER: Do you think ..." or "Graham: Trump's rhetoric ...".

    The label opens a line (or follows a dash, as in digests: "... - Carl Bialik: “...”") and is
    a capitalised name that spaCy tags as a person or organisation, an all-capitals transcript
    label, a name before a quotation, or the head of a headline-length line ("Clinton to
    Planned Parenthood: Trump will ..."). Words like "UPDATE" or "Photo" are not speakers.
    """
    found: list[Attribution] = []
    skip = lexicon().speaker_label_skip
    starts = [s.start_char for s in sents]
    for m in SPEAKER_LABEL.finditer(doc.text):
        name = m.group("name")
        if name.lower() in skip:
            continue
        span = doc.char_span(m.start("name"), m.end("name"), alignment_mode="contract")
        content = doc.char_span(m.start("content"), m.end("content"), alignment_mode="expand")
        if span is None or content is None:
            continue
        capitals = name.replace(" ", "").replace(".", "").isupper() and len(name) > 1
        person = any(e.label_ in ("PERSON", "ORG") for e in span.ents)
        quote = m.group("content")[0] in "\"“‘'"
        line_end = doc.text.find("\n", m.end("colon"))
        line = doc.text[m.start("name") : line_end if line_end >= 0 else len(doc.text)]
        headline = (
            len(line.split()) <= HEADLINE_WORDS
            and not line.rstrip().endswith(":")
            and not any(t.pos_ in ("VERB", "AUX", "DET") for t in span)
        )
        if not (capitals or person or quote or headline):
            continue
        index = max(0, bisect_right(starts, m.start("name")) - 1)
        source_tokens = list(span)
        prior = sents[max(0, index - 2) : index]
        kind, outlet, resolved = classify(source_tokens, span.root, prior)
        found.append(
            Attribution(
                sentence=index,
                cue=(m.start("colon"), m.end("colon")),
                cue_text=":",
                source=_char_span(source_tokens),
                content=_char_span([t for t in content if not t.is_space]),
                kind=kind,
                source_text=span.text,
                resolved=resolved,
                outlet=outlet,
                governs=True,
                quoted=_inside(m.start("name"), quotes),
            )
        )
    return found


def find_attributions(doc: Doc, sents: list[Span] | None = None) -> list[Attribution]:
    """Every attribution in the document, in order, with chains linked through `parent`."""
    sents = sents if sents is not None else sentences(doc)
    quotes = quotations(doc.text)
    labels: dict[int, list[Attribution]] = {}
    for label in _speaker_labels(doc, sents, quotes):
        labels.setdefault(label.sentence, []).append(label)
    found: list[Attribution] = []
    for index, sent in enumerate(sents):
        prior = sents[max(0, index - 2) : index]
        according = _according_attributions(sent, index, prior, quotes)
        measures = [
            m
            for m in _measure_attributions(sent, index, prior, quotes)
            if not any(m.content[0] <= a.cue[0] < m.content[1] for a in according)
        ]
        here = according + measures + labels.get(index, [])
        taken = {a.cue for a in here}
        for token in sent:
            attribution = _verb_attribution(token, sents, index, quotes) or _noun_attribution(
                token, sents, index, quotes
            )
            if attribution is not None and attribution.cue not in taken:
                here.append(attribution)
        here.sort(key=lambda a: a.cue)
        found.extend(_link_chain(here, offset=len(found), doc=doc))
    return found


def _second_statement(doc: Doc, a: Attribution) -> bool:
    """The cue is a verb coordinated with another ("said X and said Y") or a participle
    clause ("..., claiming that ..."), not a verb the other one governs ("refused to concede")."""
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    return span is not None and span.root.dep_ in ("conj", "advcl")


def _link_chain(
    attributions: list[Attribution], offset: int, doc: Doc
) -> list[Attribution]:
    """Nest each attribution inside the smallest other one whose content holds its cue.

    One whose source is the very same words as the holder's is not nested: "Trump insisted
    that ..., claiming that ..." or "He said X and said Y" are two statements by one
    speaker (the parse merely hangs the second verb inside the first one's clause), not a
    report within a report.
    """
    linked: list[Attribution] = []
    for a in attributions:
        holders = [
            (b.content[1] - b.content[0], j)
            for j, b in enumerate(attributions)
            if b is not a
            and b.content[0] <= a.cue[0]
            and a.cue[1] <= b.content[1]
            and not (a.source is not None and a.source == b.source and _second_statement(doc, a))
        ]
        parent = offset + min(holders)[1] if holders else None
        linked.append(
            a if parent is None else Attribution(**{**a.__dict__, "parent": parent})
        )
    return linked


def chain_for(attributions: list[Attribution], sentence: int) -> tuple[Source, ...]:
    """The chain framing a sentence, outermost first ("Iran Press ... Sputnik reported")."""
    ordered = [a for a in attributions if a.sentence == sentence]
    outer = [
        a for a in ordered if a.governs and a.parent is None and not a.quoted and a.source
    ]
    if not outer:
        return ()
    chain = [outer[0]]
    index_of = {id(a): i for i, a in enumerate(attributions)}
    while True:
        current = index_of[id(chain[-1])]
        inner = [a for a in ordered if a.parent == current and a.source]
        if not inner:
            break
        chain.append(inner[0])
    return tuple(a.to_source() for a in chain)

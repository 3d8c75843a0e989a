"""Speaker tags of direct quotations: '"...," Graham said.' and 'Graham said: "..."'.

A sentence that is a quotation and its speaker tag reads the same whatever spaCy makes of it:
the tag's subject said the quotation. The parse often hangs a tag after a long quotation
inside the quotation's own clauses ('... research that showed that that's where young men
were spending time," Graham said': "said" as a complement of "showed"), so the cue is nested
in a statement it is no part of and the sentence loses its speaker.

Here the quotation marks on the raw text (`quotes.quotations`) say where the quotation ends
and the tag begins, and the tag itself is read from the parse: a speech verb whose subject
phrase fills the tag from the closing mark to the verb, with only the verb's auxiliaries and
adverbs between (',” the company's spokesman also said'), or, inverted, the verb right after
the mark and its subject right after it (',” said Maria Lopez, a union organiser'). What may
follow the verb is free ("on CNBC", "in a statement", "Monday", "told reporters"). Anything
else after a quotation (', and the council voted it down', '"Stranger Things," the series,
returned'), a quotation of fewer than three words (a title or a scare quote), a quotation
that ends on a full stop and a negated verb ("did not say") make no tag, and the sentence
keeps what the parse gave it. The mirror case, a sentence that is only a tag then a comma or
colon then a quotation ('Graham said on Monday: "..."'), is a tag too.

A tag is the verb's own attribution (source, kind and pronoun resolution as for any cue),
made to frame its sentence, with the quotation as its content: both parts of one the tag
interrupts ('"...," Obama said, "..."'), and a quotation that goes on right after the tag's
sentence in the same paragraph with no tag of its own ('"...," he said. "They're sending
... They're rapists."'), when the tag holds no other verb. `chains` nests no tag in a cue
inside quotation marks and nests in a tag only the cues inside them. Beyond that, how far a
tag carries into later sentences stays `sourcing`'s rule. A pronoun tag whose resolution is
a name only the quotation mentions ('"... Mr. Trump's got ...," he continued') keeps the
pronoun and drops the name.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from bot.engine.attribution.base import (
    Attribution,
    char_span_of,
    doc_text,
    is_inside,
    lemma_of,
    subtree_tokens,
    text_of,
)
from bot.engine.attribution.kinds import classify
from bot.engine.attribution.sourcing import SPEECH, desk_act
from bot.engine.attribution.speakers import bare_source
from bot.engine.attribution.verbs import verb_attribution
from bot.engine.lexicon import lexicon

Range = tuple[int, int]

CLOSING = frozenset('"”')
QUOTE_CHARS = "\"“”'"
TAG_END = frozenset(",?!—–")
TAG_OPEN = frozenset(",:")
BETWEEN = frozenset({"aux", "auxpass", "advmod"})
MEDIUM_PREPS = frozenset({"in", "at", "during", "via", "through"})
STATEMENT_WORDS = frozenset({"promise", "slogan", "remark", "words", "message", "pledge", "quote"})
MIN_QUOTE_WORDS = 3
MAX_TAG_TOKENS = 15


def speaker_tags(doc: Doc, sents: list[Span], quotes: list[Range]) -> list[Attribution]:
    """One attribution per sentence made of a closed quotation and its speaker tag, in order."""
    text = doc_text(doc)
    ends = [b for _, b in quotes]
    found: list[Attribution] = []
    for index, sent in enumerate(sents):
        lo = bisect_left(ends, sent.start_char)
        here = [q for q in quotes[lo:] if q[0] < sent.end_char]
        if not here:
            continue
        tag = _tag_after(here, sent, sents, index, text, quotes) or _tag_before(
            here, sent, sents, index, text, quotes
        )
        if tag is not None:
            found.append(tag)
    return found


def _tag_after(
    here: list[Range], sent: Span, sents: list[Span], index: int, text: str, quotes: list[Range]
) -> Attribution | None:
    """ '"...," Graham said on CNBC on Monday.': the sentence opens inside a quotation (or with
    its opening mark) that closes, on a comma, question or exclamation mark or dash, inside
    the sentence, and the words after the closing mark are a tag."""
    start, end = here[0]
    if end >= sent.end_char or not _closed(text, end):
        return None
    if text[sent.start_char : start].strip().strip(QUOTE_CHARS):
        return None
    words = text[start:end].rstrip()
    if not words or words[-1] not in TAG_END or len(words.split()) < MIN_QUOTE_WORDS:
        return None
    tag = [t for t in sent if t.idx > end and not t.is_space]
    found = _inverted(tag) or _subject_first(tag)
    if found is None:
        return None
    verb, subject = found
    content = _trimmed(text, start, end)
    if len(here) > 1 and _resumes(here[1], tag, verb):
        content = (content[0], _trimmed(text, *here[1])[1])
    elif (after := _goes_on(quotes, sent, tag, verb, text)) is not None:
        content = (content[0], _trimmed(text, *after)[1])
    return _framing(verb, subject, sents, index, quotes, content)


def _tag_before(
    here: list[Range], sent: Span, sents: list[Span], index: int, text: str, quotes: list[Range]
) -> Attribution | None:
    """ 'Graham said on Monday: "..."': a sentence that is a tag, a comma or colon, then a
    quotation running to the sentence's end (or beyond it)."""
    start, end = here[-1]
    if end < sent.end_char and text[end : sent.end_char].strip(" .\n" + QUOTE_CHARS):
        return None
    before = text[sent.start_char : start].rstrip().rstrip(QUOTE_CHARS).rstrip()
    if not before or before[-1] not in TAG_OPEN or len(text[start:end].split()) < MIN_QUOTE_WORDS:
        return None
    tag = [t for t in sent if t.idx < start and not t.is_space and not t.is_punct]
    found = _subject_first(tag)
    if found is None or not _only_tag(tag, found[0]):
        return None
    return _framing(*found, sents, index, quotes, _trimmed(text, start, end))


def _closed(text: str, end: int) -> bool:
    """The quotation ends on a quotation mark, not at a paragraph break or the text's end."""
    return text[end : end + 1] in CLOSING or text[end : end + 2] == "''"


def _trimmed(text: str, start: int, end: int) -> Range:
    words = text[start:end]
    lead = len(words) - len(words.lstrip())
    return start + lead, start + len(words.rstrip(" ,.;:\n"))


def _resumes(quote: Range, tag: list[Token], verb: Token) -> bool:
    """ '"...," Obama said, "they don't ..."': the quotation goes on right after the tag,
    after a comma, and the tag between holds no verb but its own (so no other cue's words
    sit inside the content)."""
    between = [t for t in tag if t.idx < quote[0] and t.text not in QUOTE_CHARS]
    if not between or between[-1].text != ",":
        return False
    return _bare(between, verb)


def _goes_on(
    quotes: list[Range], sent: Span, tag: list[Token], verb: Token, text: str
) -> Range | None:
    """ '"...," he said. "They're sending ... They're rapists."': a quotation opening right
    after the tag's sentence, in the same paragraph, with no tag of its own (nothing follows
    its closing mark on the line, or it runs to the paragraph's end), goes on with the same
    speaker for all its sentences."""
    if not _bare(tag, verb):
        return None
    at = bisect_left(quotes, (sent.end_char, 0))
    if at == len(quotes):
        return None
    start, end = quotes[at]
    gap = text[sent.end_char : start - 1]
    if "\n" in gap or gap.strip() or text[start - 1] not in "\"“":
        return None
    line_end = text.find("\n", end)
    rest = text[end + 1 : line_end if line_end >= 0 else len(text)]
    if _closed(text, end) and rest.strip(" .,;\t" + QUOTE_CHARS):
        return None
    return start, end


def _bare(tag: list[Token], verb: Token) -> bool:
    return not any(t.pos_ in ("VERB", "AUX") and t != verb for t in tag)


def _speech_verb(token: Token) -> bool:
    return (
        token.pos_ == "VERB"
        and desk_act(token, lemma_of(token), "quote") == SPEECH
        and not any(c.dep_ == "neg" for c in token.children)
    )


def _inverted(tag: list[Token]) -> tuple[Token, Token] | None:
    """ ',” said Maria Lopez, a union organiser': the verb first (after an adverb at most),
    then its subject, whose phrase starts right after it."""
    words = [t for t in tag[:2] if not t.is_punct]
    verb = next((t for t in words if _speech_verb(t)), None)
    if verb is None or any(t.i < verb.i and t.dep_ != "advmod" for t in words):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)
    if subject is None or subject.left_edge.i != verb.i + 1:
        return None
    return verb, subject


def _subject_first(tag: list[Token]) -> tuple[Token, Token] | None:
    """ ',” Graham said', ',” the official who ran the plant also said': the first verb whose
    subject phrase starts at the tag's first word, with only its auxiliaries and adverbs
    between that phrase and it."""
    if not tag:
        return None
    for verb in tag[:MAX_TAG_TOKENS]:
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is None or subject.left_edge.i != tag[0].i:
            continue
        gap = verb.doc[subject.right_edge.i + 1 : verb.i]
        if not _speech_verb(verb) or any(
            t.head != verb or t.dep_ not in BETWEEN for t in gap if not t.is_punct
        ):
            return None
        return verb, subject
    return None


def _only_tag(tag: list[Token], verb: Token) -> bool:
    """A tag before a quotation is all the verb's (its subject, adverbs, "on Monday", "in a
    statement", "told reporters"). It opens no clause of its own ('He said the plan failed,
    "badly"' reports the clause, not the quotation) and names no other words the quotation
    could be ('Smith mocked the governor's promise, "no new taxes this year"', 'criticised
    the plan, "..."'): no object but a "tell"'s listener, and no statement noun but the one
    it was said in ("in a statement", "at a briefing")."""
    own = {t.i for t in verb.subtree}
    if not all(t.i in own for t in tag):
        return False
    if any(
        c.dep_ in ("ccomp", "xcomp", "advcl", "conj", "parataxis")
        or (c.dep_ == "dobj" and lemma_of(verb) != "tell")
        for c in verb.children
        if c.i <= tag[-1].i
    ):
        return False
    words = lexicon().reporting_nouns | STATEMENT_WORDS
    return not any(
        t.i > verb.i and t.lemma_.lower() in words and t.head.lower_ not in MEDIUM_PREPS
        for t in tag
    )


def _framing(
    verb: Token,
    subject: Token,
    sents: list[Span],
    index: int,
    quotes: list[Range],
    content: Range,
) -> Attribution | None:
    """The verb's attribution, framing the sentence with the quotation as its content.

    Its source is the tag's subject: where the parse gives the verb a second subject inside
    the quotation ('Every single amendment," said Cruz': "amendment" and "Cruz" both nsubj),
    the source is made again from the tag's."""
    if is_inside(verb.idx, quotes):
        return None
    found = verb_attribution(verb, sents, index, quotes)
    if found is None:
        return None
    # The content is a quotation, whatever the parse found for the verb ('said on Monday,
    # "just a few more days ..."' is speech even where a bare noun phrase would not be).
    fields = {
        **found.__dict__,
        "content": content,
        "governs": True,
        "quoted": False,
        "act": SPEECH,
    }
    phrase = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
    if found.source is None or not phrase[0] <= found.source[0] < phrase[1]:
        tokens = bare_source(subtree_tokens(subject, stop=verb), subject)
        if not tokens or any(t.text in QUOTE_CHARS for t in tokens):
            return None
        kind, outlet, resolved = classify(list(tokens), subject, sents[max(0, index - 2) : index])
        fields.update(
            source=char_span_of(tokens),
            source_text=text_of(tokens),
            kind=kind,
            outlet=outlet,
            resolved=resolved,
            relay=None,
        )
    if subject.pos_ == "PRON" and _named_in_quote(fields["resolved"], content, sents, index):
        fields["resolved"] = ""
    return Attribution(**fields)


def _named_in_quote(name: str, content: Range, sents: list[Span], index: int) -> bool:
    """ '"... because Mr. Trump's got more attention," he continued': a pronoun resolved to a
    name the quotation itself mentions (and the two sentences before do not) found the
    quoted person, not the speaker; the name is left out ("he", a person) rather than guessed."""
    if not name:
        return False
    sent = sents[index]
    quoted = [
        e for e in sent.ents if content[0] <= e.start_char < content[1] and e.text.endswith(name)
    ]
    before = sents[max(0, index - 2) : index]
    return bool(quoted) and not any(e.text.endswith(name) for s in before for e in s.ents)

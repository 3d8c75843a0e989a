"""Every attribution of a parsed document, in order, nested into chains through `parent`."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from bot.engine.attribution.base import MAX_CUES_PER_SENTENCE, Attribution, sentences
from bot.engine.attribution.nouns import (
    according_attributions,
    measure_attributions,
    noun_attribution,
)
from bot.engine.attribution.quotes import quotations, speaker_labels
from bot.engine.attribution.tags import speaker_tags
from bot.engine.attribution.verbs import verb_attribution


def find_attributions(
    doc: Doc, sents: list[Span] | None = None, quotes: list[tuple[int, int]] | None = None
) -> list[Attribution]:
    """Every attribution in the document, in order, with chains linked through `parent`;
    `quotes` are the text's quotations when the caller has found them already.

    A sentence yields at most MAX_CUES_PER_SENTENCE attributions: nesting them is quadratic
    in their number, and no sentence a person wrote holds that many reports.
    """
    sents = sents if sents is not None else sentences(doc)
    quotes = quotes if quotes is not None else quotations(doc.text)
    labels: dict[int, list[Attribution]] = {}
    for label in speaker_labels(doc, sents, quotes):
        labels.setdefault(label.sentence, []).append(label)
    tags = speaker_tags(doc, sents, quotes)
    for tag in tags:
        labels.setdefault(tag.sentence, []).append(tag)
    tag_cues = {tag.cue for tag in tags}
    found: list[Attribution] = []
    for index, sent in enumerate(sents):
        prior = sents[max(0, index - 2) : index]
        according = according_attributions(sent, index, prior, quotes)
        measures = [
            m
            for m in measure_attributions(sent, index, prior, quotes)
            if not any(m.content[0] <= a.cue[0] < m.content[1] for a in according)
        ]
        here = according + measures + labels.get(index, [])
        taken = {a.cue for a in here}
        for token in sent:
            if len(here) >= MAX_CUES_PER_SENTENCE:
                break
            attribution = verb_attribution(token, sents, index, quotes) or noun_attribution(
                token, sents, index, quotes
            )
            if attribution is not None and attribution.cue not in taken:
                here.append(attribution)
        here.sort(key=lambda a: a.cue)
        found.extend(_link_chain(here, offset=len(found), doc=doc, tags=tag_cues))
    return found


def _second_statement(doc: Doc, a: Attribution) -> bool:
    """The cue is a verb coordinated with another ("said X and said Y") or a participle
    clause ("..., claiming that ..."), not a verb the other one governs ("refused to concede")."""
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    return span is not None and span.root.dep_ in ("conj", "advcl")


def _holds_larger(a: Attribution, b: Attribution) -> bool:
    """Each holds the other's cue ("X said it had traced contacts, according to Y", where the
    parse hangs "according" inside X's clause): the one with the larger content is outside."""
    return (
        a.content[0] <= b.cue[0]
        and b.cue[1] <= a.content[1]
        and a.content[1] - a.content[0] > b.content[1] - b.content[0]
    )


def _link_chain(
    attributions: list[Attribution],
    offset: int,
    doc: Doc,
    tags: set[tuple[int, int]],
) -> list[Attribution]:
    """Nest each attribution inside the smallest other one whose content holds its cue.

    One whose source is the very same words as the holder's is not nested: "Trump insisted
    that ..., claiming that ..." or "He said X and said Y" are two statements by one
    speaker (the parse merely hangs the second verb inside the first one's clause), not a
    report within a report. A speaker tag of a quotation (its cue is in `tags`, see the
    `tags` module) stands outside the quotation whatever the parse hangs it on: no cue
    inside quotation marks holds it ('"... research showed ...," Graham said'), one in the
    tag itself can ('..., said one expert, as reported by the Independent'), and it holds
    only the cues inside the quotation.
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
            and (not b.quoted if a.cue in tags else not _holds_larger(a, b))
            and (a.quoted or b.cue not in tags)
        ]
        parent = offset + min(holders)[1] if holders else None
        linked.append(a if parent is None else Attribution(**{**a.__dict__, "parent": parent}))
    return linked

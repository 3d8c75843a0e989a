"""Direct quotations and speaker labels ("TAPPER: ..."), found on the raw text."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

from bot.engine.attribution.base import (
    QUOTE_MARK,
    Attribution,
    char_span_of,
    doc_text,
    ents_in,
    is_inside,
)
from bot.engine.attribution.kinds import classify
from bot.engine.lexicon import lexicon

SPEAKER_LABEL = re.compile(
    r"(?:^[ \t]*|[ \t][-–—][ \t]|^(?:[A-Z]+[ \t])?[-–—][ \t])"
    r"(?P<name>[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|on|at|to|of|and|in)){0,6}?)"
    r"(?P<colon>:)[ \t]+(?P<content>\S[^\n]*)",
    re.MULTILINE,
)

HEADLINE_WORDS = 25


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


def speaker_labels(doc: Doc, sents: list[Span], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Transcripts and headlines: "TAPPER: Do you think ..." or "Graham: Trump's rhetoric ...".

    The label opens a line (or follows a dash, as in digests: "... - Carl Bialik: “...”") and is
    a capitalised name that spaCy tags as a person or organisation, an all-capitals transcript
    label, a name before a quotation, or the head of a headline-length line ("Clinton to
    Planned Parenthood: Trump will ..."). Words like "UPDATE" or "Photo" are not speakers.
    """
    found: list[Attribution] = []
    skip = lexicon().speaker_label_skip
    starts = [s.start_char for s in sents]
    text = doc_text(doc)
    for m in SPEAKER_LABEL.finditer(text):
        name = m.group("name")
        if name.lower() in skip:
            continue
        span = doc.char_span(m.start("name"), m.end("name"), alignment_mode="contract")
        content = doc.char_span(m.start("content"), m.end("content"), alignment_mode="expand")
        if span is None or content is None:
            continue
        capitals = name.replace(" ", "").replace(".", "").isupper() and len(name) > 1
        person = any(e.label_ in ("PERSON", "ORG") for e in ents_in(span))
        quote = m.group("content")[0] in "\"“‘'"
        line_end = text.find("\n", m.end("colon"))
        line = text[m.start("name") : line_end if line_end >= 0 else len(text)]
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
                source=char_span_of(source_tokens),
                content=char_span_of([t for t in content if not t.is_space]),
                kind=kind,
                source_text=span.text,
                resolved=resolved,
                outlet=outlet,
                governs=True,
                quoted=is_inside(m.start("name"), quotes),
                act="speech" if quote or _says_something(content) else "",
                lemma=":",
            )
        )
    return found


def _says_something(content: Span) -> bool:
    """A transcript's "TAPPER: We asked him ..." has a verb of its own; a listing's
    "Jane Doe: possession of ..., held in lieu of bond" names charges, not words."""
    return any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in content)

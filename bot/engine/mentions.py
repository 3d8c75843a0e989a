"""What a sentence names, and which of its names a checker can act on.

Figures inside names and codes, ages and scores read as dates, and nationalities read as places
all produced checklist items that were false on their face; these checks keep them out.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from bot.engine.lexicon import Lexicon

PLACE_LABELS = ("GPE", "LOC", "FAC")
LOCATIVE = frozenset({"in", "at", "near", "around", "outside", "into", "inside", "across", "from"})


def is_place(ent: Span, lex: Lexicon) -> bool:
    """A named place used as where something is ("in Deir Ez-Zor", "the al-Baghuz area"):
    nationality adjectives ("Israeli settlements"), people and companies are never places to
    geolocate, whatever label the small model gives them."""
    root = ent.root
    named = ent.label_ in PLACE_LABELS or (ent.label_ == "NORP" and root.tag_ in ("NNP", "NNPS"))
    if (
        named
        and root.head.lemma_.lower() in lex.place_heads
        and root.dep_ in ("compound", "amod", "nmod")
    ):
        return True
    if ent.label_ not in PLACE_LABELS:
        return False
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    return root.dep_ in ("compound", "amod") and root.head.lemma_.lower() in lex.place_heads


SMALL_NUMBERS = frozenset(
    ["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    + [str(n) for n in range(10)]
)


def small_number(ent: Span) -> bool:
    """ "Two radar masts" counts things; it is not a figure with primary data behind it."""
    return ent.label_ == "CARDINAL" and ent.text.lower() in SMALL_NUMBERS


CODE = re.compile(r"[A-Za-z]+\d+[A-Za-z\d]*")


NOT_A_DATE = re.compile(
    r"^\W*\d{1,3}\W*$|\d\s*-\s*\d{1,2}$|-(?:year|month|week|day|hour|minute)|years? old|"
    r"^\d{1,2}:\d{2}",
    re.IGNORECASE,
)


def part_of_name(ent: Span) -> bool:
    """ "STOXX 600", "CLc1", "3170 W. County Road": a number inside a name or code is no
    figure with data behind it."""
    if ent.label_ != "CARDINAL":
        return False
    if any(CODE.fullmatch(t.text) for t in ent):
        return True
    root = ent.root
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (root.dep_ in ("compound", "nummod", "appos") and root.head.pos_ == "PROPN") or (
        before is not None and before.pos_ == "PROPN" and before.is_upper and len(before) > 1
    )


QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]+)[\"”»]")


def quotes_words(text: str) -> bool:
    """Someone's words in quotation marks: three words or more, not a quoted name ("Qasd")."""
    return any(len(m.group(1).split()) >= 3 for m in QUOTED.finditer(text))

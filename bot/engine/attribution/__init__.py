"""Who says so: attributions found in spaCy's parse, each with its cue, source and content.

Rules over the dependency parse, not a model, so that every source shown to a desk can be
explained; when the parse gives no clear source the kind is `unclear` rather than a guess.
One module per concern: `verbs` and `nouns` find cues, `content` what they report, `speakers`
who speaks and of what kind, `quotes` direct quotations and speaker labels, `chains` nests
them; `sourcing` decides which of them make a claim's source for a desk (`chain_for`).
"""

from bot.engine.attribution.base import QUOTES, Attribution, char_span_of, sentences
from bot.engine.attribution.chains import find_attributions
from bot.engine.attribution.quotes import quotations
from bot.engine.attribution.sourcing import chain_for

__all__ = [
    "QUOTES",
    "Attribution",
    "chain_for",
    "char_span_of",
    "find_attributions",
    "quotations",
    "sentences",
]

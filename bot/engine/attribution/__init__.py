"""Who says so: attributions found in spaCy's parse, each with its cue, source and content.

Rules over the dependency parse, not a model, so that every source shown to a desk can be
explained; when the parse gives no clear source the kind is `unclear` rather than a guess.
One module per concern: `verbs` and `nouns` find cues, `content` what they report, `speakers`
who speaks and of what kind, `quotes` direct quotations and speaker labels, `chains` ties them
into the per-sentence chains the engine shows.
"""

from bot.engine.attribution.base import QUOTES, Attribution, sentences
from bot.engine.attribution.chains import chain_for, find_attributions
from bot.engine.attribution.quotes import quotations

__all__ = ["QUOTES", "Attribution", "chain_for", "find_attributions", "quotations", "sentences"]

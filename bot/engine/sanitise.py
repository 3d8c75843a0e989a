"""Text made safe to parse: bounded punctuation runs, tokens and unbroken sentences.

spaCy's tokenizer splits a whitespace-free chunk by peeling prefixes and suffixes one at a
time and rescanning what is left, so a chunk made of many affixes ("!!!!…", "))))…",
"'s's's…") costs time quadratic in its length, in C, holding the GIL: 10,000 "!" take about
20 s. Parsing and attribution work per sentence, so one sentence of 40,000 characters costs
far more than the same words in sentences of ordinary length.

`sanitise` bounds all three before anything else reads the text, and the sanitised text is
the text that is analysed: segments, sentences, claims and attributions all carry offsets
into it, and nothing downstream ever sees the original. An offset map back to the original
was the alternative; it would have to be applied at every place that reads an offset (claims,
attributions, skipped segments, evals) and gains nothing, since a claim is shown with its own
words, which are the sanitised ones. Ordinary prose passes through unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RUN = 10
MAX_TOKEN = 100
MAX_SENTENCE = 2000

_RUN = re.compile(rf"([^\w\s]|_)\1{{{MAX_RUN},}}")
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")
_UNBROKEN = re.compile(rf"[^.!?;\n]{{{MAX_SENTENCE + 1},}}")


@dataclass(frozen=True)
class Sanitised:
    """The text to analyse, and how many characters were taken out or broken to get it."""

    text: str
    shortened: int = 0
    broken: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.shortened or self.broken)


def sanitise(text: str) -> Sanitised:
    """Shorten runs of one repeated punctuation character to MAX_RUN, split whitespace-free
    chunks longer than MAX_TOKEN with a space, and end a stretch of more than MAX_SENTENCE
    characters with no sentence break at a line break (a space becomes a newline, so that
    step moves no offset). Linear in the length of the text."""
    shortened_text = _RUN.sub(lambda m: m.group(1) * MAX_RUN, text)
    shortened = len(text) - len(shortened_text)
    split_text, split = _split_long_tokens(shortened_text)
    final, broken = _break_long_sentences(split_text)
    return Sanitised(final, shortened, split + broken)


def _split_long_tokens(text: str) -> tuple[str, int]:
    count = 0

    def split(match: re.Match[str]) -> str:
        nonlocal count
        chunk = match.group(0)
        pieces = [chunk[i : i + MAX_TOKEN] for i in range(0, len(chunk), MAX_TOKEN)]
        count += len(pieces) - 1
        return " ".join(pieces)

    return _LONG_TOKEN.sub(split, text), count


def _break_long_sentences(text: str) -> tuple[str, int]:
    """Within each stretch of more than MAX_SENTENCE characters with no sentence break, turn
    the last space before every MAX_SENTENCE characters into a newline (a sentence start for
    the pipeline)."""
    chars: list[str] | None = None
    count = 0
    for stretch in _UNBROKEN.finditer(text):
        start, end = stretch.span()
        while end - start > MAX_SENTENCE:
            cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
            if cut < 0:
                break
            if chars is None:
                chars = list(text)
            chars[cut] = "\n"
            count += 1
            start = cut
    return ("".join(chars) if chars is not None else text), count

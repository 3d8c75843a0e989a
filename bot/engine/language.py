"""A cheap guess at whether a text is English, made before any parsing.

The rules and the model are English-only; on other languages they produce confident
nonsense, so the report says so instead of listing claims.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 12


def looks_english(text: str) -> bool:
    words = _WORD.findall(text[:20_000].lower())
    if len(words) < MIN_WORDS:
        return True
    letters = "".join(words)
    latin = sum(1 for ch in letters if ch.isascii()) / len(letters)
    if latin < 0.7:
        return False
    stop = sum(1 for w in words if w in STOP_WORDS) / len(words)
    return stop >= 0.2

"""Text as the registry and the word lists should see it: one spelling per word.

A soft hyphen, a zero-width space or a Cyrillic "р" inside "Sputnik" looks the same to a
reader and hides the outlet from every lookup, which drops its state-affiliation flag; a
bidirectional override reorders what a desk sees. So the engine reads text in Unicode's
compatibility form (NFKC) with invisible and bidirectional-control characters removed and,
inside a word that mixes Latin letters with Cyrillic or Greek look-alikes, those letters
folded to Latin. Words written wholly in another script are left as they are.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p",
        "с": "c", "т": "T", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)
WORD = re.compile(r"\w+")


def clean_text(text: str) -> str:
    """NFKC, invisible characters removed, mixed-script look-alikes folded to Latin."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return WORD.sub(_fold_mixed, text)


def _fold_mixed(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii():
        return word
    latin = any("a" <= ch.lower() <= "z" for ch in word)
    folded = word.translate(CONFUSABLES)
    return folded if latin and folded != word else word

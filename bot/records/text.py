"""Words for matching claims: what a tweet, a headline and an article sentence share when they
state the same claim, with links, handles, hashtags and sign-offs taken out of the way.

Pure functions of strings, so the matcher's rules can be tested without a database.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


def _word_set(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


STOP_WORDS = _word_set(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves s t don doesn didn isn
    wasn aren weren won wouldn shouldn couldn ve ll re d m says said say saying via amp rt get got
    just like one new people"""
)
NEGATIONS = _word_set(
    """not no never nobody nothing none neither nor without cannot can't won't don't doesn't
    didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't
    deny denies denied"""
)
NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000",
}

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|\b\S+\.(?:com|org|net|ly|co)/\S*")
_SIGN_OFF = re.compile(
    r"[—–-]\s*[^—–\n]{0,80}\(@\w+\)\s*(?:\w+ \d{1,2}, \d{4})?\s*\W*$"
)
_HANDLE = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME = re.compile(r"\b[A-Z][\w’'.-]*[A-Za-z]")


def _split_joined(match: re.Match[str]) -> str:
    """#ReginaldVelJohnson -> "Reginald Vel Johnson VelJohnson": the parts, and neighbours joined
    in case the split went too far."""
    parts = _CAMEL.sub(" ", match.group(1).replace("_", " ")).split()
    pairs = [a + b for a, b in itertools.pairwise(parts) if a.isalpha() and b.isalpha()]
    return " " + " ".join(parts + pairs) + " "


def clean(text: str) -> str:
    """Links, a tweet's sign-off ("— Name (@handle) January 28, 2021"), @handles and #hashtags
    as words ("#BlackLivesMatter" -> "Black Lives Matter"), quotes and spacing unified."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    text = _SIGN_OFF.sub(" ", text.rstrip())
    text = _HANDLE.sub(_split_joined, text)
    text = _HASHTAG.sub(_split_joined, text)
    return " ".join(text.replace("’", "'").replace('""', '"').split())


_SIGNER = re.compile(
    r"[—–-]\s*(?P<name>[^—–\n(]{1,60}?)\s*\(@\w+\)\s*"
    r"(?P<month>[A-Z][a-z]+) \d{1,2}, (?P<year>\d{4})"
)


def signed(text: str, *, month: bool = True) -> str:
    """Who signed a pasted tweet, and the month it was sent ("Donald J. Trump May 2019"):
    `clean` takes the sign-off out of the text, but a fact-check of a tweet often names its
    author and month ("... tweeted in May 2019")."""
    found = _SIGNER.search(unicodedata.normalize("NFKC", text))
    if not found:
        return ""
    if not month:
        return found.group("name")
    return f"{found.group('name')} {found.group('month')} {found.group('year')}"


def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, -ly; enough for "vaccines" ~ "vaccinated"."""
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ness", ""), ("ments", ""), ("ment", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    for suffix in ("ations", "ation", "ing", "ed", "ly", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _number(raw: str) -> str:
    digits = raw.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("0") or "0"


def words(text: str) -> list[str]:
    """Lower-cased words and numbers in order, possessives dropped, numbers without separators."""
    found = []
    for raw in _WORD.findall(clean(text)):
        if raw[0].isdigit():
            found.append(_number(raw))
            continue
        word = raw.casefold().replace("’", "'")
        word = word.removesuffix("'s")
        found.extend(part for part in word.split("'") if part)
    return found


def content_words(text: str) -> list[str]:
    """Words worth searching for, unstemmed, first occurrence only (the engines stem)."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)


def terms(text: str) -> set[str]:
    """Stemmed content words: the unit two wordings of one claim are compared by."""
    return {stem(NUMBER_WORDS.get(word, word)) for word in content_words(text)}


def numbers(text: str) -> set[str]:
    """The quantities a claim states (digits and number words); years and counts alike."""
    found = set()
    for word in words(text):
        if word.isdigit() or word.replace(".", "", 1).isdigit():
            found.add(word)
        elif word in NUMBER_WORDS and word not in ("one", "hundred", "thousand"):
            found.add(NUMBER_WORDS[word])
    return found


def names(text: str) -> set[str]:
    """Capitalised words that are not a sentence's first word nor a stop word, lower-cased:
    the people, places and things a claim is about."""
    cleaned = clean(text)
    found = set()
    for match in _NAME.finditer(cleaned):
        before = cleaned[: match.start()].rstrip()
        if not before or before[-1] in ".!?:\"'“(":
            continue
        word = match.group(0).casefold().removesuffix("'s").strip(".")
        if word not in STOP_WORDS and not word.isupper():
            found.add(stem(word))
    return found


def negated(text: str) -> bool:
    """Whether the claim is put negatively ("did not", "never", "no evidence")."""
    lowered = clean(text).casefold().replace("’", "'")
    tokens = re.findall(r"[a-z]+(?:'[a-z]+)?", lowered)
    return any(token in NEGATIONS or token.endswith("n't") for token in tokens)


PROFILE_VERSION = 2
"""1: a JSON array; 2: fields joined by SEPARATOR, read without a JSON parser (a lookup reads
hundreds of stored profiles: 5 us each instead of 8). Version 1 rows are still read."""
SEPARATOR = "\x1f"
_CURRENT = f"{PROFILE_VERSION}{SEPARATOR}"


@dataclass(frozen=True)
class Profile:
    """What the re-ranker reads of a text, computed once (and stored beside indexed claims)."""

    terms: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    negated: bool

    def to_json(self) -> str:
        """The stored form (version 2: no longer JSON, the name kept for its callers)."""
        return SEPARATOR.join(
            (str(PROFILE_VERSION), " ".join(sorted(self.terms)), " ".join(sorted(self.names)),
             " ".join(sorted(self.numbers)), "1" if self.negated else "")
        )

    @classmethod
    @lru_cache(maxsize=20_000)
    def from_json(cls, raw: str, text: str) -> Profile:
        """The stored profile, or a fresh one when it was made by other rules (or is missing)."""
        fields = _current_fields(raw)
        if fields is not None:
            return cls(
                frozenset(fields[1].split()), frozenset(fields[2].split()),
                frozenset(fields[3].split()), fields[4] == "1",
            )
        try:
            version, terms_, names_, numbers_, negated_ = json.loads(raw)
        except (TypeError, ValueError):
            return profile(text)
        if version != 1:
            return profile(text)
        return cls(frozenset(terms_), frozenset(names_), frozenset(numbers_), bool(negated_))


@lru_cache(maxsize=4096)
def profile(text: str) -> Profile:
    return Profile(
        frozenset(terms(text)), frozenset(names(text)), frozenset(numbers(text)), negated(text)
    )


class Listed(NamedTuple):
    """A stored profile's fields as listed in it, each word once (they were written from
    sets), with no sets built: what the re-ranker compares a candidate by. A lookup reads
    ~1,000 stored profiles, most of them new to the process, and compares each once or twice;
    building three sets for each (and caching them) cost twice what reading them does."""

    terms: list[str]
    names: list[str]
    numbers: list[str]
    negated: bool


def stored(raw: str, text: str) -> Listed | Profile:
    """A stored profile (of `text`) for comparing: the current form as listed, older or missing
    ones through `Profile.from_json`."""
    fields = _current_fields(raw)
    if fields is not None:
        return Listed(fields[1].split(), fields[2].split(), fields[3].split(), fields[4] == "1")
    return Profile.from_json(raw, text)


def _current_fields(raw: str) -> list[str] | None:
    """A stored profile's fields when it is in the current form, else None."""
    if raw.startswith(_CURRENT):
        fields = raw.split(SEPARATOR)
        if len(fields) == 5:
            return fields
    return None

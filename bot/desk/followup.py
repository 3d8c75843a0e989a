"""Thread follow-ups: what a journalist asks about an analysis already in the thread.

Pure functions: `parse_followup` turns a message into a command value, and `answering_claims`
matches a free question to the claims that answer it by word overlap, so the surfaces can
answer from the cache without fetching or parsing the article again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.analysis import Analysis, Claim, SourceKind
from bot.status import Status, parse_status


class Topic(StrEnum):
    """Follow-ups that take no argument."""

    SOURCES = "sources"
    ANONYMOUS = "anonymous"
    UNATTRIBUTED = "unattributed"
    CHECKLIST = "checklist"
    OUTLET = "outlet"
    STATUS = "status"
    RECHECK = "recheck"
    EXPORT = "export"
    HELP = "help"


@dataclass(frozen=True)
class ShowClaim:
    number: int


@dataclass(frozen=True)
class Ask:
    """A follow-up naming a topic (`sources`, `checklist`, ...)."""

    topic: Topic


@dataclass(frozen=True)
class Mark:
    number: int
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Question:
    text: str


@dataclass(frozen=True)
class Malformed:
    """A command word used wrongly (`claim x`, `mark 3 maybe`): answer with its usage."""

    usage: str


Followup = ShowClaim | Ask | Mark | Question | Malformed

COMMAND_WORDS = frozenset({"claim", "mark", *(t.value for t in Topic)})

USAGE_CLAIM = "claim N  (for example: claim 3)"
USAGE_MARK = "mark N verified|false|misleading|unverified|in-progress [note]"

_MARK = re.compile(
    r"^mark\s+#?(?P<n>\d+)\s+(?:as\s+)?(?P<verdict>in[\s_-]?progress|\w+)\b[\s:,-]*(?P<note>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLAIM = re.compile(r"^claims?\s+#?(?P<n>\d+)\s*[.?!]*$", re.IGNORECASE)
_LEADING = re.compile(r"^[\s,:;.!?-]+")


def first_word(text: str) -> str:
    match = re.match(r"\s*([A-Za-z-]+)", text)
    return match.group(1).lower() if match else ""


def starts_with_command(text: str) -> bool:
    """Thread chatter is left alone: only messages opening with a command word are for us."""
    return first_word(text) in COMMAND_WORDS


def parse_followup(text: str) -> Followup:
    """The command in `text` (mention already stripped); anything else is a free question."""
    cleaned = _LEADING.sub("", text).strip()
    word = first_word(cleaned)
    if word in ("claim", "claims") and (match := _CLAIM.match(cleaned)):
        return ShowClaim(int(match.group("n")))
    if word == "claim":
        return Malformed(USAGE_CLAIM)
    if word == "mark":
        match = _MARK.match(cleaned)
        if not match:
            return Malformed(USAGE_MARK)
        status = parse_status(match.group("verdict"))
        if status is None:
            return Malformed(USAGE_MARK)
        return Mark(int(match.group("n")), status, match.group("note").strip())
    if word in {t.value for t in Topic} and len(cleaned.split()) <= 2:
        return Ask(Topic(word))
    if not cleaned:
        return Ask(Topic.HELP)
    return Question(cleaned)


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_STOP_WORDS = """
a an the and or but of in on at to for from by with about as is are was were be been being it its
this that these those there here what which who whom whose when where why how do does did done has
have had not no yes any some all can could would should will shall may might must he she they them
his her their our we us you your i me my says say said tell told claim claims article piece story
anyone anything something else than then so if into out up down over
"""
_STOP = frozenset(_STOP_WORDS.split())
_ASKS_WHO = re.compile(r"^\s*(who|according)\b", re.IGNORECASE)


def _terms(text: str) -> set[str]:
    return {_stem(w.lower()) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1}


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _claim_terms(claim: Claim) -> set[str]:
    parts = [claim.text, *claim.places, *claim.dates, *claim.quantities, *claim.people]
    parts += [s.label for s in claim.sources]
    return _terms(" ".join(parts))


def answering_claims(analysis: Analysis, question: str, limit: int = 3) -> tuple[Claim, ...]:
    """The claims sharing the most words with `question`, best first; empty when none does.

    A claim must share at least one content word; with a longer question, it must share
    two, so that one common word ("US") does not make everything an answer. A "who ..."
    question prefers claims that name a source.
    """
    wanted = _terms(question)
    if not wanted:
        return ()
    needed = 1 if len(wanted) <= 2 else 2
    scored: list[tuple[float, int, Claim]] = []
    for claim in analysis.claims:
        shared = wanted & _claim_terms(claim)
        if len(shared) < needed:
            continue
        score = len(shared) / len(wanted)
        if _ASKS_WHO.match(question) and claim.source_kind is not SourceKind.NONE:
            score += 0.25
        scored.append((score, -claim.number, claim))
    scored.sort(reverse=True, key=lambda item: (item[0], item[1]))
    return tuple(claim for _, _, claim in scored[:limit])

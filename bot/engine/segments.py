"""Which parts of a pasted article are prose worth reading for claims.

Datelines, bylines, captions, headings and "Read More" blocks are catnip for a claim
detector and noise for a checker, so they are set aside here, before any parsing, and
listed (with why) so the report can say what was skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis import Outlet
from bot.engine.lexicon import lexicon
from bot.engine.outlets import registry

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BYLINE = re.compile(
    r"^(?:by|written by|reporting by|additional reporting by|editing by|edited by|compiled by)\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(?:\(?(?:photo|image|picture|file photo|video|caption|credit|illustration)\b[^:]{0,30}:|"
    r"\[(?:photo|image|video)\b)",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(
    r"(?:\((?:photo|image|picture)[^)]*\)|(?:getty images|shutterstock|/reuters|/ap|/afp|"
    r"\bphoto:\s*\w[\w .]*)|\bphotograph:?\s[\w .]+)\s*\.?$",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    r"^(?:published|updated|posted|last updated|first published)\b[^.]{0,80}$", re.IGNORECASE
)
_DATELINE_CAPS = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)*"
    r"\s*(?:\([^)]{2,40}\))?\s*[-—–:]+)\s+"
)
_DATELINE_AGENCY = re.compile(r"^(?P<d>[^.\n]{0,60}?\((?:[A-Z][\w .-]{1,30})\)\s*[-—–:]+)\s+")
_DATELINE_LABEL = re.compile(r"^(?P<d>[A-Z][\w’' ]{0,30}?:)\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Paragraph:
    """Prose kept for analysis; `start` is its offset in the joined analysis text."""

    text: str
    start: int


@dataclass(frozen=True)
class Segmented:
    text: str
    paragraphs: tuple[Paragraph, ...]
    skipped: tuple[str, ...]
    title: str = ""
    dateline_outlet: Outlet | None = None


def _split_lines(raw: str) -> list[str]:
    """Paragraphs; hard-wrapped blocks (e-mail style) are joined back into one paragraph."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", raw.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        wrapped = len(lines) > 1 and sum(
            1 for ln in lines[:-1] if not _SENTENCE_END.search(ln) and 40 <= len(ln) <= 90
        ) >= (len(lines) - 1) * 0.6
        if wrapped:
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_boilerplate_heading(line: str) -> bool:
    folded = line.casefold().strip(" :-—–|>»")
    return _words(line) <= 6 and any(
        folded == b or folded.startswith(b + ":") or folded.startswith(b + " ")
        for b in lexicon().boilerplate
    )


def _is_heading(line: str) -> bool:
    return not _SENTENCE_END.search(line) and _words(line) <= 25 and not line.endswith(",")


def _strip_dateline(line: str) -> tuple[str, str, Outlet | None]:
    """Return (dateline, rest, outlet named in it)."""
    glued = registry().name_prefix(line)
    if glued:
        outlet, name = glued
        rest = line[len(name) :]
        label = re.match(r"^\s*(?:[A-Z][\w’' ]{0,30})?\s*[:—–-]+\s+", rest)
        if label and label.group(0).strip() != ":":
            return line[: len(name) + label.end()].strip(), rest[label.end() :], outlet
    for pattern in (_DATELINE_AGENCY, _DATELINE_CAPS, _DATELINE_LABEL):
        match = pattern.match(line)
        if match and pattern is _DATELINE_LABEL and not _place_label(match.group("d")):
            continue
        if match and _words(match.group("d")) <= 8:
            rest = line[match.end() :]
            if _SENTENCE_END.search(rest) and _words(rest) >= 5:
                dateline = match.group("d").strip()
                named = re.search(r"\(([^)]+)\)", dateline)
                outlet = registry().by_name(named.group(1)) if named else None
                return dateline, rest, outlet
    return "", line, None


def _place_label(label: str) -> bool:
    """"Middle East:" or "Kabul:" opens a line as a dateline; "Dempsey dove deeper:" is prose
    and "PolitiFact: Trump is right" is a speaker label, whose words are attributed."""
    words = label.rstrip(":").split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and registry().by_name(label.rstrip(":")) is None
    )


def segment(raw: str) -> Segmented:
    """Split raw article text into kept paragraphs and a list of what was skipped."""
    kept: list[str] = []
    skipped: list[str] = []
    title = ""
    dateline_outlet: Outlet | None = None
    in_related = False
    for index, line in enumerate(_split_lines(raw)):
        if in_related and (_is_heading(line) or _words(line) < 12):
            skipped.append(f"related link: {line}")
            continue
        in_related = False
        if _is_boilerplate_heading(line):
            in_related = True
            skipped.append(f"boilerplate: {line}")
        elif _BYLINE.match(line) and _words(line) <= 15:
            skipped.append(f"byline: {line}")
        elif _CAPTION.match(line) or (_CAPTION_TAIL.search(line) and _words(line) <= 40):
            skipped.append(f"caption: {line}")
        elif _TIMESTAMP.match(line):
            skipped.append(f"timestamp: {line}")
        elif _is_heading(line):
            if index == 0 and not title:
                title = line
            skipped.append(f"heading: {line}")
        else:
            dateline, rest, outlet = _strip_dateline(line)
            if dateline:
                skipped.append(f"dateline: {dateline}")
                dateline_outlet = dateline_outlet or outlet
            kept.append(rest.strip())
    paragraphs: list[Paragraph] = []
    offset = 0
    for text in kept:
        paragraphs.append(Paragraph(text, offset))
        offset += len(text) + 2
    return Segmented(
        text="\n\n".join(kept),
        paragraphs=tuple(paragraphs),
        skipped=tuple(skipped),
        title=title,
        dateline_outlet=dateline_outlet,
    )

"""The one object every part of claimdesk reads: an article's claims, their sources, a checklist.

The cache stores it, the renderers draw it and thread follow-ups query it, so it is plain
data with a JSON round-trip and a schema version that changes whenever its shape does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 2


class SourceKind(StrEnum):
    """Who a claim is attributed to; `unclear` is said rather than a guess."""

    OUTLET = "outlet"
    PERSON = "person"
    ORGANISATION = "organisation"
    ANONYMOUS = "anonymous"
    UNCLEAR = "unclear"
    NONE = "none"


class ClaimType(StrEnum):
    """After Full Fact's taxonomy of checkable claims."""

    QUANTITY = "quantity"
    EVENT = "event"
    QUOTE = "quote"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    RULE = "rule"
    OTHER = "other"


@dataclass(frozen=True)
class Outlet:
    """A publisher from the outlet registry; `affiliation_source` says who labelled it."""

    id: str
    name: str
    country: str = ""
    state_affiliated: bool = False
    affiliation_source: str = ""
    kind: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outlet:
        return cls(**data)


@dataclass(frozen=True)
class Source:
    """One link of an attribution chain: who, of what kind, and by which cue words.

    `resolved` carries the named antecedent of a pronoun source ("he" -> "Lavrov");
    `outlet` is set when the source is a registry outlet, so its affiliation is known.
    """

    text: str
    kind: SourceKind
    cue: str = ""
    resolved: str = ""
    outlet: Outlet | None = None

    @property
    def label(self) -> str:
        return f"{self.text} ({self.resolved})" if self.resolved else self.text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        outlet = data.get("outlet")
        return cls(
            text=data["text"],
            kind=SourceKind(data["kind"]),
            cue=data.get("cue", ""),
            resolved=data.get("resolved", ""),
            outlet=Outlet.from_dict(outlet) if outlet else None,
        )


@dataclass(frozen=True)
class ChecklistItem:
    """A check to do; `claims` lists the claim numbers it serves (empty: the whole article)."""

    text: str
    reason: str
    claims: tuple[int, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChecklistItem:
        return cls(text=data["text"], reason=data["reason"], claims=tuple(data.get("claims", ())))


@dataclass(frozen=True)
class Claim:
    """A check-worthy sentence, ranked: `number` is its rank (1 = check first).

    `sources` is the attribution chain, outermost first ("Iran Press" relaying "Sputnik");
    an empty chain means nobody is cited. `start`/`end` are offsets into the analysed text.
    """

    number: int
    text: str
    type: ClaimType
    score: float
    reasons: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    hedges: tuple[str, ...] = ()
    loaded: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    visuals: tuple[str, ...] = ()
    start: int = 0
    end: int = 0

    @property
    def fingerprint(self) -> str:
        """Stable across re-analyses of the same article: the desk's marks hang on it."""
        return text_fingerprint(self.text)

    @property
    def source_kind(self) -> SourceKind:
        """The kind a checker cares about: the weakest link decides, so any anonymous link
        makes the claim anonymous-sourced; otherwise the innermost (primary) link."""
        if not self.sources:
            return SourceKind.NONE
        if any(s.kind == SourceKind.ANONYMOUS for s in self.sources):
            return SourceKind.ANONYMOUS
        return self.sources[-1].kind

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        tuples = (
            "reasons", "hedges", "loaded", "places", "dates", "quantities", "people", "actors",
            "visuals",
        )
        return cls(
            number=data["number"],
            text=data["text"],
            type=ClaimType(data["type"]),
            score=data["score"],
            sources=tuple(Source.from_dict(s) for s in data.get("sources", ())),
            start=data.get("start", 0),
            end=data.get("end", 0),
            **{name: tuple(data.get(name, ())) for name in tuples},
        )


@dataclass(frozen=True)
class ArticleInfo:
    """What the report says about the piece itself; `lede` (its first words) names a paste
    that came with no headline.

    `publisher_basis` says how `outlet` is known ("domain" of the link, "dateline" of a paste,
    or "" when it is not); `self_named` is the name a page gives itself that nothing verifies
    ("calls itself Reuters"); `wire` is the agency whose copy another outlet republished;
    `genre` is news, opinion, analysis or fact-check, with `genre_why`.
    """

    title: str = ""
    url: str = ""
    outlet: Outlet | None = None
    site_name: str = ""
    author: str = ""
    date: str = ""
    language: str = "en"
    chars: int = 0
    lede: str = ""
    publisher_basis: str = ""
    self_named: str = ""
    wire: Outlet | None = None
    genre: str = "news"
    genre_why: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleInfo:
        outlet, wire = data.get("outlet"), data.get("wire")
        fields = {k: v for k, v in data.items() if k not in ("outlet", "wire")}
        return cls(
            outlet=Outlet.from_dict(outlet) if outlet else None,
            wire=Outlet.from_dict(wire) if wire else None,
            **fields,
        )


@dataclass(frozen=True)
class Analysis:
    """The whole first pass over one article.

    `key` names the article (canonical URL or normalised-text hash) and stays the same
    across rechecks; `notices` are things the reader must know (truncated, not English).
    """

    key: str
    article: ArticleInfo
    claims: tuple[Claim, ...]
    checklist: tuple[ChecklistItem, ...]
    notices: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    pipeline_version: str = ""
    created_at: str = ""
    schema_version: int = SCHEMA_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def claim(self, number: int) -> Claim | None:
        return next((c for c in self.claims if c.number == number), None)

    def article_checklist(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist if not item.claims)

    def checklist_for(self, number: int) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist if number in item.claims)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"analysis schema {data.get('schema_version')} != {SCHEMA_VERSION}")
        return cls(
            key=data["key"],
            article=ArticleInfo.from_dict(data["article"]),
            claims=tuple(Claim.from_dict(c) for c in data["claims"]),
            checklist=tuple(ChecklistItem.from_dict(c) for c in data["checklist"]),
            notices=tuple(data.get("notices", ())),
            skipped=tuple(data.get("skipped", ())),
            pipeline_version=data.get("pipeline_version", ""),
            created_at=data.get("created_at", ""),
            extra=dict(data.get("extra", {})),
        )


_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def normalise_text(text: str) -> str:
    """Case, accents, punctuation and spacing differ between pastes of the same article."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", folded)).strip()


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()[:16]


_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "−": "-"}
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def cache_text(text: str) -> str:
    """What makes two pastes one article: case, spacing, quote and dash styles and invisible
    characters differ between pastes of the same text, but punctuation otherwise carries
    meaning ("-4 percent" is not "4 percent", "4.5" is not "45"), so it is kept."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", _INVISIBLE.sub("", folded)).strip()


def text_key(text: str) -> str:
    """The cache key of a pasted text: the same text pasted twice is one article."""
    return "text:" + hashlib.sha256(cache_text(text).encode()).hexdigest()


def analysis_ref(key: str) -> str:
    """A short stand-in for an analysis key where Slack limits length (option values: 150
    characters; a URL key can be longer); unique among the few analyses of one thread."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def url_key(canonical_url: str) -> str:
    return "url:" + canonical_url

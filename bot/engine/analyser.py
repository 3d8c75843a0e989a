"""`analyse`: from an article to its `Analysis`, with no network, Slack or Redis involved.

One parse per article; everything after it (attribution, scoring, checklist) reads that
parse, so the cost of an analysis stays close to the cost of spaCy itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from bot import __version__
from bot.analysis import (
    Analysis,
    ArticleInfo,
    Claim,
    Outlet,
    text_key,
    url_key,
)
from bot.article import Article
from bot.engine.attribution import Attribution, chain_for, find_attributions, sentences
from bot.engine.checklist import build_checklist
from bot.engine.claims import assess
from bot.engine.language import looks_english
from bot.engine.outlets import registry
from bot.engine.sanitise import sanitise
from bot.engine.segments import segment
from bot.errors import EmptyInput

PIPELINE_VERSION = f"{__version__}+rules.1"
MAX_CLAIMS = 100
NOTICE_SHORTENED = 100


def _truncate(text: str, max_chars: int) -> tuple[str, str]:
    if len(text) <= max_chars:
        return text, ""
    cut = text.rfind("\n", 0, max_chars)
    cut = cut if cut > max_chars // 2 else max_chars
    notice = (
        f"The text is long ({len(text):,} characters): only the first {cut:,} were analysed. "
        "Paste the rest separately to check it."
    )
    return text[:cut], notice


def publisher_of(article: Article, dateline_outlet: Outlet | None) -> Outlet | None:
    """The registry outlet behind the page: by domain first, then site name, then dateline."""
    reg = registry()
    host = urlsplit(article.canonical_url or article.url).hostname or ""
    return (
        (reg.by_domain(host) if host else None)
        or (reg.by_name(article.site_name) if article.site_name else None)
        or dateline_outlet
    )


def analyse(
    article: Article,
    nlp: Language,
    *,
    key: str | None = None,
    max_chars: int = 50_000,
) -> Analysis:
    """Find, rank and explain the check-worthy claims of one article."""
    raw = article.text.strip()
    if not raw:
        raise EmptyInput()
    if key is None:
        key = url_key(article.canonical_url) if article.canonical_url else text_key(raw)
    clean = sanitise(raw)
    raw, truncated = _truncate(clean.text, max_chars)
    notices = [truncated] if truncated else []
    if clean.shortened >= NOTICE_SHORTENED:
        notices.append(
            f"Long runs of repeated punctuation were shortened ({clean.shortened:,} characters "
            "left out) before the analysis."
        )
    seg = segment(raw)
    info = ArticleInfo(
        title=article.title or seg.title,
        url=article.canonical_url or article.url,
        outlet=publisher_of(article, seg.dateline_outlet),
        site_name=article.site_name,
        author=article.author,
        date=article.date,
        chars=len(raw),
        lede=_lede(seg.paragraphs[0].text) if seg.paragraphs else "",
    )
    claims: tuple[Claim, ...] = ()
    if not seg.text:
        notices.append("I found headings and links but no article prose to check.")
    elif not looks_english(seg.text):
        info = ArticleInfo(**{**info.__dict__, "language": "other"})
        notices.append(
            "This doesn't look like English: claim extraction is English-only for now. "
            "Paste an English translation to check it."
        )
    else:
        claims = _claims(nlp(seg.text), info.outlet)
    return Analysis(
        key=key,
        article=info,
        claims=claims,
        checklist=build_checklist(info, claims),
        notices=tuple(notices),
        skipped=seg.skipped,
        pipeline_version=PIPELINE_VERSION,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _lede(paragraph: str, words: int = 12) -> str:
    first = paragraph.split()
    return " ".join(first[:words]) + ("…" if len(first) > words else "")


def _setting(doc: Doc) -> frozenset[str]:
    """Places named three times or more: where the story is set, not where a claim happened."""
    counts = Counter(e.text for e in doc.ents if e.label_ in ("GPE", "LOC"))
    return frozenset(place for place, n in counts.items() if n >= 3)


def _claims(doc: Doc, publisher: Outlet | None) -> tuple[Claim, ...]:
    sents = sentences(doc)
    attributions = find_attributions(doc, sents)
    setting = _setting(doc)
    by_sentence: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in attributions:
        by_sentence[attribution.sentence].append(attribution)
    found = []
    for index, sent in enumerate(sents):
        chain = chain_for(attributions, index)
        own = by_sentence[index]
        embedded = [a for a in own if not a.governs]
        assessment = assess(sent, chain, embedded, own, publisher, setting)
        if assessment.is_claim:
            found.append((assessment, chain, sent))
    found.sort(key=lambda item: (-item[0].score, item[2].start))
    return tuple(
        Claim(
            number=rank,
            text=sent.text.strip(),
            type=a.type,
            score=a.score,
            reasons=a.reasons,
            sources=chain,
            hedges=a.hedges,
            loaded=a.loaded,
            places=a.places,
            dates=a.dates,
            quantities=a.quantities,
            people=a.people,
            actors=a.actors,
            visuals=a.visuals,
            start=sent.start_char,
            end=sent.end_char,
        )
        for rank, (a, chain, sent) in enumerate(found[:MAX_CLAIMS], start=1)
    )

"""`analyse`: from an article to its `Analysis`, with no network, Slack or Redis involved.

One parse per article; everything after it (attribution, scoring, checklist) reads that
parse, so the cost of an analysis stays close to the cost of spaCy itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from bot import __version__
from bot.analysis import (
    Analysis,
    ArticleInfo,
    Claim,
    text_key,
    url_key,
)
from bot.article import Article
from bot.engine.attribution import (
    Attribution,
    chain_for,
    char_span_of,
    find_attributions,
    quotations,
    sentences,
)
from bot.engine.checklist import build_checklist
from bot.engine.claims import Assessment, Context, assess, first_person_outside_quotes
from bot.engine.language import looks_english
from bot.engine.normalise import clean_text
from bot.engine.provenance import genre, provenance
from bot.engine.ranking import Ranker
from bot.engine.sanitise import sanitise
from bot.engine.segments import segment
from bot.errors import EmptyInput

PIPELINE_VERSION = f"{__version__}+rules.9"
Observer = Callable[[Span, Assessment], None]
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


def analyse(
    article: Article,
    nlp: Language,
    *,
    key: str | None = None,
    max_chars: int = 50_000,
    weights: Ranker | None = None,
    observe: Observer | None = None,
) -> Analysis:
    """Find, rank and explain the check-worthy claims of one article.

    `weights` replaces the shipped ranking weights and `observe` sees every sentence's
    assessment, listed or not: both serve `train/ranking.py`, which fits the weights."""
    raw = clean_text(article.text).strip()
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
    origin = provenance(article, seg.dateline_outlet)
    info = ArticleInfo(
        title=article.title or seg.title,
        url=article.canonical_url or article.url,
        outlet=origin.outlet,
        publisher_basis=origin.basis,
        self_named=origin.self_named,
        wire=origin.wire,
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
        info = replace(info, language="other")
        notices.append(
            "This doesn't look like English: claim extraction is English-only for now. "
            "Paste an English translation to check it."
        )
    else:
        doc = nlp(seg.text)
        sents = sentences(doc)
        first_person = sum(1 for s in sents if first_person_outside_quotes(s))
        kind, why = genre(article, info.outlet, first_person, len(sents))
        info = replace(info, genre=kind, genre_why=why)
        claims = _claims(doc, sents, info, weights, observe)
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


def _claims(
    doc: Doc,
    sents: list[Span],
    info: ArticleInfo,
    weights: Ranker | None,
    observe: Observer | None,
) -> tuple[Claim, ...]:
    publisher = info.outlet
    quotes = quotations(doc.text)
    attributions = find_attributions(doc, sents, quotes)
    setting = _setting(doc)
    by_sentence: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in attributions:
        by_sentence[attribution.sentence].append(attribution)
    found = []
    for index, sent in enumerate(sents):
        chain = chain_for(attributions, index, char_span_of(list(sent)), quotes)
        own = by_sentence[index]
        embedded = [a for a in own if not a.governs]
        context = Context(index, len(sents), info.genre == "opinion")
        assessment = assess(sent, chain, embedded, own, publisher, setting, context, weights)
        if observe is not None:
            observe(sent, assessment)
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

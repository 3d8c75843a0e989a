"""ClaimReview out of what fact-checkers publish: JSON-LD in their pages, JSON feeds (plain lists
or DataCommons' `dataFeedElement`), JSON Lines, and the sitemaps that list their pages.

Only the fields the desk shows are kept (never an article body), and a malformed item is
counted and skipped, never fatal: one bad entry in a feed of thousands must not stop an import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html

from bot.records.types import FactCheck

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Parsed:
    """Fact-checks found, and how many ClaimReview-like items could not be read."""

    items: tuple[FactCheck, ...]
    skipped: int = 0


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    return ""


def _is_claim_review(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def factcheck_from(node: dict[str, Any]) -> FactCheck | None:
    """One ClaimReview object as a FactCheck, or None when it lacks the claim or its URL."""
    claim, url = _text(node.get("claimReviewed")), _text(node.get("url"))
    if not claim or not url.startswith(("http://", "https://")):
        return None
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    item = node.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    return FactCheck(
        claim=claim,
        url=url,
        headline=_text(node.get("headline") or node.get("name")),
        claim_author=_text(item.get("author")),
        rating=_text(rating.get("alternateName") or rating.get("name")),
        rating_value=_text(rating.get("ratingValue")),
        best_rating=_text(rating.get("bestRating")),
        worst_rating=_text(rating.get("worstRating")),
        organisation=_text(node.get("author")),
        published=_text(node.get("datePublished")),
        language=_text(node.get("inLanguage")),
        licence=_text(node.get("sdLicense")),
    )


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every object that may be a ClaimReview: lists, @graph and DataCommons feeds unwrapped."""
    if isinstance(data, list):
        for entry in data:
            yield from _nodes(entry)
        return
    if not isinstance(data, dict):
        return
    if "@graph" in data:
        yield from _nodes(data["@graph"])
    if "dataFeedElement" in data:
        for element in data["dataFeedElement"] or ():
            yield from _nodes(element.get("item") if isinstance(element, dict) else element)
    if "@type" in data or "claimReviewed" in data:
        yield data


def parse_objects(objects: Iterable[Any]) -> Parsed:
    items, skipped = [], 0
    for data in objects:
        for node in _nodes(data):
            if not (_is_claim_review(node) or "claimReviewed" in node):
                continue
            found = factcheck_from(node)
            if found is None:
                skipped += 1
            else:
                items.append(found)
    return Parsed(tuple(items), skipped)


def parse_json(text: str) -> Parsed:
    """A JSON document: one ClaimReview, a list of them, or a DataCommons-style feed."""
    try:
        data = json.loads(text)
    except ValueError:
        return Parsed((), 1)
    return parse_objects([data])


def parse_jsonl(text: str) -> Parsed:
    """One JSON value a line; an unreadable line counts as skipped."""
    objects, skipped = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except ValueError:
            skipped += 1
    parsed = parse_objects(objects)
    return Parsed(parsed.items, parsed.skipped + skipped)


def parse_html(html: str) -> Parsed:
    """The JSON-LD blocks of a page (`<script type="application/ld+json">`)."""
    if not html.strip():
        return Parsed(())
    try:
        document = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return Parsed((), 1)
    objects, skipped = [], 0
    for script in document.xpath('//script[@type="application/ld+json"]'):
        try:
            objects.append(json.loads(script.text_content() or ""))
        except ValueError:
            skipped += 1
    parsed = parse_objects(objects)
    return Parsed(parsed.items, parsed.skipped + skipped)


def is_sitemap(text: str) -> bool:
    head = text.lstrip()[:1000]
    if not head.startswith("<"):
        return False
    return "<urlset" in head or "<sitemapindex" in head


def parse_sitemap(text: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a urlset or a sitemapindex."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser=parser)
    except lxml.etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [
        (loc.text or "").strip()
        for loc in root.iter(f"{_SITEMAP_NS}loc", "loc")
        if (loc.text or "").strip().startswith(("http://", "https://"))
    ]
    if root.tag.endswith("sitemapindex"):
        return [], locs
    return locs, []

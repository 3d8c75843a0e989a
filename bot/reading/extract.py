"""Page text in, `Article` out: the main text and metadata of a news page, by trafilatura.

No network here, so extraction is tested on strings. The engine splits `Article.text` on blank
lines, so each block trafilatura keeps (paragraph, heading, list item, quote) becomes one
paragraph. The headline is dropped from the text because it is `Article.title` already and is
not a claim; links come from the extracted body only, so navigation and related-story links
never reach the checklist.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import trafilatura
from lxml import etree

from bot.article import Article
from bot.errors import AccessDenied, NothingExtracted
from bot.reading.urls import canonical_url, host_of, same_site

MAX_LINKS = 100
PAYWALL_TEASER_WORDS = 150
_BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "code", "row", "list"})
_PAYWALL_MARKER = re.compile(r'"isAccessibleForFree"\s*:\s*"?false"?', re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def extract_article(
    text: str, *, url: str = "", content_type: str = "text/html", favor_precision: bool = True
) -> Article:
    """The article in `text` (an HTML page or plain text) that was read from `url`.

    Raises NothingExtracted when no article text is found, and AccessDenied when the page
    says it is paywalled and only a teaser came through.
    """
    if content_type == "text/plain":
        return plain_article(text, url=url)
    return html_article(text, url=url, favor_precision=favor_precision)


def plain_article(text: str, *, url: str = "") -> Article:
    body = "\n\n".join(plain_paragraphs(text))
    if not body:
        raise NothingExtracted(detail=f"empty text at {url or 'input'}")
    return Article(text=body, url=url, canonical_url=canonical_url(url) if url else "")


def plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blank-line separated, or one per line when there are none.

    Hard-wrapped text (lines joined by single newlines inside a paragraph) is rejoined; text
    pasted with one paragraph per line and no blank lines is read as one paragraph per line.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", normalised):
        chunks = re.split(r"\n[ \t]*\n", normalised)
        return [tidy(chunk.replace("\n", " ")) for chunk in chunks if chunk.strip()]
    return [tidy(line) for line in normalised.split("\n") if line.strip()]


def tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def html_article(html: str, *, url: str = "", favor_precision: bool = True) -> Article:
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_links=True,
        include_images=False,
        include_tables=True,
        favor_precision=favor_precision,
        deduplicate=False,
    )
    body = getattr(document, "body", None)
    if document is None or body is None:
        raise NothingExtracted(detail=f"trafilatura found no main text at {url or 'input'}")
    title = tidy(document.title or "")
    author = tidy(document.author or "")
    paragraphs = drop_byline(drop_headline(body_paragraphs(body), title), author)
    text = "\n\n".join(paragraphs)
    if not text:
        raise NothingExtracted(detail=f"empty main text at {url or 'input'}")
    if _PAYWALL_MARKER.search(html) and len(text.split()) < PAYWALL_TEASER_WORDS:
        raise AccessDenied(detail=f"paywalled page, {len(text.split())} words visible at {url}")
    declared = document.url or ""
    trusted = trusted_canonical(declared, url)
    site_name = tidy(document.sitename or "")
    if trusted != declared and site_name.lower() in (
        host_of(declared).removeprefix("www."),
        (document.hostname or "").lower(),
    ):
        site_name = ""
    return Article(
        text=text,
        title=title,
        url=url,
        canonical_url=canonical_url(trusted) if url else "",
        site_name=site_name or host_of(url).removeprefix("www."),
        author=author,
        date=document.date or "",
        links=body_links(body, url),
        section=", ".join(document.categories or [])[:200],
    )


def body_paragraphs(body: etree._Element) -> list[str]:
    """One string per outermost block of trafilatura's output tree."""
    paragraphs: list[str] = []
    for element in body.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue
        if element.tag == "list":
            paragraphs.extend(block_text(item) for item in element.iter("item"))
        else:
            paragraphs.append(block_text(element))
    return [p for p in paragraphs if p]


def block_text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter():
        if node is not element and node.tag in ("lb", "cell", "item", "p"):
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return tidy("".join(parts))


def drop_headline(paragraphs: list[str], title: str) -> list[str]:
    """Without the headline and the short kicker lines above it, when they open the text."""
    if not title:
        return paragraphs
    for index, paragraph in enumerate(paragraphs[:4]):
        if paragraph.casefold() == title.casefold():
            if all(len(p) < 80 for p in paragraphs[:index]):
                return paragraphs[index + 1 :]
            return paragraphs[:index] + paragraphs[index + 1 :]
    return paragraphs


def drop_byline(paragraphs: list[str], author: str) -> list[str]:
    """Without a short byline line ("By X, Political Editor") near the top: not a claim."""
    if not author:
        return paragraphs
    name = author.split(";")[0].strip().casefold()
    for index, paragraph in enumerate(paragraphs[:3]):
        if len(paragraph) < 120 and name and name in paragraph.casefold():
            return paragraphs[:index] + paragraphs[index + 1 :]
    return paragraphs


def body_links(body: etree._Element, base_url: str) -> tuple[str, ...]:
    """Absolute http(s) links found in the article body, in reading order, without repeats."""
    links: dict[str, None] = {}
    for ref in body.iter("ref"):
        target = (ref.get("target") or "").strip()
        absolute = urljoin(base_url, target) if base_url else target
        if absolute.startswith(("http://", "https://")) and absolute != base_url:
            links[absolute] = None
        if len(links) >= MAX_LINKS:
            break
    return tuple(links)


def trusted_canonical(declared: str, fetched_url: str) -> str:
    """The page's own canonical address when it stays on the serving site, else the fetched
    address: a page must not be able to file itself under another outlet's URL in the cache."""
    if declared.startswith(("http://", "https://")) and same_site(
        host_of(declared), host_of(fetched_url)
    ):
        return declared
    return fetched_url

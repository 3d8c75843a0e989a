"""Import fact-checks into the records from a file or a URL, politely.

The fetcher is handed in (`fetch(url) -> (final_url, content_type, text)`), so this wing never
opens a connection of its own and the product's SSRF-safe fetcher is the only one used. Sitemaps
are followed within a page cap, with a delay between requests, and robots.txt is honoured.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bot.errors import UserError
from bot.records.claimreview import (
    Parsed,
    is_sitemap,
    parse_html,
    parse_json,
    parse_jsonl,
    parse_sitemap,
)
from bot.records.protocol import Records
from bot.records.types import ImportReport

Fetch = Callable[[str], tuple[str, str, str]]
USER_AGENT = "claimdesk"
MAX_SITEMAPS = 20


def parse_text(text: str, name: str = "", content_type: str = "") -> Parsed:
    """Pick the reader by file name, content type, then content."""
    lowered, kind = name.lower(), content_type.lower()
    stripped = text.lstrip()
    if lowered.endswith(".jsonl") or "jsonl" in kind or "ndjson" in kind:
        return parse_jsonl(text)
    if lowered.endswith(".json") or "json" in kind or stripped[:1] in ("[", "{"):
        parsed = parse_json(text)
        if parsed.items or stripped[:1] == "[":
            return parsed
        return parse_jsonl(text)
    return parse_html(text)


class _Robots:
    """robots.txt per site, read through the same fetch; unreadable robots.txt allows all."""

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.sites: dict[str, urllib.robotparser.RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.sites:
            parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                _, _, text = self.fetch(site + "/robots.txt")
                parser.parse(text.splitlines())
            except (UserError, OSError, ValueError):
                parser.parse([])
            self.sites[site] = parser
        return self.sites[site].can_fetch(USER_AGENT, url)


def import_factchecks(
    source: str, records: Records, fetch: Fetch | None = None, *, max_pages: int = 200,
    delay: float = 1.0,
) -> ImportReport:
    """Import from a file path (JSON, JSON Lines, HTML) or a URL (a page, a feed or a sitemap)."""
    if not source.startswith(("http://", "https://")):
        path = Path(source).expanduser()
        parsed = parse_text(path.read_text(encoding="utf-8", errors="replace"), path.name)
        added, updated = records.upsert_factchecks(parsed.items)
        return ImportReport(added=added, updated=updated, skipped=parsed.skipped)
    if fetch is None:
        raise ValueError("importing from a URL needs a fetch callable")
    return _import_url(source, records, fetch, max_pages=max_pages, delay=delay)


def _import_url(
    start: str, records: Records, fetch: Fetch, *, max_pages: int, delay: float
) -> ImportReport:
    robots = _Robots(fetch)
    queue, sitemaps_read, seen = [start], 0, set()
    added = updated = skipped = pages = blocked = 0
    errors: list[str] = []
    last = 0.0
    while queue and pages < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if not robots.allowed(url):
            blocked += 1
            continue
        wait = delay - (time.monotonic() - last)
        if last and wait > 0:
            time.sleep(wait)
        last = time.monotonic()
        try:
            final_url, content_type, text = fetch(url)
        except (UserError, OSError, ValueError) as error:
            errors.append(f"{url}: {error}")
            continue
        if is_sitemap(text):
            sitemaps_read += 1
            page_urls, nested = parse_sitemap(text)
            if sitemaps_read <= MAX_SITEMAPS:
                queue.extend(urljoin(final_url, u) for u in nested)
            queue.extend(page_urls)
            continue
        pages += 1
        parsed = parse_text(text, urlsplit(final_url).path, content_type)
        new, changed = records.upsert_factchecks(parsed.items)
        added, updated, skipped = added + new, updated + changed, skipped + parsed.skipped
    return ImportReport(
        added=added, updated=updated, skipped=skipped, pages=pages, blocked=blocked,
        errors=tuple(errors),
    )

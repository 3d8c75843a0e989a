"""The article as the engine receives it, however it arrived (pasted, file, fetched page)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """Main text plus whatever metadata the page offered; empty strings when unknown.

    `section` is the page's own filing (its categories), a hint to the genre.
    `canonical_url` is the cache identity of a fetched page (see `bot.reading.urls`); pasted
    text has none and is keyed by its normalised-text hash instead.
    """

    text: str
    title: str = ""
    url: str = ""
    canonical_url: str = ""
    site_name: str = ""
    author: str = ""
    date: str = ""
    links: tuple[str, ...] = ()
    section: str = ""

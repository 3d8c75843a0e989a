"""Fact-check import: ClaimReview from JSON feeds, JSON Lines and pages' JSON-LD (hand-made
fixtures), and a sitemap served on 127.0.0.1 read through a urllib fetch, robots.txt honoured,
within a page cap and with a delay between requests."""

from __future__ import annotations

import itertools
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.records import Scope
from bot.records.claimreview import parse_html, parse_json, parse_jsonl, parse_sitemap
from bot.records.importer import import_factchecks
from tests import records_fixtures

open_engine = records_fixtures.open_engine
records = records_fixtures.records
pg_schema = records_fixtures.pg_schema

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"
ANYONE = Scope("T9", "C-any")


def test_a_datacommons_feed_keeps_only_the_review_fields() -> None:
    parsed = parse_json((FIXTURES / "feed.json").read_text())
    assert parsed.skipped == 1
    brindle, trams = parsed.items
    assert brindle.claim.startswith("Lake Brindle has completely dried up")
    assert (brindle.rating, brindle.rating_value, brindle.best_rating, brindle.worst_rating) == (
        "False", "1", "5", "1"
    )
    assert (brindle.organisation, brindle.claim_author, brindle.language) == (
        "Example Fact Desk", "Orla Venn", "en"
    )
    assert brindle.licence.startswith("https://creativecommons.org/")
    assert "never keep" not in repr(brindle)
    assert trams.headline == "Port Ellis tram fares: what the council decided"


def test_a_list_and_json_lines_skip_what_they_cannot_read() -> None:
    listed = parse_json((FIXTURES / "list.json").read_text())
    assert [i.rating for i in listed.items] == ["Misleading"] and listed.skipped == 1
    lines = parse_jsonl((FIXTURES / "items.jsonl").read_text())
    assert [i.rating for i in lines.items] == ["Unproven", "True"] and lines.skipped == 1
    assert parse_json("{not json").skipped == 1


def test_json_ld_in_a_page_with_a_graph_a_list_and_a_broken_block() -> None:
    parsed = parse_html((FIXTURES / "page.html").read_text())
    assert [i.url.rsplit("/", 1)[-1] for i in parsed.items] == ["kestrel-dam", "kestrel-fish"]
    assert parsed.skipped == 1
    assert parse_html("").items == ()


def test_importing_files_then_matching(records) -> None:
    for name, added, skipped in (("feed.json", 2, 1), ("items.jsonl", 2, 1), ("page.html", 2, 1)):
        report = import_factchecks(str(FIXTURES / name), records)
        assert (report.added, report.updated, report.skipped) == (added, 0, skipped)
    assert import_factchecks(str(FIXTURES / "feed.json"), records).updated == 2
    match = records.find_matches(
        "Officials say the Kestrel Valley dam was built without a safety inspection.", ANYONE
    )[0]
    assert match.url.endswith("/kestrel-dam")
    assert (match.kind, match.verdict, match.source) == ("factcheck", "False", "Example Fact Desk")


def _page(number: int) -> str:
    return (
        '<html><head><script type="application/ld+json">'
        f'{{"@type": "ClaimReview", "url": "https://factcheck.example.org/p{number}",'
        f' "claimReviewed": "Invented claim number {number} about the Dunmore ferry.",'
        ' "author": {"name": "Example Fact Desk"}, "reviewRating": {"alternateName": "False"}}'
        "</script></head><body></body></html>"
    )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A fact-checker's site on 127.0.0.1: a sitemap index, two sitemaps, pages, robots.txt."""
    root = tmp_path / "site"
    (root / "checks").mkdir(parents=True)
    (root / "private").mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    for number in range(1, 6):
        (root / "checks" / f"p{number}.html").write_text(_page(number))
    (root / "private" / "p9.html").write_text(_page(9))
    urlset = "".join(f"<url><loc>{base}/checks/p{n}.html</loc></url>" for n in (1, 2, 3))
    (root / "sitemap-1.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}'
        f"<url><loc>{base}/private/p9.html</loc></url></urlset>"
    )
    urlset = "".join(f"<url><loc>{base}/checks/p{n}.html</loc></url>" for n in (4, 5))
    (root / "sitemap-2.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>'
    )
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-1.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/sitemap-2.xml</loc></sitemap></sitemapindex>"
    )
    server.RequestHandlerClass = partial(  # type: ignore[assignment]
        _QuietHandler, directory=str(root)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class UrllibFetch:
    """The fetch callable an import is handed, on urllib, recording what it was asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, float]] = []

    def __call__(self, url: str) -> tuple[str, str, str]:
        self.asked.append((url, time.monotonic()))
        with urllib.request.urlopen(url, timeout=5) as response:
            return (
                response.geturl(),
                response.headers.get("Content-Type", ""),
                response.read().decode("utf-8"),
            )


def test_sitemap_import_honours_robots_txt(records, site: str) -> None:
    fetch = UrllibFetch()
    report = import_factchecks(site + "/sitemap.xml", records, fetch, max_pages=50, delay=0)
    assert (report.added, report.pages, report.blocked, report.skipped) == (5, 5, 1, 0)
    assert not any("/private/" in url for url, _ in fetch.asked)
    assert sum(url.endswith("/robots.txt") for url, _ in fetch.asked) == 1
    assert records.factcheck_stats()["factchecks"] == 5


def test_sitemap_import_stops_at_the_page_cap_and_waits_between_requests(records, site) -> None:
    fetch = UrllibFetch()
    report = import_factchecks(site + "/sitemap-1.xml", records, fetch, max_pages=2, delay=0.2)
    assert (report.pages, report.added) == (2, 2)
    times = [at for url, at in fetch.asked if not url.endswith("/robots.txt")]
    assert all(later - earlier >= 0.19 for earlier, later in itertools.pairwise(times))


def test_a_page_url_is_imported_and_a_dead_link_is_reported(records, site: str) -> None:
    report = import_factchecks(site + "/checks/p4.html", records, UrllibFetch(), delay=0)
    assert (report.pages, report.added) == (1, 1)
    missing = import_factchecks(site + "/checks/none.html", records, UrllibFetch(), delay=0)
    assert missing.added == 0 and len(missing.errors) == 1


def test_nested_sitemaps_are_listed_as_sitemaps() -> None:
    pages, nested = parse_sitemap(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://example.org/a.xml</loc></sitemap></sitemapindex>"
    )
    assert (pages, nested) == ([], ["https://example.org/a.xml"])
    assert parse_sitemap("<not xml") == ([], [])

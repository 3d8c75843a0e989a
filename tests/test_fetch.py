"""The fetcher end to end against a real loopback server: safety limits first, then reading."""

from __future__ import annotations

import dataclasses
import gzip
import socket
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.errors import (
    AccessDenied,
    BadLink,
    BlockedAddress,
    DeadLink,
    FetchTimeout,
    NothingExtracted,
    PageNotFound,
    RedirectLoop,
    SiteError,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
)
from bot.reading.fetch import Fetcher, fetch_article
from bot.settings import Settings
from tests.page_server import PageServer, redirect, send, serving

PAGES = Path(__file__).parent / "fixtures" / "pages"
HARBOUR = (PAGES / "harbour-council.html").read_bytes()
VIGO_LATIN1 = (PAGES / "vigo-port-latin1.html").read_bytes()
CAP = 200_000
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    for _ in range(200):
        handler.wfile.write(b"<p>.</p>")
        handler.wfile.flush()
        time.sleep(0.05)


def stall(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(3)


def endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"filler " * 9000 + b"</p>\n"
    for _ in range(10_000):
        handler.wfile.write(chunk)


def declared_huge(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(CAP * 10))
    handler.end_headers()
    handler.wfile.write(b"<p>" * 100)


def routes(port_of: dict[str, int]) -> dict:
    def here(path: str) -> str:
        return f"http://127.0.0.1:{port_of['port']}{path}"

    table = {
        "/news": lambda h: send(h, HARBOUR),
        "/latin1": lambda h: send(h, VIGO_LATIN1, "text/html; charset=ISO-8859-1"),
        "/latin1-meta": lambda h: send(h, VIGO_LATIN1, "text/html"),
        "/plain": lambda h: send(h, (PAGES / "school-meals.txt").read_bytes(), "text/plain"),
        "/untyped": lambda h: send(h, HARBOUR, ""),
        "/gzip": lambda h: send(h, gzip.compress(HARBOUR), headers={"Content-Encoding": "gzip"}),
        "/deflate": lambda h: send(
            h, zlib.compress(HARBOUR), headers={"Content-Encoding": "deflate"}
        ),
        "/bomb": lambda h: send(
            h, gzip.compress(b" " * (CAP * 20)), headers={"Content-Encoding": "gzip"}
        ),
        "/brotli": lambda h: send(h, b"\x1b\x00", headers={"Content-Encoding": "br"}),
        "/chain/1": lambda h: redirect(h, "/chain/2", 301),
        "/chain/2": lambda h: redirect(h, here("/chain/3"), 307),
        "/chain/3": lambda h: redirect(h, "/news?utm_source=chain", 308),
        "/loop/a": lambda h: redirect(h, "/loop/b"),
        "/loop/b": lambda h: redirect(h, "/loop/a"),
        "/to-127.0.0.2": lambda h: redirect(h, f"http://127.0.0.2:{port_of['port']}/news"),
        "/to-ipv6-loopback": lambda h: redirect(h, f"http://[::1]:{port_of['port']}/news"),
        "/to-metadata": lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/"),
        "/to-hex-127.0.0.2": lambda h: redirect(h, f"http://0x7f000002:{port_of['port']}/news"),
        "/to-file": lambda h: redirect(h, "file:///etc/passwd"),
        "/drip": drip,
        "/stall": stall,
        "/endless": endless,
        "/declared-huge": declared_huge,
        "/pdf": lambda h: send(h, PDF, "application/pdf"),
        "/pdf-untyped": lambda h: send(h, PDF, "application/octet-stream"),
        "/image": lambda h: send(h, PNG_1PX, "image/png"),
        "/gone": lambda h: send(h, b"<h1>Gone</h1>", status=410),
        "/forbidden": lambda h: send(h, b"<h1>Forbidden</h1>", status=403),
        "/login": lambda h: send(h, b"<h1>Log in</h1>", status=401),
        "/broken": lambda h: send(h, b"<h1>Oops</h1>", status=500),
        "/busy": lambda h: send(h, b"<h1>Slow down</h1>", status=429),
        "/paywall": lambda h: send(h, (PAGES / "paywalled-teaser.html").read_bytes()),
        "/app-shell": lambda h: send(h, (PAGES / "no-article.html").read_bytes()),
    }
    for i in range(8):
        table[f"/hop/{i}"] = lambda h, i=i: redirect(h, f"/hop/{i + 1}")
    table["/hop/8"] = lambda h: send(h, HARBOUR)
    return table


@pytest.fixture(scope="module")
def server() -> Iterator[PageServer]:
    port_of: dict[str, int] = {}
    with serving(routes(port_of)) as running:
        port_of["port"] = running.port
        yield running


def quick_settings(**overrides: object) -> Settings:
    base = Settings(
        fetch_allow=("127.0.0.1:*",),
        fetch_max_bytes=CAP,
        fetch_connect_timeout=1.0,
        fetch_read_timeout=0.5,
        fetch_total_timeout=1.0,
    )
    return dataclasses.replace(base, **overrides)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(quick_settings()) as f:
        yield f


# --- safety --------------------------------------------------------------------------------


def test_loopback_is_refused_unless_allowed(server: PageServer) -> None:
    before = len(server.requests)
    with Fetcher(quick_settings(fetch_allow=())) as strict, pytest.raises(BlockedAddress) as caught:
        strict.fetch(server.url("/news"))
    assert len(server.requests) == before
    assert "private or local network" in caught.value.user_message


@pytest.mark.parametrize(
    "spelling",
    ["http://2130706433:{port}/news", "http://0x7f.1:{port}/news", "http://127.1:{port}/news",
     "http://[::ffff:127.0.0.1]:{port}/news", "http://localhost.:{port}/news",
     "http://localhost:{port}/news", "http://[::1]:{port}/news", "http://0.0.0.0:{port}/news"],
)  # fmt: skip
def test_odd_spellings_of_this_machine_are_refused(server: PageServer, spelling: str) -> None:
    with Fetcher(quick_settings(fetch_allow=())) as strict, pytest.raises(BlockedAddress):
        strict.fetch(spelling.format(port=server.port))


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://127.0.0.1:6379/_INFO",
        "not a url",
        "http://",
    ],
)
def test_only_http_and_https(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(BadLink):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    "path", ["/to-127.0.0.2", "/to-ipv6-loopback", "/to-metadata", "/to-hex-127.0.0.2"]
)
def test_redirect_targets_are_vetted_too(fetcher: Fetcher, server: PageServer, path: str) -> None:
    with pytest.raises(BlockedAddress):
        fetcher.fetch(server.url(path))


def test_redirect_to_another_scheme_is_refused(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(BadLink):
        fetcher.fetch(server.url("/to-file"))


def test_redirect_chain_is_followed(fetcher: Fetcher, server: PageServer) -> None:
    page = fetcher.fetch(server.url("/chain/1"))
    assert page.url == server.url("/news?utm_source=chain")
    assert page.redirects == tuple(server.url(f"/chain/{i}") for i in (1, 2, 3))
    assert "Harbour District Council" in page.text


def test_five_redirects_are_followed_and_six_are_not(fetcher: Fetcher, server: PageServer) -> None:
    assert fetcher.fetch(server.url("/hop/3")).url == server.url("/hop/8")
    with pytest.raises(TooManyRedirects) as caught:
        fetcher.fetch(server.url("/hop/2"))
    assert not isinstance(caught.value, RedirectLoop)


def test_redirect_loop_is_named(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(RedirectLoop) as caught:
        fetcher.fetch(server.url("/loop/a"))
    assert "circle" in caught.value.user_message


def test_host_is_resolved_once_and_the_vetted_address_is_used(
    server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebinding DNS server answers a public-looking first question, then a private one:
    the connection must use the first, vetted answer and ask nothing more."""
    real_getaddrinfo = socket.getaddrinfo
    asked: list[str] = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "news.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        asked.append(host)
        answer = "127.0.0.1" if len(asked) == 1 else "10.9.9.9"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    with Fetcher(quick_settings()) as f:
        page = f.fetch(f"http://news.rebind.test:{server.port}/news")
    assert asked == ["news.rebind.test"]
    assert server.hosts[-1] == f"news.rebind.test:{server.port}"
    assert page.url == f"http://news.rebind.test:{server.port}/news"


def test_a_name_resolving_to_a_private_address_is_refused(
    server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dns(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", dns)
    with Fetcher(quick_settings()) as f, pytest.raises(BlockedAddress):
        f.fetch("http://intranet.example/wiki")


def test_proxy_environment_is_ignored(
    fetcher: Fetcher, server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.0.0.1:3128")
    with Fetcher(quick_settings()) as f:
        assert f.fetch(server.url("/news")).status == 200


def test_slow_drip_hits_the_total_deadline(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(FetchTimeout) as caught:
        fetcher.fetch(server.url("/drip"))
    assert "too long" in caught.value.user_message


def test_silent_server_hits_the_read_timeout(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(FetchTimeout):
        fetcher.fetch(server.url("/stall"))


def test_endless_body_is_cut_at_the_cap(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(TooLarge):
        fetcher.fetch(server.url("/endless"))


def test_declared_length_over_the_cap_is_refused_unread(
    fetcher: Fetcher, server: PageServer
) -> None:
    with pytest.raises(TooLarge):
        fetcher.fetch(server.url("/declared-huge"))


def test_gzip_bomb_is_stopped_while_inflating(fetcher: Fetcher, server: PageServer) -> None:
    assert len(gzip.compress(b" " * (CAP * 20))) < CAP // 10
    with pytest.raises(TooLarge):
        fetcher.fetch(server.url("/bomb"))


def test_unrequested_content_encoding_is_refused(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(UnsupportedContent):
        fetcher.fetch(server.url("/brotli"))


@pytest.mark.parametrize(
    ("path", "kind"), [("/pdf", "a PDF"), ("/pdf-untyped", "a PDF"), ("/image", "an image")]
)
def test_files_that_are_not_articles_are_refused_with_a_reason(
    fetcher: Fetcher, server: PageServer, path: str, kind: str
) -> None:
    with pytest.raises(UnsupportedContent) as caught:
        fetcher.fetch(server.url(path))
    assert kind in caught.value.user_message
    assert "paste" in caught.value.user_message


@pytest.mark.parametrize(
    ("path", "error"),
    [("/missing", PageNotFound), ("/gone", PageNotFound), ("/forbidden", AccessDenied),
     ("/login", AccessDenied), ("/broken", SiteError), ("/busy", SiteError)],
)  # fmt: skip
def test_http_errors_have_their_own_reasons(
    fetcher: Fetcher, server: PageServer, path: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        fetcher.fetch(server.url(path))
    assert "paste" in caught.value.user_message.lower()


def test_dead_link(fetcher: Fetcher) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(DeadLink):
        fetcher.fetch(f"http://127.0.0.1:{port}/news")


def test_unresolvable_host_is_a_dead_link(fetcher: Fetcher) -> None:
    with pytest.raises(DeadLink):
        fetcher.fetch("http://no-such-host.invalid/story")


# --- reading -------------------------------------------------------------------------------


def test_fetched_page(fetcher: Fetcher, server: PageServer) -> None:
    page = fetcher.fetch(server.url("/news"))
    assert (page.status, page.content_type, page.encoding) == (200, "text/html", "utf-8")
    assert page.bytes_read == len(HARBOUR)
    assert "£40 million" in page.text


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_bodies_are_decoded(fetcher: Fetcher, server: PageServer, path: str) -> None:
    page = fetcher.fetch(server.url(path))
    assert page.text == HARBOUR.decode("utf-8")
    assert page.bytes_read < len(HARBOUR)


@pytest.mark.parametrize("path", ["/latin1", "/latin1-meta"])
def test_latin1_from_header_or_meta(fetcher: Fetcher, server: PageServer, path: str) -> None:
    page = fetcher.fetch(server.url(path))
    assert page.encoding == "cp1252"
    assert "recibirá 12 millones" in page.text
    assert "\ufffd" not in page.text


def test_page_served_without_content_type_is_sniffed(fetcher: Fetcher, server: PageServer) -> None:
    assert fetcher.fetch(server.url("/untyped")).content_type == "text/html"


def test_fetch_article_end_to_end(fetcher: Fetcher, server: PageServer) -> None:
    article = fetch_article(fetcher, server.url("/chain/1"))
    assert article.title == "Harbour council approves £40m flood wall after two-year dispute"
    assert article.url == server.url("/news?utm_source=chain")
    assert article.canonical_url == server.url("/news")
    assert article.author == "Priya Raman"
    assert "Harbour District Council has approved" in article.text
    assert "Win a cruise" not in article.text


def test_fetch_article_latin1(fetcher: Fetcher, server: PageServer) -> None:
    article = fetch_article(fetcher, server.url("/latin1-meta"))
    assert article.author == "Lucía Fernández Núñez"
    assert "«es imprescindible»" in article.text


def test_fetch_article_plain_text(fetcher: Fetcher, server: PageServer) -> None:
    article = fetch_article(fetcher, server.url("/plain"))
    assert article.text.startswith("Free school meals to be extended")


def test_paywall_and_empty_pages_through_the_fetcher(fetcher: Fetcher, server: PageServer) -> None:
    with pytest.raises(AccessDenied):
        fetch_article(fetcher, server.url("/paywall"))
    with pytest.raises(NothingExtracted):
        fetch_article(fetcher, server.url("/app-shell"))

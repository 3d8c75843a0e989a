"""Reading a link a journalist pasted, without letting the link read the newsroom's network.

Every connection is made by `VettingBackend`, the one place where a host name becomes an
address: it resolves once, vets all the answers (`bot.reading.netguard`), and connects to a vetted
address, so a rebinding DNS server gets no second question. TLS still verifies the
certificate for, and sends SNI with, the real host name (httpcore does the handshake with the
origin's name on top of the stream this backend returns). Redirects are followed here, hop by
hop, so each target passes through the same backend.

Every byte is read raw and decompressed here with a bound, because httpx inflates each chunk
without one and a 10 kB gzip body can become gigabytes. One deadline covers the whole fetch:
httpx's read timeout restarts with every chunk, so a server dripping a byte a second would
otherwise hold a worker for ever.

    fetcher = Fetcher(settings)          # once per process: one pooled client
    page = fetcher.fetch(url)            # FetchedPage, or a FetchError subclass
    article = fetch_article(fetcher, url)
"""

from __future__ import annotations

import http.cookiejar
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.article import Article
from bot.errors import (
    AccessDenied,
    BadLink,
    DeadLink,
    FetchError,
    FetchTimeout,
    PageNotFound,
    RedirectLoop,
    SiteError,
    TooLarge,
    TooManyRedirects,
)
from bot.reading.content import (
    BoundedDecoder,
    choose_encoding,
    refuse_media_type,
    sniff_media_type,
)
from bot.reading.extract import extract_article
from bot.reading.netguard import AllowList
from bot.reading.transport import GuardedTransport, fetch_deadline
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
BAD_REDIRECT = (
    "The site sent me on to an address that is not a valid link. Open the page in your "
    "browser and paste the article's text instead."
)
USER_AGENT = "Mozilla/5.0 (compatible; claimdesk/0.1; newsroom verification desk)"
READABLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = READABLE_TYPES | frozenset(
    {
        "application/xml",
        "text/xml",
        "application/json",
        "application/ld+json",
        "application/x-ndjson",
        "application/jsonl",
    }
)
_REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
    "Accept-Encoding": "gzip, deflate",
    "Accept-Language": "en;q=1.0, *;q=0.5",
}


@dataclass(frozen=True)
class FetchedPage:
    """A page as read: where it ended up, what it said it was, and its decoded text."""

    url: str
    status: int
    content_type: str
    encoding: str
    text: str
    bytes_read: int
    redirects: tuple[str, ...] = ()


# --- the one place where names become connections ------------------------------------------


# --- bodies: bounded decompression and charsets ---------------------------------------------


def refuse_status(status: int, url: str) -> FetchError:
    detail = f"HTTP {status} from {url}"
    if status in (404, 410):
        return PageNotFound(detail=detail)
    if status in (401, 402, 403, 407, 451):
        return AccessDenied(detail=detail)
    if status == 429:
        return SiteError(
            "The site is turning away requests right now. Try again in a while, or paste "
            "the article's text.",
            detail=detail,
        )
    return SiteError(detail=detail)


def check_link(url: str) -> httpx.URL:
    """`url` as an httpx URL, or BadLink for anything that is not an http(s) address."""
    try:
        split_host = urlsplit(url.strip()).hostname
        parsed = httpx.URL(url.strip())
        host = parsed.host
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BadLink(detail=str(exc)) from None
    if parsed.scheme not in ("http", "https") or not host or not split_host:
        raise BadLink(detail=f"not an http(s) URL: {url[:200]!r}")
    return parsed


# --- the fetcher -------------------------------------------------------------------------


class Fetcher:
    """One pooled, guarded httpx client for the whole process (thread-safe, sync)."""

    def __init__(self, settings: Settings, readable: frozenset[str] = READABLE_TYPES) -> None:
        """`readable` are the media types it reads: pages by default; the fact-check importer
        also reads sitemaps and JSON feeds (`FEED_TYPES`), through the same guards."""
        self._readable = readable
        self._max_bytes = settings.fetch_max_bytes
        self._total = settings.fetch_total_timeout
        limits = httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30)
        self._client = httpx.Client(
            transport=GuardedTransport(AllowList.parse(settings.fetch_allow), limits),
            timeout=httpx.Timeout(
                connect=settings.fetch_connect_timeout,
                read=settings.fetch_read_timeout,
                write=settings.fetch_read_timeout,
                pool=settings.fetch_connect_timeout,
            ),
            headers=_REQUEST_HEADERS,
            cookies=http.cookiejar.CookieJar(
                http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
            ),
            follow_redirects=False,
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch(self, url: str) -> FetchedPage:
        """Read `url` within the limits, or raise the FetchError that says why not."""
        target = check_link(url)
        deadline = time.monotonic() + self._total
        token = fetch_deadline.set(deadline)
        try:
            return self._follow(target, deadline)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(detail=f"{type(exc).__name__} for {url}") from None
        except httpx.UnsupportedProtocol as exc:
            raise BadLink(detail=str(exc)) from None
        except (httpx.ConnectError, httpx.NetworkError) as exc:
            raise DeadLink(detail=f"{type(exc).__name__} for {url}: {exc}") from None
        except httpx.RemoteProtocolError as exc:
            raise SiteError(detail=f"broken response from {url}: {exc}") from None
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise SiteError(BAD_REDIRECT, detail=f"{type(exc).__name__} after {url}") from None
        finally:
            fetch_deadline.reset(token)

    def _follow(self, url: httpx.URL, deadline: float) -> FetchedPage:
        request = self._client.build_request("GET", url)
        hops: list[str] = []
        while True:
            response = self._client.send(request, stream=True)
            try:
                if response.next_request is None:
                    return self._read(response, tuple(hops), deadline)
                hops.append(str(request.url))
                request = response.next_request
                if str(request.url) in hops:
                    raise RedirectLoop(detail=" -> ".join([*hops, str(request.url)]))
                if len(hops) > MAX_REDIRECTS:
                    raise TooManyRedirects(detail=" -> ".join([*hops, str(request.url)]))
            finally:
                response.close()

    def _read(
        self, response: httpx.Response, hops: tuple[str, ...], deadline: float
    ) -> FetchedPage:
        url = str(response.url)
        if response.status_code >= 300:
            raise refuse_status(response.status_code, url)
        content_type = response.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type and media_type not in self._readable | {"application/octet-stream"}:
            raise refuse_media_type(media_type)
        declared_length = response.headers.get("content-length", "")
        if declared_length.isdigit() and int(declared_length) > self._max_bytes:
            raise TooLarge(detail=f"Content-Length {declared_length}")
        body, raw_bytes = self._read_body(response, deadline)
        if not media_type or media_type == "application/octet-stream":
            media_type = sniff_media_type(body)
            if media_type not in self._readable:
                raise refuse_media_type(media_type)
        encoding = choose_encoding(body, response.charset_encoding, media_type)
        try:
            text = body.decode(encoding, errors="replace")
        except (LookupError, ValueError, TypeError):
            encoding, text = "utf-8", body.decode("utf-8", errors="replace")
        return FetchedPage(
            url=url,
            status=response.status_code,
            content_type=media_type,
            encoding=encoding,
            text=text,
            bytes_read=raw_bytes,
            redirects=hops,
        )

    def _read_body(self, response: httpx.Response, deadline: float) -> tuple[bytes, int]:
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""), self._max_bytes)
        body = bytearray()
        raw_bytes = 0
        for chunk in response.iter_raw():
            raw_bytes += len(chunk)
            if raw_bytes > self._max_bytes:
                raise TooLarge(detail=f"more than {self._max_bytes} bytes on the wire")
            body += decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise FetchTimeout(detail=f"body of {response.url} still arriving at the deadline")
        body += decoder.flush()
        return bytes(body), raw_bytes


def fetch_article(fetcher: Fetcher, url: str) -> Article:
    """The article behind `url`: fetched within the limits, then extracted."""
    page = fetcher.fetch(url)
    return extract_article(page.text, url=page.url, content_type=page.content_type)

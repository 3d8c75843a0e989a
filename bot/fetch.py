"""Reading a link a journalist pasted, without letting the link read the newsroom's network.

Every connection is made by `VettingBackend`, the one place where a host name becomes an
address: it resolves once, vets all the answers (`bot.netguard`), and connects to a vetted
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

import codecs
import contextlib
import http.cookiejar
import logging
import re
import ssl
import time
import typing
import zlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import httpcore
import httpx
from charset_normalizer import from_bytes

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
    UnsupportedContent,
)
from bot.extract import extract_article
from bot.netguard import AllowList, vetted_addresses
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; claimdesk/0.1; newsroom verification desk)"
READABLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
    "Accept-Encoding": "gzip, deflate",
    "Accept-Language": "en;q=1.0, *;q=0.5",
}
_deadline: ContextVar[float | None] = ContextVar("claimdesk_fetch_deadline", default=None)


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


def _remaining(timeout: float | None) -> float | None:
    """`timeout`, shortened to what is left of the current fetch's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends by the deadline of the fetch using it.

    The deadline is read per call (from a context variable), not fixed at connect time,
    because a pooled connection serves later fetches with deadlines of their own.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout))
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class VettingBackend(httpcore.NetworkBackend):
    """Connects only to addresses `bot.netguard` accepted, trying them in resolver order."""

    def __init__(self, allow: AllowList) -> None:
        self._allow = allow
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = vetted_addresses(host, port, self._allow, _remaining(timeout))
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=_remaining(timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_HTTPCORE_TO_HTTPX: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.TimeoutException, httpx.TimeoutException),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's exceptions as the httpx ones callers of a transport expect."""
    try:
        yield
    except httpcore.ProxyError as exc:  # never configured; keep it visible if it happens
        raise httpx.ProxyError(str(exc)) from exc
    except Exception as exc:
        for core, public in _HTTPCORE_TO_HTTPX:
            if isinstance(exc, core):
                raise public(str(exc)) from exc
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: typing.Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose connections all go through `VettingBackend`, with no proxy.

    httpx's own HTTPTransport has no parameter for a network backend, so this is the small
    part of it we need: an httpcore pool with our backend, and httpx's exception types.
    """

    def __init__(self, allow: AllowList, limits: httpx.Limits) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=VettingBackend(allow),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ("http", "https"):
            raise BadLink(detail=f"scheme {request.url.scheme!r}")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=typing.cast(typing.Iterable[bytes], request.stream),
            extensions=request.extensions,
        )
        with _httpx_errors():
            core_response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(typing.cast(typing.Iterable[bytes], core_response.stream)),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


# --- bodies: bounded decompression and charsets ---------------------------------------------


class BoundedDecoder:
    """Undoes Content-Encoding chunk by chunk, refusing to produce more than `limit` bytes.

    zlib's `max_length` stops inflation at the bound: input it has not consumed yet means the
    output would have gone past it, which is all we need to know to refuse the page.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UnsupportedContent(detail=f"content-encoding {content_encoding!r}")
        self._coding = codings[0] if codings else "identity"
        self._limit = limit
        self._produced = 0
        self._inflater: typing.Any = None
        if self._coding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            self._inflater = zlib.decompressobj()
        self._first = True

    def feed(self, data: bytes) -> bytes:
        if self._inflater is None:
            return self._count(data)
        try:
            out = self._inflater.decompress(data, self._limit - self._produced + 1)
        except zlib.error:
            if not (self._first and self._coding == "deflate"):
                raise UnsupportedContent(detail="corrupt compressed body") from None
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflater.decompress(data, self._limit - self._produced + 1)
        self._first = False
        if self._inflater.unconsumed_tail:
            raise TooLarge(detail=f"decompresses past {self._limit} bytes")
        return self._count(out)

    def flush(self) -> bytes:
        return self._count(self._inflater.flush()) if self._inflater is not None else b""

    def _count(self, out: bytes) -> bytes:
        self._produced += len(out)
        if self._produced > self._limit:
            raise TooLarge(detail=f"more than {self._limit} bytes")
        return out


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WHATWG_ALIASES = {"latin-1": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label, with the web's reading of Latin-1 as windows-1252
    (browsers do, and pages labelled ISO-8859-1 routinely contain curly quotes from 1252)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def choose_encoding(body: bytes, declared: str | None, media_type: str) -> str:
    """The charset by the web's order of evidence: BOM, HTTP header, meta tag, then detection."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = codec_name(declared)
    if header:
        return header
    if media_type != "text/plain":
        match = _META_CHARSET.search(body[:4096])
        meta = codec_name(match.group(1).decode("ascii", "replace")) if match else None
        if meta:
            return "utf-8" if meta.startswith("utf-16") else meta
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    guess = from_bytes(body[:65536]).best()
    return codec_name(guess.encoding if guess else None) or "cp1252"


_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff_media_type(body: bytes) -> str:
    """A media type for a body served without a usable Content-Type."""
    for magic, media in _MAGIC:
        if body.startswith(magic):
            return media
    if body[:12].startswith(b"RIFF") and body[8:12] == b"WEBP":
        return "image/webp"
    head = body[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")):
        return "text/html"
    return "text/plain" if b"\x00" not in body[:1024] else "application/octet-stream"


def describe_media_type(media_type: str) -> str:
    if media_type == "application/pdf":
        return "a PDF"
    major = media_type.split("/", 1)[0]
    if major in ("image", "video", "audio"):
        return {"image": "an image", "video": "a video", "audio": "an audio file"}[major]
    if "json" in media_type:
        return "JSON data"
    if "xml" in media_type or "rss" in media_type:
        return "an XML file or feed"
    return "a file download"


def refuse_media_type(media_type: str) -> UnsupportedContent:
    kind = describe_media_type(media_type)
    hint = "copy its text and paste it" if kind == "a PDF" else "paste the article's text"
    return UnsupportedContent(
        f"That link is {kind}, not an article page. I can read web pages and plain text: "
        f"{hint} instead.",
        detail=media_type,
    )


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
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise BadLink(detail=str(exc)) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BadLink(detail=f"not an http(s) URL: {url[:200]!r}")
    return parsed


# --- the fetcher -------------------------------------------------------------------------


class Fetcher:
    """One pooled, guarded httpx client for the whole process (thread-safe, sync)."""

    def __init__(self, settings: Settings) -> None:
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
        token = _deadline.set(deadline)
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
        finally:
            _deadline.reset(token)

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
        if media_type and media_type not in READABLE_TYPES | {"application/octet-stream"}:
            raise refuse_media_type(media_type)
        declared_length = response.headers.get("content-length", "")
        if declared_length.isdigit() and int(declared_length) > self._max_bytes:
            raise TooLarge(detail=f"Content-Length {declared_length}")
        body, raw_bytes = self._read_body(response, deadline)
        if not media_type or media_type == "application/octet-stream":
            media_type = sniff_media_type(body)
            if media_type not in READABLE_TYPES:
                raise refuse_media_type(media_type)
        encoding = choose_encoding(body, response.charset_encoding, media_type)
        return FetchedPage(
            url=url,
            status=response.status_code,
            content_type=media_type,
            encoding=encoding,
            text=body.decode(encoding, errors="replace"),
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

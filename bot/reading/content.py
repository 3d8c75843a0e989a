"""What a fetched body is: bounded decompression, its charset, and whether it is a kind we read."""

from __future__ import annotations

import codecs
import re
import typing
import zlib

from charset_normalizer import from_bytes

from bot.errors import (
    TooLarge,
    UnsupportedContent,
)


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


_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"}
)

_WHATWG_ALIASES = {"latin-1": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label, with the web's reading of Latin-1 as windows-1252
    (browsers do, and pages labelled ISO-8859-1 routinely contain curly quotes from 1252).

    Only text encodings count: Python's codec registry also knows transforms such as rot13,
    zlib, uu or base64, which a page may name as its charset and which bytes.decode refuses.
    """
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _WHATWG_ALIASES.get(info.name, info.name)


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

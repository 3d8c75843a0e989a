"""Bytes a user handed us (a file, stdin) to text, refusing what is not text at all.

Binary files decode "successfully" as latin-1 garbage, which the engine would then
happily mine for claims; a clear refusal is kinder.
"""

from __future__ import annotations

import codecs

from bot.errors import EmptyInput, UnreadableInput

_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"RIFF": "a media file",
    b"PK\x03\x04": "a zip or office document",
    b"\x1f\x8b": "a compressed file",
    b"\x7fELF": "a program",
    b"\xd0\xcf\x11\xe0": "an office document",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Text from `data`: UTF-8 (or a BOM's encoding), else Windows-1252; binary is refused.

    A UTF-8 file with a stray byte or two stays UTF-8, with a replacement character where the
    bytes were bad: read as Windows-1252 instead, every accented letter, dash and curly quote
    of the whole text would turn into two or three wrong ones. Only text whose non-ASCII bytes
    are mostly not UTF-8 is read as Windows-1252.
    """
    if not data.strip():
        raise EmptyInput()
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableInput(
                f"That looks like {what}, not article text. Paste the article's text or a link "
                "to its web page instead."
            )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise UnreadableInput(
            "That file is binary, not text. Paste the article's text or a link to it instead."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for char in lenient if ord(char) > 127) - bad
    if good >= bad:
        return lenient
    return data.decode("cp1252", errors="replace")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)

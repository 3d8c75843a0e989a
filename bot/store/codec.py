"""How an analysis is stored: compact JSON, zlib-compressed when that pays, behind a tag byte.

    b"j" + JSON          small analyses
    b"z" + zlib(JSON)    larger ones (articles with many claims compress about 4x)
    b"@" + key           an alias: look the analysis up under that key instead

Each stored analysis also records its aliases, so forgetting it removes them too.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.analysis import Analysis

COMPRESS_OVER = 1024
ALIAS = b"@"
_JSON = b"j"
_ZLIB = b"z"


@dataclass(frozen=True)
class Entry:
    analysis: Analysis
    aliases: tuple[str, ...] = ()


def encode(analysis: Analysis, aliases: Iterable[str] = ()) -> bytes:
    record: dict[str, Any] = {"analysis": analysis.to_dict(), "aliases": list(aliases)}
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    if len(raw) <= COMPRESS_OVER:
        return _JSON + raw
    return _ZLIB + zlib.compress(raw, 6)


def decode(blob: bytes) -> Entry:
    """Raises ValueError for anything that is not a current-schema analysis record."""
    tag, body = blob[:1], blob[1:]
    if tag == _ZLIB:
        try:
            body = zlib.decompress(body)
        except zlib.error as error:
            raise ValueError(f"corrupt compressed analysis: {error}") from error
    elif tag != _JSON:
        raise ValueError(f"not an analysis record (tag {tag!r})")
    try:
        record = json.loads(body)
        return Entry(Analysis.from_dict(record["analysis"]), tuple(record.get("aliases", ())))
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"malformed analysis record: {error}") from error


def alias_to(key: str) -> bytes:
    return ALIAS + key.encode()


def alias_target(blob: bytes) -> str | None:
    return blob[1:].decode() if blob[:1] == ALIAS else None

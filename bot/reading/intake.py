"""What a journalist's message asks for: the links to read and any text pasted around them.

Slack rewrites links as `<https://example.com/a|label>` or `<https://example.com/a>`, users as
`<@U123>`, channels as `<#C123|name>` and special mentions as `<!here>`, and escapes `&`, `<` and
`>` as entities. The terminal passes plain text with bare URLs. Both arrive here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.reading.urls import canonical_url

_TOKEN = re.compile(
    r"<(?P<target>[^<>\s|][^<>|]*)(?:\|(?P<label>[^<>]*))?>"
    r"|(?P<url>\bhttps?://[^\s<>\"'`]+)",
    re.I,
)
_TRAILING = ".,;:!?'\"»”’)]}"
_BRACKETS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True)
class Request:
    """The links to analyse (at most the limit, first ones first), the words around them,
    and how many links were left out so the reply can say so."""

    links: tuple[str, ...]
    text: str
    dropped_links: int = 0


def parse_message(text: str, max_links: int = 3) -> Request:
    """Split a message into its web links and its remaining text.

    A link given twice (even spelled differently: tracking parameters, a fragment) counts
    once. Mailto links, channels, users and special mentions are not links: user mentions are
    removed (they address the bot or a colleague), channel names and labels are kept as words.
    """
    links: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group("url"):
            url, rest = trim_url(unescape(match.group("url")))
            links.append(url)
            return " " + rest
        target, label = match.group("target"), match.group("label")
        if target.startswith(("http://", "https://")):
            links.append(unescape(target))
            return " "
        if target.startswith("@"):
            return " "
        if target.startswith("#"):
            return f"#{label}" if label else " "
        if target.startswith("!"):
            return f"@{label or target[1:].split('^', 1)[0]}"
        return label if label is not None else target.removeprefix("mailto:")

    remaining = unescape(_TOKEN.sub(replace, text))
    unique: dict[str, str] = {}
    for link in links:
        unique.setdefault(canonical_url(link), link)
    kept = tuple(unique.values())[:max_links]
    return Request(links=kept, text=tidy_text(remaining), dropped_links=len(unique) - len(kept))


def unescape(text: str) -> str:
    """Slack's three entities back to characters (only these three are ever escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def trim_url(url: str) -> tuple[str, str]:
    """A bare URL without the sentence punctuation that followed it, and that punctuation.

    A closing bracket stays when the URL opened it (Wikipedia's `Foo_(bar)`).
    """
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        char = url[end - 1]
        opener = _BRACKETS.get(char)
        if opener and url[:end].count(opener) >= url[:end].count(char):
            break
        end -= 1
    return url[:end], url[end:]


def tidy_text(text: str) -> str:
    """Spaces collapsed within lines, blank-line paragraph breaks kept, ends trimmed."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

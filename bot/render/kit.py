"""Block Kit building blocks within Slack's limits, and the escaping that keeps article text inert.

Everything shown in Slack passes through `escape` or `safe`, so an article cannot ping
@channel or forge a link, and every builder clips to the limit Slack enforces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

MAX_BLOCKS = 50


MAX_SECTION = 3000


MAX_HEADER = 150


MAX_CONTEXT_ELEMENTS = 10


MAX_FALLBACK = 3000

_BIDI = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


MAX_BUTTON_TEXT = 75


MAX_VALUE = 2000


MAX_OPTION_VALUE = 150


MAX_HOME_BLOCKS = 100


@dataclass(frozen=True)
class Message:
    """What a surface posts: Block Kit blocks plus the plain-text fallback Slack requires."""

    text: str
    blocks: tuple[Block, ...] = ()

    def block_dicts(self) -> list[dict[str, Any]]:
        return [block.to_dict() for block in self.blocks]


def escape(text: str) -> str:
    """Slack's three control characters, and the bidirectional controls taken out: an
    override inside an article's words would reverse how the rest of the message reads
    ("fact-checked: eurT" shown as "True"), in the bot's voice."""
    cleaned = strip_bidi(text)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    """A Slack mention, which notifies the person: only for a message meant to reach them (the
    `/claims` parent naming who asked, an assignment). Who marked or took a claim is shown by
    name (`blocks.who_label`), because those lines are posted again and again. Anything but a
    plain user id is shown as escaped text, so no value can smuggle other markup in."""
    if user_id.isalnum() and user_id[:1] in ("U", "W"):
        return f"<@{user_id}>"
    return escape(user_id)


def strip_bidi(text: str) -> str:
    return text.translate(_BIDI)


def clip(text: str, limit: int) -> str:
    """Cut escaped text to `limit` characters without splitting an `&amp;`-style entity; every
    block builder passes through here, so bidirectional controls are dropped here too."""
    text = strip_bidi(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def safe(text: str, limit: int = MAX_SECTION) -> str:
    return clip(escape(text), limit)


def section(mrkdwn: str, **fields: Any) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(mrkdwn, MAX_SECTION)), **fields)


def button(label: str, action_id: str, value: str, *, primary: bool = False) -> ButtonElement:
    """Values are ours (refs and numbers, never article text) and must fit Slack's limit."""
    if len(value) > MAX_VALUE:
        raise ValueError(f"button value of {len(value)} characters for {action_id}")
    return ButtonElement(
        text=PlainTextObject(text=clip(label, MAX_BUTTON_TEXT), emoji=False),
        action_id=action_id,
        value=value,
        style="primary" if primary else None,
    )


def actions(*elements: ButtonElement, block_id: str | None = None) -> ActionsBlock:
    return ActionsBlock(elements=list(elements), block_id=block_id)


def link(url: str, label: str) -> str:
    """A mrkdwn link to a URL we got from Slack; anything that is not plain http(s) is shown
    as escaped text instead, so no value can smuggle markup into the link."""
    if not url.startswith(("https://", "http://")) or any(c in url for c in "<>| \n"):
        return escape(label)
    return f"<{url}|{escape(label)}>"


def text_chars(blocks: Sequence[dict[str, Any]]) -> int:
    """Characters of text a reader sees in these blocks (sections, context, headers, buttons,
    option labels): what "one screen" is measured in."""
    total = 0

    def walk(node: Any, key: str = "") -> None:
        nonlocal total
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                total += len(node["text"])
                return
            for name, child in node.items():
                walk(child, name)
        elif isinstance(node, list):
            for child in node:
                walk(child, key)

    walk(list(blocks))
    return total


def header(plain: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(plain, MAX_HEADER), emoji=False))


def context(*mrkdwn: str) -> ContextBlock:
    elements = [MarkdownTextObject(text=clip(t, MAX_SECTION)) for t in mrkdwn if t]
    return ContextBlock(elements=elements[:MAX_CONTEXT_ELEMENTS])


def sections(lines: Iterable[str], limit: int = MAX_SECTION) -> list[SectionBlock]:
    """Pack lines into as few sections as the per-section limit allows."""
    blocks: list[SectionBlock] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            blocks.append(section(current))
            current = line
        else:
            current = candidate
    if current:
        blocks.append(section(current))
    return blocks


def fit(
    blocks: Sequence[Block], note: str = "More in this thread: `export` has it all."
) -> tuple[Block, ...]:
    """At most 50 blocks: the tail is replaced by a pointer to the rest."""
    if len(blocks) <= MAX_BLOCKS:
        return tuple(blocks)
    return (*blocks[: MAX_BLOCKS - 1], context(note))


def text_message(mrkdwn: str, fallback: str | None = None) -> Message:
    """A one-section message; `mrkdwn` must already be escaped where it holds outside text."""
    return Message(text=clip(fallback or mrkdwn, MAX_FALLBACK), blocks=(section(mrkdwn),))

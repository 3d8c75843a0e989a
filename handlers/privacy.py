"""Whether a Slack conversation is private: what the desk records there must never leave it.

Payloads say it only sometimes: `message` events carry `channel_type`, slash commands a
`channel_name` of "directmessage" or "privategroup", and D/G channel ids are DMs and legacy
private groups. A private channel made since 2021 has a C id like a public one, and neither
`app_mention` events nor block_actions say which it is, so those ask Slack once
(conversations.info) and remember the answer. When nobody can tell, the conversation counts
as private: a mark kept too narrowly can be repeated, a private note shown elsewhere cannot
be taken back.
"""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

PRIVATE_TYPES = frozenset({"im", "mpim", "group", "private_channel"})
PUBLIC_TYPES = frozenset({"channel", "public_channel"})
PRIVATE_NAMES = frozenset({"directmessage", "privategroup"})
CACHE_SIZE = 10_000

_known: dict[tuple[str, str, str], bool] = {}
_lock = threading.Lock()


def hinted(channel: str, channel_type: str = "", channel_name: str = "") -> bool | None:
    """What the payload itself says, or None when it does not say."""
    if channel_type in PRIVATE_TYPES or channel_name in PRIVATE_NAMES:
        return True
    if channel_name.startswith("mpdm-") or channel.startswith(("D", "G")):
        return True
    if channel_type in PUBLIC_TYPES:
        return False
    return None


def is_private(
    client: WebClient, team: str, channel: str, *, channel_type: str = "", channel_name: str = ""
) -> bool:
    """The payload's word when it has one, else Slack's (remembered), else private."""
    key = (str(client.base_url), team, channel)
    said = hinted(channel, channel_type, channel_name)
    if said is not None:
        _remember(key, said)
        return said
    with _lock:
        if key in _known:
            return _known[key]
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as error:
        log.info(
            "privacy of %s unknown (%s): treated as private", channel, error.response.get("error")
        )
        return True
    private = any(bool(info.get(flag)) for flag in ("is_private", "is_im", "is_mpim", "is_group"))
    _remember(key, private)
    return private


def _remember(key: tuple[str, str, str], private: bool) -> None:
    with _lock:
        if len(_known) >= CACHE_SIZE:
            _known.clear()
        _known[key] = private

"""Messages people send the bot (mentions, DMs, thread replies): who is speaking to us, and how.

Slack delivers one mention twice (as `app_mention` and as `message`) and retries what it did not
see acknowledged, so every listener funnels into `handle_message`, which decides the same way
for both deliveries and answers only the first one the store sees (team, channel, ts).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from typing import Any

from slack_sdk import WebClient

from bot.desk.followup import Mark, parse_followup, starts_with_command
from bot.reading.intake import parse_message
from bot.render.blocks import error_message, help_message
from bot.render.kit import escape
from bot.wiring import Services
from handlers import followups
from handlers.incoming import Incoming
from handlers.posting import post, react
from handlers.privacy import is_private
from handlers.work import submit

log = logging.getLogger(__name__)

ANSWERED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
MIN_TEXT_WORDS = 5
LONG_TEXT_WORDS = 40
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class Action(Enum):
    IGNORE = "ignore"
    HELP = "help"
    CHECK = "check"
    CHECK_PARENT = "check the thread's parent"
    FILES = "say attached files cannot be read"
    FOLLOWUP = "follow-up"


def incoming(event: dict[str, Any], bot_user_id: str | None, team: str | None) -> Incoming | None:
    """None for what the bot must not answer: bots (itself included), edits, joins, deletions."""
    if (
        event.get("subtype") not in ANSWERED_SUBTYPES
        or event.get("bot_id")
        or event.get("bot_profile")
    ):
        return None
    user = event.get("user")
    if not user or user == bot_user_id:
        return None
    channel = str(event.get("channel", ""))
    text = str(event.get("text") or "")
    mentioned = {m.group(1) for m in _MENTION.finditer(text)}
    return Incoming(
        team=str(team or event.get("team") or ""),
        channel=channel,
        user=str(user),
        ts=str(event.get("ts", "")),
        thread_ts=str(event.get("thread_ts") or ""),
        text=text,
        is_dm=event.get("channel_type") == "im" or channel.startswith("D"),
        mentions_bot=event.get("type") == "app_mention" or (bot_user_id in mentioned),
        files=tuple(
            str(f.get("name") or f.get("title") or f.get("filetype") or "a file")
            for f in event.get("files") or ()
            if isinstance(f, dict)
        ),
        channel_type=str(event.get("channel_type") or ""),
    )


def word_count(text: str) -> int:
    return len(text.split())


def decide(msg: Incoming, thread_has_analysis: Callable[[], bool], max_links: int = 3) -> Action:
    """What to do with a message; the same answer for both deliveries of one mention. A typed
    `mark` in a thread is a follow-up even when the thread's memory cannot be read (Redis
    down): it is answered as a mark not saved, never analysed as a new article."""
    addressed = msg.is_dm or msg.mentions_bot
    request = parse_message(msg.text, max_links=max_links)
    words = word_count(request.text)
    if msg.in_thread and thread_has_analysis():
        if addressed and msg.files and not request.links and words < MIN_TEXT_WORDS:
            return Action.FILES
        if addressed and (request.links or words >= LONG_TEXT_WORDS):
            return Action.CHECK
        if addressed or starts_with_command(request.text):
            return Action.FOLLOWUP
        return Action.IGNORE
    if msg.in_thread and isinstance(parse_followup(request.text), Mark):
        return Action.FOLLOWUP
    if not addressed:
        return Action.IGNORE
    if msg.files and not request.links and words < MIN_TEXT_WORDS:
        return Action.FILES
    if request.links or words >= MIN_TEXT_WORDS:
        return Action.CHECK
    if msg.in_thread and not request.text.strip():
        return Action.CHECK_PARENT
    return Action.HELP


def handle_message(
    event: dict[str, Any],
    bot_user_id: str | None,
    team: str | None,
    client: WebClient,
    services: Services,
) -> None:
    msg = incoming(event, bot_user_id, team)
    if msg is None:
        return
    desk = services.desk
    action = decide(
        msg,
        lambda: desk.thread_known(msg.channel, msg.thread_ts),
        max_links=services.settings.max_links,
    )
    if action is Action.IGNORE:
        return
    if not desk.first_delivery(msg.team, msg.channel, msg.ts):
        log.debug("already answered %s/%s", msg.channel, msg.ts)
        return
    msg = replace(
        msg,
        private=is_private(client, msg.team, msg.channel, channel_type=msg.channel_type),
    )
    if action is Action.HELP:
        post(client, msg.thread, help_message())
    elif action is Action.FILES:
        post(client, msg.thread, error_message(files_answer(msg.files)))
    elif action is Action.FOLLOWUP:
        followups.answer(msg, client, services)
    elif action is Action.CHECK_PARENT:
        parent = thread_parent_text(client, msg.channel, msg.thread_ts)
        start_check(parent, msg, client, services)
    else:
        start_check(msg.text, msg, client, services)


def files_answer(names: tuple[str, ...]) -> str:
    """Attachments are not fetched (a PDF or an image is no article text we can read)."""
    shown = ", ".join(f"`{escape(name[:80])}`" for name in names[:3])
    return (
        f"I can't read attached files ({shown}). Paste the article's text, or a link to its "
        "web page, in a message that mentions me."
    )


def thread_parent_text(client: WebClient, channel: str, thread_ts: str) -> str:
    """ "@claimdesk check this" under someone's link: the parent message is what to check."""
    response = client.conversations_replies(channel=channel, ts=thread_ts, limit=1, inclusive=True)
    messages = response.get("messages") or []
    return str(messages[0].get("text", "")) if messages else ""


def start_check(text: str, msg: Incoming, client: WebClient, services: Services) -> None:
    """Show progress on the user's message, then hand the fetch and analysis to the workers."""
    request = parse_message(text, max_links=services.settings.max_links)
    if not request.links and not request.text.strip():
        post(client, msg.thread, help_message())
        return
    react(client, msg.channel, msg.ts)
    job = msg.job(
        "check",
        links=request.links,
        text=request.text,
        dropped_links=request.dropped_links,
    )
    submit(job, client, services)

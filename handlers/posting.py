"""Posting to Slack: every reply goes through here, so every reply keeps the same manners.

Replies never unfurl (the thread would fill with a preview of the very article being checked)
and always carry the plain-text fallback; Slack API errors surface as `SlackApiError`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.desk import Checked, Outcome
from bot.render.blocks import error_message
from bot.render.first import first_answer
from bot.render.kit import Message

log = logging.getLogger(__name__)

PROGRESS_REACTION = "mag"


@dataclass(frozen=True)
class Thread:
    """Where answers go: a channel and the thread's parent ts."""

    channel: str
    ts: str


def post(client: WebClient, thread: Thread, message: Message) -> str:
    """Post in the thread; returns the new message's ts."""
    response = client.chat_postMessage(
        channel=thread.channel,
        thread_ts=thread.ts,
        text=message.text,
        blocks=message.block_dicts(),
        unfurl_links=False,
        unfurl_media=False,
    )
    return str(response["ts"])


def outcome_message(outcome: Outcome, names: Mapping[str, str] | None = None) -> Message:
    """The first answer (`names`: who marked its claims, by name) or the words of a refusal."""
    if isinstance(outcome, Checked):
        return first_answer(
            outcome.analysis,
            outcome.statuses,
            cached=outcome.cached,
            seen=outcome.seen,
            names=names,
        )
    prefix = f"{outcome.link}: " if outcome.link else ""
    return error_message(prefix + outcome.message)


def apology() -> Message:
    return error_message(
        "Sorry, something went wrong on my side while checking this. It has been logged; "
        "please try again in a minute."
    )


def try_post(client: WebClient, thread: Thread, message: Message) -> None:
    """For last-resort answers (apologies): a failure to post is logged, not raised."""
    try:
        post(client, thread, message)
    except SlackApiError:
        log.exception("could not post to %s/%s", thread.channel, thread.ts)


def react(client: WebClient, channel: str, ts: str, *, remove: bool = False) -> None:
    """Progress shown as a reaction on the user's message; cosmetic, so failures are only logged."""
    try:
        if remove:
            client.reactions_remove(channel=channel, timestamp=ts, name=PROGRESS_REACTION)
        else:
            client.reactions_add(channel=channel, timestamp=ts, name=PROGRESS_REACTION)
    except SlackApiError as error:
        log.info(
            "reaction %s on %s/%s failed: %s",
            "remove" if remove else "add",
            channel,
            ts,
            error.response.get("error"),
        )

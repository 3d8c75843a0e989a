"""/claims <link or text>: slash commands have no thread, so the bot starts one.

Ack at once (ephemeral "working on it"), post a short parent message in the channel and the
analysis in its thread. Where the bot may not post (not a member, private channel), the
answer goes back through the command's response_url with a hint to invite the bot.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.desk.queue import DeskJob
from bot.reading.intake import Request, parse_message
from bot.render import blocks as rb
from bot.render import kit
from bot.wiring import Services
from handlers.posting import apology
from handlers.privacy import is_private
from handlers.work import submit

log = logging.getLogger(__name__)

COMMAND = "/claims"
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
INVITE_HINT = (
    "I can't post in this channel, so only you can see this. To share checks here, "
    "invite me with `/invite @claimdesk`, then use `/claims` or mention me again."
)


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def claims(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        respond: Respond,
        request: BoltRequest,
    ) -> None:
        if not first_time(request, command, services):
            log.info("ignored a replayed /claims from %s", command.get("user_id"))
            ack()
            return
        text = str(command.get("text") or "").strip()
        request = parse_message(text, max_links=services.settings.max_links)
        if text.lower() in ("", "help") or not (request.links or request.text.strip()):
            help_message = rb.help_message()
            ack(text=help_message.text, blocks=help_message.block_dicts())
            return
        ack(text=":mag: Working on it: the analysis will appear in a thread in this channel.")
        start(command, request, client, respond, services)


def first_time(request: BoltRequest, command: dict[str, Any], services: Services) -> bool:
    """A signed request stays valid for five minutes, so anyone who captured one could replay
    it and run the check again in the user's name; the same signature twice is that replay.
    (Socket Mode requests carry no signature and cannot be replayed from outside.)"""
    signature = _header(request, "x-slack-signature")
    if not signature:
        return True
    stamp = _header(request, "x-slack-request-timestamp")
    digest = hashlib.sha256(f"{stamp}:{signature}".encode()).hexdigest()[:32]
    team = str(command.get("team_id", ""))
    return services.desk.first_delivery(team, str(command.get("channel_id", "")), "cmd:" + digest)


def _header(request: BoltRequest, name: str) -> str:
    value = request.headers.get(name) or ""
    return str(value[0] if isinstance(value, list | tuple) and value else value)


def parent_text(request: Request, user: str) -> str:
    what = ", ".join(kit.escape(link) for link in request.links) or "pasted text"
    return f"Claims check for {what}, asked by {kit.mention(user)}"


def start(
    command: dict[str, Any],
    request: Request,
    client: WebClient,
    respond: Respond,
    services: Services,
) -> None:
    """Open the thread the answer goes in (or learn that only response_url can carry it), then
    hand the check to the workers; runs after the ack, so Slack's 3 seconds are not at stake."""
    channel, user = str(command["channel_id"]), str(command["user_id"])
    team = str(command.get("team_id", ""))
    try:
        parent_ts = open_thread(client, channel, parent_text(request, user))
    except Exception:
        log.exception("/claims could not open a thread in %s for %s (team %s)", channel, user, team)
        message = apology()
        respond(text=message.text, blocks=message.block_dicts(), response_type="ephemeral")
        return
    if parent_ts is None:
        respond(text=INVITE_HINT, response_type="ephemeral", replace_original=False)
    job = DeskJob(
        "check",
        team=team,
        user=user,
        channel=channel,
        thread_ts=parent_ts or "",
        response_url=str(command.get("response_url") or ""),
        links=request.links,
        text=request.text,
        dropped_links=request.dropped_links,
        private=is_private(
            client, team, channel, channel_name=str(command.get("channel_name") or "")
        ),
    )
    submit(job, client, services)


def open_thread(client: WebClient, channel: str, text: str) -> str | None:
    """The parent message's ts, or None where the bot may not post in the channel."""
    try:
        response = client.chat_postMessage(
            channel=channel, text=text, unfurl_links=False, unfurl_media=False
        )
    except SlackApiError as error:
        if error.response.get("error") in NOT_A_MEMBER:
            log.info("not allowed to post in %s: answering through response_url", channel)
            return None
        raise
    return str(response["ts"])

"""After a mark, wherever it came from (a menu, the note modal, a typed `mark`): the claim list
page showing the claim is updated in place, and the marker's Home tab is published again."""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.analysis import Analysis, Claim, analysis_ref
from bot.board import BoardEntry
from bot.desk import Where
from bot.render.actions import list_name
from bot.render.claimlist import claims_page, page_start
from bot.render.home import MAX_ROWS, home_view
from bot.wiring import Services
from handlers.people import DeskView
from handlers.posting import Thread

log = logging.getLogger(__name__)


def update_list(
    client: WebClient,
    services: Services,
    where: Where,
    analysis: Analysis,
    claim: Claim,
    message_ts: str = "",
) -> None:
    """chat.update the page holding `claim`: the message pressed, or the one remembered (with
    the seen-before lines looked up again, so a match judged not the same is gone)."""
    desk = services.desk
    thread = Thread(where.channel, where.thread_ts)
    start = page_start(claim.number)
    ts = message_ts or desk.posted(
        thread.channel, thread.ts, list_name(analysis_ref(analysis.key), start)
    )
    if not ts:
        return
    v = DeskView.of(analysis, where, services, client, fresh=True)
    message = claims_page(analysis, v.statuses, start, seen=v.seen, names=v.names)
    try:
        client.chat_update(
            channel=thread.channel, ts=ts, text=message.text, blocks=message.block_dicts()
        )
    except SlackApiError as error:
        log.info("could not update list %s/%s: %s", thread.channel, ts, error.response.get("error"))


def publish_home(client: WebClient, services: Services, team: str, user: str) -> None:
    """The viewer's board, limited to conversations they are a member of."""
    members = Membership(client, user)
    rows = services.desk.board(team, user, members.includes)[: MAX_ROWS + 1]
    rows = [replace(row, permalink=permalink(client, row.entry)) for row in rows]
    client.views_publish(user_id=user, view=home_view(rows, services.settings.board_days))


def permalink(client: WebClient, entry: BoardEntry) -> str:
    try:
        response = client.chat_getPermalink(channel=entry.channel, message_ts=entry.thread_ts)
    except SlackApiError as error:
        log.info(
            "no permalink for %s/%s: %s",
            entry.channel,
            entry.thread_ts,
            error.response.get("error"),
        )
        return ""
    return str(response.get("permalink") or "")


class Membership:
    """Whether a user is in a conversation, asked of Slack (conversations.members) once per
    conversation per board; anything Slack will not tell us counts as "not a member", so a
    private channel's or a DM's work never shows to someone outside it."""

    def __init__(self, client: WebClient, user: str) -> None:
        self.client = client
        self.user = user

    def includes(self, channel: str) -> bool:
        cursor = ""
        try:
            for _ in range(50):
                response = self.client.conversations_members(
                    channel=channel, limit=1000, cursor=cursor or None
                )
                if self.user in (response.get("members") or []):
                    return True
                cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
                if not cursor:
                    return False
        except SlackApiError as error:
            log.info("membership of %s unknown: %s", channel, error.response.get("error"))
        return False

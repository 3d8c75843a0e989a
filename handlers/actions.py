"""Buttons, claim menus and the note modal: every action_id in claimdesk's messages.

Each listener acknowledges first (Slack shows an error after 3 seconds) and hands the rest to
the desk's pool: reading the analysis, saving a mark, updating the message, posting in the
thread. Only opening the note modal runs right after the ack in Bolt's listener thread, because
the click's trigger_id expires 3 seconds after the click and a busy pool could outlast it.
Payloads carry short refs, never article text; an analysis that expired is said so kindly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.analysis import Analysis, Claim
from bot.desk import Where
from bot.desk.marks import mark_id_of
from bot.errors import UserError
from bot.render import actions as ids
from bot.render.blocks import change_line, checklist_message
from bot.render.claimlist import claims_page, note_modal
from bot.status import Status, parse_status
from bot.wiring import Services
from handlers.exporting import export
from handlers.people import DeskView, names_for
from handlers.posting import Thread, post
from handlers.privacy import is_private
from handlers.refresh import publish_home, update_list

log = logging.getLogger(__name__)

EXPIRED = (
    "This analysis has expired from my memory, so I can't work on it any more. Mention me with "
    "the link or text again for a fresh one: the desk's marks are kept and will show again."
)
GONE = "Claim {number} is no longer in this analysis (it was rechecked): open the new list."
NO_THREAD = (
    "I can only work on claims in a conversation I can post in: invite me with "
    "`/invite @claimdesk` and check the article again there."
)
BUSY = "The desk is busy right now: try again in a minute."
NOT_SAME_KEPT = "Noted: I won't suggest that match for claim {number} to your desk again."


@dataclass(frozen=True)
class Pressed:
    """A click, as plain data: who, where (channel, thread, message) and the element's value."""

    team: str
    user: str
    channel: str
    thread_ts: str
    message_ts: str
    value: str
    trigger_id: str = ""
    delivery: str = ""
    private: bool = True

    @property
    def thread(self) -> Thread:
        return Thread(self.channel, self.thread_ts)

    @property
    def where(self) -> Where:
        return Where(self.team, self.user, self.channel, self.thread_ts, self.private)

    @property
    def mark_id(self) -> str:
        """The same for Slack's retry of this click, different for the next click."""
        return mark_id_of(
            self.team, self.channel, self.message_ts, self.user, self.value, self.delivery
        )

    def settled(self, client: WebClient) -> Pressed:
        """With `private` asked of the payload's channel (see `handlers.privacy`)."""
        return replace(self, private=is_private(client, self.team, self.channel))


def pressed(body: dict[str, Any]) -> Pressed:
    """From a block_actions payload; a threaded message carries its thread in `container` (or
    in `message`); a message that is its own thread parent uses its ts."""
    action = (body.get("actions") or [{}])[0]
    channel = body.get("channel") or {}
    value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    container = body.get("container") or {}
    message = body.get("message") or {}
    message_ts = str(container.get("message_ts") or message.get("ts") or "")
    return Pressed(
        team=str(
            (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
        ),
        user=str((body.get("user") or {}).get("id") or ""),
        channel=str(container.get("channel_id") or channel.get("id") or ""),
        thread_ts=str(container.get("thread_ts") or message.get("thread_ts") or message_ts),
        message_ts="" if container.get("is_ephemeral") else message_ts,
        value=str(value),
        trigger_id=str(body.get("trigger_id") or ""),
        delivery=str(action.get("action_ts") or body.get("trigger_id") or ""),
    )


def register(app: App, services: Services) -> None:
    desk = services.desk

    def later(client: WebClient, p: Pressed, work: Callable[[], None]) -> None:
        if not p.message_ts:
            tell(client, p, NO_THREAD)
        elif not services.pool.submit(work):
            tell(client, p, BUSY)

    def analysis_or_say(client: WebClient, p: Pressed, ref: str) -> Analysis | None:
        analysis = desk.find_analysis(p.channel, p.thread_ts, ref)
        if analysis is None:
            tell(client, p, EXPIRED)
        return analysis

    def claim_or_say(
        client: WebClient, p: Pressed, ref: str, number: int, fingerprint: str
    ) -> tuple[Analysis, Claim] | None:
        """The analysis and the claim a button was drawn for, or a word to the user why not."""
        analysis = analysis_or_say(client, p, ref)
        if analysis is None:
            return None
        claim = find_claim(analysis, number, fingerprint)
        if claim is None:
            tell(client, p, GONE.format(number=number))
            return None
        return analysis, claim

    @app.action(ids.ALL_CLAIMS)
    @app.action(ids.MORE_CLAIMS)
    def list_claims(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        p = pressed(body)
        page = ids.Page.decode(p.value) or ids.Page("")

        def work() -> None:
            analysis = analysis_or_say(client, p, page.ref)
            if analysis is None:
                return
            where = p.settled(client).where
            v = DeskView.of(analysis, where, services, client, fresh=True)
            message = claims_page(analysis, v.statuses, page.start, seen=v.seen, names=v.names)
            ts = post(client, p.thread, message)
            desk.remember_posted(p.channel, p.thread_ts, ids.list_name(page.ref, page.start), ts)

        later(client, p, work)

    @app.action(ids.CHECKLIST)
    def checklist(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        p = pressed(body)

        def work() -> None:
            analysis = analysis_or_say(client, p, p.value)
            if analysis is not None:
                post(client, p.thread, checklist_message(analysis))

        later(client, p, work)

    @app.action(ids.EXPORT)
    def export_files(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        p = pressed(body)

        def work() -> None:
            analysis = analysis_or_say(client, p, p.value)
            if analysis is not None:
                export(client, p.settled(client).where, analysis, services)

        later(client, p, work)

    @app.action(ids.CLAIM_WORK)
    def claim_work(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        p = pressed(body)
        action = ids.ClaimAction.decode(p.value)
        if action is None:
            log.warning("unreadable claim action value %r", p.value)
            return
        if action.op == ids.NOTE:
            open_note(client, services, p.settled(client), action)
            return

        def work() -> None:
            settled = p.settled(client)
            found = claim_or_say(client, p, action.ref, action.number, action.fingerprint)
            if found is None:
                return
            analysis, claim = found
            status = action.status or Status.IN_PROGRESS
            take = action.op == ids.TAKE
            record(client, services, settled, analysis, claim, status, "", take=take)

        later(client, p, work)

    @app.action(ids.NOT_SAME)
    def not_same(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        p = pressed(body)
        judged = ids.NotSame.decode(p.value)
        if judged is None:
            log.warning("unreadable not-the-same value %r", p.value)
            return

        def work() -> None:
            settled = p.settled(client)
            found = claim_or_say(client, p, judged.ref, judged.number, judged.fingerprint)
            if found is None:
                return
            analysis, claim = found
            try:
                desk.not_same(claim, judged.item_id, settled.where)
            except UserError as error:
                tell(client, p, error.user_message)
                return
            update_list(client, services, settled.where, analysis, claim, p.message_ts)
            tell(client, p, NOT_SAME_KEPT.format(number=claim.number))

        later(client, p, work)

    @app.view(ids.NOTE_VIEW)
    def note_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        ack()
        context = ids.NoteContext.decode(str(view.get("private_metadata") or ""))
        if context is None:
            log.warning("note modal without its context")
            return
        values = (view.get("state") or {}).get("values") or {}
        chosen = values.get(ids.NOTE_STATUS_BLOCK, {}).get(ids.NOTE_STATUS_ACTION, {})
        status = parse_status(str((chosen.get("selected_option") or {}).get("value") or ""))
        typed = values.get(ids.NOTE_TEXT_BLOCK, {}).get(ids.NOTE_TEXT_ACTION, {})
        note = str(typed.get("value") or "").strip()
        p = Pressed(
            team=str((body.get("team") or {}).get("id") or ""),
            user=str((body.get("user") or {}).get("id") or ""),
            channel=context.channel,
            thread_ts=context.thread_ts,
            message_ts=context.message_ts,
            value=f"{context.number}|{status or ''}|{note}",
            delivery="view:" + str(view.get("id") or body.get("trigger_id") or ""),
        )

        def work() -> None:
            settled = p.settled(client)
            found = claim_or_say(client, p, context.ref, context.number, context.fingerprint)
            if found is None:
                return
            analysis, claim = found
            record(client, services, settled, analysis, claim, status or Status.UNVERIFIED, note)

        later(client, p, work)


def find_claim(analysis: Analysis, number: int, fingerprint: str) -> Claim | None:
    """The claim the button was drawn for, by fingerprint, since a recheck may renumber them."""
    claim = analysis.claim(number)
    if claim is not None and claim.fingerprint == fingerprint:
        return claim
    return next((c for c in analysis.claims if c.fingerprint == fingerprint), None)


def record(
    client: WebClient,
    services: Services,
    p: Pressed,
    analysis: Analysis,
    claim: Claim,
    status: Status,
    note: str,
    *,
    take: bool = False,
) -> None:
    """Save the mark as a typed `mark` would, then update the list, say it in one line, and
    refresh the marker's board."""
    desk = services.desk
    try:
        if take:
            change = desk.take(analysis, claim, p.where, mark_id=p.mark_id)
        else:
            change = desk.mark(analysis, claim, status, p.user, note, p.where, mark_id=p.mark_id)
    except UserError as error:
        tell(client, p, error.user_message)
        return
    update_list(client, services, p.where, analysis, claim, p.message_ts)
    names = names_for(client, services, p.team, [change.who])
    post(client, p.thread, change_line(claim, change, names))
    try:
        publish_home(client, services, p.team, p.user)
    except SlackApiError as error:
        log.info("could not refresh the board of %s: %s", p.user, error.response.get("error"))


def open_note(client: WebClient, services: Services, p: Pressed, action: ids.ClaimAction) -> None:
    if not p.message_ts:
        tell(client, p, NO_THREAD)
        return
    analysis = services.desk.find_analysis(p.channel, p.thread_ts, action.ref)
    claim = find_claim(analysis, action.number, action.fingerprint) if analysis else None
    if analysis is None or claim is None:
        tell(client, p, EXPIRED if analysis is None else GONE.format(number=action.number))
        return
    mark = services.desk.statuses(analysis, p.where).get(claim.fingerprint)
    context = ids.NoteContext(
        p.channel, p.thread_ts, action.ref, claim.number, claim.fingerprint, p.message_ts
    )
    view = note_modal(claim, mark.status if mark else Status.UNVERIFIED, context)
    client.views_open(trigger_id=p.trigger_id, view=view)


def tell(client: WebClient, p: Pressed, text: str) -> None:
    """Only the person who pressed sees it; cosmetic failures are logged."""
    try:
        client.chat_postEphemeral(
            channel=p.channel, user=p.user, thread_ts=p.thread_ts or None, text=text
        )
    except SlackApiError as error:
        log.info("could not tell %s in %s: %s", p.user, p.channel, error.response.get("error"))

"""Thread follow-ups: questions about an analysis already in the thread, answered from the cache.

`answer` turns a parsed follow-up into the matching view (thread replies reach it through
`handlers.conversation`, which decides whether a reply is meant for the bot).
Only `recheck` fetches again, and it goes to the desk's workers like any other check.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.analysis import Analysis, SourceKind
from bot.desk import Where
from bot.desk.followup import (
    Ask,
    Malformed,
    Mark,
    Question,
    ShowClaim,
    Topic,
    answering_claims,
    parse_followup,
)
from bot.errors import UserError
from bot.reading.intake import parse_message
from bot.render import blocks as rb
from bot.render import kit
from bot.wiring import Services
from handlers.exporting import export
from handlers.incoming import Incoming
from handlers.people import DeskView, names_for
from handlers.posting import post, react
from handlers.refresh import publish_home, update_list
from handlers.work import EXPIRED, submit

log = logging.getLogger(__name__)

MARK_NOT_SAVED = (
    "Your mark was *not saved*: I can't read this thread's analysis right now (the desk's memory "
    "may be down, or the analysis expired). Try again in a minute, or mention me with the link "
    "or text again."
)


def answer(msg: Incoming, client: WebClient, services: Services) -> None:
    analysis = services.desk.thread_analysis(msg.channel, msg.thread.ts)
    command = parse_followup(parse_message(msg.text).text)
    if analysis is None:
        said = MARK_NOT_SAVED if isinstance(command, Mark) else EXPIRED
        post(client, msg.thread, rb.error_message(said))
        return
    if command == Ask(Topic.RECHECK):
        recheck(analysis, msg, client, services)
        return
    if command == Ask(Topic.EXPORT):
        export(client, msg.where, analysis, services)
        return
    post(client, msg.thread, view(command, analysis, msg, services, client))
    if isinstance(command, Mark):
        after_typed_mark(command, analysis, msg, client, services)


def after_typed_mark(
    command: Mark, analysis: Analysis, msg: Incoming, client: WebClient, services: Services
) -> None:
    """A typed mark updates the claim list in place and the marker's board, as a menu does."""
    claim = analysis.claim(command.number)
    if claim is None:
        return
    update_list(client, services, msg.where, analysis, claim)
    try:
        publish_home(client, services, msg.team, msg.user)
    except SlackApiError as error:
        log.info("could not refresh the board of %s: %s", msg.user, error.response.get("error"))


def view(
    command: object, analysis: Analysis, msg: Incoming, services: Services, client: WebClient
) -> kit.Message:
    """The reply to one follow-up; reads marks, the seen-before lines kept for the analysis and
    people's names, and records `mark`."""
    desk = services.desk
    where = msg.where
    match command:
        case ShowClaim(number):
            desk_view = DeskView.of(analysis, where, services, client)
            return rb.claim_message(
                analysis, number, desk_view.statuses, seen=desk_view.seen, names=desk_view.names
            )
        case Mark(number, status, note):
            claim = analysis.claim(number)
            if claim is None:
                return kit.text_message(
                    f"There is no claim {number}: this analysis has {len(analysis.claims)}."
                )
            try:
                change = desk.mark(
                    analysis, claim, status, msg.user, note, where, mark_id=msg.mark_id
                )
            except UserError as error:
                return rb.error_message(error.user_message)
            names = names_for(client, services, msg.team, [change.who])
            return rb.marked_message(claim, change, names)
        case Question(text):
            v = DeskView.of(analysis, where, services, client)
            claims = answering_claims(analysis, text)
            return rb.question_message(
                analysis, text, claims, v.statuses, seen=v.seen, names=v.names
            )
        case Malformed(usage):
            return kit.text_message(f"Try: `{kit.escape(usage)}`")
        case Ask(topic):
            return topic_view(topic, analysis, services, where, client)
    raise ValueError(f"unknown follow-up {command!r}")


def topic_view(
    topic: Topic, analysis: Analysis, services: Services, where: Where, client: WebClient
) -> kit.Message:
    if topic in (Topic.ANONYMOUS, Topic.UNATTRIBUTED, Topic.STATUS):
        return claims_view(topic, analysis, DeskView.of(analysis, where, services, client))
    if topic is Topic.SOURCES:
        return rb.sources_message(analysis)
    if topic is Topic.CHECKLIST:
        return rb.checklist_message(analysis)
    if topic is Topic.OUTLET:
        return rb.outlet_message(analysis)
    return rb.help_message()


def claims_view(topic: Topic, analysis: Analysis, v: DeskView) -> kit.Message:
    """`status`, `anonymous` and `unattributed`: claims with their marks and seen-before lines."""
    if topic is Topic.STATUS:
        return rb.status_message(analysis, v.statuses, seen=v.seen, names=v.names)
    if topic is Topic.ANONYMOUS:
        title = "Claims from anonymous sources"
        empty = "No claim here rests on an anonymous source."
        claims = [c for c in analysis.claims if c.source_kind is SourceKind.ANONYMOUS]
    else:
        title, empty = "Claims with no clear source", "Every claim here names a source."
        unclear = (SourceKind.NONE, SourceKind.UNCLEAR)
        claims = [c for c in analysis.claims if c.source_kind in unclear]
    return rb.claims_list_message(
        analysis, title, claims, v.statuses, empty, seen=v.seen, names=v.names
    )


def recheck(analysis: Analysis, msg: Incoming, client: WebClient, services: Services) -> None:
    react(client, msg.channel, msg.ts)
    submit(msg.job("recheck", analysis_key=analysis.key), client, services)

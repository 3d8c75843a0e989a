"""Direct messages, thread replies, and every other `message` event the app is subscribed to.

Registered last: it is the listener of last resort for message.channels/groups/im/mpim, so
edits, deletions, joins and chatter are acknowledged and ignored rather than answered 404
(which Slack counts as a failure and retries). A top-level channel message that mentions the
bot is the `message` twin of an `app_mention`; it is decided the same way and deduplicated.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.wiring import Services
from handlers.conversation import handle_message


def register(app: App, services: Services) -> None:
    def is_thread_reply(event: dict[str, Any]) -> bool:
        return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")

    @app.event({"type": "message"}, matchers=[lambda event: is_thread_reply(event)])
    def thread_reply(event: dict[str, Any], context: Any, client: WebClient) -> None:
        handle_message(event, context.bot_user_id, context.team_id, client, services)

    @app.event("message")
    def message(event: dict[str, Any], context: Any, client: WebClient) -> None:
        handle_message(event, context.bot_user_id, context.team_id, client, services)

"""@claimdesk in a channel: check the link or text, answering in the message's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.wiring import Services
from handlers.conversation import handle_message


def register(app: App, services: Services) -> None:
    @app.event("app_mention")
    def app_mention(event: dict[str, Any], context: Any, client: WebClient) -> None:
        handle_message(event, context.bot_user_id, context.team_id, client, services)

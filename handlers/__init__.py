"""The Slack surfaces: one module per surface, each with `register(app, services)`.

Order matters: Bolt runs the first listener that matches, so the catch-all `message`
listener (messages.py) comes last.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse

from bot.wiring import Services
from handlers import actions, commands, home, mentions, messages

log = logging.getLogger(__name__)


def register_all(app: App, services: Services) -> None:
    mentions.register(app, services)
    commands.register(app, services)
    actions.register(app, services)
    home.register(app, services)
    messages.register(app, services)

    @app.error
    def on_error(error: Exception, body: dict[str, Any], response: BoltResponse | None) -> None:
        """Errors we cause, from any listener: logged with where they happened, never shown."""
        event = body.get("event") or {}
        log.error(
            "listener failed: type=%s event=%s team=%s channel=%s ts=%s command=%s",
            body.get("type"),
            event.get("type"),
            body.get("team_id"),
            event.get("channel") or body.get("channel_id"),
            event.get("ts"),
            body.get("command"),
            exc_info=error,
        )

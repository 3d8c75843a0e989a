"""The Home tab: the desk board, published when the viewer opens it (app_home_opened)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.wiring import Services
from handlers.refresh import publish_home


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: Any, client: WebClient) -> None:
        """Events are acknowledged before listeners run; the board is built on the pool."""
        if event.get("tab") != "home" or not event.get("user"):
            return
        user, team = str(event["user"]), str(context.team_id or "")
        services.pool.submit(lambda: publish_home(client, services, team, user))

"""`claimdesk serve`: Socket Mode when SLACK_APP_TOKEN is set, else the HTTP Events API on $PORT.

Settings are checked before anything heavy loads, so a missing variable fails at once with one
line naming it (bot.cli prints SettingsError that way).
"""

from __future__ import annotations

import logging
import signal
from typing import Literal

from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.settings import Settings, SettingsError, require_slack

log = logging.getLogger(__name__)

Mode = Literal["http", "socket"]


def choose_mode(settings: Settings, mode: str | None) -> Mode:
    if mode in ("http", "socket"):
        return mode  # type: ignore[return-value]
    return "socket" if settings.slack_app_token else "http"


def run(settings: Settings, mode: str | None = None) -> None:
    """Run until interrupted; raises SettingsError naming the first missing variable."""
    chosen = choose_mode(settings, mode)
    require_slack(settings, socket_mode=chosen == "socket")
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    from bot.slack_app import HttpServer, build_app
    from bot.wiring import build_services

    services = build_services(settings)
    if services.queue is None:
        log.info("claimdesk: starting the analysis worker processes (model %s)", settings.model)
        services.analysts.warm_up()
    try:
        app = build_app(settings, services, socket_mode=chosen == "socket")
    except (OSError, SlackApiError, BoltError) as error:
        services.close()
        raise SettingsError(
            f"could not check SLACK_BOT_TOKEN with Slack at {settings.slack_api_url} ({error}): "
            "check the token and that the Web API is reachable"
        ) from error
    try:
        if chosen == "socket":
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            log.info("claimdesk: Socket Mode, model %s", settings.model)
            SocketModeHandler(app, settings.slack_app_token).start()
        else:
            server = HttpServer(app, services, settings.port)
            signal.signal(signal.SIGTERM, _exit_on_signal)
            log.info("claimdesk: HTTP on :%d/slack/events, model %s", server.port, settings.model)
            server.serve_forever()
    finally:
        services.close()


def _exit_on_signal(signum: int, frame: object) -> None:
    """Heroku stops dynos with SIGTERM: leave serve_forever through the normal exit path."""
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    """For `python -m bot.serve [--http|--socket]`; the CLI calls `run` directly."""
    import argparse

    from bot.settings import SettingsError, load_settings

    parser = argparse.ArgumentParser(prog="claimdesk serve")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--http", action="store_true")
    group.add_argument("--socket", action="store_true")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        run(settings, "socket" if args.socket else "http" if args.http else None)
    except SettingsError as error:
        print(f"claimdesk: {error}")
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The Bolt app and the HTTP endpoint that carries it.

Sync Bolt: the engine (spaCy), the fetcher (httpx.Client) and the store (redis-py) are all
synchronous, so an asyncio app would only move them onto threads anyway. Bolt's own listener
pool runs the quick part of each listener (parse, dedupe, react, hand off) and the desk's
`WorkPool` runs fetches and analyses, so a burst of checks can never hold up a slash command's
3-second ack.

HTTP: a threaded WSGI server on $PORT with POST /slack/events (events and commands, signature
verified by Bolt) and GET /healthz (Redis and model status, for the platform's health checks).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.settings import Settings
from bot.wiring import Services, build_client
from handlers import register_all

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
LISTENER_THREADS = 16

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def build_app(settings: Settings, services: Services, *, socket_mode: bool = False) -> App:
    """The Bolt app with every surface registered. HTTP mode verifies request signatures."""
    app = App(
        client=build_client(settings),
        signing_secret=None if socket_mode else settings.slack_signing_secret,
        request_verification_enabled=not socket_mode,
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="bolt"
        ),
        logger=logging.getLogger("claimdesk.bolt"),
    )
    register_all(app, services)
    return app


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per connection; a listen backlog for bursts (socketserver's default of 5
    drops connections under 20 simultaneous deliveries, and the client's SYN retry costs 1 s)."""

    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def wsgi_app(
    app: App, services: Services
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Bolt's WSGI adapter on /slack/events, plus GET /healthz.

    /healthz fails (503) only when the process cannot analyse (no model here and no queue):
    without Redis the bot still answers, uncached, so a platform restarting the process for it
    would only add downtime; the body says so.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            health = services.health()
            body = json.dumps(health).encode()
            status = "200 OK" if health["serving"] else "503 Service Unavailable"
            start_response(
                status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return application


class HttpServer:
    """The Events API endpoint in a background thread (tests) or the foreground (`serve`)."""

    def __init__(self, app: App, services: Services, port: int, host: str = "0.0.0.0") -> None:
        self._server = make_server(
            host,
            port,
            wsgi_app(app, services),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

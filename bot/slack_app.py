"""The Bolt app and the HTTP endpoint that carries it.

Sync Bolt: the engine (spaCy), the fetcher (httpx.Client) and the store (redis-py) are all
synchronous, so an asyncio app would only move them onto threads anyway. Bolt's own listener
pool runs the quick part of each listener (parse, dedupe, react, hand off); the desk's
`WorkPool` threads wait on the analysis worker processes, which fetch and analyse, so neither a
burst of checks nor one hostile page can hold up a slash command's 3-second ack.

HTTP: waitress on $PORT with POST /slack/events (events and commands, signature verified by
Bolt) and GET /healthz (only "ok" or "degraded": details are for `claimdesk cache stats`).
waitress rather than gunicorn: pure Python on any OS, one process (the analysis workers are
already separate processes, and gunicorn's forked workers would each need their own), and it
reads requests in an event loop, so slow or idle sockets cost no thread; it refuses a body
larger than `MAX_BODY` with 413 from its Content-Length before reading it, closes idle
connections after `READ_TIMEOUT`, caps connections and shuts down gracefully.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.settings import Settings
from bot.wiring import Services, build_client
from handlers import register_all

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
LISTENER_THREADS = 16
HTTP_THREADS = 8
MAX_BODY = 1_000_000
MAX_HEADERS = 64 * 1024
READ_TIMEOUT = 30
CLEANUP_INTERVAL = 10
MAX_CONNECTIONS = 200
# waitress counts its own listening socket and its wake-up pipe in `connection_limit`.
WAITRESS_OWN_SOCKETS = 2

StartResponse = Callable[..., Any]


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


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def _malformed(body: bytes, content_type: str) -> bool:
    """What Bolt would choke on with a traceback before it checks the signature."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            json.loads(text)
        except ValueError:
            return True
    return False


def wsgi_app(
    app: App, services: Services
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Bolt's WSGI adapter on /slack/events, plus GET /healthz.

    /healthz says only "ok" or "degraded" (anyone can reach it; Redis and queue details are
    for the operator) and fails (503) only when the process cannot analyse at all: without
    Redis the bot still answers, uncached, so a platform restarting it would only add downtime.
    A body that is not UTF-8 or not the JSON it claims to be is answered 400 here, before Bolt
    (which would log a traceback for it) ever sees it.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method == "GET":
            health = services.health()
            body = json.dumps({"status": health["status"]}).encode()
            status = "200 OK" if health["serving"] else "503 Service Unavailable"
            start_response(
                status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path != EVENTS_PATH:
            return _plain(start_response, "404 Not Found", "Not Found")
        if method != "POST":
            return _plain(start_response, "405 Method Not Allowed", "Method Not Allowed")
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if _malformed(body, environ.get("CONTENT_TYPE", "")):
            log.info("refused a malformed request from %s", environ.get("REMOTE_ADDR", "?"))
            return _plain(start_response, "400 Bad Request", "Bad Request")
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return slack(environ, start_response)

    return application


class HttpServer:
    """The Events API endpoint under waitress, in a background thread (tests) or the
    foreground (`serve`).

    At most `max_connections` client connections are open at once (a flood of idle sockets
    cannot exhaust the process's file descriptors); beyond that waitress stops accepting, and
    the next connection waits in the listen backlog until one closes. A parameter so a test can
    reach the cap with a handful of sockets."""

    def __init__(
        self,
        app: App,
        services: Services,
        port: int,
        host: str = "0.0.0.0",
        *,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self._server = create_server(
            wsgi_app(app, services),
            host=host,
            port=port,
            threads=HTTP_THREADS,
            connection_limit=max_connections + WAITRESS_OWN_SOCKETS,
            channel_timeout=READ_TIMEOUT,
            cleanup_interval=CLEANUP_INTERVAL,
            max_request_body_size=MAX_BODY,
            max_request_header_size=MAX_HEADERS,
            asyncore_use_poll=True,
            asyncore_loop_timeout=0.2,
            ident="claimdesk",
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve_forever(self) -> None:
        """Until SIGTERM/SIGINT (raised as SystemExit/KeyboardInterrupt): waitress then stops
        accepting and lets the requests in progress finish."""
        self._server.run()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server = self._server
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=2)

"""The bot as Slack sees it: its real HTTP endpoint on a loopback port, signed requests in, and
the Web API stand-in recording what it posts. Real Redis (own key prefix), real spaCy model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import httpx
import redis

from bot.settings import Settings
from bot.slack_app import MAX_CONNECTIONS, HttpServer, build_app
from bot.wiring import Services, build_services
from tests.slack_api_stub import SlackApiStub

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def sign(body: str, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Bot:
    """A running bot plus the stand-in it talks to."""

    stub: SlackApiStub
    server: HttpServer
    services: Services
    settings: Settings
    http: httpx.Client

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/slack/events"

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        ts = int(time.time()) if timestamp is None else timestamp
        signed = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(body, ts, secret),
            **(headers or {}),
        }
        return self.http.post(self.url, content=body.encode(), headers=signed)

    def event(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.post(json.dumps(payload), "application/json", **kwargs)

    def command(self, form: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        """Interactivity posts `payload=<json>` form-encoded to the same request URL."""
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def replies_in(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        return [
            c.body
            for c in self.stub.calls("chat.postMessage")
            if c.body.get("channel") == channel and c.body.get("thread_ts") == thread_ts
        ]

    def wait_reply(
        self, channel: str, thread_ts: str, count: int = 1, timeout: float = 60
    ) -> list[dict[str, Any]]:
        calls = self.stub.wait_for(
            "chat.postMessage",
            lambda c: c.body.get("channel") == channel and c.body.get("thread_ts") == thread_ts,
            count=count,
            timeout=timeout,
        )
        return [c.body for c in calls]


def start_bot(
    stub: SlackApiStub, *, max_connections: int = MAX_CONNECTIONS, **overrides: Any
) -> Bot:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-claimdesk-test",
        "slack_signing_secret": SECRET,
        "slack_api_url": stub.api_url,
        "redis_url": LOCAL_REDIS,
        "key_prefix": f"test:slack:{uuid.uuid4().hex}:",
        "fetch_allow": ("127.0.0.1:*",),
    }
    settings = dataclasses.replace(Settings(), **{**values, **overrides})
    services = build_services(settings)
    app = build_app(settings, services)
    server = HttpServer(
        app, services, 0, host="127.0.0.1", max_connections=max_connections
    ).start()
    return Bot(stub, server, services, settings, httpx.Client(timeout=30))


def stop_bot(bot: Bot) -> None:
    bot.http.close()
    bot.server.stop()
    bot.services.close()
    if bot.settings.redis_url == LOCAL_REDIS:
        with redis.Redis.from_url(LOCAL_REDIS) as client:
            names = list(client.scan_iter(match=bot.settings.key_prefix + "*", count=1000))
            if names:
                client.delete(*names)


def running_bot(*, max_connections: int = MAX_CONNECTIONS, **overrides: Any) -> Iterator[Bot]:
    stub = SlackApiStub().start()
    bot = start_bot(stub, max_connections=max_connections, **overrides)
    try:
        yield bot
    finally:
        stop_bot(bot)
        stub.stop()


class PageServer:
    """Serves article pages on loopback: path -> (status, html)."""

    def __init__(self, pages: dict[str, tuple[int, str]]) -> None:
        self.pages = pages

        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                status, html = outer.pages.get(
                    self.path, (404, "<html><body>Not found</body></html>")
                )
                payload = html.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def article_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='og:title' content='{title}'></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )

"""A local stand-in for Slack's Web API and for slash-command response_urls.

The bot's `WebClient` gets this server's `/api/` as its base URL; tests then assert on the
calls it recorded, waiting for them with a bounded deadline (the bot posts from worker
threads). Answers follow the shapes in Slack's method documentation, trimmed to the fields
the bot reads.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TEAM_ID = "T0CLAIMS1"
BOT_USER_ID = "U0CLAIMBOT"
BOT_ID = "B0CLAIMBOT"


@dataclass(frozen=True)
class Call:
    """One request the bot made: the API method (or `response_url`) and its decoded body."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class StubState:
    """What the stand-in knows and how it misbehaves when a test asks it to.

    `fail_next[method]` answers that many calls with Slack's `fatal_error`; a method in `hold`
    is recorded at once and answered only when its event is set (a call in flight); a method in
    `missing_scope` answers Slack's `missing_scope` (an app installed without that scope).
    `members[channel]` answers conversations.members (an unknown channel: channel_not_found);
    `private` holds the C-id channels conversations.info calls private (D and G ids always are);
    `uploads` holds the bytes POSTed to the upload URLs files.getUploadURLExternal handed out.
    `users[id]` is the user object users.info answers (an unknown id: user_not_found).
    """

    calls: list[Call] = field(default_factory=list)
    not_in_channel: set[str] = field(default_factory=set)
    rate_limit_once: set[str] = field(default_factory=set)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_next: dict[str, int] = field(default_factory=dict)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    missing_scope: set[str] = field(default_factory=set)
    uploads: dict[str, bytes] = field(default_factory=dict)
    upload_names: dict[str, str] = field(default_factory=dict)
    private: set[str] = field(default_factory=set)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)


class SlackApiStub:
    """Records every call; `wait_for` polls the record until a predicate holds or time runs out."""

    def __init__(self) -> None:
        self.state = StubState()
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "hook") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def start(self) -> SlackApiStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.state.calls if method is None or c.method == method]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda _c: True,
        *,
        count: int = 1,
        timeout: float = 30.0,
    ) -> list[Call]:
        """The first `count` matching calls; raises AssertionError with the record on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.state.calls if c.method == method and predicate(c)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [
                        (c.method, c.body.get("channel"), c.body.get("text"))
                        for c in self.state.calls
                    ]
                    raise AssertionError(
                        f"waited for {count} {method}; got {len(found)}; saw {seen}"
                    )
                self._lock.wait(remaining)

    def _record(self, call: Call) -> None:
        with self._lock:
            self.state.calls.append(call)
            self._lock.notify_all()

    def answer(
        self, method: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """The status, JSON answer and headers Slack would give for `method`."""
        with self._lock:
            if method in self.state.rate_limit_once:
                self.state.rate_limit_once.discard(method)
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"}
            if self.state.fail_next.get(method, 0) > 0:
                self.state.fail_next[method] -= 1
                return 200, {"ok": False, "error": "fatal_error"}, {}
            held = self.state.hold.get(method)
            if method in self.state.missing_scope:
                needed = "users:read" if method == "users.info" else "files:write"
                return 200, {"ok": False, "error": "missing_scope", "needed": needed}, {}
        if held is not None:
            held.wait(timeout=60)
        channel = str(body.get("channel", ""))
        if method == "auth.test":
            return (
                200,
                {
                    "ok": True,
                    "url": "https://claimdesk-test.slack.com/",
                    "team": "Claimdesk Test",
                    "user": "claimdesk",
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                },
                {},
            )
        if (
            method in ("chat.postMessage", "chat.postEphemeral")
            and channel in self.state.not_in_channel
        ):
            return 200, {"ok": False, "error": "not_in_channel"}, {}
        if method == "chat.postMessage":
            ts = f"{1700000000 + next(self._ts)}.000100"
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": body.get("text", ""),
                "ts": ts,
                "thread_ts": body.get("thread_ts"),
            }
            with self._lock:
                self.state.messages.setdefault(channel, []).append(message)
            return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}, {}
        if method == "chat.update":
            return (
                200,
                {
                    "ok": True,
                    "channel": channel,
                    "ts": body.get("ts"),
                    "text": body.get("text", ""),
                    "message": {"text": body.get("text", ""), "user": BOT_USER_ID},
                },
                {},
            )
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}, {}
        if method in ("reactions.add", "reactions.remove"):
            return 200, {"ok": True}, {}
        if method == "conversations.replies":
            with self._lock:
                thread = [
                    m
                    for m in self.state.messages.get(channel, [])
                    if body.get("ts") in (m["ts"], m.get("thread_ts"))
                ]
            return 200, {"ok": True, "messages": thread, "has_more": False}, {}
        return self._answer_more(method, body, channel)

    def _answer_more(
        self, method: str, body: dict[str, Any], channel: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Views, permalinks, membership and the file upload flow."""
        if method in ("views.open", "views.publish"):
            view = body.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return 200, {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(view or {})}}, {}
        if method == "users.info":
            with self._lock:
                user = self.state.users.get(str(body.get("user", "")))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        if method == "chat.getPermalink":
            ts = str(body.get("message_ts", "")).replace(".", "")
            link = f"https://claimdesk-test.slack.com/archives/{channel}/p{ts}"
            return 200, {"ok": True, "channel": channel, "permalink": link}, {}
        if method == "conversations.info":
            with self._lock:
                private = channel in self.state.private or channel.startswith("G")
            info = {"id": channel, "is_private": private, "is_im": channel.startswith("D")}
            return 200, {"ok": True, "channel": info}, {}
        if method == "conversations.members":
            with self._lock:
                members = self.state.members.get(channel)
            if members is None:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            meta = {"next_cursor": ""}
            return 200, {"ok": True, "members": members, "response_metadata": meta}, {}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            with self._lock:
                self.state.upload_names[file_id] = str(body.get("filename", ""))
            url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
            return 200, {"ok": True, "upload_url": url, "file_id": file_id}, {}
        if method == "files.completeUploadExternal":
            files = json.loads(body.get("files") or "[]")
            with self._lock:
                known = [f for f in files if f.get("id") in self.state.uploads]
            if len(known) != len(files):
                return 200, {"ok": False, "error": "invalid_file_id"}, {}
            answered = [{"id": f["id"], "title": f.get("title", "")} for f in files]
            return 200, {"ok": True, "files": answered}, {}
        return 200, {"ok": False, "error": "unknown_method"}, {}


def _handler_for(stub: SlackApiStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            self._serve(parts.path, dict(parse_qsl(parts.query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length)
            parts = urlsplit(self.path)
            if parts.path.startswith("/upload/"):
                file_id = parts.path.removeprefix("/upload/")
                with stub._lock:
                    stub.state.uploads[file_id] = data
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub._record(Call("upload", {"file_id": file_id}, headers, time.monotonic()))
                self._send(200, f"OK - {len(data)}".encode(), {"Content-Type": "text/plain"})
                return
            raw = data.decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw or "{}")
            else:
                body = dict(parse_qsl(raw))
            body.update(dict(parse_qsl(parts.query)))
            self._serve(parts.path, body)

        def _serve(self, path: str, body: dict[str, Any]) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            if path.startswith("/response/"):
                stub._record(Call("response_url", body, headers, time.monotonic()))
                self._send(200, b"ok", {"Content-Type": "text/plain"})
                return
            method = path.removeprefix("/api/")
            if method in stub.state.hold:
                stub._record(Call(method, body, headers, time.monotonic()))
                status, answer, extra = stub.answer(method, body)
            else:
                status, answer, extra = stub.answer(method, body)
                stub._record(Call(method, body, headers, time.monotonic()))
            self._send(
                status, json.dumps(answer).encode(), {"Content-Type": "application/json", **extra}
            )

        def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
            """A caller that died meanwhile (a killed worker) is not an error of the stand-in."""
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

    return Handler

"""`claimdesk check` as a user runs it: a real process, real exit codes, real output."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.analysis import SCHEMA_VERSION
from tests.engine_helpers import WORKED_EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
SHOWCASE = ROOT / "examples" / "kessala-port.txt"


def claimdesk(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("SLACK_", "CLAIMDESK_")) and k != "REDIS_URL"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**clean, **(env or {})},
        timeout=120,
    )


def test_check_prints_the_report_for_the_worked_example():
    result = claimdesk("check", str(WORKED_EXAMPLE))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "publisher: Iran Press, state-affiliated media" in out
    assert "Sputnik" in out and "named outlet" in out
    assert "local sources (anonymous)" in out
    assert "Geolocate al-Baghuz" in out
    assert "Checklist for the whole article" in out


def test_json_output_is_the_analysis_with_a_schema_version():
    result = claimdesk("check", str(SHOWCASE), "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert data["claims"] and data["checklist"]
    assert {"number", "text", "type", "score", "reasons", "sources"} <= set(data["claims"][0])


def test_markdown_output():
    result = claimdesk("check", str(SHOWCASE), "--markdown")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.startswith("# Claims check:")
    assert "- [ ] " in out


def test_stdin_is_read_with_a_dash():
    result = claimdesk("check", "-", stdin=SHOWCASE.read_bytes())
    assert result.returncode == 0
    assert "Xinhua" in result.stdout.decode()


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "nothing to analyse"), (b"%PDF-1.4\n...", "PDF"), (b"\x00\x01\x02" * 100, "binary")],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, says):
    path = tmp_path / "input"
    path.write_bytes(content)
    result = claimdesk("check", str(path))
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert says in err and "\n" not in err
    assert result.stdout == b""


def test_missing_file_exits_2():
    result = claimdesk("check", "no/such/file.txt")
    assert result.returncode == 2
    assert "Can't read" in result.stderr.decode()


def test_internal_failure_exits_1():
    result = claimdesk("check", str(SHOWCASE), env={"CLAIMDESK_MODEL": "no_such_model"})
    assert result.returncode == 1
    assert "no_such_model" in result.stderr.decode()


class _Article(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            "<html><head><title>Port expansion</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in SHOWCASE.read_text("utf-8").split("\n\n")[1:10])
            + "</article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def article_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/port"
    server.shutdown()
    server.server_close()


def test_check_a_link(article_server):
    result = claimdesk("check", article_server, env={"CLAIMDESK_FETCH_ALLOW": "127.0.0.1:*"})
    assert result.returncode == 0, result.stderr.decode()
    assert "Xinhua" in result.stdout.decode()


def test_internal_address_is_refused_without_the_allow_list(article_server):
    result = claimdesk("check", article_server)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1


def test_dead_link_exits_2_with_a_friendly_reason():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = claimdesk(
        "check", f"http://127.0.0.1:{port}/gone", env={"CLAIMDESK_FETCH_ALLOW": "127.0.0.1:*"}
    )
    assert result.returncode == 2
    assert "paste" in result.stderr.decode().lower()


def test_check_uses_redis_when_configured_and_says_so():
    import uuid

    import redis

    prefix = f"test-cli-{uuid.uuid4().hex[:8]}:"
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "CLAIMDESK_KEY_PREFIX": prefix}
    client = redis.Redis(host="127.0.0.1", port=6379)
    try:
        first = claimdesk("check", str(SHOWCASE), env=env)
        second = claimdesk("check", str(SHOWCASE), env=env)
        fresh = claimdesk("check", str(SHOWCASE), "--refresh", env=env)
        assert first.returncode == second.returncode == fresh.returncode == 0
        assert "from cache" not in first.stdout.decode()
        assert "from cache" in second.stdout.decode()
        assert "from cache" not in fresh.stdout.decode()
        assert all(client.ttl(key) > 0 for key in client.scan_iter(f"{prefix}*"))
    finally:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()


def test_terminal_checks_are_not_rate_limited():
    """The limit protects a shared bot from a workspace; the operator's terminal is not refused."""
    import uuid

    import redis

    prefix = f"test-cli-{uuid.uuid4().hex[:8]}:"
    env = {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CLAIMDESK_KEY_PREFIX": prefix,
        "CLAIMDESK_RATE_LIMIT": "1",
        "CLAIMDESK_TEAM_RATE_LIMIT": "1",
    }
    client = redis.Redis(host="127.0.0.1", port=6379)
    try:
        for _ in range(3):
            result = claimdesk("check", str(SHOWCASE), "--refresh", env=env)
            assert result.returncode == 0, result.stderr.decode()
    finally:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()

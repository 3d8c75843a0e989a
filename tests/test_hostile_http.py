"""Hostile traffic against the real HTTP server on loopback: oversized and lying bodies,
malformed unsigned requests, idle sockets, and an analysis that runs past its time limit."""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
import time
from collections.abc import Iterator

import pytest

from bot.desk.isolation import AnalysisPool
from bot.errors import AnalysisTimeout
from bot.settings import Settings
from tests.engine_helpers import ARTICLES
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot, running_bot, sign
from tests.slack_samples import app_mention

CHANNEL = "C0NEWSDESK"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def long_prose(chars: int = 100_000) -> str:
    paragraph = (ARTICLES / "statistics.txt").read_text("utf-8").split("\n\n", 1)[1]
    return "\n\n".join([paragraph] * (chars // len(paragraph) + 1))[:chars]


def raw_request(bot: Bot, head: bytes, body: bytes = b"", timeout: float = 20) -> bytes:
    with socket.create_connection(("127.0.0.1", bot.server.port), timeout=timeout) as sock:
        sock.sendall(head + body)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_body_over_one_megabyte_is_refused_from_its_length_before_it_is_read(bot: Bot) -> None:
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 2000000000\r\nConnection: close\r\n\r\n"
    )
    answer = raw_request(bot, head, b"{}")
    assert answer.startswith(b"HTTP/1.1 413")
    big = bot.http.post(bot.url, content=b"x" * 1_100_000)
    assert big.status_code == 413


def test_malformed_unsigned_requests_get_400_without_a_traceback(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for body, kind in ((b"\xff\xfe\x00garbage", "application/json"), (b"{oops", "text/plain")):
        response = bot.http.post(bot.url, content=body, headers={"Content-Type": kind})
        assert response.status_code == 400
    bad_length = raw_request(
        bot, b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n"
    )
    assert bad_length.startswith(b"HTTP/1.1 400")
    assert not [r for r in caplog.records if r.exc_info]
    assert bot.http.get(bot.url).status_code == 405
    assert bot.http.get(bot.url.replace("/slack/events", "/nowhere")).status_code == 404


def test_an_idle_connection_is_closed_by_the_read_timeout(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.slack_app.READ_TIMEOUT", 1)
    monkeypatch.setattr("bot.slack_app.CLEANUP_INTERVAL", 1)
    for bot in running_bot():
        with socket.create_connection(("127.0.0.1", bot.server.port), timeout=20) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Le")
            assert sock.recv(100) == b""


def test_an_analysis_over_the_time_limit_is_killed_and_the_pool_answers_again(nlp) -> None:
    pool = AnalysisPool(dataclasses.replace(Settings(), analysis_timeout=1))
    pool.warm_up()
    with pytest.raises(AnalysisTimeout) as stopped:
        pool("", long_prose(), "text:too-long")
    assert "took too long to analyse (more than 1 seconds)" in stopped.value.user_message
    assert pool("", "The ministry said 300 roads were damaged.", "text:after").analysis.claims


def test_the_user_is_told_plainly_when_a_check_takes_too_long(nlp) -> None:
    for bot in running_bot(analysis_timeout=1):
        bot.services.analysts.warm_up()
        ts = f"{time.time():.6f}"
        bot.event(app_mention(f"<@{BOT_USER_ID}> {long_prose(60_000)}", ts=ts))
        [reply] = bot.wait_reply(CHANNEL, ts)
        assert "took too long to analyse" in reply["text"]


CAP = 5
CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def read_response(sock: socket.socket) -> bytes:
    """One HTTP response off a kept-alive socket: the head, then Content-Length bytes."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed mid-response: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def signed_verification(bot: Bot) -> bytes:
    body = json.dumps({"token": "t", "challenge": CHALLENGE, "type": "url_verification"})
    ts = int(time.time())
    return (
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {sign(body, ts)}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


def test_connections_over_the_cap_wait_until_one_closes_and_slack_is_answered_after(
    nlp,
) -> None:
    """CAP kept-alive idle connections are each served once and then held open; the next one is
    not served while they stay (waitress stops accepting), is served as soon as one closes, and
    after the flood signed Slack requests are answered as before. Only "not served within a
    second" is timed, and a slow machine can only make that pass, never fail."""
    for bot in running_bot(max_connections=CAP):
        address = ("127.0.0.1", bot.server.port)
        flood = [socket.create_connection(address, timeout=20) for _ in range(CAP)]
        extra = socket.create_connection(address, timeout=20)
        try:
            for sock in flood:  # each one accepted: it answers, then idles
                sock.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
                assert read_response(sock).startswith(b"HTTP/1.1 404")
            extra.sendall(signed_verification(bot))
            extra.settimeout(1.0)
            with pytest.raises(TimeoutError):
                extra.recv(65536)
            flood.pop().close()
            extra.settimeout(20)
            answer = read_response(extra)
            assert answer.startswith(b"HTTP/1.1 200") and CHALLENGE.encode() in answer
        finally:
            for sock in [*flood, extra]:
                sock.close()
        for n in range(CAP + 2):
            response = bot.event({"token": "t", "challenge": f"c{n}", "type": "url_verification"})
            assert response.json() == {"challenge": f"c{n}"}
        ts = f"{time.time():.6f}"
        assert bot.event(app_mention(f"<@{BOT_USER_ID}> help", ts=ts)).status_code == 200
        [reply] = bot.wait_reply(CHANNEL, ts)
        assert "claimdesk" in json.dumps(reply)

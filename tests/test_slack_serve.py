"""Starting the bot: clear errors for missing settings, and Socket Mode requests answered once."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest
import redis
from slack_bolt.request import BoltRequest

from bot.serve import choose_mode, run
from bot.settings import Settings, SettingsError, load_settings
from bot.slack_app import build_app
from bot.wiring import build_services
from tests.slack_api_stub import BOT_USER_ID, SlackApiStub
from tests.slack_samples import app_mention


@pytest.mark.parametrize(
    ("env", "mode", "missing"),
    [
        ({}, "http", "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "http", "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "socket", "SLACK_APP_TOKEN"),
    ],
)
def test_missing_settings_fail_at_start_naming_the_variable(
    env: dict[str, str], mode: str, missing: str
) -> None:
    with pytest.raises(SettingsError, match=missing):
        run(load_settings(env), mode)


def test_mode_follows_the_app_token() -> None:
    assert choose_mode(Settings(), None) == "http"
    assert choose_mode(Settings(slack_app_token="xapp-1"), None) == "socket"
    assert choose_mode(Settings(slack_app_token="xapp-1"), "http") == "http"


def test_socket_mode_requests_and_their_retries_are_answered_once(nlp) -> None:
    stub = SlackApiStub().start()
    settings = dataclasses.replace(
        Settings(),
        slack_bot_token="xoxb-claimdesk-test",
        slack_app_token="xapp-claimdesk-test",
        slack_api_url=stub.api_url,
        redis_url="redis://127.0.0.1:6379/0",
        key_prefix=f"test:slack:{uuid.uuid4().hex}:",
    )
    services = build_services(settings)
    try:
        app = build_app(settings, services, socket_mode=True)
        body = app_mention(f"<@{BOT_USER_ID}> hello", ts="1700005000.000100")
        first = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
        stub.wait_for("chat.postMessage")
        retry = dict(body, retry_attempt=1, retry_reason="timeout")
        second = app.dispatch(BoltRequest(body=retry, mode="socket_mode"))
        assert (first.status, second.status) == (200, 200)
        sentinel = app_mention(f"<@{BOT_USER_ID}> help", ts="1700005001.000100")
        app.dispatch(BoltRequest(body=sentinel, mode="socket_mode"))
        calls = stub.wait_for("chat.postMessage", count=2)
        assert [c.body["thread_ts"] for c in calls] == ["1700005000.000100", "1700005001.000100"]
        assert "claimdesk" in json.dumps(calls[0].body["blocks"])
    finally:
        services.close()
        stub.stop()
        with redis.Redis.from_url(settings.redis_url) as client:
            names = list(client.scan_iter(match=settings.key_prefix + "*"))
            if names:
                client.delete(*names)


def test_unreachable_slack_at_start_is_one_clear_line(nlp) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": f"http://127.0.0.1:{port}/api/",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CLAIMDESK_KEY_PREFIX": f"test:serve:{uuid.uuid4().hex}:",
    }
    with pytest.raises(SettingsError, match="could not check SLACK_BOT_TOKEN"):
        run(load_settings(env), "http")

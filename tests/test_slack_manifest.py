"""The Slack app manifest against the code: every subscribed event has a listener, every scope
a feature uses is asked for and no other, interactivity and the Home tab are on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import app_home_opened, app_mention, message

MENTION = f"<@{BOT_USER_ID}>"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def test_every_subscribed_event_has_a_listener(bot: Bot) -> None:
    manifest = (Path(__file__).resolve().parents[1] / "manifest.yml").read_text()
    events = re.findall(
        r"^\s+- (app_mention|app_home_opened|message\.\w+)\s*$", manifest, re.MULTILINE
    )
    assert set(events) == {
        "app_mention",
        "app_home_opened",
        "message.channels",
        "message.groups",
        "message.im",
        "message.mpim",
    }
    channel_types = {
        "message.channels": "channel",
        "message.groups": "group",
        "message.im": "im",
        "message.mpim": "mpim",
    }
    for n, name in enumerate(events):
        if name == "app_home_opened":
            payload = app_home_opened("U0NOBODY")
        elif name == "app_mention":
            payload = app_mention(f"{MENTION} hi", ts=f"1700004000.{n:06d}", user=BOT_USER_ID)
        else:
            payload = message(
                "",
                ts=f"1700004000.{n:06d}",
                channel_type=channel_types[name],
                subtype="message_changed",
            )
        assert bot.event(payload).status_code == 200, name
    for scope in (
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "mpim:history",
        "chat:write",
        "commands",
        "reactions:write",
        "files:write",
        "channels:read",
        "groups:read",
        "im:read",
        "mpim:read",
        "users:read",
    ):
        assert f"- {scope}" in manifest
    scopes = re.findall(r"^      - ([a-z_.]+:[a-z_.]+)\s*$", manifest, re.MULTILINE)
    assert len(scopes) == 13, scopes  # and `commands`, which has no colon
    assert "interactivity:\n    is_enabled: true" in manifest
    assert "home_tab_enabled: true" in manifest

"""The small hostile cases: odd charsets and redirects, malformed links, ports on the allow
list, cache keys that keep a minus sign, bidirectional overrides, replayed commands, a stray
byte in a file."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bot.analysis import text_key
from bot.errors import BadLink, BlockedAddress, SiteError
from bot.reading.content import choose_encoding, codec_name
from bot.reading.decode import decode_bytes
from bot.reading.fetch import Fetcher, check_link
from bot.reading.intake import parse_message
from bot.reading.netguard import AllowList, vet
from bot.render.kit import escape, header
from bot.settings import Settings, SettingsError, load_settings
from tests.page_server import PageServer, redirect, send, serving
from tests.slack_api_stub import BOT_USER_ID, TEAM_ID
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import app_mention

PAGE = (
    b"<html><head><title>Port</title></head><body><article><p>The port authority said on "
    b"Sunday that 12 ships were turned away from the harbour last week.</p></article></body>"
    b"</html>"
)
LOOPBACK = ipaddress.ip_address("127.0.0.1")


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    routes = {
        "/rot13": lambda h: send(h, PAGE, content_type="text/html; charset=rot13"),
        "/zlib": lambda h: send(h, PAGE.replace(b"<head>", b'<head><meta charset="zlib">')),
        "/to-script": lambda h: redirect(h, "javascript:alert(1)"),
        "/to-bad-idna": lambda h: redirect(h, "http://xn--zz/"),
    }
    with serving(routes) as server:
        yield server


def fetcher() -> Fetcher:
    return Fetcher(dataclasses.replace(Settings(), fetch_allow=("127.0.0.1:*",)))


@pytest.mark.parametrize("label", ["rot13", "zlib", "uu", "base64", "bz2", "idna"])
def test_a_charset_label_that_is_no_text_encoding_is_ignored(label: str) -> None:
    assert codec_name(label) is None
    assert choose_encoding(PAGE, label, "text/html") == "utf-8"


def test_pages_naming_transform_codecs_as_charset_are_read(pages: PageServer) -> None:
    with fetcher() as reader:
        for path in ("/rot13", "/zlib"):
            assert "12 ships" in reader.fetch(pages.url(path)).text


@pytest.mark.parametrize("path", ["/to-script", "/to-bad-idna"])
def test_a_bad_redirect_location_is_a_friendly_refusal(pages: PageServer, path: str) -> None:
    with fetcher() as reader, pytest.raises(SiteError) as refused:
        reader.fetch(pages.url(path))
    assert "paste the article's text" in refused.value.user_message


def test_a_malformed_link_is_parsed_and_refused_with_words() -> None:
    request = parse_message("check this http://[oops please")
    assert request.links == ("http://[oops",)
    with pytest.raises(BadLink):
        check_link("http://[oops")


def test_the_allow_list_opens_only_the_ports_it_names() -> None:
    bare = AllowList.parse(["127.0.0.1"])
    assert vet("127.0.0.1", [LOOPBACK], bare, 80) == (LOOPBACK,)
    with pytest.raises(BlockedAddress):
        vet("127.0.0.1", [LOOPBACK], bare, 6379)
    one = AllowList.parse(["127.0.0.1:8080", "[::1]:8443", "wiki.intra.example:8443"])
    assert vet("127.0.0.1", [LOOPBACK], one, 8080)
    with pytest.raises(BlockedAddress):
        vet("127.0.0.1", [LOOPBACK], one, 443)
    assert vet("x", [ipaddress.ip_address("::1")], one, 8443)
    assert vet("wiki.intra.example", [ipaddress.ip_address("10.0.0.5")], one, 8443)
    with pytest.raises(BlockedAddress):
        vet("wiki.intra.example", [ipaddress.ip_address("10.0.0.5")], one, 6379)
    assert vet("127.0.0.1", [LOOPBACK], AllowList.parse(["127.0.0.1:*"]), 6379)
    with pytest.raises(SettingsError, match="CLAIMDESK_FETCH_ALLOW"):
        load_settings({"CLAIMDESK_FETCH_ALLOW": "wiki:http"})


def test_the_text_cache_key_keeps_meaningful_punctuation() -> None:
    assert text_key("Exports fell -4 percent.") != text_key("Exports fell 4 percent.")
    assert text_key("Growth was 4.5%") != text_key("Growth was 45%")
    assert text_key("He said “no” – twice.") == text_key('he said  "no" - twice.')


def test_bidirectional_controls_never_reach_slack() -> None:
    hostile = "Verdict: \u202eeurT\u202c \u2066x\u2069 \u200f"
    assert not any(ch in escape(hostile) for ch in "\u202e\u202c\u2066\u2069\u200f")
    assert "\u202e" not in json.dumps(header(hostile).to_dict(), ensure_ascii=False)


def test_one_stray_byte_does_not_garble_the_text() -> None:
    text = "Café owners said the “new” tax — 4 percent — was naïve. " * 20
    decoded = decode_bytes(text.encode("utf-8") + b"\xff trailing words")
    assert decoded.startswith(text) and "\ufffd" in decoded
    assert decode_bytes("Café “naïve”".encode("cp1252")) == "Café “naïve”"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def test_a_malformed_link_gets_an_answer_in_slack(bot: Bot) -> None:
    ts = f"{time.time():.6f}"
    bot.event(app_mention(f"<@{BOT_USER_ID}> http://[oops", ts=ts))
    [reply] = bot.wait_reply("C0NEWSDESK", ts)
    assert "link" in reply["text"].lower()
    response = bot.command(_form(bot, "http://[oops"))
    assert response.status_code == 200


def test_a_replayed_slash_command_runs_once(bot: Bot) -> None:
    body = urlencode(_form(bot, "The ministry said 300 roads were damaged."))
    stamp = int(time.time())
    first = bot.post(body, "application/x-www-form-urlencoded", timestamp=stamp)
    replay = bot.post(body, "application/x-www-form-urlencoded", timestamp=stamp)
    assert first.status_code == replay.status_code == 200
    parents = bot.stub.wait_for("chat.postMessage", count=2)
    time.sleep(1)
    opened = [c for c in bot.stub.calls("chat.postMessage") if "Claims check for" in c.body["text"]]
    assert len(opened) == 1 and len(parents) >= 2


def _form(bot: Bot, text: str) -> dict[str, str]:
    return {
        "team_id": TEAM_ID,
        "channel_id": "C0NEWSDESK",
        "user_id": "U0JOURNO1",
        "command": "/claims",
        "text": text,
        "api_app_id": "A0CLAIMDESK",
        "response_url": bot.stub.response_url("T0CLAIMS1/1234/abcd"),
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }

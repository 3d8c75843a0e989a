"""The desk's workflow end to end: buttons, claim menus, the note modal, the Home tab and export,
through the bot's real HTTP endpoint with signed interaction payloads and the Web API stand-in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.desk import Where
from bot.render import actions as ids
from bot.render.first import FIRST_MAX_BLOCKS, FIRST_MAX_CHARS
from bot.render.kit import text_chars
from tests.slack_api_stub import BOT_USER_ID
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import (
    app_home_opened,
    app_mention,
    block_actions,
    button_action,
    message,
    select_action,
    view_submission,
)
from tests.test_slack_app import SHORT_ARTICLE, assert_block_kit_limits, example_text

CHANNEL = "C0NEWSDESK"
MENTION = f"<@{BOT_USER_ID}>"
JOURNO = "U0JOURNO1"


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


def posted_ts(bot: Bot, thread_ts: str, index: int) -> str:
    """The ts the stand-in gave the `index`th bot message in a thread."""
    replies = [m for m in bot.stub.state.messages[CHANNEL] if m.get("thread_ts") == thread_ts]
    return str(replies[index]["ts"])


def element(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block in blocks:
        for candidate in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if candidate.get("action_id") == action_id:
                return candidate
    raise AssertionError(f"no {action_id} in {json.dumps(blocks)[:500]}")


def option(menu: dict[str, Any], op: str) -> str:
    values = [o["value"] for g in menu["option_groups"] for o in g["options"]]
    return next(v for v in values if v.startswith(op + "|"))


def checked_thread(bot: Bot, ts: str, text: str = SHORT_ARTICLE) -> dict[str, Any]:
    bot.event(app_mention(f"{MENTION} {text}", ts=ts))
    [first] = bot.wait_reply(CHANNEL, ts)
    return first


def open_list(bot: Bot, ts: str, first: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    button = element(first["blocks"], ids.ALL_CLAIMS)
    click = block_actions(
        button_action(ids.ALL_CLAIMS, button["value"]),
        message_ts=posted_ts(bot, ts, 0),
        thread_ts=ts,
    )
    assert bot.interaction(click).status_code == 200
    replies = bot.wait_reply(CHANNEL, ts, count=2)
    return posted_ts(bot, ts, 1), replies[1]["blocks"]


def test_first_answer_is_one_screen_with_buttons(bot: Bot) -> None:
    ts = "1700100000.000100"
    first = checked_thread(bot, ts, example_text())
    blocks = first["blocks"]
    assert_block_kit_limits(first)
    assert len(blocks) <= FIRST_MAX_BLOCKS
    assert text_chars(blocks) <= FIRST_MAX_CHARS
    dumped = json.dumps(blocks)
    assert "Iran Press" in dumped and "state-affiliated" in dumped
    assert "Machine-made" in dumped
    labels = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert labels[0].startswith("All ") and labels[1:] == ["Checklist", "Export"]
    sections = [b for b in blocks if b["type"] == "section"]
    assert sum(1 for b in sections if b["text"]["text"].startswith(("*1.*", "*2.*", "*3.*"))) == 3
    print(f"\nworked example first answer: {len(blocks)} blocks, {text_chars(blocks)} chars")


def test_menu_marks_update_the_list_in_place_and_say_what_changed(bot: Bot) -> None:
    ts = "1700100100.000100"
    bot.stub.state.members[CHANNEL] = [JOURNO, BOT_USER_ID]
    bot.stub.state.users[JOURNO] = {"id": JOURNO, "profile": {"display_name": "ana"}}
    first = checked_thread(bot, ts)
    list_ts, blocks = open_list(bot, ts, first)
    menu = element(blocks, ids.CLAIM_WORK)
    assert all(len(o["value"]) <= 150 for g in menu["option_groups"] for o in g["options"])
    click = block_actions(
        select_action(ids.CLAIM_WORK, option(menu, "verified")), message_ts=list_ts, thread_ts=ts
    )
    assert bot.interaction(click).status_code == 200
    [update] = bot.stub.wait_for("chat.update", lambda c: c.body.get("ts") == list_ts)
    updated = json.dumps(update.body["blocks"])
    assert "*Status:* verified by ana" in updated and f"<@{JOURNO}>" not in updated
    replies = bot.wait_reply(CHANNEL, ts, count=3)
    assert replies[2]["text"].startswith("ana marked claim 1 *verified*")
    analysis = bot.services.desk.thread_analysis(CHANNEL, ts)
    assert analysis is not None
    where = Where("T0CLAIMS1", JOURNO, CHANNEL, ts)
    [mark] = bot.services.desk.statuses(analysis, where).values()
    assert (mark.status.value, mark.current.who) == ("verified", JOURNO)
    [home] = bot.stub.wait_for("views.publish")
    assert home.body["user_id"] == JOURNO

    take = block_actions(
        select_action(ids.CLAIM_WORK, option(menu, ids.TAKE)), message_ts=list_ts, thread_ts=ts
    )
    bot.interaction(take)
    bot.stub.wait_for("chat.update", count=2)
    homes = bot.stub.wait_for("views.publish", count=2)
    board = json.dumps(
        json.loads(homes[-1].body["view"])
        if isinstance(homes[-1].body["view"], str)
        else homes[-1].body["view"]
    )
    assert "Taken by me" in board and "claim 1" in board

    bot.event(message("mark 2 false AP says otherwise", ts="1700100100.000900", thread_ts=ts))
    typed = bot.stub.wait_for("chat.update", count=3)[-1]
    assert typed.body["ts"] == list_ts
    assert "*Status:* false by ana: AP says otherwise" in json.dumps(typed.body["blocks"])


def test_note_modal_saves_a_note_with_the_mark(bot: Bot) -> None:
    ts = "1700100200.000100"
    first = checked_thread(bot, ts)
    list_ts, blocks = open_list(bot, ts, first)
    menu = element(blocks, ids.CLAIM_WORK)
    click = block_actions(
        select_action(ids.CLAIM_WORK, option(menu, ids.NOTE)), message_ts=list_ts, thread_ts=ts
    )
    assert bot.interaction(click).status_code == 200
    [opened] = bot.stub.wait_for("views.open")
    assert opened.body["trigger_id"] == click["trigger_id"]
    view = opened.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == ids.NOTE_VIEW and len(view["private_metadata"]) < 3000
    values = {
        ids.NOTE_STATUS_BLOCK: {
            ids.NOTE_STATUS_ACTION: {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "Misleading"},
                    "value": "misleading",
                },
            }
        },
        ids.NOTE_TEXT_BLOCK: {
            ids.NOTE_TEXT_ACTION: {"type": "plain_text_input", "value": "old photo <!channel>"}
        },
    }
    response = bot.interaction(view_submission(view, values))
    assert response.status_code == 200 and response.text in ("", "null")
    [update] = bot.stub.wait_for("chat.update", lambda c: c.body.get("ts") == list_ts)
    updated = json.dumps(update.body["blocks"])
    assert "*Status:* misleading by" in updated and "old photo &lt;!channel&gt;" in updated
    line = bot.wait_reply(CHANNEL, ts, count=3)[2]["text"]
    assert "misleading" in line and "<!channel>" not in line


def test_action_on_an_expired_analysis_is_answered_kindly(bot: Bot) -> None:
    click = block_actions(
        button_action(ids.CHECKLIST, "000000000000"),
        message_ts="1700100300.000200",
        thread_ts="1700100300.000100",
    )
    assert bot.interaction(click).status_code == 200
    [said] = bot.stub.wait_for("chat.postEphemeral")
    assert "expired" in said.body["text"] and said.body["user"] == JOURNO
    assert bot.stub.calls("chat.postMessage") == []


def test_every_action_id_has_a_listener(bot: Bot) -> None:
    ts = "1700100400.000100"
    first = checked_thread(bot, ts)
    list_ts, blocks = open_list(bot, ts, first)
    menu = element(blocks, ids.CLAIM_WORK)
    for action_id in (*ids.BUTTON_ACTIONS,):
        ref = element(first["blocks"], ids.EXPORT)["value"]
        payload = block_actions(
            button_action(action_id, ref), message_ts=posted_ts(bot, ts, 0), thread_ts=ts
        )
        assert bot.interaction(payload).status_code == 200, action_id
    for op in (
        *(s for s in ("verified", "false", "misleading", "in-progress", "unverified")),
        ids.TAKE,
        ids.NOTE,
    ):
        payload = block_actions(
            select_action(ids.CLAIM_WORK, option(menu, op)), message_ts=list_ts, thread_ts=ts
        )
        assert bot.interaction(payload).status_code == 200, op
    empty = view_submission({"callback_id": ids.NOTE_VIEW, "private_metadata": "{}"}, {})
    assert bot.interaction(empty).status_code == 200


def test_export_uploads_markdown_and_csv_in_the_thread(bot: Bot) -> None:
    ts = "1700100500.000100"
    first = checked_thread(bot, ts)
    bot.event(message('mark 1 verified =HYPERLINK("x")', ts="1700100500.000200", thread_ts=ts))
    bot.wait_reply(CHANNEL, ts, count=2)
    ref = element(first["blocks"], ids.EXPORT)["value"]
    click = block_actions(
        button_action(ids.EXPORT, ref), message_ts=posted_ts(bot, ts, 0), thread_ts=ts
    )
    assert bot.interaction(click).status_code == 200
    [done] = bot.stub.wait_for("files.completeUploadExternal")
    assert (done.body["channel_id"], done.body["thread_ts"]) == (CHANNEL, ts)
    asked = bot.stub.calls("files.getUploadURLExternal")
    names = sorted(c.body["filename"] for c in asked)
    assert names[0].endswith(".csv") and names[1].endswith(".md")
    assert len(bot.stub.calls("upload")) == 2
    uploads = {
        bot.stub.state.upload_names[k]: v.decode() for k, v in bot.stub.state.uploads.items()
    }
    table = next(v for k, v in uploads.items() if k.endswith(".csv"))
    rows = list(csv.DictReader(io.StringIO(table)))
    assert rows[0]["status"] == "verified" and rows[0]["set_by"] == JOURNO
    assert rows[0]["note"].startswith("'=")
    report = next(v for k, v in uploads.items() if k.endswith(".md"))
    assert "**Status:** verified" in report and "Reuters" in report


def test_export_without_files_write_falls_back_to_text_and_says_why(bot: Bot) -> None:
    bot.stub.state.missing_scope.add("files.getUploadURLExternal")
    ts = "1700100600.000100"
    checked_thread(bot, ts)
    bot.event(message("export", ts="1700100600.000200", thread_ts=ts))
    [_, fallback] = bot.wait_reply(CHANNEL, ts, count=2)
    said = json.dumps(fallback["blocks"])
    assert "files:write" in said and "```" in said
    assert bot.stub.calls("files.completeUploadExternal") == []


def test_home_tab_shows_only_conversations_the_viewer_is_in(bot: Bot) -> None:
    private, dm = "G0PRIVATE1", "D0OTHERDM1"
    bot.stub.state.members.update(
        {
            CHANNEL: [JOURNO, BOT_USER_ID],
            private: ["U0SOMEONE", BOT_USER_ID],
            dm: ["U0SOMEONE", BOT_USER_ID],
        }
    )
    checked_thread(bot, "1700100700.000100")
    other = SHORT_ARTICLE.replace("Reuters", "AP")
    bot.event(app_mention(f"{MENTION} {other}", ts="1700100701.000100", channel=private))
    bot.wait_reply(private, "1700100701.000100")
    bot.event(
        message(other, ts="1700100702.000100", channel=dm, channel_type="im", user="U0SOMEONE")
    )
    bot.wait_reply(dm, "1700100702.000100")
    assert bot.event(app_home_opened(JOURNO)).status_code == 200
    [published] = bot.stub.wait_for("views.publish")
    view = published.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    board = json.dumps(view)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert f"<#{CHANNEL}>" in board and private not in board and dm not in board
    assert "archives/C0NEWSDESK/p1700100700000100" in board
    assert "4 open" in board or "open" in board
    permalinks = bot.stub.calls("chat.getPermalink")
    assert [c.body["channel"] for c in permalinks] == [CHANNEL]

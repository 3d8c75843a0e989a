"""Seen before beyond the full list: `claim N`, `status` and `export` show the same lines (at
most two a claim, worded as the list words them), read from what the worker's lookup kept, not
looked up again; and who marked a claim is named everywhere, never mentioned (a `<@U…>` in a
message notifies that person each time it is posted). Through the bot's real HTTP endpoint,
real Redis, the Web API stand-in (which answers users.info) and the real spaCy model.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.desk import Where
from bot.render.wording import UNKNOWN_PERSON
from tests.slack_harness import Bot, running_bot
from tests.slack_samples import message
from tests.test_slack_seen import (
    ARTICLE,
    CHANNEL,
    JOURNO,
    LIBRARY,
    OWLS,
    TEAM,
    analysis_in,
    check,
    with_factchecks,
)

OWLS_LINE = "Seen before: fact-checked by Checks Example on 2023-08-01: Unproven"
LIBRARY_LINE = "Seen before: fact-checked by Checks Example on 2023-08-15: True"
ANA = {"id": JOURNO, "name": "ana", "profile": {"display_name": "Ana Lima", "real_name": "A L"}}


@pytest.fixture
def bot(nlp) -> Iterator[Bot]:
    yield from running_bot()


class Lookups:
    """Counts the claim index's lookups from the moment it is put in place."""

    def __init__(self, bot: Bot) -> None:
        memory = bot.services.desk.memory
        assert memory is not None
        self.calls = 0
        original = memory.seen

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        memory.seen = counted  # type: ignore[method-assign]


def ask(bot: Bot, ts: str, text: str, n: int, count: int) -> dict[str, Any]:
    """Type `text` in the thread `ts`; the answer is the thread's `count`th reply."""
    bot.event(message(text, ts=f"{ts[:-3]}{n:03d}", thread_ts=ts))
    return bot.wait_reply(CHANNEL, ts, count=count)[count - 1]


def numbers(bot: Bot, ts: str) -> tuple[int, int]:
    analysis = analysis_in(bot, CHANNEL, ts)
    by_text = {c.text: c.number for c in analysis.claims}
    return by_text[OWLS], by_text[LIBRARY]


def test_claim_status_and_export_show_the_lines_kept_for_the_list(bot: Bot) -> None:
    bot.stub.state.users[JOURNO] = ANA
    with_factchecks(bot)
    ts = "1700310000.000100"
    check(bot, ts, ARTICLE)
    owls, library = numbers(bot, ts)
    lookups = Lookups(bot)

    shown = ask(bot, ts, f"claim {owls}", 2, 2)
    dumped = json.dumps(shown["blocks"])
    assert OWLS_LINE in dumped and LIBRARY_LINE not in dumped
    assert dumped.count(":repeat:") <= 2

    marked = ask(bot, ts, f"mark {library} false AP has the notice", 3, 3)
    assert "by Ana Lima" in marked["text"]

    status = json.dumps(ask(bot, ts, "status", 4, 4)["blocks"])
    assert OWLS_LINE in status and LIBRARY_LINE in status
    assert f"*{library}.* false by Ana Lima" in status
    assert status.index(OWLS_LINE) > status.index(f"*{owls}.*")

    bot.event(message("export", ts=f"{ts[:-3]}005", thread_ts=ts))
    bot.stub.wait_for("files.completeUploadExternal")
    uploads = {
        bot.stub.state.upload_names[k]: v.decode() for k, v in bot.stub.state.uploads.items()
    }
    table = next(v for k, v in uploads.items() if k.endswith(".csv"))
    rows = {int(r["number"]): r for r in csv.DictReader(io.StringIO(table))}
    assert rows[owls]["seen_before"] == OWLS_LINE + " (https://checks.example.com/2023/owls)"
    assert rows[library]["set_by"] == JOURNO and rows[library]["set_by_name"] == "Ana Lima"
    report = next(v for k, v in uploads.items() if k.endswith(".md"))
    assert "**Seen before: fact-checked by Checks Example on 2023-08-01: Unproven" in report
    assert "**Status:** false by Ana Lima" in report

    assert lookups.calls == 0, "claim N, status and export must reuse the kept lookup"
    assert len(bot.stub.calls("users.info")) == 1, "the name is kept, not asked again"
    for call in bot.stub.calls("chat.postMessage"):
        assert f"<@{JOURNO}>" not in json.dumps(call.body)


def test_a_judgement_made_after_the_lookup_hides_the_line_at_once(bot: Bot) -> None:
    with_factchecks(bot)
    ts = "1700320000.000100"
    check(bot, ts, ARTICLE)
    owls, _ = numbers(bot, ts)
    desk = bot.services.desk
    analysis = analysis_in(bot, CHANNEL, ts)
    claim = analysis.claim(owls)
    assert claim is not None
    where = Where(TEAM, JOURNO, CHANNEL, ts)
    [match] = desk.seen(analysis, where)[claim.fingerprint]
    assert desk.not_same(claim, match.item_id, where)

    dumped = json.dumps(ask(bot, ts, f"claim {owls}", 2, 2)["blocks"])
    assert "Seen before" not in dumped


def test_without_users_read_a_marker_is_someone_on_the_desk(bot: Bot) -> None:
    bot.stub.state.missing_scope.add("users.info")
    ts = "1700330000.000100"
    check(bot, ts, ARTICLE)
    ask(bot, ts, "mark 1 verified", 2, 2)
    status = json.dumps(ask(bot, ts, "status", 3, 3)["blocks"])
    claim = json.dumps(ask(bot, ts, "claim 1", 4, 4)["blocks"])
    assert f"*1.* verified by {UNKNOWN_PERSON}" in status
    assert f"verified by {UNKNOWN_PERSON}" in claim
    assert JOURNO not in status + claim
    assert len(bot.stub.calls("users.info")) == 1, "a refused name is not asked again at once"

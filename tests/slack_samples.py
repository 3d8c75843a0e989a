"""Hand-built analyses and Slack payloads shaped like Slack's documented examples."""

from __future__ import annotations

from typing import Any

from bot.analysis import (
    Analysis,
    ArticleInfo,
    ChecklistItem,
    Claim,
    ClaimType,
    Outlet,
    Source,
    SourceKind,
)

IRAN_PRESS = Outlet("iranpress", "Iran Press", "IR", True, "test registry")
SPUTNIK = Outlet("sputnik", "Sputnik", "RU", True, "test registry")


def sample_analysis(
    *, claims: int = 4, text_suffix: str = "", key: str = "url:https://x.test/a"
) -> Analysis:
    """A small analysis in the worked example's shape; `text_suffix` lets tests inject markup."""
    base = [
        Claim(
            1,
            "The US military is building a new base in al-Baghuz, Sputnik reported." + text_suffix,
            ClaimType.EVENT,
            0.9,
            ("event with place",),
            sources=(
                Source("Iran Press", SourceKind.OUTLET, outlet=IRAN_PRESS),
                Source("Sputnik", SourceKind.OUTLET, cue="reported", outlet=SPUTNIK),
            ),
            places=("al-Baghuz",),
        ),
        Claim(
            2,
            "The first steps began with the preparation of a runway for helicopters.",
            ClaimType.EVENT,
            0.8,
            ("imagery",),
            sources=(Source("Sputnik", SourceKind.OUTLET, cue="according to", outlet=SPUTNIK),),
        ),
        Claim(
            3,
            "Local sources said the US deployed SDF fighters around the base on Monday.",
            ClaimType.EVENT,
            0.7,
            ("date",),
            sources=(Source("local sources", SourceKind.ANONYMOUS, cue="said"),),
            dates=("Monday",),
        ),
        Claim(
            4,
            "The US has reportedly provided billions of dollars in weapons to terrorists.",
            ClaimType.QUANTITY,
            0.6,
            ("quantity",),
            hedges=("reportedly",),
            loaded=("terrorists",),
            quantities=("billions of dollars",),
        ),
    ]
    extra = [
        Claim(n, f"Filler claim number {n} about trucks and crossings.", ClaimType.OTHER, 0.1, ())
        for n in range(5, claims + 1)
    ]
    checklist = (
        ChecklistItem("Find Sputnik's original report.", "relayed", (1, 2)),
        ChecklistItem("Geolocate al-Baghuz and look for the runway.", "place", (2,)),
        ChecklistItem("Treat 'local sources' as unverified until identified.", "anonymous", (3,)),
        ChecklistItem("Ask the US-led coalition for comment.", "article", ()),
    )
    return Analysis(
        key=key,
        article=ArticleInfo(
            title="US building new military base in Syria" + text_suffix,
            url="https://x.test/a",
            outlet=IRAN_PRESS,
        ),
        claims=tuple(base[:claims] + extra),
        checklist=checklist,
    )


def app_mention(
    text: str,
    *,
    channel: str = "C0NEWSDESK",
    ts: str,
    thread_ts: str | None = None,
    user: str = "U0JOURNO1",
    team: str = "T0CLAIMS1",
    event_id: str = "",
) -> dict[str, Any]:
    """An Events API envelope around an app_mention, as in Slack's app_mention reference."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": team,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return envelope(event, team=team, event_id=event_id or f"Ev{ts.replace('.', '')}M")


def message(
    text: str,
    *,
    channel: str = "C0NEWSDESK",
    ts: str,
    thread_ts: str | None = None,
    user: str = "U0JOURNO1",
    team: str = "T0CLAIMS1",
    channel_type: str = "channel",
    parent_user_id: str | None = None,
    event_id: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """An Events API envelope around a message.* event (channel, im, thread reply...)."""
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": channel_type,
        "team": team,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if parent_user_id:
        event["parent_user_id"] = parent_user_id
    return envelope(event, team=team, event_id=event_id or f"Ev{ts.replace('.', '')}X")


def envelope(event: dict[str, Any], *, team: str, event_id: str) -> dict[str, Any]:
    return {
        "token": "XXYYZZ",
        "team_id": team,
        "api_app_id": "A0CLAIMDESK",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [
            {"enterprise_id": None, "team_id": team, "user_id": "U0CLAIMBOT", "is_bot": True}
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
    }


def block_actions(
    action: dict[str, Any],
    *,
    channel: str = "C0NEWSDESK",
    message_ts: str,
    thread_ts: str,
    user: str = "U0JOURNO1",
    team: str = "T0CLAIMS1",
    trigger_id: str = "12466734323.1395872398.0f5b7d3b7c6f0a0a5c3bf3f1b7d2d4c1",
) -> dict[str, Any]:
    """A block_actions payload as Slack sends it for a click in a threaded bot message (the
    fields of Slack's block_actions reference example; `actions[0]` is the element)."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "journo", "name": "journo", "team_id": team},
        "api_app_id": "A0CLAIMDESK",
        "token": "9s8d9as89d8as9d8as989",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
            "thread_ts": thread_ts,
        },
        "trigger_id": trigger_id,
        "team": {"id": team, "domain": "claimdesk-test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "newsdesk"},
        "message": {
            "type": "message",
            "user": "U0CLAIMBOT",
            "bot_id": "B0CLAIMBOT",
            "ts": message_ts,
            "thread_ts": thread_ts,
            "text": "Claims check",
            "blocks": [],
        },
        "state": {"values": {}},
        "response_url": "https://hooks.slack.com/actions/T0CLAIMS1/1/abcd",
        "actions": [{"action_ts": "1700009999.000001", "block_id": "b", **action}],
    }


def button_action(action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": "button", "emoji": False},
        "value": value,
    }


def select_action(action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": action_id,
        "selected_option": {"text": {"type": "plain_text", "text": "option"}, "value": value},
        "placeholder": {"type": "plain_text", "text": "Work on it"},
    }


def view_submission(
    view: dict[str, Any],
    values: dict[str, Any],
    *,
    user: str = "U0JOURNO1",
    team: str = "T0CLAIMS1",
) -> dict[str, Any]:
    """A view_submission payload: the submitted modal with its `state.values`."""
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": "claimdesk-test"},
        "user": {"id": user, "username": "journo", "name": "journo", "team_id": team},
        "api_app_id": "A0CLAIMDESK",
        "token": "9s8d9as89d8as9d8as989",
        "trigger_id": "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
        "view": {
            "id": "V0NOTE0001",
            "team_id": team,
            "type": "modal",
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "blocks": view.get("blocks", []),
            "state": {"values": values},
            "hash": "156772938.1827394",
            "title": view.get("title"),
            "app_id": "A0CLAIMDESK",
            "bot_id": "B0CLAIMBOT",
        },
        "response_urls": [],
    }


def app_home_opened(user: str = "U0JOURNO1", team: str = "T0CLAIMS1") -> dict[str, Any]:
    """The app_home_opened event of Slack's reference, for the Home tab."""
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOMETAB1",
        "event_ts": "1700009000.000100",
        "tab": "home",
        "view": {"id": "V0HOME0001", "team_id": team, "type": "home"},
    }
    return envelope(event, team=team, event_id="Ev0HOMEOPENED")

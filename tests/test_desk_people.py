"""Names for the people who marked claims: kept in the store, asked of Slack once, never
asked for what is not a Slack user id, and a refusal not asked again at once; and how every
renderer shows a person (a name, never a mention)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.desk.people import People, who_of
from bot.records import Match
from bot.render import kit
from bot.render.blocks import change_line, who_label
from bot.render.wording import UNKNOWN_PERSON, person, seen_line
from bot.status import Status, StatusChange
from bot.store import Store
from tests import store_fixtures
from tests.store_fixtures import make_claim
from tests.test_slack_render import mark

store = store_fixtures.store
redis_store = store_fixtures.redis_store


class Slack:
    """A users.info stand-in: names some ids, refuses the rest, counts what it was asked."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known
        self.asked: list[str] = []

    def __call__(self, user: str) -> str | None:
        self.asked.append(user)
        return self.known.get(user)


@pytest.fixture
def people(store: Store) -> Iterator[People]:
    yield People(store)


def test_a_name_is_asked_once_and_kept(people: People) -> None:
    slack = Slack({"U0ANA": "  Ana   Lima "})
    assert people.names("T1", ["U0ANA", "U0ANA"], slack) == {"U0ANA": "Ana Lima"}
    assert people.names("T1", ["U0ANA"], slack) == {"U0ANA": "Ana Lima"}
    assert People(people.store).names("T1", ["U0ANA"], slack) == {"U0ANA": "Ana Lima"}
    assert slack.asked == ["U0ANA"]
    assert people.names("T2", ["U0ANA"], Slack({})) == {}, "names are kept per workspace"


def test_only_slack_ids_are_asked_and_a_refusal_is_not_asked_again(people: People) -> None:
    slack = Slack({})
    assert people.names("T1", ["ana", "", "U0GONE", "not an id"], slack) == {}
    assert people.names("T1", ["U0GONE"], slack) == {}
    assert slack.asked == ["U0GONE"]


def test_who_of_collects_markers_and_matchers() -> None:
    statuses = {"a": mark("false", "U0ANA", ""), "b": mark("verified", "U0BO", "")}
    seen = {"a": (Match("claim:1", "desk", "t", 0.5, who="U0CY"), Match("f", "factcheck", "t", 1))}
    assert who_of(statuses, seen, "U0ANA", "U0DI") == ["U0ANA", "U0BO", "U0CY", "U0DI"]


def test_a_person_is_a_name_and_never_a_mention() -> None:
    assert person("U0ANA", {"U0ANA": "Ana"}) == "Ana"
    assert person("U0ANA") == UNKNOWN_PERSON
    assert person("W0GRID1") == UNKNOWN_PERSON
    assert person("ana") == "ana", "a name typed in the terminal is shown as it is"
    assert who_label("U0ANA", {"U0ANA": "<!here> Ana"}) == "&lt;!here&gt; Ana"
    desk = Match(
        "claim:1", "desk", "t", 0.5, title="Old", verdict="false", who="U0ANA", close=True
    )
    assert seen_line(desk) == f"Also in Old, marked false by {UNKNOWN_PERSON}"
    assert seen_line(desk, {"U0ANA": "Ana"}) == "Also in Old, marked false by Ana"
    change = StatusChange(Status.FALSE, "U0ANA", "2025-01-01T00:00:00+00:00")
    line = change_line(make_claim(1, "A claim."), change, {"U0ANA": "Ana"}).text
    assert line.startswith("Ana marked claim") and "<@" not in line


def test_a_mention_is_only_made_on_purpose_and_only_of_an_id() -> None:
    assert kit.mention("U0ANA") == "<@U0ANA>"
    assert kit.mention("<!channel>") == "&lt;!channel&gt;"
    assert kit.mention("U0A|x>") == "U0A|x&gt;"

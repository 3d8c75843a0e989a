"""People's names from Slack (`users.info`, scope `users:read`), for lines that say who marked
a claim without notifying them (see `bot.desk.people` for why, and for the caching).

A lookup Slack refuses (`missing_scope` on an app installed before `users:read` was added, a
user not found) is logged and answered with no name: the line then says "someone on the desk".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.analysis import Analysis
from bot.desk import Where
from bot.desk.people import Lookup, who_of
from bot.records import Match
from bot.status import ClaimStatus
from bot.wiring import Services

log = logging.getLogger(__name__)


def slack_lookup(client: WebClient) -> Lookup:
    """users.info's display name, else the real name, else the account name."""

    def lookup(user: str) -> str | None:
        try:
            response = client.users_info(user=user)
        except SlackApiError as error:
            log.info("no name for %s: %s", user, error.response.get("error"))
            return None
        except (SlackClientError, OSError) as error:
            log.info("no name for %s: %s", user, error)
            return None
        found = response.get("user") or {}
        profile = found.get("profile") or {}
        for name in (
            profile.get("display_name"),
            profile.get("real_name"),
            found.get("real_name"),
            found.get("name"),
        ):
            if isinstance(name, str) and name.strip():
                return name.strip()
        return None

    return lookup


def names_for(
    client: WebClient, services: Services, team: str, users: Iterable[str]
) -> dict[str, str]:
    return services.desk.names(team, list(users), slack_lookup(client))


@dataclass(frozen=True)
class DeskView:
    """What the desk knows about an analysis as seen from one conversation: its marks, the
    seen-before lines the full list shows (kept when they were looked up, not looked up again
    here), and the names of the people both mention."""

    statuses: Mapping[str, ClaimStatus]
    seen: Mapping[str, tuple[Match, ...]]
    names: dict[str, str]

    @classmethod
    def of(
        cls,
        analysis: Analysis,
        where: Where,
        services: Services,
        client: WebClient,
        *,
        fresh: bool = False,
    ) -> DeskView:
        """`fresh` looks the seen-before lines up again (the full list, when it is built or
        updated); otherwise they are the ones kept since the last lookup."""
        statuses = services.desk.statuses(analysis, where)
        seen = services.desk.seen(analysis, where, fresh=fresh)
        names = names_for(client, services, where.team, who_of(statuses, seen))
        return cls(statuses, seen, names)

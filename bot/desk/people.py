"""Who did something on the desk, by name: Slack user ids turned into display names.

Marks are saved under the Slack user id of whoever made them, and shown again and again (in the
claim list, `status`, `claim N`, seen-before lines, exports). Shown as `<@U…>` they would notify
that person every time; shown as the id they mean nothing to a reader. So the surfaces ask here
for names: kept in the store for a day (a renamed person shows the new name by the next day),
asked of Slack (the `lookup` the surface hands in, `users.info`) only for ids not kept. An id
Slack would not name (no `users:read` scope, a deleted user) is not asked again for a while,
and the renderers call that person "someone on the desk".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.records import Match
from bot.render.wording import is_slack_user
from bot.status import ClaimStatus
from bot.store import Store
from bot.store.local import ExpiringDict

NAME_KIND = "name"
NAME_TTL = 86_400
UNNAMED_TTL = 600

Lookup = Callable[[str], str | None]
"""A user id -> their display name, or None when Slack will not say."""


class People:
    """Display names by (team, user id); safe to share across threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._unnamed: ExpiringDict[bool] = ExpiringDict(10_000)

    def names(self, team: str, users: Iterable[str], lookup: Lookup) -> dict[str, str]:
        """The names of those `users` that are Slack ids and have one."""
        wanted = [u for u in dict.fromkeys(users) if is_slack_user(u)]
        if not wanted:
            return {}
        kept = self.store.get_memos(NAME_KIND, [f"{team}:{u}" for u in wanted])
        names = {u: kept[f"{team}:{u}"] for u in wanted if f"{team}:{u}" in kept}
        for user in wanted:
            memo = f"{team}:{user}"
            if user in names or self._unnamed.get(memo):
                continue
            name = " ".join((lookup(user) or "").split())
            if name:
                names[user] = name
                self.store.put_memo(NAME_KIND, memo, name, NAME_TTL)
            else:
                self._unnamed.set(memo, True, UNNAMED_TTL)
        return names


def who_of(
    statuses: Mapping[str, ClaimStatus] | None = None,
    seen: Mapping[str, Sequence[Match]] | None = None,
    *others: str,
) -> list[str]:
    """Everyone a view may name: who set each current mark, who marked each match, others."""
    people = [mark.current.who for mark in (statuses or {}).values() if mark.history]
    people += [match.who for matches in (seen or {}).values() for match in matches]
    people += others
    return [who for who in dict.fromkeys(people) if who]

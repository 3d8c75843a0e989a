"""Redis key names: one place that knows the layout, so every key has a prefix and a kind.

    <prefix>a:s<schema>[:p<pipeline>]:<analysis key>   cached analysis, or "@<key>" for an alias
    <prefix>thread:<channel>:<thread_ts>                list of analysis keys
    <prefix>seen:<team>:<channel>:<ts>                  a message already answered
    <prefix>board:<team> / board:<team>:items           sorted set of entry ids by time + hash
                                                        id -> BoardEntry JSON (the desk board)
    <prefix>posted:<channel>:<thread_ts>                hash: name -> ts of a message to update
    <prefix>rate:user:<team>:<user> / rate:team:<team>  sorted sets of recent analyses
    <prefix>stats:hits / stats:misses                   cache counters
    <prefix>memo:<kind>:<name>                          a derived value kept a while: a
                                                        person's display name (kind "name"),
                                                        an analysis's seen-before matches
                                                        (kind "seen")

Analyses carry the schema and pipeline versions (an upgrade reads none of the old shapes);
threads do not, because they must outlive upgrades. (The desk's marks are not
here: they live in the desk's records, `bot.records`.)
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.analysis import SCHEMA_VERSION, url_key

_GLOB_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*?[]"})


@dataclass(frozen=True)
class Keys:
    prefix: str = "claimdesk:"
    version: str = ""

    @property
    def analysis_space(self) -> str:
        pipeline = f":p{self.version}" if self.version else ""
        return f"{self.prefix}a:s{SCHEMA_VERSION}{pipeline}:"

    def analysis(self, key: str) -> str:
        return self.analysis_space + key

    def analysis_any_version(self, key: str) -> str:
        """A SCAN pattern for this analysis under every schema and pipeline version."""
        return f"{glob_escape(self.prefix)}a:*:{glob_escape(key)}"

    def thread(self, channel: str, thread_ts: str) -> str:
        return f"{self.prefix}thread:{channel}:{thread_ts}"

    def board(self, team: str) -> str:
        return f"{self.prefix}board:{team}"

    def board_items(self, team: str) -> str:
        return f"{self.prefix}board:{team}:items"

    def posted(self, channel: str, thread_ts: str) -> str:
        return f"{self.prefix}posted:{channel}:{thread_ts}"

    def seen(self, team: str, channel: str, ts: str) -> str:
        return f"{self.prefix}seen:{team}:{channel}:{ts}"

    def memo(self, kind: str, name: str) -> str:
        return f"{self.prefix}memo:{kind}:{name}"

    def user_rate(self, team: str, user: str) -> str:
        return f"{self.prefix}rate:user:{team}:{user}"

    def team_rate(self, team: str) -> str:
        return f"{self.prefix}rate:team:{team}"

    @property
    def hits(self) -> str:
        return f"{self.prefix}stats:hits"

    @property
    def misses(self) -> str:
        return f"{self.prefix}stats:misses"

    @property
    def everything(self) -> str:
        return glob_escape(self.prefix) + "*"


def glob_escape(text: str) -> str:
    return text.translate(_GLOB_SPECIAL)


def analysis_key_for(key_or_url: str) -> str:
    """`cache forget` takes what a journalist has at hand: an analysis key or the article's URL."""
    if key_or_url.startswith(("url:", "text:")):
        return key_or_url
    return url_key(key_or_url.strip())

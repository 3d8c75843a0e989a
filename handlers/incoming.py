"""A person's message as the bot sees it: who, where, what, and whether it is meant for us."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.desk import Where
from bot.desk.marks import mark_id_of
from bot.desk.queue import DeskJob
from handlers.posting import Thread


@dataclass(frozen=True)
class Incoming:
    """A person's message, in the terms the bot cares about; `private` is settled (see
    `handlers.privacy`) once the bot decides to answer, since that may ask Slack."""

    team: str
    channel: str
    user: str
    ts: str
    thread_ts: str
    text: str
    is_dm: bool
    mentions_bot: bool
    files: tuple[str, ...] = ()
    channel_type: str = ""
    private: bool = False

    @property
    def in_thread(self) -> bool:
        return bool(self.thread_ts) and self.thread_ts != self.ts

    @property
    def thread(self) -> Thread:
        """Replies go in the thread the message is in, or start one under it."""
        return Thread(self.channel, self.thread_ts or self.ts)

    @property
    def where(self) -> Where:
        return Where(self.team, self.user, self.channel, self.thread.ts, self.private)

    @property
    def mark_id(self) -> str:
        """A typed `mark` is one message: Slack's redelivery of it is the same mark."""
        return mark_id_of(self.team, self.channel, self.ts, self.user)

    def job(self, kind: str, **fields: Any) -> DeskJob:
        """Work answering this message: who asked, its thread, and the progress reaction on it."""
        return DeskJob(
            kind,
            team=self.team,
            user=self.user,
            channel=self.channel,
            thread_ts=self.thread.ts,
            reaction_ts=self.ts,
            private=self.private,
            **fields,
        )

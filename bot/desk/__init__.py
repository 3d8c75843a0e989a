"""The desk service every surface calls: checks against the cache, fetcher and engine, thread
follow-ups, the bounded work pool and the RQ job queue. It never sees a Slack payload and
receives the engine and the fetcher as callables built by `bot.wiring`.
"""

from bot.desk.service import Checked, Desk, Outcome, Refused, Where

__all__ = ["Checked", "Desk", "Outcome", "Refused", "Where"]

"""A bounded pool of worker threads for work too slow for Slack's 3-second acknowledgement."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)


class WorkPool:
    """A fixed set of worker threads with a bounded backlog, for work too slow for an ack.

    `submit` refuses (returns False) instead of queueing without end, so a burst of requests
    gets a "busy, try again" answer rather than answers that arrive an hour late.
    """

    def __init__(self, workers: int, backlog: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="desk")
        self._slots = threading.BoundedSemaphore(max(1, workers) + max(0, backlog))

    def submit(self, job: Callable[[], None]) -> bool:
        if not self._slots.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                job()
            except Exception:
                log.exception("unhandled error in a desk job")
            finally:
                self._slots.release()

        self._executor.submit(run)
        return True

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=not wait)

"""Throughput of `claimdesk worker` processes: analyses per minute with 1, then 2 workers.

Each phase starts real worker processes (`python -m bot.cli worker`) on a fresh queue and key
prefix (so nothing is served from the cache), waits until they have loaded the model and
registered, enqueues one pasted-text check per PolNeAR training article, and times until every
answer has been posted to the local Web API stand-in. Target: 2 workers >= 1.7x one worker on
this 2-core machine.

    python -m bench.workers [--data DIR] [--articles N] [--quick]

Figures go to stderr as they come; the last line on stdout is JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
import uuid
from pathlib import Path

import redis

from bot.desk.queue import DeskJob, JobQueue
from bot.settings import Settings
from handlers.work import on_failure, perform
from tests.queue_helpers import purge, rq_queue, start_worker, wait_until
from tests.slack_api_stub import SlackApiStub

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-train" / "text"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
CHANNEL = "C0BENCH01"


def phase_settings(stub: SlackApiStub) -> Settings:
    return dataclasses.replace(
        Settings(),
        slack_bot_token="xoxb-claimdesk-bench",
        slack_api_url=stub.api_url,
        redis_url=LOCAL_REDIS,
        key_prefix=f"bench:workers:{uuid.uuid4().hex}:",
        queue="rq",
        rate_limit=1_000_000,
        team_rate_limit=1_000_000,
    )


def run_phase(workers: int, texts: list[str], stub: SlackApiStub) -> dict[str, float]:
    """Seconds from enqueue to the last answer, with `workers` warm worker processes."""
    settings = phase_settings(stub)
    queue = rq_queue(settings)
    procs = [start_worker(settings, extra_env=_unlimited()) for _ in range(workers)]
    jobs = JobQueue(settings)
    try:
        wait_until(lambda: jobs.workers() == workers, f"{workers} workers to register", 180)
        load = os.getloadavg()[0]
        cpu_before = sum(cpu_seconds(proc.process.pid) for proc in procs)
        before = len(stub.calls("chat.postMessage"))
        started = time.perf_counter()
        for n, text in enumerate(texts):
            thread = f"{1720000000 + n}.{workers:06d}"
            job = DeskJob("check", team="T0BENCH", user=f"U{n}", channel=CHANNEL, thread_ts=thread)
            jobs.enqueue(perform, dataclasses.replace(job, text=text), on_failure)
        stub.wait_for("chat.postMessage", count=before + len(texts), timeout=1800)
        elapsed = time.perf_counter() - started
        cpu = sum(cpu_seconds(proc.process.pid) for proc in procs) - cpu_before
    finally:
        for proc in procs:
            proc.stop()
        jobs.close()
        purge(queue)
        _drop_prefix(settings.key_prefix)
    per_minute = 60 * len(texts) / elapsed
    print(
        f"{workers} worker(s): {len(texts)} analyses in {elapsed:.1f}s = {per_minute:.0f}/min "
        f"(workers' CPU {cpu:.1f}s; load average before {load:.2f})",
        file=sys.stderr,
    )
    return {
        "seconds": round(elapsed, 2),
        "per_minute": round(per_minute, 1),
        "cpu_s": round(cpu, 2),
        "load_before": round(load, 2),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc), to tell a busy machine from waste."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _unlimited() -> dict[str, str]:
    return {"CLAIMDESK_RATE_LIMIT": "1000000", "CLAIMDESK_TEAM_RATE_LIMIT": "1000000"}


def _drop_prefix(prefix: str) -> None:
    with redis.Redis.from_url(LOCAL_REDIS) as client:
        names = list(client.scan_iter(match=prefix + "*", count=1000))
        if names:
            client.delete(*names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    parser.add_argument("--articles", type=int, default=200, help="analyses per phase")
    parser.add_argument("--quick", action="store_true", help="40 articles per phase (< 60 s)")
    args = parser.parse_args()
    count = 40 if args.quick else args.articles
    paths = sorted(args.data.glob("*.txt"))[:count]
    if not paths:
        print(f"no .txt files in {args.data}", file=sys.stderr)
        return 2
    texts = [p.read_text("utf-8") for p in paths]
    stub = SlackApiStub().start()
    try:
        one = run_phase(1, texts, stub)
        two = run_phase(2, texts, stub)
    finally:
        stub.stop()
    figures = {
        "articles": len(texts),
        "one_worker_per_min": one["per_minute"],
        "two_workers_per_min": two["per_minute"],
        "one_worker_s": one["seconds"],
        "two_workers_s": two["seconds"],
        "ratio": round(two["per_minute"] / one["per_minute"], 3),
        "ms_per_analysis_one_worker": round(1000 * one["seconds"] / len(texts), 1),
        "cpu_ms_per_analysis": round(1000 * two["cpu_s"] / len(texts), 1),
        "load_before_one": one["load_before"],
        "load_before_two": two["load_before"],
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

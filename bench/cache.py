"""How much the cache saves: a cached answer against a full analysis of the same article, the
bytes one analysis takes in Redis, and what a hung Redis costs a reply.

    .venv/bin/python bench/cache.py [--quick] [--article PATH]

Uses REDIS_URL, else Redis on 127.0.0.1:6379, under a throwaway key prefix removed at the end.
Prints figures, then one JSON line. Target: cached answer <= 2% of a full analysis.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import socket
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import Analysis
from bot.article import Article
from bot.engine import analyse
from bot.engine.nlp import load_pipeline
from bot.settings import Settings
from bot.store import LOCAL_REDIS_URL
from bot.store.codec import encode
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore

EXAMPLE = Path("/work/shared/examples/iranpress-baghuz.txt")


def timings(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per run, after one warm-up run."""
    action()
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def hung_redis_costs(settings: Settings, analysis: Analysis) -> tuple[float, float]:
    """A listener the kernel accepts connections for but nobody ever answers."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        store = RedisStore.from_url(f"redis://127.0.0.1:{hung.getsockname()[1]}/0", settings)
        started = time.perf_counter()
        store.get_analysis(analysis.key)
        first = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        store.first_delivery("T", "C", "1.0")
        store.allow("T", "U")
        store.get_analysis(analysis.key)
        store.put_analysis(analysis)
        later = (time.perf_counter() - started) * 1000
        store.close()
    return first, later


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (under a minute)")
    parser.add_argument("--article", type=Path, default=EXAMPLE)
    args = parser.parse_args()
    logging.getLogger("bot.store").setLevel(logging.ERROR)
    full_runs, cached_runs = (3, 300) if args.quick else (10, 3000)

    text = args.article.read_text(encoding="utf-8")
    settings = dataclasses.replace(Settings(), key_prefix=f"bench:{uuid.uuid4().hex}:")
    nlp = load_pipeline(settings.model)
    article = Article(text=text)
    analysis = analyse(article, nlp)
    full = timings(lambda: analyse(article, nlp), full_runs)

    redis_url = os.environ.get("REDIS_URL") or LOCAL_REDIS_URL
    store = RedisStore.from_url(redis_url, settings)
    if not store.ping():
        print(f"no Redis at {store.where}", file=sys.stderr)
        return 1
    memory = MemoryStore(settings)
    try:
        store.put_analysis(analysis, aliases=["text:bench-alias"])
        memory.put_analysis(analysis)
        assert store.get_analysis(analysis.key) == analysis
        cached = timings(lambda: store.get_analysis(analysis.key), cached_runs)
        via_alias = timings(lambda: store.get_analysis("text:bench-alias"), cached_runs)
        in_process = timings(lambda: memory.get_analysis(analysis.key), cached_runs)
        stored = encode(analysis)
        raw_json = len(json.dumps(analysis.to_dict(), ensure_ascii=False).encode())
        redis_bytes = store.client.memory_usage(store.keys.analysis(analysis.key)) or 0
    finally:
        store.forget(analysis.key)
        for name in store.client.scan_iter(match=settings.key_prefix + "*"):
            store.client.delete(name)
        store.close()
    hung_first, hung_later = hung_redis_costs(settings, analysis)

    full_ms, cached_ms = statistics.median(full), statistics.median(cached)
    figures = {
        "article_chars": len(text),
        "claims": len(analysis.claims),
        "full_analysis_ms": round(full_ms, 2),
        "cached_answer_ms": round(cached_ms, 3),
        "cached_answer_p95_ms": round(p95(cached), 3),
        "cached_via_alias_ms": round(statistics.median(via_alias), 3),
        "in_process_cache_ms": round(statistics.median(in_process), 3),
        "cached_over_full_percent": round(100 * cached_ms / full_ms, 3),
        "target_percent": 2.0,
        "stored_bytes": len(stored),
        "json_bytes": raw_json,
        "compression_ratio": round(raw_json / len(stored), 2),
        "redis_memory_usage_bytes": redis_bytes,
        "hung_redis_first_call_ms": round(hung_first, 1),
        "hung_redis_next_four_calls_ms": round(hung_later, 3),
        "runs": {"full": full_runs, "cached": cached_runs},
    }
    print(f"article: {args.article.name}, {len(text)} chars, {len(analysis.claims)} claims")
    print(f"full analysis        median {full_ms:9.2f} ms  ({full_runs} runs)")
    print(f"cached answer        median {cached_ms:9.3f} ms  p95 {p95(cached):.3f} ms")
    print(f"  through an alias   median {figures['cached_via_alias_ms']:9.3f} ms")
    print(f"  in-process store   median {figures['in_process_cache_ms']:9.3f} ms")
    print(f"cached / full        {figures['cached_over_full_percent']:.3f} %  (target <= 2 %)")
    print(
        f"stored per analysis  {len(stored)} bytes (JSON {raw_json}, "
        f"x{figures['compression_ratio']}), Redis MEMORY USAGE {redis_bytes} bytes"
    )
    print(
        f"hung Redis           first call {hung_first:.1f} ms, "
        f"next four calls {hung_later:.3f} ms (outage gate)"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""RSS of one analysis worker with the model loaded: idle, and after many analyses.

A bot runs for weeks; memory that grows with every article would take it down. spaCy's
vocabulary (StringStore) grows with every new word it sees, so growth is measured on many
different real articles, not one article repeated. Each analysis runs as an analysis worker
runs it (`bot.desk.isolation.worker_task`, memory handed back after each). Target: no growth
beyond 10%.

    python bench/memory.py [--data DIR] [--count N] [--quick]

Prints figures to stderr and one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-train" / "text"


def rss_mb() -> float:
    """Current resident set size, from /proc (ru_maxrss would only give the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--count", type=int, default=200, help="analyses after the idle reading")
    parser.add_argument("--quick", action="store_true", help="60 analyses (< 60 s)")
    args = parser.parse_args()
    count = 60 if args.quick else args.count

    from bot.analysis import text_key
    from bot.desk.isolation import worker_task
    from bot.engine.nlp import load_pipeline
    from bot.settings import load_settings

    texts = [p.read_text("utf-8") for p in sorted(args.data.glob("*.txt"))[: count + 20]]
    if len(texts) < count + 20:
        print(f"need {count + 20} articles in {args.data}", file=sys.stderr)
        return 2
    before_model = rss_mb()
    settings = load_settings({})
    nlp = load_pipeline(settings.model)
    for text in texts[:20]:
        worker_task(settings, "", text, text_key(text))
    gc.collect()
    idle = rss_mb()
    print(f"idle with model: {idle:.1f} MB (process before model {before_model:.1f} MB)",
          file=sys.stderr)
    readings = []
    for i, text in enumerate(texts[20 : 20 + count], start=1):
        worker_task(settings, "", text, text_key(text))
        if i % 50 == 0 or i == count:
            gc.collect()
            readings.append(round(rss_mb(), 1))
            print(f"after {i} analyses: {readings[-1]:.1f} MB", file=sys.stderr)
    after = readings[-1]
    figures = {
        "rss_idle_mb": round(idle, 1),
        "rss_after_mb": after,
        "analyses": count,
        "growth_pct": round(100 * (after - idle) / idle, 2),
        "strings": len(nlp.vocab.strings),
        "readings_mb": readings,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

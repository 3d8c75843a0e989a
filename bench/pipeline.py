"""Full `analyse` time against the raw `nlp(text)` time on the same texts (target ratio <= 1.25).

The parse is the cost that cannot be avoided; everything claimdesk adds (segmentation,
attribution, scoring, checklist) should be close to free. Both are timed in one run, on the
same texts, alternating, so a noisy shared machine affects both sides alike.

    python bench/pipeline.py [--data DIR] [--limit N] [--quick]

Prints figures to stderr as it goes and one JSON line on stdout at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-train" / "text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=200, help="articles to use")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (best is kept)")
    parser.add_argument("--quick", action="store_true", help="40 articles, 2 rounds (< 60 s)")
    args = parser.parse_args()
    if args.quick:
        args.limit, args.rounds = 40, 2

    from bot.article import Article
    from bot.engine import analyse
    from bot.engine.nlp import load_pipeline
    from bot.settings import load_settings

    paths = sorted(args.data.glob("*.txt"))[: args.limit]
    if not paths:
        print(f"no .txt files in {args.data}", file=sys.stderr)
        return 2
    texts = [p.read_text("utf-8") for p in paths]
    started = time.perf_counter()
    nlp = load_pipeline(load_settings({}).model)
    load_seconds = time.perf_counter() - started
    for text in texts[:5]:
        analyse(Article(text=text), nlp)

    raw_best = full_best = float("inf")
    claims = 0
    for round_no in range(1, args.rounds + 1):
        raw = full = 0.0
        claims = 0
        for text in texts:
            t0 = time.perf_counter()
            nlp(text)
            t1 = time.perf_counter()
            analysis = analyse(Article(text=text), nlp)
            t2 = time.perf_counter()
            raw += t1 - t0
            full += t2 - t1
            claims += len(analysis.claims)
        raw_best, full_best = min(raw_best, raw), min(full_best, full)
        print(
            f"round {round_no}: nlp {raw:.2f}s, analyse {full:.2f}s, ratio {full / raw:.3f}",
            file=sys.stderr,
        )
    chars = sum(len(t) for t in texts)
    figures = {
        "articles": len(texts),
        "chars": chars,
        "model_load_s": round(load_seconds, 2),
        "nlp_s": round(raw_best, 3),
        "analyse_s": round(full_best, 3),
        "ratio": round(full_best / raw_best, 3),
        "ms_per_article": round(1000 * full_best / len(texts), 1),
        "claims_per_article": round(claims / len(texts), 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

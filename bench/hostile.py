"""Time and peak RSS of one analysis against input length, for hostile and ordinary text.

Three shapes: a run of one punctuation character ("Look at this !!!!..."), a chain of
reported speech ("Officials said that Officials said that ..."), and ordinary prose (PolNeAR
articles joined, or the repo's fixtures when the corpus is not beside the repo). Each size is
analysed in a fresh process, so peak RSS is that analysis's own. Growth is shown as ratios:
time per 1,000 characters should stay flat (linear), and `engine/parse` is the full analysis
over spaCy's bare parse of the same text (what claimdesk adds).

    python bench/hostile.py [--quick]

Prints a table to stderr and one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "polnear-train" / "text"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

SIZES = {
    "punctuation": [10_000, 20_000, 40_000],
    "chain": [10_000, 20_000, 40_000],
    "prose": [25_000, 50_000, 100_000],
}
QUICK = {
    "punctuation": [10_000, 40_000],
    "chain": [10_000, 40_000],
    "prose": [25_000, 50_000],
}


def text_of(shape: str, chars: int) -> str:
    if shape == "punctuation":
        return "Look at this " + "!" * chars
    if shape == "chain":
        unit = "Officials said that "
        return unit * (chars // len(unit)) + "the bridge was closed."
    folder = CORPUS if CORPUS.is_dir() else FIXTURES
    parts: list[str] = []
    while sum(len(p) for p in parts) < chars:
        parts.extend(p.read_text("utf-8") for p in sorted(folder.glob("*.txt")))
    return "\n\n".join(parts)[:chars]


def measure(shape: str, chars: int) -> dict[str, float]:
    """One analysis in this process (called in a child by `main`)."""
    import resource
    import time

    from bot.article import Article
    from bot.engine import analyse
    from bot.engine.nlp import load_pipeline
    from bot.settings import load_settings

    nlp = load_pipeline(load_settings({}).model)
    analyse(Article(text="Officials said on Monday that 40 bridges were closed."), nlp)
    text = text_of(shape, chars)
    t0, c0 = time.perf_counter(), time.process_time()
    analyse(Article(text=text), nlp, max_chars=len(text) + 1)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parse = 0.0
    if shape == "prose":
        t1 = time.perf_counter()
        nlp(text)
        parse = time.perf_counter() - t1
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "parse": parse}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller sizes (< 60 s)")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "CHARS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return 0
    results: dict[str, list[dict[str, float]]] = {}
    heading = f"{'shape':<12}{'chars':>9}{'s':>8}{'cpu s':>8}{'ms/kchar':>10}{'peak MB':>9}"
    print(heading, file=sys.stderr)
    for shape, sizes in (QUICK if args.quick else SIZES).items():
        rows = results.setdefault(shape, [])
        for chars in sizes:
            child = subprocess.run(
                [sys.executable, __file__, "--child", shape, str(chars)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            row = {"chars": chars, **json.loads(child.stdout.strip().splitlines()[-1])}
            rows.append(row)
            print(
                f"{shape:<12}{chars:>9,}{row['seconds']:>8.2f}{row['cpu']:>8.2f}"
                f"{1000 * row['seconds'] / chars * 1000:>10.1f}{row['peak_mb']:>9.0f}",
                file=sys.stderr,
            )
    summary = {
        shape: {
            "growth": round(rows[-1]["seconds"] / max(rows[0]["seconds"], 1e-9), 2),
            "length_growth": round(rows[-1]["chars"] / rows[0]["chars"], 2),
            "largest_seconds": round(rows[-1]["seconds"], 2),
            "largest_peak_mb": round(rows[-1]["peak_mb"]),
        }
        for shape, rows in results.items()
    }
    prose = results["prose"][-1]
    if prose["parse"]:
        summary["prose"]["engine_over_parse"] = round(prose["seconds"] / prose["parse"], 2)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

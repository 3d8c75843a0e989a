"""Score claimdesk's loaded-language flags on a folder in the SemEval-2020 Task 11 layout.

Usage: python eval/loaded.py --data DIR [--half even|odd] [--limit N]

DIR holds `train-articles/articleID.txt` (or `articles/`) and a `*-TC.labels` file whose lines
are `ID<TAB>technique<TAB>start<TAB>end` (character offsets into the article). Gold spans are
the two techniques a loaded-word flag is meant to catch: Loaded_Language and
Name_Calling,Labeling. Predicted spans are the words `bot.claims.loaded_spans` flags in each
sentence of the raw article (parsed whole, as the engine parses an article).

Measures (span overlap, since gold spans are phrases and our flags are words):
- precision: share of flagged words that fall inside some gold span;
- recall: share of gold spans that hold at least one flagged word;
- F1 of the two, over all articles pooled.
The corpus marks propaganda, not every loaded word, so a word we flag outside a gold span is
not always wrong: read precision as a lower bound.
Prints progress to stderr and one line of JSON with the metrics to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

TECHNIQUES = frozenset({"Loaded_Language", "Name_Calling,Labeling"})


def read_labels(folder: Path) -> dict[str, list[tuple[int, int]]]:
    """Gold (start, end) spans per article id, for the techniques we score."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for path in sorted(folder.glob("*TC.labels")) or sorted(folder.glob("*.labels")):
        for line in path.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and parts[1] in TECHNIQUES:
                spans[parts[0]].append((int(parts[2]), int(parts[3])))
    return spans


def article_paths(folder: Path) -> list[Path]:
    for name in ("train-articles", "articles", "dev-articles", "test-articles"):
        if (folder / name).is_dir():
            return sorted((folder / name).glob("article*.txt"))
    return sorted(folder.glob("article*.txt"))


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def score(
    predicted: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]
) -> dict[str, float | int]:
    """Pooled span-overlap precision, recall and F1 over the articles in `predicted`."""
    flagged = sum(len(p) for p in predicted.values())
    hits = sum(overlaps(p, gold.get(a, [])) for a, ps in predicted.items() for p in ps)
    gold_total = sum(len(gold.get(a, [])) for a in predicted)
    found = sum(overlaps(g, predicted[a]) for a in predicted for g in gold.get(a, []))
    precision = hits / flagged if flagged else 0.0
    recall = found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(predicted),
        "flagged": flagged,
        "gold_spans": gold_total,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    parser.add_argument(
        "--half", choices=("even", "odd"), help="every other article in sorted order"
    )
    args = parser.parse_args()

    from bot.engine.attribution import sentences
    from bot.engine.claims import loaded_spans
    from bot.engine.nlp import load_pipeline
    from bot.settings import load_settings

    started = time.perf_counter()
    gold = read_labels(args.data)
    paths = article_paths(args.data)
    if args.half:
        paths = paths[0 if args.half == "even" else 1 :: 2]
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no articles under {args.data}", file=sys.stderr)
        return 2
    nlp = load_pipeline(load_settings({}).model)
    texts = [p.read_text("utf-8") for p in paths]
    predicted: dict[str, list[tuple[int, int]]] = {}
    for n, (path, doc) in enumerate(zip(paths, nlp.pipe(texts, batch_size=16), strict=True), 1):
        article = path.stem.removeprefix("article")
        predicted[article] = [
            (span.start_char, span.end_char)
            for sent in sentences(doc)
            for span in loaded_spans(sent)
        ]
        if n % 25 == 0 or n == len(paths):
            print(f"{n}/{len(paths)} articles", file=sys.stderr)
    result = score(predicted, gold)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

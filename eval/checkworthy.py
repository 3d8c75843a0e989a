"""Score claimdesk's check-worthiness ranking on a folder in the CLEF-2019 Task 1 layout.

Usage: python eval/checkworthy.py --data DIR [--limit N]

Every `*.tsv` file in DIR is one debate or speech, a line per sentence:
`line_no<TAB>speaker<TAB>sentence<TAB>label` (label 1 = check-worthy). Each sentence is
parsed on its own (nlp.pipe) and scored by `bot.claims.assess`, given the attributions that
`bot.engine.attribution.find_attributions` finds in it, exactly as the engine does for an article
sentence. The speaker column is not used: the engine never sees one.

Each file's sentences are ranked by score, highest first; ties keep transcript order, so
the ranking is deterministic. Measures, each averaged over files (as CLEF does):
- MAP: mean over files of average precision (precision at the rank of each check-worthy
  sentence, averaged over the file's check-worthy sentences); the task's official measure.
- P@10: share of check-worthy sentences among the first ten.
- R-precision: precision at rank R, R being the file's number of check-worthy sentences.
Files with no check-worthy sentence are skipped (average precision is undefined for them).
Prints progress to stderr and one line of JSON with the metrics to stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path


def read_debate(path: Path) -> list[tuple[str, str, int]]:
    """(speaker, sentence, label) rows of one CLEF file; malformed lines are skipped."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for parts in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(parts) >= 4 and parts[3].strip() in ("0", "1"):
                rows.append((parts[1], parts[2], int(parts[3])))
    return rows


def ranking(scores: Sequence[float]) -> list[int]:
    """Indices by score, highest first; ties in original order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def average_precision(ranked_labels: Sequence[int]) -> float:
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked_labels, start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def precision_at(ranked_labels: Sequence[int], k: int) -> float:
    return sum(ranked_labels[:k]) / k if k else 0.0


def file_metrics(scores: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    """AP, P@10 and R-precision of one file's ranking."""
    ranked = [labels[i] for i in ranking(scores)]
    relevant = sum(labels)
    return {
        "ap": average_precision(ranked),
        "p10": precision_at(ranked, 10),
        "r_precision": precision_at(ranked, relevant),
    }


def sentence_scores(sentences: list[str], nlp: object) -> list[float]:
    """claimdesk's check-worthiness score of each sentence, parsed one by one."""
    from bot.engine.attribution import chain_for, find_attributions
    from bot.engine.claims import assess

    scores = []
    for doc in nlp.pipe(sentences, batch_size=256):  # type: ignore[attr-defined]
        span = doc[:]
        own = find_attributions(doc, [span])
        embedded = [a for a in own if not a.governs]
        scores.append(assess(span, chain_for(own, 0), embedded, own).score)
    return scores


def run(data: Path, limit: int | None) -> dict:
    from bot.engine.nlp import load_pipeline
    from bot.settings import Settings

    nlp = load_pipeline(Settings().model)
    files = sorted(data.glob("*.tsv"))[:limit] if limit else sorted(data.glob("*.tsv"))
    started = time.perf_counter()
    per_file = []
    for n, path in enumerate(files, start=1):
        rows = read_debate(path)
        labels = [label for _, _, label in rows]
        if not any(labels):
            print(f"[{n}/{len(files)}] {path.name}: no check-worthy line, skipped", file=sys.stderr)
            continue
        metrics = file_metrics(sentence_scores([s for _, s, _ in rows], nlp), labels)
        per_file.append(metrics)
        print(
            f"[{n}/{len(files)}] {path.name}: AP {metrics['ap']:.3f} "
            f"({time.perf_counter() - started:.0f}s)",
            file=sys.stderr,
        )

    def mean(key: str) -> float:
        return round(sum(m[key] for m in per_file) / len(per_file), 4) if per_file else 0.0

    return {
        "files": len(per_file),
        "map": mean("ap"),
        "p_at_10": mean("p10"),
        "r_precision": mean("r_precision"),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of CLEF-2019 .tsv files")
    parser.add_argument("--limit", type=int, default=None, help="score the first N files")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.data.is_dir():
        parser.error(f"{args.data} is not a folder")
    print(json.dumps(run(args.data, args.limit)))


if __name__ == "__main__":
    main()

"""Score claimdesk's "seen before" matcher on CheckThat! 2022 Task 2A (tweets against Snopes).

Usage: python eval/matching.py --vclaims FILE --queries FILE --qrels FILE
           [--engine sqlite|postgres] [--database-url URL] [--threshold X] [--unrelated DIR]

The fact-checks go through the product's own records engine into a temporary database (a temp
SQLite file, or a throwaway schema in PostgreSQL), each as a ClaimReview would: `vclaim` as the
claim reviewed, `title` as the headline, `subtitle` as searchable context. Each query with a
qrels line is matched by the product's own `find_matches` (its threshold included, so a query
the matcher declines counts as a miss) asking for five matches. Progress on stderr; figures,
then one JSON line (`map_at_5`, `p_at_1`, `queries`, ...) last on stdout.

Of the two lines a claim shows, only a match judged the same claim (`close`) is worded "Seen
before" and marked in the first answer; the rest say "Related, not clearly the same claim".
`seen_before` is the share of queries shown such a line, `seen_before_right` the share of
those whose first "Seen before" line is a qrels fact-check.

Every query here has a fact-check, so MAP@5 cannot see a line shown where none belongs. With
`--unrelated DIR` (a folder of desk-claims labels, `<id>.json`), the claims of those news
pages (worthiness 1 or 2), which no fact-check of this set reviews, are matched too, and
`unrelated_with_line` is the share of them that would get any line, `unrelated_seen_before`
the share told "Seen before": what a desk would read as false news of an earlier check.

The data is for research only: rules are developed on the train/dev queries and measured on
dev-test; nothing is fitted on it and none of it ships.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.records import FactCheck, Records, Scope
from bot.records.match import THRESHOLD, find_matches
from bot.render.wording import SEEN_PER_CLAIM

EVAL_URL = "https://eval.invalid/"
csv.field_size_limit(10_000_000)


def iso_date(raw: str) -> str:
    try:
        return datetime.strptime(raw.strip(), "%d %B %Y").date().isoformat()
    except ValueError:
        return ""


def load_factchecks(path: Path) -> list[FactCheck]:
    items = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            items.append(
                FactCheck(
                    claim=row.get("vclaim") or "", url=EVAL_URL + row["vclaim_id"],
                    headline=row.get("title") or "", context=row.get("subtitle") or "",
                    organisation="Snopes", claim_author="", published=iso_date(row.get("date", "")),
                )
            )
    return items


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def average_precision(ranked: list[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for position, item in enumerate(ranked[:k], start=1):
        if item in gold:
            hits += 1
            total += hits / position
    return total / min(len(gold), k) if gold else 0.0


def unrelated_claims(folder: Path) -> list[str]:
    """The sentences of desk-labelled news pages that a desk would check (worthiness >= 1)."""
    texts = []
    for path in sorted(folder.glob("*.json")):
        labels = json.loads(path.read_text("utf-8"))
        texts += [s["text"] for s in labels["sentences"] if s.get("worthiness", 0) >= 1]
    return texts


@contextmanager
def temporary_records(engine: str, database_url: str) -> Iterator[Records]:
    if engine == "sqlite":
        from bot.records.sqlite import SqliteRecords

        with tempfile.TemporaryDirectory() as folder:
            records = SqliteRecords(Path(folder) / "eval.sqlite3", retention_days=180)
            try:
                yield records
            finally:
                records.close()
        return
    import psycopg

    from bot.records.postgres import PostgresRecords

    schema = "eval_" + uuid.uuid4().hex[:12]
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            separator = "&" if "?" in database_url else "?"
            url = f"{database_url}{separator}options=-csearch_path%3D{schema},public"
            records = PostgresRecords(url, retention_days=180)
            try:
                yield records
            finally:
                records.close()
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vclaims", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgresql://127.0.0.1/test")
    )
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--errors", type=Path, help="write the misses here, one JSON a line")
    parser.add_argument(
        "--unrelated", type=Path, help="desk-claims labels whose claims no fact-check here reviews"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gold: dict[str, set[str]] = {}
    for row in read_tsv(args.qrels):
        gold.setdefault(row[0], set()).add(row[2])
    queries = {row[0]: row[1] for row in read_tsv(args.queries) if row[0] in gold}
    factchecks = load_factchecks(args.vclaims)
    scope = Scope(team="eval")
    with temporary_records(args.engine, args.database_url) as records:
        records.upsert_factchecks(factchecks)
        print(f"indexed {len(factchecks)} fact-checks in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
        ap_sum = p1_sum = 0.0
        said_seen = said_right = 0
        misses = []
        for done, (query_id, text) in enumerate(queries.items(), start=1):
            matches = find_matches(records, text, scope, limit=5, threshold=args.threshold)
            ranked = [m.url.removeprefix(EVAL_URL) for m in matches]
            ap = average_precision(ranked, gold[query_id])
            ap_sum += ap
            p1_sum += 1.0 if ranked[:1] and ranked[0] in gold[query_id] else 0.0
            close = [m for m in matches[:SEEN_PER_CLAIM] if m.close]
            said_seen += bool(close)
            said_right += bool(close) and close[0].url.removeprefix(EVAL_URL) in gold[query_id]
            if ap < 1.0:
                misses.append({"query": query_id, "text": text, "gold": sorted(gold[query_id]),
                               "got": ranked, "scores": [m.score for m in matches]})
            if done % 100 == 0:
                print(f"{done}/{len(queries)} queries", file=sys.stderr)
        unrelated = unrelated_claims(args.unrelated) if args.unrelated else []
        shown = [
            find_matches(records, text, scope, limit=SEEN_PER_CLAIM, threshold=args.threshold)
            for text in unrelated
        ]
        with_line = sum(1 for lines in shown if lines)
        told_seen = sum(1 for lines in shown if any(m.close for m in lines))
    count = len(queries)
    result = {
        "map_at_5": round(ap_sum / count, 4) if count else 0.0,
        "p_at_1": round(p1_sum / count, 4) if count else 0.0,
        "queries": count,
        "engine": args.engine,
        "threshold": args.threshold,
        "seen_before": round(said_seen / count, 4) if count else 0.0,
        "seen_before_right": round(said_right / said_seen, 4) if said_seen else 0.0,
    }
    if unrelated:
        result["unrelated"] = len(unrelated)
        result["unrelated_with_line"] = round(with_line / len(unrelated), 4)
        result["unrelated_seen_before"] = round(told_seen / len(unrelated), 4)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.errors:
        args.errors.write_text("".join(json.dumps(m) + "\n" for m in misses), encoding="utf-8")
    print(f"MAP@5 {result['map_at_5']:.3f}  P@1 {result['p_at_1']:.3f}  over {count} queries")
    print(f"\"Seen before\" on {said_seen} of {count} queries, the first one right on "
          f"{said_right}")
    if unrelated:
        print(f"a line on {with_line} of {len(unrelated)} unrelated news claims, "
              f"\"Seen before\" on {told_seen}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

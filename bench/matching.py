"""How fast "seen before" answers at scale: one article's claims looked up in a 100,000-claim
index (fact-checks and the desk's own claims), and what the index costs on disk.

    .venv/bin/python bench/matching.py [--quick] [--engine sqlite|postgres] [--claims N]

After each article's lookup its claims are indexed, as a worker does after answering. The
claims come from a seeded generator of plausible sentences (made-up people, places, numbers
and dates), so runs compare. SQLite goes in a temporary file; PostgreSQL (DATABASE_URL, else
127.0.0.1/test) in a throwaway schema. Prints figures, then one JSON line.
Target: under 50 ms per article (20 claims, looked up together as the
desk does) at 100,000 claims. The CPU time beside the wall
time is this process's own, which other work on a shared machine does not inflate (the lookups
read a file the page cache holds, so they wait on little else).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

from matching import temporary_records

from bot.records import DeskClaim, FactCheck, Scope
from bot.records.rows import in_chunks


def _words(listing: str) -> list[str]:
    return listing.split()


SYLLABLES = _words("ka lo mi ren dor vel sa tin bra ho el mun gar is pe tor lin av shu ne ro")
ROLES = _words("minister mayor senator governor spokesperson health official police chief judge")
BODIES = _words("council ministry army hospital university court parliament agency company union")
THINGS = _words(
    "bridge dam vaccine election budget tax school airport runway pipeline protest strike "
    "flood wildfire factory mine hospital ferry railway border tariff law ban report video "
    "photograph poll survey study crime rate unemployment inflation wage rent fuel price"
)
VERBS = _words(
    "closed opened banned approved built destroyed cancelled raised cut doubled tripled "
    "announced denied confirmed funded blocked delayed sold bought"
)
MONTHS = _words("January February March April May June July August September October November")
TEMPLATES = (
    "{person}, the {role} of {place}, said the {body} {verb} the {topic} {thing} in {month}"
    " {year}.",
    "A {thing2} shows the {body} of {place} {verb} {number} {topic} {thing}s last {month}.",
    "The {topic} {thing} in {place} {verb} after {number} people signed a petition, {person} said.",
    "{place} {verb} its {topic} budget by {number} percent in {year}, according to the {body}.",
    "{person} claimed that the {topic} {thing} was {verb} by the {body} without any {topic2}.",
    "No {thing} was {verb} in {place} during {year}, the {role} {person} told {topic2} reporters.",
)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Generator:
    """Seeded sentences over a fixed cast of made-up people and places."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = [f"{_name(self.rng, 2)} {_name(self.rng, 3)}" for _ in range(3000)]
        self.places = [_name(self.rng, 3) for _ in range(1500)]
        self.topics = [_name(self.rng, 3).lower() for _ in range(5000)]

    def sentence(self) -> str:
        r = self.rng
        return r.choice(TEMPLATES).format(
            person=r.choice(self.people), role=r.choice(ROLES), place=r.choice(self.places),
            body=r.choice(BODIES), verb=r.choice(VERBS), thing=r.choice(THINGS),
            thing2=r.choice(THINGS), month=r.choice(MONTHS), year=r.randint(1990, 2025),
            number=r.randint(2, 5000), topic=r.choice(self.topics), topic2=r.choice(self.topics),
        )

    def factchecks(self, count: int) -> Iterator[FactCheck]:
        for number in range(count):
            claim = self.sentence()
            yield FactCheck(
                claim=claim, url=f"https://factcheck.example.org/{number}",
                headline="Did " + claim.rstrip(".").split(",")[0] + "?",
                rating=self.rng.choice(("False", "True", "Misleading")),
                organisation="Example Fact Desk",
                published=f"{self.rng.randint(2015, 2025)}-0{self.rng.randint(1, 9)}-10",
            )

    def desk_claims(self, count: int, scope: Scope) -> Iterator[DeskClaim]:
        for number in range(count):
            article = number // 20
            yield DeskClaim(
                text=self.sentence(), scope=scope, analysis_key=f"url:{article}",
                title="An article", url=f"https://news.example.com/{article}",
            )


def _minute_passed(records: Any) -> None:
    """Forget what a process forgets a minute after reading it: the row lists it keeps for
    REMEMBER_SECONDS and the table sizes counted then (lists, and the fact-check count, kept
    until a table changes stay)."""
    records._sizes.clear()
    for postings in records._postings.values():
        if getattr(postings, "_remember_seconds", 0.0) != math.inf:
            postings.forget()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 claims, 20 articles")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default="postgresql://127.0.0.1/test")
    parser.add_argument("--claims", type=int)
    parser.add_argument("--articles", type=int)
    parser.add_argument("--per-article", type=int, default=20)
    parser.add_argument(
        "--apart", action="store_true",
        help="articles over a minute apart, as on a quiet desk: lists kept for a minute are"
        " gone at each lookup (fact-check lists and count, kept until the table changes, stay)",
    )
    args = parser.parse_args(argv)
    total = args.claims or (10_000 if args.quick else 100_000)
    articles = args.articles or (20 if args.quick else 60)
    desk_share = total // 10
    scope = Scope("T-bench", "C-desk")
    generator = Generator(seed=14)

    with temporary_records(args.engine, args.database_url) as records:
        started = time.perf_counter()
        for chunk in in_chunks(generator.factchecks(total - desk_share), 2000):
            records.upsert_factchecks(chunk)
        for chunk in in_chunks(generator.desk_claims(desk_share, scope), 2000):
            records.add_claims(chunk)
        indexed = time.perf_counter() - started
        print(f"indexed {total} claims in {indexed:.1f}s", file=sys.stderr)

        known = [fc.claim for fc in Generator(seed=14).factchecks(200)]
        per_article, cpu_per_article = [], []
        for number in range(articles + 1):
            claims = [generator.sentence() for _ in range(args.per_article - 5)]
            claims += generator.rng.sample(known, 5)
            if args.apart:
                _minute_passed(records)
            began, began_cpu = time.perf_counter(), time.process_time()
            records.find_matches_many(claims, scope)
            if number:
                per_article.append((time.perf_counter() - began) * 1000)
                cpu_per_article.append((time.process_time() - began_cpu) * 1000)
            records.add_claims(
                DeskClaim(text=text, scope=scope, analysis_key=f"url:bench/{number}")
                for text in claims
            )
        size = records.size_bytes()  # type: ignore[attr-defined]

    p50 = statistics.median(per_article)
    p95 = statistics.quantiles(per_article, n=20)[-1]
    cpu_p50 = statistics.median(cpu_per_article)
    result = {
        "engine": args.engine, "apart": args.apart, "claims": total,
        "claims_per_article": args.per_article,
        "articles": articles, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
        "cpu_p50_ms": round(cpu_p50, 1),
        "index_seconds": round(indexed, 1), "size_mb": round(size / 1e6, 1),
    }
    print(f"{args.engine}: {total} claims, {args.per_article} lookups per article: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {cpu_p50:.1f} ms); {size / 1e6:.1f} MB;"
          f" indexed in {indexed:.0f}s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

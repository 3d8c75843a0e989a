"""The desk's own measure: claimdesk on real news pages, scored against claim-level desk labels.

    python eval/desk.py --gold ../shared/eval/desk-claims/dev \
        --pages ../shared/eval/article-extraction-dev/html [--out DIR] [--errors FILE]

Each gold file names a page (`ID.html.gz` in --pages) and its real address. The page goes
through the product's own path for a saved page (`claimdesk check FILE --url URL`: the same
extraction and engine as a fetched link, no network), one analysis JSON per page is written to
--out, and the reference scorer that judges the held-out pages (`score.py` beside the gold
folder, or --scorer) scores them. `--errors` writes every wrong and partly case, and the
checklist items the counters below find suspect, one JSON object a line, for error analysis.

Progress goes to stderr; the last line on stdout is one JSON object: the scorer's totals plus
`checklist_suspect` counts and `seconds`.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.cli import saved_page
from bot.reading.decode import decode_bytes
from bot.settings import load_settings

NO_SOURCE_ITEM = re.compile(r"the article gives none", re.I)
DATE_WORDS = re.compile(r"^\d{1,3}$|year-old|-year", re.I)


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("desk_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse_pages(gold_dir: Path, pages: Path, out: Path) -> int:
    settings = load_settings({})
    done = 0
    golds = sorted(gold_dir.glob("*.json"))
    for n, gold_path in enumerate(golds, start=1):
        gold = json.loads(gold_path.read_text("utf-8"))
        page = pages / f"{gold['id']}.html.gz"
        target = out / gold_path.name
        try:
            text = decode_bytes(gzip.decompress(page.read_bytes()))
            analysis = saved_page(text, gold["url"], settings)
        except Exception as error:  # a refused page is a missing output, as the scorer counts it
            print(f"[{n}/{len(golds)}] {gold['id'][:8]} refused: {error}", file=sys.stderr)
            continue
        target.write_text(json.dumps(analysis.to_dict(), ensure_ascii=False), "utf-8")
        done += 1
        print(f"[{n}/{len(golds)}] {gold['id'][:8]} {len(analysis.claims)} claims", file=sys.stderr)
    return done


def official_totals(scorer: Path, gold_dir: Path, out: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold_dir), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def aligned_index(score: ModuleType, text: str, sentences: list[dict[str, Any]]) -> int | None:
    """The scorer's own alignment rule, to name the gold sentence of a partly case."""
    best, index = 0.0, None
    tc = set(score.toks(text))
    for i, sentence in enumerate(sentences):
        ts = set(score.toks(sentence["text"]))
        if not tc or not ts:
            continue
        inter = len(tc & ts)
        if inter / min(len(tc), len(ts)) >= 0.6 and inter / max(len(tc), len(ts)) >= 0.3:
            ratio = inter / max(len(tc), len(ts))
            if ratio > best:
                best, index = ratio, i
    return index


def suspect_checklist(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    """Checklist items that are false on their face: 'no source' for a sourced claim, and
    figures or dates the engine took from ages and counts."""
    found = []
    by_number = {c["number"]: c for c in analysis.get("claims", [])}
    for item in analysis.get("checklist", []):
        for number in item.get("claims", []):
            claim = by_number.get(number)
            if claim and claim.get("sources") and NO_SOURCE_ITEM.search(item["text"]):
                found.append(("no_source_but_sourced", item["text"]))
    for claim in analysis.get("claims", []):
        for date in claim.get("dates", []):
            if DATE_WORDS.search(date.strip()):
                found.append(("age_or_count_as_date", date))
    return found


def error_cases(
    score: ModuleType, gold_dir: Path, out: Path
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    cases: list[dict[str, Any]] = []
    suspect: dict[str, int] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        tool_path = out / gold_path.name
        if not tool_path.exists():
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        tool = json.loads(tool_path.read_text("utf-8"))
        for kind, text in suspect_checklist(tool):
            suspect[kind] = suspect.get(kind, 0) + 1
            cases.append({"id": gold["id"][:8], "outcome": "checklist:" + kind, "text": text})
        for claim in tool.get("claims", []):
            r = score.score_article(gold, {"claims": [claim], "article": tool.get("article")})
            outcome = next((k for k in ("wrong", "partly", "honest") if r.get(k)), "")
            if not outcome:
                continue
            index = aligned_index(score, claim["text"], gold["sentences"])
            sentence = gold["sentences"][index] if index is not None else {}
            cases.append(
                {
                    "id": gold["id"][:8],
                    "number": claim["number"],
                    "outcome": outcome,
                    "why": [w["why"] for w in r.get("wrong_cases", [])],
                    "sentence": sentence.get("text", claim["text"]),
                    "tool": [(s["text"], s["kind"]) for s in claim.get("sources", [])],
                    "gold": [(g["text"], g["kind"]) for g in sentence.get("chain", [])],
                }
            )
    return cases, suspect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, type=Path, help="folder of <id>.json labels")
    parser.add_argument("--pages", required=True, type=Path, help="folder of <id>.html.gz pages")
    parser.add_argument("--out", type=Path, help="where the analyses go (default: a temp dir)")
    parser.add_argument("--scorer", type=Path, help="score.py (default: beside the gold folder)")
    parser.add_argument("--errors", type=Path, help="write wrong/partly/honest cases here")
    args = parser.parse_args(argv)
    scorer = args.scorer or args.gold.resolve().parent / "score.py"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        analyse_pages(args.gold, args.pages, out)
        totals = official_totals(scorer, args.gold, out)
        cases, suspect = error_cases(load_scorer(scorer), args.gold, out)
    if args.errors:
        args.errors.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases))
    totals["checklist_suspect"] = suspect
    totals["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

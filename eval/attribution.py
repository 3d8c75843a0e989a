"""Score claimdesk's attribution extractor on a folder in PolNeAR's layout.

Usage: python eval/attribution.py --data DIR [--limit N] [--half even|odd] [--errors FILE]

DIR holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann` (brat standoff). The
extractor (`bot.engine.attribution.find_attributions`) runs on the raw .txt, so its character
offsets are the file's offsets; no segmentation is applied, since PolNeAR annotates the
whole text. Prints progress to stderr and one line of JSON with the metrics to stdout.

Choices, following PolNeAR where its conventions differ from claimdesk's:
- One annotator per article: the first .ann file in sorted order, so reruns agree.
- Gold attributions are the `E` lines; one without a Cue cannot be matched and is skipped.
  Content and Content2 (a split content) together are the gold content.
- PolNeAR annotates only the outermost attribution of a nested chain, so only predicted
  attributions with no `parent` (the outermost link of a chain) are scored, and not those
  whose cue sits inside a direct quotation (`quoted`: "I think ...", he said), which are
  nested in the quoted speaker's attribution even when the quote runs over sentences.
- A predicted cue matches a gold cue when their character spans overlap; matching is
  one-to-one, largest overlap first. Cue precision, recall and F1 count matched pairs.
- Source accuracy: of matched pairs, the share whose predicted source span overlaps the
  gold source span. A gold attribution with no source ("Attribution-no-source", e.g.
  expletive "it is believed") counts as right only when the prediction has no source either.
  Pronoun sources are the pronoun in PolNeAR; claimdesk's source span is the pronoun too
  (the resolved name is shown beside it, not in the span), so spans compare directly.
- "according to" is a cue in both schemes; its source is the phrase after it.
- Content overlap F1: over matched pairs, characters in both the predicted and the gold
  content (micro-summed), precision over predicted content characters, recall over gold.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

Spans = tuple[tuple[int, int], ...]

SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
EVENT_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class Gold:
    """One annotated attribution: cue, source (None when it has none) and content spans."""

    cue: Spans
    source: Spans | None
    content: Spans


@dataclass(frozen=True)
class Predicted:
    """One extracted attribution, reduced to the spans that are scored."""

    cue: Spans
    source: Spans | None
    content: Spans


@dataclass
class Tally:
    """Counts summed over articles; the metrics are ratios of these."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    source_right: int = 0
    content_both: int = 0
    content_predicted: int = 0
    content_gold: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float | int]:
        p = _ratio(self.matched, self.predicted)
        r = _ratio(self.matched, self.gold)
        cp = _ratio(self.content_both, self.content_predicted)
        cr = _ratio(self.content_both, self.content_gold)
        return {
            "cue_precision": round(p, 4),
            "cue_recall": round(r, 4),
            "cue_f1": round(_f1(p, r), 4),
            "source_accuracy": round(_ratio(self.source_right, self.matched), 4),
            "content_precision": round(cp, 4),
            "content_recall": round(cr, 4),
            "content_f1": round(_f1(cp, cr), 4),
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def parse_ann(text: str) -> list[Gold]:
    """Gold attributions of one brat file; span texts may run over several lines, so only
    `T`/`E` line heads are read and offsets are trusted over the quoted text."""
    spans: dict[str, Spans] = {}
    events: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if m := SPAN_LINE.match(line):
            parts = [p.split() for p in m.group(3).split(";") if p.strip()]
            spans[m.group(1)] = tuple((int(a), int(b)) for a, b in parts)
        elif m := EVENT_LINE.match(line):
            events.append([tuple(arg.split(":", 1)) for arg in m.group(2).split()])  # type: ignore[misc]
    found: list[Gold] = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, ref in args:
            key = "Content" if role == "Content2" else role
            roles.setdefault(key, []).extend(spans.get(ref, ()))
        if not roles.get("Cue"):
            continue
        source = tuple(roles["Source"]) if roles.get("Source") else None
        found.append(Gold(tuple(roles["Cue"]), source, tuple(roles.get("Content", ()))))
    return found


def overlap(a: Spans, b: Spans) -> int:
    """Characters shared by two discontinuous spans."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _chars(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def match(predicted: list[Predicted], gold: list[Gold]) -> list[tuple[Predicted, Gold]]:
    """One-to-one pairs of overlapping cues, largest overlap first (ties: text order)."""
    candidates = sorted(
        (
            (-overlap(p.cue, g.cue), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if overlap(p.cue, g.cue) > 0
        )
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[Predicted, Gold]] = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((predicted[i], gold[j]))
    return pairs


def source_right(p: Predicted, g: Gold) -> bool:
    if g.source is None or p.source is None:
        return g.source is None and p.source is None
    return overlap(p.source, g.source) > 0


def score_article(predicted: list[Predicted], gold: list[Gold]) -> Tally:
    """Counts for one article."""
    pairs = match(predicted, gold)
    tally = Tally(predicted=len(predicted), gold=len(gold), matched=len(pairs))
    for p, g in pairs:
        tally.source_right += source_right(p, g)
        tally.content_both += overlap(p.content, g.content)
        tally.content_predicted += _chars(p.content)
        tally.content_gold += _chars(g.content)
    return tally


def articles(data: Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, first annotator's .ann file) for every article that has labels."""
    anns = sorted((data / "attributions").glob("*.ann"))
    found = []
    for text in sorted((data / "text").glob("*.txt")):
        mine = [a for a in anns if a.stem.rsplit("_", 1)[0] == text.stem]
        if mine:
            found.append((text.stem, text, mine[0]))
    return found


def predictions(doc: object) -> list[Predicted]:
    """The outermost links of claimdesk's attributions in a parsed document (see above)."""
    from bot.engine.attribution import find_attributions

    return [
        Predicted(((a.cue),), (a.source,) if a.source else None, (a.content,))
        for a in find_attributions(doc)  # type: ignore[arg-type]
        if a.parent is None and not a.quoted
    ]


def _select(items: list[tuple[str, Path, Path]], half: str | None, limit: int | None) -> list:
    if half == "even":
        items = items[0::2]
    elif half == "odd":
        items = items[1::2]
    return items[:limit] if limit else items


def _errors(
    name: str, text: str, predicted: list[Predicted], gold: list[Gold]
) -> Iterator[dict]:
    pairs = match(predicted, gold)
    hit_p = {id(p) for p, _ in pairs}
    hit_g = {id(g) for _, g in pairs}

    def show(spans: Spans | None) -> str:
        return " … ".join(text[s:e] for s, e in spans) if spans else ""

    def context(spans: Spans) -> str:
        s, e = spans[0][0], spans[-1][1]
        return text[max(0, s - 80) : e + 80].replace("\n", " ")

    for p in predicted:
        if id(p) not in hit_p:
            yield {"article": name, "error": "fp", "cue": show(p.cue), "source": show(p.source),
                   "context": context(p.cue)}
    for g in gold:
        if id(g) not in hit_g:
            yield {"article": name, "error": "fn", "cue": show(g.cue), "source": show(g.source),
                   "context": context(g.cue)}
    for p, g in pairs:
        if not source_right(p, g):
            yield {"article": name, "error": "source", "cue": show(g.cue),
                   "predicted": show(p.source), "gold": show(g.source), "context": context(g.cue)}


def run(data: Path, limit: int | None, half: str | None, errors: Path | None) -> dict:
    from bot.engine.nlp import load_pipeline
    from bot.settings import Settings

    items = _select(articles(data), half, limit)
    nlp = load_pipeline(Settings().model)
    total = Tally()
    started = time.perf_counter()
    texts = (p.read_text("utf-8") for _, p, _ in items)
    sink = errors.open("w", encoding="utf-8") if errors else None
    for n, ((name, _, ann), doc) in enumerate(
        zip(items, nlp.pipe(texts, batch_size=16), strict=True), start=1
    ):
        gold = parse_ann(ann.read_text("utf-8"))
        predicted = predictions(doc)
        total.add(score_article(predicted, gold))
        if sink:
            for row in _errors(name, doc.text, predicted, gold):
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        if n % 25 == 0 or n == len(items):
            m = total.metrics()
            print(
                f"[{n}/{len(items)}] cue F1 {m['cue_f1']:.3f} source acc "
                f"{m['source_accuracy']:.3f} ({time.perf_counter() - started:.0f}s)",
                file=sys.stderr,
            )
    if sink:
        sink.close()
    return {
        "articles": len(items),
        **total.metrics(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder in PolNeAR's layout")
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles")
    parser.add_argument("--half", choices=("even", "odd"), help="every other article, sorted")
    parser.add_argument("--errors", type=Path, help="write unmatched cues and wrong sources")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        parser.error(f"{args.data} needs text/ and attributions/ folders")
    print(json.dumps(run(args.data, args.limit, args.half, args.errors)))


if __name__ == "__main__":
    main()

"""Fit the check-worthiness model in `bot/engine/data/factuality.json` from ClaimBuster.

    PYTHONPATH=. python train/factuality.py [--eval-dir ../shared/eval] [--out PATH]

A logistic regression over the features of `bot.engine.factuality.features` (lower-cased
words and word pairs, figures normalised, a few surface traits), fitted with numpy alone
(L-BFGS written out below): no scikit-learn or scipy, so it runs wherever the bot runs.

- fitted on claimbuster/train.json only; the L2 strength (and whether the surface traits
  help) is chosen by 5-fold cross-validation on it (seeded), by mean average precision;
- classes are weighted to count equally, so a probability of 0.5 means "as likely a claim as
  not" whatever the share of claims in the text scored;
- claimbuster/test.json is scored once, at the end, and never used to choose anything;
- CLEF-2019 CheckThat! training debates: MAP of each file's ranking, averaged over files,
  without the three 2016 presidential debates, whose sentences are in ClaimBuster's train
  split (also printed with them, labelled as contaminated).

Prints every figure and ends with one JSON line of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.engine.factuality import NORMALISATION_VERSION, features  # noqa: E402

SEED = 12
FOLDS = 5
LAMBDAS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
MIN_COUNT = 2
PRUNE_BELOW = 0.01
ITERATIONS = 300
CONTAMINATED = ("20160926_1pres.tsv", "20161010_2pres.tsv", "20161019_3pres.tsv")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Matrix:
    """Binary sparse rows (CSR without values): just what X @ w and X.T @ r need."""

    def __init__(self, rows: list[list[int]], width: int) -> None:
        self.n, self.width = len(rows), width
        self.cols = np.fromiter((c for r in rows for c in r), dtype=np.int64)
        self.row_of = np.repeat(np.arange(self.n), [len(r) for r in rows])

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row_of, weights=w[self.cols], minlength=self.n)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=r[self.row_of], minlength=self.width)


def vocabulary(docs: list[dict], surface: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in docs:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT and (surface or f[0] != "#"))
    return {f: i for i, f in enumerate(kept)}


def design(docs: list[dict], vocab: dict[str, int]) -> Matrix:
    return Matrix([[vocab[f] for f in feats if f in vocab] for feats in docs], len(vocab))


def fit(x: Matrix, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    """Minimise class-balanced mean log loss + lam/2 |w|^2 (bias unpenalised) by L-BFGS."""
    s = np.where(y == 1, 0.5 / y.sum(), 0.5 / (len(y) - y.sum()))  # sums to 1

    def loss_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x.dot(w) + b
        loss = float(np.sum(s * (np.logaddexp(0.0, z) - y * z)) + 0.5 * lam * w @ w)
        r = s * (1.0 / (1.0 + np.exp(-z)) - y)
        return loss, np.append(x.tdot(r) + lam * w, r.sum())

    theta = np.zeros(x.width + 1)
    loss, grad = loss_grad(theta)
    hist: list[tuple[np.ndarray, np.ndarray]] = []
    for _ in range(ITERATIONS):
        q = grad.copy()
        alphas = []
        for sv, yv in reversed(hist):
            a = (sv @ q) / (yv @ sv)
            alphas.append(a)
            q -= a * yv
        if hist:
            sv, yv = hist[-1]
            q *= (sv @ yv) / (yv @ yv)
        for (sv, yv), a in zip(hist, reversed(alphas), strict=True):
            q += sv * (a - (yv @ q) / (yv @ sv))
        direction = -q
        if grad @ direction >= 0:
            direction, hist = -grad, []
        step = 1.0
        while True:
            new = theta + step * direction
            new_loss, new_grad = loss_grad(new)
            if new_loss <= loss + 1e-4 * step * (grad @ direction) or step < 1e-10:
                break
            step *= 0.5
        sv, yv = new - theta, new_grad - grad
        if sv @ yv > 1e-12:
            hist = [*hist[-9:], (sv, yv)]
        converged = abs(loss - new_loss) < 1e-10 * max(1.0, abs(loss))
        theta, loss, grad = new, new_loss, new_grad
        if converged or np.abs(grad).max() < 1e-7:
            break
    return theta[:-1], float(theta[-1])


def predict(docs: list[dict], weights: dict[str, float], bias: float) -> np.ndarray:
    z = np.array([bias + sum(weights.get(f, 0.0) for f in feats) for feats in docs])
    return 1.0 / (1.0 + np.exp(-z))


def average_precision(y: np.ndarray, p: np.ndarray) -> float:
    """Mean of the precision at each positive, ranking by p (ties kept in input order)."""
    order = np.argsort(-p, kind="stable")
    hits = y[order] == 1
    if not hits.any():
        return float("nan")
    precision = np.cumsum(hits) / np.arange(1, len(y) + 1)
    return float(precision[hits].mean())


def classification(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    pred = (p >= 0.5).astype(int)
    tp = int(((pred == 1) & (y == 1)).sum())
    prec = tp / max(1, int(pred.sum()))
    rec = tp / max(1, int(y.sum()))
    return {
        "accuracy": round(float((pred == y).mean()), 4),
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4),
        "average_precision": round(average_precision(y, p), 4),
    }


def folds(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stratified fold number per item."""
    fold = np.empty(len(y), dtype=int)
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == label))
        fold[idx] = np.arange(len(idx)) % FOLDS
    return fold


def cross_validate(docs: list[dict], y: np.ndarray) -> dict[tuple[bool, float], float]:
    fold = folds(y, np.random.default_rng(SEED))
    scores: dict[tuple[bool, float], float] = {}
    for surface in (False, True):
        for lam in LAMBDAS:
            aps = []
            for k in range(FOLDS):
                tr, va = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
                vocab = vocabulary([docs[i] for i in tr], surface)
                w, b = fit(design([docs[i] for i in tr], vocab), y[tr], lam)
                weights = dict(zip(vocab, w.tolist(), strict=True))
                aps.append(average_precision(y[va], predict([docs[i] for i in va], weights, b)))
            scores[surface, lam] = float(np.mean(aps))
            print(
                f"  cv surface={surface!s:5} lambda={lam:g}: mean AP {scores[surface, lam]:.4f}"
                f" (folds {' '.join(f'{a:.3f}' for a in aps)})"
            )
    return scores


def clef_map(clef_dir: Path, weights: dict[str, float], bias: float) -> dict[str, object]:
    per_file = {}
    for path in sorted(clef_dir.glob("*.tsv")):
        rows = [line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8")]
        rows = [r for r in rows if len(r) == 4]
        y = np.array([int(r[3]) for r in rows])
        p = predict([features(r[2]) for r in rows], weights, bias)
        per_file[path.name] = round(average_precision(y, p), 4)
    clean = [ap for name, ap in per_file.items() if name not in CONTAMINATED]
    return {
        "map_without_2016_presidential": round(float(np.mean(clean)), 4),
        "files_without": len(clean),
        "map_all_contaminated": round(float(np.mean(list(per_file.values()))), 4),
        "files_all": len(per_file),
        "per_file_ap": per_file,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=ROOT / "bot/engine/data/factuality.json")
    args = parser.parse_args()
    started = time.perf_counter()
    train_path = args.eval_dir / "claimbuster" / "train.json"
    test_path = args.eval_dir / "claimbuster" / "test.json"
    train, test = (json.loads(p.read_text(encoding="utf-8")) for p in (train_path, test_path))
    y = np.array([item["label"] for item in train])
    docs = [features(item["text"]) for item in train]
    print(f"train: {train_path} sha256 {sha256(train_path)}")
    print(f"  {len(y)} sentences, {int(y.sum())} check-worthy, {int(len(y) - y.sum())} not")
    print(f"test:  {test_path} sha256 {sha256(test_path)} ({len(test)} sentences)")
    print(
        f"seed {SEED}, {FOLDS}-fold CV, lambdas {LAMBDAS}, min count {MIN_COUNT}, "
        f"class weights balanced, normalisation v{NORMALISATION_VERSION}"
    )

    scores = cross_validate(docs, y)
    surface, lam = max(scores, key=lambda k: (scores[k], k[1]))
    best = scores[surface, lam]
    print(f"chosen: surface features {surface}, lambda {lam:g} (CV mean AP {best:.4f})")

    vocab = vocabulary(docs, surface)
    w, bias = fit(design(docs, vocab), y, lam)
    weights = {
        f: round(v, 4) for f, v in zip(vocab, w.tolist(), strict=True) if abs(v) >= PRUNE_BELOW
    }
    bias = round(bias, 4)
    print(
        f"fitted {len(vocab)} features (count >= {MIN_COUNT}); kept {len(weights)} "
        f"with |weight| >= {PRUNE_BELOW}"
    )
    top = sorted(weights.items(), key=lambda kv: kv[1])
    print("  most positive:", ", ".join(f"{f!r} {v:+.2f}" for f, v in top[::-1][:15]))
    print("  most negative:", ", ".join(f"{f!r} {v:+.2f}" for f, v in top[:15]))

    y_test = np.array([item["label"] for item in test])
    test_figures = classification(
        y_test, predict([features(item["text"]) for item in test], weights, bias)
    )
    print("claimbuster test.json (threshold 0.5):", test_figures)
    clef = clef_map(args.eval_dir / "clef2019-checkworthy-train", weights, bias)
    for name, ap in clef["per_file_ap"].items():
        print(f"  clef {name}: AP {ap:.4f}{'  (contaminated)' if name in CONTAMINATED else ''}")
    print(
        f"CLEF-2019 train MAP without the 2016 presidential debates ({clef['files_without']} "
        f"files): {clef['map_without_2016_presidential']:.4f}"
    )
    print(
        f"CLEF-2019 train MAP all {clef['files_all']} files (contaminated): "
        f"{clef['map_all_contaminated']:.4f}"
    )

    artefact = {
        "model": "logistic regression, binary features",
        "normalisation_version": NORMALISATION_VERSION,
        "surface_features": surface,
        "bias": bias,
        "fitted_on": {
            "dataset": "ClaimBuster (Arslan, Hassan, Li, Tremayne, ICWSM 2020), "
            "two-class split of utaresearch/claimbuster-spotter@332bba0: train.json",
            "doi": "10.5281/zenodo.3609356",
            "licence": "CC BY 4.0",
            "sha256": sha256(train_path),
            "sentences": len(y),
            "positive": int(y.sum()),
            "negative": int(len(y) - y.sum()),
            "seed": SEED,
            "hyperparameters": {
                "l2_lambda": lam,
                "surface_features": surface,
                "min_count": MIN_COUNT,
                "class_weight": "balanced",
                "prune_below": PRUNE_BELOW,
                "chosen_by": f"{FOLDS}-fold CV mean average precision on train.json",
                "cv_mean_ap": round(scores[surface, lam], 4),
            },
            "features": len(weights),
            "test": test_figures,
            "clef2019_train_map_without_2016_presidential": clef["map_without_2016_presidential"],
        },
        "weights": dict(sorted(weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(artefact, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    summary = {
        "cv": {"surface_features": surface, "l2_lambda": lam, "mean_ap": round(best, 4)},
        "test": test_figures,
        **{k: v for k, v in clef.items() if k != "per_file_ap"},
        "features": len(weights),
        "artefact_bytes": args.out.stat().st_size,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Train copydesk's per-line main-content model and write its weights as JSON.

    .venv/bin/python scripts/train_line_model.py [--out PATH] [--no-write]

Data: the wcxb-dev-articles and fundus-other text captures (see bench/datasets.py),
training only on pages where `Page.holdout` is False (held out by site or publisher). A capture line is labelled
main content when its words are in the page's ground-truth main content (plus the
subheadings for fundus, whose main_content leaves them out). Prints 5-fold
cross-validated and held-out word-F1, snippet rates and the inference speed.
Deterministic: fixed seeds, sorted inputs, single-threaded numpy in sklearn's MLP.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from bench.datasets import load_pages, mean, snippet_rates, word_f1  # noqa: E402
from copydesk.structure import content  # noqa: E402

VERSION = 1
SEED = 20240601
HIDDEN = 24
FOLDS = 5
DATASETS = ("wcxb-dev-articles", "fundus-other")
_WORD = re.compile(r"\w+")


def capture_lines(text: str) -> list[str]:
    """The capture's non-empty lines, whitespace-collapsed (as the package hands them to the model)."""
    return [s for s in (" ".join(raw.split()) for raw in text.split("\n")) if s]


def truth_text(page, fundus: bool) -> str:
    """What the body should read: main_content, plus fundus's subheadings (kept apart in its truth)."""
    text = page.truth.get("main_content") or ""
    if fundus:
        text += "\n\n" + "\n\n".join(page.truth.get("headings") or [])
    return text


def label(lines: list[str], truth: str) -> np.ndarray:
    """1 where a capture line is main content: a whole truth line, or most of its word trigrams in the truth."""
    truth_lines = [t for t in (_WORD.findall(s.lower()) for s in truth.split("\n")) if t]
    whole = {" ".join(t) for t in truth_lines}
    trigrams = {g for t in truth_lines for g in zip(t, t[1:], t[2:])}
    out = np.zeros(len(lines), dtype=np.int64)
    for i, line in enumerate(lines):
        t = _WORD.findall(line.lower())
        if not t:
            continue
        if " ".join(t) in whole:
            out[i] = 1
        elif len(t) >= 4:
            grams = list(zip(t, t[1:], t[2:]))
            out[i] = sum(g in trigrams for g in grams) >= 0.5 * len(grams)
    return out


def load():
    """Every page as a dict: id, dataset, lines, labels, features, truth, holdout flag."""
    pages = []
    for name in DATASETS:
        fundus = name.startswith("fundus")
        for page in load_pages(name):
            lines = capture_lines(page.capture)
            if not lines:
                continue
            truth = truth_text(page, fundus)
            pages.append({
                "id": page.id, "dataset": name, "lines": lines, "truth": truth, "raw": page.truth,
                "y": label(lines, truth), "x": content.features(lines), "holdout": page.holdout,
            })
    return pages


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    """One hidden-layer ReLU network on standardised inputs; returns numpy-ready weights."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd < 1e-6] = 1.0
    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", alpha=1e-3, max_iter=60,
                        batch_size=512, learning_rate_init=2e-3, random_state=SEED, shuffle=True,
                        early_stopping=False, tol=1e-5)
    with warnings.catch_warnings():  # a capped epoch count is intended: it keeps training quick
        warnings.simplefilter("ignore")
        clf.fit((x - mu) / sd, y, sample_weight=w)
    return {"mean": mu, "scale": sd, "w1": clf.coefs_[0], "b1": clf.intercepts_[0],
            "w2": clf.coefs_[1], "b2": clf.intercepts_[1]}


def train(pages) -> tuple[dict, dict, list[dict]]:
    """Stage 1 on features; stage 2 on features + out-of-fold stage-1 scores of the neighbourhood.

    Also returns, per fold, the stage-2 network trained without that fold: with the out-of-fold
    stage-1 scores this gives cross-validated predictions without refitting stage 1.
    """
    folds = np.arange(len(pages)) % FOLDS
    oof = [None] * len(pages)
    for k in range(FOLDS):
        net = fit(*xyw([p for p, f in zip(pages, folds) if f != k]))
        for i, p in enumerate(pages):
            if folds[i] == k:
                oof[i] = content.mlp(p["x"], net)
    for p, s in zip(pages, oof):
        p["x2"] = np.hstack([p["x"], content.score_context(s)])
    cv_nets = [fit(*xyw([p for p, f in zip(pages, folds) if f != k], "x2")) for k in range(FOLDS)]
    for p, f in zip(pages, folds):
        p["cv_p"] = content.mlp(p["x2"], cv_nets[f])
    return fit(*xyw(pages)), fit(*xyw(pages, "x2")), cv_nets


def xyw(pages, key="x"):
    """Stacked inputs, labels and weights: sqrt(words), as word-F1 counts long lines more but headings too."""
    w = np.concatenate([np.sqrt(np.expm1(p["x"][:, 1]) + 1.0) for p in pages])
    return np.concatenate([p[key] for p in pages]), np.concatenate([p["y"] for p in pages]), w


def to_json(stage1: dict, stage2: dict, threshold: float, n_train: dict) -> dict:
    def net(d):
        return {k: np.round(np.asarray(v, dtype=np.float64), 5).tolist() for k, v in d.items()}
    return {
        "model": "copydesk line main-content model", "version": VERSION, "threshold": threshold,
        "feature_names": content.feature_names(),
        "stage2_extra_inputs": content.score_context_names(),
        "architecture": f"two stages, each standardise -> dense({HIDDEN}) ReLU -> dense(1) sigmoid",
        "training_data": {
            "datasets": {
                "wcxb-dev-articles": "WCXB v1.0 dev article pages (Murrough Foley, CC-BY-4.0), whole-page text captures",
                "fundus-other": "Fundus parser test pages (flairNLP/fundus, MIT), non-English, whole-page text captures",
            },
            "pages": n_train, "split": "pages whose source bench.datasets.is_holdout() leaves in (held out by site or publisher)",
            "labels": "capture line whose words form a main_content line, or >=50% of its word trigrams occur in it "
                      "(fundus: main_content plus headings)",
            "seed": SEED,
        },
        "stage1": net(stage1), "stage2": net(stage2),
    }


def evaluate(pages, keep_of) -> dict:
    """Mean word-F1 of the kept lines per dataset, and snippet rates; keep_of(page) -> list of bools."""
    out = {}
    for name in DATASETS:
        sel = [p for p in pages if p["dataset"] == name]
        f1, found, absent = [], [], []
        for p in sel:
            text = "\n".join(s for s, k in zip(p["lines"], keep_of(p)) if k)
            f1.append(word_f1(text, p["truth"]))
            a, b = snippet_rates(text, p["raw"])
            found.append(a)
            absent.append(b)
        out[name] = {"pages": len(sel), "word_f1": mean(f1), "with_found": mean(found), "without_absent": mean(absent)}
    return out


def report(title: str, results: dict) -> None:
    for name, r in results.items():
        print(f"{title} {name}: pages {r['pages']} word_f1 {r['word_f1']:.4f} "
              f"with_found {r['with_found']:.4f} without_absent {r['without_absent']:.4f}")


def speed(model: content.ContentModel, pages) -> float:
    """Milliseconds per 200-line capture for select() (features + both networks + threshold)."""
    caps = [p["lines"][:200] for p in pages if len(p["lines"]) >= 200][:100]
    model.select(caps[0])
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for c in caps:
            model.select(c)
        best = min(best, (time.perf_counter() - t) / len(caps) * 1000)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "src/copydesk/structure/line_model.json"))
    ap.add_argument("--no-write", action="store_true", help="report metrics without writing the weights")
    args = ap.parse_args()
    t0 = time.time()
    pages = load()
    train_pages = [p for p in pages if not p["holdout"]]
    held = [p for p in pages if p["holdout"]]
    print(f"loaded {len(pages)} pages ({len(train_pages)} train, {len(held)} held out) in {time.time() - t0:.0f}s")
    stage1, stage2, _ = train(train_pages)
    print(f"trained in {time.time() - t0:.0f}s")
    # The keep threshold is chosen on cross-validated predictions of the training pages only.
    scores = []
    for t in np.arange(0.30, 0.71, 0.05):
        cv = evaluate(train_pages, lambda p: content.decide(p["cv_p"], t))
        score = cv[DATASETS[0]]["word_f1"]
        print(f"cv threshold {t:.2f}: " + " ".join(f"{n} {r['word_f1']:.4f}" for n, r in cv.items()))
        scores.append((round(float(t), 2), score))
    # Among thresholds within 0.002 of the best CV score, the highest: equal F1, fewer boilerplate lines kept.
    top = max(score for _, score in scores)
    threshold = max(t for t, score in scores if score >= top - 0.002)
    report(f"cv({FOLDS}-fold) at threshold {threshold}",
           evaluate(train_pages, lambda p: content.decide(p["cv_p"], threshold)))
    n_train = {name: sum(p["dataset"] == name for p in train_pages) for name in DATASETS}
    weights = to_json(stage1, stage2, threshold, n_train)
    model = content.ContentModel(weights)
    report("held-out", evaluate(held, lambda p: model.select(p["lines"])))
    base = mean(word_f1("\n".join(p["lines"]), p["truth"]) for p in held if p["dataset"] == DATASETS[0])
    print(f"held-out {DATASETS[0]} unchanged capture word_f1 {base:.4f}")
    print(f"select(): {speed(model, pages):.3f} ms per 200-line capture")
    if not args.no_write:
        Path(args.out).write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()

"""Train copydesk's per-line main-content model and write its weights as JSON.

    .venv/bin/python scripts/train_line_model.py [--out PATH] [--no-write]

Data (see bench/datasets.py): the wcxb-dev-articles and fundus-other pages, each as its
html-text capture (`text/`) and as one other capture shape (`text-wet/`, `text-wrapped/` or
`text-md/`, taken in turn), read into lines as copydesk reads them; and the clean-dev
article bodies, which have no page furniture at all. Training uses only sources that
`Page.holdout` leaves in (held out by site or publisher). A capture line is labelled
main content when its words are in the page's ground-truth main content (plus the
subheadings for fundus, whose main_content leaves them out). Prints 5-fold
cross-validated and held-out word-F1 per data set and shape, and the inference speed.
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
from threadpoolctl import threadpool_limits  # noqa: E402

from bench.datasets import load_pages, mean, snippet_rates, word_f1  # noqa: E402
from copydesk.extract.markdown import extract_markdown  # noqa: E402
from copydesk.extract.plain import text_lines  # noqa: E402
from copydesk.structure import content  # noqa: E402

VERSION = 1
SEED = 20240601
HIDDEN = 24
FOLDS = 5
DATASETS = ("wcxb-dev-articles", "fundus-other", "clean-dev")
SHAPES = ("text-wet", "text-wrapped", "text-md")  # besides text/: one of these per page, in turn
CLEAN_SHARE = 0.1  # the clean bodies' share of the training weight (their pages are short: few lines each)
_WORD = re.compile(r"\w+")


def capture_lines(text: str, shape: str = "text") -> list[str]:
    """The capture's logical lines, as the package hands them to the model (wrapped paragraphs joined, Markdown
    read as Markdown)."""
    lines = extract_markdown(text).lines if shape == "text-md" else text_lines(text).lines
    return [t for _, t in lines]


def shapes_of(name: str, index: int) -> list[str]:
    """The capture shapes a page of a data set is trained on: text/, and for the whole-page sets one other."""
    return ["text"] if name == "clean-dev" else ["text", SHAPES[index % len(SHAPES)]]


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


def load(shapes=None):
    """Every page capture as a dict: id, dataset, shape, lines, labels, features, truth, holdout flag."""
    pages = []
    for name in DATASETS:
        fundus = name.startswith("fundus")
        for index, page in enumerate(load_pages(name)):
            truth = truth_text(page, fundus)
            for shape in shapes or shapes_of(name, index):
                path = page.text_path.parent.parent / shape / page.text_path.name
                if not path.exists():
                    continue
                lines = capture_lines(path.read_text(encoding="utf-8"), shape)
                if not lines:
                    continue
                pages.append(
                    {
                        "id": page.id,
                        "dataset": name,
                        "shape": shape,
                        "lines": lines,
                        "truth": truth,
                        "raw": page.truth,
                        "y": label(lines, truth),
                        "x": content.features(lines),
                        "holdout": page.holdout,
                    }
                )
    return pages


FURNISHED_SHARE = 0.5  # of the clean bodies, the share also trained on with some page furniture around them
MAX_FURNITURE = 6  # lines of furniture put above or below such a body, at most


def furnished(pages: list[dict], seed: int = SEED) -> list[dict]:
    """Clean bodies with a few lines of real page furniture above and below them, as a capture of an article
    page with little around it has them (a comment form under the text, a menu line over it).

    The furniture is a run of unlabelled lines from the top or the bottom of a whole-page capture of the same
    split (so held-out bodies get held-out furniture): copydesk must keep the body and still drop those.
    """
    rng = np.random.default_rng(seed)
    donors = [p for p in pages if p["dataset"] != "clean-dev" and p["shape"] == "text"]
    out = []
    for p in pages:
        if p["dataset"] != "clean-dev" or rng.random() >= FURNISHED_SHARE:
            continue
        head, tail = [], []
        for run, edge in ((head, "top"), (tail, "bottom")):
            donor = donors[rng.integers(len(donors))]
            k = int(rng.integers(0, MAX_FURNITURE + 1))
            lines, y = (
                (donor["lines"][:k], donor["y"][:k])
                if edge == "top"
                else (donor["lines"][len(donor["lines"]) - k :], donor["y"][len(donor["y"]) - k :])
            )
            run.extend(t for t, label in zip(lines, y) if not label)
        lines = head + p["lines"] + tail
        y = np.concatenate([np.zeros(len(head), dtype=np.int64), p["y"], np.zeros(len(tail), dtype=np.int64)])
        out.append({**p, "shape": "text+furniture", "lines": lines, "y": y, "x": content.features(lines)})
    return out


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    """One hidden-layer ReLU network on standardised inputs; returns numpy-ready weights."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd < 1e-6] = 1.0
    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        alpha=1e-3,
        max_iter=60,
        batch_size=512,
        learning_rate_init=2e-3,
        random_state=SEED,
        shuffle=True,
        early_stopping=False,
        tol=1e-5,
    )
    with warnings.catch_warnings():  # a capped epoch count is intended: it keeps training quick
        warnings.simplefilter("ignore")
        clf.fit((x - mu) / sd, y, sample_weight=w)
    return {
        "mean": mu,
        "scale": sd,
        "w1": clf.coefs_[0],
        "b1": clf.intercepts_[0],
        "w2": clf.coefs_[1],
        "b2": clf.intercepts_[1],
    }


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
    """Stacked inputs, labels and weights: sqrt(words), as word-F1 counts long lines more but headings too; the
    clean bodies scaled to CLEAN_SHARE of the whole."""
    w = [np.sqrt(np.expm1(p["x"][:, 1]) + 1.0) for p in pages]
    clean = sum(float(v.sum()) for v, p in zip(w, pages) if p["dataset"] == "clean-dev")
    if clean:
        rest = sum(float(v.sum()) for v, p in zip(w, pages) if p["dataset"] != "clean-dev")
        scale = CLEAN_SHARE / (1 - CLEAN_SHARE) * rest / clean
        w = [v * scale if p["dataset"] == "clean-dev" else v for v, p in zip(w, pages)]
    return np.concatenate([p[key] for p in pages]), np.concatenate([p["y"] for p in pages]), np.concatenate(w)


def to_json(stage1: dict, stage2: dict, threshold: float, n_train: dict) -> dict:
    def net(d):
        return {k: np.round(np.asarray(v, dtype=np.float64), 5).tolist() for k, v in d.items()}

    return {
        "model": "copydesk line main-content model",
        "version": VERSION,
        "threshold": threshold,
        "feature_names": content.feature_names(),
        "stage2_extra_inputs": content.score_context_names(),
        "architecture": f"two stages, each standardise -> dense({HIDDEN}) ReLU -> dense(1) sigmoid",
        "training_data": {
            "datasets": {
                "wcxb-dev-articles": (
                    "WCXB v1.0 dev article pages (Murrough Foley, CC-BY-4.0), whole-page text captures"
                ),
                "fundus-other": (
                    "Fundus parser test pages (flairNLP/fundus, MIT), non-English, whole-page text captures"
                ),
                "clean-dev": "article bodies with no page furniture: FNC-1 train bodies and PolNeAR dev texts",
            },
            "shapes": "text/ for every page; one of " + ", ".join(SHAPES) + " in turn for the whole-page sets",
            "pages": n_train,
            "split": "pages whose source bench.datasets.is_holdout() leaves in (held out by site or publisher)",
            "labels": "capture line whose words form a main_content line, or >=50% of its word trigrams occur in it "
            "(fundus: main_content plus headings)",
            "seed": SEED,
        },
        "stage1": net(stage1),
        "stage2": net(stage2),
    }


def evaluate(pages, keep_of) -> dict:
    """Mean word-F1 of the kept lines per data set and shape, and snippet rates; keep_of(page) -> list of bools."""
    out = {}
    for name, shape in sorted({(p["dataset"], p["shape"]) for p in pages}):
        sel = [p for p in pages if p["dataset"] == name and p["shape"] == shape]
        f1, found, absent = [], [], []
        for p in sel:
            text = "\n".join(s for s, k in zip(p["lines"], keep_of(p)) if k)
            f1.append(word_f1(text, p["truth"]))
            a, b = snippet_rates(text, p["raw"])
            found.append(a)
            absent.append(b)
        out[f"{name}/{shape}"] = {
            "pages": len(sel),
            "word_f1": mean(f1),
            "with_found": mean(found),
            "without_absent": mean(absent),
        }
    return out


def report(title: str, results: dict) -> None:
    for name, r in results.items():
        print(
            f"{title} {name}: pages {r['pages']} word_f1 {r['word_f1']:.4f} "
            f"with_found {r['with_found']:.4f} without_absent {r['without_absent']:.4f}"
        )


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
    train_pages += furnished(train_pages)
    print(f"loaded {len(pages)} pages ({len(train_pages)} train, {len(held)} held out) in {time.time() - t0:.0f}s")
    stage1, stage2, _ = train(train_pages)
    print(f"trained in {time.time() - t0:.0f}s")
    # The keep threshold is chosen on cross-validated predictions of the training pages only.
    # Scored as the mean over data sets and shapes: each capture shape counts, not only the commonest.
    scores = []
    for t in np.arange(0.30, 0.71, 0.05):
        cv = evaluate(train_pages, lambda p, t=t: content.decide(p["cv_p"], t))
        score = mean(r["word_f1"] for r in cv.values())
        print(f"cv threshold {t:.2f}: mean {score:.4f} " + " ".join(f"{n} {r['word_f1']:.4f}" for n, r in cv.items()))
        scores.append((round(float(t), 2), score))
    threshold = max(scores, key=lambda ts: ts[1])[0]
    report(
        f"cv({FOLDS}-fold) at threshold {threshold}",
        evaluate(train_pages, lambda p: content.decide(p["cv_p"], threshold)),
    )
    n_train = {name: len({p["id"] for p in train_pages if p["dataset"] == name}) for name in DATASETS}
    weights = to_json(stage1, stage2, threshold, n_train)
    model = content.ContentModel(weights)
    # Every held-out page in every shape, the shapes not trained on too.
    held = [p for p in load(["text", *SHAPES]) if p["holdout"]]
    held += furnished(held)
    report("held-out", evaluate(held, lambda p: model.select(p["lines"])))
    print(f"select(): {speed(model, pages):.3f} ms per 200-line capture")
    if not args.no_write:
        Path(args.out).write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    with threadpool_limits(limits=1):  # one BLAS thread: the same weights everywhere, and no threads fighting for cores
        main()

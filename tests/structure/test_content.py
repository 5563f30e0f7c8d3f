"""Tests of the learned per-line main-content model on real captures and hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from copydesk.structure import content
from copydesk.structure.content import ContentModel, feature_names, features

from ..conftest import FIXTURES, SAMPLE

SEED = SAMPLE / "dw-north-korea-russia.txt"
WCXB = SAMPLE / "wcxb-0161-npr.txt"


def _lines(path: Path) -> list[str]:
    return [s for s in (" ".join(raw.split()) for raw in path.read_text(encoding="utf-8").split("\n")) if s]


@pytest.fixture(scope="module")
def model() -> ContentModel:
    return ContentModel.default()


def test_content_default_is_loaded_once(model):
    assert ContentModel.default() is model
    assert model.meta["feature_names"] == feature_names()


def test_content_weights_are_small_and_described(model):
    path = Path(content.__file__).with_name("line_model.json")
    assert path.stat().st_size < 300_000
    assert model.meta["version"] >= 1 and "wcxb-dev-articles" in model.meta["training_data"]["datasets"]
    assert 0.0 < model.threshold < 1.0


def test_content_is_deterministic(model):
    lines = [f"Line {i} of a page, with some words in it." if i % 2 else "Home" for i in range(50)]
    assert np.array_equal(model.probabilities(lines), model.probabilities(list(lines)))


def test_content_seed_keeps_body_and_heading(model):
    """The line model keeps the seed's body; of its comment form, the last line at least is furniture to it (the
    short lines' wording, "Leave a Reply", is what the rules' cues remove: tests/test_seed.py)."""
    lines = _lines(SEED)
    keep = model.select(lines)
    expected = json.loads((FIXTURES / "seed-expected.json").read_text(encoding="utf-8"))
    for n in expected["paragraph_lines"] + [h["line"] for h in expected["headings"]]:
        assert keep[n - 1], f"line {n} should be kept: {lines[n - 1]!r}"
    assert lines[6] == "Widespread concern" and keep[6]
    assert not keep[15]


def test_content_article_text_alone_is_kept_whole(model):
    """The seed's body as a corpus holds it, no page around it: every line is the article."""
    lines = _lines(SEED)[3:12]
    assert model.select(lines) == [True] * len(lines)


def test_content_wcxb_navigation_dropped_body_kept(model):
    lines = _lines(WCXB)
    keep = dict(zip(lines, model.select(lines)))  # repeated menu lines map to the last decision: all are menus
    for nav in ("Skip to main content", "Open Navigation Menu", "NPR Shop", "Terms of Use", "Politics"):
        assert keep[nav] is False
    assert keep[next(s for s in lines if s.startswith("The Texas Legislature is holding a special session"))]


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["x"],
        ["Just one sentence that might be an article on its own."],
        [""],
        ["\x00\x01\x02\ufffd\ud800"],
        ["\U0001f600" * 50, "日本語の文章です。" * 20, "|" * 300],
    ],
)
def test_content_small_and_odd_inputs(model, lines):
    p = model.probabilities(lines)
    keep = model.select(lines)
    assert p.shape == (len(lines),) and np.all((p >= 0) & (p <= 1))
    assert len(keep) == len(lines) and all(isinstance(k, bool) for k in keep)


@pytest.mark.parametrize("lines", [["A line", None], ["A line", b"bytes"], ["A line", 3]])
def test_content_lines_that_are_not_strings_are_refused(model, lines):
    with pytest.raises(TypeError):
        model.probabilities(lines)


def test_content_binary_junk(model):
    rng = np.random.default_rng(0)
    junk = bytes(rng.integers(0, 256, 20000, dtype=np.uint8)).decode("latin-1")
    lines = [s for s in (" ".join(c.split()) for c in junk.split("\n")) if s]
    assert len(model.select(lines)) == len(lines)


def test_content_hundred_thousand_lines(model):
    lines = [
        f"Menu item {i}" if i % 3 else f"Sentence number {i} says something quite ordinary, and it ends."
        for i in range(100_000)
    ]
    keep = model.select(lines)
    assert len(keep) == 100_000


def test_content_ten_megabyte_line(model):
    big = "word " * 2_000_000
    lines = ["Page title", big.strip(), "Footer"]
    x = features(lines)
    assert x.shape == (3, len(feature_names())) and np.isfinite(x).all()
    assert x[1, 0] > np.log(9_000_000)  # the true length is still seen, though only a prefix is read
    assert len(model.select(lines)) == 3


def test_content_newline_inside_a_line_counts_as_a_space():
    lines = _lines(WCXB)[:40]
    with_newlines = [s.replace(" ", "\n", 1) for s in lines]
    assert with_newlines != lines and np.array_equal(features(with_newlines), features(lines))


def test_content_features_by_hand():
    lines = [
        "Page title: News",
        "News",
        "By Jane Doe",
        "It rose 12% in 2024, the agency said on Monday in a statement.",
        "News",
    ]
    x = features(lines)
    col = {name: x[:, i] for i, name in enumerate(feature_names())}
    assert x.shape == (5, len(feature_names()))
    assert col["log_len"][3] == pytest.approx(np.log1p(len(lines[3])))
    assert col["frac_digit"][3] == pytest.approx(6 / len(lines[3]))
    assert col["frac_stop"][3] == pytest.approx(1 / len(lines[3]))
    assert list(col["end_stop"]) == [0, 0, 0, 1, 0] and list(col["start_upper"]) == [1, 1, 1, 1, 1]
    assert list(col["log_repeats"]) == pytest.approx([0, np.log(2), 0, 0, np.log(2)])
    assert list(col["repeated_before"]) == [0, 0, 0, 0, 1]
    assert list(col["in_title"]) == [1, 0, 0, 0, 0]  # "News" is inside the title, but too short to count
    assert list(col["rel_pos"]) == [0, 0.25, 0.5, 0.75, 1]
    assert col["win1_log_len"][0] == pytest.approx((col["log_len"][0] + col["log_len"][1]) / 3)  # zero past the top
    assert col["line+1_texty"][2] == col["texty"][3] == 1


def test_content_compiled_scores_match_the_trainers_network(model):
    # Inference is compiled; training scores with content.mlp in numpy: both must be the same network.
    weights = json.loads((Path(content.__file__).with_name("line_model.json")).read_text(encoding="utf-8"))
    for path in (SEED, WCXB):
        lines = _lines(path)
        x = features(lines)
        p1 = content.mlp(x, weights["stage1"])
        p2 = content.mlp(np.hstack([x, content.score_context(p1)]), weights["stage2"])
        assert np.abs(model.probabilities(lines) - p2).max() < 1e-4

"""dedup: syndicated copies cluster, different stories on one topic do not, and runs are deterministic and robust.

Built from real text: FNC-1 article bodies, wrapped in navigation and footer
lines from WCXB captures and parsed with copydesk.parse, as a crawler would
find a wire story on ten sites.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.dedup import (
    DedupStats,
    Member,
    SignatureIndex,
    Signer,
    choose_canonical,
    dedup,
    lsh_params,
    normalise,
    shingles,
)

from ..conftest import DATA

FNC = DATA / "fnc1-train"
WCXB = DATA / "wcxb-dev-articles"
needs_data = pytest.mark.skipif(
    not (FNC / "train_bodies.csv").is_file() or not (WCXB / "text").is_dir(),
    reason=f"development data not found at {DATA} (set COPYDESK_DATA)",
)

WIRE_BODY = "1883"  # the Bali "Spiderman" story: 25 FNC-1 bodies report it, from different sources
SITES = ["0001", "0002", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"]


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    with open(FNC / "train_bodies.csv", newline="", encoding="utf-8") as f:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def same_story(bodies) -> list[str]:
    """Body ids FNC-1 pairs (agree/discuss/disagree) with a headline of the wire story's: same topic, other
    reporting."""
    groups = defaultdict(set)
    with open(FNC / "train_stances.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Stance"] != "unrelated":
                groups[r["Headline"]].add(r["Body ID"])
    return sorted(set().union(*(g for g in groups.values() if WIRE_BODY in g)), key=int)


@pytest.fixture(scope="module")
def boilerplate() -> dict[str, tuple[list[str], list[str]]]:
    """Per WCXB page: its navigation lines (top) and footer lines (bottom), none of them article text."""
    with open(WCXB / "pages.jsonl", encoding="utf-8") as f:
        truth = {json.loads(line)["id"]: json.loads(line)["main_content"] for line in f}
    out = {}
    for site in SITES:
        lines = (WCXB / "text" / f"{site}.txt").read_text(encoding="utf-8").splitlines()
        body = normalise(truth[site])
        chrome = [ln for ln in lines if normalise(ln) and normalise(ln) not in body]
        out[site] = (chrome[1:7], chrome[-6:])  # chrome[0] is the page's <title>, which names the page's own story
    return out


def _curly(text: str) -> str:
    out, open_double = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if open_double else "\u201d")
            open_double = not open_double
        else:
            out.append("\u2019" if ch == "'" else ch)
    return "".join(out)


def syndicated_copies(body: str, boilerplate, n: int = 10) -> list[copydesk.Article]:
    """The same wire story on n sites: each with its own chrome, headline and light edits, parsed as a capture."""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    copies = []
    for k, site in enumerate(SITES[:n]):
        nav, footer = boilerplate[site]
        paras = paragraphs[:-1] if k % 3 == 0 else list(paragraphs)  # some sites cut the last paragraph
        if k % 2:
            paras = [_curly(p) for p in paras]
        headline = [
            "Tourist finds spider burrowed under his skin",
            "Bali holiday horror: spider under skin",
            "Man says spider lived in his body for three days",
        ][k % 3]
        extra = ["Reporting by Jane Doe; Editing by John Smith"] if k % 4 == 1 else []
        capture = "\n".join([*nav, headline, *paras, *extra, *footer]) + "\n"
        article = copydesk.parse(capture, nlp=False)
        article.id = f"wire-{site}"
        copies.append(article)
    return copies


def _article(id_: str, text: str, **kw) -> copydesk.Article:
    return copydesk.Article(id=id_, text=text, **kw)


def _write(path: Path, articles, extra_lines=()) -> Path:
    lines = [a.to_json() for a in articles] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path: Path, tmp_path: Path, **kw) -> tuple[list[dict], list[dict], DedupStats]:
    out, rep = tmp_path / "out.jsonl", tmp_path / "report.jsonl"
    with open(out, "w", encoding="utf-8") as o, open(rep, "w", encoding="utf-8") as r:
        stats = dedup(str(path), o, report=r, **kw)
    read = lambda p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]  # noqa: E731
    return read(out), read(rep), stats


def _exact_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(normalise(a)), shingles(normalise(b))
    return len(sa & sb) / len(sa | sb)


@needs_data
def test_dedup_wire_story_on_ten_sites_clusters_and_same_topic_stories_do_not(
    tmp_path, bodies, same_story, boilerplate
):
    copies = syndicated_copies(bodies[WIRE_BODY], boilerplate)
    others = [_article(f"fnc-{b}", bodies[b]) for b in same_story if b != WIRE_BODY]
    out, report, stats = _run(_write(tmp_path / "in.jsonl", [*copies, *others]), tmp_path)
    cluster = {a["id"]: a["cluster"] for a in out}

    wire = {cluster[c.id] for c in copies}
    assert len(wire) == 1 and None not in wire, wire
    # The other bodies of the story are other reporting of the same claim: none joins the wire story's cluster
    # unless it is itself a copy of the wire body.
    for b in same_story:
        if b != WIRE_BODY and _exact_jaccard(bodies[b], bodies[WIRE_BODY]) < 0.5:
            assert cluster[f"fnc-{b}"] not in wire, b
    # Among themselves, different reporting (exact Jaccard < 0.5) never shares a cluster; real copies (>= 0.9) do.
    for a, b in itertools.combinations([b for b in same_story if b != WIRE_BODY], 2):
        j = _exact_jaccard(bodies[a], bodies[b])
        if j < 0.5:
            assert cluster[f"fnc-{a}"] is None or cluster[f"fnc-{a}"] != cluster[f"fnc-{b}"], (a, b, j)
        elif j >= 0.9:
            assert cluster[f"fnc-{a}"] is not None and cluster[f"fnc-{a}"] == cluster[f"fnc-{b}"], (a, b, j)
    row = next(r for r in report if r["cluster"] in wire)
    assert row["size"] == 10 and {m["id"] for m in row["members"]} == {c.id for c in copies}
    assert row["canonical"] in {c.id for c in copies} and row["why"]
    assert stats.clusters == len(report)


@needs_data
def test_dedup_spliced_story_is_a_weak_match_and_stays_apart(tmp_path, bodies):
    # Half of one story glued to half of another shares ~half its shingles with each: below 0.75, no cluster.
    a, b = bodies["1883"], bodies["25"]
    pa, pb = a.split("\n\n"), b.split("\n\n")
    spliced = "\n\n".join(pa[: len(pa) // 2] + pb[len(pb) // 2 :])
    assert _exact_jaccard(a, spliced) < 0.6 and _exact_jaccard(b, spliced) < 0.6
    out, report, _ = _run(
        _write(tmp_path / "in.jsonl", [_article("a", a), _article("b", b), _article("ab", spliced)]), tmp_path
    )
    assert [x["cluster"] for x in out] == [None, None, None] and report == []


@needs_data
def test_dedup_wcxb_same_page_twice_clusters(tmp_path):
    arts = []
    for page in ["0463", "0001", "3035", "0002", "0004"]:
        art = copydesk.parse((WCXB / "text" / f"{page}.txt").read_text(encoding="utf-8"), nlp=False)
        art.id = page
        arts.append(art)
    out, report, stats = _run(_write(tmp_path / "in.jsonl", arts), tmp_path)
    cluster = {a["id"]: a["cluster"] for a in out}
    assert cluster["0463"] is not None and cluster["0463"] == cluster["3035"]
    assert [cluster[p] for p in ("0001", "0002", "0004")] == [None, None, None]
    assert stats.exact_duplicates == 1 and report[0]["members"][1]["exact"] is True
    # Same body, same record facts: the smaller id is canonical, and the report says so.
    assert (report[0]["canonical"], report[0]["why"]) == ("0463", "smallest-id")


@needs_data
def test_dedup_is_deterministic_and_order_independent_in_cluster_ids(tmp_path, bodies, boilerplate):
    arts = syndicated_copies(bodies[WIRE_BODY], boilerplate, n=4) + [
        _article(f"fnc-{b}", bodies[b]) for b in ("25", "26", "474")
    ]
    src = _write(tmp_path / "in.jsonl", arts)
    runs = []
    for _ in range(2):
        out, rep = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
        result = CliRunner().invoke(main, ["dedup", str(src), "-o", str(out), "--report", str(rep)])
        assert result.exit_code == 0, result.output
        runs.append((out.read_bytes(), rep.read_bytes()))
    assert runs[0] == runs[1]
    # The input's articles come back in order, unchanged but for `cluster`.
    back = [json.loads(line) for line in runs[0][0].decode().splitlines()]
    assert [{**a, "cluster": None} for a in back] == [{**a.to_dict(), "cluster": None} for a in arts]
    # A cluster's id follows its canonical copy, not the file's order.
    rev, _, _ = _run(_write(tmp_path / "rev.jsonl", arts[::-1]), tmp_path)
    assert {a["id"]: a["cluster"] for a in rev} == {a["id"]: a["cluster"] for a in back}


def test_dedup_empty_bodies_are_never_clustered(tmp_path):
    arts = [
        _article("e1", ""),
        _article("e2", ""),
        _article("e3", "   \n\n "),
        _article("p1", "…!?"),
        _article("p2", "…!?"),
    ]
    out, report, stats = _run(_write(tmp_path / "in.jsonl", arts), tmp_path)
    assert [a["cluster"] for a in out] == [None] * 5 and report == []
    assert (stats.articles, stats.empty, stats.clusters) == (5, 5, 0)


def test_dedup_exact_duplicates_up_to_case_punctuation_and_spacing(tmp_path):
    text = "The minister said on Monday that the talks would resume. “We are ready,” she said."
    arts = [
        _article("a", text),
        _article("b", text.upper().replace("“", '"').replace("”", '"')),
        _article("c", "  " + text.replace(" ", "\n\n  ") + " "),
        _article("d", "A different sentence entirely, about rain."),
    ]
    out, report, stats = _run(_write(tmp_path / "in.jsonl", arts), tmp_path)
    assert out[0]["cluster"] and out[0]["cluster"] == out[1]["cluster"] == out[2]["cluster"]
    assert out[3]["cluster"] is None
    assert stats.exact_duplicates == 2 and all(m["exact"] for m in report[0]["members"])


def test_dedup_malformed_lines_are_recorded_not_fatal(tmp_path):
    text = "Officials confirmed the bridge will reopen next week after repairs that took most of the summer."
    bad = [
        "not json",
        "[1, 2]",
        json.dumps({"schema": "copydesk.article/99", "id": "future", "text": text}),
        json.dumps({"schema": copydesk.SCHEMA, "id": "x", "text": text, "bylines": [{"nom": "no such field"}]}),
        json.dumps({"id": "y", "text": text}),  # a capture record among Articles
    ]
    src = _write(tmp_path / "in.jsonl", [_article("a", text)], extra_lines=[bad[0], "", *bad[1:]])
    with gzip.open(tmp_path / "in.jsonl.gz", "wb") as f:
        f.write(src.read_bytes())
    for path in (src, tmp_path / "in.jsonl.gz"):
        out, _, stats = _run(path, tmp_path)
        assert len(out) == 6 and stats.malformed == 5 and stats.articles == 1  # blank lines are skipped, not records
        assert [e["errors"][0]["code"] for e in out[1:]] == ["E106", "E106", "E401", "E106", "E106"]
        assert all(e["cluster"] is None and e["errors"][0]["message"].startswith(f"{path}:") for e in out[1:])
        assert 'no "schema": a capture record' in out[5]["errors"][0]["message"]
    result = CliRunner().invoke(main, ["dedup", str(src)])
    assert result.exit_code == 1  # every line is written out, and a script learns that some were not Articles
    assert "5 malformed line(s)" in result.stderr
    assert "failed: 5 line(s)" in result.stderr and len(result.stdout.splitlines()) == 6


def test_dedup_cli_reads_stdin_twice_over(tmp_path):
    text = "Officials confirmed the bridge will reopen next week after repairs that took most of the summer."
    src = _write(tmp_path / "in.jsonl", [_article("a", text), _article("b", text), _article("c", "Another story.")])
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "dedup", "-"],
        input=gzip.compress(src.read_bytes()),  # gzip on stdin is told by its bytes
        capture_output=True,
        check=True,
    )
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [a["id"] for a in out] == ["a", "b", "c"]
    assert out[0]["cluster"] and out[0]["cluster"] == out[1]["cluster"] and out[2]["cluster"] is None
    assert "1 exact duplicate(s)" in proc.stderr.decode()


@pytest.mark.parametrize("stdin", [False, True])
def test_dedup_cli_refuses_capture_records(tmp_path, stdin):
    records = [{"id": "r1", "url": "https://example.org/1", "text": "A capture's text, not yet parsed."}] * 2
    src = tmp_path / "captures.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["dedup", "-" if stdin else str(src), "-o", str(out)]
    result = CliRunner().invoke(main, args, input=src.read_bytes() if stdin else None)
    assert result.exit_code == 1
    assert "holds capture records, not Articles" in result.stderr and "fields: id, text, url" in result.stderr
    assert "copydesk parse --from jsonl" in result.stderr
    assert not out.exists()  # nothing written: no empty Articles


def test_dedup_canonical_rules_in_order():
    def m(ordinal, id_, published=None, completeness=0, body=100, errors=0):
        return Member(ordinal, ordinal + 1, id_, published, completeness, body, errors, "h")

    assert choose_canonical([m(0, "a", "2024-05-02"), m(1, "b", "2024-05-01")])[0].id == "b"
    assert choose_canonical([m(0, "a", "2024-05-02"), m(1, "b", "2024-05-01")])[1] == "earliest-published"
    assert choose_canonical([m(0, "a"), m(1, "b", "2024-05-03")])[0].id == "b"  # undated cannot be shown earlier
    assert choose_canonical([m(0, "a", completeness=1), m(1, "b", completeness=3)])[1] == "most-complete"
    assert choose_canonical([m(0, "a", body=90), m(1, "b", body=120)])[0].id == "b"
    assert choose_canonical([m(0, "b"), m(1, "a")])[1] == "smallest-id"
    assert choose_canonical([m(0, "a"), m(1, "a")]) == (m(0, "a"), "first-in-input")


@pytest.mark.parametrize("threshold", [0.5, 0.75, 0.8, 0.9])
def test_minhash_lsh_params_keep_pairs_at_the_threshold(threshold):
    bands, rows = lsh_params(threshold)
    assert bands * rows <= 128
    assert 1 - (1 - threshold**rows) ** bands >= 0.97


def test_minhash_index_answers_verified_neighbours_only():
    sign, index = Signer(), SignatureIndex(0.75)
    words = [f"w{i}" for i in range(400)]
    base = " ".join(words)
    index.add(0, sign(base))
    index.add(1, sign(" ".join(words[200:] + [f"x{i}" for i in range(200)])))  # Jaccard ~0.33 with base
    near = " ".join(words[:390])  # Jaccard ~0.97 with base
    assert [k for k, _ in index.neighbours(sign(near))] == [0]

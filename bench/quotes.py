"""Direct quotes and their speakers on PolNeAR dev: copydesk vs textacy, plus annotation speed.

    .venv/bin/python bench/quotes.py [--limit N] [--show N]

Data: `../shared/data/polnear-dev` (override the data root with COPYDESK_DATA): 84
articles, one annotation file each (for the two six-annotator articles, the first
file in sorted order).

Input, two ways, both in this one run:
- **the user's path**: `copydesk parse` run as a command on the articles' text files
  (structure recovery, language, entities, quotes: everything a user gets). Each
  block's offsets map back to file offsets through its `line` (and `lines`): its
  characters are found in order from that line's start, whitespace runs as one.
- **hand-built, beside it**: each article built directly, one block per text
  paragraph (blank-line separated; the first paragraph, the headline, as a `title`
  block, the rest as `paragraph` blocks; language "en"), and copydesk's `NlpStage`
  run on it, skipping structure recovery: what the annotators do on a perfect
  structure. The gap between the two is what structure recovery costs the quotes.

Gold direct quotes: the Content spans whose text, after leading whitespace,
starts with an opening quotation mark (one of " “ „ « ' ‘). A Content that
only contains a quoted fragment ("that Trump's statement was “true.”") is
reported speech, not a direct quote.

Content matching: a text's tokens are its maximal `\\w+` runs in the file; a
quote's tokens are those starting inside one of its spans. Before matching,
consecutive predicted direct quotes with the same speaker (lowercased
speaker_name) and the same cue (lowercased cue text) are merged into one
prediction when the text between them is under 250 characters with no blank
line (same paragraph) — PolNeAR annotates `“A,” said X, a lawyer. “B.”` as one
Content in several pieces. The cue must agree because a PolNeAR relation has
exactly one cue: `“A,” Trump said, adding later, “B.”` is two relations
(said, adding) and two Contents, and merging them made one prediction that
matched neither. (Added together with the halves report below; on the code of
that commit it moved copydesk's F1 from 0.902 to 0.907, even half 0.906 ->
0.911, odd 0.898 -> 0.903, and left textacy's at 0.707.)
(Merging across paragraphs too was tried and scored lower: annotators mostly
split there.) The same merge is applied to textacy (its triple's cue). A
prediction matches a gold content if their token-overlap F1
(2·|P∩G| / (|P|+|G|)) is >= 0.5; pairs are taken one-to-one, greedily, by
decreasing overlap. Precision = matched / predicted, recall = matched / gold.

Speaker accuracy, over matched pairs:
- the gold Source is a *pronoun* if its text is he/she/they (any case); I, we,
  you, it, me, us are not scored (counted as descriptions);
- else it is a *name* if its text before the first comma or "(" ends in a
  capitalised word (possessive 's and quote marks stripped), e.g. "Rep.
  Elijah Cummings, the top Democrat ..." -> "cummings", "Clinton campaign
  spokesman Brian Fallon" -> "fallon"; else it is a *description* ("the
  president", "sources") and not scored;
- the expected key of a name is that word, lowercased; of a pronoun, the key of
  the closest gold Source before it in the file (any relation, by start
  offset) that is a name;
- a prediction's key is the last word of its speaker (copydesk: speaker_name;
  textacy: the speaker tokens), lowercased, possessive stripped. A speaker is
  correct when the keys are equal (so "James Brown" and gold "Brown" agree).
Known limits, left as they are so numbers stay comparable: PolNeAR has no
coreference, so a pronoun's key is only the nearest named Source, which is
sometimes not its antecedent ("she said" of Aung San Suu Kyi after "Obama
emphasized" is keyed "obama"); and a name's key is its last capitalised word
before a comma, so "Charles B. Rangel of New York" is keyed "york".

Halves: the same scores for the even- and odd-numbered articles in sorted name
order, to see whether a change holds on data it was not tuned on.

Speed: articles per second of copydesk's whole NlpStage (parse + entities +
quotes) against bare `nlp.pipe` over the same block texts, one article at a
time, after a warm-up, in this process.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# bench/ holds scripts named like stdlib modules (html.py): off the path, or textacy's imports break.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO / "src"))
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data")) / "polnear-dev"

from copydesk.annotate.nlp import NlpStage  # noqa: E402
from copydesk.annotate.quotes import find_quotes  # noqa: E402
from copydesk.model import Article, Block  # noqa: E402

OPENERS = "\"“„«'‘"
PRONOUNS = {"he", "she", "they"}
OTHER_PRONOUNS = {"i", "we", "you", "it", "me", "us"}  # not scored: a writer's "I", an organisation's "it"
_WORD = re.compile(r"\w+")
_PARA = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_CAP = re.compile(r"[\w’'.\-]+")


def load(root: Path = DATA):
    """(name, text, spans {T: (label, [(a, b)])}, relations [{role: T}]) per article, sorted by name."""
    chosen: dict[str, str] = {}
    for ann in sorted(os.listdir(root / "attributions")):
        chosen.setdefault(ann.rsplit("_", 1)[0], ann)
    out = []
    for name, ann in sorted(chosen.items()):
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans, rels = {}, []
        for line in (root / "attributions" / ann).read_text(encoding="utf-8").splitlines():
            kind, rest = line.split("\t", 1)
            if kind.startswith("T"):
                head, _ = rest.split("\t", 1)
                label, offs = head.split(" ", 1)
                spans[kind] = (label, [tuple(map(int, p.split())) for p in offs.split(";")])
            elif kind.startswith("E"):
                rels.append(dict(arg.split(":") for arg in rest.split()))
        out.append((name, text, spans, rels))
    return out


def source_key(src: str) -> tuple[str, str | None]:
    """('pronoun', None) | ('name', key) | ('description', None) for a gold Source text."""
    s = src.strip()
    if s.lower() in PRONOUNS:
        return "pronoun", None
    if s.lower() in OTHER_PRONOUNS:
        return "description", None
    head = re.split(r"[,(]", s, maxsplit=1)[0]
    words = _CAP.findall(head)
    if not words:
        return "description", None
    last = words[-1].strip(".'’-")
    for suffix in ("'s", "’s"):
        if last.endswith(suffix):
            last = last[: -len(suffix)]
    last = last.strip("\"“”'‘’")
    if last[:1].isupper():
        return "name", last.lower()
    return "description", None


def pred_key(name: str | None) -> str | None:
    """The last word of a predicted speaker, lowercased, possessive stripped."""
    if not name:
        return None
    words = _CAP.findall(name)
    if not words:
        return None
    w = words[-1].lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip(".'-")


def gold_direct(text: str, spans, rels):
    """Gold direct quotes: [(token set, category, expected key)] in file order."""
    sources = []
    for label, pieces in spans.values():
        if label == "Source":
            s = " ".join(text[a:b] for a, b in pieces)
            cat, key = source_key(s)
            sources.append((pieces[0][0], cat, key))
    sources.sort()
    out = []
    for rel in rels:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        pieces = spans[rel["Content"]][1]
        content = text[pieces[0][0] : pieces[0][1]].lstrip()
        if not content or content[0] not in OPENERS:
            continue
        cat, key = "none", None
        if "Source" in rel and rel["Source"] in spans:
            spieces = spans[rel["Source"]][1]
            cat, key = source_key(" ".join(text[a:b] for a, b in spieces))
            if cat == "pronoun":
                before = [k for start, c, k in sources if c == "name" and start < spieces[0][0]]
                key = before[-1] if before else None
        out.append((tokens(text, pieces), cat, key))
    return out


def tokens(text: str, pieces) -> frozenset[int]:
    """Start offsets of the `\\w+` tokens of `text` that start inside the pieces."""
    toks = set()
    for a, b in pieces:
        for m in _WORD.finditer(text, a, b):
            toks.add(m.start())
    return frozenset(toks)


def paragraphs(text: str):
    """(file offset, paragraph text) for each blank-line separated paragraph."""
    return [(m.start(), m.group()) for m in _PARA.finditer(text)]


def build_article(name: str, paras) -> Article:
    """An English Article with one block per paragraph, the first one the title."""
    blocks = [Block("title" if i == 0 else "paragraph", p, i + 1) for i, (_, p) in enumerate(paras)]
    return Article(id=name, language="en", blocks=blocks)


def merge(preds, text: str):
    """Merge consecutive predictions (para, start, end, tokens, speaker, key, cue) of one speaker and cue
    (module doc)."""
    out = []
    for p in preds:
        if out:
            q = out[-1]
            gap = text[q[2] : p[1]]
            if q[4] and q[4] == p[4] and q[6] == p[6] and "\n\n" not in gap and len(gap) < 250:
                out[-1] = (p[0], q[1], p[2], q[3] | p[3], q[4], q[5], q[6])
                continue
        out.append(p)
    return out


def score(preds, gold):
    """(matched count, predicted count, gold count, named [correct, n], pronoun [correct, n])."""
    pairs = []
    for i, p in enumerate(preds):
        for j, (g, _, _) in enumerate(gold):
            inter = len(p[3] & g)
            if inter:
                f1 = 2 * inter / (len(p[3]) + len(g))
                if f1 >= 0.5:
                    pairs.append((-f1, i, j))
    pairs.sort()
    used_p, used_g = set(), set()
    named, pron = [0, 0], [0, 0]
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        _, cat, key = gold[j]
        bucket = named if cat == "name" else pron if cat == "pronoun" else None
        if bucket is not None:
            bucket[1] += 1
            bucket[0] += int(key is not None and preds[i][5] == key)
    return len(used_p), len(preds), len(gold), named, pron


def copydesk_preds(article: Article, to_file, text: str):
    """copydesk's direct quotes as merged predictions in file offsets; to_file(block, offset) -> file offset."""
    preds = []
    for q in article.quotes:
        if q.kind != "direct" or not q.spans:
            continue
        pieces = [(to_file(m.block, m.start), to_file(m.block, m.end - 1) + 1) for m in q.spans]
        key = pred_key(q.speaker_name)
        preds.append(
            (
                q.spans[-1].block,
                pieces[0][0],
                pieces[-1][1],
                tokens(text, pieces),
                (q.speaker_name or "").lower() or None,
                key,
                (q.cue or "").lower(),
            )
        )
    preds.sort(key=lambda p: p[1])
    return merge(preds, text)


def paragraph_offsets(paras):
    """to_file for a hand-built article: block k is paragraph k."""
    return lambda block, offset: paras[block][0] + offset


def block_offsets(article: Article, text: str):
    """to_file for a parsed article: each block's characters found in order from the start of its line."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    maps = []
    for b in article.blocks:
        j = starts[b.line - 1]
        out = []
        for ch in b.text:
            if ch.isspace():
                out.append(j)
                while j < len(text) and text[j].isspace():
                    j += 1
                continue
            while j < len(text) and text[j] != ch and text[j].isspace():
                j += 1  # (leading whitespace, or a joined line's break)
            out.append(j)
            j += text[j : j + 1] == ch
        maps.append(out)
    return lambda block, offset: maps[block][offset]


def parsed_articles(names: list[str]) -> tuple[list[Article], float]:
    """`copydesk parse` on the articles' files, as a command: the Articles in name order, and seconds taken."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        files = [str(DATA / "text" / f"{name}.txt") for name in names]
        t0 = time.perf_counter()
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "copydesk"), "parse", *files, "--no-progress", "-o", out],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - t0
        with open(out, encoding="utf-8") as f:
            return [Article.from_json(line) for line in f], seconds


def textacy_preds(docs, paras, text: str):
    """textacy's direct_quotations as merged predictions in file offsets."""
    from textacy.extract.triples import direct_quotations

    preds = []
    for k, doc in enumerate(docs):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out on a paragraph with an odd number of quotation marks
            triples = []
        for triple in triples:
            c = triple.content
            a, b = paras[k][0] + c.start_char, paras[k][0] + c.end_char
            speaker = " ".join(t.text for t in triple.speaker)
            cue = " ".join(t.text for t in triple.cue).lower()
            preds.append((k, a, b, tokens(text, [(a, b)]), speaker.lower() or None, pred_key(speaker), cue))
    preds.sort(key=lambda p: p[1])
    return merge(preds, text)


def main(argv=None) -> int:
    """Run both systems on PolNeAR dev and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--show", type=int, default=0, help="print N misses of copydesk (unmatched gold, wrong speaker)")
    args = ap.parse_args(argv)
    data = load()
    if args.limit:
        data = data[: args.limit]
    have_entities = importlib.util.find_spec("copydesk.annotate.entities") is not None
    stage = NlpStage()
    nlp = stage.nlp
    paras_all = [paragraphs(text) for _, text, _, _ in data]
    # Warm up both paths on one article.
    list(nlp.pipe([p for _, p in paras_all[0]]))

    t0 = time.perf_counter()
    all_docs = [list(nlp.pipe([p for _, p in paras], batch_size=stage.batch_size)) for paras in paras_all]
    t_bare = time.perf_counter() - t0

    articles, failures = [], []
    t0 = time.perf_counter()
    for (name, _, _, _), paras, _docs in zip(data, paras_all, all_docs):
        art = build_article(name, paras)
        if have_entities:
            try:
                stage(art)
            except Exception as e:  # entities is another work in progress: score quotes without it
                failures.append(f"{name}: {type(e).__name__}: {e}"[:160])
                art.entities = []
                art.quotes = find_quotes(art, list(range(len(paras))), list(nlp.pipe(p for _, p in paras)))
        else:  # no entities yet in this tree: the same parse, quotes with an empty entity list
            art.quotes = find_quotes(art, list(range(len(paras))), list(nlp.pipe(p for _, p in paras)))
        articles.append(art)
    t_copydesk = time.perf_counter() - t0
    parsed, t_parse = parsed_articles([name for name, _, _, _ in data])

    systems = ("copydesk parse", "copydesk hand-built", "textacy")
    totals = {system: [0, 0, 0, [0, 0], [0, 0]] for system in systems}
    halves = {(system, h): [0, 0, 0, [0, 0], [0, 0]] for system in systems for h in ("even", "odd")}
    t0 = time.perf_counter()
    tx = [textacy_preds(docs, paras, text) for (_, text, _, _), paras, docs in zip(data, paras_all, all_docs)]
    t_textacy = time.perf_counter() - t0 + t_bare
    cats = {"name": 0, "pronoun": 0, "description": 0, "none": 0}
    shown = 0
    for n_art, ((name, text, spans, rels), paras, art, user, tpred) in enumerate(
        zip(data, paras_all, articles, parsed, tx)
    ):
        gold = gold_direct(text, spans, rels)
        for _, c, _ in gold:
            cats[c] += 1
        mine = copydesk_preds(user, block_offsets(user, text), text)
        for system, preds in (
            ("copydesk parse", mine),
            ("copydesk hand-built", copydesk_preds(art, paragraph_offsets(paras), text)),
            ("textacy", tpred),
        ):
            m, p, g, named, pron = score(preds, gold)
            for tot in (totals[system], halves[system, "odd" if n_art % 2 else "even"]):
                tot[0] += m
                tot[1] += p
                tot[2] += g
                for a, b in ((tot[3], named), (tot[4], pron)):
                    a[0] += b[0]
                    a[1] += b[1]
        if args.show and shown < args.show:
            shown += show_misses(name, text, gold, mine)

    n = len(data)
    print(
        f"PolNeAR dev: {n} articles, {sum(cats.values())} gold direct quotes "
        f"(source: {cats['name']} name, {cats['pronoun']} pronoun, {cats['description']} description, "
        f"{cats['none']} none)"
    )
    print(
        "inputs: copydesk parse = the text files through `copydesk parse` (the user's path); hand-built = an "
        "Article built directly, one block per text paragraph (headline = title block), then "
        + (
            "copydesk NlpStage (entities + quotes)"
            if have_entities
            else "nlp.pipe + find_quotes with NO entities (copydesk.annotate.entities is missing in this tree)"
        )
    )
    if failures:
        print(
            f"NlpStage raised on {len(failures)} articles (quotes scored there with an empty entity list), "
            f"first: {failures[0]}"
        )
    print()
    print(
        "| system | direct P | direct R | direct F1 | speaker acc, named source | speaker acc, pronoun source "
        "| articles/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    speeds = {"copydesk parse": n / t_parse, "copydesk hand-built": n / t_copydesk, "textacy": n / t_textacy}
    labels = {
        "copydesk parse": "copydesk parse (the user's path, whole run incl. model load)",
        "copydesk hand-built": "copydesk NlpStage on hand-built Articles (beside: no structure recovery)",
        "textacy": "textacy 0.13 direct_quotations",
    }
    for system, tot in totals.items():
        print(f"| {labels[system]} | {_row(tot)} | {speeds[system]:.1f} |")
    print(f"| bare nlp.pipe ({stage.model_name}) | | | | | | {n / t_bare:.1f} |")
    print()
    print("Halves (articles in sorted name order; even = 0th, 2nd, ...; odd = 1st, 3rd, ...):")
    print()
    print(
        "| system | half | direct P | direct R | direct F1 | speaker acc, named source | speaker acc, pronoun source |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (system, half), tot in halves.items():
        print(f"| {system} | {half} | {_row(tot)} |")
    return 0


def _row(tot) -> str:
    """'P | R | F1 | named | pronoun' cells for totals [matched, predicted, gold, named, pronoun]."""
    m, p, g, named, pron = tot
    prec, rec = (m / p if p else 0.0), (m / g if g else 0.0)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return f"{prec:.3f} | {rec:.3f} | {f1:.3f} | {_acc(named)} | {_acc(pron)}"


def _acc(pair) -> str:
    """'acc (correct/n)' or 'n/a'."""
    return f"{pair[0] / pair[1]:.3f} ({pair[0]}/{pair[1]})" if pair[1] else "n/a"


def show_misses(name, text, gold, preds) -> int:
    """Print copydesk's unmatched gold quotes, wrong speakers and extra predictions; return how many."""
    shown = 0
    for g, cat, key in gold:
        best = max(preds, key=lambda p: len(p[3] & g), default=None)
        ok = best is not None and 2 * len(best[3] & g) / (len(best[3]) + len(g)) >= 0.5
        if not ok:
            a = min(g)
            print(f"MISS {name} [{cat}:{key}] {text[a : a + 100]!r}")
            shown += 1
        elif cat in ("name", "pronoun") and best[5] != key:
            print(f"SPEAKER {name} gold={key} ({cat}) pred={best[4]!r}: {text[min(g) : min(g) + 60]!r}")
            shown += 1
    for p in preds:
        if not any(2 * len(p[3] & g) / (len(p[3]) + len(g)) >= 0.5 for g, _, _ in gold):
            print(f"EXTRA {name} pred={p[4]!r}: {text[p[1] : p[1] + 100]!r}")
            shown += 1
    return shown


if __name__ == "__main__":
    sys.exit(main())

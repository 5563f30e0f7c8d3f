"""Dedup at corpus scale on Ray: the clusters `copydesk dedup` finds, over the Parquet parts of a run-ray output.

`copydesk dedup` reads articles one by one and links each to the earlier ones
it copies. The clusters it ends with are the connected components of two
kinds of links, and components do not depend on the order links are found
in, so here they are found in parallel, with the same normalisation,
shingles, MinHash permutations and LSH bands (`copydesk.dedup`):

1. facts, one task per part: for each article with a non-empty body, what
   choosing a canonical copy needs (`Member`), its body hash and signature;
2. exact copies: grouped by body hash; the first copy in input order stands
   for its body, the others are linked to it;
3. near copies: each body emits one row per LSH band (the band's number and
   hash values are the key), grouped by the engine; within a bucket every
   pair is verified by estimated Jaccard, skipping pairs the bucket already
   linked (they are in one component either way);
4. components on the driver, from the links only (an article without a copy
   never reaches it); each gets its canonical copy and cluster id by
   `DedupStats.close`, as in `copydesk dedup`;
5. each articles part (and JSON Lines part) is rewritten with its `cluster`
   column and moved into place; `clusters.jsonl` is the report `copydesk
   dedup --report` writes for the same articles, line numbers included.

The driver holds the links and the facts of clustered articles, not texts or
signatures. Ray must be initialised (`copydesk.runners.ray.run` does it).
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import ray.data
from pyarrow import fs as pafs

from ..dedup import DEFAULT_THRESHOLD, NUM_PERM, DedupStats, Member, Signer, jaccard, lsh_params, normalise, text_hash
from ..model import Article
from .table import JsonlPart, PartWriter, read_part, resolve

_SEQ_BITS = 32  # key = shard index << 32 | seq: one int64 per article that sorts in input order
_FACT_COLUMNS = ["id", "title", "dek", "published", "bylines", "errors", "text", "seq"]


def _key(index: int, seq: int) -> int:
    return index << _SEQ_BITS | seq


def _facts(batch: pa.Table, out: str, num_perm: int) -> dict[str, list]:
    """Facts of the articles with a body, for a batch of parts (`index`, `name`)."""
    filesystem, root = resolve(out)
    sign = Signer(num_perm)
    rows: dict[str, list] = defaultdict(list)
    for part in batch.to_pylist():
        table = read_part(filesystem, f"{root}/articles/{part['name']}.parquet", _FACT_COLUMNS)
        for r in table.to_pylist():
            body = normalise(r["text"])
            if not body:
                continue
            article = Article(
                id=r["id"],
                title=r["title"],
                dek=r["dek"],
                published=r["published"],
                text=r["text"],
                bylines=json.loads(r["bylines"]),
                errors=json.loads(r["errors"]),
            )
            digest = text_hash(body)
            m = Member.of(article, 0, 0, digest)
            rows["key"].append(_key(part["index"], r["seq"]))
            for name in ("id", "published", "completeness", "body_chars", "errors", "body_hash"):
                rows[name].append(getattr(m, name))
            rows["sig"].append(sign(body).tobytes())
    return {
        name: rows[name]
        for name in ("key", "id", "published", "completeness", "body_chars", "errors", "body_hash", "sig")
    }


def _row_count(batch: pa.Table, out: str) -> dict[str, list]:
    """Rows per part, from the Parquet footers: the offsets that turn keys into line numbers."""
    filesystem, root = resolve(out)
    counts = []
    for name in batch["name"].to_pylist():
        with filesystem.open_input_file(f"{root}/articles/{name}.parquet") as f:
            counts.append(pq.ParquetFile(f).metadata.num_rows)
    return {"index": batch["index"].to_pylist(), "rows": counts}


def _collapse(group: pa.Table) -> dict[str, list]:
    """One body's copies: the first in input order stands for it; the others are its exact duplicates."""
    keys = group["key"].to_pylist()
    first = int(np.argmin(keys))
    return {
        "key": [keys[first]],
        "sig": [group["sig"][first].as_py()],
        "copies": [sorted(k for i, k in enumerate(keys) if i != first)],
    }


def _bands(batch: pa.Table, bands: int, rows: int) -> dict[str, list]:
    """One row per body and LSH band: the band's number and hash values as the key, as datasketch buckets them."""
    out: dict[str, list] = {"band": [], "key": [], "sig": []}
    for key, sig in zip(batch["key"].to_pylist(), batch["sig"].to_pylist()):
        values = np.frombuffer(sig, dtype=np.uint32)
        for b in range(bands):
            out["band"].append(f"{b}:{values[b * rows : (b + 1) * rows].tobytes().hex()}")
            out["key"].append(key)
            out["sig"].append(sig)
    return out


def _verify(bucket: pa.Table, threshold: float) -> dict[str, list]:
    """Links between the bodies of one LSH bucket whose estimated Jaccard reaches the threshold."""
    keys = bucket["key"].to_pylist()
    if len(keys) < 2:
        return {"a": [], "b": []}
    sigs = [np.frombuffer(s, dtype=np.uint32) for s in bucket["sig"].to_pylist()]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    a, b = [], []
    for x, i in enumerate(order):
        for j in order[x + 1 :]:
            ri, rj = find(i), find(j)
            if ri != rj and jaccard(sigs[i], sigs[j]) >= threshold:
                parent[max(ri, rj)] = min(ri, rj)
                a.append(keys[i])
                b.append(keys[j])
    return {"a": a, "b": b}


def _exact_links(batch: pa.Table) -> dict[str, list]:
    a, b = [], []
    for key, copies in zip(batch["key"].to_pylist(), batch["copies"].to_pylist()):
        a += [key] * len(copies)
        b += copies
    return {"a": a, "b": b}


def _select(batch: pa.Table, keys: list[int]) -> pa.Table:
    return batch.drop_columns(["sig"]).filter(pc.is_in(batch["key"], value_set=pa.array(keys, pa.int64())))


def _write_back(batch: pa.Table, out: str) -> dict[str, list]:
    """Set the `cluster` column of each part in the batch (`name`, `clusters` as JSON {seq: id}); count changed
    parts."""
    filesystem, root = resolve(out)
    changed = []
    for part in batch.to_pylist():
        clusters = {int(k): v for k, v in json.loads(part["clusters"]).items()}
        path = f"{root}/articles/{part['name']}.parquet"
        table = read_part(filesystem, path)
        new = [clusters.get(seq) for seq in table["seq"].to_pylist()]
        if new == table["cluster"].to_pylist():
            changed.append(0)
            continue
        table = table.set_column(table.schema.get_field_index("cluster"), "cluster", pa.array(new, pa.string()))
        lines_path = f"{root}/jsonl/{part['name']}.jsonl"
        if filesystem.get_file_info(lines_path).type == pafs.FileType.File:
            with filesystem.open_input_stream(lines_path) as f:
                lines = f.read().decode("utf-8").splitlines()
            writer = JsonlPart(filesystem, lines_path)
            for seq, line in enumerate(lines):
                article = Article.from_json(line)
                article.cluster = clusters.get(seq)
                writer.write(article)
            writer.close()
        part = PartWriter(filesystem, path, table.schema)
        for row in table.to_pylist():
            part.write(row)
        part.close()
        changed.append(1)
    return {"changed": changed}


def dedup(out: str, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> DedupStats:
    """Set `cluster` on every article of the run-ray output `out`, as `copydesk dedup` would on its JSON Lines.

    Also writes `clusters.jsonl` in `out` (one line per cluster: its id, canonical copy, why, members).
    """
    from .ray import job

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    filesystem, root = resolve(out)
    done = {
        info.base_name.rsplit(".", 1)[0]
        for info in filesystem.get_file_info(pafs.FileSelector(f"{root}/articles"))
        if info.base_name.startswith("part-")
    }
    parts = [{"index": i, "name": name} for i, (name, _) in enumerate(job(out)["shards"]) if name in done]
    stats = DedupStats(params=lsh_params(threshold, num_perm))
    if not parts:
        return stats
    bands, rows = stats.params
    shards = ray.data.from_items(parts, override_num_blocks=len(parts))
    counts = {
        r["index"]: r["rows"]
        for r in shards.map_batches(_row_count, batch_size=1, batch_format="pyarrow", fn_kwargs={"out": out}).take_all()
    }
    stats.articles = sum(counts.values())
    facts = shards.map_batches(
        _facts, batch_size=1, batch_format="pyarrow", fn_kwargs={"out": out, "num_perm": num_perm}
    ).materialize()
    n = facts.count()
    stats.empty = stats.articles - n
    partitions = max(1, min(1000, n // 20_000 + 1))  # ~20k bodies per shuffle partition; one for a small corpus
    reps = (
        facts.groupby("body_hash", num_partitions=partitions)
        .map_groups(_collapse, batch_format="pyarrow")
        .materialize()
    )
    near = (
        reps.map_batches(_bands, batch_format="pyarrow", fn_kwargs={"bands": bands, "rows": rows})
        .groupby("band", num_partitions=partitions)
        .map_groups(_verify, batch_format="pyarrow", fn_kwargs={"threshold": threshold})
    )
    links = reps.map_batches(_exact_links, batch_format="pyarrow").union(near).take_all()
    stats.exact_duplicates = n - reps.count()

    groups = _components([(r["a"], r["b"]) for r in links])
    offsets, total = {}, 0
    for index in sorted(counts):
        offsets[index], total = total, total + counts[index]
    linked = sorted({k for g in groups for k in g})
    members = {}
    for r in facts.map_batches(_select, batch_format="pyarrow", fn_kwargs={"keys": linked}).iter_rows():
        ordinal = offsets[r["key"] >> _SEQ_BITS] + (r["key"] & ((1 << _SEQ_BITS) - 1))
        members[r["key"]] = Member(
            ordinal,
            ordinal + 1,
            r["id"],
            r["published"],
            r["completeness"],
            r["body_chars"],
            r["errors"],
            r["body_hash"],
        )
    by_part: dict[int, dict[int, str]] = defaultdict(dict)
    report = []
    for group in groups:  # in order of their first member, as copydesk dedup reports them
        cid, row = stats.close([members[k] for k in group])
        for k in group:
            by_part[k >> _SEQ_BITS][k & ((1 << _SEQ_BITS) - 1)] = cid
        report.append(row)
    writes = [{"name": p["name"], "clusters": json.dumps(by_part.get(p["index"], {}))} for p in parts]
    ray.data.from_items(writes, override_num_blocks=len(writes)).map_batches(
        _write_back, batch_size=1, batch_format="pyarrow", fn_kwargs={"out": out}
    ).take_all()
    _write_report(filesystem, f"{root}/clusters.jsonl", report)
    return stats


def _components(links: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the links with two or more members, each sorted, ordered by their first member."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in parent:
        groups[find(x)].append(x)
    return [sorted(groups[root]) for root in sorted(groups)]


def _write_report(filesystem: pafs.FileSystem, path: str, report: list[dict]) -> None:
    folder, name = path.rsplit("/", 1)
    tmp = f"{folder}/.{name}.tmp"
    with filesystem.open_output_stream(tmp) as f:
        for row in report:
            f.write((json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
    filesystem.move(tmp, path)

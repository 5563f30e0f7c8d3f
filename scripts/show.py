"""Print a readable summary of Articles in a JSON Lines file: what copydesk read in each capture."""

from __future__ import annotations

import json
import os
import sys
import textwrap


def show(article: dict) -> str:
    """A few lines a person can read: headline and its check, dek, bylines, date, media, body size, removed lines."""
    path = article["source"].get("path")
    out = [f"== {os.path.relpath(path) if path and os.path.isabs(path) else path or article['id']}"]
    if article.get("notes"):
        out.append(f"   notes:  {'; '.join(n['code'] + ' ' + n['message'] for n in article['notes'])}")
    if article["errors"]:
        out.append(f"   errors: {'; '.join(e['code'] + ' ' + e['message'] for e in article['errors'])}")
    tc = article["title_check"]
    out.append(f"   title:     {article['title']!r}  [{tc['verdict']} {tc['score']:.2f}]")
    if article["dek"]:
        out.append(f"   dek:       {textwrap.shorten(article['dek'], 110)}")
    bylines = ", ".join(b["name"] + (" (" + b["role"] + ")" if b["role"] else "") for b in article["bylines"])
    out.append(f"   bylines:   {bylines or '-'}")
    out.append(f"   published: {article['published'] or '-'}   language: {article['language'] or '-'}")
    for m in article["media"]:
        out.append(f"   media:     {textwrap.shorten(m['caption'] or '', 80)!r}  credit: {m['credit']!r}")
    kinds: dict[str, int] = {}
    for b in article["blocks"]:
        kinds[b["kind"]] = kinds.get(b["kind"], 0) + 1
    out.append(
        f"   blocks:    {', '.join(f'{k} {v}' for k, v in kinds.items())}; body {len(article['text'].split())} words"
    )
    reasons: dict[str, int] = {}
    for r in article["removed"]:
        reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
    out.append(
        f"   removed:   {', '.join(f'{k} {v}' for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])) or '-'}"
    )
    if article.get("entities"):
        out.append(f"   entities:  {', '.join(e['name'] + '/' + e['type'] for e in article['entities'][:12])}")
    for q in article.get("quotes", [])[:6]:
        out.append(f"   quote:     {q['speaker_name'] or '?'} ({q['kind']}): {textwrap.shorten(q['text'], 80)!r}")
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            print(show(json.loads(line)))

#!/usr/bin/env bash
# Set up, parse the bundled sample captures into out/sample.jsonl, show what copydesk read in the seed,
# then keep the articles in a SQLite store (out/copydesk.db) and ask it a search and James Brown's quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/copydesk parse sample/captures/ -o out/sample.jsonl
.venv/bin/python scripts/show.py out/sample.jsonl
echo
# Ingesting parse's output reads the Articles as they are (no second parse); a rerun changes nothing.
.venv/bin/copydesk ingest out/sample.jsonl --db out/copydesk.db
echo '$ copydesk search "Lavrov invitation"'
.venv/bin/copydesk search "Lavrov invitation" --db out/copydesk.db --table
echo '$ copydesk quotes --speaker "James Brown"'
.venv/bin/copydesk quotes --speaker "James Brown" --db out/copydesk.db --table
echo
echo "Read it in a browser: .venv/bin/copydesk serve --db out/copydesk.db   then open http://127.0.0.1:8000/"

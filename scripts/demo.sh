#!/usr/bin/env bash
# Set up, parse the bundled sample captures into out/sample.jsonl, and show what copydesk read in the seed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/copydesk parse sample/captures/ -o out/sample.jsonl
.venv/bin/python scripts/show.py out/sample.jsonl

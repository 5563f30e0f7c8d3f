#!/usr/bin/env bash
# The house rules, as CI runs them before the tests: lint, formatting and types (settings in pyproject.toml).
# Needs the lint extra: COPYDESK_EXTRAS=test,lint bash scripts/setup.sh (or pip install -e ".[lint]").
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

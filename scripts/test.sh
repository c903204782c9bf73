#!/usr/bin/env bash
# The test suite: set up (idempotent), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export OMP_THREAD_LIMIT=1 DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
# One pytest worker per core (pytest-xdist): Tesseract runs single-threaded (OMP_THREAD_LIMIT=1), so a
# lone worker leaves the second core idle. Files stay whole on one worker (--dist loadfile): the sample
# inbox's run, a session fixture, is made once; the PostgreSQL store tests never race each other.
exec .venv/bin/python -m pytest -q -n "${KIEMCHUNG_TEST_WORKERS:-auto}" --dist loadfile "$@"

#!/usr/bin/env bash
# The main job on the bundled sample inbox: set up (idempotent), generate the inbox if absent, run.
# Extra arguments go to `kiemchung run` (e.g. --lang en).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export OMP_THREAD_LIMIT=1 DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
if [ ! -f samples/inbox/.complete ]; then
  .venv/bin/python -m samples.generate --out samples/inbox --truth samples/ground_truth.json
fi
.venv/bin/kiemchung run --inbox samples/inbox --period 2018 --out out/ "$@"
echo "Kết quả / results: out/draft.json, out/draft_scores.xlsx  (state: .kiemchung/)"

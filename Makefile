# The two commands of the README: `make run` and `make test`. Both bootstrap themselves.
PY := .venv/bin/python
export OMP_THREAD_LIMIT := 1
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup run test lint bench sample clean

setup:
	@bash scripts/bootstrap.sh

sample: setup
	@test -f samples/inbox/.complete || $(PY) -m samples.generate --out samples/inbox --truth samples/ground_truth.json

run: sample
	.venv/bin/kiemchung run --inbox samples/inbox --period 2018 --out out/
	@echo "Kết quả / results: out/draft.json, out/draft_scores.xlsx  (state: .kiemchung/)"

test: setup
	$(PY) -m pytest -q

lint: setup
	.venv/bin/ruff check pipeline flows samples tests bench

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf out .kiemchung samples/inbox samples/ground_truth.json

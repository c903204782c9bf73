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

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint: setup
	.venv/bin/ruff check pipeline flows samples tests bench

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf out .kiemchung samples/inbox samples/ground_truth.json

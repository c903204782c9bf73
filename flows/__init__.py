"""Prefect wiring of the pipeline: the flow (`run_flow`), its environment (`prefect_env`), the
nightly deployment (`serve`). Import `prefect_env.configure(state)` before anything that imports Prefect."""

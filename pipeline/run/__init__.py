"""One run: the runner (caches, accounting, atomic writes), store, lock, progress, command line.

The only package that calls the stages in order; `flows/` wires it into Prefect."""

"""Every benchmark, one command: `make bench` (or `.venv/bin/python -m bench.run [--quick]`).

Each benchmark prints its own table, with ratios against a baseline measured in the same run
(raw Tesseract for the OCR path, 1k documents for dedupe scaling, the first run for re-runs).
Benchmarks assert nothing about time; the README shows the last tables and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = ap.parse_args()
    q = args.quick
    suite = [
        ("OCR path vs raw tesseract", ["bench/bench_ocr.py", "--pages", "4" if q else "8",
                                       "--sample-pages", "8" if q else "0"]),
        ("real signed documents: header fields and OCR cost", ["bench/bench_real_docs.py"]),
        ("handwritten digits of hands never trained on (MNIST, two-fold)", ["bench/bench_digits.py"]),
        ("handwritten numbers and days in printed blanks, through the OCR path",
         ["bench/bench_blank_hands.py", "--headers", "20" if q else "40"]),
        ("OCR language choice", ["bench/ocr_languages.py", "--pages", "3" if q else "8"]),
        ("matching against the catalog", ["bench/bench_matching.py", "--docs", "1000" if q else "10000"]),
        ("duplicate search scaling", ["bench/bench_dedupe.py", "--sizes", *(["1000", "10000"] if q else
                                                                             ["1000", "10000", "100000"])]),
        ("re-run and memory", ["bench/bench_incremental.py", *(["--files", "100", "--scans", "4", "--pages", "200"]
                                                                 if q else [])]),
        ("review workspace: unit page, page images, loopback load",
         ["bench/bench_review.py", *(["--reviewers", "5", "--requests", "50"] if q else [])]),
    ]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for title, cmd in suite:
        print(f"\n## {title}\n", flush=True)
        subprocess.run([sys.executable, *cmd], cwd=ROOT, env=env, check=False)


if __name__ == "__main__":
    main()

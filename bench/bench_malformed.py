"""Malformed files: peak memory and wall time of the real `kiemchung run` (issue 17).

    .venv/bin/python bench/bench_malformed.py [--units "Xã Vĩnh Thành,Thị trấn Phú Lộc"]

Three runs of the CLI (Prefect flow, thread runner), each as a subprocess on a fresh state:
1. the sample inbox alone (`samples.generate`, optionally a subset of units): the baseline;
2. the malformed corpus alone (`tests/malformed_corpus.py`, ~50 files) in one unit folder;
3. the corpus mixed into the sample inbox (under the first unit's folder, `malformed/`).

Memory is measured two ways, both printed: the peak over the run of the whole process tree's
proportional set size (PSS: pages shared by forked readers counted once; sampled every 50 ms from
/proc), and the kernel's ru_maxrss of the largest single process (which counts a forked child's
shared pages in full, so it overstates). Targets: peak ≤ 1 GB; no file over the time budget left
running (files quarantined `file_timeout` are counted). Ratios are against run 1, measured in the
same invocation. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (children files list each thread's children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cli(inbox: Path, out: Path, state: Path) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("KIEMCHUNG_DB_URL", None)
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.run.cli", "run", "--inbox", str(inbox), "--period",
                             "2018", "--out", str(out), "--state", str(state), "--no-progress"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kib(p) for p in _tree(proc.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}): {stderr[-2000:]}")
    draft = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    files = [f for u in draft["units"] for f in u["files"]]
    codes: dict[str, int] = {}
    for f in files:
        if f["status"] == "quarantined":
            codes[f.get("error_code") or "?"] = codes.get(f.get("error_code") or "?", 0) + 1
    return {"seconds": seconds, "pss_mb": peak[0] / 1024, "acc": draft["accounting"], "codes": codes,
            "budget": draft["run"].get("file_seconds"), "files": len(files)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", default=None, help="comma-separated sample units (default: all)")
    args = ap.parse_args()
    import malformed_corpus

    from pipeline.core.config import load_config

    first_unit = load_config().units.units[0].name
    rows = []
    with tempfile.TemporaryDirectory(prefix="kc-bench-malformed-") as tmp:
        tmp = Path(tmp)
        sample = tmp / "sample"
        cmd = [sys.executable, "-m", "samples.generate", "--out", str(sample), "--truth", str(tmp / "truth.json")]
        if args.units:
            cmd += ["--units", args.units]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        corpus = tmp / "corpus" / first_unit
        cases = malformed_corpus.build(corpus)
        mixed = tmp / "mixed"
        shutil.copytree(sample, mixed)
        units = sorted(p.name for p in mixed.iterdir() if p.is_dir())
        target = mixed / (first_unit if first_unit in units else units[0]) / "malformed"
        shutil.copytree(corpus, target)
        results = {}
        for name, inbox in (("sample inbox", sample), ("malformed corpus", tmp / "corpus"),
                            ("corpus mixed into sample", mixed)):
            results[name] = run_cli(inbox, tmp / f"out-{len(results)}", tmp / f"state-{len(results)}")
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    base = results["sample inbox"]
    for name, r in results.items():
        acc = r["acc"]
        rows.append((name, f"{r['files']} files ({acc.get('processed', 0)} read, {acc.get('quarantined', 0)} "
                           f"quarantined)", f"{r['seconds']:.1f} s", f"{r['seconds'] / base['seconds']:.2f}",
                     f"{r['pss_mb']:.0f} MB", f"{r['pss_mb'] / base['pss_mb']:.2f}",
                     ", ".join(f"{k} {v}" for k, v in sorted(r["codes"].items())) or "-"))
    header = ("inbox", "files", "wall time", "x sample", "peak PSS (tree)", "x sample", "quarantined by code")
    width = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"corpus: {len(cases)} generated cases; per-file time budget {base['budget']} s; "
          f"largest single process ru_maxrss {maxrss:.0f} MB (counts forked children's shared pages in full)")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, width, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in width) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, width, strict=True)) + " |")


if __name__ == "__main__":
    main()

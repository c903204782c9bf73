"""The review workspace's speed (not a timed test): prints measured values against the issue's targets.

    .venv/bin/python bench/bench_review.py [--reviewers 20] [--requests 500]

1. Unit page server time for a unit of 34 sub-criteria × 60 documents (a draft widened from a real run
   of a small inbox): p95 of 200 requests in process (Starlette TestClient: no network), target ≤ 150 ms.
2. A page image at 150 dpi: first render (cache emptied each time, pypdfium2) ≤ 400 ms, cached ≤ 20 ms.
3. Loopback load: `kiemchung review` as its own process, N concurrent signed-in reviewers each making
   M requests (dashboard, unit page, document viewer, cached page image in turn): no error, p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # review_state, extract_fixtures: the test fixture's inbox

import review_state as rs  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.model import Draft, Flag, Suggestion  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def widen(draft: Draft, unit: str, docs: int = 60) -> Draft:
    """The unit's draft with `docs` documents (copies of its real ones, so every file exists) and
    each sub-criterion citing three of them, with flags and suggestions on every other row."""
    draft = draft.model_copy(deep=True)
    u = draft.unit(unit)
    real = u.documents
    u.documents = [real[i % len(real)].model_copy(update={"id": f"d{i + 1}"}) for i in range(docs)]
    for k, c in enumerate(u.criteria):
        c.documents = [f"d{(k * 3 + j) % docs + 1}" for j in range(3)]
        if k % 2:
            u.flags.append(Flag(code="late_document", criterion=c.code, message="muộn " * 20,
                                document=c.documents[0], file=None))
            c.suggestions = [Suggestion(document=f"d{(k + 7) % docs + 1}", score=71.5, why="cùng từ " * 8)]
    return draft


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def bench_unit_page(state: Path, config) -> tuple[float, float]:
    from starlette.testclient import TestClient

    from pipeline.review.app import create_app
    from pipeline.run.store import Store

    store = Store.for_state(state)
    store.save_draft("2018", widen(store.latest_draft("2018"), rs.UNIT))
    store.close()
    client = TestClient(create_app(state, config))
    page = client.get("/login")
    client.post("/login", data={"csrf": csrf_of(page.text), "name": rs.REVIEWER, "password": rs.PASSWORD})
    url = "/p/2018/u/" + quote(rs.UNIT) + "?flagged=1&open=1.2"  # flagged first, one row open
    rows = client.get(url).text.count('<tbody id="c-')
    docs = len(set(re.findall(r"[0-9a-f]{64}-(d\d+)", client.get(url).text)))
    assert rows == 34, rows
    times = []
    for _ in range(200):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    print(f"  unit page: {rows} rows, {docs} distinct documents offered")
    return statistics.median(times), p95(times)


def bench_page_image(state: Path, config) -> tuple[float, float]:
    from pipeline.review.viewer import PageCache
    from pipeline.review.workspace import Workspace
    from pipeline.run.store import Store

    store = Store.for_state(state)
    ws = Workspace(store, config, state)
    draft = ws.draft("2018")
    doc = next(d for d in draft.units[rs.UNIT].documents if d.file.endswith(".pdf"))
    sha = draft.file_sha[doc.file]
    cache = PageCache(state)
    first, cached = [], []
    for _ in range(10):
        shutil.rmtree(cache.root, ignore_errors=True)
        t = time.perf_counter()
        cache.page_png(draft.inbox, doc.file, sha, 1)
        first.append((time.perf_counter() - t) * 1000)
        for _ in range(10):
            t = time.perf_counter()
            cache.page_png(draft.inbox, doc.file, sha, 1)
            cached.append((time.perf_counter() - t) * 1000)
    store.close()
    return statistics.median(first), statistics.median(cached)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_load(state: Path, reviewers: int, requests: int) -> tuple[int, int, float, float]:
    import httpx

    port = _free_port()
    env = dict(os.environ, OMP_THREAD_LIMIT="1", DO_NOT_TRACK="1")
    server = subprocess.Popen([sys.executable, "-m", "pipeline.run.cli", "review", "--state", str(state),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        times: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def reviewer(i: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                page = c.get("/login")
                c.post("/login", data={"csrf": csrf_of(page.text), "name": rs.REVIEWER, "password": rs.PASSWORD})
                unit = c.get("/p/2018/u/" + quote(rs.UNIT)).text
                refs = sorted(set(re.findall(r"([0-9a-f]{64}-d\d+)", unit)))
                pdf_refs = [r for r in refs if c.get(f"/p/2018/doc/{r}/page/1.png").status_code == 200]
                urls = ["/p/2018", "/p/2018/u/" + quote(rs.UNIT) + f"?open=1.{i % 5 + 1}", f"/p/2018/doc/{refs[i % len(refs)]}",
                        f"/p/2018/doc/{pdf_refs[i % len(pdf_refs)]}/page/1.png"]
                mine, bad = [], []
                for k in range(requests):
                    t = time.perf_counter()
                    r = c.get(urls[k % len(urls)])
                    mine.append((time.perf_counter() - t) * 1000)
                    if r.status_code != 200:
                        bad.append(f"{urls[k % len(urls)]}: {r.status_code}")
            with lock:
                times.extend(mine)
                errors.extend(bad)

        threads = [threading.Thread(target=reviewer, args=(i,)) for i in range(reviewers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return len(times), len(errors), statistics.median(times), p95(times)
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reviewers", type=int, default=20)
    ap.add_argument("--requests", type=int, default=500)
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        built = rs.build_state(Path(tmp), config)
        state = built["state"]
        med_unit, p95_unit = bench_unit_page(state, config)
        first, cached = bench_page_image(state, config)
        n, errors, med_load, p95_load = bench_load(state, args.reviewers, args.requests)
    rows = [
        ("unit page, 34 sub-criteria × 60 documents (p95 ms)", f"{p95_unit:.1f} (median {med_unit:.1f})", "≤ 150"),
        ("page image 150 dpi, first render (median ms)", f"{first:.1f}", "≤ 400"),
        ("page image, cached (median ms)", f"{cached:.2f}", "≤ 20"),
        (f"loopback load {args.reviewers} reviewers × {args.requests} requests: errors", f"{errors} of {n}", "0"),
        ("loopback load: p95 ms", f"{p95_load:.1f} (median {med_load:.1f})", "≤ 300"),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(w)}  {'measured':>26}  target")
    for name, value, target in rows:
        print(f"{name.ljust(w)}  {value:>26}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The pre-submission check's latency: from a clerk's upload to the checked page (issue 16).

    .venv/bin/python bench/bench_uploads.py

On the review tests' small real state (`tests/review_state.py`: a completed run of two unit folders),
a commune clerk uploads, one kind at a time, through the web app (Starlette TestClient, in process):
a born-digital PDF, a DOCX, a 2-page scanned PDF (200 dpi, skewed and noisy: OCR) and a ZIP holding
the three. Measured for each: the upload request, the background reading (`UploadReader.drain`:
extraction + the unit's check) and the page that shows the result. Baseline, measured in the same
run: the nightly run's own extraction of the same bytes (`process_entry` on a fresh cache), so the
ratio says what the check costs beyond reading the file. Target: the result on the clerk's page
within 60 s of the upload. Prints a table; asserts nothing.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import review_state as rs  # noqa: E402
from extract_fixtures import degrade, images_to_pdf, render_page  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402

TARGET_SECONDS = 60.0


def _files(folder: Path, inbox: Path) -> dict[str, tuple[str, bytes]]:
    repeat, inspection, report = rs.upload_files(folder, inbox)
    pages = [degrade(render_page(title=["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2018"],
                                 body=["Thực hiện Kế hoạch số 05/KH-UBND ngày 15/01/2018 của Ủy ban nhân dân xã",
                                       "về cải cách hành chính năm 2018, Ủy ban nhân dân xã ban hành kế hoạch",
                                       "tuyên truyền cải cách hành chính năm 2018 như sau:"] * (3 - n)),
                     skew=1.2, noise=0.03, seed=n) for n in (1, 2)]
    scan = images_to_pdf(pages, folder / "ke_hoach_tuyen_truyen_scan.pdf")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in (inspection, report, repeat):
            zf.write(p, "ho so/" + p.name)
    return {"born-digital PDF": (inspection.name, inspection.read_bytes()),
            "DOCX": (report.name, report.read_bytes()),
            "scanned PDF, 2 pages (OCR)": (scan.name, scan.read_bytes()),
            "ZIP of 3 documents": ("ho_so.zip", buf.getvalue())}


def _baseline(name: str, data: bytes, config) -> float:
    """The nightly run's extraction of the same bytes, on a fresh cache (a ZIP: of each member)."""
    import hashlib

    from pipeline.run.runner import process_entry
    from pipeline.run.store import default_url

    with tempfile.TemporaryDirectory() as tmp:
        items = [(name, data)]
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                items = [(i.filename, zf.read(i)) for i in zf.infolist()]
        t0 = time.perf_counter()
        for n, b in items:
            path = Path(tmp) / Path(n).name
            path.write_bytes(b)
            st = path.stat()
            process_entry(str(path), path.name, hashlib.sha256(b).hexdigest(), st.st_size, st.st_mtime_ns,
                          default_url(Path(tmp) / "state"), config.settings, "vi")
        return time.perf_counter() - t0


def main() -> int:
    from starlette.testclient import TestClient

    from pipeline.review.app import create_app

    config = load_config()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        built = rs.build_state(base / "built", config)
        files = _files(base / "files", built["inbox"])
        for kind, (name, data) in files.items():
            baseline = _baseline(name, data, config)
            # a fresh copy of the state for each kind: nothing cached from the one before
            import shutil

            state = base / f"state-{len(rows)}"
            shutil.copytree(built["state"], state)
            rs.add_clerks(state)
            app = create_app(state, config)
            reader = app.state.review.reader
            reader.kick = lambda: None  # the benchmark reads in this thread, to time it
            client = TestClient(app)
            rs.login(client, rs.CLERK)
            page = client.get("/p/2018/uploads").text
            t0 = time.perf_counter()
            r = client.post("/p/2018/uploads", data={"csrf": rs.csrf_of(page)}, files=[("files", (name, data))],
                            follow_redirects=False)
            assert r.status_code == 303, r.text
            t1 = time.perf_counter()
            reader.drain()
            t2 = time.perf_counter()
            html = client.get("/p/2018/uploads").text
            t3 = time.perf_counter()
            assert "đang đọc" not in html
            rows.append((kind, len(data), t1 - t0, t2 - t1, t3 - t2, t3 - t0, baseline))
            app.state.review.store.close()
    print(f"{'upload':28} {'KB':>6} {'request s':>9} {'read+check s':>12} {'page s':>7} {'total s':>8} "
          f"{'extraction s':>12} {'ratio':>6} {'≤ 60 s':>7}")
    for kind, size, req, read, page, total, baseline in rows:
        print(f"{kind:28} {size / 1024:6.0f} {req:9.2f} {read:12.2f} {page:7.2f} {total:8.2f} {baseline:12.2f} "
              f"{total / baseline:6.2f} {'yes' if total <= TARGET_SECONDS else 'NO':>7}")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

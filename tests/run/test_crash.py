"""Crash safety: `kiemchung run` killed with SIGKILL at several points (starting up, after the run row,
in the middle of extraction, after extraction), again and again on the same state directory, then
run to the end: the results equal a clean run's, the store is healthy (no duplicate rows, SQLite
integrity ok), OUT never holds a half-written file, and no leftover lock blocks the next run.

Kill points are found by watching the run's own traces (the store's rows and OUT), so they are
deterministic in what has happened, not in seconds. Also: concurrent writers of one extraction
(the same document submitted twice, extracted by two worker threads at once).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import hostile_corpus as hc
import pytest

from pipeline.run.store import Store

ROOT = Path(__file__).resolve().parents[2]
KIEMCHUNG = ROOT / ".venv" / "bin" / "kiemchung"
REPORT_ENV = "KIEMCHUNG_CRASH_REPORT"


def make_inbox(root: Path) -> Path:
    """A small real inbox: DOCX, text PDFs, a two-page text PDF and one small scan (OCR)."""
    inbox = root / "inbox"
    a, b = inbox / "Xã Vĩnh Thành", inbox / "TT Phu Loc"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    (a / "ke hoach cchc.docx").write_bytes(hc.docx_bytes())
    (a / "bao cao quy 1.pdf").write_bytes(hc.text_pdf_bytes([
        *hc.DOC_LINES[:3], "Số: 07/BC-UBND", "Vĩnh Thành, ngày 15 tháng 03 năm 2018", "BÁO CÁO",
        "Kết quả cải cách hành chính quý I năm 2018"]))
    (a / "quyet dinh.pdf").write_bytes(hc.text_pdf_bytes([
        *hc.DOC_LINES[:3], "Số: 12/QĐ-UBND", "Vĩnh Thành, ngày 02 tháng 02 năm 2018", "QUYẾT ĐỊNH",
        "Về việc kiện toàn bộ phận tiếp nhận và trả kết quả"], pages=2))
    (a / "scan thong bao.png").write_bytes(hc.png_bytes(["Số: 03/TB-UBND", "THÔNG BÁO", "Lịch tiếp công dân"]))
    (b / "ke hoach.docx").write_bytes(hc.docx_bytes([
        "ỦY BAN NHÂN DÂN THỊ TRẤN PHÚ LỘC", *hc.DOC_LINES[1:3], "Số: 02/KH-UBND",
        "Phú Lộc, ngày 05 tháng 01 năm 2018", "KẾ HOẠCH", "Cải cách hành chính năm 2018"]))
    (b / "rong.pdf").write_bytes(b"")
    return inbox


def _env() -> dict:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "KIEMCHUNG_LANG": "vi"}
    env.pop("PREFECT_API_URL", None)
    env.pop("KIEMCHUNG_DB_URL", None)
    return env


def _args(inbox: Path, out: Path, state: Path) -> list[str]:
    return [str(KIEMCHUNG), "run", "--inbox", str(inbox), "--period", "2018", "--out", str(out),
            "--state", str(state), "--no-progress"]


def _query(state: Path, sql: str) -> int | None:
    db = state / "store.sqlite"
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def _comparable(draft: dict) -> dict:
    """A draft without what legitimately differs between runs: the run's id/times and cache counters."""
    d = json.loads(json.dumps(draft))
    d.pop("run", None)
    for k in ("cache_hits", "extracted", "units_reused"):
        d.get("accounting", {}).pop(k, None)
    return d


def _diff(a, b, path: str = "") -> list[str]:
    """The leaves where two JSON values differ (at most 10), for a readable failure."""
    if type(a) is not type(b):
        return [f"{path}: {a!r:.120} != {b!r:.120}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += _diff(a.get(k), b.get(k), f"{path}.{k}") if k in a and k in b else [f"{path}.{k}: only one side"]
        return out[:10]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _diff(x, y, f"{path}[{i}]")][:10]
    return [] if a == b else [f"{path}: {a!r:.120} != {b!r:.120}"]


# Kill points: a name and a predicate over (seconds since start, state dir, out dir).
def _after(seconds: float):
    return lambda t, state, out: t >= seconds


def _run_row(t, state, out):
    return (_query(state, "SELECT COUNT(*) FROM runs WHERE status = 'running'") or 0) >= 1


def _extractions(n: int):
    def pred(t, state, out):
        return (_query(state, "SELECT COUNT(*) FROM extractions") or 0) >= n
    return pred


KILL_POINTS = [
    ("1.5 s: interpreter and Prefect starting", _after(1.5)),
    ("run row written, before any extraction is stored", _run_row),
    ("mid-extraction: 2 of 6 files cached", _extractions(2)),
    ("all files extracted: analysing or writing", _extractions(6)),
]


def kill_at(inbox: Path, out: Path, state: Path, point, whole_group: bool = True, timeout: float = 240) -> dict:
    """Start a run, SIGKILL it when `point` holds. Returns what happened."""
    proc = subprocess.Popen(_args(inbox, out, state), cwd=inbox.parent, env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    t0 = time.monotonic()
    killed = False
    while proc.poll() is None and time.monotonic() - t0 < timeout:
        if point(time.monotonic() - t0, state, out):
            # the whole session (Prefect's server, Tesseract) as a killed job loses it, or only the run
            if whole_group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                os.kill(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    if not whole_group:  # the orphans (Prefect's server): ended now, by their group id
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"killed": killed, "at": round(time.monotonic() - t0, 1), "returncode": proc.returncode}


def _assert_out_whole(out: Path) -> None:
    """OUT holds the previous complete files or none: never a half-written one."""
    draft = out / "draft.json"
    if draft.exists():
        json.loads(draft.read_text(encoding="utf-8"))
    sheet = out / "draft_scores.xlsx"
    if sheet.exists():
        from openpyxl import load_workbook

        load_workbook(sheet)


def _assert_store_healthy(state: Path) -> None:
    store = Store(f"sqlite:///{state / 'store.sqlite'}")
    try:
        assert store.integrity_check() == []
    finally:
        store.close()
    con = sqlite3.connect(state / "store.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM (SELECT sha256, version FROM extractions "
                           "GROUP BY sha256, version HAVING COUNT(*) > 1)").fetchone()[0] == 0
    finally:
        con.close()


@pytest.mark.slow
def test_killed_runs_recover_to_the_clean_result(tmp_path):
    inbox = make_inbox(tmp_path)
    # The reference: the same inbox run to the end without interruption. runner.run_sequential is
    # the flow's own logic without Prefect (the flow must agree with it; checked equal here: the
    # final flow run's draft is compared with it), and saves the suite a Prefect start-up.
    from pipeline.core.config import load_config
    from pipeline.run import runner
    from pipeline.run import store as run_store

    t = time.monotonic()
    try:
        runner.run_sequential(inbox, "2018", tmp_path / "clean-out", tmp_path / "clean-state", load_config(), lang="vi")
    finally:
        run_store.close_stores()
    clean_seconds = round(time.monotonic() - t, 1)
    reference = _comparable(json.loads((tmp_path / "clean-out" / "draft.json").read_text(encoding="utf-8")))
    assert reference["accounting"]["found"] == 6

    out, state = tmp_path / "out", tmp_path / "state"
    log = []
    for i, (name, point) in enumerate(KILL_POINTS):
        # the third kill hits only the run process: Prefect's server survives it as an orphan
        res = kill_at(inbox, out, state, point, whole_group=(i != 2))
        res["point"] = name
        log.append(res)
        _assert_out_whole(out)
        if (state / "store.sqlite").exists():
            _assert_store_healthy(state)
    t = time.monotonic()
    final = subprocess.run(_args(inbox, out, state), cwd=tmp_path, env=_env(), capture_output=True, text=True,
                           timeout=300)
    final_seconds = round(time.monotonic() - t, 1)
    assert final.returncode == 0, (log, final.stderr[-3000:])  # no leftover lock, no broken state
    assert "LockHeld" not in final.stderr
    after = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    assert _comparable(after) == reference, _diff(reference, _comparable(after))
    _assert_store_healthy(state)
    killed = [r for r in log if r["killed"]]
    assert len(killed) >= 3, log  # a run that finished before its kill point proves nothing
    # the runs that were killed were marked interrupted by the next one; the last one completed
    statuses = [r[0] for r in sqlite3.connect(state / "store.sqlite").execute("SELECT status FROM runs ORDER BY id")]
    assert statuses[-1] == "completed" and "running" not in statuses, statuses
    if os.environ.get(REPORT_ENV):
        Path(os.environ[REPORT_ENV]).write_text(json.dumps({
            "clean_seconds": clean_seconds, "final_seconds": final_seconds, "kills": log, "run_statuses": statuses,
            "cache_hits_final": after["accounting"].get("cache_hits"),
        }, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.mark.slow
def test_a_second_run_while_one_holds_the_lock_is_refused_and_a_killed_holder_frees_it(tmp_path):
    """Lock behaviour across processes: refused at once while held, free again after SIGKILL."""
    inbox = make_inbox(tmp_path)
    state = tmp_path / "state"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]); from pipeline.run.lock import acquire;"
         f"acquire({str(state)!r}); print('held', flush=True); time.sleep(120)", str(ROOT)],
        stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        t = time.monotonic()
        second = subprocess.run(_args(inbox, tmp_path / "out", state), env=_env(), capture_output=True, text=True,
                                timeout=120)
        assert second.returncode != 0 and time.monotonic() - t < 30
        assert str(holder.pid) in second.stderr and len(second.stderr.strip().splitlines()) == 1
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
    from pipeline.run.lock import acquire, release

    acquire(state)  # the kernel dropped the dead holder's flock: no stale lock file blocks
    release(state)


def test_two_threads_storing_the_same_extraction_never_fail(tmp_path, monkeypatch):
    from sqlalchemy.orm import Session

    from pipeline.core.model import ExtractedFile

    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    barrier = threading.Barrier(2, timeout=10)
    real_get = Session.get

    def get_then_wait(self, *a, **k):  # both threads look before either inserts: the race, made certain
        row = real_get(self, *a, **k)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return row

    monkeypatch.setattr(Session, "get", get_then_wait)
    ef = ExtractedFile(path="a.pdf", sha256="ab" * 32, size=1, kind="pdf", status="processed")
    errors: list[BaseException] = []

    def put():
        try:
            store.put_extraction(ef)
        except BaseException as exc:  # noqa: BLE001 - what the run would die of
            errors.append(exc)

    threads = [threading.Thread(target=put) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    store.close()
    assert errors == []


def test_the_next_run_marks_a_killed_runs_row_interrupted(tmp_path, monkeypatch):
    """A run killed by SIGKILL never finishes its row; the next run, holding the lock, says so."""
    from pipeline.core.config import load_config
    from pipeline.run import runner
    from pipeline.run import store as run_store

    monkeypatch.delenv("KIEMCHUNG_DB_URL", raising=False)
    inbox, state = tmp_path / "inbox", tmp_path / "state"
    (inbox / "Xã Vĩnh Thành").mkdir(parents=True)
    store = Store.for_state(state)
    killed = store.start_run("2018", str(inbox.resolve()))  # what a run killed half-way leaves
    store.close()
    try:
        draft = runner.run_sequential(inbox, "2018", tmp_path / "out", state, load_config(), lang="vi").to_json()
    finally:
        run_store.close_stores()
    rows = dict(sqlite3.connect(state / "store.sqlite").execute("SELECT id, status FROM runs").fetchall())
    assert rows == {killed: "interrupted", draft["run"]["id"]: "completed"}

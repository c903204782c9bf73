"""Issue 17: no file holds the run. A file over the per-file time budget is stopped (its process
group killed), quarantined with `file_timeout`, not cached, and the run goes on; a reader that
dies is quarantined with `reader_crashed`; the budget is in the run's summary."""

from __future__ import annotations

import gc
import os
import signal
import sys
import time

import pytest

import pipeline.extract
from pipeline.core.config import Settings
from pipeline.core.model import ExtractedFile
from pipeline.extract import files as real_files
from pipeline.inbox import quarantine
from pipeline.run.time_budget import extract_within


@pytest.fixture
def files(monkeypatch):
    """The real extraction module, whatever stage fakes another test left installed
    (tests/run/test_flow.py replaces modules in sys.modules), for this test only."""
    monkeypatch.setitem(sys.modules, "pipeline.extract.files", real_files)
    monkeypatch.setattr(pipeline.extract, "files", real_files, raising=False)
    return real_files


def _settings(seconds: int) -> Settings:
    s = Settings()
    s.limits.file_seconds = seconds
    return s


def test_file_seconds_validated():
    from pydantic import ValidationError

    from pipeline.core.config import LimitSettings

    with pytest.raises(ValidationError):
        LimitSettings(file_seconds=0)


def test_slow_file_stopped_and_quarantined(tmp_path, monkeypatch, files):
    marker = tmp_path / "child.pid"

    def slow(path, relpath, settings):
        marker.write_text(str(os.getpid()))
        time.sleep(60)  # a reader stuck on one file (a pathological page, a hung decoder)

    monkeypatch.setattr(files, "extract_file", slow)
    p = tmp_path / "slow.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    started = time.monotonic()
    ef = extract_within(p, "slow.pdf", _settings(1), "ab" * 32, 9)
    assert time.monotonic() - started < 10
    assert ef.status == "quarantined" and ef.error_code == "file_timeout"
    assert ef.error_params == {"seconds": "1"}
    assert ef.error == quarantine.message("file_timeout", ef.error_params)
    assert "1 seconds" in quarantine.message("file_timeout", ef.error_params, lang="en")
    vi = quarantine.message("file_timeout", ef.error_params, lang="vi")
    assert "1 giây" in vi
    child = int(marker.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(child, 0)


def test_crashed_reader_quarantined(tmp_path, monkeypatch, files):
    def crash(path, relpath, settings):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel OOM killer does

    monkeypatch.setattr(files, "extract_file", crash)
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    ef = extract_within(p, "x.pdf", _settings(30))
    assert ef.error_code == "reader_crashed" and "signal" in ef.error_params["detail"]


def test_a_sibling_reader_does_not_hold_a_finished_file(tmp_path, monkeypatch, files):
    """Files read at once (the flow's threads): the quick file comes back when its own child is
    done, not at the budget with the slow one (the answer is length-prefixed and the child's exit
    polled, so a sibling forked in the moment a pipe's write end was still open cannot hold it)."""
    import threading

    def reader(path, relpath, settings):
        time.sleep(60 if relpath == "slow" else 1)
        return real_files.ExtractedFile(path=relpath, sha256="", size=0, kind="pdf", status="processed")

    monkeypatch.setattr(files, "extract_file", reader)
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    out: dict[str, tuple[object, float]] = {}

    def run(name: str) -> None:
        t0 = time.monotonic()
        out[name] = (extract_within(p, name, _settings(5)), time.monotonic() - t0)

    quick = threading.Thread(target=run, args=("quick",))
    quick.start()
    time.sleep(0.3)
    slow = threading.Thread(target=run, args=("slow",))
    slow.start()
    quick.join()
    slow.join()
    assert out["quick"][0].status == "processed" and out["quick"][1] < 4, out["quick"]
    assert out["slow"][0].error_code == "file_timeout"


def test_result_comes_back_whole(tmp_path, files):
    from extract_fixtures import text_pdf

    p = text_pdf(tmp_path / "a.pdf", [["Kế hoạch cải cách hành chính năm 2018 của Ủy ban nhân dân xã"] * 30])
    ef = extract_within(p, "a.pdf", _settings(60))
    assert ef.status == "processed" and "Kế hoạch" in ef.documents[0].pages[0].text


def test_run_goes_on_and_summary_names_budget(tmp_path, monkeypatch, config, files):
    """Through the sequential run: the slow file is quarantined, the other one read, the budget
    in the draft, and the timeout not cached (the next run tries it again)."""
    from extract_fixtures import text_pdf

    from pipeline.run import runner

    inbox = tmp_path / "inbox"
    unit = inbox / config.units.units[0].name
    unit.mkdir(parents=True)
    text_pdf(unit / "good.pdf", [["Kế hoạch cải cách hành chính năm 2018 của Ủy ban nhân dân xã"] * 30])
    (unit / "slow.pdf").write_bytes((unit / "good.pdf").read_bytes() + b"\n% slow\n")
    real = files.extract_file

    def sometimes_slow(path, relpath, settings):
        if relpath.endswith("slow.pdf"):
            time.sleep(60)
        return real(path, relpath, settings)

    monkeypatch.setattr(files, "extract_file", sometimes_slow)
    cfg = config.model_copy(deep=True)
    cfg.settings.limits.file_seconds = 2
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, lang="en").to_json()
    assert draft["run"]["file_seconds"] == 2
    by_path = {f["path"]: f for u in draft["units"] for f in u["files"]}
    slow = next(f for p, f in by_path.items() if p.endswith("slow.pdf"))
    good = next(f for p, f in by_path.items() if p.endswith("good.pdf"))
    assert slow["status"] == "quarantined" and slow["error_code"] == "file_timeout"
    assert good["status"] == "processed"
    monkeypatch.setattr(files, "extract_file", real)
    again = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, lang="en").to_json()
    by_path = {f["path"]: f for u in again["units"] for f in u["files"]}
    assert next(f for p, f in by_path.items() if p.endswith("slow.pdf"))["status"] == "processed"



def test_child_leaves_what_it_inherits_to_the_parent(tmp_path, monkeypatch, files):
    """A child collecting garbage destroyed the pending task of the parent's Prefect event
    service (the thread running it does not exist in the child), which logged "Task was destroyed
    but it is pending!" and "Service 'EventsWorker' failed" on the clerk's screen (seen on
    the sample run, 2 runs of 2). What the child inherits is frozen, out of its collections; the
    parent's collector is left as it was."""
    parent_frozen = gc.get_freeze_count()

    def collect(path, relpath, settings):
        gc.collect()
        return ExtractedFile(path=relpath, sha256="", size=0, kind="pdf", status="processed",
                             error=f"{gc.get_freeze_count()} {gc.isenabled()}")

    monkeypatch.setattr(files, "extract_file", collect)
    p = tmp_path / "a.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    frozen, enabled = extract_within(p, "a.pdf", _settings(30)).error.split()
    assert int(frozen) > parent_frozen + 1000 and enabled == "True"
    assert gc.isenabled() and gc.get_freeze_count() == parent_frozen

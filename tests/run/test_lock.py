"""One run at a time per state directory; a crashed run never blocks the next one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.core.i18n import set_language
from pipeline.run import lock

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from pipeline.run.lock import acquire
acquire({state!r})
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def hold_in_subprocess(state: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), state=str(state))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_is_refused_with_the_holder(tmp_path):
    proc = hold_in_subprocess(tmp_path)
    try:
        t0 = time.monotonic()
        with pytest.raises(lock.LockHeld) as exc:
            lock.acquire(tmp_path)
        assert time.monotonic() - t0 < 1  # at once, no waiting
        msg = str(exc.value)
        assert f"process {proc.pid}" in msg and str(tmp_path.resolve()) in msg and "\n" not in msg
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_process_does_not_block(tmp_path):
    proc = hold_in_subprocess(tmp_path)
    proc.kill()  # a crash: no cleanup code runs
    proc.wait()
    with lock.run_lock(tmp_path):
        info = json.loads((tmp_path / lock.LOCK_NAME).read_text())
        assert info["pid"] == os.getpid()


def test_stale_lock_file_with_dead_pid_does_not_block(tmp_path):
    (tmp_path / lock.LOCK_NAME).write_text(json.dumps({"pid": 999999, "started": "2018-01-01T00:00:00"}))
    with lock.run_lock(tmp_path):
        pass


def test_reentrant_in_one_process_and_released(tmp_path):
    with lock.run_lock(tmp_path):
        with lock.run_lock(tmp_path):  # the CLI holds it, the flow takes it again
            pass
        # still held after the inner release: another process is refused
        probe = subprocess.run(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r});"
             f"from pipeline.run.lock import acquire, LockHeld\ntry:\n acquire({str(tmp_path)!r}); print('got')\n"
             "except LockHeld: print('refused')"], capture_output=True, text=True)
        assert probe.stdout.strip() == "refused"
    probe = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r});"
         f"from pipeline.run.lock import acquire; acquire({str(tmp_path)!r}); print('got')"],
        capture_output=True, text=True)
    assert probe.stdout.strip() == "got"


def test_two_state_directories_do_not_share_the_lock(tmp_path):
    proc = hold_in_subprocess(tmp_path / "a")
    try:
        with lock.run_lock(tmp_path / "b"):
            pass
    finally:
        proc.kill()
        proc.wait()

"""Scale-out: the same flow on an existing Dask cluster gives the same draft as the default threads.

A LocalCluster of two single-threaded worker processes stands in for the district's cluster; the
flow runs in a separate process (the CLI) and connects to it by address, as `--dask-address` does.
The real stage functions are used when all exist, the fakes of test_flow otherwise (on the workers
too), so this checks the wiring either way.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from test_flow import HERE, ROOT, TESTS, cli_subprocess, real_stages_available, strip_run

pytestmark = pytest.mark.slow


def make_tiny_inbox(root: Path) -> Path:
    import docx

    inbox = root / "inbox"
    (inbox / "Xã Vĩnh Thành").mkdir(parents=True)
    (inbox / "TT Phu Loc").mkdir()
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH")
    d.add_paragraph("KẾ HOẠCH Cải cách hành chính năm 2018")
    d.save(inbox / "Xã Vĩnh Thành" / "ke hoach cchc.docx")
    d = docx.Document()
    d.add_paragraph("BÁO CÁO Kết quả thực hiện công tác cải cách hành chính năm 2018")
    d.save(inbox / "TT Phu Loc" / "bao cao.docx")
    (inbox / "TT Phu Loc" / "ghi chu.txt").write_text("Ghi chú của văn thư", encoding="utf-8")
    return inbox


def test_dask_runner_gives_the_same_draft_as_threads(tmp_path):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    real = real_stages_available()
    inbox = make_tiny_inbox(tmp_path)
    worker_env = {"OMP_THREAD_LIMIT": "1", "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                  "PREFECT_HOME": str(tmp_path / "worker-prefect")}
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  env=worker_env) as cluster, distributed.Client(cluster) as client:
        if not real:
            client.run(exec, f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(TESTS)!r}, {str(HERE)!r}]\n"
                             "import test_flow; test_flow.install_fakes()\n", {})
        results = {}

        def transitions():
            return client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)

        before = transitions()
        for name, extra in (("thread", []), ("dask", ["--task-runner", "dask", "--dask-address",
                                                      cluster.scheduler_address])):
            t0 = time.monotonic()
            proc = cli_subprocess(["run", "--inbox", str(inbox), "--period", "2018", "--out", str(tmp_path / name),
                                   "--state", str(tmp_path / f"state-{name}"), "--lang", "en", "--no-progress",
                                   *extra], {"KIEMCHUNG_DB_URL": ""}, fakes=not real)
            assert proc.returncode == 0, proc.stderr[-3000:]
            results[name] = (json.loads((tmp_path / name / "draft.json").read_text(encoding="utf-8")),
                             time.monotonic() - t0)
            if name == "thread":
                assert transitions() == before  # threads: nothing sent to the cluster
        # The dask run's tasks went through the cluster's scheduler (3 files + the units).
        assert transitions() - before >= 2 * (3 + 2)
    thread, dask = results["thread"][0], results["dask"][0]
    assert dask["run"]["task_runner"] == "dask" and thread["run"]["task_runner"] == "thread"
    assert strip_run(thread) == strip_run(dask)
    assert thread["accounting"]["found"] == 3
    print(f"\nthread run {results['thread'][1]:.1f} s (flow {thread['run']['seconds']:.2f} s), "
          f"dask run {results['dask'][1]:.1f} s (flow {dask['run']['seconds']:.2f} s), real stages: {real}")

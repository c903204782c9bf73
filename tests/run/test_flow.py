"""The run's logic (pipeline.run.runner) and the Prefect flow around it.

The stage functions (extract, classify, analyze, sheet, artifacts) belong to other modules; here
they are replaced by small fakes so that these tests check the wiring: the content cache, the
accounting, the draft's shape and order, atomic writes, idempotent re-runs. `install_fakes` is also
used by test_cli / test_dask (and in subprocesses) to run the real CLI on the fakes.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from pipeline.core.config import load_config
from pipeline.core.model import (
    CriterionOut,
    Document,
    DocumentOut,
    ExtractedFile,
    FileOut,
    Page,
    Provenance,
    TextSource,
    UnitDraft,
)
from pipeline.run import analysis_cache, out_folder, runner
from pipeline.run import errors as run_errors
from pipeline.run import store as run_store

ROOT = Path(__file__).resolve().parents[2]
TESTS = Path(__file__).resolve().parents[1]  # shared helpers (extract_fixtures, ...)
HERE = Path(__file__).resolve().parent  # test_flow itself, for child interpreters
EXTRACT_LOG_ENV = "KIEMCHUNG_TEST_EXTRACT_LOG"


# ---- fakes of the other modules' stage functions ----------------------------------------------


def fake_extract_file(path: Path, relpath: str, settings) -> ExtractedFile:
    import hashlib

    data = Path(path).read_bytes()
    log = os.environ.get(EXTRACT_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(relpath + "\n")
    sha = hashlib.sha256(data).hexdigest()
    if not data:
        return ExtractedFile(path=relpath, sha256=sha, size=0, kind="empty", status="quarantined",
                             error="The file is empty.", error_code="empty_file")
    text = data.decode("utf-8", "replace")
    page = Page(number=1, text=text, source=TextSource.DOCX)
    doc = Document(key=f"{sha[:16]}:1", pages=[page],
                   provenance=Provenance(file=relpath, first_page=1, last_page=1, source=TextSource.DOCX))
    return ExtractedFile(path=relpath, sha256=sha, size=len(data), kind="text", status="processed",
                         documents=[doc])


def fake_classify_file(ef: ExtractedFile) -> ExtractedFile:
    return ef


def fake_analyze_unit(unit, folder, files, config, period, taught=()) -> UnitDraft:
    """Scores one point per processed file per criterion of the catalog (capped), enough to see a
    catalog change in the draft."""
    docs, file_outs, n = [], [], 0
    for f in files:
        ids = []
        for d in f.documents:
            n += 1
            ids.append(f"d{n}")
            docs.append(DocumentOut(id=f"d{n}", file=f.path, first_page=d.provenance.first_page,
                                    last_page=d.provenance.last_page, doc_type=None, symbol=None, date=None,
                                    title=d.pages[0].text[:40], ocr=False, ocr_confidence=None, criteria=[],
                                    match={}, duplicate_of=None))
        file_outs.append(FileOut(path=f.path, sha256=f.sha256, status=f.status, error=f.error, documents=ids,
                                 kind=f.kind, error_code=f.error_code))
    crits = [CriterionOut(code=c.code, max=c.max, self_score=None, draft_score=min(c.max, float(n)),
                          documents=[], flags=[]) for c in config.catalog.criteria()]
    return UnitDraft(unit=unit.name if unit else None, folder=folder, self_assessment=None, self_total=None,
                     draft_total=sum(c.draft_score for c in crits), classification=None, criteria=crits,
                     documents=docs, files=file_outs, duplicate_groups=[], flags=[])


def fake_write_workbook(draft, config, path: Path, reviewed: dict | None = None) -> Path:
    Path(path).write_bytes(b"PK fake workbook " + json.dumps(draft.period).encode())
    return Path(path)


def fake_reviewed_scores(confirmed: list) -> dict:
    return {(c.unit, c.code): (c.score, c.note) for c in confirmed}


def fake_publish_artifacts(draft, config) -> None:
    return None


_FAKES = {
    "pipeline.extract.files": {"extract_file": fake_extract_file, "warm_readers": lambda: None},
    "pipeline.read.classify": {"classify_file": fake_classify_file},
    "pipeline.decide.analyze": {"analyze_unit": fake_analyze_unit},
    "pipeline.output.sheet": {"write_workbook": fake_write_workbook, "reviewed_scores": fake_reviewed_scores},
    "flows.artifacts": {"publish_artifacts": fake_publish_artifacts},
}


def install_fakes(modules: tuple[str, ...] | None = None) -> None:
    """Replace the named stage modules (default: all of them) in sys.modules by fakes."""
    for name in modules or tuple(_FAKES):
        mod = types.ModuleType(name)
        mod.__dict__.update(_FAKES[name])
        sys.modules[name] = mod
        parent, _, child = name.rpartition(".")
        # The real stage package (pipeline.decide: its __init__ only) must be imported, or
        # `import pipeline.decide.analyze` finds the fake but not its parent.
        importlib.import_module(parent)
        setattr(sys.modules[parent], child, mod)


def real_stages_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in _FAKES)


def cli_subprocess(args: list[str], env: dict | None = None, fakes: bool = True, timeout: float = 300):
    """Run `kiemchung ARGS` in a fresh interpreter (Prefect's settings are per process)."""
    code = (f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(TESTS)!r}, {str(HERE)!r}]\n"
            + ("import test_flow; test_flow.install_fakes()\n" if fakes else "")
            + f"sys.argv = ['kiemchung', *{args!r}]\n"
            + "from pipeline.run.cli import main; main()\n")
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PREFECT_API_URL", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env,
                          timeout=timeout, cwd=ROOT)


# ---- fixtures ----------------------------------------------------------------------------------


def make_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    (inbox / "Xã Vĩnh Thành" / "sub").mkdir(parents=True)
    (inbox / "Xã Vĩnh Thành" / "bao cao.docx").write_text("Báo cáo tự đánh giá", encoding="utf-8")
    (inbox / "Xã Vĩnh Thành" / "sub" / "ke hoach.pdf").write_text("Kế hoạch CCHC 2018", encoding="utf-8")
    (inbox / "xa vinh thanh").mkdir()  # a second folder of the same unit
    (inbox / "xa vinh thanh" / "qd.txt").write_text("Quyết định", encoding="utf-8")
    (inbox / "TT Phu Loc").mkdir()
    (inbox / "TT Phu Loc" / "empty.pdf").write_bytes(b"")
    (inbox / "Nowhere Land").mkdir()
    (inbox / "Nowhere Land" / "x.txt").write_text("xx", encoding="utf-8")
    (inbox / "loose.txt").write_text("at the root", encoding="utf-8")
    (inbox / ".complete").write_text("", encoding="utf-8")
    return inbox


@pytest.fixture
def fakes(monkeypatch, tmp_path):
    saved = {n: sys.modules.get(n) for n in _FAKES}
    install_fakes()
    log = tmp_path / "extract.log"
    monkeypatch.setenv(EXTRACT_LOG_ENV, str(log))
    monkeypatch.delenv("KIEMCHUNG_DB_URL", raising=False)
    yield log
    for n, m in saved.items():
        parent, _, child = n.rpartition(".")
        if m is None:
            sys.modules.pop(n, None)
            if parent in sys.modules and getattr(sys.modules[parent], child, None) is not None:
                delattr(sys.modules[parent], child)
        else:
            sys.modules[n] = m
            if parent in sys.modules:
                setattr(sys.modules[parent], child, m)  # `from pipeline.x import y` reads the attribute
    run_store.close_stores()


def extract_calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def strip_run(draft: dict) -> dict:
    d = json.loads(json.dumps(draft))
    d.pop("run", None)
    for k in ("cache_hits", "extracted", "units_reused"):
        d.get("accounting", {}).pop(k, None)
    return d


# ---- runner (no Prefect) -----------------------------------------------------------------------


def test_draft_shape_order_and_accounting(fakes, tmp_path):
    inbox = make_inbox(tmp_path)
    cfg = load_config()
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert draft["period"] == "2018" and draft["catalog"] == cfg.catalog.id
    names = [u["unit"] for u in draft["units"]]
    configured = [u.name for u in cfg.units.units]
    assert names[: len(configured)] == configured  # config order, absent units kept
    assert names[len(configured):] == [None, None]  # unmapped folders last, the root after them
    assert [u["folder"] for u in draft["units"][len(configured):]] == ["Nowhere Land", ""]
    vt = draft["units"][0]
    assert vt["folders"] == ["Xã Vĩnh Thành", "xa vinh thanh"]
    assert [f["path"] for f in vt["files"]] == ["Xã Vĩnh Thành/bao cao.docx", "Xã Vĩnh Thành/sub/ke hoach.pdf",
                                               "xa vinh thanh/qd.txt"]
    acc = draft["accounting"]
    assert acc["found"] == 7 and acc["ignored"] == 1 and acc["ignored_files"] == [".complete"]
    assert acc["processed"] == 5 and acc["quarantined"] == 1 and acc["deferred"] == 0
    assert acc["found"] == acc["processed"] + acc["quarantined"] + acc["deferred"] + acc["ignored"]
    for u in draft["units"][len(configured):]:
        assert any(f["code"] == "unknown_unit" for f in u["flags"])
    on_disk = json.loads((tmp_path / "out" / "draft.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(draft))
    assert "Vĩnh Thành" in (tmp_path / "out" / "draft.json").read_text(encoding="utf-8")  # ensure_ascii=False
    assert (tmp_path / "out" / "draft_scores.xlsx").exists()
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp files left


def test_second_run_extracts_nothing_and_writes_the_same(fakes, tmp_path):
    inbox = make_inbox(tmp_path)
    cfg = load_config()
    first = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert len(extract_calls(fakes)) == 6
    second = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert len(extract_calls(fakes)) == 6  # nothing re-read
    assert second["accounting"]["cache_hits"] == 6 and second["accounting"]["extracted"] == 0
    assert strip_run(first) == strip_run(second)
    from pipeline.run.store import Store

    store = Store.for_state(tmp_path / "state")
    assert store.integrity_check() == []
    assert len(store.files_of(str(inbox.resolve()))) == 7  # one row per path, ignored included
    store.close()


def test_changed_file_is_reextracted_and_moved_file_is_not(fakes, tmp_path):
    inbox = make_inbox(tmp_path)
    cfg = load_config()
    runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en")
    n = len(extract_calls(fakes))
    (inbox / "xa vinh thanh" / "qd.txt").write_text("Quyết định số 2", encoding="utf-8")
    (inbox / "Nowhere Land" / "x.txt").rename(inbox / "TT Phu Loc" / "moved.txt")
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert extract_calls(fakes)[n:] == ["xa vinh thanh/qd.txt"]
    phu_loc = next(u for u in draft["units"] if u["unit"] == "TT Phú Lộc")
    assert "TT Phu Loc/moved.txt" in [f["path"] for f in phu_loc["files"]]
    moved_doc = next(d for d in phu_loc["documents"] if d["file"] == "TT Phu Loc/moved.txt")
    assert moved_doc["file"] == "TT Phu Loc/moved.txt"  # cached content, current path


def test_catalog_change_rescores_without_reextracting(fakes, tmp_path):
    import shutil

    import yaml

    inbox = make_inbox(tmp_path)
    cfg = load_config()
    first = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    n = len(extract_calls(fakes))
    cat_dir = tmp_path / "cfg"
    shutil.copytree(ROOT / "config", cat_dir)
    cat_file = cat_dir / cfg.settings.catalog
    data = yaml.safe_load(cat_file.read_text(encoding="utf-8"))
    data["id"] = "2018-commune-revised"
    cat_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cfg2 = load_config(cat_dir)
    second = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg2, "en").to_json()
    assert len(extract_calls(fakes)) == n
    assert second["catalog"] == "2018-commune-revised" != first["catalog"]


def _analysed_units(monkeypatch) -> list[str]:
    """Record which units `analyze_job` analyses (the rest come from the store)."""
    seen: list[str] = []
    real = runner.analyze_job

    def spy(job, *a, **k):
        seen.append(analysis_cache.unit_id(job))
        return real(job, *a, **k)

    monkeypatch.setattr(runner, "analyze_job", spy)
    return seen


def test_unchanged_units_are_not_analysed_again(fakes, tmp_path, monkeypatch):
    inbox = make_inbox(tmp_path)
    cfg = load_config()
    seen = _analysed_units(monkeypatch)
    first = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert len(seen) == len(first["units"])
    first_bytes = (tmp_path / "out" / "draft.json").read_text(encoding="utf-8")
    seen.clear()
    second = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert seen == []  # every unit served from the store
    assert strip_run(first) == strip_run(second)
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k not in ("run", "accounting")}  # noqa: E731
    assert strip((tmp_path / "out" / "draft.json").read_text(encoding="utf-8")) == strip(first_bytes)
    # one changed file: only its unit is analysed again
    (inbox / "xa vinh thanh" / "qd.txt").write_text("Quyết định số 2", encoding="utf-8")
    third = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "en").to_json()
    assert seen == ["Xã Vĩnh Thành"]
    assert third["units"][0] != second["units"][0] and third["units"][1:] == second["units"][1:]
    # another language or period: everything again (messages and deadlines depend on them)
    seen.clear()
    runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", cfg, "vi")
    assert len(seen) == len(first["units"])


def test_analysis_key_covers_code_config_and_files(monkeypatch):
    cfg = load_config()
    from pipeline.core.model import ExtractedFile

    ef = ExtractedFile(path="Xã Vĩnh Thành/a.pdf", sha256="0" * 64, size=1, kind="pdf", status="processed")
    job = runner.UnitJob(unit=cfg.units.units[0], folder="Xã Vĩnh Thành", folders=["Xã Vĩnh Thành"], files=[ef])
    base = analysis_cache.analysis_key(job, cfg, "2018", "en")
    assert analysis_cache.analysis_key(job, cfg, "2018", "en") == base
    assert analysis_cache.analysis_key(job, cfg, "2019", "en") != base
    changed = runner.UnitJob(unit=job.unit, folder=job.folder, folders=job.folders,
                             files=[ef.model_copy(update={"sha256": "1" * 64})])
    assert analysis_cache.analysis_key(changed, cfg, "2018", "en") != base
    cfg2 = cfg.model_copy(deep=True)
    cfg2.settings.matching.title_threshold += 1
    assert analysis_cache.analysis_key(job, cfg2, "2018", "en") != base
    monkeypatch.setattr(analysis_cache, "code_fingerprint", lambda: "another version of the code")
    assert analysis_cache.analysis_key(job, cfg, "2018", "en") != base


def test_accounting_mismatch_fails_loudly(fakes, tmp_path, monkeypatch):
    inbox = make_inbox(tmp_path)
    real = runner.analyze_job

    def losing(job, config, period, lang=None, **k):
        d = real(job, config, period, lang, **k)
        return d.model_copy(update={"files": d.files[1:]})  # a stage that drops a file

    monkeypatch.setattr(runner, "analyze_job", losing)
    with pytest.raises(run_errors.AccountingError) as exc:
        runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", load_config(), "en")
    msg = str(exc.value)
    assert "\n" not in msg and "7 files found" in msg and "missing" in msg
    assert not (tmp_path / "out" / "draft.json").exists()
    from pipeline.run.store import Run, Store

    store = Store.for_state(tmp_path / "state")
    with store.session() as s:
        assert [r.status for r in s.query(Run)] == ["failed"]
    store.close()


def test_extraction_bug_quarantines_the_file_without_caching(fakes, tmp_path, monkeypatch):
    inbox = make_inbox(tmp_path)

    def broken(path, relpath, settings):
        if relpath.endswith("qd.txt"):
            raise RuntimeError("boom")
        return fake_extract_file(path, relpath, settings)

    monkeypatch.setattr(sys.modules["pipeline.extract.files"], "extract_file", broken)
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", load_config(), "en").to_json()
    f = next(f for u in draft["units"] for f in u["files"] if f["path"].endswith("qd.txt"))
    assert f["status"] == "quarantined" and f["error_code"] == "internal_error" and "boom" in f["error"]
    from pipeline.core.model import EXTRACT_VERSION
    from pipeline.run.store import Store

    store = Store.for_state(tmp_path / "state")
    assert store.get_extraction(f["sha256"], EXTRACT_VERSION) is None  # retried next run
    store.close()


def test_file_changed_between_scan_and_extraction_is_deferred(fakes, tmp_path, monkeypatch):
    inbox = make_inbox(tmp_path)
    target = inbox / "xa vinh thanh" / "qd.txt"

    def growing(path, relpath, settings):
        ef = fake_extract_file(path, relpath, settings)
        if relpath.endswith("qd.txt"):
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(" more")
        return ef

    monkeypatch.setattr(sys.modules["pipeline.extract.files"], "extract_file", growing)
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", load_config(), "en").to_json()
    f = next(f for u in draft["units"] for f in u["files"] if f["path"].endswith("qd.txt"))
    assert f["status"] == "deferred" and "next run" in f["error"]
    assert draft["accounting"]["deferred"] == 1


def test_a_failed_cache_write_does_not_fail_the_run(fakes, tmp_path, monkeypatch, caplog):
    from pipeline.run.store import Store

    def full_disk(self, ef):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "put_extraction", full_disk)
    inbox = make_inbox(tmp_path)
    draft = runner.run_sequential(inbox, "2018", tmp_path / "out", tmp_path / "state", load_config(), "en").to_json()
    assert draft["accounting"]["processed"] == 5 and draft["accounting"]["quarantined"] == 1
    assert "could not cache" in caplog.text
    store = Store.for_state(tmp_path / "state")
    assert store.extraction_count() == 0  # nothing cached: the next run extracts again
    store.close()


def test_outputs_get_the_usual_file_mode_not_mkstemps_0600(fakes, tmp_path):
    old = os.umask(0o027)
    try:
        runner.run_sequential(make_inbox(tmp_path), "2018", tmp_path / "out", tmp_path / "state", load_config(),
                              "en")
        out_folder.atomic_write_text(tmp_path / "plain.txt", "x")
    finally:
        os.umask(old)
    for path in (tmp_path / "out" / "draft.json", tmp_path / "out" / "draft_scores.xlsx", tmp_path / "plain.txt"):
        assert path.stat().st_mode & 0o777 == 0o640, (path.name, oct(path.stat().st_mode))


def test_out_inside_inbox_is_refused(fakes, tmp_path):
    inbox = make_inbox(tmp_path)
    with pytest.raises(runner.RunError):
        runner.run_sequential(inbox, "2018", inbox / "out", tmp_path / "state", load_config(), "en")
    assert not (inbox / "out").exists()


# ---- the Prefect flow, end to end, ephemeral mode (a subprocess: Prefect's settings are per process) ----


@pytest.fixture(scope="session")
def flow_run_twice(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("flow")
    inbox = make_inbox(tmp)
    log = tmp / "extract.log"
    env = {EXTRACT_LOG_ENV: str(log), "KIEMCHUNG_DB_URL": ""}
    args = ["run", "--inbox", str(inbox), "--period", "2018", "--out", str(tmp / "out"), "--state",
            str(tmp / "state"), "--lang", "en", "--no-progress"]
    first = cli_subprocess(args, env)
    draft1 = json.loads((tmp / "out" / "draft.json").read_text(encoding="utf-8")) if first.returncode == 0 else None
    calls1 = extract_calls(log)
    second = cli_subprocess(args, env)
    return tmp, first, second, draft1, calls1, extract_calls(log)


@pytest.mark.slow
def test_flow_end_to_end_ephemeral(flow_run_twice, fakes):
    tmp, first, second, draft1, calls1, calls2 = flow_run_twice
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Traceback" not in first.stderr + second.stderr
    assert str(tmp / "out" / "draft.json") in first.stdout
    assert len(calls1) == 6 and calls2 == calls1  # the second run re-read nothing
    draft2 = json.loads((tmp / "out" / "draft.json").read_text(encoding="utf-8"))
    assert strip_run(draft1) == strip_run(draft2)
    assert draft2["run"]["task_runner"] == "thread"
    assert (tmp / "state" / "prefect" / "prefect.db").exists()  # Prefect's home is in the state dir
    # The private server's own output went to its log, not to the clerk's terminal.
    assert (tmp / "state" / "prefect" / "server.log").exists()
    # The flow and the plain-Python reference agree.
    ref = runner.run_sequential(tmp / "inbox", "2018", tmp / "out-ref", tmp / "state-ref", load_config(), "en").to_json()
    assert strip_run(ref) == strip_run(draft2)


@pytest.mark.slow
def test_serve_registers_the_nightly_cron_in_the_district_timezone(tmp_path):
    """`kiemchung serve` starts a local Prefect server (the ephemeral one has no scheduler), serves
    the flow on settings' cron in Asia/Ho_Chi_Minh, and stops its server when stopped."""
    import signal
    import time
    import urllib.request

    inbox = make_inbox(tmp_path)
    env = {**os.environ}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.run.cli", "serve", "--state", str(tmp_path / "state"), "--inbox", str(inbox),
         "--out", str(tmp_path / "out"), "--lang", "en"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        url, served, deadline = None, False, time.monotonic() + 240
        while time.monotonic() < deadline and not served:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("Prefect UI: "):
                url = line.split(": ", 1)[1].strip() + "/api"
            served = served or "is being served" in line
        assert url and served, "serve did not start"
        req = urllib.request.Request(url + "/deployments/filter", data=b"{}",
                                     headers={"content-type": "application/json"})
        [dep] = json.loads(urllib.request.urlopen(req, timeout=30).read())
        assert dep["name"] == "nightly"
        [sched] = dep["schedules"]
        assert sched["schedule"]["cron"] == "0 1 * * *"
        assert sched["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
        assert dep["parameters"]["inbox"] == str(inbox.resolve()) and dep["parameters"]["period"] is None
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    time.sleep(2)
    with pytest.raises(OSError):  # the local server went away with serve
        urllib.request.urlopen(url + "/health", timeout=5)

"""The command line: exit codes and one clear line when a run cannot complete (no traceback)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.core.i18n import set_language
from pipeline.run.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _reset_language(monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_LANG", raising=False)
    monkeypatch.delenv("KIEMCHUNG_STATE", raising=False)
    yield
    set_language("vi")


def one_line_error(result) -> str:
    text = result.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return text


def test_missing_inbox_exits_nonzero_with_one_line(tmp_path):
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "nope"), "--period", "2018", "--out",
                                 str(tmp_path / "out"), "--state", str(tmp_path / "s"), "--lang", "en"])
    assert result.exit_code == 1
    assert one_line_error(result) == f"The inbox {tmp_path / 'nope'} does not exist."
    assert not (tmp_path / "out").exists() and not (tmp_path / "s").exists()  # refused before any work


def test_missing_inbox_message_is_vietnamese_by_default(tmp_path):
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "nope"), "--period", "2018", "--out",
                                 str(tmp_path / "out"), "--state", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "không tồn tại" in one_line_error(result)


def test_invalid_config_names_file_and_problem(tmp_path):
    cfg = tmp_path / "cfg"
    shutil.copytree(ROOT / "config", cfg)
    cat = cfg / "catalog-2018-commune.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("total: 100", "total: 99", 1), encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "inbox"), "--period", "2018", "--out",
                                 str(tmp_path / "out"), "--config", str(cfg), "--state", str(tmp_path / "s"),
                                 "--lang", "en"])
    assert result.exit_code == 1
    line = one_line_error(result)
    assert line.startswith("Invalid configuration:") and "catalog-2018-commune.yaml" in line and "total" in line


def test_lock_held_is_refused_at_once(tmp_path):
    (tmp_path / "inbox").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
         f"from pipeline.run.lock import acquire; acquire({str(tmp_path / 's')!r}); print('held', flush=True); "
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = runner.invoke(app, ["run", "--inbox", str(tmp_path / "inbox"), "--period", "2018", "--out",
                                     str(tmp_path / "out"), "--state", str(tmp_path / "s"), "--lang", "en"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "Another run is already using the state directory" in line and str(holder.pid) in line


def test_bad_period_and_unknown_options(tmp_path):
    (tmp_path / "inbox").mkdir()
    base = ["run", "--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--state", str(tmp_path / "s")]
    result = runner.invoke(app, [*base, "--period", "../2018", "--lang", "en"])
    assert result.exit_code == 1 and "period" in one_line_error(result)
    result = runner.invoke(app, [*base, "--period", "2018", "--lang", "fr"])
    assert result.exit_code == 2 and "fr" in one_line_error(result)
    result = runner.invoke(app, [*base, "--period", "2018", "--lang", "en", "--task-runner", "ray"])
    assert result.exit_code == 2 and "ray" in one_line_error(result)


def test_state_from_environment(tmp_path, monkeypatch):
    from pipeline.run.cli import state_dir

    monkeypatch.setenv("KIEMCHUNG_STATE", str(tmp_path / "env-state"))
    assert state_dir(None) == tmp_path / "env-state"
    assert state_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("KIEMCHUNG_STATE")
    assert state_dir(None) == Path(".kiemchung")


def test_confirm_missing_sheet_and_report_without_confirmation(tmp_path):
    result = runner.invoke(app, ["confirm", "--sheet", str(tmp_path / "none.xlsx"), "--period", "2018",
                                 "--state", str(tmp_path / "s"), "--lang", "en"])
    assert result.exit_code == 1 and "none.xlsx" in one_line_error(result)
    pytest.importorskip("pipeline.output.report")
    result = runner.invoke(app, ["report", "--period", "2018", "--out", str(tmp_path / "out"),
                                 "--state", str(tmp_path / "s"), "--lang", "en"])
    assert result.exit_code == 1 and "confirm" in one_line_error(result)


@pytest.mark.slow
def test_run_completes_with_unreadable_files_and_accounting_failure_is_one_line(tmp_path):
    """Through Prefect (a subprocess): exit 0 with a quarantined file; a stage that loses a file
    makes the run fail with exit 1 and one line."""
    from test_flow import cli_subprocess, make_inbox

    inbox = make_inbox(tmp_path)
    args = ["run", "--inbox", str(inbox), "--period", "2018", "--out", str(tmp_path / "out"), "--state",
            str(tmp_path / "s"), "--lang", "en", "--no-progress"]
    ok = cli_subprocess(args)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "1 quarantined" in ok.stdout
    # Now a broken analysis (drops one file per unit) through the real CLI and flow, on a fresh
    # state: the first run's analyses are stored, and a monkeypatch does not change the code's hash.
    args[args.index("--state") + 1] = str(tmp_path / "s2")
    lossy = subprocess.run(
        [sys.executable, "-c",
         f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}, {str(ROOT / 'tests' / 'run')!r}]\n"
         "import test_flow; test_flow.install_fakes()\n"
         "import pipeline.decide.analyze as a\n"
         "real = a.analyze_unit\n"
         "def lossy(*args, **kw):\n"
         "    d = real(*args, **kw)\n"
         "    d.files = d.files[1:]\n"
         "    return d\n"
         "a.analyze_unit = lossy\n"
         f"sys.argv = ['kiemchung', *{args!r}]\n"
         "from pipeline.run.cli import main; main()\n"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert lossy.returncode == 1
    lines = [ln for ln in lossy.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in lossy.stderr
    assert lines[-1].startswith("Accounting mismatch: 7 files found"), lossy.stderr[-2000:]


def test_progress_is_plain_lines_off_a_terminal_and_a_bar_on_one():
    import io

    from pipeline.run.progress import LogProgress, RichProgress, make_progress

    set_language("en")
    buf = io.StringIO()
    assert isinstance(make_progress(buf), LogProgress)
    now = [0.0]
    p = LogProgress(buf, every_files=2, every_seconds=100, clock=lambda: now[0])
    p.start(5)
    for _ in range(5):
        now[0] += 1
        p.advance(1, pages=2)
    assert buf.getvalue().splitlines() == [
        "2/5 files, 4 pages, 1.0 files/s, 00:00:03 left",
        "4/5 files, 8 pages, 1.0 files/s, 00:00:01 left",
        "5/5 files, 10 pages, 1.0 files/s, 00:00:00 left",
    ]

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    bar = make_progress(tty)
    assert isinstance(bar, RichProgress)
    bar.start(3)
    for _ in range(3):
        bar.advance(1, pages=4)
    bar.close()
    assert "3/3" in tty.getvalue() and "12 pages" in tty.getvalue()

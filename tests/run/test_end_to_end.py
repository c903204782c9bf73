"""End to end on the generated sample inbox: run (the real Prefect flow) → measure against the
ground truth → confirm the sheet unchanged → report → the seed report's table, cell for cell.

One session-scoped run serves every test here (it OCRs ~50 pages: a few minutes on 2 cores).
The figures are printed (`pytest -s` or the -ra summary shows them) and asserted against the
issue's targets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from pipeline.run.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
KIEMCHUNG = [sys.executable, "-m", "pipeline.run.cli"]

SEED_ROWS = [  # Stt, unit, total, areas 1..8 (criteria-2018-commune.md)
    ("1", "Xã Vĩnh Thành", "93/100", "20/25", "6/6", "13/15", "18/18", "8/8", "13/13", "7/7", "8/8"),
    ("2", "TT Phú Lộc", "92/100", "21/25", "6/6", "13/15", "18/18", "8/8", "13/13", "5/7", "8/8"),
    ("3", "Xã Thạnh Trị", "92/100", "21/25", "6/6", "13/15", "18/18", "8/8", "11/13", "7/7", "8/8"),
    ("4", "Xã Thạnh Tân", "89/100", "20/25", "6/6", "13/15", "18/18", "8/8", "12/13", "5/7", "7/8"),
    ("5", "Xã Tuân Tức", "89/100", "21/25", "6/6", "13/15", "14/18", "8/8", "13/13", "7/7", "7/8"),
    ("6", "Xã Châu Hưng", "88/100", "21/25", "6/6", "10/15", "18/18", "8/8", "12/13", "5/7", "8/8"),
    ("7", "Xã Lâm Tân", "88/100", "21/25", "6/6", "13/15", "15/18", "8/8", "12/13", "5/7", "8/8"),
    ("8", "Xã Vĩnh Lợi", "85/100", "21/25", "2/6", "13/15", "18/18", "8/8", "13/13", "3/7", "7/8"),
    ("9", "TT Hưng Lợi", "80/100", "21/25", "2/6", "13/15", "16/18", "8/8", "11/13", "4/7", "5/8"),
    ("10", "Xã Lâm Kiệt", "71/100", "20/25", "2/6", "13/15", "12/18", "2/8", "11/13", "3/7", "8/8"),
]
# The seed prints 93 and 72.8 for areas 6 and 7, but its own rows give 121/130 = 93.08 % and
# 51/70 = 72.86 %: no single rounding rule yields those two cells together with 84.7 and 91.7.
# We print the arithmetic (one decimal, half up) and say so in the README.
RATIO_ROW = ["86.7", "82.8", "80", "84.7", "91.7", "92.5", "93.1", "72.9", "92.5"]


def _env(state: Path) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               KIEMCHUNG_STATE=str(state))
    env.pop("KIEMCHUNG_DB_URL", None)
    return env


def _kiemchung(args: list[str], state: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(KIEMCHUNG + args, cwd=cwd, env=_env(state), capture_output=True, text=True,
                          timeout=1800)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    from samples.generate import generate

    base = tmp_path_factory.mktemp("e2e")
    inbox, truth_path = base / "inbox", base / "ground_truth.json"
    generate(inbox, truth_path, seed=2018)
    state, out = base / "state", base / "out"
    proc = _kiemchung(["run", "--inbox", str(inbox), "--period", "2018", "--out", str(out),
                       "--state", str(state), "--no-progress"], state, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    draft = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return {"base": base, "inbox": inbox, "state": state, "out": out, "draft": draft, "truth": truth,
            "report": evaluate(draft, truth)}


pytestmark = pytest.mark.slow


def test_accuracy_targets(sample_run):
    rep = sample_run["report"]
    figures = rep.as_dict()
    print("\nsample inbox accuracy:", json.dumps(figures, ensure_ascii=False, indent=1))
    for line in rep.mismatches[:30]:
        print("  mismatch:", line)
    assert rep.docs_found == rep.docs_expected, "every document (bundles split right) is found"
    assert rep.criteria.precision >= 0.97 and rep.criteria.recall >= 0.97
    assert rep.duplicates.f1 >= 0.97
    assert rep.siblings_grouped == 0, "template siblings (Q1 vs Q3) are never grouped"
    assert rep.flags.precision >= 0.97 and rep.flags.recall >= 0.97
    assert rep.scores_exact / rep.scores_total >= 0.97
    assert rep.totals_exact == rep.units_total == 10
    for name in ("doc_type", "symbol", "date", "title"):
        assert rep.field_accuracy(f"digital.{name}") == 1.0, name
    for name in ("doc_type", "symbol", "date"):  # scans, photos and the bundle together
        assert rep.field_accuracy(f"scan.{name}") >= 0.95, name
    assert rep.self_scores_exact / rep.self_scores_total >= 0.98


def test_every_inbox_file_is_accounted_for(sample_run):
    draft, inbox = sample_run["draft"], sample_run["inbox"]
    on_disk = sorted(str(p.relative_to(inbox)).replace(os.sep, "/") for p in inbox.rglob("*") if p.is_file())
    listed = [f["path"] for u in draft["units"] for f in u["files"]]
    ignored = draft["accounting"]["ignored_files"]
    assert sorted(listed + ignored) == on_disk
    acc = draft["accounting"]
    assert acc["found"] == acc["processed"] + acc["quarantined"] + acc["deferred"] + acc["ignored"]
    assert acc["quarantined"] == sum(1 for f in sample_run["truth"]["files"] if f["status"] == "quarantined")


def test_draft_json_keeps_diacritics_and_contract_fields(sample_run):
    text = (sample_run["out"] / "draft.json").read_text(encoding="utf-8")
    assert "Xã Vĩnh Thành" in text and "\\u" not in text
    unit = sample_run["draft"]["units"][0]
    for key in ("unit", "folder", "self_assessment", "self_total", "draft_total", "classification",
                "criteria", "documents", "files", "duplicate_groups", "flags"):
        assert key in unit
    doc = unit["documents"][0]
    for key in ("id", "file", "first_page", "last_page", "doc_type", "symbol", "date", "title", "ocr",
                "ocr_confidence", "criteria", "match", "duplicate_of"):
        assert key in doc
    for code, m in doc["match"].items():
        assert m["why"] and isinstance(m["score"], (int, float)), code


def test_confirm_unchanged_then_report_reproduces_seed_table(sample_run):
    state, out = sample_run["state"], sample_run["out"]
    proc = _kiemchung(["confirm", "--sheet", str(out / "draft_scores.xlsx"), "--period", "2018",
                       "--reviewer", "Tổ giúp việc", "--state", str(state)], state, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _kiemchung(["report", "--period", "2018", "--out", str(out), "--state", str(state)], state, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reports = list(out.glob("*.docx"))
    assert len(reports) == 1
    doc = DocxDocument(str(reports[0]))
    table = doc.tables[0]
    rows = [[c.text.strip() for c in r.cells] for r in table.rows]
    body = [r for r in rows if r and r[0].isdigit()]
    assert [tuple(r[:11]) for r in body] == SEED_ROWS
    ratio = next(r for r in rows if any("Tỷ lệ" in c for c in r))
    assert ratio[-9:] == RATIO_ROW
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "đạt loại khá 1 đơn vị, đạt loại tốt 6 đơn vị, đạt loại rất tốt 3 đơn vị" in text
    assert "86.7" in text


def test_letters_of_the_sample_inbox_hold_every_flag_of_their_unit(sample_run, config):
    """`kiemchung letters` after the sample run: one letter per unit, each holding every flag and
    duplicate group of its unit, read back from the DOCX."""
    from letters_check import assert_every_flag_in_its_letter

    from pipeline.run.store import Store

    out = sample_run["base"] / "letters"
    proc = _kiemchung(["letters", "--period", "2018", "--out", str(out), "--state", str(sample_run["state"])],
                      sample_run["state"], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    draft = sample_run["draft"]
    codes = {f["code"] for u in draft["units"] for f in u["flags"]}
    assert {"missing_plan", "missing_report", "duplicate_copies", "unreadable_file"} <= codes
    # the session's other tests may have confirmed the period first: the letters then give that total
    store = Store.for_state(sample_run["state"])
    try:
        confirmed = bool(store.confirmations("2018"))
    finally:
        store.close()
    assert_every_flag_in_its_letter(draft, config, out, confirmed=confirmed)


def test_second_run_reads_nothing_and_writes_the_same(sample_run):
    state, out2 = sample_run["state"], sample_run["base"] / "out2"
    proc = _kiemchung(["run", "--inbox", str(sample_run["inbox"]), "--period", "2018", "--out", str(out2),
                       "--state", str(state), "--no-progress"], state, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    again = json.loads((out2 / "draft.json").read_text(encoding="utf-8"))
    first = sample_run["draft"]
    assert again["accounting"]["extracted"] == 0
    assert again["accounting"]["units_reused"] == len(first["units"])  # no unit analysed again
    assert again["accounting"]["cache_hits"] == first["accounting"]["cache_hits"] + first["accounting"]["extracted"]
    assert again["units"] == first["units"]

"""End to end: a reviewer attaches and removes evidence in 2018's workbook, `confirm` records it, and
the next run (the same period again, and 2019 with next year's files) matches as taught, saying why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from _seed import criterion_row
from docx import Document as DocxDocument
from openpyxl import load_workbook

from pipeline.core.config import load_config
from pipeline.core.model import ExtractedFile
from pipeline.decide.taught import taught_rules
from pipeline.output.confirm import confirm_sheet
from pipeline.output.sheet import COL_ADJUST, COL_EVIDENCE
from pipeline.run import analysis_cache, runner
from pipeline.run import store as run_store
from pipeline.run.store import Store

UNIT = "Xã Vĩnh Thành"
SURVEY = "Khảo sát, lấy ý kiến đối với sự phục vụ của các cơ quan hành chính nhà nước năm {y}"

pytestmark = pytest.mark.usefixtures("english")


def write_docx(path: Path, symbol: str, day: str, title: str) -> None:
    d = DocxDocument()
    for line in ["ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 f"Số: {symbol}", f"Vĩnh Thành, {day}", "KẾ HOẠCH", title,
                 "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;"]:
        d.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)


def make_inbox(root: Path, year: int) -> Path:
    inbox = root / f"inbox{year}"
    write_docx(inbox / UNIT / "a khao sat.docx", "12/KH-UBND", f"ngày 01 tháng 3 năm {year}", SURVEY.format(y=year))
    write_docx(inbox / UNIT / "b ke hoach.docx", "05/KH-UBND", f"ngày 10 tháng 01 năm {year}",
               f"Cải cách hành chính năm {year}")
    return inbox


def docs_of(draft: dict) -> dict:
    unit = next(u for u in draft["units"] if u["unit"] == UNIT)
    return {d["id"]: d for d in unit["documents"]}


def edit_adjust(sheet: Path, code: str, text: str) -> None:
    wb = load_workbook(sheet)
    ws = wb[UNIT]
    r = criterion_row(ws, code)
    ws.cell(row=r, column=COL_ADJUST).value = text
    wb.save(sheet)


def test_workbook_decisions_teach_the_next_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_DB_URL", raising=False)
    cfg = load_config()
    state = tmp_path / "state"
    try:
        inbox18 = make_inbox(tmp_path, 2018)
        first = runner.run_sequential(inbox18, "2018", tmp_path / "out", state, cfg, "en").to_json()
        docs = docs_of(first)
        assert docs["d1"]["criteria"] == [] and docs["d2"]["criteria"] == ["1.1"]
        sheet = tmp_path / "out" / "draft_scores.xlsx"
        edit_adjust(sheet, "4.5", "+d1")
        edit_adjust(sheet, "1.1", "-d2")
        store = Store.for_state(state)
        try:
            res = confirm_sheet(sheet, "2018", "Lan", store, cfg)
        finally:
            store.close()
        assert len(res.evidence) == 2

        again = runner.run_sequential(inbox18, "2018", tmp_path / "out", state, cfg, "en").to_json()
        docs = docs_of(again)  # the same documents: applied directly
        assert docs["d1"]["criteria"] == ["4.5"] and docs["d1"]["match"]["4.5"]["rule"] == "reviewer"
        assert "reviewer Lan accepted this document for 4.5" in docs["d1"]["match"]["4.5"]["why"]
        assert docs["d2"]["criteria"] == [] and "reviewer Lan removed this document from 1.1" in docs["d2"]["vetoed"]["1.1"]

        nxt = runner.run_sequential(make_inbox(tmp_path, 2019), "2019", tmp_path / "out19", state, cfg, "en").to_json()
        docs = docs_of(nxt)  # next year's files: taught by their titles
        m = docs["d1"]["match"]["4.5"]
        assert docs["d1"]["criteria"] == ["4.5"] and m["rule"] == "reviewer"
        assert "reviewer Lan accepted a document titled 'Kế hoạch khảo sát" in m["why"] and "for 4.5" in m["why"]
        assert docs["d2"]["criteria"] == [] and "1.1" in docs["d2"]["vetoed"]
        unit = next(u for u in nxt["units"] if u["unit"] == UNIT)
        crit = {c["code"]: c for c in unit["criteria"]}
        assert crit["4.5"]["documents"] == ["d1"] and crit["1.1"]["documents"] == []
        # the workbook shows the taught match as evidence
        ws = load_workbook(tmp_path / "out19" / "draft_scores.xlsx")[UNIT]
        r = criterion_row(ws, "4.5")
        assert ws.cell(row=r, column=COL_EVIDENCE).value.startswith("d1: 12/KH-UBND")
        r = criterion_row(ws, "1.1")
        assert ws.cell(row=r, column=COL_EVIDENCE).value.startswith("not counted: d2 — On ")
    finally:
        run_store.close_stores()


def test_a_new_decision_changes_the_analysis_key():
    cfg = load_config()

    ef = ExtractedFile(path="Xã Vĩnh Thành/a.pdf", sha256="0" * 64, size=1, kind="pdf", status="processed")
    job = runner.UnitJob(unit=cfg.units.units[0], folder=UNIT, folders=[UNIT], files=[ef])
    base = analysis_cache.analysis_key(job, cfg, "2018", "en")
    assert analysis_cache.analysis_key(job, cfg, "2018", "en", ()) == base
    rule = taught_rules([SimpleNamespace(action="attach", code="4.5", title="Kế hoạch khảo sát năm 2018",
                                         doc_type="KH", reviewer="Lan", decided_at=dt.datetime(2018, 12, 20),
                                         period="2018", unit=UNIT, file_sha256=None, first_page=None,
                                         source="workbook")])
    assert analysis_cache.analysis_key(job, cfg, "2018", "en", rule) != base

"""The evidence changes column (K): a reviewer attaches or removes documents in the workbook and
`confirm` records the decisions (source "workbook") for the next run's `reviewer` rule."""

import pytest
from _seed import criterion_row, seed_draft, set_cell
from openpyxl import load_workbook

from pipeline.core.model import Draft
from pipeline.output.confirm import SheetRejected, confirm_sheet, parse_adjustment, read_reviewed
from pipeline.output.sheet import COL_ADJUST, COL_EVIDENCE, write_workbook

UNIT = "Xã Lâm Kiệt"

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def sheet(config, tmp_path, store):
    draft = seed_draft(config)
    for u in draft["units"]:
        u["documents"][0]["is_self_assessment"] = True  # d1, "Báo cáo tự chấm điểm"
    store.save_draft("2018", draft)  # as a run stores it: confirm checks ids against this draft
    return write_workbook(Draft.of(draft), config, tmp_path / "draft_scores.xlsx")


def set_adjust(path, code, value, unit=UNIT):
    return set_cell(path, unit, code, COL_ADJUST, value)


def test_column_k_is_editable_text(sheet):
    ws = load_workbook(sheet)[UNIT]
    r = criterion_row(ws, "1.1")
    cell = ws.cell(row=r, column=COL_ADJUST)
    assert cell.protection.locked is False
    assert cell.number_format == "@"  # Excel keeps a typed "+d7" as text, not the formula =+D7
    assert ws.cell(row=r, column=COL_EVIDENCE).protection.locked is True


def test_parse_adjustment():
    assert parse_adjustment("+d7 -D3") == ([("attach", "d7"), ("detach", "d3")], [])
    assert parse_adjustment("thêm d7, d9; bỏ d3") == (
        [("attach", "d7"), ("attach", "d9"), ("detach", "d3")], [])
    assert parse_adjustment("d2") == ([("attach", "d2")], [])
    assert parse_adjustment("+ d2 hello") == ([("attach", "d2")], ["hello"])


def test_attach_and_detach_are_recorded(sheet, config, store):
    set_adjust(sheet, "1.1", "-d3")
    set_adjust(sheet, "6.1", "+d2")
    res = confirm_sheet(sheet, "2018", "Lan", store, config)
    assert res.version == 1 and {(e.code, e.action, e.document) for e in res.evidence} == {
        ("1.1", "detach", "d3"), ("6.1", "attach", "d2")}
    rows = {(d.code, d.action): d for d in store.evidence_decisions("2018")}
    assert set(rows) == {("1.1", "detach"), ("6.1", "attach")}
    att = rows[("6.1", "attach")]
    assert att.unit == UNIT and att.document == "d2" and att.reviewer == "Lan" and att.source == "workbook"
    assert att.title == "Kế hoạch cải cách hành chính năm 2018" and att.doc_type == "KH"
    assert att.symbol == "05/KH-UBND" and att.first_page == 1 and att.file_sha256 == "0" * 64
    assert att.file == "xã lâm kiệt/ke hoach cchc.pdf"


def test_unknown_ids_and_formulas_are_refused_with_every_problem(sheet, config, store):
    r1 = set_adjust(sheet, "1.1", "+d99 -d2 +d2")
    r2 = set_adjust(sheet, "6.1", "=+D7")
    r3 = set_adjust(sheet, "2.1", "+d1 banana")
    with pytest.raises(SheetRejected) as exc:
        confirm_sheet(sheet, "2018", "Lan", store, config)
    msgs = [(p.row, str(p)) for p in exc.value.problems]
    assert any(r == r1 and "d99" in m and "d1, d2, d3" in m for r, m in msgs), msgs
    assert any(r == r1 and "d2" in m and "vừa" in m for r, m in msgs), msgs  # both attached and removed
    assert any(r == r2 and "công thức" in m for r, m in msgs), msgs
    assert any(r == r3 and "banana" in m for r, m in msgs), msgs
    assert any(r == r3 and "d1" in m and "tự đánh giá" in m for r, m in msgs), msgs  # self-assessment d1
    assert store.evidence_decisions() == [] and store.confirmations("2018") == []


def test_changes_need_the_stored_draft(config, tmp_path, store):
    path = write_workbook(Draft.of(seed_draft(config)), config, tmp_path / "draft_scores.xlsx")
    set_adjust(path, "1.1", "+d2")
    with pytest.raises(SheetRejected, match="d2|K"):
        read_reviewed(path, "2018", config)


def test_injection_in_column_k_is_not_a_formula(sheet, config, store):
    set_adjust(sheet, "1.1", "@SUM(1+1)")
    with pytest.raises(SheetRejected) as exc:
        confirm_sheet(sheet, "2018", "Lan", store, config)
    assert len(exc.value.problems) == 1


def test_suggestions_are_shown_in_the_evidence_cell_and_the_sheet_still_confirms(config, tmp_path, store):
    draft = seed_draft(config)
    unit = next(u for u in draft["units"] if u["unit"] == UNIT)
    crit = next(c for c in unit["criteria"] if c["code"] == "6.1")
    crit["suggestions"] = [{"document": "d2", "score": 44.6, "why": "điểm 44.6: từ chung: kế hoạch"}]
    store.save_draft("2018", draft)
    path = write_workbook(Draft.of(draft), config, tmp_path / "s.xlsx")
    ws = load_workbook(path)[UNIT]
    r = criterion_row(ws, "6.1")
    assert ws.cell(row=r, column=COL_EVIDENCE).value == (
        "có thể là: d2 (05/KH-UBND — Kế hoạch cải cách hành chính năm 2018) — điểm 44.6: từ chung: kế hoạch")
    set_adjust(path, "6.1", "+d2")  # the reviewer accepts the suggestion
    res = confirm_sheet(path, "2018", "Lan", store, config)
    assert [(e.code, e.action, e.document) for e in res.evidence] == [("6.1", "attach", "d2")]
    assert {s.code: s.score for s in store.confirmed_scores("2018") if s.unit == UNIT}["6.1"] == 1

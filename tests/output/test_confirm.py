import getpass

import pytest
from _seed import criterion_row as row_of
from _seed import seed_draft, set_cell
from openpyxl import load_workbook

from pipeline.core import i18n
from pipeline.core.model import Draft
from pipeline.output.confirm import SheetRejected, confirm_sheet, read_sheet
from pipeline.output.sheet import (
    COL_CODE,
    COL_EVIDENCE,
    COL_FILES,
    COL_NOTE,
    COL_SCORE,
    META_SCORES_COL,
    META_SHEET,
    write_workbook,
)

UNIT = "Xã Lâm Kiệt"



pytestmark = pytest.mark.usefixtures("vietnamese")




@pytest.fixture
def sheet(config, tmp_path):
    return write_workbook(Draft.of(seed_draft(config)), config, tmp_path / "draft_scores.xlsx")




def edit(path, unit, code, column=COL_SCORE, value=None):
    return set_cell(path, unit, code, column, value)


def rejected(path, config, store, period="2018") -> SheetRejected:
    with pytest.raises(SheetRejected) as exc:
        confirm_sheet(path, period, "kiểm tra", store, config)
    assert store.confirmations(period) == []  # a refused sheet records nothing
    return exc.value


def test_unchanged_sheet_is_version_1(sheet, config, store):
    result = confirm_sheet(sheet, "2018", None, store, config)
    assert result.version == 1 and result.changes == [] and result.since_previous == []
    assert result.reviewer == getpass.getuser()
    n_crit = len(config.catalog.criteria())
    assert result.scores == 10 * n_crit
    scores = store.confirmed_scores("2018")
    assert len(scores) == 10 * n_crit and not any(s.changed for s in scores)
    conf = store.confirmations("2018")[0]
    assert conf.reviewer == getpass.getuser() and conf.catalog == config.catalog.id and len(conf.sheet_sha256) == 64
    lk = {s.code: s for s in scores if s.unit == UNIT}
    assert lk["6.1"].score == 1 and lk["6.1"].draft_score == 1 and lk["6.1"].max == 3


def test_out_of_range(sheet, config, store):
    r = edit(sheet, UNIT, "1.1", value=4.5)
    err = rejected(sheet, config, store)
    assert len(err.problems) == 1
    assert str(err.problems[0]) == f"trang “{UNIT}”, dòng {r}: 1.1, cột F: điểm 4.5 nằm ngoài khoảng 0..4"
    assert "draft_scores.xlsx" in str(err)


def test_negative_is_out_of_range(sheet, config, store):
    edit(sheet, UNIT, "2.1", value=-0.5)
    assert "ngoài khoảng 0..2" in str(rejected(sheet, config, store))


def test_text_in_numeric_cell(sheet, config, store):
    r = edit(sheet, UNIT, "1.2", value="bốn")
    err = rejected(sheet, config, store)
    assert err.problems[0].row == r and err.problems[0].value == "bốn"
    assert "“bốn” không phải là số" in str(err)


def test_empty_score(sheet, config, store):
    edit(sheet, UNIT, "1.2", value=None)
    assert "chưa nhập điểm" in str(rejected(sheet, config, store))


def test_not_a_multiple_of_half(sheet, config, store):
    edit(sheet, UNIT, "1.1", value=3.3)
    assert "điểm 3.3 không phải bội số của 0,5" in str(rejected(sheet, config, store))


def test_formula_where_a_value_belongs(sheet, config, store):
    edit(sheet, UNIT, "1.1", value="=2+2")
    err = rejected(sheet, config, store)
    assert "có công thức (=2+2) thay vì điểm" in str(err)


def test_formula_in_note(sheet, config, store):
    edit(sheet, UNIT, "1.1", column=COL_NOTE, value='=HYPERLINK("http://x")')
    assert "trong ô ghi chú" in str(rejected(sheet, config, store))


def test_unknown_unit_sheet(sheet, config, store):
    wb = load_workbook(sheet)
    wb.copy_worksheet(wb[UNIT]).title = "Xã Lạ"
    wb.save(sheet)
    err = rejected(sheet, config, store)
    assert [p.sheet for p in err.problems] == ["Xã Lạ"]
    assert "trang lạ" in str(err)


def test_renamed_sheet(sheet, config, store):
    wb = load_workbook(sheet)
    wb[UNIT].title = "Lam Kiet"
    wb.save(sheet)
    msgs = str(rejected(sheet, config, store))
    assert f"thiếu trang của đơn vị “{UNIT}”" in msgs and "trang “Lam Kiet”" in msgs


def test_deleted_row(sheet, config, store):
    wb = load_workbook(sheet)
    ws = wb[UNIT]
    ws.delete_rows(row_of(ws, "3.2"))
    wb.save(sheet)
    assert "thiếu dòng của tiêu chí 3.2" in str(rejected(sheet, config, store))


def test_extra_row_with_unknown_code(sheet, config, store):
    wb = load_workbook(sheet)
    ws = wb[UNIT]
    r = ws.max_row + 2
    ws.cell(row=r, column=COL_CODE, value="9.9")
    ws.cell(row=r, column=COL_SCORE, value=2)
    wb.save(sheet)
    err = rejected(sheet, config, store)
    assert err.problems[0].row == r and "mã tiêu chí thành phần “9.9”" in str(err)


def test_another_period(sheet, config, store):
    err = rejected(sheet, config, store, period="2019")
    assert "bảng điểm thuộc kỳ 2018, không phải kỳ 2019" in str(err)


def test_another_catalog(sheet, config, store):
    other = config.model_copy(update={"catalog": config.catalog.model_copy(update={"id": "2019-commune"})})
    with pytest.raises(SheetRejected, match="bộ tiêu chí 2018-commune, cấu hình đang dùng 2019-commune"):
        confirm_sheet(sheet, "2018", "x", store, other)


@pytest.mark.parametrize("path", ["/etc/passwd", "../../ngoai/hop thu.pdf", "xa lam kiet/../../x.pdf",
                                  "C:\\Windows\\win.ini", "\\\\server\\share\\a.pdf", "file:///etc/passwd"])
def test_evidence_path_outside_inbox(sheet, config, store, path):
    edit(sheet, UNIT, "1.1", column=COL_FILES, value=f"xã lâm kiệt/ke hoach cchc.pdf\n{path}")
    err = rejected(sheet, config, store)
    assert "trỏ ra ngoài thư mục hồ sơ" in str(err) and path in str(err)


def test_locked_cells_cannot_be_edited(sheet, config, store):
    r = edit(sheet, UNIT, "1.1", column=COL_FILES, value="xã lâm kiệt/khac/ke hoach..cchc.pdf")  # inside, but edited
    err = rejected(sheet, config, store)
    assert [(p.sheet, p.row) for p in err.problems] == [(UNIT, r)]
    assert "1.1: một ô bị khóa" in str(err)


def test_evidence_text_edited_to_an_outside_path(sheet, config, store):
    edit(sheet, UNIT, "1.1", column=COL_EVIDENCE, value="d2: C:\\Windows\\win.ini")
    assert "“C:\\Windows\\win.ini” trỏ ra ngoài" in str(rejected(sheet, config, store))


def test_draft_scores_come_from_the_stored_draft_not_from_meta(sheet, config, store):
    store.save_draft("2018", seed_draft(config))
    store.save_draft("2018", {**seed_draft(config), "units": seed_draft(config)["units"][:3]})  # a newer run
    wb = load_workbook(sheet)
    ws = wb[UNIT]
    ws.cell(row=row_of(ws, "1.1"), column=COL_SCORE).value = 2
    meta = wb[META_SHEET]
    for r in range(2, meta.max_row + 1):  # a reviewer "adjusting" the hidden draft score to hide the change
        if meta.cell(row=r, column=META_SCORES_COL).value == UNIT and meta.cell(row=r, column=META_SCORES_COL + 1).value == "1.1":
            meta.cell(row=r, column=META_SCORES_COL + 4).value = 2
    wb.save(sheet)
    result = confirm_sheet(sheet, "2018", "x", store, config)
    assert [(c.unit, c.code, c.old, c.new) for c in result.changes] == [(UNIT, "1.1", 4, 2)]
    assert next(s for s in store.confirmed_scores("2018") if s.unit == UNIT and s.code == "1.1").changed


def test_a_sheet_matching_no_stored_draft_is_refused(sheet, config, store):
    store.save_draft("2018", seed_draft(config))
    wb = load_workbook(sheet)
    meta = wb[META_SHEET]
    for r in range(1, 12):
        if meta.cell(row=r, column=1).value == "draft_fingerprint":
            meta.cell(row=r, column=2).value = "0" * 64
    wb.save(sheet)
    assert "không khớp với bản dự thảo nào của kỳ 2018" in str(rejected(sheet, config, store))


def test_a_stray_cell_far_below_is_quick(sheet, config, store):
    import time

    wb = load_workbook(sheet)
    wb[UNIT].cell(row=1_048_576, column=1, value="x")
    wb.save(sheet)
    t = time.monotonic()
    err = rejected(sheet, config, store)
    assert time.monotonic() - t < 5
    assert [(p.sheet, p.row) for p in err.problems] == [(UNIT, 1_048_576)]


def test_all_problems_are_listed(sheet, config, store):
    wb = load_workbook(sheet)
    ws = wb[UNIT]
    ws.cell(row=row_of(ws, "1.1"), column=COL_SCORE).value = 9
    ws.cell(row=row_of(ws, "1.2"), column=COL_SCORE).value = "x"
    wb["TT Phú Lộc"].cell(row=row_of(wb["TT Phú Lộc"], "8.4"), column=COL_SCORE).value = 0.25
    wb.save(sheet)
    err = rejected(sheet, config, store, period="2017")
    assert len(err.problems) == 4
    assert str(err).count("\n- ") == 4


def test_not_a_kiemchung_workbook(config, store, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    assert "_meta" in str(rejected(path, config, store))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    assert "không mở được tệp" in str(rejected(junk, config, store))


def test_audit_trail_across_two_confirmations(sheet, config, store):
    edit(sheet, UNIT, "1.1", value=3.5)
    edit(sheet, UNIT, "1.1", column=COL_NOTE, value="Kế hoạch ban hành trễ hạn")
    first = confirm_sheet(sheet, "2018", "Nguyễn Văn A", store, config)
    assert first.version == 1
    assert [(c.unit, c.code, c.old, c.new, c.note) for c in first.changes] == [
        (UNIT, "1.1", 4, 3.5, "Kế hoạch ban hành trễ hạn")]

    edit(sheet, "TT Phú Lộc", "8.4", value=1.5)
    second = confirm_sheet(sheet, "2018", "Trần Thị B", store, config)
    assert second.version == 2
    assert {(c.unit, c.code, c.old, c.new) for c in second.changes} == {(UNIT, "1.1", 4, 3.5),
                                                                        ("TT Phú Lộc", "8.4", 2, 1.5)}
    assert [(c.unit, c.code, c.old, c.new) for c in second.since_previous] == [("TT Phú Lộc", "8.4", 2, 1.5)]

    confs = store.confirmations("2018")
    assert [(c.version, c.reviewer) for c in confs] == [(1, "Nguyễn Văn A"), (2, "Trần Thị B")]
    assert confs[0].sheet_sha256 != confs[1].sheet_sha256
    v1 = {(s.unit, s.code): s for s in store.confirmed_scores("2018", version=1)}
    v2 = {(s.unit, s.code): s for s in store.confirmed_scores("2018")}
    assert v1[(UNIT, "1.1")].changed and v1[(UNIT, "1.1")].draft_score == 4 and v1[(UNIT, "1.1")].score == 3.5
    assert v1[(UNIT, "1.1")].note == "Kế hoạch ban hành trễ hạn"
    assert v1[("TT Phú Lộc", "8.4")].score == 2 and not v1[("TT Phú Lộc", "8.4")].changed  # kept, not overwritten
    assert v2[("TT Phú Lộc", "8.4")].score == 1.5 and v2[("TT Phú Lộc", "8.4")].changed


def test_read_sheet_returns_rows(sheet, config):
    rows = read_sheet(sheet, "2018", config)
    row = next(r for r in rows if r["unit"] == UNIT and r["code"] == "6.1")
    assert row == {"unit": UNIT, "code": "6.1", "max": 3, "self_score": 1, "draft_score": 1, "score": 1.0,
                   "note": None}


def test_english_message(sheet, config, store):
    i18n.set_language("en")
    edit(sheet, UNIT, "1.1", value=7)
    with pytest.raises(SheetRejected, match=r"row \d+: 1.1, column F: score 7 is outside 0..4"):
        confirm_sheet(sheet, "2018", "x", store, config)


def test_scores_and_evidence_decisions_are_one_record(tmp_path):
    """A confirmation whose evidence decisions cannot be written leaves nothing behind (one transaction)."""
    import pytest

    from pipeline.run.store import Store

    store = Store.for_state(tmp_path)
    try:
        rows = [{"unit": "Xã A", "code": "1.1", "max": 4, "self_score": 4, "draft_score": 4, "score": 3, "note": None}]
        bad = [{"period": "2018", "unit": "Xã A", "code": "1.1", "action": "attach", "document": "d1",
                "reviewer": "r", "source": "workbook", "no_such_column": 1}]
        with pytest.raises(TypeError):
            store.add_confirmation("2018", "r", "0" * 64, rows, evidence=bad)
        assert store.confirmations("2018") == [] and store.confirmed_scores("2018") == []
        good = [{k: v for k, v in bad[0].items() if k != "no_such_column"}]
        assert store.add_confirmation("2018", "r", "0" * 64, rows, evidence=good) == 1
        assert len(store.evidence_decisions("2018")) == 1
    finally:
        store.close()

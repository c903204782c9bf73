import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from _seed import INJECTIONS, SEED_TABLE, seed_draft, with_injections
from openpyxl import load_workbook

from pipeline.core import i18n
from pipeline.core.model import Draft
from pipeline.output.sheet import (
    COL_DRAFT,
    COL_EVIDENCE,
    COL_FILES,
    COL_FLAGS,
    COL_NOTE,
    COL_SCORE,
    FIRST_ROW,
    HEADER_ROW,
    META_SHEET,
    sheet_title,
    write_workbook,
)

pytestmark = pytest.mark.usefixtures("vietnamese")




@pytest.fixture(scope="module")
def book(config, tmp_path_factory):
    # module scope runs before the function-scoped `vietnamese`: the language is set here too
    from pipeline.core import i18n

    before = i18n.current_language()
    i18n.set_language("vi")
    try:
        path = write_workbook(Draft.of(with_injections(seed_draft(config))), config,
                              tmp_path_factory.mktemp("wb") / "draft_scores.xlsx")
    finally:
        i18n.set_language(before)
    return path, load_workbook(path)


def criterion_rows(ws, config):
    codes = {c.code for c in config.catalog.criteria()}
    return {ws.cell(row=r, column=1).value: r for r in range(FIRST_ROW, ws.max_row + 1)
            if ws.cell(row=r, column=1).value in codes}


def test_sheets_titles_and_hidden_meta(book, config):
    path, wb = book
    names = [u.name for u in config.units.units]
    assert wb.sheetnames[0] == "Tổng hợp"
    assert sorted(wb.sheetnames[1:-1]) == sorted(names)  # unmapped folder gets no sheet
    assert wb.sheetnames[-1] == META_SHEET and wb[META_SHEET].sheet_state == "hidden"
    for name in names:
        assert wb[name]["A1"].value == name  # diacritics intact, unit name stored in a cell
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True) if r[0]}
    assert meta["period"] == "2018" and meta["catalog"] == config.catalog.id


def test_sheet_title_rules():
    taken = set()
    t1 = sheet_title("Xã [Tân]/Mới: tên rất dài hơn ba mươi mốt ký tự?*", taken)
    assert len(t1) <= 31 and not set(t1) & set("[]:*?/\\")
    t2 = sheet_title("XÃ [TÂN]/MỚI: TÊN RẤT DÀI HƠN BA MƯƠI MỐT KÝ TỰ?*", taken)
    assert t2 != t1 and t2.endswith("(2)") and len(t2) <= 31
    assert sheet_title("'quoted'", taken) == "quoted"
    assert sheet_title("Tổng hợp", {"tổng hợp"}) == "Tổng hợp (2)"


def test_summary_sheet_like_the_seed_table(book, config):
    _path, wb = book
    ws = wb["Tổng hợp"]
    assert [ws.cell(row=4, column=c).value for c in (1, 2, 3, 4, 12)] == [
        "Stt", "Đơn vị", "Tổng điểm", "Điểm của từng nội dung", "Xếp loại"]
    assert [ws.cell(row=5, column=4 + j).value for j in range(8)] == [
        a.report_name for a in config.catalog.areas]
    for k, (rank, name, total, areas) in enumerate(SEED_TABLE):
        row = 6 + k
        assert ws.cell(row=row, column=1).value == rank
        assert ws.cell(row=row, column=2).value == name
        assert ws.cell(row=row, column=3).value == total
        assert ws.cell(row=row, column=3).number_format == 'General"/100"'
        assert [ws.cell(row=row, column=4 + j).value for j in range(8)] == areas
        assert ws.cell(row=row, column=4).number_format == 'General"/25"'
    rate_row = 6 + len(SEED_TABLE)
    assert ws.cell(row=rate_row, column=2).value == "Tỷ lệ %"
    assert [ws.cell(row=rate_row, column=c).value for c in range(3, 12)] == [
        86.7, 82.8, 80, 84.7, 91.7, 92.5, 93.1, 72.9, 92.5]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "'=Thu muc la" in texts and "'=Thu muc la/a.pdf" in texts  # unmapped folder listed, escaped


def test_unit_sheet_rows_validation_protection_and_freeze(book, config):
    _path, wb = book
    ws = wb["Xã Lâm Kiệt"]
    assert ws.freeze_panes == f"C{FIRST_ROW}"
    assert ws.cell(row=HEADER_ROW, column=COL_SCORE).value == "Điểm thẩm định"
    assert "0,5" in ws.cell(row=HEADER_ROW, column=COL_SCORE).comment.text
    rows = criterion_rows(ws, config)
    assert list(rows) == [c.code for c in config.catalog.criteria()]
    assert isinstance(ws.cell(row=rows["1.1"], column=1).value, str)  # "1.1" stays a code, not 1.1
    assert ws.protection.sheet is True
    dvs = ws.data_validations.dataValidation
    for crit in config.catalog.criteria():
        r = rows[crit.code]
        score = ws.cell(row=r, column=COL_SCORE)
        assert score.value == ws.cell(row=r, column=COL_DRAFT).value  # prefilled with the draft
        assert score.protection.locked is False and ws.cell(row=r, column=COL_NOTE).protection.locked is False
        assert ws.cell(row=r, column=COL_DRAFT).protection.locked is True
        assert ws.cell(row=r, column=COL_EVIDENCE).protection.locked is True
        dv = [d for d in dvs if score.coordinate in d.sqref]
        assert len(dv) == 1
        assert (dv[0].type, dv[0].operator, dv[0].formula1) == ("decimal", "between", "0")
        assert float(dv[0].formula2) == crit.max and "0,5" in dv[0].prompt
    # area subtotal rows: code = area code, a SUM over its criteria in the reviewer column
    area_row = rows["1.1"] - 1
    assert ws.cell(row=area_row, column=1).value == "1"
    assert ws.cell(row=area_row, column=COL_SCORE).value == f"=SUM(F{rows['1.1']}:F{rows['1.7']})"
    # flagged rows highlighted, unit-level flags below the table
    flagged = ws.cell(row=rows["6.1"], column=COL_FLAGS)
    assert "Thiếu Kế hoạch ĐTBD CBCC." in flagged.value
    assert flagged.fill.fgColor.rgb.endswith("FCE4D6")
    assert not ws.cell(row=rows["2.1"], column=COL_FLAGS).fill.fgColor.rgb.endswith("FCE4D6")
    below = [str(ws.cell(row=r, column=2).value) for r in range(rows["8.4"] + 1, ws.max_row + 1)]
    assert "d3 là bản sao của d2 (3 trang)." in below


def test_document_text_is_escaped_and_numbers_stay_numeric(book, config):
    _path, wb = book
    hostile_unit = with_injections(seed_draft(config))["units"][0]["unit"]
    ws = wb[hostile_unit]
    r = criterion_rows(ws, config)["1.1"]
    evidence = ws.cell(row=r, column=COL_EVIDENCE).value
    # inside the cell (after "d2: ") the text is inert and kept verbatim for the reviewer
    assert INJECTIONS[0] in evidence and INJECTIONS[1] in evidence and INJECTIONS[2] in evidence
    assert ws.cell(row=r, column=COL_FILES).value.split("\n")[1] == "=cmd|x/evil.pdf"
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # only our own subtotal/total formulas
                    assert sheet.title != "Tổng hợp" and cell.column == COL_SCORE
                    assert str(cell.value).startswith(("=SUM(F", "=F"))
                elif isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (sheet.title, cell.coordinate)
    assert isinstance(ws.cell(row=r, column=COL_DRAFT).value, int | float)
    assert wb["Tổng hợp"].cell(row=6, column=3).data_type == "n"


def test_hostile_text_at_cell_start_is_escaped(config, tmp_path):
    draft = with_injections(seed_draft(config))
    unit = draft["units"][0]
    unit["documents"][2]["file"] = "=cmd|x/evil.pdf"
    unit["criteria"][0]["documents"] = ["d3"]
    unit["flags"][-1]["message"] = "@SUM(1)"
    wb = load_workbook(write_workbook(Draft.of(draft), config, tmp_path / "x.xlsx"))
    ws = wb[unit["unit"]]
    r = criterion_rows(ws, config)["1.1"]
    assert ws.cell(row=r, column=COL_FILES).value == "'=cmd|x/evil.pdf"
    assert ws.cell(row=r, column=COL_FILES).data_type == "s"
    assert ws.cell(row=r, column=COL_FLAGS).value.startswith("• ")


def test_xlsx_package_is_well_formed(book):
    path, _wb = book
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert "[Content_Types].xml" in names and "xl/workbook.xml" in names
        for name in names:
            if name.endswith((".xml", ".rels", ".vml")):
                ElementTree.fromstring(z.read(name))  # every part parses


def test_english_labels(config, tmp_path):
    i18n.set_language("en")
    wb = load_workbook(write_workbook(Draft.of(seed_draft(config)), config, tmp_path / "en.xlsx"))
    assert wb.sheetnames[0] == "Summary"
    assert wb["Summary"].cell(row=4, column=4).value == "Score of each area"
    assert wb["Xã Vĩnh Thành"].cell(row=HEADER_ROW, column=COL_SCORE).value == "Reviewer's score"


def test_writes_atomically_into_new_directory(config, tmp_path):
    out = write_workbook(Draft.of(seed_draft(config)), config, tmp_path / "OUT" / "draft_scores.xlsx")
    assert out.exists() and not list(Path(out.parent).glob("*.tmp"))

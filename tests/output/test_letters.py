"""Feedback letters: one DOCX per unit, every flag of the unit in it, the công văn header pieces."""

import copy
import unicodedata

import docx
import pytest
from _seed import seed_draft
from letters_check import assert_every_flag_in_its_letter, text_of
from typer.testing import CliRunner

from pipeline.core.i18n import set_language
from pipeline.core.model import Draft
from pipeline.output.confirm import confirm_sheet
from pipeline.output.letters import LetterError, safe_file_name, write_letters
from pipeline.output.sheet import write_workbook
from pipeline.run.cli import app
from pipeline.run.store import Store

LAM_KIET = "Xã Lâm Kiệt"


def rich_draft(config) -> dict:
    """The seed draft with every kind of flag on Xã Lâm Kiệt (and a third copy of the plan, cited
    for 1.1 and 1.4), a quarantined file, and a folder of no unit."""
    draft = seed_draft(config)
    unit = next(u for u in draft["units"] if u["unit"] == LAM_KIET)
    unit["documents"].append({
        "id": "d4", "file": "xã lâm kiệt/ke hoach 1.4.pdf", "first_page": 2, "last_page": 4, "doc_type": "KH",
        "symbol": "05/KH-UBND", "date": "2018-01-10", "title": "Kế hoạch cải cách hành chính năm 2018",
        "ocr": True, "ocr_confidence": 0.4, "criteria": ["1.4"], "match": {}, "duplicate_of": "d2"})
    unit["duplicate_groups"] = [{"documents": ["d2", "d3", "d4"], "keep": "d2", "redundant_pages": 6}]
    unit["files"].append({"path": "xã lâm kiệt/hong.pdf", "sha256": "2" * 64, "status": "quarantined",
                          "error": "Tệp PDF bị hỏng, không mở được.", "documents": []})
    unit["flags"] += [
        {"code": "late_document", "criterion": "1.1", "document": "d2", "file": "xã lâm kiệt/ke hoach cchc.pdf",
         "message": "d2 05/KH-UBND ngày 10/02/2018, sau thời hạn 31/01/2018 của 1.1."},
        {"code": "wrong_period", "criterion": "2.2", "document": "d9", "file": "xã lâm kiệt/pbgdpl 2017.pdf",
         "message": "d9 12/KH-UBND ngày 05/01/2017, ngoài kỳ 2018."},
        {"code": "contradicted_citation", "criterion": "3.1", "document": "d7", "file": "xã lâm kiệt/tthc.pdf",
         "message": "Báo cáo tự chấm dẫn chiếu 07/KH-UBND ngày 02/02/2018 cho 3.1; hồ sơ có d7 ngày 09/09/2018."},
        {"code": "unreadable_file", "criterion": None, "document": None, "file": "xã lâm kiệt/hong.pdf",
         "message": "Tệp PDF bị hỏng, không mở được."},
        {"code": "low_ocr_confidence", "criterion": None, "document": "d4", "file": "xã lâm kiệt/ke hoach 1.4.pdf",
         "message": "Độ tin cậy OCR của d4 là 0.40, dưới 0.60."},
        {"code": "missing_evidence", "criterion": "8.2", "document": None, "file": None,
         "message": "Tự chấm 1 điểm cho 8.2 nhưng không có văn bản nào làm căn cứ."},
        {"code": "self_score_exceeds_max", "criterion": "5.1", "document": None, "file": None,
         "message": "Tự chấm 9 điểm cho 5.1, vượt điểm tối đa."},
    ]
    for c in unit["criteria"]:
        if c["code"] == "1.4":
            c["documents"] = ["d4"]
    draft["units"].append({
        "unit": None, "folder": "linh tinh", "self_assessment": None, "self_total": None, "draft_total": 0,
        "classification": None, "criteria": [], "documents": [], "files": [], "duplicate_groups": [],
        "flags": [{"code": "unknown_unit", "criterion": None, "message": "Thư mục không khớp đơn vị nào."}]})
    return draft


@pytest.mark.usefixtures("vietnamese")
def test_every_flag_of_each_unit_is_in_its_letter(config, store, tmp_path):
    draft = rich_draft(config)
    store.save_draft("2018", draft)
    result = write_letters("2018", store, config, tmp_path / "OUT")
    assert result.skipped == ["linh tinh"]
    assert_every_flag_in_its_letter(draft, config, tmp_path / "OUT")
    text = text_of(tmp_path / "OUT" / f"{LAM_KIET}.docx")
    # the header pieces of a công văn, the district from units.yaml
    for piece in ("UBND HUYỆN THẠNH TRỊ", "PHÒNG NỘI VỤ", "Số:      /PNV",
                  "V/v hồ sơ minh chứng Chỉ số cải cách hành chính năm 2018", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "Thạnh Trị, ngày … tháng … năm …",
                  "Kính gửi: Ủy ban nhân dân xã Lâm Kiệt", "TRƯỞNG PHÒNG", "Nơi nhận:"):
        assert piece in text, piece
    d = docx.Document(tmp_path / "OUT" / f"{LAM_KIET}.docx")
    assert len(d.tables) == 2 and len(d.tables[0].columns) == 2  # header and signature blocks
    assert d.tables[0]._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders") is not None
    # missing plan and report with their deadlines from the catalog
    assert "Kế hoạch ĐTBD CBCC (tiêu chí 6.1): chưa có" in text
    assert "Báo cáo CCHC quý I (tiêu chí 1.3): chưa có; thời hạn 20/03/2018." in text
    # the duplicate group: three copies, the sub-criteria citing it
    assert ("Đã nộp 3 bản của Kế hoạch số 05/KH-UBND (xã lâm kiệt/ke hoach cchc.pdf, tr. 1-3; "
            "xã lâm kiệt/scan/ke hoach cchc (2).pdf, tr. 1-3; xã lâm kiệt/ke hoach 1.4.pdf, tr. 2-4): "
            "chỉ cần nộp 1 bản và dẫn chiếu cho các tiêu chí 1.1, 1.4; bớt được 6 trang.") in text
    assert "xã lâm kiệt/hong.pdf: Tệp PDF bị hỏng, không mở được. Đề nghị gửi lại tệp này." in text
    for heading in ("Kế hoạch, báo cáo định kỳ còn thiếu:", "Văn bản ban hành trễ hạn hoặc không đúng kỳ",
                    "Văn bản dẫn chiếu không khớp", "Văn bản nộp trùng lặp:", "Tệp không đọc được", "Nội dung khác:"):
        assert heading in text


@pytest.mark.usefixtures("english")
def test_english_letter(config, store, tmp_path):
    store.save_draft("2018", rich_draft(config))
    write_letters("2018", store, config, tmp_path)
    text = text_of(tmp_path / f"{LAM_KIET}.docx")
    for piece in ("PEOPLE'S COMMITTEE OF HUYỆN THẠNH TRỊ", "HOME AFFAIRS OFFICE", "SOCIALIST REPUBLIC OF VIETNAM",
                  "To: the People's Committee of xã Lâm Kiệt", "HEAD OF OFFICE", "Recipients:",
                  "Kế hoạch ĐTBD CBCC (sub-criterion 6.1): not found",
                  "3 copies of Kế hoạch No. 05/KH-UBND were submitted"):
        assert piece in text, piece
    assert "Kính gửi" not in text


@pytest.mark.usefixtures("vietnamese")
def test_confirmed_scores_replace_the_draft_total(config, store, tmp_path):
    draft = seed_draft(config)
    store.save_draft("2018", draft)
    sheet = write_workbook(Draft.of(draft), config, tmp_path / "s.xlsx")
    confirm_sheet(sheet, "2018", "tester", store, config)
    write_letters("2018", store, config, tmp_path / "OUT")
    text = text_of(tmp_path / "OUT" / f"{LAM_KIET}.docx")
    assert "Tổng điểm đã thẩm định: 71/100 điểm" in text
    assert "Kế hoạch ĐTBD CBCC (tiêu chí 6.1): chưa có" in text and "Điểm thẩm định: 1/3." in text
    assert "Báo cáo CCHC quý I (tiêu chí 1.3): chưa có; thời hạn 20/03/2018. Điểm thẩm định: 3/4." in text


@pytest.mark.usefixtures("vietnamese")
def test_refusals(config, store, tmp_path):
    with pytest.raises(LetterError, match="chưa có bản dự thảo"):
        write_letters("2018", store, config, tmp_path)
    with pytest.raises(LetterError, match="không phải mã kỳ"):
        write_letters("../2018", store, config, tmp_path)
    assert not list(tmp_path.glob("*.docx"))


def test_unit_names_are_safe_file_names(config, store, tmp_path):
    assert safe_file_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_file_name("..") == "_"
    assert safe_file_name("con") == "_con" and safe_file_name("Xã Con") == "Xã Con"
    assert safe_file_name("Xa\\b:c\x00d") == "Xa_b_c_d"
    decomposed = unicodedata.normalize("NFD", "Xã Lâm Kiệt")
    assert safe_file_name(decomposed) == unicodedata.normalize("NFC", "Xã Lâm Kiệt")
    draft = seed_draft(config)
    evil = copy.deepcopy(draft["units"][0])
    evil["unit"] = "../../ra ngoai"
    draft["units"] = [draft["units"][0], evil]
    store.save_draft("2018", draft)
    out = tmp_path / "OUT"
    result = write_letters("2018", store, config, out)
    assert all(p.parent == out for p in result.written)
    assert (out / "_.._ra ngoai.docx").exists() and not (tmp_path / "ra ngoai.docx").exists()


def test_cli_letters(config, tmp_path, monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_LANG", raising=False)
    state = tmp_path / "state"
    state.mkdir()
    s = Store.for_state(state)
    s.save_draft("2018", rich_draft(config))
    s.close()
    runner = CliRunner()
    try:
        result = runner.invoke(app, ["letters", "--period", "2018", "--out", str(tmp_path / "OUT"),
                                     "--state", str(state)])
        assert result.exit_code == 0, result.output
        assert f"Công văn: 10 tệp trong {tmp_path / 'OUT'}" in result.output
        assert "linh tinh" in result.output
        assert "Kính gửi: Ủy ban nhân dân xã Lâm Kiệt" in text_of(tmp_path / "OUT" / f"{LAM_KIET}.docx")
        result = runner.invoke(app, ["letters", "--period", "2018", "--out", str(tmp_path / "EN"),
                                     "--state", str(state), "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert "HEAD OF OFFICE" in text_of(tmp_path / "EN" / f"{LAM_KIET}.docx")
        result = runner.invoke(app, ["letters", "--period", "2017", "--out", str(tmp_path / "X"),
                                     "--state", str(state), "--lang", "en"])
        assert result.exit_code == 1
        assert result.output.strip() == "Period 2017 has no draft: run kiemchung run --period 2017 first."
    finally:
        set_language("vi")

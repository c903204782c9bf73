"""The per-unit pipeline end to end on hand-built extracted files: ids, matches, duplicates,
scores, flags, file entries, determinism."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.model import (
    DocMeta,
    Document,
    ExtractedFile,
    Page,
    Provenance,
    SelfAssessment,
    SelfScoreRow,
    TextSource,
)
from pipeline.decide.analyze import analyze_unit, number_documents, period_year
from pipeline.inbox.units import map_folder

D = dt.date
BODY = ("Căn cứ Kế hoạch của Ủy ban nhân dân huyện về công tác cải cách hành chính, Ủy ban nhân dân xã "
        "báo cáo kết quả thực hiện như sau: tiếp nhận {a} hồ sơ, giải quyết đúng hạn {b} hồ sơ, tổ chức "
        "{c} cuộc tuyên truyền, niêm yết công khai đầy đủ thủ tục hành chính tại bộ phận một cửa; kiểm tra "
        "việc thực hiện quy chế làm việc, quy chế chi tiêu nội bộ; bồi dưỡng cán bộ công chức; ứng dụng công "
        "nghệ thông tin trong quản lý văn bản và điều hành; khảo sát mức độ hài lòng của người dân.")


pytestmark = pytest.mark.usefixtures("english")


def mkdoc(path, sha, first, title, doc_type, date=None, symbol=None, period=None, source=TextSource.DOCX,
          conf=None, body="", pages=1, sa=None):
    src_pages = [Page(number=first + i, text=f"{title}\n{body}" if i == 0 else body, source=source,
                      ocr_confidence=conf) for i in range(pages)]
    return Document(
        key=f"{sha[:16]}:{first}",
        provenance=Provenance(file=path, first_page=first, last_page=first + pages - 1, source=source,
                              ocr_confidence=conf),
        pages=src_pages,
        meta=DocMeta(title=title, doc_type=doc_type, date=date, symbol=symbol, period=period),
        is_self_assessment=sa is not None,
        self_assessment=sa,
    )


def mkfile(path, sha, docs, kind="docx"):
    return ExtractedFile(path=path, sha256=sha, size=100, kind=kind, status="processed", documents=docs)


def sa_table(**scores) -> SelfAssessment:
    rows = {}
    for code, (score, cited) in scores.items():
        code = code[1:].replace("_", ".")
        rows[code] = SelfScoreRow(code=code, self_score=score, cited=cited)
    return SelfAssessment(rows=rows)


@pytest.fixture
def unit_files():
    sa = sa_table(c1_1=(4, ["05/KH-UBND"]), c1_3=(4, []), c6_4=(4, ["31/BC-UBND"]), c4_3=(6, []),
                  c1_2=(4, []))
    q1 = BODY.format(a=120, b=118, c=3)
    q3 = BODY.format(a=356, b=350, c=7)
    files = [
        mkfile("xa vinh thanh/00 tu danh gia.docx", "a" * 64, [
            mkdoc("xa vinh thanh/00 tu danh gia.docx", "a" * 64, 1, "Báo cáo tự đánh giá, chấm điểm chỉ số CCHC năm 2018",
                  "BC", D(2018, 12, 20), "60/BC-UBND", sa=sa)]),
        mkfile("xa vinh thanh/ke hoach.docx", "b" * 64, [
            mkdoc("xa vinh thanh/ke hoach.docx", "b" * 64, 1, "Kế hoạch cải cách hành chính năm 2018", "KH",
                  D(2018, 1, 10), "05/KH-UBND", body=BODY.format(a=1, b=2, c=3))]),
        # a scanned bundle: Q1 and Q3 reports of one template, then the 6.4 report cited by symbol only
        mkfile("xa vinh thanh/scan bao cao.pdf", "c" * 64, [
            mkdoc("xa vinh thanh/scan bao cao.pdf", "c" * 64, 4, "Báo cáo CCHC quý III năm 2018", "BC",
                  D(2018, 9, 14), "41/BC-UBND", "Q3", TextSource.OCR, 0.88, q3, pages=2),
            mkdoc("xa vinh thanh/scan bao cao.pdf", "c" * 64, 1, "Báo cáo CCHC quý I năm 2018", "BC",
                  D(2018, 3, 25), "12/BC-UBND", "Q1", TextSource.OCR, 0.9, q1, pages=3),
            mkdoc("xa vinh thanh/scan bao cao.pdf", "c" * 64, 6, "Báo cáo tình hình chấp hành", "BC",
                  None, "31/BC-UBND", None, TextSource.OCR, 0.45, BODY.format(a=5, b=5, c=1)),
        ], kind="pdf"),
        # the Q1 report again, as the DOCX it was printed from
        mkfile("xa vinh thanh/bc quy 1.docx", "d" * 64, [
            mkdoc("xa vinh thanh/bc quy 1.docx", "d" * 64, 1, "Báo cáo CCHC quý I năm 2018", "BC",
                  D(2018, 3, 25), "12/BC-UBND", "Q1", body=q1, pages=3)]),
        ExtractedFile(path="xa vinh thanh/mat khau.pdf", sha256="e" * 64, size=5, kind="pdf",
                      status="quarantined", error="stale sentence", error_code="encrypted_pdf"),
    ]
    return files


def test_period_year():
    assert period_year("2018") == 2018 and period_year("kỳ 2019") == 2019
    with pytest.raises(ValueError):
        period_year("abc")


def test_document_ids_follow_path_then_first_page(unit_files):
    ids = [(i, d.provenance.file.split("/")[-1], d.provenance.first_page) for i, d in number_documents(unit_files)]
    assert ids == [("d1", "00 tu danh gia.docx", 1), ("d2", "bc quy 1.docx", 1), ("d3", "ke hoach.docx", 1),
                   ("d4", "scan bao cao.pdf", 1), ("d5", "scan bao cao.pdf", 4), ("d6", "scan bao cao.pdf", 6)]


def test_analyze_unit(config, unit_files):
    unit = map_folder("xa vinh thanh", config.units)
    draft = analyze_unit(unit, "xa vinh thanh", unit_files, config, "2018")
    assert draft.unit == "Xã Vĩnh Thành" and draft.folder == "xa vinh thanh"
    assert draft.self_assessment == "xa vinh thanh/00 tu danh gia.docx"
    assert draft.self_total == 22
    docs = {d.id: d for d in draft.documents}
    assert docs["d1"].is_self_assessment and docs["d1"].criteria == []
    assert docs["d3"].criteria == ["1.1"] and docs["d3"].match["1.1"].rule == "citation"
    assert docs["d3"].match["1.1"].item == "1.1"
    assert docs["d2"].criteria == ["1.3"] and docs["d2"].match["1.3"].item == "1.3.Q1"
    assert docs["d4"].criteria == ["1.3"] and docs["d5"].match["1.3"].item == "1.3.Q3"
    assert docs["d6"].criteria == ["6.4"] and docs["d6"].match["6.4"].rule == "citation"
    assert "undated" in docs["d6"].match["6.4"].why
    assert set(docs["d3"].match["1.1"].model_dump()) == {"score", "why", "rule", "item", "phrase"}
    # the DOCX and its printed scan are one document; the Q3 sibling is not
    (g,) = draft.duplicate_groups
    assert g.documents == ["d2", "d4"] and g.keep == "d2" and g.redundant_pages == 3
    assert docs["d4"].duplicate_of == "d2" and docs["d2"].duplicate_of is None and docs["d5"].duplicate_of is None
    crit = {c.code: c for c in draft.criteria}
    assert [c.code for c in draft.criteria] == [c.code for c in config.catalog.criteria()]
    assert crit["1.1"].draft_score == 4 and crit["1.1"].documents == ["d3"]
    # Q1 dated 25/03, after its 20/03 deadline (0.5) + Q3 on time (1); H1 and Y missing; self-score 4
    assert crit["1.3"].evidence_points == 1.5 and crit["1.3"].draft_score == 1.5
    assert crit["1.3"].flags == ["partial_evidence", "missing_report", "late_document"]
    late = [f for f in draft.flags if f.code == "late_document"]
    assert [(f.criterion, f.document) for f in late] == [("1.3", "d2")]  # the kept copy only
    assert crit["1.2"].flags == ["missing_evidence"] and crit["1.2"].draft_score == 0
    assert crit["6.4"].draft_score == 4
    assert draft.draft_total == sum(c.draft_score for c in draft.criteria)
    assert draft.areas["1"] == 5.5 and draft.classification == "Yếu"
    codes = [(f.code, f.criterion) for f in draft.flags]
    assert ("duplicate_copies", None) in codes and ("low_ocr_confidence", None) in codes
    assert ("unreadable_file", None) in codes
    assert codes.count(("missing_report", "1.3")) == 2
    assert ("missing_plan", "6.1") in codes and ("missing_plan", "1.1") not in codes
    files = {f.path.split("/")[-1]: f for f in draft.files}
    assert files["scan bao cao.pdf"].documents == ["d4", "d5", "d6"]
    assert files["mat khau.pdf"].status == "quarantined"
    assert files["mat khau.pdf"].error == "The PDF is password-protected: ask the commune to send it without a password."
    unreadable = next(f for f in draft.flags if f.code == "unreadable_file")
    assert unreadable.message == files["mat khau.pdf"].error


def test_deterministic(config, unit_files):
    unit = map_folder("xa vinh thanh", config.units)
    a = analyze_unit(unit, "xa vinh thanh", unit_files, config, "2018").model_dump_json()
    b = analyze_unit(unit, "xa vinh thanh", list(reversed(unit_files)), config, "2018").model_dump_json()
    assert a == b


def test_unknown_folder_and_no_self_assessment(config, unit_files):
    files = [f for f in unit_files if "tu danh gia" not in f.path]
    draft = analyze_unit(None, "thu muc la", files, config, "2018")
    assert draft.unit is None and draft.self_total is None and draft.self_assessment is None
    assert [f.code for f in draft.flags if f.code == "unknown_unit"] == ["unknown_unit"]
    known = analyze_unit(map_folder("Lam Tan", config.units), "Lam Tan", files, config, "2018")
    assert [f.criterion for f in known.flags if f.code == "no_self_assessment"] == [None]
    assert all(c.self_score is None for c in known.criteria)
    # without self-scores the evidence is the draft; the plan matches 1.1 by its title alone
    assert {c.code: c.draft_score for c in known.criteria}["1.1"] == 4
    plan = next(d for d in known.documents if d.symbol == "05/KH-UBND")
    assert plan.criteria == ["1.1"] and plan.match["1.1"].rule == "title"
    # the 6.4 report has no title match and no self-assessment cites it: it supports nothing
    assert next(d for d in known.documents if d.symbol == "31/BC-UBND").criteria == []


def test_most_complete_self_assessment_wins(config, unit_files):
    thin = sa_table(c1_1=(4, []))
    extra = mkfile("xa vinh thanh/01 tu danh gia ban nhap.docx", "f" * 64, [
        mkdoc("xa vinh thanh/01 tu danh gia ban nhap.docx", "f" * 64, 1, "Báo cáo tự đánh giá", "BC", sa=thin)])
    draft = analyze_unit(map_folder("xa vinh thanh", config.units), "xa vinh thanh", [*unit_files, extra], config, "2018")
    assert draft.self_assessment == "xa vinh thanh/00 tu danh gia.docx" and draft.self_total == 22


def test_a_blank_number_cited_by_the_self_assessment_is_filled_and_said(config):
    # "Quyết định số 47/QĐ-UBND ngày 17/01/2025" fits a header read "Số: … /QĐ-UBND … tháng 01 năm 2025"
    blank = mkdoc("xa a/qd.pdf", "b" * 64, 1, "Quyết định ban hành Quy chế chi tiêu nội bộ", "QĐ")
    blank.meta.symbol_code, blank.meta.blank_day_month = "QĐ-UBND", "2025-01"
    sa = SelfAssessment(rows={"7.1": SelfScoreRow(code="7.1", self_score=2, cited=["47/QĐ-UBND"],
                                                  cited_dates=[dt.date(2025, 1, 17)])})
    report = mkdoc("xa a/tu danh gia.docx", "a" * 64, 1, "Báo cáo tự đánh giá chỉ số CCHC năm 2025", "BC", sa=sa)
    files = [mkfile("xa a/qd.pdf", "b" * 64, [blank]), mkfile("xa a/tu danh gia.docx", "a" * 64, [report])]
    draft = analyze_unit(None, "xa a", files, config, "2025")
    d = next(x for x in draft.documents if x.file == "xa a/qd.pdf")
    assert d.symbol == "47/QĐ-UBND" and d.date == "2025-01-17"
    assert d.fields["symbol"].where == "citation" and "47/QĐ-UBND" in d.fields["symbol"].note
    assert "7.1" in d.criteria and d.match["7.1"].rule == "citation"
    assert blank.meta.symbol is None  # the extraction's own document is not changed

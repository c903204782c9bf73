"""The classify stage fills metadata and the self-assessment flag of every document, purely."""

from __future__ import annotations

import datetime as dt

from pipeline.core.model import Document, ExtractedFile, Page, Provenance, Table, TextSource
from pipeline.read.classify import classify_file, header_text

PLAN = """ỦY BAN NHÂN DÂN
XÃ VĨNH THÀNH
Số: 05/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Vĩnh Thành, ngày 10 tháng 01 năm 2018
KẾ HOẠCH
Cải cách hành chính năm 2018
Căn cứ Quyết định số 599/QĐ-UBND ngày 28/5/2018 của UBND huyện;"""

SELF = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ VĨNH THÀNH Độc lập - Tự do - Hạnh phúc
Số: 150/BC-UBND Vĩnh Thành, ngày 25 tháng 12 năm 2018
BÁO CÁO
Tự chấm điểm Chỉ số cải cách hành chính năm 2018
Thực hiện Quyết định số 599/QĐ-UBND ngày 28/5/2018"""


def _doc(first: int, pages: list[Page]) -> Document:
    return Document(key=f"abc:{first}", pages=pages,
                    provenance=Provenance(file="xa vinh thanh/bundle.pdf", first_page=first,
                                          last_page=first + len(pages) - 1, source=pages[0].source))


def _file(docs: list[Document]) -> ExtractedFile:
    return ExtractedFile(path="xa vinh thanh/bundle.pdf", sha256="0" * 64, size=10, kind="pdf",
                         status="processed", documents=docs)


def test_classify_file_fills_every_document() -> None:
    plan = _doc(1, [Page(number=1, text=PLAN, source=TextSource.OCR)])
    table = Table(rows=[["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm"], ["1.1", "Kế hoạch CCHC năm", "4", "4"]],
                  source=TextSource.TEXT_LAYER)
    report = _doc(2, [Page(number=2, text=SELF, source=TextSource.TEXT_LAYER),
                      Page(number=3, text="bảng điểm", source=TextSource.TEXT_LAYER, tables=[table])])
    ef = _file([plan, report])
    out = classify_file(ef)
    p, r = out.documents
    assert (p.meta.doc_type, p.meta.symbol, p.meta.date) == ("KH", "05/KH-UBND", dt.date(2018, 1, 10))
    assert p.meta.title == "Kế hoạch cải cách hành chính năm 2018" and p.meta.year == 2018
    assert not p.is_self_assessment
    assert (r.meta.doc_type, r.meta.symbol, r.meta.date) == ("BC", "150/BC-UBND", dt.date(2018, 12, 25))
    assert r.is_self_assessment
    # the cached extraction passed in is not changed
    assert ef.documents[0].meta.symbol is None and not ef.documents[1].is_self_assessment


def test_classify_quarantined_file_and_empty_document() -> None:
    ef = ExtractedFile(path="a.pdf", sha256="1" * 64, size=0, kind="pdf", status="quarantined",
                       error="empty", error_code="empty_file")
    assert classify_file(ef).documents == []
    empty = _doc(1, [Page(number=1, text="", source=TextSource.OCR)])
    out = classify_file(_file([empty])).documents[0]
    assert out.meta.symbol is None and out.meta.title is None and not out.is_self_assessment


def test_header_read_from_second_page_when_first_is_a_cover() -> None:
    doc = _doc(1, [Page(number=1, text="HỒ SƠ", source=TextSource.OCR),
                   Page(number=2, text=PLAN, source=TextSource.OCR)])
    assert "05/KH-UBND" in header_text(doc)
    assert classify_file(_file([doc])).documents[0].meta.symbol == "05/KH-UBND"

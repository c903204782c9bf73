import io
import os
import unicodedata
import zipfile

import docx
import pytest
from extract_fixtures import images_to_pdf, render_page, text_pdf
from PIL import Image

from pipeline.core.config import Settings
from pipeline.core.i18n import translate
from pipeline.core.model import TextSource
from pipeline.extract.files import extract_file
from pipeline.inbox import quarantine

HEADER = ["ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Số: 05/KH-UBND"]


def _settings(**ocr) -> Settings:
    s = Settings()
    for k, v in ocr.items():
        setattr(s.ocr, k, v)
    return s


def _check_quarantine(ef, code: str):
    assert ef.status == "quarantined", ef
    assert ef.error_code == code
    assert all(isinstance(v, str) for v in ef.error_params.values())
    assert ef.error == quarantine.message(code, ef.error_params)
    en = quarantine.message(code, ef.error_params, lang="en")
    vi = quarantine.message(code, ef.error_params, lang="vi")
    assert en and vi and en != vi, (en, vi)  # translated, not the English fallback
    assert "{" not in en and "{" not in vi
    assert not ef.documents
    return en, vi


def _docx(path, paragraphs=("Kế hoạch cải cách hành chính năm 2018",)):
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


# ---- quarantine codes ---------------------------------------------------------------------


def test_empty_file(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(b"")
    en, vi = _check_quarantine(extract_file(p, "a.pdf", Settings()), "empty_file")
    assert "empty" in en and "rỗng" in vi


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "broken.pdf"
    good = text_pdf(tmp_path / "good.pdf", [HEADER])
    p.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    en, vi = _check_quarantine(extract_file(p, "broken.pdf", Settings()), "corrupt_pdf")
    assert "damaged" in en and "hỏng" in vi
    assert good.exists()


def test_truncated_pdf(tmp_path):
    good = text_pdf(tmp_path / "good.pdf", [HEADER, HEADER])
    data = good.read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 3])
    ef = extract_file(p, "cut.pdf", Settings())
    # PDFium may rebuild a truncated file; either it is read, or quarantined as damaged
    assert ef.status == "processed" or ef.error_code == "corrupt_pdf"


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    p = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(p), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o", strength=128))
    c.drawString(100, 700, "Ke hoach")
    c.showPage()
    c.save()
    en, vi = _check_quarantine(extract_file(p, "locked.pdf", Settings()), "encrypted_pdf")
    assert en == "The PDF is password-protected: ask the commune to send it without a password."
    assert vi == "Tệp PDF có mật khẩu: đề nghị đơn vị gửi lại bản không đặt mật khẩu."


def test_owner_password_only_pdf_is_read(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    p = tmp_path / "owner.pdf"
    c = canvas.Canvas(str(p), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="o", strength=128))
    c.drawString(100, 700, "Ke hoach cai cach hanh chinh nam 2018 cua xa Vinh Thanh")
    c.showPage()
    c.save()
    ef = extract_file(p, "owner.pdf", Settings())
    assert ef.status == "processed"
    assert "Ke hoach cai cach" in ef.documents[0].text


def test_too_many_pages(tmp_path):
    p = text_pdf(tmp_path / "long.pdf", [HEADER] * 3)
    en, vi = _check_quarantine(extract_file(p, "long.pdf", _settings(max_pages_per_file=2)), "too_many_pages")
    assert "3" in en and "2" in en and "3" in vi and "2" in vi


def test_too_large(tmp_path):
    p = text_pdf(tmp_path / "big.pdf", [HEADER])
    s = Settings()
    s.limits.max_file_bytes = 100
    _check_quarantine(extract_file(p, "big.pdf", s), "too_large")


def test_image_bomb(tmp_path):
    p = tmp_path / "huge.png"
    Image.new("L", (3000, 3000), 255).save(p)  # 9 Mpx, small on disk
    en, vi = _check_quarantine(extract_file(p, "huge.png", _settings(max_image_pixels=1_000_000)), "image_bomb")
    assert "9" in en and "triệu" in vi


def test_image_bomb_past_pil_hard_limit(tmp_path):
    p = tmp_path / "huge.png"
    Image.new("1", (4000, 4000), 1).save(p)  # 16 Mpx > 2x the 1 Mpx limit: PIL's own error
    ef = extract_file(p, "huge.png", _settings(max_image_pixels=1_000_000))
    _check_quarantine(ef, "image_bomb")
    assert ef.error_params["pixels"] == "16"


def test_invalid_docx_not_a_zip(tmp_path):
    p = tmp_path / "plan.docx"
    p.write_bytes(b"this is not a word document at all")
    en, vi = _check_quarantine(extract_file(p, "plan.docx", Settings()), "invalid_docx")
    assert "ZIP" in en and "ZIP" in vi


def test_invalid_docx_zip_without_document(tmp_path):
    p = tmp_path / "plan.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "x")
    _check_quarantine(extract_file(p, "plan.docx", Settings()), "invalid_docx")


def test_invalid_docx_broken_xml(tmp_path):
    p = tmp_path / "plan.docx"
    src = _docx(tmp_path / "src.docx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, b"<w:document><unclosed>" if item.filename == "word/document.xml" else data)
    _check_quarantine(extract_file(p, "plan.docx", Settings()), "invalid_docx")


def test_docx_bomb(tmp_path):
    p = _docx(tmp_path / "src.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("word/media/zeros.bin", b"\x00" * (3 * 1024 * 1024))  # 3 MB of zeros, ~3 kB packed
    s = Settings()
    s.limits.max_docx_uncompressed_bytes = 1024 * 1024
    assert bomb.stat().st_size < 200_000
    ef = extract_file(bomb, "bomb.docx", s)
    en, vi = _check_quarantine(ef, "docx_bomb")
    with zipfile.ZipFile(bomb) as zf:
        total_mb = round(sum(i.file_size for i in zf.infolist()) / 1_048_576)
    assert ef.error_params == {"size_mb": str(total_mb), "limit_mb": "1"}
    assert f"{total_mb} MB" in en and "1 MB" in en and f"{total_mb} MB" in vi


def test_docx_entity_bomb_refused_before_parsing(tmp_path):
    p = _docx(tmp_path / "src.docx")
    evil = tmp_path / "evil.docx"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(evil, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, laughs if item.filename == "word/document.xml" else zin.read(item))
    _check_quarantine(extract_file(evil, "evil.docx", Settings()), "unsafe_docx")


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ole2"),
        ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ole2"),
        ("pic.gif", b"GIF89a" + b"\x00" * 40, "gif"),
        ("notes.txt", "Báo cáo cải cách hành chính".encode(), "text"),
        ("page.html", b"<html><body>x</body></html>", "html"),
        ("all.zip", b"PK\x05\x06" + b"\x00" * 18, "zip"),
    ],
)
def test_unsupported_types_name_what_was_found(tmp_path, name, content, found):
    p = tmp_path / name
    p.write_bytes(content)
    ef = extract_file(p, name, Settings())
    en, vi = _check_quarantine(ef, "unsupported_type")
    assert ef.kind == found and ef.error_params == {"found": found}
    if found == "ole2":
        assert "old Word/Excel (OLE2)" in en and "DOCX or PDF" in en
        assert "OLE2" in vi


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permissions(tmp_path):
    p = text_pdf(tmp_path / "secret.pdf", [HEADER])
    p.chmod(0)
    try:
        _check_quarantine(extract_file(p, "secret.pdf", Settings()), "unreadable_permissions")
    finally:
        p.chmod(0o644)


def test_unreadable_scan(tmp_path):
    """Marks on the page but no text OCR can read (a smudged photocopy): ask for a rescan."""
    from PIL import ImageDraw, ImageFilter

    img = Image.new("L", (800, 1100), 255)
    draw = ImageDraw.Draw(img)
    for y in range(150, 900, 60):
        draw.rectangle((80, y, 720, y + 22), fill=150)
    p = tmp_path / "smudged.png"
    img.filter(ImageFilter.GaussianBlur(6)).save(p)
    en, vi = _check_quarantine(extract_file(p, "smudged.png", Settings()), "unreadable_scan")
    assert "300 dpi" in en and "300 dpi" in vi


def test_blank_scan_says_blank(tmp_path):
    """A white sheet is not a scan to redo at 300 dpi: the true reason is that it is blank."""
    p = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(p)
    en, vi = _check_quarantine(extract_file(p, "blank.png", Settings()), "blank_document")
    assert "blank" in en and "trống" in vi


def test_corrupt_image(tmp_path):
    buf = io.BytesIO()
    render_page(width=400, height=560, font_px=10).save(buf, "PNG")
    p = tmp_path / "cut.png"
    p.write_bytes(buf.getvalue()[:300])
    _check_quarantine(extract_file(p, "cut.png", Settings()), "corrupt_image")


def test_every_code_renders_in_both_languages():
    params = {"pages": "3", "limit": "2", "size_mb": "5", "limit_mb": "1", "pixels": "9", "seconds": "120",
              "found": "gif", "detail": "KeyError", "reason": "I/O error", "part": "word/media/a.bin",
              "ratio": "900", "n": "60", "encoding": "TCVN3", "chars": "11",
              "syllables": "70", "unmapped": "0"}
    for code in quarantine.MESSAGES:
        en = quarantine.message(code, params, lang="en")
        vi = quarantine.message(code, params, lang="vi")
        assert en != vi and "{" not in vi, code
        assert translate(quarantine.MESSAGES[code], "vi") != quarantine.MESSAGES[code], code
    for kind in quarantine.FOUND:
        assert quarantine.message("unsupported_type", {"found": kind}, lang="vi") != \
            quarantine.message("unsupported_type", {"found": kind}, lang="en")


# ---- DOCX ---------------------------------------------------------------------------------


def test_docx_paragraphs_tables_header_footer(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "UBND XÃ VĨNH THÀNH"
    d.sections[0].footer.paragraphs[0].text = "Trang chân"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2018")
    t = d.add_table(rows=3, cols=3)
    for i, h in enumerate(["Stt", "Nội dung", "Điểm"]):
        t.cell(0, i).text = h
    t.cell(1, 0).merge(t.cell(2, 0)).text = "1"
    t.cell(1, 1).merge(t.cell(1, 2)).text = "Ban hành kế hoạch CCHC"
    t.cell(2, 1).text = "Tuyên truyền"
    t.cell(2, 2).text = "2"
    d.add_paragraph("Nơi nhận: UBND huyện")
    p = tmp_path / "kh.docx"
    d.save(p)
    ef = extract_file(p, "xa/kh.docx", Settings())
    assert ef.status == "processed" and ef.kind == "docx" and ef.ocr_pages == 0
    (doc,) = ef.documents
    assert doc.key == f"{ef.sha256[:16]}:1"
    assert doc.provenance.file == "xa/kh.docx" and doc.provenance.source == TextSource.DOCX
    assert (doc.provenance.first_page, doc.provenance.last_page) == (1, 1)
    (page,) = doc.pages
    assert page.number == 1 and page.source == TextSource.DOCX
    lines = page.text.splitlines()
    assert lines[0] == "UBND XÃ VĨNH THÀNH" and lines[-1] == "Trang chân"
    assert lines.index("KẾ HOẠCH") < lines.index("Stt | Nội dung | Điểm") < lines.index("Nơi nhận: UBND huyện")
    (table,) = page.tables
    assert table.source == TextSource.DOCX
    assert table.rows == [["Stt", "Nội dung", "Điểm"], ["1", "Ban hành kế hoạch CCHC"], ["", "Tuyên truyền", "2"]]
    assert doc.meta.symbol is None and doc.meta.doc_type is None  # classify fills meta


def test_docx_named_pdf_is_read_as_docx(tmp_path):
    p = _docx(tmp_path / "report.pdf", ["Báo cáo kết quả cải cách hành chính quý I"])
    ef = extract_file(p, "report.pdf", Settings())
    assert ef.kind == "docx" and ef.status == "processed"
    assert "Báo cáo kết quả" in ef.documents[0].text


# ---- text PDFs ----------------------------------------------------------------------------


def test_text_pdf_is_nfc_with_tables(tmp_path):
    lines = ["KẾ HOẠCH", "Cải cách hành chính năm 2018 của Ủy ban nhân dân xã Vĩnh Thành",
             "Tuyên truyền, phổ biến thủ tục hành chính."]
    nfd = [unicodedata.normalize("NFD", ln) for ln in lines]
    p = text_pdf(tmp_path / "kh.pdf", [nfd], table=[["Stt", "Nội dung"], ["1", "Kiểm tra công vụ"]])
    ef = extract_file(p, "kh.pdf", Settings())
    assert ef.status == "processed" and ef.ocr_pages == 0
    (doc,) = ef.documents
    page = doc.pages[0]
    assert page.source == TextSource.TEXT_LAYER
    assert unicodedata.is_normalized("NFC", page.text)
    for ln in lines:
        assert ln in page.text
    assert [["Stt", "Nội dung"], ["1", "Kiểm tra công vụ"]] in [t.rows for t in page.tables]
    assert all(t.source == TextSource.TEXT_LAYER for t in page.tables)


def test_text_pdf_bundle_is_split(tmp_path):
    body = ["Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;", "Nội dung tiếp theo của văn bản."]
    p = text_pdf(tmp_path / "bundle.pdf", [HEADER + ["KẾ HOẠCH"], body, HEADER + ["BÁO CÁO"], body, body])
    ef = extract_file(p, "bundle.pdf", Settings())
    assert [(d.provenance.first_page, d.provenance.last_page) for d in ef.documents] == [(1, 2), (3, 5)]
    assert [d.key for d in ef.documents] == [f"{ef.sha256[:16]}:1", f"{ef.sha256[:16]}:3"]


def test_jpeg_named_pdf_is_ocred(tmp_path):
    img = render_page(header=False, title=["KẾ HOẠCH"], body=["Cải cách hành chính năm 2018"],
                      width=1000, height=700, font_px=40)
    p = tmp_path / "scan.pdf"
    img.convert("RGB").save(p, "JPEG", quality=90)
    ef = extract_file(p, "scan.pdf", Settings())
    assert ef.kind == "jpeg" and ef.status == "processed" and ef.ocr_pages == 1
    doc = ef.documents[0]
    assert doc.provenance.source == TextSource.OCR and doc.ocr
    assert "KẾ HOẠCH" in doc.text
    assert 0 < doc.provenance.ocr_confidence <= 1


def test_scanned_pdf_page_without_text_layer_is_ocred(tmp_path):
    img = render_page(header=False, title=["BÁO CÁO"], body=["Kết quả cải cách hành chính quý I năm 2018"],
                      width=1240, height=1754, font_px=34)
    p = images_to_pdf([img], tmp_path / "scan.pdf", dpi=150)
    ef = extract_file(p, "scan.pdf", _settings(dpi=150))
    assert ef.kind == "pdf" and ef.ocr_pages == 1
    page = ef.documents[0].pages[0]
    assert page.source == TextSource.OCR and page.words and page.image_hash
    assert "BÁO CÁO" in page.text


def test_permission_error_is_quarantined(tmp_path, monkeypatch):
    # the suite may run as root, who reads anything: simulate the refusal where the file is opened
    from pipeline.extract import files as extract

    p = text_pdf(tmp_path / "secret.pdf", [HEADER])

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(extract, "_sha256", refuse)
    en, vi = _check_quarantine(extract_file(p, "secret.pdf", Settings()), "unreadable_permissions")
    assert "permission" in en and "quyền" in vi


def test_ocr_timeout_is_quarantined(tmp_path, monkeypatch):
    from pipeline.extract.ocr import tesseract

    def slow(*a, **k):
        raise tesseract.OcrTimeout("Tesseract process timeout")

    monkeypatch.setattr(tesseract, "image_data", slow)
    p = tmp_path / "scan.png"
    render_page(width=800, height=1100, font_px=20).save(p)
    ef = extract_file(p, "scan.png", _settings(timeout_seconds=7))
    en, vi = _check_quarantine(ef, "ocr_timeout")
    assert ef.error_params == {"seconds": "7"} and "7" in vi


def test_unexpected_reader_error_never_raises(tmp_path, monkeypatch):
    from pipeline.extract import docx_text

    def bug(path):
        raise KeyError("surprise")

    monkeypatch.setattr(docx_text, "check_container", lambda path, limit, ratio: bug(path))
    p = _docx(tmp_path / "a.docx")
    ef = extract_file(p, "a.docx", Settings())
    _check_quarantine(ef, "extraction_failed")
    assert ef.error_params == {"detail": "KeyError"} and ef.sha256


def test_docx_header_table_columns_are_blocks(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    left = ["ỦY BAN NHÂN DÂN", "XÃ VĨNH THÀNH", "Số: 05/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Vĩnh Thành, ngày 10 tháng 01 năm 2018"]
    for i in range(3):
        t.cell(i, 0).text, t.cell(i, 1).text = left[i], right[i]
    d.add_paragraph("KẾ HOẠCH")
    p = tmp_path / "kh.docx"
    d.save(p)
    page = extract_file(p, "kh.docx", Settings()).documents[0].pages[0]
    assert page.text.split("\n\n")[:3] == ["\n".join(left), "\n".join(right), "KẾ HOẠCH"]
    assert page.tables[0].rows == [list(r) for r in zip(left, right, strict=True)]


def test_text_pdf_header_columns_are_not_glued(tmp_path):
    from extract_fixtures import SERIF
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", SERIF))
    p = tmp_path / "kh.pdf"
    c = canvas.Canvas(str(p), pagesize=A4)
    c.setFont("DejaVuSerif", 12)
    w, h = A4
    left = ["ỦY BAN NHÂN DÂN", "XÃ VĨNH THÀNH", "Số: 05/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Vĩnh Thành, ngày 10 tháng 01 năm 2018"]
    for i in range(3):
        c.drawCentredString(130, h - 60 - 18 * i, left[i])
        c.drawCentredString(400, h - 60 - 18 * i, right[i])
    c.drawCentredString(w / 2, h - 150, "KẾ HOẠCH")
    c.drawString(60, h - 180, "Cải cách hành chính năm 2018 của Ủy ban nhân dân xã Vĩnh Thành")
    c.showPage()
    c.save()
    text = extract_file(p, "kh.pdf", Settings()).documents[0].text
    assert text.split("\n\n")[:2] == ["\n".join(left), "\n".join(right)]
    assert "KẾ HOẠCH\nCải cách hành chính năm 2018" in text


def test_docx_with_damaged_deflate_data_is_invalid(tmp_path):
    src = _docx(tmp_path / "src.docx", ["Kế hoạch cải cách hành chính năm 2018 " * 50])
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("word/document.xml")
    data = bytearray(src.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + info.compress_size - 10, 7):  # scramble the deflate stream
        data[i] ^= 0x5A
    p = tmp_path / "damaged.docx"
    p.write_bytes(bytes(data))
    _check_quarantine(extract_file(p, "damaged.docx", Settings()), "invalid_docx")


def test_pdf_page_pdfium_cannot_render_is_corrupt(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from pipeline.extract import pdf_text

    def broken(self, index):
        raise pdfium.PdfiumError("Failed to load page.")

    monkeypatch.setattr(pdf_text.PdfRenderer, "render", broken)
    p = images_to_pdf([render_page(width=400, height=560, font_px=10)], tmp_path / "scan.pdf")
    _check_quarantine(extract_file(p, "scan.pdf", Settings()), "corrupt_pdf")


def test_walk_codes_render_through_quarantine_message():
    from pipeline.core.i18n import current_language

    before = current_language()
    en = quarantine.message("symlink", {}, lang="en")
    assert en.startswith("This is a symbolic link")
    assert quarantine.message("symlink", {}, lang="vi") != en
    assert "EIO" in quarantine.message("read_error", {"reason": "EIO"}, lang="en")
    assert current_language() == before
    assert "(no_such_code)" in quarantine.message("no_such_code", {}, lang="en")


def test_docx_text_is_in_the_case_it_prints(tmp_path):
    """Word's All caps and Small caps (a run's, or its paragraph style's) print typed text in capitals: the header
    reader sees "QUYẾT ĐỊNH" and the authority as they are on paper."""
    d = docx.Document()
    d.add_paragraph().add_run("Quyết định").font.all_caps = True
    d.add_paragraph("Về việc ban hành quy chế làm việc")
    style = d.styles.add_style("Authority", 1)
    style.font.small_caps = True
    d.add_paragraph("Ủy ban nhân dân xã Xuân Tín", style="Authority")
    run = d.add_paragraph(style="Authority").add_run("Căn cứ Luật Tổ chức chính quyền địa phương;")
    run.font.small_caps = False  # the run's own formatting wins over its style's
    path = tmp_path / "caps.docx"
    d.save(str(path))
    text = extract_file(path, "caps.docx", Settings()).documents[0].pages[0].text
    assert text.split("\n") == ["QUYẾT ĐỊNH", "Về việc ban hành quy chế làm việc", "ỦY BAN NHÂN DÂN XÃ XUÂN TÍN",
                                "Căn cứ Luật Tổ chức chính quyền địa phương;"]

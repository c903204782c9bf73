import io
import zipfile

import pytest
from extract_fixtures import png_bytes, render_page
from PIL import Image

from pipeline.extract.sniff import sniff, sniff_bytes


def _image_bytes(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (40, 30), 255).save(buf, fmt, **kw)
    return buf.getvalue()


def _zip_bytes(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in names:
            zf.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("empty.pdf", b"", "empty"),
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        ("junk-before.pdf", b"\r\n\r\n%PDF-1.4\n", "pdf"),
        ("photo.jpg", _image_bytes("JPEG"), "jpeg"),
        ("scan.png", _image_bytes("PNG"), "png"),
        ("scan.tif", _image_bytes("TIFF"), "tiff"),
        ("anim.gif", _image_bytes("GIF"), "gif"),
        ("pic.bmp", _image_bytes("BMP"), "bmp"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ole2"),
        ("r.rtf", b"{\\rtf1\\ansi hello}", "rtf"),
        ("p.html", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("notes.txt", "Kế hoạch cải cách hành chính".encode(), "text"),
        ("d.xml", b"<?xml version='1.0'?><a/>", "xml"),
        ("bin.dat", bytes(range(256)) * 4, "unknown"),
        ("w.docx", _zip_bytes(["[Content_Types].xml", "word/document.xml"]), "docx"),
        ("b.xlsx", _zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]), "xlsx"),
        ("p.pptx", _zip_bytes(["ppt/presentation.xml"]), "pptx"),
        ("a.zip", _zip_bytes(["one.pdf"]), "zip"),
        ("broken.zip", b"PK\x03\x04garbage", "zip"),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
    ],
)
def test_sniff_by_content(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path) == kind


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.pdf", png_bytes(render_page(width=200, height=280, font_px=8)), "png"),
        ("report.docx", b"%PDF-1.4\n", "pdf"),
        ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "ole2"),
        ("photo.png", _image_bytes("JPEG"), "jpeg"),
    ],
)
def test_extension_lies(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path) == kind


def test_utf8_cut_mid_character_is_still_text():
    data = ("Ủy ban nhân dân " * 400).encode()[:4096]
    assert sniff_bytes(data) == "text"

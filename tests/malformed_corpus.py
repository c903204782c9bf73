"""Malformed and unusual inbox files, generated (nothing copied from other projects' test suites).

`build(root)` writes every case into `root` and returns the cases, each with the outcome the
extraction must give: `read` (processed, and when `text` is given that text found in it) or a
quarantine code. Used by tests/extract/test_malformed.py and bench/bench_malformed.py.

The cases follow issue 17: images in every encoding a scanner or phone writes (CCITT G3/G4,
JBIG2 inside a PDF, JPEG 2000, CMYK, 16-bit, BigTIFF, tiled and multi-page TIFF, APNG,
progressive and EXIF-rotated JPEG with zero dpi), PDFs damaged the ways real ones are (broken or
missing xref, junk before the header, cycles, empty streams, odd page boxes, AES-256), DOCX
variants and bombs, and files whose extension lies.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from extract_fixtures import SERIF, render_page, text_pdf
from PIL import Image, ImageDraw, ImageFont

VIET = ["ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH",
        "Cải cách hành chính năm 2018", "Ủy ban nhân dân xã xây dựng kế hoạch như sau"]


@dataclass(frozen=True)
class Case:
    name: str  # file name written under the root (the extension may lie on purpose)
    expect: str  # "read" or the quarantine code
    text: str | None = None  # for "read": a word that must be found (case-insensitive)
    pages: int | None = None  # for "read": the number of pages


# ---- images -------------------------------------------------------------------------------


def _line_page(text: str, width: int = 1728, height: int = 1100, font_px: int = 56) -> Image.Image:
    """A fax-like page (1728 px wide, as G3/G4 fax) with one line of large text."""
    img = Image.new("L", (width, height), 255)
    ImageDraw.Draw(img).text((120, 300), text, font=ImageFont.truetype(SERIF, font_px), fill=0)
    return img


def _doc_page(scale: float = 0.75) -> Image.Image:
    page = render_page()
    return page.resize((int(page.width * scale), int(page.height * scale)), Image.LANCZOS)


def _fax_tiff(path: Path, compression: str, pages: int = 1, yres: int = 196) -> None:
    frames = [_line_page(f"test example page {i + 1}").convert("1") for i in range(pages)]
    frames[0].save(path, "TIFF", compression=compression, save_all=True, append_images=frames[1:],
                   dpi=(204, yres))


def _g4_strip(img: Image.Image) -> bytes:
    """CCITT G4 data of a bilevel image (Pillow/libtiff, one strip), for PDF and JBIG2 MMR."""
    buf = io.BytesIO()
    img.convert("1").save(buf, "TIFF", compression="group4", strip_size=1 << 30)
    buf.seek(0)
    with Image.open(buf) as tif:
        offset = tif.tag_v2[273][0]
        count = tif.tag_v2[279][0]
    return buf.getvalue()[offset:offset + count]


# ---- PDFs by hand (uncompressed, so xref and streams can be damaged on purpose) -------------


def _pdf(objects: list[bytes], root: int = 1, xref: bool = True, extra_trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, extra_trailer)
    if xref:
        out += b"startxref\n%d\n" % start
    out += b"%%EOF\n"
    return bytes(out)


def _stream(data: bytes, dict_extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), dict_extra) + data + b"\nendstream"


def _text_ops(lines: list[str], size: int = 14, top: int = 760) -> bytes:
    ops = [b"BT /F1 %d Tf 60 %d Td %d TL" % (size, top, size + 6)]
    for line in lines:
        ops.append(b"(%s) Tj T*" % line.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_ENGLISH = ["This report describes the work of the commune office in the first quarter.",
            "The staff received and returned all applications on time."]


def _text_pdf_bytes(lines: list[str], box: bytes = b"[0 0 612 792]", page_extra: bytes = b"",
                    contents: bytes | None = None) -> bytes:
    content = contents if contents is not None else _text_ops(lines)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R %s>>" % (box, page_extra),
        _stream(content),
        _FONT,
    ])


def _broken_xref(data: bytes) -> bytes:
    """Every xref offset off by 7 bytes and startxref pointing nowhere: readers must rebuild it."""
    head, _, rest = data.partition(b"xref\n")
    table, _, trailer = rest.partition(b"trailer")
    lines = table.split(b"\n")
    fixed = [lines[0], lines[1]] + [b"%010d 00000 n " % (int(ln[:10]) + 7) for ln in lines[2:] if ln.strip()]
    trailer = trailer.replace(b"startxref\n", b"startxref\n9").replace(b"%%EOF", b"%%EOF")
    return head + b"xref\n" + b"\n".join(fixed) + b"\ntrailer" + trailer


def _image_pdf(width: int, height: int, data: bytes, filt: bytes, decode_parms: bytes = b"",
               page_box: bytes = b"[0 0 612 792]", bits: int = 1) -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 4 0 R >>" % page_box,
        _stream(b"q 612 0 0 %d 0 300 cm /Im1 Do Q" % round(612 * height / width)),
        _stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                      b"/BitsPerComponent %d /Filter %s %s" % (width, height, bits, filt, decode_parms)),
    ])


def _jbig2_embedded(img: Image.Image) -> bytes:
    """An embedded JBIG2 stream (PDF's JBIG2Decode: no file header): page information, then an
    immediate lossless generic region coded with MMR, which is CCITT G4 data (ITU T.88 §6.2.6)."""
    bw = img.convert("1")
    w, h = bw.size
    # JBIG2 stores 1 = black; G4 from a mode-1 TIFF (min-is-white) codes the same runs.
    mmr = _g4_strip(bw)

    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1])  # generic region flags: MMR
    return segment(0, 48, page_info) + segment(1, 38, region + mmr) + segment(2, 49, b"")


def _jbig2_pdf() -> bytes:
    img = _line_page("test example jbig2")
    w, h = img.size
    # a JBIG2 page's 1 bits are black; DeviceGray maps 1 to white unless decoded inverted
    return _image_pdf(w, h, _jbig2_embedded(img), b"/JBIG2Decode", b"/Decode [1 0]")


def _ccitt_pdf() -> bytes:
    img = _line_page("test example ccitt")
    w, h = img.size
    return _image_pdf(w, h, _g4_strip(img), b"/CCITTFaxDecode",
                      b"/DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >>" % (w, h))


def _huge_box_scan_pdf() -> bytes:
    """A scan-only page whose box is 2^31 points square: rendered within the OCR pixel budget (the
    fax image then covers less than a pixel: nothing to read), never at 300 dpi (10^16 pixels)."""
    img = _line_page("test example ccitt")
    w, h = img.size
    return _image_pdf(w, h, _g4_strip(img), b"/CCITTFaxDecode",
                      b"/DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >>" % (w, h),
                      page_box=b"[0 0 2147483647 2147483647]")


def _ccitt_bomb_pdf() -> bytes:
    """A CCITT image declaring 400000 x 400000 pixels in a few bytes: refused before decoding."""
    return _image_pdf(400_000, 400_000, b"\x00" * 64, b"/CCITTFaxDecode",
                      b"/DecodeParms << /K -1 /Columns 400000 /Rows 400000 >>")


def _cycle_form_pdf() -> bytes:
    """A form XObject that draws itself (a content-stream cycle), beside real text."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm 6 0 R >> >> /Contents 4 0 R >>",
        _stream(_text_ops(_ENGLISH) + b"\n/Fm Do"),
        _FONT,
        _stream(b"/Fm Do", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                           b"/Resources << /XObject << /Fm 6 0 R >> >>"),
    ])


def _page_tree_cycle_pdf() -> bytes:
    """The page tree's only kid is the tree itself: no page can be reached."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
    ])


def _two_pages(first: bytes) -> bytes:
    """Page 1 as given (`first`: the page dictionary's extra entries), page 2 with English text."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s>>" % first,
        _stream(b""),
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 7 0 R >>",
        _stream(_text_ops(_ENGLISH)),
    ])


def _blank_pdf() -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ])


def _encrypted(path: Path, user: str) -> None:
    import pikepdf

    plain = path.with_suffix(".plain.pdf")
    text_pdf(plain, [VIET])
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6))
    plain.unlink()


# ---- DOCX ---------------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _docx_bytes(body: str, ns: str = _W_NS, strict: bool = False) -> bytes:
    rel_ns = ("http://purl.oclc.org/ooxml/officeDocument/relationships" if strict
              else "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel_ns}/officeDocument" Target="word/document.xml"/>'
            '</Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{ns}">'
            f'<w:body>{body}</w:body></w:document>'),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _paras(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def _textbox_body() -> str:
    return ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
            f'<w:txbxContent>{_paras(VIET)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')


def _tables_body() -> str:
    rows = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{i + 1}</w:t></w:r></w:p></w:tc>"
                   f"<w:tc><w:p><w:r><w:t>{line}</w:t></w:r></w:p></w:tc></w:tr>" for i, line in enumerate(VIET))
    return f"<w:tbl>{rows}</w:tbl><w:p/>"


def _zip_bomb_docx() -> bytes:
    """A valid DOCX plus 300 MB of zeros deflated to a few hundred KB."""
    buf = io.BytesIO(_docx_bytes(_paras(VIET)))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/media/zeros.bin", "w",
                                                                        force_zip64=True) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(300):
            fh.write(block)
    return buf.getvalue()


def _ratio_bomb_docx() -> bytes:
    """Under the size limit (40 MB unpacked) but packed a thousandfold: refused by its ratio."""
    buf = io.BytesIO(_docx_bytes(_paras(VIET)))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/zeros.bin", b"\0" * (40 << 20))
    return buf.getvalue()


def _xml_bomb_docx() -> bytes:
    lol = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     for i in range(1, 10)) + "]>")
    doc = _docx_bytes(_paras(["&lol9;"]))
    src = zipfile.ZipFile(io.BytesIO(doc))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + lol.encode(), 1)
            zf.writestr(info.filename, data)
    return buf.getvalue()


def _fuzzed_docx() -> bytes:
    """document.xml with bytes overwritten in its middle: a valid ZIP holding broken XML."""
    doc = _docx_bytes(_paras(VIET))
    src = zipfile.ZipFile(io.BytesIO(doc))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == "word/document.xml":
                for i in range(120, len(data) - 20, 37):
                    data[i] = ord("<")
            zf.writestr(info.filename, bytes(data))
    return buf.getvalue()


# ---- the corpus ---------------------------------------------------------------------------


def build(root: Path) -> list[Case]:
    """Write every case under `root`; return them with their expected outcome."""
    import tifffile

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(case: Case, data: bytes | None = None) -> Path:
        path = root / case.name
        if data is not None:
            path.write_bytes(data)
        cases.append(case)
        return path

    # images
    _fax_tiff(root / "fax_g4.tif", "group4")
    add(Case("fax_g4.tif", "read", "example"))
    _fax_tiff(root / "fax_g3.tif", "group3")
    add(Case("fax_g3.tif", "read", "example"))
    _fax_tiff(root / "fax_three_pages.tif", "group4", pages=3, yres=98)  # standard-resolution fax
    add(Case("fax_three_pages.tif", "read", "example", pages=3))
    _fax_tiff(root / "tiff_named.jpg", "group4")
    add(Case("tiff_named.jpg", "read", "example"))
    page = _doc_page()
    page.save(root / "scan.jp2", "JPEG2000")
    add(Case("scan.jp2", "read", "hoạch"))
    page.convert("CMYK").save(root / "cmyk.jpg", "JPEG", quality=90)
    add(Case("cmyk.jpg", "read", "hoạch"))
    import numpy as np

    sixteen = (np.asarray(page, dtype=np.uint16) * 257).astype(np.uint16)
    Image.fromarray(sixteen).save(root / "gray16.png")
    add(Case("gray16.png", "read", "hoạch"))
    tifffile.imwrite(root / "gray16.tif", sixteen)
    add(Case("gray16.tif", "read", "hoạch"))
    tifffile.imwrite(root / "bigtiff.tif", np.asarray(page), bigtiff=True)
    add(Case("bigtiff.tif", "read", "hoạch"))
    tifffile.imwrite(root / "tiled.tif", np.asarray(page), tile=(256, 256), compression="zlib")
    add(Case("tiled.tif", "read", "hoạch"))
    page.save(root / "animated.png", save_all=True, append_images=[page.copy()], duration=500, loop=0)
    add(Case("animated.png", "read", "hoạch"))
    page.convert("RGB").save(root / "progressive.jpg", "JPEG", progressive=True, quality=85, dpi=(0, 0))
    add(Case("progressive.jpg", "read", "hoạch"))
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned; shown upright after turning 90° clockwise
    page.rotate(90, expand=True).convert("RGB").save(root / "exif_rotated.jpg", "JPEG", exif=exif, dpi=(0, 0))
    add(Case("exif_rotated.jpg", "read", "hoạch"))
    add(Case("png_bomb.png", "image_bomb"), _png_header_only(60_000, 60_000))
    many = [_line_page("x", 200, 100).convert("1") for _ in range(450)]
    many[0].save(root / "many_frames.tif", "TIFF", compression="group4", save_all=True, append_images=many[1:])
    add(Case("many_frames.tif", "too_many_pages"))

    # PDFs
    add(Case("jbig2.pdf", "read", "example"), _jbig2_pdf())
    add(Case("ccitt.pdf", "read", "example"), _ccitt_pdf())
    add(Case("ccitt_bomb.pdf", "image_bomb"), _ccitt_bomb_pdf())
    add(Case("huge_box_scan.pdf", "unreadable_scan"), _huge_box_scan_pdf())
    add(Case("one_line_broken_xref.pdf", "read", "example"), _broken_xref(_text_pdf_bytes(["test example"])))
    add(Case("broken_xref.pdf", "read", "commune"), _broken_xref(_text_pdf_bytes(_ENGLISH)))
    add(Case("missing_xref.pdf", "read", "commune"), _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>", _stream(_text_ops(_ENGLISH)), _FONT], xref=False))
    add(Case("junk_before_header.pdf", "read", "commune"), b"\x00JUNK" * 100 + _text_pdf_bytes(_ENGLISH))
    add(Case("content_cycle.pdf", "read", "commune"), _cycle_form_pdf())
    add(Case("page_tree_cycle.pdf", "corrupt_pdf"), _page_tree_cycle_pdf())
    add(Case("zero_length_stream.pdf", "read", "commune", pages=2),
        _two_pages(b"/Contents 4 0 R "))
    add(Case("page_without_contents.pdf", "read", "commune", pages=2), _two_pages(b""))
    add(Case("blank.pdf", "blank_document"), _blank_pdf())
    add(Case("cropbox_outside.pdf", "read", "commune"),
        _text_pdf_bytes(_ENGLISH, page_extra=b"/CropBox [5000 5000 5600 5700] "))
    add(Case("huge_page_box.pdf", "read", "commune"),
        _text_pdf_bytes(_ENGLISH, box=b"[0 0 2147483647 2147483647]",
                        contents=b"BT /F1 14 Tf 60 2147483000 Td (" + _ENGLISH[0].encode() + b") Tj ET"))
    _encrypted(root / "aes256_empty_password.pdf", "")
    add(Case("aes256_empty_password.pdf", "read", "hoạch"))
    _encrypted(root / "aes256_password.pdf", "secret")
    add(Case("aes256_password.pdf", "encrypted_pdf"))
    whole = _text_pdf_bytes(_ENGLISH)
    add(Case("truncated.pdf", "corrupt_pdf"), whole[: len(whole) // 4])
    text_pdf(root / "viet.pdf", [VIET])
    add(Case("viet.pdf", "read", "hoạch"))

    # DOCX
    add(Case("strict.docx", "read", "hoạch"), _docx_bytes(_paras(VIET), ns=_STRICT_W, strict=True))
    add(Case("textbox.docx", "read", "hoạch"), _docx_bytes(_textbox_body()))
    add(Case("tables_only.docx", "read", "hoạch"), _docx_bytes(_tables_body()))
    good = _docx_bytes(_paras(VIET))
    add(Case("truncated.docx", "invalid_docx"), good[: len(good) // 2])
    add(Case("fuzzed.docx", "invalid_docx"), _fuzzed_docx())
    add(Case("zip_bomb.docx", "docx_bomb"), _zip_bomb_docx())
    add(Case("ratio_bomb.docx", "compression_bomb"), _ratio_bomb_docx())
    add(Case("xml_bomb.docx", "unsafe_docx"), _xml_bomb_docx())

    # extensions that lie
    add(Case("pdf_named.docx", "read", "hoạch"), (root / "viet.pdf").read_bytes())
    add(Case("docx_named.pdf", "read", "hoạch"), good)
    buf = io.BytesIO()
    page.save(buf, "PNG")
    add(Case("png_named.tif", "read", "hoạch"), buf.getvalue())
    add(Case("text_named.pdf", "unsupported_type"), "Báo cáo tháng 3\nnội dung\n".encode() * 20)
    return cases


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` with no pixel data behind it."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))

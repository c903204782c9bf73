"""The hostile corpus: every kind of broken, huge, malicious or half-copied file a real evidence inbox
holds, made by code (no binary is committed). Used by tests/run/test_hostile.py, tests/run/test_fuzz.py and
tests/output/test_tampered_sheet.py, and by `python tests/hostile_corpus.py --table` which runs every case
through `extract_file` and prints the table of docs/reliability.md.

Each generator is cheap (the whole inbox is made in about a second and weighs under 5 MB on disk):
bombs are small files that *claim* to be huge, the oversized file is sparse.
"""

from __future__ import annotations

import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.core.fonts import font_path

FONT = font_path("dejavu-sans")
# Distinctive text planted in files OUTSIDE the inbox: it must never show up in any output.
OUTSIDE_MARKER = "BIMATNGOAIHOPTHU"
UNIT = "Xã Vĩnh Thành"  # a configured unit (config/units.yaml)
FORMULA_TITLES = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1"]

PROCESSED = frozenset({"processed"})
QUARANTINED = frozenset({"quarantined"})
EITHER = frozenset({"processed", "quarantined"})
SKIPPED = frozenset({"skipped"})  # never read (symlinks, FIFOs): only the walker sees these


# ---- valid building blocks -----------------------------------------------------------------------

DOC_LINES = [
    "ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 05/KH-UBND",
    "Vĩnh Thành, ngày 10 tháng 01 năm 2018",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2018",
    "Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân huyện Thạnh Trị về cải cách hành chính.",
]


def docx_bytes(lines: list[str] | None = None) -> bytes:
    import docx

    d = docx.Document()
    for ln in lines or DOC_LINES:
        d.add_paragraph(ln)
    buf = io.BytesIO()
    d.save(buf)
    return _deterministic_zip(buf.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """The same entries with fixed timestamps: equal inputs give equal bytes (seeded fuzz cases)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2018, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def _font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    return "DejaVuSans"


def text_pdf_bytes(lines: list[str] | None = None, pages: int = 1, encrypt=None, pagesize=(595, 842)) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize, encrypt=encrypt, invariant=1)
    font = _font_name()
    for p in range(pages):
        c.setFont(font, 11 if pagesize[1] > 100 else 4)
        y = pagesize[1] - 60 if pagesize[1] > 100 else 10
        for ln in lines or DOC_LINES:
            c.drawString(40 if pagesize[0] > 100 else 2, y, ln)
            y -= 18
            if y < 5:
                break
        if pages > 1:
            c.drawString(2, 2, str(p + 1))
        c.showPage()
    c.save()
    return buf.getvalue()


def text_image(lines: list[str] | None = None, width: int = 1400, size: int = 34):
    """A clean 'scan' of text, big enough for Tesseract to read in well under a second."""
    from PIL import Image, ImageDraw, ImageFont

    lines = lines or DOC_LINES[3:7]
    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (width, 80 + len(lines) * int(size * 1.6)), 255)
    draw = ImageDraw.Draw(img)
    for i, ln in enumerate(lines):
        draw.text((40, 40 + i * int(size * 1.6)), ln, fill=0, font=font)
    return img


def png_bytes(lines: list[str] | None = None) -> bytes:
    buf = io.BytesIO()
    text_image(lines).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def jpeg_bytes(lines: list[str] | None = None) -> bytes:
    buf = io.BytesIO()
    text_image(lines).convert("RGB").save(buf, "JPEG", quality=80)
    return buf.getvalue()


def multipage_tiff_bytes(pages: int = 3) -> bytes:
    imgs = [text_image([f"Trang {i + 1}", "Báo cáo cải cách hành chính", "Số: 07/BC-UBND"]) for i in range(pages)]
    buf = io.BytesIO()
    imgs[0].save(buf, "TIFF", save_all=True, append_images=imgs[1:], compression="tiff_deflate")
    return buf.getvalue()


# ---- broken PDFs ---------------------------------------------------------------------------------


def truncated_pdf_bytes() -> bytes:
    """A download or copy cut off half way: no xref, no trailer, half the objects."""
    data = text_pdf_bytes()
    return data[: len(data) // 2]


def broken_xref_pdf_bytes() -> bytes:
    """Every cross-reference offset wrong and startxref pointing past the end (readers may repair)."""
    data = text_pdf_bytes()
    data = re.sub(rb"\d{10} 00000 n", b"0000000001 00000 n", data)
    return re.sub(rb"startxref\s+\d+", b"startxref\n99999999", data)


def garbage_pdf_bytes() -> bytes:
    """A PDF header followed by noise (seeded): nothing to repair."""
    import random

    rnd = random.Random(7)
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(rnd.randrange(256) for _ in range(4000))


def encrypted_pdf_bytes(user_password: str = "matkhau") -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return text_pdf_bytes(encrypt=StandardEncryption(user_password, ownerPassword="chu-so-huu", canPrint=1))


def owner_only_encrypted_pdf_bytes() -> bytes:
    """Encrypted with an empty user password: opens without asking (very common in the wild)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return text_pdf_bytes(encrypt=StandardEncryption("", ownerPassword="chu-so-huu", canPrint=1))


def many_pages_pdf_bytes(pages: int = 2000) -> bytes:
    """Thousands of tiny real pages (~0.4 s, ~1 MB)."""
    return text_pdf_bytes(lines=["."], pages=pages, pagesize=(20, 20))


def count_lie_pdf_bytes(count: int = 100000) -> bytes:
    """One real page whose page tree claims `count` pages."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (Bao cao 01/BC-UBND) Tj ET"
    objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return _assemble_pdf(objs)


def _assemble_pdf(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# ---- hostile DOCX ------------------------------------------------------------------------------


def _replace_in_zip(data: bytes, name: str, content: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == name:
                if content is not None:
                    dst.writestr(name, content)
            else:
                dst.writestr(info, src.read(info.filename))
        for k, v in (extra or {}).items():
            dst.writestr(k, v)
    return buf.getvalue()


@lru_cache(maxsize=2)
def _zeros_deflated(mib: int) -> tuple[bytes, int]:
    """(raw deflate stream of `mib` MiB of zeros, crc32): compressed once per process."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(mib)]
    parts.append(comp.flush())
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return b"".join(parts), crc


def docx_zip_bomb_bytes(mib: int = 256, lie_about_size: bool = False) -> bytes:
    """A DOCX whose word/document.xml inflates to `mib` MiB of zeros (file: ~mib KB).

    With `lie_about_size` the zip directory claims 1 KB uncompressed, so a reader that trusts the
    declared size to decide is fooled; only a bounded streaming read is safe.
    """
    base = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, base.read(info.filename))
    data = bytearray(buf.getvalue())
    # Append the bomb entry by hand: zipfile would have to inflate-then-deflate 256 MiB otherwise.
    deflated, crc = _zeros_deflated(mib)
    name = b"word/document.xml"
    declared = 1024 if lie_about_size else mib << 20
    eocd_at = data.rfind(b"PK\x05\x06")
    n_entries, cd_size, cd_offset = struct.unpack("<HII", data[eocd_at + 10 : eocd_at + 20])
    central = bytes(data[cd_offset : cd_offset + cd_size])
    local_at = cd_offset
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), declared,
                        len(name), 0) + name
    new_central = central + struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(deflated), declared,
        len(name), 0, 0, 0, 0, 0, local_at) + name
    body = bytes(data[:local_at]) + local + deflated
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n_entries + 1, n_entries + 1, len(new_central),
                       len(body), 0)
    return body + new_central + eocd


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>K\xe1\xba\xbe HO\xe1\xba\xa0CH c\xe1\xba\xa3i c\xc3\xa1ch h\xc3\xa0nh ch\xc3\xadnh</w:t></w:r></w:p>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>
</w:body></w:document>"""

XXE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://%s">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>B\xc3\xa1o c\xc3\xa1o s\xe1\xbb\x91 01/BC-UBND</w:t></w:r></w:p>
<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>
</w:body></w:document>"""


def entity_bomb_docx_bytes() -> bytes:
    return _replace_in_zip(docx_bytes(), "word/document.xml", BILLION_LAUGHS)


def xxe_docx_bytes(secret_path: str) -> bytes:
    """word/document.xml referencing an external entity: a file outside the inbox."""
    return _replace_in_zip(docx_bytes(), "word/document.xml", XXE % secret_path.encode())


def truncated_docx_bytes() -> bytes:
    """A half-copied DOCX: the ZIP central directory never arrived."""
    data = docx_bytes()
    return data[: len(data) * 2 // 3]


def docx_without_document_bytes() -> bytes:
    """A valid ZIP named .docx that holds no word/document.xml (a renamed archive)."""
    return _replace_in_zip(docx_bytes(), "word/document.xml", None)


def docx_with_traversal_entry_bytes() -> bytes:
    """Zip-slip: an entry named ../../../tmp/evil; a reader that extracts to disk would escape."""
    return _replace_in_zip(docx_bytes(), "__none__", None, {"../../../../tmp/kiemchung-zip-slip": b"x"})


# ---- image bombs -------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming_bytes(width: int, height: int, real_data: bool) -> bytes:
    """A 1-bit grayscale PNG declaring width x height. With `real_data` the IDAT really inflates to
    the full image (zeros compress ~1000:1, so 10000x10000 is a ~13 KB file); otherwise a few
    bytes of IDAT only (header bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    if real_data:
        row = b"\0" + b"\xff" * ((width + 7) // 8)  # filter byte + white pixels
        comp = zlib.compressobj(9)
        idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    else:
        idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def image_header_bomb_bytes() -> bytes:
    return png_claiming_bytes(100_000, 100_000, real_data=False)


def image_pixel_bomb_bytes() -> bytes:
    """10000 x 10000 = 100 Mpx: above settings.ocr.max_image_pixels (90 Mpx) but *below* Pillow's
    own error threshold (2 x 89 Mpx), so only the project's limit stops it."""
    return png_claiming_bytes(10_000, 10_000, real_data=True)


# ---- the inbox ---------------------------------------------------------------------------------


@dataclass
class Case:
    key: str  # short stable id
    what: str  # human description for the table
    relpath: str | bytes  # relative to the inbox; bytes for a name that is not valid UTF-8
    expect: frozenset[str]  # acceptable statuses
    codes: frozenset[str] = frozenset()  # acceptable error codes when quarantined (empty: any)
    make: Callable[[Path], None] | None = None  # writes the file; default writes `data`
    data: bytes | None = None
    notes: list[str] = field(default_factory=list)

    def abspath(self, inbox: Path) -> bytes:
        rel = self.relpath if isinstance(self.relpath, bytes) else self.relpath.encode("utf-8")
        return os.path.join(os.fsencode(inbox), rel)

    @property
    def relstr(self) -> str:
        """The inbox-relative path as Python sees it (surrogate escapes for undecodable bytes)."""
        return os.fsdecode(self.relpath) if isinstance(self.relpath, bytes) else self.relpath


LONG_NAME = ("Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2018 của Ủy ban nhân "
             "dân xã Vĩnh Thành huyện Thạnh Trị")
LONG_NAME = (LONG_NAME * 2).encode()[:235].decode("utf-8", "ignore").strip() + ".docx"  # ~240 B (NAME_MAX 255)
NFD_NAME = unicodedata.normalize("NFD", "Kế hoạch cải cách hành chính.docx")
# Unit folders named like formulas: an unmapped folder's name starts a cell of the summary sheet.
FORMULA_FOLDERS = ["=1+1", "@SUM(1)", "+cmd|' -C calc'!A0", "-2+3"]
ESCAPE_FOLDERS = ["..%2f..%2fetc", "..\\..\\Windows", "\u2025", "\uff0e\uff0e", ". .", "...."]


def _unique(tag: str) -> list[str]:
    """The usual document plus a line of its own: distinct content, so that the run's concurrent
    extraction never sees two files with one hash (that race is tested on its own, test_crash.py)."""
    return [*DOC_LINES, f"Tệp kiểm tra: {tag}"]


def cases(outside: Path) -> list[Case]:
    """Every hostile case, under the configured unit folder unless the case is about folders.

    `outside` is a directory beside (not inside) the inbox, holding the targets of symlinks.
    """
    u = UNIT
    c = [
        Case("empty_pdf", "zero-byte file named .pdf", f"{u}/rong.pdf", QUARANTINED, data=b""),
        Case("empty_docx", "zero-byte file named .docx", f"{u}/rong.docx", QUARANTINED, data=b""),
        Case("truncated_pdf", "PDF cut at half its length (no xref, no trailer)", f"{u}/cut.pdf", EITHER,
             data=truncated_pdf_bytes()),
        Case("broken_xref", "PDF whose every xref offset and startxref are wrong", f"{u}/xref.pdf", EITHER,
             data=broken_xref_pdf_bytes()),
        Case("garbage_pdf", "%PDF header followed by 4 KB of noise", f"{u}/noise.pdf", QUARANTINED,
             data=garbage_pdf_bytes()),
        Case("encrypted_pdf", "PDF with a user password (reportlab StandardEncryption)", f"{u}/matkhau.pdf",
             QUARANTINED, data=encrypted_pdf_bytes()),
        Case("owner_only_pdf", "PDF encrypted with an empty user password (opens without asking)",
             f"{u}/owner.pdf", PROCESSED, data=owner_only_encrypted_pdf_bytes()),
        Case("many_pages", "PDF with 2000 real (tiny) pages, cap is settings.ocr.max_pages_per_file=400",
             f"{u}/2000 trang.pdf", QUARANTINED, data=many_pages_pdf_bytes()),
        Case("count_lie", "1-page PDF whose page tree claims /Count 100000", f"{u}/count.pdf", EITHER,
             data=count_lie_pdf_bytes()),
        Case("zip_bomb", "DOCX: word/document.xml inflates to 256 MiB of zeros (file 256 KB)", f"{u}/bom.docx",
             QUARANTINED, data=docx_zip_bomb_bytes()),
        Case("zip_bomb_lying", "DOCX zip bomb whose directory claims 1 KB uncompressed", f"{u}/bom2.docx",
             QUARANTINED, data=docx_zip_bomb_bytes(lie_about_size=True)),
        Case("entity_bomb", "DOCX with billion-laughs entities in word/document.xml", f"{u}/lol.docx",
             EITHER, data=entity_bomb_docx_bytes()),
        Case("xxe", "DOCX whose document.xml includes an external entity (a file outside the inbox)",
             f"{u}/xxe.docx", EITHER, make=None, data=xxe_docx_bytes(str(outside / "secret.txt"))),
        Case("truncated_docx", "DOCX cut at two thirds (half-copied: no central directory)", f"{u}/cut.docx",
             QUARANTINED, data=truncated_docx_bytes()),
        Case("docx_no_document", "valid ZIP named .docx without word/document.xml", f"{u}/rename.docx",
             QUARANTINED, data=docx_without_document_bytes()),
        Case("zip_slip", "DOCX with an entry named ../../../../tmp/kiemchung-zip-slip", f"{u}/slip.docx",
             EITHER, data=docx_with_traversal_entry_bytes()),
        Case("png_header_bomb", "PNG header claiming 100000 x 100000 px (file 100 bytes)", f"{u}/bomb.png",
             QUARANTINED, data=image_header_bomb_bytes()),
        Case("png_pixel_bomb", "PNG really 10000 x 10000 px (100 Mpx > 90 Mpx limit; file 13 KB)",
             f"{u}/bomb2.png", QUARANTINED, data=image_pixel_bomb_bytes()),
        Case("tiff_multipage", "3-page TIFF scan", f"{u}/scan 3 trang.tiff", PROCESSED,
             data=multipage_tiff_bytes(3)),
        Case("jpeg_as_pdf", "JPEG photo named .pdf", f"{u}/anh chup.pdf", PROCESSED, data=jpeg_bytes()),
        Case("unknown_kind", "Word lock file ~$temp.docx (162 bytes of junk)", f"{u}/~$temp.docx",
             QUARANTINED, data=b"\x05Admin" + b"\0" * 156),
        Case("oversized", "sparse 300 MiB file (> limits.max_file_bytes 200 MiB)", f"{u}/khong lo.pdf",
             QUARANTINED, make=lambda p: _sparse(p, 300 << 20)),
        Case("unreadable", "file with mode 000 (permission denied)", f"{u}/khoa.docx", QUARANTINED,
             data=docx_bytes(_unique("khoa")), make=None),
        Case("nfd_name", "file name in NFD Unicode", f"{u}/{NFD_NAME}", PROCESSED, data=docx_bytes(_unique("nfd"))),
        Case("spaces_name", "file name with leading, inner and trailing spaces", f"{u}/  bao  cao quy 1 .docx",
             PROCESSED, data=docx_bytes(_unique("spaces"))),
        Case("long_name", f"file name of {len(LONG_NAME.encode())} bytes", f"{u}/{LONG_NAME}", PROCESSED,
             data=docx_bytes(_unique("long"))),
        Case("bad_utf8_name", "file name b'\\xff\\xfe.pdf' (not valid UTF-8)",
             u.encode() + b"/\xff\xfe.pdf", PROCESSED, data=text_pdf_bytes(_unique("utf8"))),
        Case("control_chars_name", "file name with BEL, ESC and an ANSI colour code", f"{u}/bao\x07cao\x1b[31m.docx",
             PROCESSED, data=docx_bytes(_unique("ctrl"))),
        Case("newline_name", "file name with newlines and a '..' line", f"{u}/ban sao\n..\nke hoach.docx",
             PROCESSED, data=docx_bytes(_unique("newline"))),
        Case("deep_nesting", "text PDF 30 folders deep", f"{u}/" + "/".join(["a"] * 30) + "/sau.pdf",
             PROCESSED, data=text_pdf_bytes(_unique("deep"))),
    ]
    for t in FORMULA_TITLES:
        safe = t.replace("/", "∕")
        c.append(Case(f"formula_{FORMULA_TITLES.index(t)}", f"DOCX titled and named {t!r} (formula injection)",
                      f"{u}/{safe}.docx", PROCESSED, data=docx_bytes(DOC_LINES[:5] + ["KẾ HOẠCH", t])))
    c.append(Case("path_title", "DOCX whose title is '../../evil' and symbol '../../x'", f"{u}/evil.docx",
                  PROCESSED, data=docx_bytes(DOC_LINES[:3] + ["Số: ../../x", "KẾ HOẠCH", "../../evil"])))
    for i, folder in enumerate(FORMULA_FOLDERS):
        c.append(Case(f"formula_folder_{i}", f"unit folder named {folder!r} (formula injection)",
                      f"{folder}/bao cao.docx", PROCESSED, data=docx_bytes(_unique(f"formula folder {i}"))))
    for i, folder in enumerate(ESCAPE_FOLDERS):
        c.append(Case(f"escape_folder_{i}", f"unit folder named {folder!r} (looks like a path escape)",
                      f"{folder}/van ban.docx", PROCESSED, data=docx_bytes(_unique(f"folder {i}"))))
    return c


def _sparse(path: bytes | Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(size)


@dataclass
class Inbox:
    root: Path
    outside: Path
    cases: list[Case]
    links: list[str]  # inbox-relative symlinks / special files the walker must not follow
    valid: list[str]  # inbox-relative ordinary files expected processed

    def case(self, key: str) -> Case:
        return next(c for c in self.cases if c.key == key)


def build_inbox(base: Path, chmod_unreadable: bool = True) -> Inbox:
    """Write the hostile inbox under base/inbox and link targets under base/outside."""
    inbox, outside = base / "inbox", base / "outside"
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(f"root:x:0:0:{OUTSIDE_MARKER}\n", encoding="utf-8")
    (outside / "secret.pdf").write_bytes(text_pdf_bytes([f"Báo cáo {OUTSIDE_MARKER}", "Số: 99/BC-UBND"]))
    (outside / "dir").mkdir(exist_ok=True)
    (outside / "dir" / "inside.pdf").write_bytes(text_pdf_bytes([f"Kế hoạch {OUTSIDE_MARKER}"]))
    all_cases = cases(outside)
    for c in all_cases:
        path = c.abspath(inbox)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if c.make is not None:
            c.make(path)
        else:
            with open(path, "wb") as fh:
                fh.write(c.data or b"")
    # A few ordinary files, so that the unit also has real evidence.
    valid = {f"{UNIT}/ke hoach.docx": docx_bytes(), f"{UNIT}/bao cao.pdf": text_pdf_bytes(_unique("valid")),
             f"{UNIT}/scan.png": png_bytes()}
    for rel, data in valid.items():
        (inbox / rel).write_bytes(data)
    links = [f"{UNIT}/lien ket.pdf", f"{UNIT}/passwd.pdf", f"{UNIT}/thu muc ngoai", f"{UNIT}/vong",
             f"{UNIT}/ong.pdf", "Xã Ngoài"]
    os.symlink(outside / "secret.pdf", inbox / links[0])
    os.symlink("/etc/passwd", inbox / links[1])
    os.symlink(outside / "dir", inbox / links[2], target_is_directory=True)
    os.symlink(".", inbox / links[3], target_is_directory=True)  # a loop
    os.mkfifo(inbox / links[4])  # opening a FIFO for reading blocks forever
    os.symlink(outside / "dir", inbox / links[5], target_is_directory=True)  # a whole "unit" outside
    if chmod_unreadable:
        os.chmod(all_cases_path(inbox, all_cases, "unreadable"), 0)
    return Inbox(inbox, outside, all_cases, links, list(valid))


def all_cases_path(inbox: Path, all_cases: list[Case], key: str) -> bytes:
    return next(c for c in all_cases if c.key == key).abspath(inbox)


# ---- the table of docs/reliability.md ------------------------------------------------------------


@contextmanager
def reads_denied(target: bytes):
    """open()/os.open()/Path.open() of one path raise PermissionError, as chmod 000 does for a
    non-root user (as root, chmod does not stop reads)."""
    import builtins
    import pathlib
    from unittest import mock

    target_s = os.fsdecode(target)

    def denied(path) -> bool:
        try:
            return os.fsdecode(os.fspath(path)) == target_s
        except TypeError:
            return False

    def wrap(real, method: bool = False):
        def fake(*a, **k):
            if denied(a[0]):
                raise PermissionError(13, "Permission denied", target_s)
            return real(*a, **k)
        return fake

    with mock.patch.object(builtins, "open", wrap(builtins.open)), \
            mock.patch.object(os, "open", wrap(os.open)), \
            mock.patch.object(pathlib.Path, "open", wrap(pathlib.Path.open)):
        yield


def _table(run_report: str | None = None) -> int:
    """Run every case through extract_file (in this process) and print the markdown table; with the
    JSON left by the end-to-end test (KIEMCHUNG_RELIABILITY_REPORT), add what the whole run said."""
    import json
    import sys
    import tempfile
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.core.config import load_config
    from pipeline.extract.files import extract_file

    settings = load_config().settings
    run = {}
    if run_report:
        run = {r["key"]: r for r in json.loads(Path(run_report).read_text(encoding="utf-8"))["rows"]}
    with tempfile.TemporaryDirectory() as tmp:
        ib = build_inbox(Path(tmp), chmod_unreadable=False)
        print("| # | input | extract_file: status, error_code (s) | whole run: status, error_code | "
              "message the clerk reads (vi) |")
        print("|---|---|---|---|---|")
        for i, c in enumerate(ib.cases, 1):
            t = time.monotonic()
            path = Path(os.fsdecode(c.abspath(ib.root)))
            if c.key == "unreadable":
                with reads_denied(c.abspath(ib.root)):
                    ef = extract_file(path, c.relstr, settings)
            else:
                ef = extract_file(path, c.relstr, settings)
            took = time.monotonic() - t
            r = run.get(c.key)
            whole = f"{r['status']}{', ' + r['error_code'] if r.get('error_code') else ''}" if r else "—"
            msg = ((r.get("error") if r else ef.error) or "").replace("|", "\\|").replace("\n", " ")
            what = c.what.replace("|", "\\|")
            print(f"| {i} | {what} | {ef.status}{', ' + ef.error_code if ef.error_code else ''} ({took:.1f}) "
                  f"| {whole} | {msg} |")
        for r in [r for k, r in run.items() if k.startswith("link")]:
            print(f"| – | {r['path']} ({r['what']}) | not read | {r['status']}, {r['error_code']} | {r['error']} |")
    return 0


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--table"]:
        sys.exit(_table(sys.argv[2] if len(sys.argv) > 2 else None))
    print("usage: python tests/hostile_corpus.py --table [RUN_REPORT.json]", file=sys.stderr)
    sys.exit(2)

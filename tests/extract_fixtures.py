"""Generated inputs for the extraction tests and benches: scan-like pages, PDFs, DOCX.

Nothing binary is committed: every fixture is rendered here from text. Scanned pages are drawn
with PIL (an administrative document's two-column header, a title, body lines), then turned,
skewed and sprinkled with noise like a photocopy.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz import fuzz

from pipeline.core.fonts import font_path
from pipeline.core.normalize import fold

SERIF = font_path("dejavu-serif")
SERIF_BOLD = font_path("dejavu-serif-bold")
LIBERATION = font_path("liberation-serif")
LIBERATION_BOLD = font_path("liberation-serif-bold")

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ VĨNH THÀNH", "Số: 05/KH-UBND"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Vĩnh Thành, ngày 10 tháng 01 năm 2018",
]
TITLE = ["KẾ HOẠCH", "Cải cách hành chính năm 2018"]
BODY = [
    "Căn cứ Quyết định số 225/QĐ-TTg ngày 04 tháng 02 năm 2016 của Thủ tướng",
    "Chính phủ phê duyệt Kế hoạch cải cách hành chính nhà nước giai đoạn 2016-2020;",
    "Ủy ban nhân dân xã xây dựng kế hoạch cải cách hành chính năm 2018 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ",
    "người dân và doanh nghiệp tại bộ phận tiếp nhận và trả kết quả.",
    "2. Kiện toàn tổ chức bộ máy, nâng cao năng lực đội ngũ cán bộ, công chức.",
    "II. NỘI DUNG THỰC HIỆN",
    "1. Tuyên truyền về cải cách hành chính trên hệ thống truyền thanh xã.",
    "2. Niêm yết công khai thủ tục hành chính tại trụ sở Ủy ban nhân dân xã.",
    "3. Kiểm tra, đánh giá việc thực hiện nhiệm vụ cải cách hành chính.",
]


def render_page(
    header: bool = True,
    title: list[str] | None = None,
    body: list[str] | None = None,
    width: int = 1654,
    height: int = 2339,
    font_px: int = 34,
    font: str = SERIF,
    bold: str = SERIF_BOLD,
    left_header: list[str] | None = None,
    right_header: list[str] | None = None,
) -> Image.Image:
    """An upright A4 page at 200 dpi (1654x2339) in grayscale, drawn like an administrative document."""
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    regular = ImageFont.truetype(font, font_px)
    heavy = ImageFont.truetype(bold, font_px)
    margin = int(width * 0.08)
    y = int(height * 0.05)
    line_h = int(font_px * 1.6)
    if header:
        left = left_header if left_header is not None else HEADER_LEFT
        right = right_header if right_header is not None else HEADER_RIGHT
        col_l = (margin, int(width * 0.40))
        col_r = (int(width * 0.45), width - margin // 2)
        for i, line in enumerate(left):
            f = heavy if i < 2 else regular
            w = draw.textlength(line, font=f)
            draw.text((col_l[0] + (col_l[1] - col_l[0] - w) / 2, y + i * line_h), line, font=f, fill=0)
        for i, line in enumerate(right):
            f = heavy if i < 2 else regular
            w = draw.textlength(line, font=f)
            draw.text((col_r[0] + (col_r[1] - col_r[0] - w) / 2, y + i * line_h), line, font=f, fill=0)
        y += line_h * (max(len(left), len(right)) + 1)
    for i, line in enumerate(title if title is not None else TITLE):
        f = heavy if i == 0 else regular
        w = draw.textlength(line, font=f)
        draw.text(((width - w) / 2, y), line, font=f, fill=0)
        y += line_h
    y += line_h // 2
    for line in body if body is not None else BODY:
        draw.text((margin, y), line, font=regular, fill=0)
        y += line_h
    return img


def degrade(img: Image.Image, rotate: int = 0, skew: float = 0.0, noise: float = 0.0, seed: int = 1) -> Image.Image:
    """Turn the page by `rotate` (counter-clockwise, like a sheet fed the wrong way), skew it by
    `skew` degrees, blur it slightly and add salt-and-pepper noise (`noise` = share of pixels)."""
    out = img
    if skew:
        out = out.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rnd = random.Random(seed)
        out = out.filter(ImageFilter.GaussianBlur(0.6))
        px = out.load()
        w, h = out.size
        for _ in range(int(w * h * noise)):
            px[rnd.randrange(w), rnd.randrange(h)] = rnd.choice((0, 255))
    if rotate:
        out = out.rotate(rotate, expand=True, fillcolor=255)
    return out


def images_to_pdf(images: list[Image.Image], path: Path, dpi: int = 200) -> Path:
    """A scanned PDF: one image per page, no text layer."""
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=rgb[1:])
    return path


def images_to_tiff(images: list[Image.Image], path: Path) -> Path:
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return path


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def text_pdf(path: Path, pages: list[list[str]], table: list[list[str]] | None = None,
             font_name: str = "DejaVuSerif", font_file: str = SERIF) -> Path:
    """A PDF with a text layer (reportlab, DejaVu embedded for Vietnamese); optional grid table on page 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    if font_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font_name, font_file))
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for n, lines in enumerate(pages):
        c.setFont(font_name, 12)
        y = h - 60
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        if table and n == 0:
            t = RLTable(table)
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name),
                                   ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
            tw, th = t.wrapOn(c, w - 120, y)
            t.drawOn(c, 60, y - th - 20)
        c.showPage()
    c.save()
    return path


def render_table_page(rows: int = 28, font_px: int = 30) -> Image.Image:
    """A scanned self-assessment table: ruled grid (vertical lines too), 4 columns, a title."""
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(SERIF, font_px)
    xs = [120, 220, 1000, 1250, 1540]
    y0 = 300
    d.text((500, 150), "BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC", font=f, fill=0)
    for r in range(rows + 1):
        d.line((xs[0], y0 + r * 65, xs[-1], y0 + r * 65), fill=0, width=3)
    for x in xs:
        d.line((x, y0, x, y0 + rows * 65), fill=0, width=3)
    for r in range(rows):
        for c, t in enumerate([str(r + 1), "Ban hành kế hoạch cải cách hành chính năm", "2", "1,5"]):
            d.text((xs[c] + 10, y0 + r * 65 + 15), t, font=f, fill=0)
    return img


SYMBOL = re.compile(r"0?5\s*/\s*KH\s*[-–]\s*UBND")


def reads_key_words(text: str) -> None:
    """`render_page`'s type word, symbol and subject are in an OCR reading of it."""
    assert "KẾ HOẠCH" in text or fuzz.partial_ratio("ke hoach", fold(text)) >= 90, text
    assert SYMBOL.search(text) or fuzz.partial_ratio("05/kh-ubnd", fold(text)) >= 85, text
    assert fuzz.partial_ratio("cai cach hanh chinh nam 2018", fold(text)) >= 90, text


def handwritten_header(number: str, day: str, dpi: int = 300, code: str = "/QĐ-UBND", dots: bool = False,
                       pen_y: int = 88) -> Image.Image:
    """A printed decision header whose number and day are written in a handwriting font, bigger and
    bolder than the print: in blank space (the Nghị định 30 template), or over dotted leaders
    (`dots`, "Số: ........../QĐ-UBND", the pen's baseline at `pen_y` points)."""
    s = dpi / 72
    img = Image.new("L", (int((700 if dots else 595) * s), int(300 * s)), 255)
    d = ImageDraw.Draw(img)
    serif = ImageFont.truetype(font_path("dejavu-serif"), int(13 * s))
    hand = ImageFont.truetype(font_path("hand-bw-learn"), int(19 * s))
    for x, y, text in ((100, 40, "ỦY BAN NHÂN DÂN"), (100, 58, "TỈNH QUẢNG NGÃI"),
                       (330, 40, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (360, 58, "Độc lập - Tự do - Hạnh phúc"),
                       (250, 140, "QUYẾT ĐỊNH"), (150, 160, "Về việc phê duyệt kế hoạch ứng phó sự cố")):
        d.text((x * s, y * s), text, font=serif, fill=0)
    if dots:
        so, ngay = "Số: ...........", "Quảng Ngãi, ngày ........"
        code_x = 100 * s + d.textlength(so, font=serif) + 2 * s
        number_x = 100 * s + d.textlength("Số: ", font=serif) + 4 * s
        month_x = 330 * s + d.textlength(ngay, font=serif) + 2 * s
        day_x = 330 * s + d.textlength("Quảng Ngãi, ngày ", font=serif) + 3 * s
    else:
        so, ngay = "Số:", "Quảng Ngãi, ngày"
        code_x, number_x, month_x, day_x = 175 * s, 128 * s, 480 * s, 448 * s
    d.text((100 * s, 95 * s), so, font=serif, fill=0)
    d.text((code_x, 95 * s), code, font=serif, fill=0)
    d.text((330 * s, 95 * s), ngay, font=serif, fill=0)
    d.text((month_x, 95 * s), "tháng 02 năm 2025", font=serif, fill=0)
    d.text((number_x, pen_y * s), number, font=hand, fill=20)
    d.text((day_x, pen_y * s), day, font=hand, fill=20)
    return img


# What a font without Vietnamese's precomposed letters leaves of a text in a PDF's text layer: Latin-1 and the six
# letters it had ("C NG HOÀ XÃ H I CH NGHĨA VI T NAM"); and what one with no Unicode map leaves ("(cid:123)").
_LATIN1_KEPT = set("ĐđƯưƠơĂăĨĩŨũ")


def lose_letters(line: str) -> str:
    return "".join(c for c in line if ord(c) < 256 or c in _LATIN1_KEPT)


def unmap_letters(line: str) -> str:
    return "".join(c if ord(c) < 128 or c.isspace() else f"(cid:{ord(c) % 500})" for c in line)


def sandwich_pdf(path: Path, image: Image.Image, lines: list[str]) -> Path:
    """A PDF page showing `image` under an invisible text layer of `lines` (a scan 'made searchable' by a tool
    whose font lost the letters)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", SERIF))
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.drawImage(ImageReader(io.BytesIO(png_bytes(image.convert("RGB")))), 0, 0, w, h)
    t = c.beginText(60, h - 60)
    t.setTextRenderMode(3)  # invisible, as OCR layers are
    t.setFont("DejaVuSerif", 11)
    for line in lines:
        t.textLine(line)
    c.drawText(t)
    c.showPage()
    c.save()
    return path


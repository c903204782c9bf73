"""Render a `DocSpec` as DOCX, text PDF, scanned PDF pages or a phone photo — deterministically.

One layout (`layout`, in PDF points) feeds both the text PDF and the scan, so a DOCX/PDF and "its
printed scan" carry the same words, and the tests know where the title sits on every scanned page.
The layout follows Nghị định 30/2020: two-column header (issuing body + number | national motto +
place-date line), centered title, body, signature block and "Nơi nhận".

Determinism: fixed seeds for every random effect, reportlab `invariant=1` (fixed dates and IDs),
DOCX core properties set from the document's date and the ZIP re-packed with fixed timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.core.fonts import font_path
from samples.scenario import TYPE_HEAD, DocSpec, place_line

# Liberation Serif (fonts-liberation2): metric-compatible with Times New Roman, the font ND 30 asks for.
FONT_KEYS = {"R": "liberation-serif", "B": "liberation-serif-bold",
             "I": "liberation-serif-italic", "BI": "liberation-serif-bolditalic"}
RL_NAMES = {k: f"KCSerif-{k}" for k in FONT_KEYS}
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
ML, MR, MT, MB = 85.0, 57.0, 57.0, 60.0  # Nghị định 30: left 30 mm, right 20 mm
CW = PAGE_W - ML - MR
SCAN_DPI = 200
BG = 246  # paper


# Binary streams: reportlab's pure-Python ASCII85 of every scan JPEG would dominate generation time.
rl_config.useA85 = 0


@lru_cache(maxsize=1)
def _register_fonts() -> None:
    """Registered on first use, not at import: a missing font is then one `MissingFont` line from
    the command that needs it, not an import-time traceback."""
    for key, font in FONT_KEYS.items():
        if RL_NAMES[key] not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(RL_NAMES[key], font_path(font)))


def check_fonts() -> None:
    """Raise `MissingFont` now if the print font is not installed."""
    _register_fonts()


def width(text: str, font: str, size: float) -> float:
    _register_fonts()
    return pdfmetrics.stringWidth(text, RL_NAMES[font], size)


def wrap(text: str, font: str, size: float, max_w: float, indent: float = 0.0) -> list[str]:
    return wrap_words(text, max_w, lambda s: width(s, font, size), indent)


def wrap_words(text: str, max_w: float, measure: Callable[[str], float], indent: float = 0.0) -> list[str]:
    """Greedy line breaking of `text` into lines at most `max_w` wide by `measure`; the first line
    is `indent` narrower."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        avail = max_w - (indent if not lines else 0.0)
        if cur and measure(trial) > avail:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines or [""]


# ---- layout ---------------------------------------------------------------------------------


@dataclass
class Layout:
    ops: list[tuple] = field(default_factory=list)  # ("text", page, x, y, s, font, size) | ("line", page, x1, y1, x2, y2, w)
    pages: int = 1
    title_box: tuple[float, float, float, float] | None = None  # on page 1, points (x0, y0, x1, y1)
    title_text: str = ""  # the title lines, "\n"-joined, as printed

    def text(self, page: int, x: float, y: float, s: str, font: str = "R", size: float = 13) -> None:
        self.ops.append(("text", page, x, y, s, font, size))

    def center(self, page: int, cx: float, y: float, s: str, font: str = "R", size: float = 13) -> None:
        self.text(page, cx - width(s, font, size) / 2, y, s, font, size)

    def line(self, page: int, x1: float, y1: float, x2: float, y2: float, w: float = 0.6) -> None:
        self.ops.append(("line", page, x1, y1, x2, y2, w))


def layout(doc: DocSpec) -> Layout:
    lay = Layout()
    page, y = 0, 0.0
    # Header, left column: issuing body and number (and V/v for a letter).
    lcx, rcx = 150.0, 410.0
    lay.center(0, lcx, 70, doc.issuer[0], "R", 12.5)
    lay.center(0, lcx, 86, doc.issuer[1], "B", 12.5)
    lay.line(0, lcx - 30, 91, lcx + 30, 91)
    lay.center(0, lcx, 110, f"Số: {doc.symbol}" if doc.symbol else "Số:      /", "R", 13)
    # Right column: national motto and the place-date line.
    lay.center(0, rcx, 70, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", 12.5)
    motto = "Độc lập - Tự do - Hạnh phúc"
    lay.center(0, rcx, 86, motto, "B", 13)
    mw = width(motto, "B", 13)
    lay.line(0, rcx - mw / 2, 91, rcx + mw / 2, 91)
    lay.center(0, rcx, 110, place_line(doc), "I", 13)
    y = 110
    if doc.doc_type == "CV":
        for ln in wrap(f"V/v {doc.trich_yeu[0].lower()}{doc.trich_yeu[1:]}", "R", 12, 190):
            y += 15
            lay.center(0, lcx, y, ln, "R", 12)
        lay.title_box = (lcx - 100, 112, lcx + 100, y + 5)
        lay.title_text = "\n".join(wrap(f"V/v {doc.trich_yeu[0].lower()}{doc.trich_yeu[1:]}", "R", 12, 190))
        y += 30
    else:
        y = 150
        cx = ML + CW / 2
        lay.center(0, cx, y, TYPE_HEAD[doc.doc_type], "B", 14)
        title_lines = [TYPE_HEAD[doc.doc_type]]
        for ln in wrap(doc.trich_yeu, "B", 14, CW - 60):
            y += 19
            lay.center(0, cx, y, ln, "B", 14)
            title_lines.append(ln)
        lay.line(0, cx - 50, y + 9, cx + 50, y + 9)
        lay.title_box = (ML, 150 - 16, ML + CW, y + 6)
        lay.title_text = "\n".join(title_lines)
        y += 34

    lead = 19.0

    def new_page() -> None:
        nonlocal page, y
        page += 1
        lay.center(page, ML + CW / 2, 40, str(page + 1), "R", 12)
        y = MT + 22

    for style, text in doc.body:
        if style == "table":
            page, y = _layout_table(lay, doc.table or [], page, y)
            continue
        font = "B" if style in ("h", "c") else "R"
        indent = 28.0 if style == "p" else 0.0
        lines = wrap(text, font, 13, CW, indent)
        for i, ln in enumerate(lines):
            if y + lead > PAGE_H - MB:
                new_page()
            y += lead
            if style == "c":
                lay.center(page, ML + CW / 2, y, ln, font, 13)
            else:
                lay.text(page, ML + (indent if i == 0 else 0.0), y, ln, font, 13)
        y += 4
    # Signature block and recipients, kept together.
    need = 40 + max(110.0, 16.0 + 14.0 * len(doc.recipients))
    if y + need > PAGE_H - MB:
        new_page()
    y += 30
    scx = 430.0
    sy = y
    for ln in [s for s in doc.signer[:2] if s]:
        lay.center(page, scx, sy, ln, "B", 13)
        sy += 16
    lay.center(page, scx, sy + 62, doc.signer[2], "B", 13)
    lay.text(page, ML - 20, y, "Nơi nhận:", "BI", 12)
    ry = y
    for r in doc.recipients:
        ry += 14
        lay.text(page, ML - 20, ry, f"- {r}", "R", 11)
    lay.pages = page + 1
    return lay


SA_COLS = [("STT", 34.0), ("Tiêu chí", 150.0), ("Điểm tối đa", 48.0), ("Điểm tự chấm", 48.0),
           ("Tài liệu kiểm chứng", CW - 280.0)]


def _num(v) -> str:
    return "" if v is None or v == "" else f"{float(v):g}"


def _layout_table(lay: Layout, rows: list[dict], page: int, y: float) -> tuple[int, float]:
    """The self-assessment table with ruled cells (what pdfplumber and OCR see)."""
    size, lead, pad = 10.5, 12.5, 3.0
    header = [c for c, _ in SA_COLS]
    body = [[r["code"], r["name"], _num(r["max"]), _num(r["self"]), r["cited"], r["area"]] for r in rows]
    all_rows = [[*header, True]] + body
    y += 6
    for cells in all_rows:
        bold = cells[-1]
        font = "B" if bold else "R"
        wrapped = [wrap(str(c), font, size, w - 2 * pad) for c, (_, w) in zip(cells[:-1], SA_COLS, strict=True)]
        height = max(len(w) for w in wrapped) * lead + 2 * pad + 2
        if y + height > PAGE_H - MB:
            page += 1
            lay.center(page, ML + CW / 2, 40, str(page + 1), "R", 12)
            y = MT + 10
        x = ML
        lay.line(page, ML, y, ML + CW, y)
        for i, (col_lines, (_, w)) in enumerate(zip(wrapped, SA_COLS, strict=True)):
            ly = y + pad + size
            for ln in col_lines:
                if i in (0, 2, 3) or cells is all_rows[0]:
                    lay.center(page, x + w / 2, ly, ln, font, size)
                else:
                    lay.text(page, x + pad, ly, ln, font, size)
                ly += lead
            x += w
        xs = [ML]
        for _, w in SA_COLS:
            xs.append(xs[-1] + w)
        for xv in xs:
            lay.line(page, xv, y, xv, y + height)
        y += height
        lay.line(page, ML, y, ML + CW, y)
    return page, y + 8


# ---- text PDF -------------------------------------------------------------------------------


def _pdf_canvas(buf: io.BytesIO, encrypt=None) -> canvas.Canvas:
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1, encrypt=encrypt)
    c.setCreator("Microsoft® Word 2013")
    c.setProducer("Microsoft® Word 2013")
    return c


def text_pdf(doc: DocSpec, encrypt=None) -> tuple[bytes, int]:
    lay = layout(doc)
    buf = io.BytesIO()
    c = _pdf_canvas(buf, encrypt)
    c.setTitle(doc.title)
    for p in range(lay.pages):
        for op in lay.ops:
            if op[1] != p:
                continue
            if op[0] == "text":
                _, _, x, y, s, font, size = op
                c.setFont(RL_NAMES[font], size)
                c.drawString(x, PAGE_H - y, s)
            else:
                _, _, x1, y1, x2, y2, w = op
                c.setLineWidth(w)
                c.line(x1, PAGE_H - y1, x2, PAGE_H - y2)
        c.showPage()
    c.save()
    return buf.getvalue(), lay.pages


# ---- scans and photos -----------------------------------------------------------------------


@lru_cache(maxsize=64)
def _pil_font(font: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(FONT_KEYS[font]), px)


def page_images(doc: DocSpec, dpi: int = SCAN_DPI, ink: int = 30) -> list[Image.Image]:
    """The upright, clean pages (grayscale) as a printer would put them on paper."""
    lay = layout(doc)
    s = dpi / 72.0
    size = (round(PAGE_W * s), round(PAGE_H * s))
    imgs = [Image.new("L", size, 255) for _ in range(lay.pages)]
    draws = [ImageDraw.Draw(im) for im in imgs]
    for op in lay.ops:
        d = draws[op[1]]
        if op[0] == "text":
            _, _, x, y, text, font, fsize = op
            d.text((x * s, y * s), text, fill=ink, font=_pil_font(font, round(fsize * s)), anchor="ls")
        else:
            _, _, x1, y1, x2, y2, w = op
            d.line([(x1 * s, y1 * s), (x2 * s, y2 * s)], fill=ink, width=max(1, round(w * s)))
    return imgs


def _rng(seed: str) -> np.random.Generator:
    return np.random.default_rng(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))


def scan_effects(img: Image.Image, seed: str, skew: float, rotation: int) -> Image.Image:
    """Paper tone, toner noise, speckle, slight blur, skew, then the page turned by `rotation`.

    `rotation` is what turns the result upright (counter-clockwise degrees), so the page is turned
    by -rotation here.
    """
    rng = _rng(seed)
    arr = np.asarray(img, dtype=np.float32)
    arr = BG - (BG - arr) * rng.uniform(0.85, 0.95)  # paper tone, slightly faded toner
    arr += rng.normal(0.0, 7.0, arr.shape).astype(np.float32)
    h, w = arr.shape
    n = int(rng.integers(120, 300))  # dust specks of 1-2 px
    ys, xs = rng.integers(0, h - 2, n), rng.integers(0, w - 2, n)
    tone = rng.uniform(70, 160, n).astype(np.float32)
    big = rng.random(n) < 0.25
    arr[ys, xs] = tone
    arr[ys[big] + 1, xs[big]] = tone[big]
    arr[ys[big], xs[big] + 1] = tone[big]
    arr[ys[big] + 1, xs[big] + 1] = tone[big]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.45, 0.75))))
    out = out.rotate(skew, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=BG)
    if rotation:
        out = out.rotate(-rotation, expand=True)
    return out


def jpeg(img: Image.Image, quality: int = 78) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def images_pdf(jpegs: list[tuple[bytes, int]]) -> bytes:
    """An image-only PDF: each page is one embedded JPEG at its dpi (no text layer)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, pageCompression=1)
    c.setCreator("Canon iR-ADV C3520 PDF")
    for data, dpi in jpegs:
        im = Image.open(io.BytesIO(data))
        w, h = im.size[0] * 72.0 / dpi, im.size[1] * 72.0 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, w, h)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pages(doc: DocSpec, seed: str, skew: float, rotation: int, dpi: int = SCAN_DPI) -> list[bytes]:
    """JPEG bytes of each scanned page; every page of a document gets the same turn."""
    out = []
    for i, img in enumerate(page_images(doc, dpi)):
        page_skew = skew if i == 0 else round(skew * 0.6, 2)
        out.append(jpeg(scan_effects(img, f"{seed}:{i}", page_skew, rotation)))
    return out


def perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """Coefficients for PIL's PERSPECTIVE transform mapping output points `dst` to input `src`."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return [float(v) for v in np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64))]


def photo(doc: DocSpec, seed: str, skew: float, dpi: int = 170) -> bytes:
    """A phone photo of the first page: on a desk, low contrast, warm light, slight perspective."""
    rng = _rng(seed)
    page = page_images(doc, dpi, ink=45)[0]
    pw, ph = page.size
    mx, my = int(pw * 0.06), int(ph * 0.05)
    sheet = Image.new("L", (pw + 2 * mx, ph + 2 * my), 95)  # the desk
    sheet.paste(page, (mx, my))
    W, H = sheet.size
    j = [float(v) for v in rng.uniform(0.0, 0.025, 4)]
    dst = [(0, 0), (W, 0), (W, H), (0, H)]
    src = [(W * j[0], H * j[1] * 0.5), (W * (1 - j[1]), 0), (W, H), (0, H * (1 - j[2] * 0.4))]
    # The tilt is folded into the same transform (one resampling pass): output corner -> the
    # input point rotated by -skew about the centre, i.e. the page appears turned by +skew.
    a = np.deg2rad(skew)
    cx, cy = W / 2.0, H / 2.0
    src = [(cx + (u - cx) * np.cos(a) - (v - cy) * np.sin(a), cy + (u - cx) * np.sin(a) + (v - cy) * np.cos(a))
           for u, v in src]
    sheet = sheet.transform((W, H), Image.Transform.PERSPECTIVE, perspective_coeffs(src, dst),
                            resample=Image.Resampling.BICUBIC, fillcolor=95)
    arr = np.asarray(sheet, dtype=np.float32)
    arr = 55.0 + arr * 0.68  # low contrast: ink ~85, paper ~222
    yy = np.linspace(-1.0, 1.0, H)[:, None]
    xx = np.linspace(-1.0, 1.0, W)[None, :]
    arr -= 18.0 * (xx**2 + yy**2) / 2.0  # vignette
    arr += rng.normal(0.0, 4.0, arr.shape).astype(np.float32)
    gray = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(0.6))
    # Warm indoor light: blue and a little green pulled down.
    img = Image.merge("RGB", (gray, gray.point(lambda v: int(v * 0.97)), gray.point(lambda v: int(v * 0.88))))
    return jpeg(img, quality=84)


# ---- DOCX -----------------------------------------------------------------------------------

ZIP_TIME = (2018, 1, 1, 0, 0, 0)


def repack_zip(data: bytes, when: tuple[int, ...] = ZIP_TIME) -> bytes:
    """The same ZIP with fixed member timestamps (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def docx(doc: DocSpec) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def para(container, text, bold=False, italic=False, align=None, size=None, indent=None):
        p = container.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent is not None:
            p.paragraph_format.first_line_indent = Cm(indent)
        p.paragraph_format.space_after = Pt(3)
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    head = d.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    left.paragraphs[0].add_run(doc.issuer[0]).font.size = Pt(12.5)
    left.paragraphs[0].alignment = center
    para(left, doc.issuer[1], bold=True, align=center, size=12.5)
    para(left, f"Số: {doc.symbol}" if doc.symbol else "Số:      /", align=center)
    if doc.doc_type == "CV":
        para(left, f"V/v {doc.trich_yeu[0].lower()}{doc.trich_yeu[1:]}", align=center, size=12)
    r = right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    r.bold, r.font.size = True, Pt(12.5)
    right.paragraphs[0].alignment = center
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=center)
    para(right, place_line(doc), italic=True, align=center)
    if doc.doc_type != "CV":
        para(d, "")
        para(d, TYPE_HEAD[doc.doc_type], bold=True, align=center, size=14)
        para(d, doc.trich_yeu, bold=True, align=center, size=14)
    for style, text in doc.body:
        if style == "table":
            _docx_table(d, doc.table or [])
        elif style == "p":
            para(d, text, indent=1.0).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif style == "h":
            para(d, text, bold=True)
        else:
            para(d, text, bold=True, align=center)
    sig = d.add_table(rows=1, cols=2)
    sl, sr = sig.rows[0].cells
    sl.paragraphs[0].add_run("Nơi nhận:").bold = True
    for rcp in doc.recipients:
        para(sl, f"- {rcp}", size=11)
    first = True
    for ln in [s for s in doc.signer[:2] if s]:
        p = sr.paragraphs[0] if first else sr.add_paragraph()
        p.add_run(ln).bold = True
        p.alignment = center
        first = False
    for _ in range(3):
        sr.add_paragraph()
    para(sr, doc.signer[2], bold=True, align=center)
    when = dt.datetime(doc.date.year, doc.date.month, doc.date.day, 8, 0, 0)
    cp = d.core_properties
    cp.author = cp.last_modified_by = "Van phong UBND"
    cp.created = cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.title = ""
    buf = io.BytesIO()
    d.save(buf)
    return repack_zip(buf.getvalue(), (when.year, when.month, when.day, 8, 0, 0))


def _docx_table(d, rows: list[dict]) -> None:
    from docx.shared import Cm, Pt

    t = d.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    widths = [Cm(1.2), Cm(5.4), Cm(1.7), Cm(1.7), Cm(6.0)]
    for cell, (name, _), w in zip(t.rows[0].cells, SA_COLS, widths, strict=True):
        cell.width = w
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(11)
    for r in rows:
        cells = t.add_row().cells
        for cell, val, w in zip(cells, [r["code"], r["name"], _num(r["max"]), _num(r["self"]), r["cited"]], widths, strict=True):
            cell.width = w
            run = cell.paragraphs[0].add_run(str(val))
            run.bold = bool(r["area"])
            run.font.size = Pt(11)


# ---- broken files ---------------------------------------------------------------------------


def pseudo_random_bytes(seed: str, n: int) -> bytes:
    return _rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def broken_file(kind: str, seed: str, sample_pdf: bytes, sample_doc: DocSpec | None) -> bytes:
    if kind == "empty":
        return b""
    if kind == "truncated":  # an interrupted upload: the page stream and the xref are cut off
        return sample_pdf[: int(len(sample_pdf) * 0.35)]
    if kind == "encrypted":
        from reportlab.lib.pdfencrypt import StandardEncryption

        enc = StandardEncryption("ubnd2018", ownerPassword="vanphong", canPrint=1, strength=128)
        return text_pdf(sample_doc, encrypt=enc)[0]
    if kind == "not_zip":  # damaged on the USB stick it travelled on: no ZIP, no known format at all
        return pseudo_random_bytes(seed, 3072)
    if kind == "unsupported":  # an old Excel workbook (OLE2 compound file)
        return bytes.fromhex("D0CF11E0A1B11AE1") + pseudo_random_bytes(seed, 6144)
    raise ValueError(kind)

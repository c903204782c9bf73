"""Scans of the held-out corpus (tests/heldout_corpus.py): its document texts printed the way other
offices print them and fed through a scanner, to test the real OCR + parsing path on layouts, fonts
and sizes our sample generator (samples/render.py: Liberation Serif, fixed geometry) never makes.

A page follows Nghị định 30/2020/NĐ-CP: the two-column header (issuing body, "Số: …" and, for a
letter, "V/v …" on the left; the national motto and the place-date line on the right), the
document type and summary centred in bold, the body, the signature block and "Nơi nhận".
Self-assessment reports become a ruled score table with the corpus's own columns, at widths and
in fonts of our choosing.

Everything is deterministic: each document's look (font, size, margins, dpi, skew, turn, noise) is
picked from its position in the selection, never from a random source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract_fixtures import degrade
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import font_path
from samples.render import wrap_words

# Families the sample generator does not print with (it uses Liberation Serif throughout):
# (name, regular, bold, italic)
FONTS = {
    "dejavu-serif": ("dejavu-serif", "dejavu-serif-bold", "dejavu-serif-italic"),
    "dejavu-serif-condensed": ("dejavu-serif-condensed", "dejavu-serif-condensed-bold",
                               "dejavu-serif-condensed-italic"),
    "liberation-sans": ("liberation-sans", "liberation-sans-bold", "liberation-sans-italic"),
    "dejavu-sans": ("dejavu-sans", "dejavu-sans-bold", "dejavu-sans-oblique"),
}

MM = 72.0 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 595.28, 841.89  # A4, points


@dataclass(frozen=True)
class Look:
    """How one office prints and scans: font family and size (pt), margins (mm), scan dpi, skew
    (degrees, counter-clockwise), turn (0/90/180/270: what OCR must turn back), noise share."""

    font: str = "dejavu-serif"
    size: float = 13.0
    left_mm: float = 30.0
    right_mm: float = 20.0
    top_mm: float = 20.0
    dpi: int = 200
    skew: float = 0.0
    turn: int = 0
    noise: float = 0.002
    ink: int = 25

    def describe(self) -> str:
        return (f"{self.font} {self.size:g}pt, margins {self.left_mm:g}/{self.right_mm:g} mm, {self.dpi} dpi, "
                f"skew {self.skew:+.1f}°, turn {self.turn}°")


@lru_cache(maxsize=128)
def _font(key: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(key), px)


# ---- the corpus text, taken apart into the parts of a printed page ----------------------------------------


@dataclass
class Parts:
    left: list[str] = field(default_factory=list)  # issuing body, "Số: …", "V/v …" lines
    right: list[str] = field(default_factory=list)  # motto, place-date line
    title: list[str] = field(default_factory=list)  # type heading then the summary lines
    body: list[str] = field(default_factory=list)


_RIGHT_START = re.compile(r"CỘNG H(?:ÒA|OÀ|OA)|Độc lập|ĐẢNG CỘNG SẢN")
_SYMBOL_THEN_DATE = re.compile(r"^(Số\s*:?\s*\d*\s*/\s*\S+)\s+(\S.*)$")
_HEADERISH = re.compile(r"CỘNG H(?:ÒA|OÀ|OA)|Độc lập|ĐẢNG CỘNG SẢN|^Số\b|\bngày\b|^Ngày \d")
_RULE_LINE = re.compile(r"^[-_*=]{1,}$")
TYPE_HEADS = ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "THÔNG BÁO", "TỜ TRÌNH", "BIÊN BẢN", "DANH SÁCH", "QUY CHẾ",
              "NGHỊ QUYẾT", "BẢNG TỰ CHẤM ĐIỂM")
_BODY_START = re.compile(
    r"^(Căn cứ|Thực hiện|Kính gửi|[IVX]+\.|\d+\.|Hôm nay|Ngày \d|Để |Ủy ban nhân dân xã|CHỦ TỊCH|"
    r"ỦY BAN NHÂN DÂN (XÃ|THỊ|HUYỆN)|HỘI ĐỒNG NHÂN DÂN (XÃ|THỊ)|KHÓA|STT|\(Kèm|\(Ban hành|Chương|- )"
)


def _split_row(line: str) -> tuple[str, str]:
    """One header row of a text whose two columns share a line: (left, right)."""
    if "\t" in line:
        a, b = line.split("\t", 1)
        return a.strip(), b.strip()
    if " | " in line:
        a, b = line.split(" | ", 1)
        return a.strip(), b.strip()
    m = re.search(r"\S(\s{3,})\S", line)
    if m:
        return line[: m.start(1)].strip(), line[m.end(1):].strip()
    if not line[:1].strip() and line.strip():  # indented: right column only
        return "", line.strip()
    m = _RIGHT_START.search(line)
    if m:
        return line[: m.start()].strip(), line[m.start():].strip()
    m = _SYMBOL_THEN_DATE.match(line.strip())
    if m:
        return m.group(1), m.group(2)
    if re.search(r"\bngày\b|^Ngày", line):
        return "", line.strip()
    return line.strip(), ""


def split_document(text: str) -> Parts:
    """The corpus text (any of its shapes) as header columns, title and body."""
    parts = Parts()
    blocks = text.split("\n\n")
    if len(blocks) >= 2 and "\t" not in blocks[0] and " | " not in blocks[0] and _RIGHT_START.match(blocks[1]):
        # DOCX header table read column by column
        parts.left = [s.strip() for s in blocks[0].splitlines()]
        parts.right = [s.strip() for s in blocks[1].splitlines()]
        rest = "\n".join(blocks[2:]).splitlines()
    else:
        lines = text.splitlines()
        i = 0
        while i < len(lines) and lines[i].strip() and (i < 2 or _HEADERISH.search(lines[i])):
            a, b = _split_row(lines[i])
            if a:
                parts.left.append(a)
            if b:
                parts.right.append(b)
            i += 1
        rest = lines[i:]
    rest = [s.strip() for s in rest if s.strip()]
    # A letter without a type heading: its "V/v …" / "Về việc …" summary sits under the number.
    if rest and re.match(r"^(V/v|Về việc)\b", rest[0]):
        while rest and not _BODY_START.match(rest[0]):
            parts.left.append(rest.pop(0))
    if rest and rest[0].startswith(TYPE_HEADS):
        parts.title.append(rest.pop(0))
        while rest and not _BODY_START.match(rest[0]):
            parts.title.append(rest.pop(0))
    parts.body = rest
    return parts


# ---- drawing ---------------------------------------------------------------------------------------------------


class Canvas:
    """A white A4 page at `dpi`; coordinates in points, text baselines."""

    def __init__(self, look: Look):
        self.look = look
        self.s = look.dpi / 72.0
        self.img = Image.new("L", (round(PAGE_W * self.s), round(PAGE_H * self.s)), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.fonts = FONTS[look.font]

    def font(self, style: str, size: float) -> ImageFont.FreeTypeFont:
        path = self.fonts[{"R": 0, "B": 1, "I": 2}[style]]
        return _font(path, round(size * self.s))

    def width(self, text: str, style: str, size: float) -> float:
        return self.draw.textlength(text, font=self.font(style, size)) / self.s

    def text(self, x: float, y: float, text: str, style: str = "R", size: float | None = None) -> None:
        size = size or self.look.size
        self.draw.text((x * self.s, y * self.s), text, fill=self.look.ink, font=self.font(style, size), anchor="ls")

    def center(self, cx: float, y: float, text: str, style: str = "R", size: float | None = None,
               room: float | None = None) -> None:
        """Centred on `cx`; a line wider than `room` is set smaller until it fits, as clerks do."""
        size = size or self.look.size
        while room and size > 9 and self.width(text, style, size) > room:
            size -= 0.5
        self.text(cx - self.width(text, style, size) / 2, y, text, style, size)

    def line(self, x1: float, y1: float, x2: float, y2: float, w: float = 0.6) -> None:
        self.draw.line([(x1 * self.s, y1 * self.s), (x2 * self.s, y2 * self.s)], fill=self.look.ink,
                       width=max(1, round(w * self.s)))

    def wrap(self, text: str, style: str, size: float, max_w: float, indent: float = 0.0) -> list[str]:
        return wrap_words(text, max_w, lambda s: self.width(s, style, size), indent)


FILLER = [
    "Nhằm nâng cao hiệu lực, hiệu quả quản lý nhà nước, tạo chuyển biến rõ nét trong công tác cải cách "
    "hành chính, đáp ứng yêu cầu phục vụ người dân và tổ chức trên địa bàn.",
    "Các ban, ngành, đoàn thể và cán bộ, công chức có trách nhiệm tổ chức thực hiện nghiêm túc, kịp thời, "
    "báo cáo kết quả về Văn phòng Ủy ban nhân dân để tổng hợp theo quy định.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận kịp thời phản ánh để được hướng dẫn, "
    "giải quyết theo thẩm quyền.",
]


def _is_authority(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def render_document(text: str, look: Look) -> Image.Image:
    """The first page of the corpus document `text`, printed upright and clean (grayscale)."""
    p = split_document(text)
    c = Canvas(look)
    size = look.size
    head = size - 0.5 if size > 13 else size - 1  # header lines a size smaller, as ND 30 allows
    ml, mr, mt = look.left_mm * MM, look.right_mm * MM, look.top_mm * MM
    cw = PAGE_W - ml - mr
    lcx = ml + cw * 0.24
    rcx = ml + cw * 0.70
    lead_h = head * 1.22
    lroom, rroom = cw * 0.46, cw * 0.58
    y0 = mt + head

    # left column: issuing body (parent line regular, body line bold), a short rule, "Số", "V/v"
    y = y0
    body_lines = [s for s in p.left if not s.startswith(("Số", "V/v", "Về việc")) and not _RULE_LINE.match(s)]
    seen_symbol = False
    for s in p.left:
        if _RULE_LINE.match(s):
            continue
        if s.startswith("Số"):
            if not seen_symbol and y > y0:  # the short rule under the issuing body
                c.line(lcx - 22, y - lead_h + 5, lcx + 22, y - lead_h + 5)
                y += 7
            seen_symbol = True
            c.center(lcx, y + 2, s, "R", size, room=lroom)
            y += lead_h + 2
        elif s.startswith(("V/v", "Về việc")) or seen_symbol:
            for ln in c.wrap(s, "R", head - 0.5, cw * 0.46):
                c.center(lcx, y + 1, ln, "R", head - 0.5)
                y += lead_h
        else:
            bold = len(body_lines) == 1 or s == body_lines[-1] or (s == "*")
            c.center(lcx, y, s, "B" if bold else "R", head, room=lroom)
            y += lead_h
    left_end = y

    # right column: motto (bold caps), "Độc lập - Tự do - Hạnh phúc" (bold, underlined), place-date (italic)
    y = y0
    for s in p.right:
        if _RULE_LINE.match(s):
            continue
        if _RIGHT_START.match(s):
            style, sz = "B", (head if s.isupper() else size)
            c.center(rcx, y, s, style, sz, room=rroom)
            if s.startswith("Độc lập") or s.startswith("ĐẢNG CỘNG SẢN"):
                w = c.width(s, style, sz)
                c.line(rcx - w / 2, y + 3, rcx + w / 2, y + 3)
                y += 8
            y += lead_h
        else:
            y += 4
            c.center(rcx, y, s, "I", size, room=rroom)
            y += lead_h
    y = max(left_end, y) + size * 1.6

    # title: type heading, summary lines (bold, centred), a short rule
    if p.title:
        for i, s in enumerate(p.title):
            for ln in c.wrap(s, "B", size + (1 if i == 0 else 0), cw - 10):
                c.center(ml + cw / 2, y, ln, "B", size + (1 if i == 0 else 0))
                y += size * 1.3
        c.line(ml + cw / 2 - 45, y - size * 0.9, ml + cw / 2 + 45, y - size * 0.9)
        y += size * 0.8

    # body: authority and "(Kèm theo …)" lines centred, paragraphs justified-ish with a first-line indent
    lead = size * 1.45
    paras = list(p.body) + FILLER[: 1 + len(text) % 3]
    for s in paras:
        if y > PAGE_H - 200:
            break
        if _is_authority(s):
            c.center(ml + cw / 2, y, s, "B", size)
            y += lead
        elif s.startswith("("):
            for ln in c.wrap(s, "I", size, cw - 30):
                c.center(ml + cw / 2, y, ln, "I", size)
                y += lead
        elif s.startswith("STT"):
            continue  # a table's header line: no table drawn on a metadata page
        else:
            for i, ln in enumerate(c.wrap(s, "R", size, cw, indent=28)):
                c.text(ml + (28 if i == 0 else 0), y, ln, "R", size)
                y += lead
        y += 3

    # signature block and recipients
    y = max(y + 20, PAGE_H - 190)
    scx = ml + cw * 0.72
    c.center(scx, y, "TM. ỦY BAN NHÂN DÂN", "B", size)
    c.center(scx, y + size * 1.3, "CHỦ TỊCH", "B", size)
    c.center(scx, y + size * 1.3 + 70, "Nguyễn Văn An", "B", size)
    c.text(ml, y, "Nơi nhận:", "B", size - 1)
    for i, r in enumerate(("- Như trên;", "- Lưu: VT.")):
        c.text(ml, y + 14 * (i + 1), r, "R", size - 2)
    return c.img


# ---- the self-assessment table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableLayout:
    """Column shares of the text width (one per column of the rows given) and what is centred."""

    shares: tuple[float, ...]
    centred: tuple[int, ...]  # column indexes whose cells are centred (numbers, codes)
    size: float = 12.0  # table text, pt
    rule: float = 0.7  # grid line width, pt


def render_table_document(header_left: list[str], place_date: str, title: list[str], rows: list[list[str]],
                          table: TableLayout, look: Look) -> list[Image.Image]:
    """A self-assessment score table as printed: a short header, its title, then the ruled grid,
    continued on further pages when long. Returns the upright clean pages."""
    pages: list[Canvas] = []

    def new_page() -> tuple[Canvas, float]:
        c = Canvas(look)
        pages.append(c)
        return c, look.top_mm * MM + look.size

    c, y = new_page()
    ml, mr = look.left_mm * MM, look.right_mm * MM
    cw = PAGE_W - ml - mr
    size = look.size
    lcx, rcx = ml + cw * 0.22, ml + cw * 0.70
    for i, s in enumerate(header_left):
        c.center(lcx, y + i * size * 1.25, s, "B" if i == len(header_left) - 1 else "R", size - 1, room=cw * 0.42)
    c.center(rcx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", size - 1, room=cw * 0.58)
    motto = "Độc lập - Tự do - Hạnh phúc"
    c.center(rcx, y + size * 1.25, motto, "B", size)
    w = c.width(motto, "B", size)
    c.line(rcx - w / 2, y + size * 1.25 + 3, rcx + w / 2, y + size * 1.25 + 3)
    c.center(rcx, y + size * 2.9, place_date, "I", size)
    y += size * 1.25 * max(len(header_left), 3) + size * 2
    for s in title:
        style = "I" if s.startswith("(") else "B"
        for ln in c.wrap(s, style, size, cw - 20):
            c.center(ml + cw / 2, y, ln, style, size)
            y += size * 1.35
    y += 6

    ts, pad = table.size, 3.5
    lead = ts * 1.22
    widths = [cw * s / sum(table.shares) for s in table.shares]
    xs = [ml]
    for w_ in widths:
        xs.append(xs[-1] + w_)
    for r, cells in enumerate(rows):
        header = r == 0 or (r == 1 and rows[1][0] == rows[0][0])
        bold_row = header or bool(re.match(r"^[IVX]+$|^\d$", cells[0].strip())) or (
            not cells[0].strip() and cells[1].lower().startswith(("tổng", "cộng")))
        style = "B" if bold_row else "R"
        wrapped = [c.wrap(str(t), style, ts, w_ - 2 * pad) if str(t) else [] for t, w_ in zip(cells, widths, strict=True)]
        height = max(1, max(len(w_) for w_ in wrapped)) * lead + 2 * pad + 1
        if y + height > PAGE_H - 45:
            c, y = new_page()
        c.line(xs[0], y, xs[-1], y, table.rule)
        for i, lines in enumerate(wrapped):
            ly = y + pad + ts
            for ln in lines:
                if header or i in table.centred:
                    c.center((xs[i] + xs[i + 1]) / 2, ly, ln, style, ts)
                else:
                    c.text(xs[i] + pad, ly, ln, style, ts)
                ly += lead
        for xv in xs:
            c.line(xv, y, xv, y + height, table.rule)
        y += height
        c.line(xs[0], y, xs[-1], y, table.rule)
    return [p.img for p in pages]


def scan(img: Image.Image, look: Look, seed: int) -> Image.Image:
    """The printed page through a scanner: skew, blur, speckle, then the turn OCR must undo."""
    return degrade(img, rotate=look.turn, skew=look.skew, noise=look.noise, seed=seed)

"""Ruled score tables: the grid, lone digits re-read cell by cell (extract/ocr/cells.py)."""


import numpy as np
import pytest
from extract_fixtures import degrade, render_page, render_table_page
from PIL import Image, ImageFilter

from pipeline.core.config import Settings
from pipeline.core.model import Word
from pipeline.extract import ocr
from pipeline.extract.ocr import analysis, orientation, reading, tesseract
from pipeline.extract.ocr import cells as ruled

# ---- ruled tables: lone digits re-read; pages the profile test turns wrong -----------------

_TABLE_XS = [150, 330, 1000, 1260, 1520, 1900]  # STT | name | max | self | evidence (250 dpi)
_TABLE_ROWS = [("1.1", "Ban hành kế hoạch CCHC", "3", "3"), ("1.2", "Báo cáo định kỳ", "4", "2"),
               ("1.3", "Kiểm tra công tác CCHC", "5", "0"), ("2.1", "Tuyên truyền CCHC", "2", "1"),
               ("2.2", "Rà soát văn bản", "6", "6"), ("3.1", "Kế hoạch kiểm soát TTHC", "7", "4"),
               ("3.2", "Công khai TTHC", "8", "5"), ("4.1", "Bộ phận một cửa", "9", "9"),
               ("4.2", "Cơ sở vật chất", "3", "0"), ("5.1", "Quy chế làm việc", "4", "3")]


def _ruled_table(dpi: int = 250) -> tuple[Image.Image, list[tuple[int, int, int, int]], list[str]]:
    """An A4 scan of a score table like the sample's (DejaVu Serif 10.5 pt, ruled grid): the image,
    the boxes of its single-digit cells (max and self columns) and their digits."""
    from extract_fixtures import SERIF
    from PIL import ImageDraw, ImageFont

    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(SERIF, round(10.5 / 72 * dpi))
    xs, row_h, y0 = _TABLE_XS, 110, 300
    header = ["STT", "Tiêu chí", "Tối đa", "Tự chấm", "Tài liệu kiểm chứng"]
    ys = [y0 + i * row_h for i in range(len(_TABLE_ROWS) + 2)]
    for y in ys:
        d.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        d.line((x, ys[0], x, ys[-1]), fill=0, width=3)
    boxes, digits = [], []
    for r, cells in enumerate([header, *[[*row, "Không có"] for row in _TABLE_ROWS]]):
        for c, text in enumerate(cells):
            w = d.textlength(text, font=f)
            centered = c in (0, 2, 3) or r == 0
            x = (xs[c] + xs[c + 1] - w) / 2 if centered else xs[c] + 14
            d.text((x, ys[r] + 25), text, font=f, fill=0)
            if r and c in (2, 3):
                boxes.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
                digits.append(text)
    return img, boxes, digits


def test_table_cells_finds_the_grid():
    img, boxes, _ = _ruled_table()
    cells = ocr.table_cells(degrade(img, skew=0.0, noise=0.001))
    assert len(cells) == 5 * (len(_TABLE_ROWS) + 1)
    for bx in boxes:  # each digit cell found, inside its rules, within a few pixels
        assert any(abs(c[0] - bx[0]) <= 8 and abs(c[1] - bx[1]) <= 8 and abs(c[2] - bx[2]) <= 8
                   and abs(c[3] - bx[3]) <= 8 for c in cells), bx
    assert ocr.table_cells(render_page()) == []  # header underlines and text are no table


def test_a_seal_or_a_signature_frame_is_no_table():
    # a red seal's ring and letters ink short "rows" crossed by three or more "rules", each at its
    # own x (as on 5 of the 11 real signed first pages): no column, no cell to re-read
    from PIL import ImageDraw

    img, _, _ = _ruled_table()
    d = ImageDraw.Draw(img)
    for top, xs in ((2200, (1300, 1318, 1336, 1444)), (2320, (1255, 1270, 1290, 1450))):
        d.line((1250, top, 1460, top), fill=0, width=3)
        d.line((1250, top + 66, 1460, top + 66), fill=0, width=3)
        for x in xs:
            d.line((x, top, x, top + 66), fill=0, width=3)
    cells = ocr.table_cells(img)
    assert len(cells) == 5 * (len(_TABLE_ROWS) + 1)  # the table's cells, nothing of the "seal"
    assert all(c[1] < 2150 for c in cells)


def _scanned(img: Image.Image, seed: int = 3) -> Image.Image:
    """Like the sample's scans: paper tone, toner noise, slight blur, JPEG."""
    import io

    rng = np.random.default_rng(seed)
    arr = 238 - (238 - np.asarray(img, dtype=np.float32)) * 0.9 + rng.normal(0, 7, (img.height, img.width))
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=78)
    return Image.open(buf).convert("L")


_MISREADS = ["°", "B", "Kồ", "&:", "€", ""]  # what the sample's page pass made of lone digits


def test_single_digit_cells_are_reread(monkeypatch):
    from pipeline.read.selfassess import words_to_rows

    img, boxes, digits = _ruled_table()
    real = tesseract.image_data
    real_compose = reading.compose
    garbled = []
    composed = []

    def compose(image, regions):
        composite, offsets = real_compose(image, regions)
        composed.append(offsets)
        return composite, offsets

    def misreading(image, settings, psm=3, dpi=None):
        # the page pass misreads every lone digit of the score columns, as Tesseract did on the
        # sample's scan; the cell re-read must get them back
        data = real(image, settings, psm, dpi)
        garbled.clear()  # a page read again (median-filtered) is garbled again: count the last read
        offsets = composed[-1]
        for i, text in enumerate(data["text"]):
            cy = data["top"][i] + data["height"][i] / 2
            region = max((o for o in offsets if o[0] - reading._PAD / 2 <= cy), key=lambda o: o[0])[1]
            cx = data["left"][i] + data["width"][i] / 2 - reading._PAD + region.box[0]
            if text.strip().isdigit() and _TABLE_XS[2] < cx < _TABLE_XS[4]:
                data["text"][i] = _MISREADS[len(garbled) % len(_MISREADS)]
                data["conf"][i] = 20
                garbled.append(text)
        return data

    monkeypatch.setattr(tesseract, "image_data", misreading)
    monkeypatch.setattr(reading, "compose", compose)
    p, detail = ocr.ocr_image_detail(_scanned(img), Settings())
    # the page pass's digits are garbled; the cells it misread by itself must come back too
    assert len(garbled) >= len(digits) // 2, garbled
    got = []
    for left, top, right, bottom in boxes:
        inside = [w for w in p.words if left <= w.left + w.width / 2 < right and top <= w.top + w.height / 2 < bottom]
        got.append(" ".join(w.text for w in inside))
    assert got == digits
    assert detail.cells >= len(garbled)
    # the re-read words join their row's line: the table regroups row by row, the text follows
    rows, layout = words_to_rows(p.words)
    assert layout is not None and len(rows) == len(_TABLE_ROWS) + 1
    assert [(r[2], r[3]) for r in rows[1:]] == [(mx, sc) for _, _, mx, sc in _TABLE_ROWS]
    line = next(ln for ln in p.text.splitlines() if ln.startswith("1.2"))
    assert line.split()[-4:-2] == ["4", "2"], line


def test_cell_reread_keeps_confident_numbers(monkeypatch):
    # cells the page read as confident numbers, or as more than a few characters, are not re-read
    img, boxes, digits = _ruled_table()
    words = []
    for left, top, right, bottom in ocr.table_cells(img):
        digit = next((d for b, d in zip(boxes, digits, strict=True) if abs(b[0] - left) < 8 and abs(b[1] - top) < 8), None)
        words.append(Word(text=digit or "Không có", conf=0.96 if digit else 0.5, left=(left + right) // 2 - 10,
                          top=(top + bottom) // 2 - 15, width=20, height=30, block=1, line=top))
    monkeypatch.setattr(tesseract, "read_cells", lambda crops, *a: pytest.fail("re-read a cell read well") if crops else [])
    out, changed = ruled.reread_cells(img, words, Settings().ocr)
    assert changed == 0 and out == words

def test_table_gate_passes_ruled_tables_and_skips_text():
    table = render_table_page()
    w, h = table.size
    cases = [(degrade(table, skew=s, noise=0.003), True) for s in (0.0, 1.5, -3.0)]
    cases += [(degrade(table, rotate=90, skew=1.0), True), (degrade(table.resize((w // 2, h // 2)), skew=1.0), True)]
    cases += [(degrade(render_page(), skew=1.0, noise=0.003), False), (render_page(header=False), False)]
    for img, expected in cases:
        page = analysis.analyse(img.convert("L"))
        orient = orientation.of_mask(page.mask, page.gray, osd_fallback=False)
        assert ruled.may_hold_table(np.asarray(page.small), page.level, orient, page.scale) is expected
        if expected:
            assert ocr.table_cells(ocr.upright(page.gray, orient))

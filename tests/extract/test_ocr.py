import re
import threading
import time

import numpy as np
import pytesseract
import pytest
from extract_fixtures import degrade, render_page, render_table_page
from PIL import Image, ImageFilter
from rapidfuzz import fuzz

from pipeline.core.config import Settings
from pipeline.core.model import TextSource, Word
from pipeline.core.normalize import fold
from pipeline.extract import ocr
from pipeline.extract.ocr import analysis, cleanup, orientation, reading, tesseract
from pipeline.extract.ocr import cells as ruled
from pipeline.extract.ocr import page as ocr_page

SYMBOL = re.compile(r"0?5\s*/\s*KH\s*[-–]\s*UBND")


@pytest.fixture(scope="module")
def page():
    return render_page()


def _reads_key_words(text: str) -> None:
    assert "KẾ HOẠCH" in text or fuzz.partial_ratio("ke hoach", fold(text)) >= 90, text
    assert SYMBOL.search(text) or fuzz.partial_ratio("05/kh-ubnd", fold(text)) >= 85, text
    assert fuzz.partial_ratio("cai cach hanh chinh nam 2018", fold(text)) >= 90, text


@pytest.mark.parametrize("turn", [90, 180])
def test_turned_page_is_uprighted_and_read(page, turn):
    p = ocr.ocr_image(degrade(page, rotate=turn, noise=0.003), Settings())
    assert p.rotation == turn
    assert p.source == TextSource.OCR
    _reads_key_words(p.text)
    assert 0.6 < p.ocr_confidence <= 1


def test_skewed_page_is_deskewed_and_read(page):
    p = ocr.ocr_image(degrade(page, skew=2.0, noise=0.003), Settings())
    assert p.rotation == 0
    assert abs(p.skew - 2.0) <= 0.3
    _reads_key_words(p.text)


def test_orientation_and_skew_without_ocr(page):
    small = page.resize((page.width // 2, page.height // 2))
    for turn, skew in [(0, -3.0), (90, 1.5), (180, 2.5), (270, -1.0)]:
        o = ocr.detect_orientation(degrade(small, rotate=turn, skew=skew), osd_fallback=False)
        assert o.rotation == turn, (turn, skew, o)
        assert abs(o.skew - skew) <= 0.3, (turn, skew, o)


def test_ruled_table_page_orientation():
    # vertical rules sharpen the column profile too: the text lines must still win
    table = render_table_page()
    table = table.resize((table.width // 2, table.height // 2))
    for turn, skew in [(0, 1.5), (90, 0.0), (180, -1.0), (270, 2.0)]:
        o = ocr.detect_orientation(degrade(table, rotate=turn, skew=skew), osd_fallback=False)
        assert o.rotation == turn and abs(o.skew - skew) <= 0.3, (turn, skew, o)


def test_header_columns_come_out_as_separate_blocks(page):
    p = ocr.ocr_image(page, Settings())
    for line in p.text.splitlines():
        folded = fold(line)
        assert not ("uy ban" in folded and "cong hoa" in folded), line
        assert not ("so:" in folded and "ngay" in folded), line
    body = next(w for w in p.words if w.text.startswith("ỦY"))
    motto = next(w for w in p.words if w.text.startswith("CỘNG"))
    assert body.block != motto.block and body.line != motto.line
    # boxes are page pixels: the motto sits in the right half, the issuing body in the left
    assert motto.left > p.width * 0.45 > body.left
    assert body.top < p.height * 0.1 and motto.top < p.height * 0.1
    lines = p.text.splitlines()
    assert lines.index(next(ln for ln in lines if "ỦY BAN" in ln)) < lines.index(
        next(ln for ln in lines if "CỘNG HÒA" in ln)) < lines.index(next(ln for ln in lines if "KẾ HOẠCH" in ln))


def test_header_regions_only_for_two_column_headers(page):
    assert len(ocr.header_regions(page)) == 3
    plain = render_page(header=False)
    assert len(ocr.header_regions(plain)) == 1


def test_empty_first_pass_is_retried_cleaned(page, monkeypatch):
    calls = []
    real = tesseract.image_data

    def flaky(img, settings, psm=3, dpi=None):
        calls.append(img)
        if len(calls) == 1:  # the first pass reads nothing, as on a murky scan
            return {k: [] for k in ("text", "conf", "left", "top", "width", "height", "block_num", "par_num",
                                    "line_num", "word_num")}
        return real(img, settings, psm, dpi)

    monkeypatch.setattr(tesseract, "image_data", flaky)
    small = render_page(header=False, title=["KẾ HOẠCH"], body=["Cải cách hành chính năm 2018"],
                        width=1000, height=700, font_px=40)
    p, detail = ocr.ocr_image_detail(small, Settings())
    assert detail.retried and len(calls) == 2
    assert set(np.unique(np.asarray(calls[1]))) <= {0, 255}  # the retry image is binarized
    assert "KẾ HOẠCH" in p.text


def test_speckled_scan_is_cleaned_before_ocr():
    img = render_page(header=False, title=["KẾ HOẠCH"], body=["Cải cách hành chính năm 2018"],
                      width=1000, height=700, font_px=40)
    arr = np.asarray(img).copy()
    m = np.random.default_rng(0).random(arr.shape)
    arr[m < 0.15] = 0
    arr[m > 0.85] = 255
    started = time.monotonic()
    p, detail = ocr.ocr_image_detail(Image.fromarray(arr), Settings())
    assert detail.noisy
    assert "KẾ HOẠCH" in p.text
    assert time.monotonic() - started < 15  # raw, Tesseract crawls for ~40 s on such a page


def test_blank_page_reads_nothing_without_tesseract(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("tesseract called on a blank page")

    monkeypatch.setattr(tesseract, "image_data", boom)
    monkeypatch.setattr(tesseract, "osd_rotation", boom)
    p = ocr.ocr_image(Image.new("L", (800, 1100), 255), Settings())
    assert p.text == "" and p.ocr_confidence is None and p.words == []
    assert p.image_hash


def test_pool_bounds_concurrent_tesseract_processes(monkeypatch):
    active = 0
    peak = 0
    lock = threading.Lock()

    def fake(img, lang, config, output_type, timeout):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return {"text": ["Kế", "hoạch", "năm"], "conf": [90, 90, 90], "left": [30, 90, 200], "top": [40] * 3,
                "width": [50] * 3, "height": [20] * 3, "block_num": [1] * 3, "par_num": [1] * 3,
                "line_num": [1] * 3, "word_num": [1, 2, 3]}

    monkeypatch.setattr(pytesseract, "image_to_data", fake)
    s = Settings()
    s.ocr.workers = 2
    img = render_page(header=False, width=400, height=560, font_px=10)
    loaders = [lambda: img.copy() for _ in range(6)]
    pages = ocr.ocr_pages(loaders, s, first_number=3)
    # two extra callers (another file's pool) must not push the count past `workers`
    extra = [threading.Thread(target=ocr.ocr_pages, args=(loaders[:2], s)) for _ in range(2)]
    for t in extra:
        t.start()
    for t in extra:
        t.join()
    assert [p.number for p in pages] == [3, 4, 5, 6, 7, 8]
    assert peak <= 2
    assert pages[0].text == "Kế hoạch năm" and pages[0].ocr_confidence == 0.9


def test_words_carry_boxes_and_lines(page):
    p = ocr.ocr_image(page, Settings())
    assert p.width == page.width and p.height == page.height
    assert p.words and all(0 <= w.conf <= 1 for w in p.words)
    assert all(0 <= w.left < p.width and 0 <= w.top < p.height for w in p.words)
    assert len(p.image_hash) == 16


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
    real_compose = reading._compose
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
    monkeypatch.setattr(reading, "_compose", compose)
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


def test_upside_down_page_the_profile_test_missed_is_turned(page, monkeypatch):
    real = orientation.of_mask

    def fooled(mask, img, osd_fallback=True):
        o = real(mask, img, osd_fallback=False)
        return ocr.Orientation(rotation=(o.rotation + 180) % 360, skew=o.skew, method="profile")

    monkeypatch.setattr(orientation, "of_mask", fooled)
    p, detail = ocr.ocr_image_detail(page, Settings())
    assert detail.reoriented and p.rotation == 0
    _reads_key_words(p.text)
    assert p.ocr_confidence > 0.8
    # words are boxes of the final (turned back) page image
    body = next(w for w in p.words if w.text.startswith("ỦY"))
    assert body.top < p.height * 0.1


def _long_runs_reference(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels in a horizontal run of at least `length`, the obvious way."""
    out = np.zeros_like(mask)
    for y, row in enumerate(mask):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                if x - start >= length:
                    out[y, start:x] = True
            else:
                x += 1
    return out


@pytest.mark.parametrize("length", [5, 7, 12])
def test_long_runs_is_an_opening_by_a_line(length):
    rng = np.random.default_rng(length)
    mask = rng.random((60, 200)) < 0.8
    odd = length | 1  # the window is made odd so that it is centred
    assert (analysis.long_runs(mask, length) == _long_runs_reference(mask, odd)).all()
    assert (analysis.long_runs(mask, length, axis=0) == _long_runs_reference(mask.T, odd).T).all()


def test_speckle_share_is_the_3x3_median():
    rng = np.random.default_rng(1)
    mask = rng.random((120, 90)) < 0.3
    median = np.asarray(analysis.as_image(mask).filter(ImageFilter.MedianFilter(3))) > 127
    ink, speckle, _isolated = cleanup.noise(mask)
    assert ink == pytest.approx(mask.mean())
    assert speckle == pytest.approx(1 - (mask & median).sum() / mask.sum())


def test_sheared_profiles_find_the_angle_a_rotation_would():
    # lines drawn with a known slope: the best shear is the rotation that levels them
    arr = np.zeros((1200, 900), dtype=bool)
    for y in range(100, 1100, 40):
        arr[y:y + 12, 60:840] = np.random.default_rng(y).random((12, 780)) < 0.5
    for angle in (-3.0, -1.2, 0.0, 0.7, 2.5):
        tilted = analysis.as_image(arr).rotate(-angle, resample=Image.NEAREST, fillcolor=0)
        found, _ = orientation._best_skew(orientation._profiles(np.asarray(tilted) > 127))
        assert abs(found - angle) <= 0.15, (angle, found)


def test_regions_are_cut_to_their_ink_and_lose_no_words(page):
    gray = page.convert("L")
    regions = ocr.header_regions(gray)
    assert len(regions) == 3
    left, right, rest = (r.box for r in regions)
    assert left[2] <= right[0]  # the columns keep their cut
    assert rest[2] - rest[0] < gray.width and rest[3] - rest[1] < gray.height  # blank paper left out
    whole = reading.ocr_regions(gray, [ocr.Region((0, 0, *gray.size))], gray, Settings().ocr)[0]
    cut = reading.ocr_regions(gray, regions, gray, Settings().ocr)[0]
    assert {w.text for w in whole if w.conf > 0.8} <= {w.text for w in cut}
    assert ocr.page_regions(np.zeros((100, 70), dtype=bool), 0.5, (140, 200)) == [ocr.Region((0, 0, 140, 200))]


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


def test_deskew_matches_pillows_bilinear_rotation(page):
    gray = page.convert("L")
    ours = np.asarray(orientation._deskewed(gray, 1.8), dtype=np.int16)
    pil = np.asarray(gray.rotate(1.8, resample=Image.BILINEAR, expand=True, fillcolor=255), dtype=np.int16)
    assert abs(ours.shape[0] - pil.shape[0]) <= 2 and abs(ours.shape[1] - pil.shape[1]) <= 2
    h, w = min(ours.shape[0], pil.shape[0]), min(ours.shape[1], pil.shape[1])
    assert np.abs(ours[:h, :w] - pil[:h, :w]).mean() < 8  # same picture, sub-pixel offsets aside


def test_one_step_list_over_one_page_state(monkeypatch):
    # ocr_image_detail is the steps of page.STEPS in order, nothing else (a blank page: no Tesseract)
    seen = []

    def traced(step):
        def run(state):
            seen.append(step.__name__)
            out = step(state)
            assert out is state  # one state, handed from step to step
            return out
        return run

    monkeypatch.setattr(ocr_page, "STEPS", tuple(traced(s) for s in ocr_page.STEPS))
    p, detail = ocr.ocr_image_detail(Image.new("L", (800, 1100), 255), Settings())
    assert seen == ["crop_to_paper", "clean_speckle", "turn_upright", "read", "retry_if_empty",
                    "denoise_if_murky", "reorient_if_poor", "reread_table_cells", "read_blanks"]
    assert p.text == "" and p.rotation == 0 and not detail.retried


def test_tesseract_failures_come_out_as_ours(monkeypatch):
    # every Tesseract call is in ocr/tesseract.py: a timeout of a page or of a batch of cells is
    # OcrTimeout, a failed run OcrFailed, a missing Tesseract OcrUnavailable; OSD that fails is no answer
    def fails(*a, **k):
        raise pytesseract.TesseractError(1, "failed")

    def times_out(*a, **k):
        raise RuntimeError("Tesseract process timeout")

    def missing(*a, **k):
        raise pytesseract.TesseractNotFoundError()

    blank = Image.new("L", (100, 100), 255)
    for broken, ours in ((times_out, tesseract.OcrTimeout), (fails, tesseract.OcrFailed),
                         (missing, tesseract.OcrUnavailable)):
        monkeypatch.setattr(pytesseract, "image_to_data", broken)
        monkeypatch.setattr(pytesseract, "image_to_osd", broken)
        with pytest.raises(ours):
            tesseract.image_data(blank, Settings().ocr)
        with pytest.raises(ours):
            tesseract.read_cells([blank], Settings().ocr, 200, 7)
        if broken is not missing:
            assert tesseract.osd_rotation(blank) is None


def test_a_missing_or_failing_tesseract_is_never_blamed_on_the_file(monkeypatch, tmp_path):
    """Tesseract missing is the administrator's to fix (not "the image is damaged"); a failed run is
    tried again next run (neither result is cached)."""
    from extract_fixtures import render_page

    from pipeline.extract.files import extract_file
    from pipeline.run.time_budget import UNCACHED_CODES

    path = tmp_path / "scan.png"
    render_page(width=800, height=1100, font_px=20).save(path)  # ink: no blank page short-cut

    def missing(*a, **k):
        raise pytesseract.TesseractNotFoundError()

    def fails(*a, **k):
        raise pytesseract.TesseractError(1, "Error in pixReadStream")

    for broken, code in ((missing, "ocr_unavailable"), (fails, "ocr_failed")):
        monkeypatch.setattr(pytesseract, "image_to_data", broken)
        ef = extract_file(path, "scan.png", Settings())
        assert (ef.status, ef.error_code) == ("quarantined", code) and code in UNCACHED_CODES

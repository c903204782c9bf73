import re
import threading
import time

import numpy as np
import pytest
from extract_fixtures import degrade, render_page, render_table_page
from PIL import Image
from rapidfuzz import fuzz

from pipeline import ocr
from pipeline.config import Settings
from pipeline.model import TextSource
from pipeline.normalize import fold

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
    real = ocr._run_tesseract

    def flaky(img, settings, psm=3):
        calls.append(img)
        if len(calls) == 1:  # the first pass reads nothing, as on a murky scan
            return {k: [] for k in ("text", "conf", "left", "top", "width", "height", "block_num", "par_num",
                                    "line_num", "word_num")}
        return real(img, settings, psm)

    monkeypatch.setattr(ocr, "_run_tesseract", flaky)
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

    monkeypatch.setattr(ocr, "_run_tesseract", boom)
    monkeypatch.setattr(ocr, "_osd_rotation", boom)
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

    monkeypatch.setattr(ocr.pytesseract, "image_to_data", fake)
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

"""Pages read empty or murky are retried cleaned; speckle; the analysis copy's mask operations (extract/ocr/cleanup.py, analysis.py)."""

import time

import numpy as np
import pytest
from extract_fixtures import render_page
from PIL import Image, ImageFilter

from pipeline.core.config import Settings
from pipeline.extract import ocr
from pipeline.extract.ocr import analysis, cleanup, tesseract


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

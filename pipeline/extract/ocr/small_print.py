"""A signature box or gazette stamp printed small at the top of a scanned page, read again enlarged.

A signed PDF printed and scanned keeps its boxes only as print: the issuing body's box ("Ký bởi: Ủy ban
nhân dân tỉnh … / Thời gian ký: 11/05/2021 11:26:39") sits at the top right of the first page, beside its
seal, in letters a third the height of the body's (about 8 px at 200 dpi), pale on a photocopy. Tesseract's
page reading skips it: on the real signed documents printed with their boxes and photocopied, it read no
word of the box on 7 of 8 first pages (`bench/bench_real_docs.py --degraded printed`). Its signing time is
what dates a document whose day was written by hand (`pipeline.read.crosscheck`).

So: in the page's top band, ink that no read word covers is cut into glyphs; glyphs of small print's
height, joined along their rows, make lines; a few lines together make a block, read again three times
enlarged as one block of text (psm 6). The reading is kept only when it holds a box (`core.signboxes`): a
signing time to the minute under a box's label, or a stamped time to the second. Its words go first in the
page's text, where the header reader knows such boxes and leaves their lines out.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.model import Word
from pipeline.core.signboxes import box_runs
from pipeline.extract.ocr import tesseract
from pipeline.extract.ocr.reading import words_and_text

TOP_BAND = 0.2  # share of the page's height searched: the issuer's box and the gazette's stamp sit above the header
# Small print's glyph height against the body's word height (median of confident words): the box's letters
# are about a third; the body's own letters, dots and accents are covered by its words or too small
GLYPH_HEIGHT = (0.12, 0.6)
MAX_GLYPH_WIDTH = 1.2  # of the body's word height: wider marks are a seal's ring or a rule
LINE_GAP = 0.4  # glyphs nearer than this (of the body's word height) along a row are one line
MIN_LINE_WIDTH = 5  # a line is at least this many times as wide as it is tall (a seal's arc is not)
MIN_LINES = 2  # lines in a block; a box has two to five
# The block is read enlarged until the body's word height would be this many pixels: the box's letters,
# a third of it, then stand about 30 px high, where Tesseract reads best (3x at 200 dpi, 2x at 300 dpi)
ENLARGED_BODY = 100
# A word read at least this sure covers its ink; below it, OCR's garbage over a box's tiny letters ("_NNNn",
# "Thy", "gam" where a box read "Ký bởi: …") leaves the ink to be read again
COVERING_CONF = 0.6
# A word whose letters are narrower than this (of the body's word height, on average) is small print even
# when read well: the page's reading often reads a few of a box's words ("bởi", "Quảng") and garbles the rest
SMALL_CHAR_WIDTH = 0.35
SEARCH_BODY = 34  # the body's word height at 200 dpi, where small print is searched
_MIN_WORDS = 5  # confident body words needed to know the body's letter height
_LOCAL_CONTRAST = 12  # gray levels below the neighbourhood's mean: pale print on a photocopy still counts


def body_height(words: list[Word]) -> int | None:
    """The median height of the page's confident words of three letters or more."""
    heights = sorted(w.height for w in words if w.conf >= 0.6 and sum(c.isalpha() for c in w.text) >= 3)
    return heights[len(heights) // 2] if len(heights) >= _MIN_WORDS else None


def small_print_blocks(img: Image.Image, words: list[Word], body: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, page pixels) of the blocks of small print in the page's top band
    that no read word covers; `body` is the page's word height (`body_height`)."""
    band = np.asarray(img.crop((0, 0, img.width, int(img.height * TOP_BAND))).convert("L"))
    if band.size == 0:
        return []
    # a local threshold: a photocopy's pale box is light gray beside the header's black capitals
    mask = cv2.adaptiveThreshold(band, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, body | 1,
                                 _LOCAL_CONTRAST)
    for w in words:  # what the page's reading read well in body-size letters is not read again
        if w.top < band.shape[0] and w.conf >= COVERING_CONF and w.width >= SMALL_CHAR_WIDTH * body * len(w.text):
            mask[max(0, w.top - 3): w.top + w.height + 3, max(0, w.left - 3): w.left + w.width + 3] = 0
    # searched at about 200 dpi: a 300 dpi page's mask halved by its 2x2 maximum (thin pale strokes stay
    # whole, as averaging the gray would not keep them) costs the components a quarter
    f = 2 if body >= SEARCH_BODY * 1.5 else 1
    if f > 1:
        mask = np.ascontiguousarray(cv2.dilate(mask, np.ones((f, f), np.uint8))[::f, ::f])
    hb = body // f
    # OpenCV's components with their boxes, filtered as arrays: a page's top band holds thousands of specks
    _n, labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    low, high = GLYPH_HEIGHT[0] * hb, GLYPH_HEIGHT[1] * hb
    keep = (low <= h) & (h <= high) & (w <= MAX_GLYPH_WIDTH * hb)
    keep[0] = False  # the background
    glyphs = keep[labels].astype(np.uint8)
    rows = cv2.morphologyEx(glyphs, cv2.MORPH_CLOSE, np.ones((1, max(3, int(LINE_GAP * hb))), np.uint8))
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(rows, connectivity=8)
    lines = [(int(x) * f, int(y) * f, int(x + bw) * f, int(y + bh) * f) for x, y, bw, bh, _area in stats[1:]
             if low <= bh and bw >= MIN_LINE_WIDTH * bh]
    return _blocks(lines, body, img.size)


def _blocks(lines: list[tuple[int, int, int, int]], hb: int, size: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Lines stacked one under another (overlapping across, less than a body word's height apart)
    grouped into blocks of at least `MIN_LINES`, each with a margin of half a body word's height."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for line in sorted(lines, key=lambda b: b[1]):
        for g in groups:
            last = g[-1]
            if line[1] - last[3] < hb and line[0] < max(b[2] for b in g) and line[2] > min(b[0] for b in g):
                g.append(line)
                break
        else:
            groups.append([line])
    m = hb // 2
    return [(max(0, min(b[0] for b in g) - m), max(0, min(b[1] for b in g) - m),
             min(size[0], max(b[2] for b in g) + m), min(size[1], max(b[3] for b in g) + m))
            for g in groups if len(g) >= MIN_LINES]


def read_block(img: Image.Image, block: tuple[int, int, int, int], body: int, ocr: OcrSettings) -> list[Word]:
    """The block read enlarged (`ENLARGED_BODY`; `body` is the page's word height) as one block of text;
    words in page pixels, numbered by line."""
    k = max(2, round(ENLARGED_BODY / body))
    crop = img.crop(block)
    big = crop.resize((crop.width * k, crop.height * k), Image.LANCZOS)
    try:
        data = tesseract.image_data(big, ocr, psm=6, dpi=tesseract.estimated_dpi(img) * k)
    except tesseract.OcrError:  # a failed re-read leaves the page's own reading; the page is still read
        return []
    words, _text = words_and_text(data)
    return [w.model_copy(update={"left": block[0] + w.left // k, "top": block[1] + w.top // k,
                                 "width": w.width // k, "height": w.height // k}) for w in words]


def holds_box(words: list[Word]) -> bool:
    """Whether words read from a block make a signature box or gazette stamp (`core.signboxes`)."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return bool(box_runs([" ".join(t) for t in lines.values()]))

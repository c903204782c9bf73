"""OCR of one page image into a `Page`: upright it, deskew it, keep the two-column header apart.

Steps, each chosen by measurement on generated scans (bench/ocr_languages.py, bench/bench_ocr.py):

0. A speckled page (photocopier salt and pepper: many ink pixels a 3x3 median removes) is cleaned
   first; raw, Tesseract crawls on it (40 s a page) and reads garbage.
1. Orientation (0/90/180/270). Tesseract's OSD costs 0.7 s a page on an idle machine (2.5 s under
   load), nearly the price of the OCR itself, so a projection-profile test decides instead (0.09 s
   idle, 0.2 s loaded; 24/24 right on the bench): text lines make the row profile of an upright or
   upside-down page far sharper than its column profile. Upright vs upside-down is then read from
   the text lines' shape: Vietnamese (and Latin) text has more ink above the x-height band
   (capitals, ascenders, tone marks and hats) than below it. When that vote is weak (a page of a
   few words), OSD is asked after all.
2. Skew: the angle within ±4° that maximizes the row-profile sharpness of a downscaled binarized
   page (1° steps, then 0.25°, then 0.1°; bench error ≤ 0.05°).
3. Layout: Tesseract glues the header's left column (issuing body, "Số: 05/KH-UBND") to the
   right one (national motto, place and date) into single lines. The header band is found
   (`header_band`: the top lines sharing a wide vertical white gap), cut at that gap, and the two
   halves are stacked above the rest of the page in one composite image: one Tesseract process
   per page, the columns come back as separate blocks, and word boxes are mapped back to page
   pixels.
4. A page that reads (nearly) empty although it carries ink is retried cleaned up (downscaled when
   huge, median-filtered, binarized) before it is called unreadable.
5. A page the profile test uprighted that reads poorly (mean confidence < `_LOW_PAGE_CONF`) is
   read turned 180° too, then OSD's answer if still poor; the better reading wins. The up/down
   vote fails on pages that are mostly ruled table and white space (the sample report's last
   page: 0.44 confidence as turned, 0.92 upright).
6. Ruled tables: Tesseract misreads lone characters inside ruled cells (a self-score '3' came out
   '2', '°', 'B', '&:' or nothing on a clean scan: 25/34 scores right). The grid is found from
   long ink runs (`table_cells`), and each cell read as at most 3 characters while holding ink is
   cropped inside its rules, binarized and re-read alone (`_reread_cells`): 34/34.

Tesseract runs as a subprocess; a module-level semaphore keeps at most `settings.ocr.workers`
of them alive in this process whatever number of threads asks.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import imagehash
import numpy as np
import pytesseract
import scipy.fftpack  # noqa: F401  imagehash.phash imports it on first use: 0.1 s off the first page
from PIL import Image, ImageFilter, ImageOps

from pipeline.core.config import OcrSettings, Settings
from pipeline.core.model import Page, TextSource, Word
from pipeline.core.normalize import normalize_text
from pipeline.extract.blanks import reread_blanks

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # measured 9x faster on these machines
cv2.setNumThreads(1)  # pages run one per core already; OpenCV's own threads would only contend

_ANALYSIS_SIDE = 1000  # least long side (px) of the analysis copy (A4 at 85 dpi)
_SKEW_RANGE = 4.0
_MIN_WORDS = 3  # fewer readable words than this on an inked page: retry cleaned up
_RETRY_MAX_SIDE = 2600
_RULE_RUN_MM = 6.0  # longer straight ink runs are table rules, not strokes (blurred letters merge)
_REGION_MARGIN = 0.01  # of the page width: white kept around each region's ink (~2 mm on A4)
_BLANK_INK = 0.0005  # share of ink pixels below which a page is blank (no OCR, no OSD)
_ISOLATED_NOISE = 0.1  # share of lone ink pixels above which a speckled page is salt and pepper
_LOW_PAGE_CONF = 0.65  # a page read below this mean confidence is tried turned 180° (and by OSD)
_GRID_SIDE = 1300  # long side (px) of the pooled ink mask a table grid is read from
_GRID_RULE_MM = 12.0  # a horizontal ink run at least this long is a table rule
_GRID_COVER = 0.9  # share of a row's height a vertical rule inks (text strokes stay far below)
# A page read below this mean confidence (but not so low that its orientation is in doubt) is
# read again through a 3x3 median filter, and the better reading kept. On 8 generated photocopies
# (150 dpi, blurred, speckled, JPEG q40) the median read 1.0 % CER against 10.5 % (confidence 0.94
# vs 0.84); applied to every page it cost small photos their hooks and dots (tổ read tố).
_DENOISE_CONF = 0.9
_CELL_CHARS = 3  # a cell read as at most this many characters is re-read alone
_CELL_MAX_READS = 150  # cells a page may re-read (~15 ms each, in two Tesseract processes)
_CELL_INSET_MM = 0.5  # inset of a cell crop from its rules (rule thickness plus residual skew)
_CELL_CONF = 0.6  # least confidence of a re-read number that replaces the page read
_CELL_SURE_LINE = 0.85  # a line read of a number below this gets a second opinion in word mode
_CELL_SURE = 0.9  # least confidence of a re-read number that contradicts a number the page read
_CELL_WORD_CONF = 0.8  # least confidence of a re-read non-number (it must also beat the page read)
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
_RULE_CHARS = "|[]{}!"

_slots_lock = threading.Lock()
_slots: dict[int, _ProcessSlots] = {}

# The folder of the slot lock files, made by the first process that reads (or that forks readers:
# pipeline.run.time_budget calls `share_slots` before forking) and inherited by its children.
SLOTS_ENV = "KIEMCHUNG_OCR_SLOTS"


class _ProcessSlots:
    """At most `n` Tesseract processes at once, across this process and every extraction child
    forked from it (pipeline.run.time_budget reads each file in its own child): `n` lock files,
    one held by `flock` while a Tesseract runs. The kernel drops the lock of a child killed at its
    time budget, so a stopped file never keeps a slot. Threads of one process queue on a
    semaphore first, so only one thread per process polls the files."""

    def __init__(self, n: int, folder: str):
        self.n = n
        self.folder = folder
        self.local = threading.BoundedSemaphore(n)
        self.held = threading.local()

    def __enter__(self) -> _ProcessSlots:
        self.local.acquire()
        try:
            while True:
                for i in range(self.n):
                    fd = os.open(os.path.join(self.folder, f"slot{i}"), os.O_RDWR | os.O_CREAT, 0o600)
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        os.close(fd)
                        continue
                    self.held.fd = fd
                    return self
                time.sleep(0.02)
        except BaseException:
            self.local.release()
            raise

    def __exit__(self, *exc: object) -> None:
        fd = self.held.fd
        self.held.fd = None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
            self.local.release()


def share_slots() -> str:
    """The slot folder of this process tree, made now if needed (call before forking readers)."""
    folder = os.environ.get(SLOTS_ENV)
    if not folder or not os.path.isdir(folder):
        folder = tempfile.mkdtemp(prefix="kiemchung-ocr-slots-")
        os.environ[SLOTS_ENV] = folder
        atexit.register(shutil.rmtree, folder, True)
    return folder


def _tesseract_slot(workers: int) -> _ProcessSlots:
    """The bound on concurrent Tesseract processes. One run uses one `workers` value, so every
    file's pool, in this process and in the children reading files, shares the same slots."""
    workers = max(1, workers)
    with _slots_lock:
        if workers not in _slots:
            folder = os.path.join(share_slots(), f"n{workers}")
            os.makedirs(folder, exist_ok=True)
            _slots[workers] = _ProcessSlots(workers, folder)
        return _slots[workers]


# The most pixels a page is read at: A3 at 400 dpi, A4 at 570 dpi. Larger pages (posters, 600-dpi
# scans of A3, a PDF page box of 2^31 points) are reduced first: Tesseract reads nothing more from
# them, and every working copy of the page (paper crop, cleaned, upright, retry variants) is this
# size, so one page's reading stays near 200 MB and two at once far under the 1 GB the run may use.
OCR_MAX_PIXELS = 24_000_000


def fit_pixels(img: Image.Image, limit: int = OCR_MAX_PIXELS) -> Image.Image:
    """`img` reduced to at most `limit` pixels (aspect kept), or itself when it fits."""
    if img.width * img.height <= limit:
        return img
    factor = (limit / (img.width * img.height)) ** 0.5
    size = (max(1, int(img.width * factor)), max(1, int(img.height * factor)))
    return img.resize(size, Image.LANCZOS, reducing_gap=2.0)


def draft_size(width: int, height: int, limit: int = OCR_MAX_PIXELS) -> tuple[int, int] | None:
    """The size to ask a JPEG decoder for (`Image.draft`), so a huge photo is decoded at 1/2, 1/4
    or 1/8 scale straight away; None when the image fits."""
    if width * height <= limit:
        return None
    factor = (limit / (width * height)) ** 0.5
    return max(1, int(width * factor)), max(1, int(height * factor))


class OcrTimeout(RuntimeError):
    """Tesseract did not finish a page within `settings.ocr.timeout_seconds`."""


# ---- image analysis (numpy on a downscaled copy) ------------------------------------------


def _small_gray(img: Image.Image) -> tuple[Image.Image, float]:
    """The page in gray with a long side of `_ANALYSIS_SIDE` to twice that, and its scale.

    A box reduction by an integer factor when the page is at least twice that size (1.3 ms a
    page against bilinear resampling's 7.6 ms, and the scale is exact); a smaller page (150 dpi)
    is resampled to `_ANALYSIS_SIDE`: analysed at full size, its speckle hid the header's column
    gap and the up/down vote's line bands."""
    gray = img if img.mode == "L" else img.convert("L")
    side = max(gray.size)
    k = side // _ANALYSIS_SIDE
    if k >= 2:
        return gray.reduce(k), 1.0 / k
    if side <= _ANALYSIS_SIDE:
        return gray, 1.0
    scale = _ANALYSIS_SIDE / side
    return gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), Image.BILINEAR), scale


def _otsu(arr: np.ndarray) -> int:
    # PIL's histogram: 0.3 ms for a million pixels against numpy's bincount 1.5 ms
    hist = np.asarray(Image.fromarray(np.ascontiguousarray(arr, dtype=np.uint8)).histogram(), dtype=np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mt = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def _ink(gray: Image.Image, level: int | None = None) -> np.ndarray:
    """Boolean ink mask (dark pixels) by Otsu's threshold (`level` when known); a nearly blank
    page stays nearly empty."""
    arr = np.asarray(gray, dtype=np.uint8)
    if arr.max() - arr.min() < 40:  # no contrast at all: a blank sheet
        return np.zeros(arr.shape, dtype=bool)
    return arr < min(_otsu(arr) if level is None else level, 200)


def _as_image(mask: np.ndarray) -> Image.Image:
    return Image.fromarray(mask.view(np.uint8) * np.uint8(255), mode="L")


def _rotated_mask(mask_img: Image.Image, angle: float) -> np.ndarray:
    if angle:
        mask_img = mask_img.rotate(angle, resample=Image.NEAREST, expand=True, fillcolor=0)
    return np.asarray(mask_img) > 127


@dataclass
class _Profiles:
    """Row profiles of a mask's vertical strips: what a skew search needs, without rotating.

    Turning the page by a small angle moves each strip's rows by -x·tan(angle) (x: the strip's
    centre from the middle), so the row profile of the turned page is the sum of the shifted strip
    profiles. A trial angle costs ~0.1 ms instead of a 2.5 ms rotation of the mask."""
    strips: np.ndarray  # (strips, rows) ink pixels per row in each strip
    centers: np.ndarray  # strip centres' x from the middle of the mask
    width: int


_STRIPS = 32


def _profiles(mask: np.ndarray) -> _Profiles:
    h, w = mask.shape
    n = max(1, min(_STRIPS, w // 8))
    edges = np.linspace(0, w, n + 1).astype(np.intp)
    strips = np.add.reduceat(mask.view(np.uint8), edges[:-1], axis=1, dtype=np.int32).T.astype(np.float64)
    return _Profiles(strips, (edges[:-1] + edges[1:]) / 2.0 - w / 2.0, w)


def _sharpness(p: _Profiles, angle: float = 0.0) -> float:
    """How strongly the row profile of the mask turned CCW by `angle` degrees alternates between
    lines and gaps (scale-free)."""
    shifts = np.rint(-p.centers * np.tan(np.radians(angle))).astype(np.intp)
    pad = int(np.abs(shifts).max(initial=0))
    n = p.strips.shape[1]
    rows = np.zeros(n + 2 * pad)
    for strip, s in zip(p.strips, shifts.tolist(), strict=True):
        rows[pad + s: pad + s + n] += strip
    total = rows.sum()
    if total == 0:
        return 0.0
    return float(np.square(np.diff(rows)).sum() / (total * total) * p.width)


_COARSE = ((1.0, _SKEW_RANGE),)
_FINE = ((0.25, 0.75), (0.1, 0.15))


def _best_skew(p: _Profiles, stages=_COARSE + _FINE, start: tuple[float, float] | None = None
               ) -> tuple[float, float]:
    """(angle, sharpness): the CCW rotation within ±4° that makes text lines horizontal.
    Coarse 1° steps, then 0.25°, then 0.1° around the best."""
    best = start or (0.0, _sharpness(p))
    for step, span in stages:
        center = best[0]
        for angle in np.arange(center - span, center + span + 1e-9, step):
            angle = round(float(angle), 2)
            if abs(angle - center) < 1e-9 or abs(angle) > _SKEW_RANGE + 0.5:
                continue
            s = _sharpness(p, angle)
            if s > best[1]:
                best = (angle, s)
    return best


def _line_bands(mask: np.ndarray, min_ink: int = 2) -> list[tuple[int, int]]:
    """Row ranges [top, bottom) holding text lines, small gaps (tone marks) bridged."""
    rows = mask.sum(axis=1) >= min_ink
    bands: list[list[int]] = []
    start = None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append([start, y])
            start = None
    if start is not None:
        bands.append([start, len(rows)])
    if not bands:
        return []
    heights = sorted(b[1] - b[0] for b in bands)
    bridge = max(1, heights[len(heights) // 2] // 4)
    merged = [bands[0]]
    for b in bands[1:]:
        if b[0] - merged[-1][1] <= bridge:
            merged[-1][1] = b[1]
        else:
            merged.append(b)
    return [(a, b) for a, b in merged]


def _long_runs(mask: np.ndarray, length: int, axis: int = 1) -> np.ndarray:
    """Pixels lying in a run of ink at least `length` long along `axis`: a morphological opening
    by a line (OpenCV: 0.5 ms for a million pixels; a cumulative-sum version cost 10 ms)."""
    if mask.shape[axis] < length:
        return np.zeros_like(mask)
    length |= 1  # an odd window is centred: erosion and dilation then undo each other exactly
    kernel = np.ones((1, length) if axis == 1 else (length, 1), dtype=np.uint8)
    opened = cv2.morphologyEx(np.ascontiguousarray(mask).view(np.uint8), cv2.MORPH_OPEN, kernel,
                              borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return opened > 0


def _inked_neighbourhood(mask: np.ndarray) -> np.ndarray:
    """How many of each pixel's 3x3 neighbourhood (itself included) are ink, 0..9."""
    return cv2.boxFilter(np.ascontiguousarray(mask).view(np.uint8), -1, (3, 3), normalize=False,
                         borderType=cv2.BORDER_REPLICATE)


def _without_rules(mask: np.ndarray) -> np.ndarray:
    """The mask without straight runs longer than `_RULE_RUN_MM` (the mask of an A4 page)."""
    length = max(5, round(_RULE_RUN_MM / 25.4 * max(mask.shape) / 11.69))
    return mask & ~_long_runs(mask, length, axis=1) & ~_long_runs(mask, length, axis=0)


def _despeckled(mask: np.ndarray) -> np.ndarray:
    """The mask without ink pixels that have fewer than two inked neighbours. Photocopier speckle
    fills the gaps between lines, bands merge and the up/down vote comes out reversed: 12 of 12
    photocopied pages (8 upright, 4 upside down) were voted the wrong way up, 0 of 12 after this."""
    return mask & (_inked_neighbourhood(mask) >= 3)


def _upside_down_vote(mask: np.ndarray, strips: int = 3) -> float:
    """> 0 when the lines look upright (more ink above the x-height core than below), < 0 when
    upside down; magnitude ≈ confidence (share of ink difference).

    Counted in vertical strips, each with its own line bands: on a phone photo the lines converge
    (perspective), one deskew angle leaves the ends of a full-width line a few pixels apart and
    its core smears; the vote was then too weak on 2 of 44 test pages (OSD asked, 0.7 s each),
    0 of 44 in 3 strips."""
    above = below = 0.0
    w = mask.shape[1]
    for i in range(strips):
        part = mask[:, i * w // strips:(i + 1) * w // strips]
        for top, bottom in _line_bands(part):
            if bottom - top < 4:
                continue
            prof = part[top:bottom].sum(axis=1).astype(np.float64)
            core = np.nonzero(prof >= 0.5 * prof.max())[0]
            above += prof[: core[0]].sum()
            below += prof[core[-1] + 1:].sum()
    if above + below == 0:
        return 0.0
    return (above - below) / (above + below)


@dataclass
class Orientation:
    rotation: int  # clockwise degrees applied to make the page upright (Tesseract OSD convention)
    skew: float  # detected tilt, degrees counter-clockwise; the page was turned back by it
    method: str  # "profile" or "osd"


def detect_orientation(img: Image.Image, osd_fallback: bool = True) -> Orientation:
    """Orientation and skew of a page image, from projection profiles (OSD only when unsure)."""
    gray, _ = _small_gray(img)
    return _orientation(_ink(gray), img, osd_fallback)


def _orientation(mask: np.ndarray, img: Image.Image, osd_fallback: bool) -> Orientation:
    """`detect_orientation` on the analysis copy's ink mask (`img`: the page, for OSD)."""
    if mask.mean() < _BLANK_INK:
        return Orientation(rotation=0, skew=0.0, method="blank")
    # coarse search both ways, the fine search only for the winner
    p0 = _profiles(mask)
    p90 = _profiles(np.ascontiguousarray(np.rot90(mask)))
    coarse0, coarse90 = _best_skew(p0, _COARSE), _best_skew(p90, _COARSE)
    if coarse90[1] > coarse0[1]:
        (skew90, sharp90), (skew0, sharp0) = _best_skew(p90, _FINE, coarse90), coarse0
    else:
        (skew0, sharp0), (skew90, sharp90) = _best_skew(p0, _FINE, coarse0), coarse90
    # Table rules are neither ascenders nor descenders, and vertical rules would merge every row
    # into one band: the up/down vote looks at the mask without long straight runs of ink. They
    # are removed before deskewing, where a slanted rule is still long runs, not aliased dashes.
    letters = _without_rules(_despeckled(mask))
    if sharp90 > sharp0:
        base, skew = 90, skew90  # text runs vertically: turned a quarter
        letters = np.ascontiguousarray(np.rot90(letters))
    else:
        base, skew = 0, skew0
    vote = _upside_down_vote(_rotated_mask(_as_image(letters), skew))
    if abs(vote) < 0.08 and osd_fallback:
        osd = _osd_rotation(img)
        if osd is not None:
            return Orientation(rotation=osd, skew=-_skew_after_turn(mask, osd), method="osd")
    # `base` (+180 when upside down) is the CCW turn that uprights the image; OSD's convention
    # (and Page.rotation's) is the page's own turn, i.e. the clockwise correction.
    ccw = (base + (180 if vote < 0 else 0)) % 360
    return Orientation(rotation=(360 - ccw) % 360, skew=-skew, method="profile")


def _skew_after_turn(mask: np.ndarray, rotation: int) -> float:
    """The skew angle of the mask once turned clockwise by `rotation` degrees."""
    turned = np.ascontiguousarray(np.rot90(mask, k=-(rotation // 90)))
    return _best_skew(_profiles(turned))[0]


def _osd_rotation(img: Image.Image) -> int | None:
    try:
        with _tesseract_slot(min(_slots, default=2)):
            osd = pytesseract.image_to_osd(img.convert("L"), config="--psm 0", output_type=pytesseract.Output.DICT)
        return int(osd.get("rotate", 0)) % 360
    except (pytesseract.TesseractError, RuntimeError, ValueError):
        return None


def upright(img: Image.Image, orient: Orientation) -> Image.Image:
    """The page turned upright and deskewed (expanded: no corner of the page is cut off)."""
    out = img if img.mode == "L" else img.convert("L")
    if orient.rotation:
        out = out.rotate(-orient.rotation, expand=True, fillcolor=255)
    if abs(orient.skew) >= 0.1:
        out = _deskewed(out, -orient.skew)
    return out


def _median(page: Image.Image) -> Image.Image:
    """The page through a 3x3 median filter (3 ms): see `_DENOISE_CONF`."""
    return Image.fromarray(cv2.medianBlur(np.asarray(page, dtype=np.uint8), 3), mode="L")


def _deskewed(gray: Image.Image, angle: float) -> Image.Image:
    """`gray` turned CCW by `angle` degrees, expanded, bilinear, white fill.

    OpenCV's warpAffine: 9 ms a 4-megapixel page against Pillow's 38 ms (bicubic: 280 ms).
    Bilinear, not nearest neighbour (5 ms): aliased digits cost 5 of the 34 self-scores of the
    sample's scanned score table."""
    arr = np.asarray(gray, dtype=np.uint8)
    h, w = arr.shape
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(round(h * sin + w * cos)), int(round(h * cos + w * sin))
    m[0, 2] += nw / 2.0 - w / 2.0
    m[1, 2] += nh / 2.0 - h / 2.0
    out = cv2.warpAffine(arr, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return Image.fromarray(out, mode="L")


# ---- header columns -------------------------------------------------------------------------


@dataclass
class Region:
    box: tuple[int, int, int, int]  # left, top, right, bottom in page pixels


def header_band(lines: list[tuple[float, float, np.ndarray]], width: int, height: float) -> tuple[int, float, float] | None:
    """Where a two-column header ends: (number of header lines, x of the cut, y below the band).

    `lines` are the page's text lines from the top: (top, bottom, ink occupancy along x). The
    first two lines must leave a common vertical white gap at least 2 % of the page wide in the
    middle half of the page, with ink on both sides. Following lines join while the gap survives
    them and they are spaced like the header (at most twice its first line spacing): the title
    centred below, after a blank line, does not. Shared by OCR and text PDFs."""
    if len(lines) < 2 or lines[1][0] > 0.4 * height:
        return None
    lo, hi = int(width * 0.25), int(width * 0.75)
    occupied = lines[0][2] | lines[1][2]
    gap = _widest_gap(occupied, lo, hi)

    def ok(gap, occupied) -> bool:
        return (gap is not None and gap[1] - gap[0] >= 0.02 * width
                and bool(occupied[: gap[0]].any()) and bool(occupied[gap[1]:].any()))

    if not ok(gap, occupied):
        return None
    spacing = max(lines[1][0] - lines[0][1], 0.5 * (lines[0][1] - lines[0][0]))
    k = 2
    while k < min(6, len(lines)):
        top, _, occ = lines[k]
        if top > 0.4 * height or top - lines[k - 1][1] > 2 * spacing:
            break
        wider = occupied | occ
        new_gap = _widest_gap(wider, lo, hi)
        if not ok(new_gap, wider):
            break
        occupied, gap, k = wider, new_gap, k + 1
    bottom = lines[k - 1][1]
    next_top = lines[k][0] if k < len(lines) else bottom
    return k, (gap[0] + gap[1]) / 2, (bottom + max(bottom, next_top)) / 2


def header_regions(img: Image.Image) -> list[Region]:
    """[left header, right header, rest] when the page starts with a two-column header (see
    `header_band`), else [whole page]; each cut down to the ink it holds (`page_regions`)."""
    gray, scale = _small_gray(img)
    return page_regions(_despeckled(_ink(gray)), scale, img.size)


def page_regions(mask: np.ndarray, scale: float, size: tuple[int, int]) -> list[Region]:
    """The regions Tesseract reads, in page pixels, from the upright page's analysis-copy mask
    (despeckled: speckle between the lines hides the header's column gap).

    Each region is cut to the box of its ink plus a margin: blank paper costs Tesseract time
    (a page inked over its top 45 % read in 468 ms cropped against 524 ms whole) and holds no
    words. A region without ink is left out; a page without any, read whole."""
    h, w = mask.shape
    width, height = size
    lines = [(float(t), float(b), mask[t:b].any(axis=0)) for t, b in _line_bands(mask) if b - t >= 3]
    band = header_band(lines, w, h)
    if band is None:
        boxes = [(0, 0, w, h)]
    else:
        _, cut, split = band
        boxes = [(0, 0, int(cut), int(split)), (int(cut), 0, w, int(split)), (0, int(split), w, h)]
    margin = max(8, round(_REGION_MARGIN * width))
    regions = []
    for x0, y0, x1, y1 in boxes:
        inked = _ink_box(mask[y0:y1, x0:x1])
        if inked is None:
            continue
        left, top, right, bottom = (v / scale for v in (x0 + inked[0], y0 + inked[1], x0 + inked[2], y0 + inked[3]))
        # the header halves keep their cut: a margin must not reach into the other column
        lo_x = x0 / scale if band is not None and x0 else 0
        hi_x = x1 / scale if band is not None and x1 < w else width
        regions.append(Region((max(int(lo_x), int(left) - margin), max(0, int(top) - margin),
                               min(int(hi_x), int(right) + margin + 1), min(height, int(bottom) + margin + 1))))
    return regions or [Region((0, 0, width, height))]


def _ink_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the rows and columns holding at least 2 ink pixels: a lone
    speck does not widen the box."""
    if mask.size == 0:
        return None
    rows = np.flatnonzero(mask.sum(axis=1) >= 2)
    cols = np.flatnonzero(mask.sum(axis=0) >= 2)
    if rows.size == 0 or cols.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _widest_gap(prof: np.ndarray, lo: int, hi: int) -> tuple[int, int] | None:
    best = None
    x = lo
    while x < hi:
        if not prof[x]:
            start = x
            while x < len(prof) and not prof[x]:
                x += 1
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        x += 1
    return best


# ---- Tesseract ----------------------------------------------------------------------------

_PAD = 24  # white margin around and between stacked regions
# pytesseract hands Tesseract the image as a temporary file in the image's `format`. Uncompressed
# TIFF: 4 ms to write and Tesseract reads it fast. PNG costs 38 ms to encode (compression level
# 1; 0.35 s at the default), and Leptonica's PGM reader made Tesseract 75 ms a page slower.
_TEMP_FORMAT = "TIFF"


def _compose(img: Image.Image, regions: list[Region]) -> tuple[Image.Image, list[tuple[int, Region]]]:
    """Stack the regions vertically; returns the composite and each region's y offset in it."""
    crops = [img.crop(r.box) for r in regions]
    width = max(c.width for c in crops) + 2 * _PAD
    height = sum(c.height for c in crops) + _PAD * (len(crops) + 1)
    out = Image.new("L", (width, height), 255)
    offsets = []
    y = _PAD
    for crop, region in zip(crops, regions, strict=True):
        out.paste(crop, (_PAD, y))
        offsets.append((y, region))
        y += crop.height + _PAD
    return out, offsets


def _estimated_dpi(img: Image.Image) -> int:
    """Resolution from the page width (A4 is 8.27 in wide).

    The temporary image file carries no resolution and Tesseract then assumes 70 dpi, which mis-sizes its character
    heuristics: on scanned score tables 5/34 digits survived without `--dpi`, 25/34 with it."""
    return _dpi_of_width(img.width)


def _dpi_of_width(width: float) -> int:
    return max(100, min(600, round(width / 8.27)))


def _run_tesseract(img: Image.Image, ocr: OcrSettings, psm: int = 3, dpi: int | None = None) -> dict:
    """Tesseract's words with boxes; `dpi`: the page's resolution (a composite of cropped regions
    is narrower than the page, so its width says nothing of it)."""
    img.format = _TEMP_FORMAT
    config = f"--psm {psm} --dpi {dpi or _estimated_dpi(img)}"
    with _tesseract_slot(ocr.workers):
        try:
            return pytesseract.image_to_data(
                img, lang=ocr.languages, config=config, output_type=pytesseract.Output.DICT,
                timeout=ocr.timeout_seconds,
            )
        except RuntimeError as exc:  # pytesseract's timeout
            raise OcrTimeout(str(exc)) from exc


def _words_and_text(data: dict, offsets: list[tuple[int, Region]]) -> tuple[list[Word], str]:
    """Page words (boxes mapped back to page pixels, blocks/lines numbered page-wide) and text:
    regions in order, blocks separated by a blank line, lines by a newline."""
    items = []
    for i, raw in enumerate(data["text"]):
        text = normalize_text(raw or "")
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        cy = data["top"][i] + data["height"][i] / 2
        ridx = max(j for j, (y0, _) in enumerate(offsets) if cy >= y0 - _PAD / 2 or j == 0)
        y0, region = offsets[ridx]
        left = data["left"][i] - _PAD + region.box[0]
        top = data["top"][i] - y0 + region.box[1]
        key_block = (ridx, data["block_num"][i])
        key_line = (ridx, data["block_num"][i], data["par_num"][i], data["line_num"][i])
        items.append((key_block, key_line, data["word_num"][i], text, conf, left, top, data["width"][i], data["height"][i]))
    block_ids: dict = {}
    line_ids: dict = {}
    words: list[Word] = []
    for kb, kl, _, text, conf, left, top, width, height in items:
        block_ids.setdefault(kb, len(block_ids) + 1)
        line_ids.setdefault(kl, len(line_ids) + 1)
        words.append(Word(text=text, conf=round(conf / 100.0, 4), left=int(left), top=int(top),
                          width=int(width), height=int(height), block=block_ids[kb], line=line_ids[kl]))
    return words, _text_of(words)


def _text_of(words: list[Word]) -> str:
    """Page text from words in reading order: blocks separated by a blank line, lines by a newline."""
    parts: list[str] = []
    prev_block = prev_line = None
    for w in words:
        if prev_block is not None and w.block != prev_block:
            parts.append("\n\n")
        elif prev_line is not None and w.line != prev_line:
            parts.append("\n")
        elif parts:
            parts.append(" ")
        parts.append(w.text)
        prev_block, prev_line = w.block, w.line
    return normalize_text("".join(parts))


def _clean_for_retry(img: Image.Image) -> Image.Image:
    """Downscaled when huge, median-filtered (speckle), contrast-stretched and binarized."""
    out = img.convert("L")
    if max(out.size) > _RETRY_MAX_SIDE:
        f = _RETRY_MAX_SIDE / max(out.size)
        out = out.resize((int(out.width * f), int(out.height * f)), Image.LANCZOS)
    out = out.filter(ImageFilter.MedianFilter(5))
    out = ImageOps.autocontrast(out, cutoff=1)
    t = _otsu(np.asarray(out, dtype=np.uint8))
    return out.point(lambda v: 255 if v > t else 0).convert("L")


def _noise(mask: np.ndarray) -> tuple[float, float, float]:
    """(ink share, speckle share, isolated share) of the analysis copy's ink mask. Speckle: the
    share of ink pixels a 3x3 median filter removes; isolated: the share with at most one inked
    neighbour. Clean text pages measure ~0.2 speckle, < 0.1 ink and < 0.03 isolated (small print:
    speckle up to 0.65, isolated still < 0.03); photocopier salt and pepper pushes all three up,
    and Tesseract then crawls (40 s on such a page) and reads garbage."""
    ink = int(mask.sum())
    if ink == 0:
        return 0.0, 0.0, 0.0
    # On a binary image the 3x3 median keeps a pixel with at least 5 inked of 9: a box sum, 1 ms
    # against Pillow's median filter's 20 ms
    around = _inked_neighbourhood(mask)
    kept = around >= 5
    lone = around <= 2  # itself and at most one neighbour
    return ink / mask.size, 1.0 - float((mask & kept).sum()) / ink, float((mask & lone).sum()) / ink


def _readable(words: list[Word]) -> int:
    return sum(1 for w in words if w.conf >= 0.5 and sum(c.isalnum() for c in w.text) >= 2)


def _ocr_variant(variant: Image.Image, page_img: Image.Image, ocr: OcrSettings) -> tuple[list[Word], str]:
    """OCR `variant` (the page, or a cleaned/rescaled copy of it) with the header split; word
    boxes in pixels of `page_img`."""
    return _ocr_regions(variant, header_regions(variant), page_img, ocr)


def _ocr_regions(variant: Image.Image, regions: list[Region], page_img: Image.Image, ocr: OcrSettings
                 ) -> tuple[list[Word], str]:
    composite, offsets = _compose(variant, regions)
    words, text = _words_and_text(_run_tesseract(composite, ocr, dpi=_estimated_dpi(variant)), offsets)
    f = variant.width / page_img.width
    if abs(f - 1.0) > 1e-6:
        for w in words:
            w.left, w.top = int(w.left / f), int(w.top / f)
            w.width, w.height = int(w.width / f), int(w.height / f)
    return words, text


# ---- ruled tables: cells re-read alone -----------------------------------------------------


def _runs(flags: np.ndarray, bridge: int = 0) -> list[tuple[int, int]]:
    """[start, end) of the runs of True in a 1-D array, gaps of at most `bridge` closed."""
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > bridge + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _pooled(ink: np.ndarray, k: int) -> np.ndarray:
    """Any ink in each k x k block. PIL's box reduction of the 0/255 mask, then "not white":
    2 ms a page against numpy's reshape-and-any 26 ms."""
    if k == 1:
        return ink.copy()
    h, w = ink.shape[0] // k, ink.shape[1] // k
    return np.asarray(_as_image(np.ascontiguousarray(ink[: h * k, : w * k])).reduce(k)) > 0


def table_cells(img: Image.Image) -> list[tuple[int, int, int, int]]:
    """Cells of the ruled tables on an upright, deskewed page: (left, top, right, bottom) in page
    pixels, inside the rules.

    Read from a pooled ink mask (any ink in a k x k block, so thin rules survive the downscale):
    horizontal rules are long horizontal ink runs; between two consecutive rules that overlap in
    x, the columns inked over nearly the whole row height are its vertical rules. Cells are found
    row by row, so merged cells (a section row spanning columns) come out as one cell."""
    arr = np.asarray(img if img.mode == "L" else img.convert("L"), dtype=np.uint8)
    if arr.size == 0 or int(arr.max()) - int(arr.min()) < 40:
        return []
    ink = arr < min(_otsu(arr[::2, ::2]), 200)  # the threshold from every 4th pixel: same value, 4x faster
    k = max(1, -(-max(ink.shape) // _GRID_SIDE))
    if ink.shape[0] // k < 10 or ink.shape[1] // k < 10:
        return []
    return _grid_cells(_pooled(ink, k), k, _estimated_dpi(img) / k)


def _may_hold_table(small: np.ndarray, level: int, orient: Orientation, scale: float) -> bool:
    """Whether the upright page may hold a ruled table, from the analysis copy `small` (gray, as
    scanned; `level` its Otsu threshold): `_grid_cells` on a lenient threshold (half way between
    Otsu's and white, so a hairline rule averaged away by the downscale still counts as ink).
    ~7 ms, against 17 ms for `table_cells` on a page of plain text; a false "yes" only costs that."""
    if small.size == 0 or int(small.max()) - int(small.min()) < 40:
        return False
    lenient = small < (min(level, 200) + 255) // 2
    mask = _upright_mask(lenient, orient)
    if mask.shape[0] < 20 or mask.shape[1] < 20:
        return False
    # not pooled further: at ~40 dpi a lenient threshold melts text lines into bars as long as rules
    return bool(_grid_cells(mask, 1, _dpi_of_width(mask.shape[1] / scale) * scale))


def _grid_cells(m: np.ndarray, k: int, dpi: float) -> list[tuple[int, int, int, int]]:
    """`table_cells` on a pooled ink mask `m` (k x k page pixels per pixel, `dpi` its own)."""
    h, w = m.shape
    # a rule left with a residual tilt steps by a pixel now and then: a 1 px dilation across it
    # keeps it one run
    across_h = m.copy()
    across_h[1:] |= m[:-1]
    across_h[:-1] |= m[1:]
    across_v = m.copy()
    across_v[:, 1:] |= m[:, :-1]
    across_v[:, :-1] |= m[:, 1:]
    rule_len = max(8, int(dpi * _GRID_RULE_MM / 25.4))
    long_h = _long_runs(across_h, rule_len)
    rules: list[tuple[int, int, int, int]] = []  # top, bottom, left, right (pooled pixels)
    for y0, y1 in _runs(long_h.sum(axis=1) >= rule_len):
        for x0, x1 in _runs(long_h[y0:y1].any(axis=0)):
            if x1 - x0 >= rule_len:
                rules.append((y0, y1, x0, x1))
    rules.sort()
    cells: list[tuple[int, int, int, int]] = []
    for i, (_, t1, a0, a1) in enumerate(rules):
        below = next((r for r in rules[i + 1:] if r[0] > t1
                      and min(a1, r[3]) - max(a0, r[2]) >= 0.5 * min(a1 - a0, r[3] - r[2])), None)
        if below is None:
            continue
        b0 = below[0]
        if b0 - t1 < 4:
            continue
        x0, x1 = max(0, max(a0, below[2]) - 2), min(w, min(a1, below[3]) + 2)
        cover = across_v[t1 + 1: b0 - 1, x0:x1].mean(axis=0)
        verts = [(x0 + s, x0 + e) for s, e in _runs(cover >= _GRID_COVER)]
        if len(verts) < 3:  # a box around a paragraph, an underline: not a table row
            continue
        for (_, l1), (r0, _) in zip(verts, verts[1:], strict=False):
            if r0 - l1 >= 3:
                cells.append((l1 * k, t1 * k, r0 * k, b0 * k))
    return cells


def _read_cells(crops: list[Image.Image], ocr: OcrSettings, dpi: int, psm: int) -> list[tuple[str, float, list[dict]]]:
    """Tesseract over lone cells, each as a text line (psm 7) or a word (psm 8): per crop (text,
    least word confidence 0..1, Tesseract's words with boxes in crop pixels).

    One Tesseract process for all of them: given a file listing images, Tesseract reads each as
    its own page in the same mode (the same words and confidences as one process per image), but
    loads its model once: 8 cells in 0.11 s instead of 0.78 s."""
    if not crops:
        return []
    with tempfile.TemporaryDirectory(prefix="kiemchung-cells-") as tmp:
        paths = []
        for i, crop in enumerate(crops):
            path = Path(tmp) / f"{i}.tif"
            crop.save(path, format="TIFF")
            paths.append(str(path))
        listing = Path(tmp) / "cells.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        config = f"--psm {psm} --dpi {dpi}"
        with _tesseract_slot(ocr.workers):
            try:
                data = pytesseract.image_to_data(str(listing), lang=ocr.languages, config=config,
                                                 output_type=pytesseract.Output.DICT, timeout=ocr.timeout_seconds)
            except RuntimeError as exc:  # pytesseract's timeout
                raise OcrTimeout(str(exc)) from exc
    found: list[list[dict]] = [[] for _ in crops]
    for i, raw in enumerate(data["text"]):
        text = normalize_text(raw or "").strip()
        conf = float(data["conf"][i])
        index = int(data["page_num"][i]) - 1
        if text and conf >= 0 and 0 <= index < len(crops):
            found[index].append({"text": text, "conf": conf / 100.0, "left": data["left"][i], "top": data["top"][i],
                                 "width": data["width"][i], "height": data["height"][i]})
    return [(" ".join(f["text"] for f in fs), min(f["conf"] for f in fs), fs) if fs else ("", 0.0, [])
            for fs in found]


def _without_specks(ink: np.ndarray, least: int) -> np.ndarray:
    """The ink without connected blots smaller than `least` pixels."""
    if not ink.any():
        return ink
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.view(np.uint8), connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= least
    keep[0] = False  # the background
    return keep[labels]


def _cell_crop(interior: np.ndarray, box: np.ndarray, margin: int, speck: int) -> Image.Image:
    """The cell's ink box binarized, on a white margin. The threshold sits near the paper
    (a fifth of the way to the darkest ink): the strokes of a lone digit stay whole. Measured on
    the scanned score table, raw gray crops read 4 of 10 hard cells right, an Otsu-like
    threshold 8, this one 12 of 14."""
    paper = float(np.median(interior))
    dark = float(np.percentile(box, 5))
    level = paper - 0.2 * (paper - dark)
    ink = _without_specks(box < level, speck)  # specks read as stray marks, or make the read empty
    out = np.full((box.shape[0] + 2 * margin, box.shape[1] + 2 * margin), 255, dtype=np.uint8)
    out[margin:margin + box.shape[0], margin:margin + box.shape[1]] = np.where(ink, 0, 255)
    return Image.fromarray(out, mode="L")


def _plain_number(text: str, conf: float, least: float = _CELL_CONF) -> bool:
    """A confident reading of a score or code: '3', '12', '0,5', '3.1' (a trailing '.' allowed)."""
    return conf >= least and bool(_NUMBER.match(text.rstrip(".,:")))


def _digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _numericish(text: str) -> bool:
    """A short read that may well be a misread number: digits, or signs no word is made of
    ('°', '&:', '€'); or a letter or two, which Tesseract makes of a lone digit ('B', 'Kồ')."""
    t = text.replace(" ", "")
    return 0 < len(t) <= _CELL_CHARS and (any(c.isdigit() for c in t) or not t.isalpha() or len(t) <= 2)


def _cell_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words).strip(_RULE_CHARS + " ")


def _reread_cells(page_img: Image.Image, words: list[Word], ocr: OcrSettings) -> tuple[list[Word], int]:
    """Re-read the short cells of ruled tables alone; returns the page words and the number of
    cells whose reading changed.

    Tesseract misreads lone characters in ruled cells (a score '3' comes out '2', '°', 'B' or
    nothing) although the scan is clean; a cell cropped inside its rules, binarized and read alone
    is read right. Only cells read as at most `_CELL_CHARS` characters (or nothing) while holding
    ink are re-read: all of them in line mode (one Tesseract process, `_read_cells`), then in word
    mode those not read as a sure number that look numeric (a digits whitelist changed nothing in
    line mode: the LSTM reads the same). A re-read replaces the cell's words only when it is a confident
    number (a sure one if it contradicts a number the page read), or a confident reading more
    confident than the page's. New words join the line of their row, so the page text and
    `selfassess.words_to_rows` keep the row together. On 168 rendered score/code cells: 160
    right, 1 wrong ('7.3' as '73'; the page's own '7.3' is then kept), 7 left as the page read."""
    cells = table_cells(page_img)
    if not cells or not words:
        return words, 0
    gray = page_img.convert("L")
    arr = np.asarray(gray, dtype=np.uint8)
    ink_level = min(_otsu(arr[::2, ::2]), 200)
    dpi = _estimated_dpi(page_img)
    inset = max(2, round(dpi * _CELL_INSET_MM / 25.4))
    margin = max(8, dpi // 20)
    min_ink = max(6, int(40 * (dpi / 300) ** 2))  # a lone '1' at 10 pt has ~100 ink pixels at 300 dpi
    speck = max(3, int(16 * (dpi / 300) ** 2))  # a decimal point at 10 pt: ~30 pixels at 300 dpi
    centers = [(w.left + w.width / 2, w.top + w.height / 2) for w in words]
    candidates = []
    for left, top, right, bottom in cells:
        if len(candidates) >= _CELL_MAX_READS:
            break
        inside = [i for i, (cx, cy) in enumerate(centers) if left <= cx < right and top <= cy < bottom]
        old = [words[i] for i in inside]
        old_text = _cell_text(old)
        if len(old_text.replace(" ", "")) > _CELL_CHARS:
            continue
        if old and all(w.conf >= 0.9 and _NUMBER.match(w.text) for w in old):
            continue  # a number read with confidence: nothing to gain
        x0, y0, x1, y1 = left + inset, top + inset, right - inset, bottom - inset
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        # specks (a speckled scan) would stretch the ink box to the whole cell and drown the digit:
        # the box is taken from blots of ink at least as big as a decimal point
        ys, xs = np.nonzero(_without_specks(arr[y0:y1, x0:x1] < ink_level, speck))
        if ys.size < min_ink:
            continue
        ink_box = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        bx0, by0, bx1, by1 = ink_box
        crop = _cell_crop(arr[y0:y1, x0:x1], arr[by0:by1, bx0:bx1], margin, speck)
        candidates.append(((top, bottom), inside, old_text, min((w.conf for w in old), default=0.0), crop, ink_box))
    line_reads = _read_cells([c[4] for c in candidates], ocr, dpi, 7)
    # Read as one word too: Tesseract's line mode misreads a lone '5' ('2', '3', 'R)') that word
    # mode gets right, but word mode drops decimal points ('5.2' -> '52').
    second = [i for i, (c, (text, conf, _)) in enumerate(zip(candidates, line_reads, strict=True))
              if not _plain_number(text, conf, _CELL_SURE_LINE) and (_numericish(c[2]) or _numericish(text) or not text)]
    word_reads = dict(zip(second, _read_cells([candidates[i][4] for i in second], ocr, dpi, 8), strict=True))
    drop: set[int] = set()
    added: list[Word] = []
    changed = 0
    for i, (band, inside, old_text, old_conf, _, (bx0, by0, _, by1)) in enumerate(candidates):
        text, conf, found = line_reads[i]
        if i in word_reads:
            wtext, wconf, wfound = word_reads[i]
            if (_plain_number(wtext, wconf) and _NUMBER.match(text.rstrip(".,:"))
                    and _digits_of(wtext) == _digits_of(text)):
                conf = max(conf, wconf)  # both modes read the same digits: the line read keeps its separator
            elif _plain_number(wtext, wconf, _CELL_SURE_LINE) and (
                    len(_digits_of(wtext)) == 1 or not wtext.rstrip(".,:").isdigit()):
                text, conf, found = wtext, wconf, wfound
            elif conf < _CELL_WORD_CONF:  # neither mode is sure: the page's reading stays
                continue
        if _plain_number(text, conf):
            if _NUMBER.match(old_text.rstrip(".,:")) and (
                    _digits_of(old_text) == _digits_of(text) or conf < _CELL_SURE or conf <= old_conf + 0.05):
                # The page read a number too: a lost or added separator is no news, and other
                # digits must come with a sure re-read ('5.2' at 0.58 was re-read '3.2' at 0.75).
                continue
            found = [dict(f, text=f["text"].rstrip(".,:")) for f in found]  # '3.': a speck after it
        elif not (text and conf >= _CELL_WORD_CONF and conf > old_conf):
            continue
        if " ".join(f["text"] for f in found) == old_text:
            continue
        ref = _row_word(words, inside, band, by0 + (by1 - by0) / 2)
        block, line = (ref.block, ref.line) if ref is not None else (0, 0)
        drop.update(inside)
        changed += 1
        for f in found:
            added.append(Word(text=f["text"], conf=round(f["conf"], 4), left=bx0 - margin + f["left"],
                              top=by0 - margin + f["top"], width=f["width"], height=f["height"],
                              block=block, line=line))
    if not added:
        return words, 0
    return _merge_words([w for i, w in enumerate(words) if i not in drop], added), changed


def _row_word(words: list[Word], exclude: list[int], band: tuple[int, int], cy: float) -> Word | None:
    """The word of the table row a re-read cell sits in: outside the cell, its middle inside the
    cell's height, nearest to the cell's text middle."""
    best = None
    for i, w in enumerate(words):
        if i in exclude:
            continue
        mid = w.top + w.height / 2
        if band[0] <= mid < band[1] and (best is None or abs(mid - cy) < abs(best.top + best.height / 2 - cy)):
            best = w
    return best


def _merge_words(kept: list[Word], added: list[Word]) -> list[Word]:
    """Re-read words into the page's reading order: into their row's line, by x; a word with no
    row found (line 0) gets a line of its own, after the page's words."""
    next_line = max((w.line for w in kept), default=0) + 1
    next_block = max((w.block for w in kept), default=0) + 1
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in kept:
        lines.setdefault((w.block, w.line), []).append(w)
    touched: set[tuple[int, int]] = set()
    orphans = []
    for w in added:
        if w.line == 0:
            orphans.append(w.model_copy(update={"block": next_block, "line": next_line}))
            next_line += 1
        else:
            lines.setdefault((w.block, w.line), []).append(w)
            touched.add((w.block, w.line))
    out: list[Word] = []
    for key, ws in lines.items():
        out.extend(sorted(ws, key=lambda w: w.left) if key in touched else ws)
    return out + orphans


def _mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _better(words: list[Word], than: list[Word]) -> bool:
    """More readable words read more confidently (the product: garbage from a page OCR'd upside
    down scores low on both)."""
    return _readable(words) * _mean_conf(words) > _readable(than) * _mean_conf(than)


def _reorient(img: Image.Image, page_img: Image.Image, orient: Orientation, words: list[Word], text: str,
              ocr: OcrSettings) -> tuple[Image.Image, Orientation, list[Word], str]:
    """Another orientation for a page the profile test uprighted but that reads poorly.

    The up/down vote fails on pages that are mostly ruled table and white space (the sample's
    last report page: upright, voted upside down, read at 0.44 confidence). The page is read
    turned 180°; when that is still poor, Tesseract's OSD is asked and its answer tried if it is
    a quarter turn. The better reading (`_better`) wins."""
    best = (page_img, orient, words, text)
    flipped = page_img.rotate(180)
    fwords, ftext = _ocr_variant(flipped, flipped, ocr)
    if _better(fwords, words):
        best = (flipped, Orientation((orient.rotation + 180) % 360, orient.skew, "flipped"), fwords, ftext)
    if _mean_conf(best[2]) < _LOW_PAGE_CONF:
        osd = _osd_rotation(img)
        if osd is not None and osd not in (orient.rotation, (orient.rotation + 180) % 360):
            gray, _ = _small_gray(img)
            o = Orientation(rotation=osd, skew=-_skew_after_turn(_ink(gray), osd), method="osd")
            oimg = upright(img, o)
            owords, otext = _ocr_variant(oimg, oimg, ocr)
            if _better(owords, best[2]):
                best = (oimg, o, owords, otext)
    return best


@dataclass
class OcrDetail:
    noisy: bool  # cleaned before the first pass
    retried: bool  # the first pass read (nearly) nothing: a second variant was tried
    reoriented: bool = False  # read poorly as uprighted by the profile test: another turn won
    cells: int = 0  # table cells whose reading a lone re-read changed
    denoised: bool = False  # read below `_DENOISE_CONF`: the median-filtered page read better


def ocr_image(img: Image.Image, settings: Settings, number: int = 1) -> Page:
    """OCR one page image: orientation, deskew, header columns, retry when it reads empty.

    Word boxes are in pixels of the upright, deskewed image (`Page.width` x `Page.height`);
    `Page.ocr_confidence` is the mean word confidence (0..1), None when nothing was read."""
    return ocr_image_detail(img, settings, number)[0]


def _paper_box(arr: np.ndarray, scale: float) -> tuple[int, int, int, int] | None:
    """The sheet's box in page pixels when the analysis copy `arr` shows paper on a dark table."""
    h, w = arr.shape
    if h < 50 or w < 50 or int(arr.max()) - int(arr.min()) < 60:
        return None
    bright = arr > _otsu(arr)
    fy, fx = max(2, h // 40), max(2, w // 40)
    frame = np.concatenate([bright[:fy].ravel(), bright[-fy:].ravel(), bright[:, :fx].ravel(),
                            bright[:, -fx:].ravel()])
    if frame.mean() > 0.5 or bright.mean() < 0.3:
        return None
    rows = np.nonzero(bright.mean(axis=1) > 0.5)[0]
    cols = np.nonzero(bright.mean(axis=0) > 0.5)[0]
    if len(rows) < h * 0.3 or len(cols) < w * 0.3:
        return None
    inset = 0.01
    top, bottom = rows[0] + h * inset, rows[-1] + 1 - h * inset
    left, right = cols[0] + w * inset, cols[-1] + 1 - w * inset
    return tuple(int(round(v / scale)) for v in (left, top, right, bottom))


@dataclass
class _Analysis:
    """A page image and its analysis copy: one downscale and one threshold serve the paper crop,
    the noise check, orientation, skew, the header cut and the ink boxes."""
    gray: Image.Image  # the page in gray, full resolution
    small: Image.Image  # about `_ANALYSIS_SIDE` px on the long side
    scale: float  # small / full
    level: int  # Otsu's threshold of `small`
    mask: np.ndarray  # ink of `small`


def _analyse(gray: Image.Image) -> _Analysis:
    small, scale = _small_gray(gray)
    level = _otsu(np.asarray(small))
    return _Analysis(gray, small, scale, level, _ink(small, level))


def _upright_mask(mask: np.ndarray, orient: Orientation) -> np.ndarray:
    """The analysis mask turned as `upright` turns the page (nearest neighbour: it stays binary)."""
    turned = np.ascontiguousarray(np.rot90(mask, k=-(orient.rotation // 90))) if orient.rotation else mask
    if abs(orient.skew) < 0.1:
        return turned
    return _rotated_mask(_as_image(turned), -orient.skew)


def ocr_image_detail(img: Image.Image, settings: Settings, number: int = 1) -> tuple[Page, OcrDetail]:
    """`ocr_image` plus what was done to read the page."""
    ocr = settings.ocr
    page = _analyse(fit_pixels(img if img.mode == "L" else img.convert("L")))
    paper = _paper_box(np.asarray(page.small, dtype=np.uint8), page.scale)
    if paper is not None:
        page = _analyse(ImageOps.autocontrast(page.gray.crop(paper), cutoff=0.5))
    ink, speckle, isolated = _noise(page.mask)
    # Speckle alone also counts the thin strokes of small print (a score table in 11 pt: 0.62) that
    # the median removes; salt and pepper is told by its lone pixels (clean pages <= 0.02, noise 0.6+).
    noisy = (speckle > 0.5 and isolated > _ISOLATED_NOISE) or ink > 0.15
    if noisy:  # clean first: speckle also fools the orientation and skew profiles
        page = _analyse(_clean_for_retry(page.gray))
    img = page.gray
    orient = _orientation(page.mask, img, osd_fallback=True)
    page_img = upright(img, orient)
    regions: list[Region] = []
    if ink < _BLANK_INK:
        words, text = [], ""
    else:
        regions = page_regions(_upright_mask(_despeckled(page.mask), orient), page.scale, page_img.size)
        words, text = _ocr_regions(page_img, regions, page_img, ocr)
    retried = False
    if _readable(words) < _MIN_WORDS and ink > 0.002:
        retried = True
        if noisy:  # cleaned already: try it at half size, where speckle melts into the background
            half = page_img.resize((page_img.width // 2, page_img.height // 2), Image.LANCZOS)
            variant = _clean_for_retry(half)
        else:
            variant = _clean_for_retry(page_img)
        rwords, rtext = _ocr_variant(variant, page_img, ocr)
        if _readable(rwords) > _readable(words):
            words, text = rwords, rtext
    denoised = False
    if words and regions and _LOW_PAGE_CONF <= _mean_conf(words) < _DENOISE_CONF:
        smooth = _median(page_img)
        mwords, mtext = _ocr_regions(smooth, regions, smooth, ocr)
        if _better(mwords, words):
            page_img, words, text, denoised = smooth, mwords, mtext, True
    reoriented = False
    if words and orient.method == "profile" and _mean_conf(words) < _LOW_PAGE_CONF:
        before = orient
        page_img, orient, words, text = _reorient(img, page_img, orient, words, text, ocr)
        reoriented = orient is not before
    cells = 0
    if reoriented or _may_hold_table(np.asarray(page.small), page.level, orient, page.scale):
        words, cells = _reread_cells(page_img, words, ocr)
    # Handwritten number and day in the header's printed blanks: read by their own digit reader.
    words, blank_readings = reread_blanks(page_img, words, ocr.languages)
    if cells or blank_readings:
        text = _text_of(words)
    confs = [w.conf for w in words]
    result = Page(
        number=number,
        text=text,
        source=TextSource.OCR,
        ocr_confidence=round(sum(confs) / len(confs), 4) if confs else None,
        rotation=orient.rotation,
        skew=round(orient.skew, 2),
        words=words,
        image_hash=str(imagehash.phash(page_img.reduce(4) if min(page_img.size) >= 256 else page_img)),
        width=page_img.width,
        height=page_img.height,
        blanks=blank_readings,
    )
    return result, OcrDetail(noisy=noisy, retried=retried, reoriented=reoriented, cells=cells, denoised=denoised)


def ocr_pages(
    loaders: Sequence[Callable[[], Image.Image]], settings: Settings, first_number: int = 1
) -> list[Page]:
    """OCR several pages of one file with a pool of `settings.ocr.workers` threads.

    Pages are given as loaders (render on demand) so a 300-page scan never sits in memory at
    once; the process-wide semaphore keeps the Tesseract count bounded across concurrent files."""

    def run(i: int) -> Page:
        img = loaders[i]()
        try:
            return ocr_image(img, settings, number=first_number + i)
        finally:
            img.close()

    workers = max(1, min(settings.ocr.workers, len(loaders)))
    if workers == 1:
        return [run(i) for i in range(len(loaders))]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        return list(pool.map(run, range(len(loaders))))

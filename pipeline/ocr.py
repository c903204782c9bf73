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

Tesseract runs as a subprocess; a module-level semaphore keeps at most `settings.ocr.workers`
of them alive in this process whatever number of threads asks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image, ImageFilter, ImageOps

from pipeline.config import OcrSettings, Settings
from pipeline.model import Page, TextSource, Word
from pipeline.normalize import normalize_text

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # measured 9x faster on these machines

_ANALYSIS_SIDE = 1000  # long side (px) of the downscaled copy used for orientation/skew/layout
_SKEW_RANGE = 4.0
_MIN_WORDS = 3  # fewer readable words than this on an inked page: retry cleaned up
_RETRY_MAX_SIDE = 2600
_RULE_RUN = 20  # px of the analysis copy: longer straight ink runs are table rules, not strokes
_BLANK_INK = 0.0005  # share of ink pixels below which a page is blank (no OCR, no OSD)

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _tesseract_slot(workers: int) -> threading.BoundedSemaphore:
    """The process-wide bound on concurrent Tesseract processes. One run uses one `workers`
    value, so every file's pool shares the same semaphore."""
    workers = max(1, workers)
    with _slots_lock:
        if workers not in _slots:
            _slots[workers] = threading.BoundedSemaphore(workers)
        return _slots[workers]


class OcrTimeout(RuntimeError):
    """Tesseract did not finish a page within `settings.ocr.timeout_seconds`."""


# ---- image analysis (numpy on a downscaled copy) ------------------------------------------


def _small_gray(img: Image.Image) -> tuple[Image.Image, float]:
    gray = img.convert("L")
    scale = min(1.0, _ANALYSIS_SIDE / max(gray.size))
    if scale < 1.0:
        gray = gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale))), Image.BILINEAR)
    return gray, scale


def _otsu(arr: np.ndarray) -> int:
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
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


def _ink(gray: Image.Image) -> np.ndarray:
    """Boolean ink mask (dark pixels) by Otsu's threshold; a nearly blank page stays nearly empty."""
    arr = np.asarray(gray, dtype=np.uint8)
    t = _otsu(arr)
    if arr.max() - arr.min() < 40:  # no contrast at all: a blank sheet
        return np.zeros(arr.shape, dtype=bool)
    return arr < min(t, 200)


def _sharpness(mask: np.ndarray) -> float:
    """How strongly the row profile alternates between lines and gaps (scale-free)."""
    rows = mask.sum(axis=1).astype(np.float64)
    total = rows.sum()
    if total == 0:
        return 0.0
    return float(np.square(np.diff(rows)).sum() / (total * total) * mask.shape[1])


def _mask_image(gray: Image.Image) -> Image.Image:
    """The ink mask as an image (255 = ink), binarized once so trial rotations skip thresholding."""
    return Image.fromarray((_ink(gray) * 255).astype(np.uint8), mode="L")


def _rotated_mask(mask_img: Image.Image, angle: float) -> np.ndarray:
    if angle:
        mask_img = mask_img.rotate(angle, resample=Image.NEAREST, expand=True, fillcolor=0)
    return np.asarray(mask_img) > 127


_COARSE = ((1.0, _SKEW_RANGE),)
_FINE = ((0.25, 0.75), (0.1, 0.15))


def _best_skew(mask_img: Image.Image, stages=_COARSE + _FINE, start: tuple[float, float] | None = None
               ) -> tuple[float, float]:
    """(angle, sharpness): the CCW rotation within ±4° that makes text lines horizontal.
    Coarse 1° steps, then 0.25°, then 0.1° around the best."""
    best = start or (0.0, _sharpness(_rotated_mask(mask_img, 0.0)))
    for step, span in stages:
        center = best[0]
        for angle in np.arange(center - span, center + span + 1e-9, step):
            angle = round(float(angle), 2)
            if abs(angle - center) < 1e-9 or abs(angle) > _SKEW_RANGE + 0.5:
                continue
            s = _sharpness(_rotated_mask(mask_img, angle))
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


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels lying in a horizontal run of ink at least `length` long."""
    h, w = mask.shape
    if w < length:
        return np.zeros_like(mask)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # the window starting at x is all ink
    # spread each full window over the pixels it covers (+1 at its start, -1 past its end)
    marks = np.zeros((h, w + 1), dtype=np.int32)
    marks[:, : w - length + 1] += full
    marks[:, length: w + 1] -= full
    return np.cumsum(marks[:, :w], axis=1) > 0


def _without_rules(mask: np.ndarray, length: int = _RULE_RUN) -> np.ndarray:
    return mask & ~_long_runs(mask, length) & ~_long_runs(mask.T, length).T


def _upside_down_vote(mask: np.ndarray) -> float:
    """> 0 when the lines look upright (more ink above the x-height core than below), < 0 when
    upside down; magnitude ≈ confidence (share of ink difference)."""
    above = below = 0.0
    for top, bottom in _line_bands(mask):
        if bottom - top < 4:
            continue
        prof = mask[top:bottom].sum(axis=1).astype(np.float64)
        core = np.nonzero(prof >= 0.5 * prof.max())[0]
        c0, c1 = core[0], core[-1] + 1
        above += prof[:c0].sum()
        below += prof[c1:].sum()
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
    mask0 = _mask_image(gray)
    if (np.asarray(mask0) > 127).mean() < _BLANK_INK:
        return Orientation(rotation=0, skew=0.0, method="blank")
    # coarse search both ways, the fine search only for the winner
    coarse0 = _best_skew(mask0, _COARSE)
    mask90 = mask0.rotate(90, expand=True, fillcolor=0)
    coarse90 = _best_skew(mask90, _COARSE)
    if coarse90[1] > coarse0[1]:
        (skew90, sharp90), (skew0, sharp0) = _best_skew(mask90, _FINE, coarse90), coarse0
    else:
        (skew0, sharp0), (skew90, sharp90) = _best_skew(mask0, _FINE, coarse0), coarse90
    # Table rules are neither ascenders nor descenders, and vertical rules would merge every row
    # into one band: the up/down vote looks at the mask without long straight runs of ink. They
    # are removed before deskewing, where a slanted rule is still long runs, not aliased dashes.
    letters = Image.fromarray((_without_rules(np.asarray(mask0) > 127) * 255).astype(np.uint8), mode="L")
    if sharp90 > sharp0:
        base, skew = 90, skew90  # text runs vertically: turned a quarter
        letters = letters.rotate(90, expand=True, fillcolor=0)
    else:
        base, skew = 0, skew0
    vote = _upside_down_vote(_rotated_mask(letters, skew))
    if abs(vote) < 0.08 and osd_fallback:
        osd = _osd_rotation(img)
        if osd is not None:
            upright_mask = mask0.rotate(-osd, expand=True, fillcolor=0) if osd else mask0
            return Orientation(rotation=osd, skew=-_best_skew(upright_mask)[0], method="osd")
    # `base` (+180 when upside down) is the CCW turn that uprights the image; OSD's convention
    # (and Page.rotation's) is the page's own turn, i.e. the clockwise correction.
    ccw = (base + (180 if vote < 0 else 0)) % 360
    return Orientation(rotation=(360 - ccw) % 360, skew=-skew, method="profile")


def _osd_rotation(img: Image.Image) -> int | None:
    try:
        with _tesseract_slot(min(_slots, default=2)):
            osd = pytesseract.image_to_osd(img.convert("L"), config="--psm 0", output_type=pytesseract.Output.DICT)
        return int(osd.get("rotate", 0)) % 360
    except (pytesseract.TesseractError, RuntimeError, ValueError):
        return None


def upright(img: Image.Image, orient: Orientation) -> Image.Image:
    """The page turned upright and deskewed (expanded: no corner of the page is cut off)."""
    out = img.convert("L")
    if orient.rotation:
        out = out.rotate(-orient.rotation, expand=True, fillcolor=255)
    if abs(orient.skew) >= 0.1:  # bilinear: 0.1 s a page against bicubic's 0.28, same CER
        out = out.rotate(-orient.skew, resample=Image.BILINEAR, expand=True, fillcolor=255)
    return out


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
    `header_band`), else [whole page]."""
    gray, scale = _small_gray(img)
    mask = _ink(gray)
    h, w = mask.shape
    whole = [Region((0, 0, img.width, img.height))]
    lines = [(float(t), float(b), mask[t:b].any(axis=0)) for t, b in _line_bands(mask) if b - t >= 3]
    band = header_band(lines, w, h)
    if band is None:
        return whole
    _, cut_small, split_small = band
    cut = int(cut_small / scale)
    split_y = min(img.height, int(split_small / scale))
    return [
        Region((0, 0, cut, split_y)),
        Region((cut, 0, img.width, split_y)),
        Region((0, split_y, img.width, img.height)),
    ]


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
    """Resolution from the page width (A4 is 8.27 in wide; the composite adds thin margins).

    PGM carries no resolution and Tesseract then assumes 70 dpi, which mis-sizes its character
    heuristics: on scanned score tables 5/34 digits survived without `--dpi`, 25/34 with it."""
    return max(100, min(600, round(img.width / 8.27)))


def _run_tesseract(img: Image.Image, ocr: OcrSettings, psm: int = 3) -> dict:
    # pytesseract writes the image to a temporary file: uncompressed PGM, not PNG, whose
    # encoding cost ~0.35 s a page
    img.format = "PPM"
    config = f"--psm {psm} --dpi {_estimated_dpi(img)}"
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
    return words, normalize_text("".join(parts))


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


def _noise(img: Image.Image) -> tuple[float, float]:
    """(ink share, speckle share) of the downscaled page: the share of ink pixels a 3x3 median
    filter removes. Clean text pages measure ~0.2 speckle and < 0.1 ink; photocopier salt and
    pepper pushes both up, and Tesseract then crawls (40 s on such a page) and reads garbage."""
    gray, _ = _small_gray(img)
    mask = _ink(gray)
    ink = int(mask.sum())
    if ink == 0:
        return 0.0, 0.0
    filtered = np.asarray(Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.MedianFilter(3))) > 127
    return ink / mask.size, 1.0 - float((mask & filtered).sum()) / ink


def _readable(words: list[Word]) -> int:
    return sum(1 for w in words if w.conf >= 0.5 and sum(c.isalnum() for c in w.text) >= 2)


def _ocr_variant(variant: Image.Image, page_img: Image.Image, ocr: OcrSettings) -> tuple[list[Word], str]:
    """OCR `variant` (the page, or a cleaned/rescaled copy of it) with the header split; word
    boxes in pixels of `page_img`."""
    composite, offsets = _compose(variant, header_regions(variant))
    words, text = _words_and_text(_run_tesseract(composite, ocr), offsets)
    f = variant.width / page_img.width
    if abs(f - 1.0) > 1e-6:
        for w in words:
            w.left, w.top = int(w.left / f), int(w.top / f)
            w.width, w.height = int(w.width / f), int(w.height / f)
    return words, text


@dataclass
class OcrDetail:
    noisy: bool  # cleaned before the first pass
    retried: bool  # the first pass read (nearly) nothing: a second variant was tried


def ocr_image(img: Image.Image, settings: Settings, number: int = 1) -> Page:
    """OCR one page image: orientation, deskew, header columns, retry when it reads empty.

    Word boxes are in pixels of the upright, deskewed image (`Page.width` x `Page.height`);
    `Page.ocr_confidence` is the mean word confidence (0..1), None when nothing was read."""
    return ocr_image_detail(img, settings, number)[0]


def crop_to_paper(img: Image.Image) -> Image.Image:
    """A phone photo shows the sheet on a darker table: cut the image to the sheet.

    Otherwise the dark surround is taken for ink, which fools orientation, skew and Tesseract's
    binarization alike. Only acts when the image's frame is mostly dark and a bright region
    (the paper) fills a good part of it; scans (white to the edge) come back unchanged."""
    gray, scale = _small_gray(img)
    arr = np.asarray(gray, dtype=np.uint8)
    h, w = arr.shape
    if h < 50 or w < 50 or int(arr.max()) - int(arr.min()) < 60:
        return img
    bright = arr > _otsu(arr)
    fy, fx = max(2, h // 40), max(2, w // 40)
    frame = np.concatenate([bright[:fy].ravel(), bright[-fy:].ravel(), bright[:, :fx].ravel(),
                            bright[:, -fx:].ravel()])
    if frame.mean() > 0.5 or bright.mean() < 0.3:
        return img
    rows = np.nonzero(bright.mean(axis=1) > 0.5)[0]
    cols = np.nonzero(bright.mean(axis=0) > 0.5)[0]
    if len(rows) < h * 0.3 or len(cols) < w * 0.3:
        return img
    inset = 0.01
    top, bottom = rows[0] + h * inset, rows[-1] + 1 - h * inset
    left, right = cols[0] + w * inset, cols[-1] + 1 - w * inset
    box = tuple(int(round(v / scale)) for v in (left, top, right, bottom))
    return ImageOps.autocontrast(img.convert("L").crop(box), cutoff=0.5)


def ocr_image_detail(img: Image.Image, settings: Settings, number: int = 1) -> tuple[Page, OcrDetail]:
    """`ocr_image` plus what was done to read the page."""
    import imagehash

    ocr = settings.ocr
    img = crop_to_paper(img)
    ink, speckle = _noise(img)
    noisy = speckle > 0.5 or ink > 0.15
    if noisy:  # clean first: speckle also fools the orientation and skew profiles
        img = _clean_for_retry(img)
    orient = detect_orientation(img)
    page_img = upright(img, orient)
    if ink < _BLANK_INK:
        words, text = [], ""
    else:
        words, text = _ocr_variant(page_img, page_img, ocr)
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
    confs = [w.conf for w in words]
    page = Page(
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
    )
    return page, OcrDetail(noisy=noisy, retried=retried)


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

"""Orientation (0/90/180/270) and skew from projection profiles of the analysis mask (OSD only when
unsure), and the page turned upright and deskewed."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from pipeline.extract.ocr import tesseract
from pipeline.extract.ocr.analysis import (
    BLANK_INK,
    as_image,
    despeckled,
    ink_mask,
    line_bands,
    long_runs,
    rotated_mask,
    small_gray,
)

# A feeder turns a page by up to a few degrees; a page laid crooked on the glass by more. Angles past
# `_FEEDER_RANGE`, up to `_SKEW_RANGE`, are taken only when a profile of `_CONFIRM_STRIPS` narrower strips
# agrees (`_crooked`): at 8° the 32 strips' shifted rows line up with the next text lines (rd03 as delivered
# scored 0.104 at +8° against 0.100 upright), and 64 strips everywhere made a ruled table's columns win a
# quarter turn.
_FEEDER_RANGE = 4.0
_SKEW_RANGE = 8.0
_CONFIRM_STRIPS = 64
_RULE_RUN_MM = 6.0  # longer straight ink runs are table rules, not strokes (blurred letters merge)


@dataclass
class Orientation:
    rotation: int  # clockwise degrees applied to make the page upright (Tesseract OSD convention)
    skew: float  # detected tilt, degrees counter-clockwise; the page was turned back by it
    method: str  # "profile" or "osd"


def detect_orientation(img: Image.Image, osd_fallback: bool = True) -> Orientation:
    """Orientation and skew of a page image, from projection profiles (OSD only when unsure)."""
    gray, _ = small_gray(img)
    return of_mask(ink_mask(gray), img, osd_fallback)


def of_mask(mask: np.ndarray, img: Image.Image, osd_fallback: bool) -> Orientation:
    """`detect_orientation` on the analysis copy's ink mask (`img`: the page, for OSD)."""
    if mask.mean() < BLANK_INK:
        return Orientation(rotation=0, skew=0.0, method="blank")
    # coarse search both ways, the fine search only for the winner
    p0 = profiles(mask)
    p90 = profiles(np.ascontiguousarray(np.rot90(mask)))
    coarse0, coarse90 = best_skew(p0, _COARSE), best_skew(p90, _COARSE)
    if coarse90[1] > coarse0[1]:
        (skew90, sharp90), (skew0, sharp0) = best_skew(p90, _FINE, coarse90), coarse0
    else:
        (skew0, sharp0), (skew90, sharp90) = best_skew(p0, _FINE, coarse0), coarse90
    # Table rules are neither ascenders nor descenders, and vertical rules would merge every row
    # into one band: the up/down vote looks at the mask without long straight runs of ink. They
    # are removed before deskewing, where a slanted rule is still long runs, not aliased dashes.
    letters = _without_rules(despeckled(mask))
    if sharp90 > sharp0:
        base, skew = 90, skew90  # text runs vertically: turned a quarter
        letters = np.ascontiguousarray(np.rot90(letters))
    else:
        base, skew = 0, skew0
    # A quarter turn won narrowly, or only at the edge of the skew range, where no line is
    # straight: a page of a few short centred lines (a header alone) has column structure as
    # strong as its rows (a real header rendered alone: 0.558 at 4° against 0.533 upright, read
    # sideways). OSD decides such pages.
    doubtful_turn = base == 90 and (sharp90 < _QUARTER_MARGIN * sharp0 or abs(skew90) >= _FEEDER_RANGE)
    vote = _upside_down_vote(rotated_mask(as_image(letters), skew))
    if (abs(vote) < 0.08 or doubtful_turn) and osd_fallback:
        osd = tesseract.osd_rotation(img)
        if osd is not None:
            return Orientation(rotation=osd, skew=-skew_after_turn(mask, osd), method="osd")
    # `base` (+180 when upside down) is the CCW turn that uprights the image; OSD's convention
    # (and Page.rotation's) is the page's own turn, i.e. the clockwise correction.
    ccw = (base + (180 if vote < 0 else 0)) % 360
    return Orientation(rotation=(360 - ccw) % 360, skew=-skew, method="profile")


def skew_after_turn(mask: np.ndarray, rotation: int) -> float:
    """The skew angle of the mask once turned clockwise by `rotation` degrees."""
    turned = np.ascontiguousarray(np.rot90(mask, k=-(rotation // 90)))
    return best_skew(profiles(turned))[0]


def upright(img: Image.Image, orient: Orientation) -> Image.Image:
    """The page turned upright and deskewed (expanded: no corner of the page is cut off)."""
    out = img if img.mode == "L" else img.convert("L")
    if orient.rotation:
        out = out.rotate(-orient.rotation, expand=True, fillcolor=255)
    if abs(orient.skew) >= 0.1:
        out = deskewed(out, -orient.skew)
    return out


def upright_mask(mask: np.ndarray, orient: Orientation) -> np.ndarray:
    """The analysis mask turned as `upright` turns the page (nearest neighbour: it stays binary)."""
    turned = np.ascontiguousarray(np.rot90(mask, k=-(orient.rotation // 90))) if orient.rotation else mask
    if abs(orient.skew) < 0.1:
        return turned
    return rotated_mask(as_image(turned), -orient.skew)


def deskewed(gray: Image.Image, angle: float) -> Image.Image:
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


@dataclass
class _Profiles:
    """Row profiles of a mask's vertical strips: what a skew search needs, without rotating.

    Turning the page by a small angle moves each strip's rows by -x·tan(angle) (x: the strip's
    centre from the middle), so the row profile of the turned page is the sum of the shifted strip
    profiles. A trial angle costs ~0.1 ms instead of a 2.5 ms rotation of the mask."""
    strips: np.ndarray  # (strips, rows) ink pixels per row in each strip
    centers: np.ndarray  # strip centres' x from the middle of the mask
    width: int
    mask: np.ndarray  # the mask itself, for a finer profile (`_crooked`)


_STRIPS = 32


def profiles(mask: np.ndarray, strips: int = _STRIPS) -> _Profiles:
    h, w = mask.shape
    n = max(1, min(strips, w // 8))
    edges = np.linspace(0, w, n + 1).astype(np.intp)
    sums = np.add.reduceat(mask.view(np.uint8), edges[:-1], axis=1, dtype=np.int32).T.astype(np.float64)
    return _Profiles(sums, (edges[:-1] + edges[1:]) / 2.0 - w / 2.0, w, mask)


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


_COARSE = ((1.0, _FEEDER_RANGE),)
# the coarse trials past a feeder's range, both ways
_CROOKED = [float(a) for k in range(int(_FEEDER_RANGE) + 1, int(_SKEW_RANGE) + 1) for a in (k, -k)]
# A quarter turn is taken from the profiles alone when its rows are this much sharper than the
# upright page's; closer calls go to OSD (see `of_mask`).
_QUARTER_MARGIN = 1.25
_FINE = ((0.25, 0.75), (0.1, 0.15))


def best_skew(p: _Profiles, stages=_COARSE + _FINE, start: tuple[float, float] | None = None
               ) -> tuple[float, float]:
    """(angle, sharpness): the CCW rotation within ±`_SKEW_RANGE` that makes text lines horizontal.
    Coarse 1° steps (past `_FEEDER_RANGE` only when `_crooked` confirms), then 0.25°, then 0.1° around the best."""
    best = start or (0.0, _sharpness(p))
    for stage in stages:
        step, span = stage
        center = best[0]
        limit = (_SKEW_RANGE if abs(center) > _FEEDER_RANGE else _FEEDER_RANGE) + 0.5
        for angle in np.arange(center - span, center + span + 1e-9, step):
            angle = round(float(angle), 2)
            if abs(angle - center) < 1e-9 or abs(angle) > limit:
                continue
            s = _sharpness(p, angle)
            if s > best[1]:
                best = (angle, s)
        if stage in _COARSE:
            best = _crooked(p, best)
    return best


def _crooked(p: _Profiles, near: tuple[float, float]) -> tuple[float, float]:
    """The best coarse angle past a feeder's range when it beats `near` (the best within it) on the profile
    and again on a profile of `_CONFIRM_STRIPS` strips, where an alias of the lines falls apart; else `near`."""
    far = max(((a, _sharpness(p, a)) for a in _CROOKED), key=lambda t: t[1])
    if far[1] <= near[1]:
        return near
    fine = profiles(p.mask, _CONFIRM_STRIPS)
    return far if _sharpness(fine, far[0]) > _sharpness(fine, near[0]) else near


def _without_rules(mask: np.ndarray) -> np.ndarray:
    """The mask without straight runs longer than `_RULE_RUN_MM` (the mask of an A4 page)."""
    length = max(5, round(_RULE_RUN_MM / 25.4 * max(mask.shape) / 11.69))
    return mask & ~long_runs(mask, length, axis=1) & ~long_runs(mask, length, axis=0)


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
        for top, bottom in line_bands(part):
            if bottom - top < 4:
                continue
            prof = part[top:bottom].sum(axis=1).astype(np.float64)
            core = np.nonzero(prof >= 0.5 * prof.max())[0]
            above += prof[: core[0]].sum()
            below += prof[core[-1] + 1:].sum()
    if above + below == 0:
        return 0.0
    return (above - below) / (above + below)

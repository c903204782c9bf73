"""Dotted leaders in a header's blanks ("Số: ........./QĐ-UBND", "ngày ......... tháng"), erased
before the page is read.

A form's dots are where the number and the day are written by hand. Written over them, the pen's
digits and the dots make one long, ragged word for Tesseract, which then loses the printed anchors
around them too: on handwriting-font headers over dots (24 pages) OCR read the number 13 times and
the day 7, against 20 and 20 without dots. Erased, the blank is blank space again, as in the
Nghị định 30 template, and the blank reader (`blanks.py`) reads the pen as it does there.

A leader is a run of at least `MIN_DOTS` small solid specks on one baseline, of like size and evenly
spaced; a period, an ellipsis or the dots of "i" and of Vietnamese marks never make such a run.
Only the header zone (`ZONE`) is searched: blanks are there, and the body's text is left as read.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

ZONE = 0.45  # the top share of the page where headers (and their blanks) are
MIN_DOTS = 5
# A dot is at most this share of the page width (a 13 pt period at 300 dpi is ~7 px of 2480) and
# at least this many pixels (speckle is cleaned before)
DOT_MAX_WIDTH = 0.006
DOT_MIN_PIXELS = 2
DOT_FILL = 0.45  # share of its box a solid dot inks
SPACING_MIN, SPACING_MAX = 1.2, 12.0  # centre-to-centre distance, in dot widths (pen-covered dots missing)
MAX_SKIPPED = 4  # dots in a row the pen may cover
MIN_PITCH_STEPS = 3  # single steps a leader has, at least
SPACING_SPREAD = 0.12  # the spacing's standard deviation over its mean, at most (printed dots: < 0.05)
SIZE_SPREAD = 1.4  # the largest dot of a leader over its smallest, at most
INK = 128  # gray level under which a pixel is ink
RIM = 224  # ... and under which it is a dot's anti-aliased rim
POOL, POOL_MIN_WIDTH = 2, 2000  # pages this wide (250 dpi and more) are searched at half size


def leader_dots(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The dots (x, y, w, h) of every leader in `ink` (a page's header zone, 1 where inked)."""
    n, _labels, stats, _centroids = cv2.connectedComponentsWithStatsWithAlgorithm(ink, 8, cv2.CV_32S, cv2.CCL_BOLELLI)
    largest = max(DOT_MIN_PIXELS + 1, int(DOT_MAX_WIDTH * ink.shape[1]))
    dots = [tuple(int(v) for v in stats[i][:4]) for i in range(1, n)
            if DOT_MIN_PIXELS <= stats[i][2] <= largest and DOT_MIN_PIXELS <= stats[i][3] <= largest
            and 2 / 3 <= stats[i][2] / stats[i][3] <= 1.5 and stats[i][4] >= DOT_FILL * stats[i][2] * stats[i][3]]
    def capped(d: tuple[int, int, int, int], above: float) -> bool:
        """Ink within `above` dot heights right over the dot."""
        return bool(ink[max(0, d[1] - int(above * d[3])): max(0, d[1] - 1), d[0]: d[0] + d[2]].any())

    # a letter cut by the zone's lower edge leaves specks along it: not dots
    dots = sorted((d for d in dots if d[1] + d[3] < ink.shape[0] - 1), key=lambda d: d[0])

    found: list[tuple[int, int, int, int]] = []
    used: set[int] = set()
    for i, first in enumerate(dots):
        if i in used:
            continue
        run, last = [i], first
        for j in range(i + 1, len(dots)):
            if j in used:
                continue
            d = dots[j]
            size = max(last[2], last[3])
            gap = (d[0] + d[2] / 2) - (last[0] + last[2] / 2)
            if gap > SPACING_MAX * size:
                break
            same_base = abs((d[1] + d[3]) - (last[1] + last[3])) <= max(2, size // 2)
            alike = max(d[2], d[3]) <= 1.6 * size and size <= 1.6 * max(d[2], d[3])
            if same_base and alike and gap >= SPACING_MIN * size:
                run.append(j)
                last = d
        # "Số:" lends its colon's lower dot to the run's start: a run ends in free dots
        while run and capped(dots[run[0]], 2.5):
            run.pop(0)
        while run and capped(dots[run[-1]], 2.5):
            run.pop()
        if len(run) >= MIN_DOTS:
            sizes = [max(dots[k][2], dots[k][3]) for k in run]
            if _evenly_spaced([dots[k][0] + dots[k][2] / 2 for k in run]) and max(sizes) <= SIZE_SPREAD * min(sizes):
                used.update(run)
                found.extend(dots[k] for k in run)
    return found


def _evenly_spaced(centres: list[float]) -> bool:
    """Dots at one pitch, some missing where the pen wrote over them (those merge into its strokes):
    every step a whole number of pitches, at least `MIN_PITCH_STEPS` of them single."""
    steps = np.diff(centres)
    pitch = float(np.median(steps[steps <= 1.5 * steps.min()]))
    multiples = steps / pitch
    k = np.rint(multiples)
    return bool((k >= 1).all() and (k <= MAX_SKIPPED + 1).all()
                and (np.abs(multiples - k) <= SPACING_SPREAD * k).all() and (k == 1).sum() >= MIN_PITCH_STEPS)


def erase_leaders(img: Image.Image) -> tuple[Image.Image, int]:
    """The page with its header zone's dotted leaders painted over in the paper's colour, and how
    many dots were erased (0: the page itself, untouched)."""
    gray = np.asarray(img if img.mode == "L" else img.convert("L"))
    zone = gray[: int(ZONE * gray.shape[0])]
    # Labelling costs ~25 ms on a 300 dpi header zone: it is done on a half-size copy, a cell inked
    # where any of its four pixels is (a 300 dpi period keeps 3-4 px of its 7)
    f = POOL if gray.shape[1] >= POOL_MIN_WIDTH else 1
    h, w = zone.shape[0] // f * f, zone.shape[1] // f * f
    inked = zone[:h, :w] < INK
    ink = np.zeros((h // f, w // f), dtype=bool)
    for dy in range(f):
        for dx in range(f):
            ink |= inked[dy::f, dx::f]
    ink = ink.view(np.uint8)
    dots = leader_dots(ink)
    if not dots:
        return img, 0
    out = gray.copy()
    paper = int(np.percentile(zone, 90))
    for x, y, dw, dh in dots:
        # the dot alone is in its box: its pixels and their anti-aliased rim take the paper's colour
        box = out[max(0, y * f - 1): (y + dh) * f + 1, max(0, x * f - 1): (x + dw) * f + 1]
        box[box < RIM] = paper
    return Image.fromarray(out, mode="L"), len(dots)

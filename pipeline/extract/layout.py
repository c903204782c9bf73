"""The layout rule shared by scans and text PDFs: where a Vietnamese administrative header's two
columns (issuing body and number | national motto, place and date) end, and where to cut them apart.
OCR applies it to ink line bands (`extract/ocr/regions.py`); text PDFs to their words' lines
(`extract/pdf_text.py`)."""

from __future__ import annotations

import numpy as np


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
    gap = widest_gap(occupied, lo, hi)

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
        new_gap = widest_gap(wider, lo, hi)
        if not ok(new_gap, wider):
            break
        occupied, gap, k = wider, new_gap, k + 1
    bottom = lines[k - 1][1]
    next_top = lines[k][0] if k < len(lines) else bottom
    return k, (gap[0] + gap[1]) / 2, (bottom + max(bottom, next_top)) / 2


def widest_gap(prof: np.ndarray, lo: int, hi: int) -> tuple[int, int] | None:
    """The widest run of empty columns of `prof` that starts between `lo` and `hi`: (start, end)."""
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

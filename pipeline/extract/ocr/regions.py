"""The regions Tesseract reads: the two-column header cut at its white gap (`header_band`, shared
with text PDFs), each region cut to its ink."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipeline.extract.layout import header_band
from pipeline.extract.ocr.analysis import despeckled, ink_mask, line_bands, small_gray

_REGION_MARGIN = 0.01  # of the page width: white kept around each region's ink (~2 mm on A4)


@dataclass
class Region:
    box: tuple[int, int, int, int]  # left, top, right, bottom in page pixels


def header_regions(img: Image.Image) -> list[Region]:
    """[left header, right header, rest] when the page starts with a two-column header (see
    `header_band`), else [whole page]; each cut down to the ink it holds (`page_regions`)."""
    gray, scale = small_gray(img)
    return page_regions(despeckled(ink_mask(gray)), scale, img.size)


def page_regions(mask: np.ndarray, scale: float, size: tuple[int, int]) -> list[Region]:
    """The regions Tesseract reads, in page pixels, from the upright page's analysis-copy mask
    (despeckled: speckle between the lines hides the header's column gap).

    Each region is cut to the box of its ink plus a margin: blank paper costs Tesseract time
    (a page inked over its top 45 % read in 468 ms cropped against 524 ms whole) and holds no
    words. A region without ink is left out; a page without any, read whole."""
    h, w = mask.shape
    width, height = size
    lines = [(float(t), float(b), mask[t:b].any(axis=0)) for t, b in line_bands(mask) if b - t >= 3]
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

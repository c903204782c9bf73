"""What is cut away or cleaned before (or for another) reading: the sheet out of a photo
(`paper_box`), the speckle check (`noise`), the cleaned retry copy and the median-filtered copy."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageFilter, ImageOps

from pipeline.extract.ocr.analysis import inked_neighbourhood, otsu

_RETRY_MAX_SIDE = 2600


def paper_box(arr: np.ndarray, scale: float) -> tuple[int, int, int, int] | None:
    """The sheet's box in page pixels when the analysis copy `arr` shows paper on a dark table."""
    h, w = arr.shape
    if h < 50 or w < 50 or int(arr.max()) - int(arr.min()) < 60:
        return None
    bright = arr > otsu(arr)
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


def noise(mask: np.ndarray) -> tuple[float, float, float]:
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
    around = inked_neighbourhood(mask)
    kept = around >= 5
    lone = around <= 2  # itself and at most one neighbour
    return ink / mask.size, 1.0 - float((mask & kept).sum()) / ink, float((mask & lone).sum()) / ink


def clean_for_retry(img: Image.Image) -> Image.Image:
    """Downscaled when huge, median-filtered (speckle), contrast-stretched and binarized."""
    out = img.convert("L")
    if max(out.size) > _RETRY_MAX_SIDE:
        f = _RETRY_MAX_SIDE / max(out.size)
        out = out.resize((int(out.width * f), int(out.height * f)), Image.LANCZOS)
    out = out.filter(ImageFilter.MedianFilter(5))
    out = ImageOps.autocontrast(out, cutoff=1)
    t = otsu(np.asarray(out, dtype=np.uint8))
    return out.point(lambda v: 255 if v > t else 0).convert("L")


def median(page: Image.Image) -> Image.Image:
    """The page through a 3x3 median filter (3 ms): see `page._DENOISE_CONF`."""
    return Image.fromarray(cv2.medianBlur(np.asarray(page, dtype=np.uint8), 3), mode="L")

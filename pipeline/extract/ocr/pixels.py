"""The most pixels a page is read at, and the reduction of a larger one (also used by the image
readers in `pipeline.extract.files` before decoding)."""

from __future__ import annotations

from PIL import Image

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

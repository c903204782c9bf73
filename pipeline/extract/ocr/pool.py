"""The pages of one file read by a pool of threads (Tesseract processes bounded by `slots`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from pipeline.core.config import Settings
from pipeline.core.model import Page
from pipeline.extract.ocr.page import ocr_image


def ocr_pages(
    loaders: Sequence[Callable[[], Image.Image]], settings: Settings, first_number: int = 1
) -> list[Page]:
    """OCR several pages of one file with a pool of `settings.ocr.workers` threads.

    Pages are given as loaders (render on demand) so a 300-page scan never sits in memory at
    once; the Tesseract slots (`slots`) keep the Tesseract count bounded across concurrent files."""

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

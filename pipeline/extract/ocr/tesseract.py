"""Tesseract, the one external program of OCR: every call to it (through pytesseract) is made here,
inside a slot of the pool (`slots.tesseract_slot`), and its failures come out as ours.

Failures, each told apart because each asks something else of the clerk or the administrator
(`pipeline.extract.files` quarantines them): a call that outlives its timeout (pytesseract's plain
`RuntimeError`) is `OcrTimeout` (`ocr_timeout`: a clearer or smaller scan); Tesseract failing on the
image (`TesseractError`) is `OcrFailed` (`ocr_failed`, tried again next run); Tesseract missing or
not runnable (`TesseractNotFoundError`) is `OcrUnavailable` (`ocr_unavailable`: an installation
problem, never the commune's). OSD (`osd_rotation`) is only advice: any failure is "no answer"."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytesseract
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.normalize import normalize_text
from pipeline.extract.ocr.slots import least_workers, tesseract_slot

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # measured 9x faster on these machines

# pytesseract hands Tesseract the image as a temporary file in the image's `format`. Uncompressed
# TIFF: 4 ms to write and Tesseract reads it fast. PNG costs 38 ms to encode (compression level
# 1; 0.35 s at the default), and Leptonica's PGM reader made Tesseract 75 ms a page slower.
_TEMP_FORMAT = "TIFF"


class OcrError(RuntimeError):
    """Tesseract could not read a page; the subclass says why."""


class OcrTimeout(OcrError):
    """Tesseract did not finish a page within `settings.ocr.timeout_seconds`."""


class OcrFailed(OcrError):
    """Tesseract ran and failed on the image (its exit status and message)."""


class OcrUnavailable(OcrError):
    """Tesseract is not installed here, or cannot be run."""


def estimated_dpi(img: Image.Image) -> int:
    """Resolution from the page width (A4 is 8.27 in wide).

    The temporary image file carries no resolution and Tesseract then assumes 70 dpi, which mis-sizes its character
    heuristics: on scanned score tables 5/34 digits survived without `--dpi`, 25/34 with it."""
    return dpi_of_width(img.width)


def dpi_of_width(width: float) -> int:
    return max(100, min(600, round(width / 8.27)))


def image_data(img: Image.Image, ocr: OcrSettings, psm: int = 3, dpi: int | None = None) -> dict:
    """Tesseract's words with boxes; `dpi`: the page's resolution (a composite of cropped regions
    is narrower than the page, so its width says nothing of it)."""
    img.format = _TEMP_FORMAT
    return _data(img, ocr, f"--psm {psm} --dpi {dpi or estimated_dpi(img)}")


def _data(source: Image.Image | str, ocr: OcrSettings, config: str) -> dict:
    """`pytesseract.image_to_data` of an image or of a file listing images."""
    return _call(pytesseract.image_to_data, source, ocr, config, ocr.timeout_seconds, output_type=pytesseract.Output.DICT)


def _call(fn, source: Image.Image | str, ocr: OcrSettings, config: str, timeout: float, **kw):
    """One pytesseract call, in a slot; the one place its failures become ours (see the module doc)."""
    with tesseract_slot(ocr.workers):
        try:
            return fn(source, lang=ocr.languages, config=config, timeout=timeout, **kw)
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrUnavailable(str(exc)) from exc
        except pytesseract.TesseractError as exc:
            raise OcrFailed(f"{exc.status}: {str(exc.message).strip()[:120]}") from exc
        except RuntimeError as exc:  # pytesseract's timeout
            raise OcrTimeout(str(exc)) from exc


# A header line or a date blank is a few dozen pixels high and reads in well under a second; a
# second opinion that takes longer than this is not worth waiting for.
LINE_TIMEOUT_SECONDS = 10


def line_chars(lines: list[Image.Image], ocr: OcrSettings) -> list[list[tuple[str, int, int]]]:
    """The characters of text lines (psm 7) as Tesseract places them: per line, (char, x0, x1) in
    its own pixels. One process for all of a page's lines (`_listing`): a header whose number and
    day are both glued to their printed words costs one process, not two (~0.09 s each)."""
    if not lines:
        return []
    with tempfile.TemporaryDirectory(prefix="kiemchung-lines-") as tmp:
        raw = _call(pytesseract.image_to_boxes, _listing(lines, Path(tmp)), ocr, "--psm 7", LINE_TIMEOUT_SECONDS)
    out: list[list[tuple[str, int, int]]] = [[] for _ in lines]
    for row in raw.splitlines():
        parts = row.split(" ")
        if len(parts) >= 6 and parts[0] and 0 <= int(parts[5]) < len(lines):
            out[int(parts[5])].append((parts[0], int(parts[1]), int(parts[3])))
    return out


def _listing(images: list[Image.Image], tmp: Path) -> str:
    """The images as files in `tmp` and a file listing them. Given such a listing, Tesseract reads
    each image as its own page in the same mode (the same words and confidences as one process per
    image), but loads its model once: 8 cells in 0.11 s instead of 0.78 s."""
    paths = []
    for i, image in enumerate(images):
        path = tmp / f"{i}.tif"
        image.save(path, format="TIFF")
        paths.append(str(path))
    listing = tmp / "images.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return str(listing)


def digit_words(img: Image.Image, ocr: OcrSettings) -> list[tuple[str, float]]:
    """One line read as digits only (psm 7, a digit whitelist): its words with their confidence
    (0..100)."""
    data = _call(pytesseract.image_to_data, img, ocr, "--psm 7 -c tessedit_char_whitelist=0123456789",
                 LINE_TIMEOUT_SECONDS, output_type=pytesseract.Output.DICT)
    return [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=False) if t.strip()]


def read_cells(crops: list[Image.Image], ocr: OcrSettings, dpi: int, psm: int) -> list[tuple[str, float, list[dict]]]:
    """Tesseract over lone cells, each as a text line (psm 7) or a word (psm 8): per crop (text,
    least word confidence 0..1, Tesseract's words with boxes in crop pixels). One Tesseract process
    for all of them (`_listing`)."""
    if not crops:
        return []
    with tempfile.TemporaryDirectory(prefix="kiemchung-cells-") as tmp:
        data = _data(_listing(crops, Path(tmp)), ocr, f"--psm {psm} --dpi {dpi}")
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


def osd_rotation(img: Image.Image) -> int | None:
    """Tesseract's OSD answer: the clockwise turn (0/90/180/270) that uprights the page, or None
    when it has none (too little text, a failed or timed-out run)."""
    try:
        with tesseract_slot(least_workers()):
            osd = pytesseract.image_to_osd(img.convert("L"), config="--psm 0", output_type=pytesseract.Output.DICT)
        return int(osd.get("rotate", 0)) % 360
    except (pytesseract.TesseractError, RuntimeError, ValueError):
        return None

"""Tesseract, the one external program of OCR: every call to it (through pytesseract) is made here,
inside a slot of the pool (`slots.tesseract_slot`), and its failures come out as ours.

Failures, each told apart because each asks something else of the clerk or the administrator
(`pipeline.extract.files` quarantines them): a call that outlives its timeout (pytesseract's plain
`RuntimeError`) is `OcrTimeout` (`ocr_timeout`: a clearer or smaller scan); Tesseract failing on the
image (`TesseractError`) is `OcrFailed` (`ocr_failed`, tried again next run); Tesseract missing or
not runnable (`TesseractNotFoundError`) is `OcrUnavailable` (`ocr_unavailable`: an installation
problem, never the commune's). OSD (`osd_rotation`) is only advice: any failure is "no answer".

The small passes (a header's glued lines, a blank's digits, a table's lone cells) are a few dozen
pixels high and read in 10-20 ms, but a `tesseract` process spends ~0.09 s loading before it reads:
on the real signed scans those start-ups were 7 % of the OCR time. `settings.ocr.in_process` reads
them through libtesseract, the library the `tesseract` program runs on, loaded once per process and
thread (`_Engine`); the words and boxes are the program's own (tests/extract/test_ocr_page.py holds
the two to the same output). Where the library cannot be loaded the program reads them, as before.
The page reading itself stays with the program: it can be stopped at its timeout; a call into the
library cannot."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import logging
import os
import tempfile
import threading
from pathlib import Path

import pytesseract
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.normalize import normalize_text
from pipeline.extract.ocr.slots import least_workers, tesseract_slot

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # measured 9x faster on these machines
log = logging.getLogger(__name__)

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
    engine = _engine(ocr, lines)
    if engine is not None:
        with tesseract_slot(ocr.workers):
            raw = "".join(engine.boxes(line, i, psm=7) for i, line in enumerate(lines))
    else:
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
    engine = _engine(ocr, [img])
    if engine is not None:
        with tesseract_slot(ocr.workers):
            data = _tsv_dict(engine.tsv(img, 0, psm=7, whitelist=DIGITS))
    else:
        data = _call(pytesseract.image_to_data, img, ocr, f"--psm 7 -c tessedit_char_whitelist={DIGITS}",
                     LINE_TIMEOUT_SECONDS, output_type=pytesseract.Output.DICT)
    return [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=False) if t.strip()]


def read_cells(crops: list[Image.Image], ocr: OcrSettings, dpi: int, psm: int) -> list[tuple[str, float, list[dict]]]:
    """Tesseract over lone cells, each as a text line (psm 7) or a word (psm 8): per crop (text,
    least word confidence 0..1, Tesseract's words with boxes in crop pixels). One Tesseract process
    for all of them (`_listing`)."""
    if not crops:
        return []
    engine = _engine(ocr, crops)
    if engine is not None:
        with tesseract_slot(ocr.workers):
            data = _tsv_dict("".join(engine.tsv(crop, i, psm=psm, dpi=dpi) for i, crop in enumerate(crops)))
    else:
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


DIGITS = "0123456789"
# The library reads only small images (lines, blanks, cells); anything larger goes to the program,
# which a timeout can stop.
IN_PROCESS_MAX_PIXELS = 4_000_000
_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height", "conf", "text")


class _Engine:
    """One libtesseract instance (Tesseract's C API), initialised once with `languages`. Used by one
    thread at a time: `_engine` keeps one per process and thread."""

    def __init__(self, lib: ctypes.CDLL, languages: str):
        self.lib = lib
        self.pid = os.getpid()
        self.handle = lib.TessBaseAPICreate()
        if not self.handle or lib.TessBaseAPIInit3(self.handle, None, languages.encode()) != 0:
            if self.handle:
                lib.TessBaseAPIDelete(self.handle)
            raise OcrUnavailable(f"libtesseract could not load the language data {languages!r}")

    def _recognize(self, img: Image.Image, psm: int, dpi: int | None, whitelist: str) -> None:
        gray = img.convert("L")
        lib, h = self.lib, self.handle
        lib.TessBaseAPISetPageSegMode(h, psm)
        # `--dpi N` of the program is this variable; 0 lets Tesseract judge as it does a file without one
        lib.TessBaseAPISetVariable(h, b"user_defined_dpi", str(dpi or 0).encode())
        lib.TessBaseAPISetVariable(h, b"tessedit_char_whitelist", whitelist.encode())
        pixels = gray.tobytes()
        lib.TessBaseAPISetImage(h, pixels, gray.width, gray.height, 1, gray.width)
        status = lib.TessBaseAPIRecognize(h, None)
        if status != 0:
            raise OcrFailed(f"libtesseract: recognition failed ({status})")

    def _text(self, getter, page: int) -> str:
        ptr = getter(self.handle, page)
        if not ptr:
            return ""
        try:
            return ctypes.string_at(ptr).decode("utf-8", errors="replace")
        finally:
            self.lib.TessDeleteText(ptr)

    def boxes(self, img: Image.Image, page: int, psm: int) -> str:
        """The program's `makebox` output for the image as page `page` of a listing."""
        self._recognize(img, psm, None, "")
        return self._text(self.lib.TessBaseAPIGetBoxText, page)

    def tsv(self, img: Image.Image, page: int, psm: int, dpi: int | None = None, whitelist: str = "") -> str:
        """The program's `tsv` rows (no header) for the image as page `page` of a listing."""
        self._recognize(img, psm, dpi, whitelist)
        return self._text(self.lib.TessBaseAPIGetTsvText, page)

    def close(self) -> None:
        if self.handle:
            self.lib.TessBaseAPIEnd(self.handle)
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None


_engines = threading.local()
_all_engines: list[_Engine] = []


@functools.lru_cache(maxsize=1)
def _load_library() -> ctypes.CDLL | None:
    """libtesseract with the C API's signatures declared, loaded once; None where it is not loadable."""
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        log.info("libtesseract not loadable (%s): the small OCR passes run the tesseract program", exc)
        return None
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for fn, args, res in (
        ("TessBaseAPICreate", [], vp), ("TessBaseAPIInit3", [vp, cp, cp], i),
        ("TessBaseAPISetPageSegMode", [vp, i], None), ("TessBaseAPISetVariable", [vp, cp, cp], i),
        ("TessBaseAPISetImage", [vp, cp, i, i, i, i], None), ("TessBaseAPIRecognize", [vp, vp], i),
        ("TessBaseAPIGetBoxText", [vp, i], vp), ("TessBaseAPIGetTsvText", [vp, i], vp),
        ("TessDeleteText", [vp], None), ("TessBaseAPIEnd", [vp], None), ("TessBaseAPIDelete", [vp], None),
    ):
        f = getattr(lib, fn)
        f.argtypes, f.restype = args, res
    return lib


def _engine(ocr: OcrSettings, images: list[Image.Image]) -> _Engine | None:
    """This thread's libtesseract for `ocr.languages`, or None: `ocr.in_process` off, an image too
    large to read without a timeout, the library not loadable, or its language data not loading
    (then the program is used and says why)."""
    if not ocr.in_process or any(im.width * im.height > IN_PROCESS_MAX_PIXELS for im in images):
        return None
    lib = _load_library()
    if lib is None:
        return None
    key = (os.getpid(), ocr.languages)  # a forked reader makes its own: never share one across fork
    engines = getattr(_engines, "by_key", None)
    if engines is None:
        engines = _engines.by_key = {}
    if key not in engines:
        try:
            engines[key] = _Engine(lib, ocr.languages)
            _all_engines.append(engines[key])
        except OcrUnavailable as exc:
            log.info("%s: the small OCR passes run the tesseract program", exc)
            engines[key] = None
    return engines[key]


@atexit.register
def _close_engines() -> None:
    """Free the instances this process made (Tesseract otherwise reports its caches as leaks)."""
    for engine in _all_engines:
        if engine.handle and engine.pid == os.getpid():
            engine.close()


def _tsv_dict(tsv: str) -> dict:
    """pytesseract's `Output.DICT` of the program's tsv rows."""
    data: dict[str, list] = {c: [] for c in _TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < len(_TSV_COLUMNS):
            cells += [""] * (len(_TSV_COLUMNS) - len(cells))
        for col, cell in zip(_TSV_COLUMNS, cells, strict=False):
            # the program prints confidences with decimals and pytesseract keeps their whole part
            data[col].append(cell if col == "text" else int(float(cell)) if col == "conf" else int(cell))
    return data


def osd_rotation(img: Image.Image) -> int | None:
    """Tesseract's OSD answer: the clockwise turn (0/90/180/270) that uprights the page, or None
    when it has none (too little text, a failed or timed-out run)."""
    try:
        with tesseract_slot(least_workers()):
            osd = pytesseract.image_to_osd(img.convert("L"), config="--psm 0", output_type=pytesseract.Output.DICT)
        return int(osd.get("rotate", 0)) % 360
    except (pytesseract.TesseractError, RuntimeError, ValueError):
        return None

"""PDF pages: text layer and tables by pdfplumber, page images by pypdfium2 for OCR.

PDFium opens the file first: it tells a password-protected PDF from a damaged one and counts
pages cheaply, before pdfplumber parses anything. A page whose text layer holds fewer than
`settings.ocr.min_text_chars` characters is a scan (or a scan with a page-number stamp): it is
left for OCR and rendered on demand.

PDFium is not thread-safe: every call into it (open, render, close) holds one module lock.
Rendering is a small share of a page's cost next to OCR, so the lock costs little.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.core.config import Settings
from pipeline.core.model import DamagedLayer, Mark, Page, Table, TextSource
from pipeline.core.normalize import normalize_text
from pipeline.extract import legacy_encoding as le
from pipeline.extract import red_seal
from pipeline.extract.layout import header_band
from pipeline.extract.legibility import Legibility, drop_unmapped, legibility
from pipeline.extract.ocr import OCR_MAX_PIXELS
from pipeline.extract.signatures import widget_marks
from pipeline.inbox.quarantine import Refused

PDFIUM_LOCK = threading.RLock()
_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass
class PdfText:
    page_count: int
    pages: list[Page | None]  # None: no usable text layer, to be OCR'd
    legacy_encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    marks: list[list[Mark]] = field(default_factory=list)  # per page: signature widgets (pipeline.signatures)
    # per page: a text layer too short to trust over OCR (a stamp, or one line of real text), kept
    # so a page OCR cannot read still has the text the PDF holds
    short: list[Page | None] = field(default_factory=list)
    # per page: a long text layer judged damaged, how it read (`legibility`) and the layer as the page will
    # keep it (with whether the page is drawn as text); its page is left for OCR and kept in `short`, to be
    # compared with what OCR reads
    damaged: list[tuple[Legibility, DamagedLayer] | None] = field(default_factory=list)


class PdfRenderer:
    """Renders pages of one open PDF to grayscale images at `dpi` (red seals lifted: `red_seal`),
    bounded by `max_pixels`."""

    def __init__(self, path: Path, dpi: int, max_pixels: int):
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            self._pdf = pdfium.PdfDocument(str(path))
        self.dpi = dpi
        self.max_pixels = max_pixels

    def loader(self, index: int) -> Callable[[], Image.Image]:
        return lambda: self.render(index)

    def is_blank(self, index: int) -> bool:
        """The page draws nothing at all (no contents, or an empty content stream)."""
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                return next(iter(page.get_objects(max_depth=1)), None) is None
            finally:
                page.close()

    def _check_images(self, page) -> None:
        """Refuse a page whose images declare more pixels than the budget, before PDFium decodes
        any (a few bytes of CCITT or JBIG2 can declare 400000 x 400000 pixels: 20 GB decoded)."""
        import pypdfium2.raw as pdfium_c

        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            w, h = obj.get_px_size()
            if w * h > self.max_pixels:
                raise Refused("image_bomb", {"pixels": f"{w * h / 1e6:.0f}",
                                             "limit": f"{self.max_pixels / 1e6:.0f}"})

    def render(self, index: int) -> Image.Image:
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                self._check_images(page)
                w, h = page.get_size()
                scale = self.dpi / 72.0
                budget = min(self.max_pixels, OCR_MAX_PIXELS)
                if w * h * scale * scale > budget:  # a poster-sized page: rendered within the OCR budget
                    scale = (budget / (w * h)) ** 0.5
                # in colour (faster than PDFium's own grayscale: 0.05 s against 0.09 s a 300 dpi page),
                # so that a red seal can be told from the text under it
                try:
                    bitmap = page.render(scale=scale)
                except ValueError:  # "Crop exceeds page dimensions": a crop box off the page, a producer's
                    page.set_cropbox(*page.get_mediabox())  # slip; the media box holds what is printed
                    bitmap = page.render(scale=scale)
                img = red_seal.gray(bitmap.to_pil())
                img.load()
                return img
            finally:
                page.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._pdf.close()


def open_check(path: Path, settings: Settings) -> int:
    """Page count, or Refused(encrypted_pdf | corrupt_pdf | too_many_pages)."""
    import pypdfium2 as pdfium

    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(str(path))
            try:
                count = len(pdf)
            finally:
                pdf.close()
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Refused("encrypted_pdf") from exc
        raise Refused("corrupt_pdf") from exc
    if count == 0:
        raise Refused("corrupt_pdf")
    limit = settings.ocr.max_pages_per_file
    if count > limit:
        raise Refused("too_many_pages", {"pages": str(count), "limit": str(limit)})
    return count


def _font_base(name: str | None) -> str:
    return _SUBSET.sub("", name or "")


# A letter drawn again this close to itself (points, both ways) is the same letter: a bold made by drawing a line
# twice a hair apart, which a text layer gives as "KKẾẾ HHOOẠẠCCHH".
OVERPRINT_TOLERANCE = 1.0


def _without_overprint(page):
    """The page without the second copy of each overprinted letter; the page itself when there is none.
    (pdfplumber's `dedupe_chars` does the same, at 0.7 s a page of body text: this looks up a letter's
    neighbours in a grid of 1-point cells instead.)"""
    cells: dict[tuple, list[dict]] = {}
    doubles: set[int] = set()
    for ch in page.chars:
        key = (ch.get("text"), ch.get("fontname"), round(float(ch.get("size") or 0), 1))
        x, y = float(ch["x0"]), float(ch["top"])
        cx, cy = int(x // OVERPRINT_TOLERANCE), int(y // OVERPRINT_TOLERANCE)
        if any(abs(float(o["x0"]) - x) <= OVERPRINT_TOLERANCE and abs(float(o["top"]) - y) <= OVERPRINT_TOLERANCE
               for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in cells.get((key, cx + dx, cy + dy), ())):
            doubles.add(id(ch))
            continue
        cells.setdefault((key, cx, cy), []).append(ch)
    if not doubles:
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in doubles)


# An image covering this share of a page makes it a scan (a text layer over it is some OCR's reading).
SCAN_IMAGE_SHARE = 0.5


def _scanned(page) -> bool:
    area = float(page.width) * float(page.height)
    covered = sum(max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
                  for im in page.images)
    return area > 0 and covered >= SCAN_IMAGE_SHARE * area


def _page_text(page) -> tuple[str, str | None]:
    """The page's text with legacy-font characters converted; and the legacy encoding found.

    TCVN3 is one byte per letter, so each character of a `.VnTime*` font is converted where it
    stands (upper-cased for the `H` fonts) and Unicode text beside it is left alone. VNI pairs a
    letter with a following mark, so a page mostly in VNI fonts is converted as a whole."""
    chars = page.chars
    encodings: dict[str, int] = {}
    for ch in chars:
        enc = le.font_encoding(_font_base(ch.get("fontname")))
        if enc:
            encodings[enc] = encodings.get(enc, 0) + 1
            if enc == le.TCVN3:
                ch["text"] = le.tcvn3_to_unicode(ch["text"], upper=le.is_upper_font(_font_base(ch["fontname"])))
    text = _text_with_header_columns(page)
    found = max(encodings, key=encodings.__getitem__) if encodings else None
    if found == le.VNI and encodings[le.VNI] >= 0.3 * max(1, len(chars)):
        text = le.vni_to_unicode(text)
    elif found is None:
        found = le.detect(text)
        if found:
            text = le.convert(text, found)
    return text, found


def _header_split(page) -> tuple[float, float] | None:
    """(x cut, y below) of a two-column header, by the rule of `pipeline.extract.layout.header_band` applied
    to the page's word boxes."""
    words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
    if not words:
        return None
    x0, top0 = float(page.bbox[0]), float(page.bbox[1])
    width = int(float(page.width)) + 2
    grouped: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if grouped and abs(w["top"] - grouped[-1][0]["top"]) < 3:
            grouped[-1].append(w)
        else:
            grouped.append([w])
    lines = []
    for line in grouped:
        occ = np.zeros(width, dtype=bool)
        for w in line:
            occ[max(0, int(w["x0"] - x0)): int(w["x1"] - x0) + 1] = True
        lines.append((min(w["top"] for w in line) - top0, max(w["bottom"] for w in line) - top0, occ))
    band = header_band(lines, width, float(page.height))
    if band is None:
        return None
    return x0 + band[1], top0 + band[2]


def _text_with_header_columns(page) -> str:
    """Page text with a two-column header's columns kept apart (left, then right, then the rest):
    pdfplumber reads "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…" as one line otherwise."""
    split = _header_split(page)
    if split is None:
        return page.extract_text() or ""
    cut, bottom = split

    def region(test):
        # by each object's centre, so text running past the page edge is kept, as extract_text does
        def keep(obj) -> bool:
            if "x0" not in obj or "top" not in obj:
                return True
            return test((obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2)
        return page.filter(keep).extract_text() or ""

    parts = [region(lambda x, y: y < bottom and x < cut), region(lambda x, y: y < bottom and x >= cut),
             region(lambda x, y: y >= bottom)]
    return "\n\n".join(p for p in parts if p.strip())


def _tables(page, encoding: str | None) -> list[Table]:
    out = []
    try:
        raw_tables = page.extract_tables()
    except Exception:  # noqa: BLE001 - a table finder failure must not lose the page's text
        return []
    for raw in raw_tables:
        rows = []
        for row in raw:
            cells = [c or "" for c in row]
            if encoding == le.VNI:
                cells = [le.vni_to_unicode(c) for c in cells]
            rows.append([normalize_text(c) for c in cells])
        if any(any(c for c in r) for r in rows):
            out.append(Table(rows=rows, source=TextSource.TEXT_LAYER))
    return out


def read_text_layer(path: Path, settings: Settings, page_count: int) -> PdfText:
    """Text-layer pages (None where OCR is needed). A text layer pdfminer cannot parse at all
    leaves every page to OCR rather than failing the file: PDFium already opened it."""
    import pdfplumber

    min_chars = settings.ocr.min_text_chars
    pages: list[Page | None] = [None] * page_count
    marks: list[list[Mark]] = [[] for _ in range(page_count)]
    short: list[Page | None] = [None] * page_count
    damaged: list[tuple[Legibility, DamagedLayer] | None] = [None] * page_count
    encodings: list[str | None] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for i, whole in enumerate(pdf.pages[:page_count]):
                try:
                    page = _without_overprint(whole)
                    # Signature widgets: kept as marks (OCR'd pages too); typed-in blanks join the text.
                    marks[i], fills = widget_marks(page)
                    if fills:
                        page.chars.extend(fills)
                    raw, enc = _page_text(page)
                    text = normalize_text(raw)
                    reads = legibility(text)
                    # a layer of unmapped glyphs only is long but damaged, so its length is taken first
                    long_layer = sum(1 for c in text if not c.isspace()) >= min_chars
                    text = normalize_text(drop_unmapped(text))
                    chars = sum(1 for c in text if not c.isspace())
                    if long_layer and not reads.legible:
                        damaged[i] = (reads, DamagedLayer(text=text, drawn=not _scanned(page)))
                        short[i] = Page(number=i + 1, text=text, source=TextSource.TEXT_LAYER,
                                        width=int(page.width), height=int(page.height), marks=marks[i])
                    elif chars >= min_chars:
                        encodings.append(enc)
                        pages[i] = Page(number=i + 1, text=text, source=TextSource.TEXT_LAYER,
                                        tables=_tables(page, enc),
                                        width=int(page.width), height=int(page.height), marks=marks[i])
                    elif chars:
                        short[i] = Page(number=i + 1, text=text, source=TextSource.TEXT_LAYER,
                                        width=int(page.width), height=int(page.height), marks=marks[i])
                except Exception:  # noqa: BLE001 - one unparsable page goes to OCR
                    pages[i] = None
                finally:
                    whole.close()
    except Exception:  # noqa: BLE001 - pdfminer gave up on the whole file: OCR all of it
        return PdfText(page_count=page_count, pages=[None] * page_count)
    return PdfText(page_count=page_count, pages=pages, legacy_encoding=le.dominant(encodings), marks=marks,
                   short=short, damaged=damaged)

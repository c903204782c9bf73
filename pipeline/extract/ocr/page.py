"""One page image into a `Page`: the steps of the package in order."""

from __future__ import annotations

from dataclasses import dataclass

import imagehash
import numpy as np
import scipy.fftpack  # noqa: F401  imagehash.phash imports it on first use: 0.1 s off the first page
from PIL import Image, ImageOps

from pipeline.core.config import OcrSettings, Settings
from pipeline.core.model import Page, TextSource, Word
from pipeline.extract.blanks import reread_blanks
from pipeline.extract.ocr import orientation, tesseract
from pipeline.extract.ocr.analysis import BLANK_INK, analyse, despeckled, ink_mask, small_gray
from pipeline.extract.ocr.cells import may_hold_table, reread_cells
from pipeline.extract.ocr.cleanup import clean_for_retry, median, noise, paper_box
from pipeline.extract.ocr.orientation import Orientation, skew_after_turn, upright, upright_mask
from pipeline.extract.ocr.pixels import fit_pixels
from pipeline.extract.ocr.reading import better, mean_conf, ocr_regions, ocr_variant, readable, text_of
from pipeline.extract.ocr.regions import Region, page_regions

_MIN_WORDS = 3  # fewer readable words than this on an inked page: retry cleaned up
_ISOLATED_NOISE = 0.1  # share of lone ink pixels above which a speckled page is salt and pepper
_LOW_PAGE_CONF = 0.65  # a page read below this mean confidence is tried turned 180° (and by OSD)
# A page read below this mean confidence (but not so low that its orientation is in doubt) is
# read again through a 3x3 median filter, and the better reading kept. On 8 generated photocopies
# (150 dpi, blurred, speckled, JPEG q40) the median read 1.0 % CER against 10.5 % (confidence 0.94
# vs 0.84); applied to every page it cost small photos their hooks and dots (tổ read tố).
_DENOISE_CONF = 0.9


@dataclass
class OcrDetail:
    noisy: bool  # cleaned before the first pass
    retried: bool  # the first pass read (nearly) nothing: a second variant was tried
    reoriented: bool = False  # read poorly as uprighted by the profile test: another turn won
    cells: int = 0  # table cells whose reading a lone re-read changed
    denoised: bool = False  # read below `_DENOISE_CONF`: the median-filtered page read better


def ocr_image(img: Image.Image, settings: Settings, number: int = 1) -> Page:
    """OCR one page image: orientation, deskew, header columns, retry when it reads empty.

    Word boxes are in pixels of the upright, deskewed image (`Page.width` x `Page.height`);
    `Page.ocr_confidence` is the mean word confidence (0..1), None when nothing was read."""
    return ocr_image_detail(img, settings, number)[0]


def ocr_image_detail(img: Image.Image, settings: Settings, number: int = 1) -> tuple[Page, OcrDetail]:
    """`ocr_image` plus what was done to read the page."""
    ocr = settings.ocr
    page = analyse(fit_pixels(img if img.mode == "L" else img.convert("L")))
    paper = paper_box(np.asarray(page.small, dtype=np.uint8), page.scale)
    if paper is not None:
        page = analyse(ImageOps.autocontrast(page.gray.crop(paper), cutoff=0.5))
    ink, speckle, isolated = noise(page.mask)
    # Speckle alone also counts the thin strokes of small print (a score table in 11 pt: 0.62) that
    # the median removes; salt and pepper is told by its lone pixels (clean pages <= 0.02, noise 0.6+).
    noisy = (speckle > 0.5 and isolated > _ISOLATED_NOISE) or ink > 0.15
    if noisy:  # clean first: speckle also fools the orientation and skew profiles
        page = analyse(clean_for_retry(page.gray))
    img = page.gray
    orient = orientation.of_mask(page.mask, img, osd_fallback=True)
    page_img = upright(img, orient)
    regions: list[Region] = []
    if ink < BLANK_INK:
        words, text = [], ""
    else:
        regions = page_regions(upright_mask(despeckled(page.mask), orient), page.scale, page_img.size)
        words, text = ocr_regions(page_img, regions, page_img, ocr)
    retried = False
    if readable(words) < _MIN_WORDS and ink > 0.002:
        retried = True
        if noisy:  # cleaned already: try it at half size, where speckle melts into the background
            half = page_img.resize((page_img.width // 2, page_img.height // 2), Image.LANCZOS)
            variant = clean_for_retry(half)
        else:
            variant = clean_for_retry(page_img)
        rwords, rtext = ocr_variant(variant, page_img, ocr)
        if readable(rwords) > readable(words):
            words, text = rwords, rtext
    denoised = False
    if words and regions and _LOW_PAGE_CONF <= mean_conf(words) < _DENOISE_CONF:
        smooth = median(page_img)
        mwords, mtext = ocr_regions(smooth, regions, smooth, ocr)
        if better(mwords, words):
            page_img, words, text, denoised = smooth, mwords, mtext, True
    reoriented = False
    if words and orient.method == "profile" and mean_conf(words) < _LOW_PAGE_CONF:
        before = orient
        page_img, orient, words, text = _reorient(img, page_img, orient, words, text, ocr)
        reoriented = orient is not before
    cells = 0
    if reoriented or may_hold_table(np.asarray(page.small), page.level, orient, page.scale):
        words, cells = reread_cells(page_img, words, ocr)
    # Handwritten number and day in the header's printed blanks: read by their own digit reader.
    words, blank_readings = reread_blanks(page_img, words, ocr.languages)
    if cells or blank_readings:
        text = text_of(words)
    confs = [w.conf for w in words]
    result = Page(
        number=number,
        text=text,
        source=TextSource.OCR,
        ocr_confidence=round(sum(confs) / len(confs), 4) if confs else None,
        rotation=orient.rotation,
        skew=round(orient.skew, 2),
        words=words,
        image_hash=str(imagehash.phash(page_img.reduce(4) if min(page_img.size) >= 256 else page_img)),
        width=page_img.width,
        height=page_img.height,
        blanks=blank_readings,
    )
    return result, OcrDetail(noisy=noisy, retried=retried, reoriented=reoriented, cells=cells, denoised=denoised)


def _reorient(img: Image.Image, page_img: Image.Image, orient: Orientation, words: list[Word], text: str,
              ocr: OcrSettings) -> tuple[Image.Image, Orientation, list[Word], str]:
    """Another orientation for a page the profile test uprighted but that reads poorly.

    The up/down vote fails on pages that are mostly ruled table and white space (the sample's
    last report page: upright, voted upside down, read at 0.44 confidence). The page is read
    turned 180°; when that is still poor, Tesseract's OSD is asked and its answer tried if it is
    a quarter turn. The better reading (`better`) wins."""
    best = (page_img, orient, words, text)
    flipped = page_img.rotate(180)
    fwords, ftext = ocr_variant(flipped, flipped, ocr)
    if better(fwords, words):
        best = (flipped, Orientation((orient.rotation + 180) % 360, orient.skew, "flipped"), fwords, ftext)
    if mean_conf(best[2]) < _LOW_PAGE_CONF:
        osd = tesseract.osd_rotation(img)
        if osd is not None and osd not in (orient.rotation, (orient.rotation + 180) % 360):
            gray, _ = small_gray(img)
            o = Orientation(rotation=osd, skew=-skew_after_turn(ink_mask(gray), osd), method="osd")
            oimg = upright(img, o)
            owords, otext = ocr_variant(oimg, oimg, ocr)
            if better(owords, best[2]):
                best = (oimg, o, owords, otext)
    return best

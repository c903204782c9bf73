"""One page image into a `Page`: `STEPS`, the package's jobs in order, over one `PageState`.

Read it like OCRmyPDF's `process_page`: each step is a function that takes the page's state and
returns it, doing its job or leaving the state as it found it; `ocr_image_detail` starts the state
from the image, runs the steps in order and turns the state into a `Page`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import imagehash
import numpy as np
import scipy.fftpack  # noqa: F401  imagehash.phash imports it on first use: 0.1 s off the first page
from PIL import Image, ImageOps

from pipeline.core.config import OcrSettings, Settings
from pipeline.core.model import BlankReading, Page, TextSource, Word
from pipeline.extract.ocr import orientation, tesseract
from pipeline.extract.ocr.analysis import BLANK_INK, Analysis, analyse, despeckled, ink_mask, small_gray
from pipeline.extract.ocr.blanks import reread_blanks
from pipeline.extract.ocr.cells import may_hold_table, reread_cells
from pipeline.extract.ocr.cleanup import clean_for_retry, median, noise, paper_box
from pipeline.extract.ocr.leaders import erase_leaders
from pipeline.extract.ocr.orientation import Orientation, skew_after_turn, upright, upright_mask
from pipeline.extract.ocr.pixels import fit_pixels
from pipeline.extract.ocr.reading import better, mean_conf, ocr_regions, ocr_variant, readable, text_of
from pipeline.extract.ocr.regions import Region, page_regions
from pipeline.extract.ocr.small_print import body_height, holds_box, read_block, small_print_blocks

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
    """What was done to read a page (`ocr_image_detail`): which conditional steps acted."""
    noisy: bool  # cleaned before the first pass
    retried: bool  # the first pass read (nearly) nothing: a second variant was tried
    reoriented: bool = False  # read poorly as uprighted by the profile test: another turn won
    cells: int = 0  # table cells whose reading a lone re-read changed
    denoised: bool = False  # read below `_DENOISE_CONF`: the median-filtered page read better
    small_print: int = 0  # signature boxes or stamps printed small at the top, read again enlarged


@dataclass
class PageState:
    """One page on its way through `STEPS`: what each step found, for the steps after it."""
    ocr: OcrSettings
    scan: Analysis  # the page as scanned (cut to the sheet, cleaned when speckled) and its analysis copy
    ink: float = 0.0  # share of ink of the analysis copy, measured before any cleaning
    noisy: bool = False  # salt and pepper: cleaned before anything else
    orient: Orientation | None = None  # the turn and skew that upright the scan
    image: Image.Image | None = None  # the upright, deskewed page: the words' boxes are its pixels
    regions: list[Region] = field(default_factory=list)  # what Tesseract reads (none on a blank page)
    words: list[Word] = field(default_factory=list)
    text: str = ""
    retried: bool = False
    denoised: bool = False
    reoriented: bool = False
    cells: int = 0
    blanks: list[BlankReading] = field(default_factory=list)
    small_print: int = 0  # boxes printed small at the page's top, read again enlarged
    unfiltered: Image.Image | None = None  # the page before the median filter, when `denoise_if_murky` kept it
    uncleaned: Image.Image | None = None  # the scan before `clean_speckle` cleaned it (not upright)

    def detail(self) -> OcrDetail:
        return OcrDetail(noisy=self.noisy, retried=self.retried, reoriented=self.reoriented, cells=self.cells,
                         denoised=self.denoised, small_print=self.small_print)


def start(img: Image.Image, ocr: OcrSettings) -> PageState:
    """The page in gray, within `pixels.OCR_MAX_PIXELS`, and its analysis copy."""
    return PageState(ocr=ocr, scan=analyse(fit_pixels(img if img.mode == "L" else img.convert("L"))))


def crop_to_paper(p: PageState) -> PageState:
    """A photo of a sheet lying on a darker table: the sheet cut out, its contrast stretched."""
    paper = paper_box(np.asarray(p.scan.small, dtype=np.uint8), p.scan.scale)
    if paper is not None:
        p.scan = analyse(ImageOps.autocontrast(p.scan.gray.crop(paper), cutoff=0.5))
    return p


def clean_speckle(p: PageState) -> PageState:
    """Photocopier salt and pepper cleaned first: speckle also fools the orientation and skew
    profiles, and Tesseract crawls on it."""
    ink, speckle, isolated = noise(p.scan.mask)
    p.ink = ink
    # Speckle alone also counts the thin strokes of small print (a score table in 11 pt: 0.62) that
    # the median removes; salt and pepper is told by its lone pixels (clean pages <= 0.02, noise 0.6+).
    p.noisy = (speckle > 0.5 and isolated > _ISOLATED_NOISE) or ink > 0.15
    if p.noisy:
        p.uncleaned = p.scan.gray
        p.scan = analyse(clean_for_retry(p.scan.gray))
    return p


def turn_upright(p: PageState) -> PageState:
    """Orientation and skew from the analysis mask (OSD when unsure); the page turned upright."""
    p.orient = orientation.of_mask(p.scan.mask, p.scan.gray, osd_fallback=True)
    p.image = upright(p.scan.gray, p.orient)
    return p


def erase_dot_leaders(p: PageState) -> PageState:
    """A header's dotted blanks ("Số: ......../QĐ-UBND") erased: pen digits over dots read as
    they do over blank space (`leaders.py`)."""
    if p.ink >= BLANK_INK:
        p.image, _erased = erase_leaders(p.image)
    return p


def read(p: PageState) -> PageState:
    """The first reading: the header's columns and the rest, each cut to its ink, in one Tesseract
    process. A blank page is not read."""
    if p.ink < BLANK_INK:
        return p
    p.regions = page_regions(upright_mask(despeckled(p.scan.mask), p.orient), p.scan.scale, p.image.size)
    p.words, p.text = ocr_regions(p.image, p.regions, p.image, p.ocr)
    return p


def retry_if_empty(p: PageState) -> PageState:
    """An inked page read (nearly) empty: read again cleaned up (downscaled when huge,
    median-filtered, binarized); the reading with more readable words stays."""
    if readable(p.words) >= _MIN_WORDS or p.ink <= 0.002:
        return p
    p.retried = True
    if p.noisy:  # cleaned already: try it at half size, where speckle melts into the background
        half = p.image.resize((p.image.width // 2, p.image.height // 2), Image.LANCZOS)
        variant = clean_for_retry(half)
    else:
        variant = clean_for_retry(p.image)
    rwords, rtext = ocr_variant(variant, p.image, p.ocr)
    if readable(rwords) > readable(p.words):
        p.words, p.text = rwords, rtext
    return p


def denoise_if_murky(p: PageState) -> PageState:
    """A page read below `_DENOISE_CONF` (but well enough that its orientation is not in doubt):
    read again through a 3x3 median filter, the better reading kept."""
    if not (p.words and p.regions and _LOW_PAGE_CONF <= mean_conf(p.words) < _DENOISE_CONF):
        return p
    smooth = median(p.image)
    mwords, mtext = ocr_regions(smooth, p.regions, smooth, p.ocr)
    if better(mwords, p.words):
        p.unfiltered = p.image
        p.image, p.words, p.text, p.denoised = smooth, mwords, mtext, True
    return p


def reorient_if_poor(p: PageState) -> PageState:
    """A page the profile test uprighted that reads below `_LOW_PAGE_CONF`: read turned 180°, then
    as OSD says (`_reorient`)."""
    if not (p.words and p.orient.method == "profile" and mean_conf(p.words) < _LOW_PAGE_CONF):
        return p
    before = p.orient
    p.image, p.orient, p.words, p.text = _reorient(p.scan.gray, p.image, p.orient, p.words, p.text, p.ocr)
    p.reoriented = p.orient is not before
    return p


def reread_table_cells(p: PageState) -> PageState:
    """Ruled tables (a page turned anew, or one the quick test on the analysis copy says may hold
    one): short cells re-read alone."""
    if p.reoriented or may_hold_table(np.asarray(p.scan.small), p.scan.level, p.orient, p.scan.scale):
        p.words, p.cells = reread_cells(p.image, p.words, p.ocr)
    return p


def read_blanks(p: PageState) -> PageState:
    """Handwritten number and day in the header's printed blanks: read by their own digit reader
    (`pipeline.extract.ocr.blanks`). The text is rebuilt from the words when a re-read changed them."""
    p.words, p.blanks = reread_blanks(p.image, p.words, p.ocr)
    if p.cells or p.blanks:
        p.text = text_of(p.words)
    return p


def read_small_print(p: PageState) -> PageState:
    """A signature box or gazette stamp printed small at the page's top, which the page's reading skipped or
    garbled: read again enlarged (`small_print.py`) and, when it holds a box's signing time, put first in
    the text in place of what the page's reading made of it. Last, so that no box's "Ngày ký" is taken for
    the day's blank."""
    body = body_height(p.words)
    if p.ink < BLANK_INK or body is None:  # no body's words to tell small print by
        return p
    image = _before_filters(p)
    boxes = [(block, ws) for block in small_print_blocks(image, p.words, body)
             if not holds_box([w for w in p.words if _inside(w, block)])  # the page's reading read it already
             and holds_box(ws := read_block(image, block, body, p.ocr))]
    if not boxes:
        return p
    next_block, next_line = max(w.block for w in p.words) + 1, max(w.line for w in p.words) + 1
    added: list[Word] = []
    for k, (_block, ws) in enumerate(boxes):
        added += [w.model_copy(update={"block": next_block + k, "line": next_line + w.line}) for w in ws]
        next_line += max(w.line for w in ws)
    p.words = added + [w for w in p.words if not any(_inside(w, block) for block, _ws in boxes)]
    p.text = text_of(p.words)
    p.small_print = len(boxes)
    return p


def _before_filters(p: PageState) -> Image.Image:
    """The upright page before the median filters that helped the body's letters: they erase 8 px ones."""
    if p.uncleaned is not None:
        size = p.scan.gray.size  # the cleaning may have downscaled a huge page
        return upright(p.uncleaned if p.uncleaned.size == size else p.uncleaned.resize(size, Image.LANCZOS), p.orient)
    return p.unfiltered or p.image


def _inside(w: Word, box: tuple[int, int, int, int]) -> bool:
    """Whether a word's centre lies in a box (left, top, right, bottom)."""
    cx, cy = w.left + w.width / 2, w.top + w.height / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


Step = Callable[[PageState], PageState]

STEPS: tuple[Step, ...] = (
    crop_to_paper,
    clean_speckle,
    turn_upright,
    erase_dot_leaders,
    read,
    retry_if_empty,
    denoise_if_murky,
    reorient_if_poor,
    reread_table_cells,
    read_blanks,
    read_small_print,
)


def finish(p: PageState, number: int) -> Page:
    """The `Page` of a state that went through `STEPS`."""
    confs = [w.conf for w in p.words]
    return Page(
        number=number,
        text=p.text,
        source=TextSource.OCR,
        ocr_confidence=round(sum(confs) / len(confs), 4) if confs else None,
        rotation=p.orient.rotation,
        skew=round(p.orient.skew, 2),
        words=p.words,
        image_hash=str(imagehash.phash(p.image.reduce(4) if min(p.image.size) >= 256 else p.image)),
        width=p.image.width,
        height=p.image.height,
        blanks=p.blanks,
    )


def ocr_image(img: Image.Image, settings: Settings, number: int = 1) -> Page:
    """OCR one page image: orientation, deskew, header columns, retry when it reads empty.

    Word boxes are in pixels of the upright, deskewed image (`Page.width` x `Page.height`);
    `Page.ocr_confidence` is the mean word confidence (0..1), None when nothing was read."""
    return ocr_image_detail(img, settings, number)[0]


def ocr_image_detail(img: Image.Image, settings: Settings, number: int = 1) -> tuple[Page, OcrDetail]:
    """`ocr_image` plus what was done to read the page."""
    state = start(img, settings.ocr)
    for step in STEPS:
        state = step(state)
    return finish(state, number), state.detail()


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

"""OCR of one page image into a `Page`: upright it, deskew it, keep the two-column header apart.

`page.STEPS` is the one list of steps, each a function that takes the page's one state
(`page.PageState`) and returns it, like OCRmyPDF's `process_page`. Each was chosen by measurement on
generated scans (bench/ocr_languages.py, bench/bench_ocr.py):

0. `crop_to_paper`: a phone photo of a sheet on a darker table is cut to the sheet.
   `clean_speckle`: a speckled page (photocopier salt and pepper: many ink pixels a 3x3 median
   removes) is cleaned first; raw, Tesseract crawls on it (40 s a page) and reads garbage.
1. `turn_upright`, orientation (0/90/180/270): Tesseract's OSD costs 0.7 s a page on an idle
   machine (2.5 s under load), nearly the price of the OCR itself, so a projection-profile test
   decides instead (0.09 s idle, 0.2 s loaded; 24/24 right on the bench): text lines make the row
   profile of an upright or upside-down page far sharper than its column profile. Upright vs
   upside-down is then read from the text lines' shape: Vietnamese (and Latin) text has more ink
   above the x-height band (capitals, ascenders, tone marks and hats) than below it. When that
   vote is weak (a page of a few words), OSD is asked after all.
2. `turn_upright`, skew: the angle within ±8° (`_SKEW_RANGE`) that maximizes the row-profile sharpness of a
   downscaled binarized page (1° steps, then 0.25°, then 0.1°; bench error ≤ 0.05°).
3. `read`, the layout: Tesseract glues the header's left column (issuing body, "Số: 05/KH-UBND")
   to the right one (national motto, place and date) into single lines. The header band is found
   (`header_band`: the top lines sharing a wide vertical white gap), cut at that gap, and the two
   halves are stacked above the rest of the page in one composite image: one Tesseract process
   per page, the columns come back as separate blocks, and word boxes are mapped back to page
   pixels.
4. `retry_if_empty`: a page that reads (nearly) empty although it carries ink is retried cleaned
   up (downscaled when huge, median-filtered, binarized) before it is called unreadable.
5. `denoise_if_murky`: a page read below 0.9 mean confidence is read again through a 3x3 median
   filter, the better reading kept. `reorient_if_poor`: a page the profile test uprighted that
   reads poorly (mean confidence < 0.65) is read turned 180° too, then OSD's answer if still
   poor; the better reading wins. The up/down vote fails on pages that are mostly ruled table and
   white space (the sample report's last page: 0.44 confidence as turned, 0.92 upright).
6. `reread_table_cells`: Tesseract misreads lone characters inside ruled cells (a self-score '3'
   came out '2', '°', 'B', '&:' or nothing on a clean scan: 25/34 scores right). The grid is found
   from long ink runs (`table_cells`), and each cell read as at most 3 characters while holding
   ink is cropped inside its rules, binarized and re-read alone (`cells.reread_cells`): 34/34.
7. `read_blanks`: the handwritten number and day in the header's printed blanks, read by their own
   digit reader (`pipeline.extract.ocr.blanks`).

Tesseract runs as a subprocess; `slots` keeps at most `settings.ocr.workers` of them alive across
this process and the extraction children forked from it, whatever number of threads asks.

One module per job (each step's measurements are in its module):

- `page`: `PageState`, the steps above and `STEPS`; `ocr_image` / `ocr_image_detail` run them;
- `pixels`: the most pixels a page is read at (`fit_pixels`, `draft_size`);
- `analysis`: the analysis copy (one downscale, one threshold) and shared ink-mask operations;
- `cleanup`: the sheet cut out of a photo, the speckle check, cleaned and median-filtered copies;
- `orientation`: orientation and skew (projection profiles, OSD when unsure), `upright`;
- `regions`: the two-column header (cut by `extract.layout.header_band`) and ink-cut regions;
- `reading`: one Tesseract reading of a page's regions in one composite, words back in page pixels;
- `cells`: ruled-table grids and the re-read of short cells;
- `blanks`: the number and day written into the header's blanks, read by their own digit reader;
  `rbf_margins`: that reader's support-vector margins as matrix products;
- `tesseract`: every call to Tesseract, its failures mapped to ours (`OcrTimeout`, `OcrFailed`, `OcrUnavailable`);
- `slots`: the Tesseract slots shared by every thread and forked reader; `pool`: the pages of one
  file in a thread pool.
"""

from pipeline.extract.ocr.cells import table_cells
from pipeline.extract.ocr.orientation import Orientation, detect_orientation, upright
from pipeline.extract.ocr.page import OcrDetail, ocr_image, ocr_image_detail
from pipeline.extract.ocr.pixels import OCR_MAX_PIXELS, draft_size, fit_pixels
from pipeline.extract.ocr.pool import ocr_pages
from pipeline.extract.ocr.regions import Region, header_regions, page_regions
from pipeline.extract.ocr.slots import SLOTS_ENV, share_slots
from pipeline.extract.ocr.tesseract import OcrError, OcrFailed, OcrTimeout, OcrUnavailable

__all__ = [
    "OCR_MAX_PIXELS",
    "SLOTS_ENV",
    "OcrDetail",
    "OcrError",
    "OcrFailed",
    "OcrTimeout",
    "OcrUnavailable",
    "Orientation",
    "Region",
    "detect_orientation",
    "draft_size",
    "fit_pixels",
    "header_regions",
    "ocr_image",
    "ocr_image_detail",
    "ocr_pages",
    "page_regions",
    "share_slots",
    "table_cells",
    "upright",
]

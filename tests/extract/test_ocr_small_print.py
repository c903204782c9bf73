"""A signature box printed small at the top of a scanned page, which the page's reading skips, read again
enlarged (extract/ocr/small_print.py, the last of `page.STEPS`)."""

import datetime as dt

from extract_fixtures import SERIF, render_page
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from pipeline.core.config import Settings
from pipeline.extract.ocr.page import ocr_image_detail
from pipeline.extract.signatures import ocr_marks

BOX = ["Ký bởi: Ủy ban nhân dân", "tỉnh Quảng Ngãi", "Thời gian ký:", "11/05/2021 11:26:39"]


def _printed_signed_page(box: list[str]) -> Image.Image:
    """A 200 dpi page with the issuer's box printed at its top right in letters a third of the body's,
    photocopied pale and soft (as `bench/bench_real_docs.py --degraded printed` copies the real ones)."""
    page = render_page()
    draw = ImageDraw.Draw(page)
    small = ImageFont.truetype(SERIF, 13)
    for i, line in enumerate(box):
        draw.text((1240, 12 + 16 * i), line, font=small, fill=40)
    pale = ImageEnhance.Brightness(ImageEnhance.Contrast(page).enhance(0.55)).enhance(1.12)
    return pale.filter(ImageFilter.GaussianBlur(0.9))


def test_a_small_printed_signature_box_is_read_and_dates_the_page():
    page, detail = ocr_image_detail(_printed_signed_page(BOX), Settings())
    assert detail.small_print == 1
    marks = ocr_marks(page.text)
    assert [(m.kind, m.signed_at) for m in marks] == [("signature", dt.datetime(2021, 5, 11, 11, 26, 39))]
    # the box comes first in the text, the header after it, each word once
    assert page.text.index("11:26:39") < page.text.index("CỘNG HÒA")
    assert page.text.count("11/05/2021") == 1


def test_small_print_that_is_no_box_and_a_page_without_one_are_left_as_read():
    # small print without a signing time (a note in the corner) is read again but not kept
    page, detail = ocr_image_detail(_printed_signed_page(["Bản sao lưu tại", "Văn phòng Ủy ban", "nhân dân tỉnh"]),
                                    Settings())
    assert detail.small_print == 0 and "Bản sao" not in page.text
    page, detail = ocr_image_detail(render_page(), Settings())
    assert detail.small_print == 0


def test_a_failed_re_read_leaves_the_page_s_own_reading(monkeypatch):
    from pipeline.extract.ocr import small_print, tesseract

    page_reading = tesseract.image_data

    def fails(img, ocr, psm=3, dpi=None):  # the block's re-read (one block of text) times out, nothing else
        if psm == 6:
            raise tesseract.OcrTimeout("slow")
        return page_reading(img, ocr, psm=psm, dpi=dpi)

    monkeypatch.setattr(small_print.tesseract, "image_data", fails)
    page, detail = ocr_image_detail(_printed_signed_page(BOX), Settings())
    assert detail.small_print == 0 and "CỘNG HÒA" in page.text

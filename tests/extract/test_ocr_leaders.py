"""Dotted leaders of a header's blanks erased before reading (extract/ocr/leaders.py)."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import font_path
from pipeline.extract.ocr.leaders import erase_leaders


def _line(text: str, pen: str = "", dpi: int = 300) -> Image.Image:
    s = dpi / 72
    img = Image.new("L", (int(500 * s), int(300 * s)), 255)
    d = ImageDraw.Draw(img)
    serif = ImageFont.truetype(font_path("dejavu-serif"), int(13 * s))
    d.text((40 * s, 60 * s), text, font=serif, fill=0)
    if pen:
        hand = ImageFont.truetype(font_path("hand-bw-learn"), int(19 * s))
        d.text((40 * s + d.textlength("Số: ", font=serif) + 4 * s, 52 * s), pen, font=hand, fill=20)
    return img


def test_a_blanks_dots_are_erased_and_the_pen_kept():
    for dpi in (200, 300):
        img = _line("Số: .........../QĐ-UBND", pen="84", dpi=dpi)
        out, n = erase_leaders(img)
        assert n >= 5, dpi
        a, b = np.asarray(img) < 128, np.asarray(out) < 128
        assert (a & ~b).sum() > 0 and (b & ~a).sum() == 0  # only ink taken away
        # the pen's strokes and the printed words keep their ink: what went are dot-sized specks
        gone = a & ~b
        assert gone.sum() < 0.1 * a.sum()


def test_text_without_leaders_is_untouched():
    for text in ("Số: 12/QĐ-UBND      Hà Nội, ngày 05 tháng 3 năm 2025",
                 "Về việc … thực hiện kế hoạch … năm 2025: i, ị, ọ, ụ, ệ, ộ.",
                 "phụ nữ; dịch vụ; chỉ thị; quyết định; kịp thời."):
        img = _line(text)
        out, n = erase_leaders(img)
        assert n == 0 and out is img, text


def _dotted_header(number: str, day: str, pen_y: int = 84) -> Image.Image:
    from extract_fixtures import handwritten_header

    return handwritten_header(number, day, dots=True, pen_y=pen_y)


def test_pen_digits_over_dotted_blanks_are_read(config):
    # the pen's day written above the dots: over them Tesseract lost the whole place-date line (no
    # date); with the dots erased it reads as over blank space
    import datetime as dt

    from pipeline.extract.ocr import ocr_image
    from pipeline.read.metadata import parse_metadata

    for pen_y in (84, 88):
        meta = parse_metadata(ocr_image(_dotted_header("84", "26", pen_y=pen_y), config.settings).text)
        assert meta.date == dt.date(2025, 2, 26), pen_y
        # the raised pen number threw the reading of its whole line ("sø. ÊÂÌ /ob-.UBND"): the "Số"
        # read as "sø." is still the anchor, and the printed code is read again alone
        assert meta.symbol == "84/QĐ-UBND", pen_y


def test_an_odd_code_after_the_number_blank():
    from pipeline.extract.ocr.blanks import _odd_code

    assert [_odd_code(t) for t in ("/ob-.UBND", "/OĐB-UBND", "/QĐÐ-UBND")] == [True, True, False]
    assert not any(_odd_code(t) for t in ("/QĐ-UBND", "/2025/QĐ-UBND", "/UBND-VP", "/SGDĐT-VP", "-KH/ĐU", "/TTr-UBND"))

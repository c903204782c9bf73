"""A colour page to gray with its red seal lifted off the text (extract/red_seal.py)."""

import numpy as np
from extract_fixtures import SERIF
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline.core.config import Settings
from pipeline.extract import ocr, red_seal


def _signed(seal: tuple[int, int, int] = (215, 35, 45)) -> Image.Image:
    """A signer's title and name in black, a seal ring with its letters stamped over them, a
    handwritten number in purple pen."""
    img = Image.new("RGB", (1200, 500), (250, 250, 246))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(SERIF, 44)
    d.text((420, 60), "CHỦ TỊCH", fill=(20, 20, 20), font=font)
    d.text((360, 380), "Nguyễn Hoàng Giang", fill=(20, 20, 20), font=font)
    d.text((60, 60), "574", fill=(95, 60, 140), font=font)
    stamp = Image.new("RGB", img.size, (255, 255, 255))  # stamp ink over print: the print shows through
    s = ImageDraw.Draw(stamp)
    s.ellipse((300, 40, 700, 440), outline=seal, width=14)
    s.ellipse((360, 100, 640, 380), outline=seal, width=6)
    s.text((380, 220), "ỦY BAN NHÂN DÂN", fill=seal, font=ImageFont.truetype(SERIF, 30))
    return ImageChops.multiply(img, stamp)


def test_a_red_seal_is_lifted_and_the_ink_under_it_stays():
    img = _signed()
    out = np.asarray(red_seal.gray(img))
    luma = np.asarray(img.convert("L"))
    unstamped = np.asarray(_signed(seal=(255, 255, 255)).convert("L"))
    rgb = np.asarray(img).astype(int)
    seal = rgb[..., 0] - rgb[..., 1:].max(axis=-1) > red_seal.RED_DOMINANCE
    on_paper = seal & (unstamped > 240)
    assert luma[on_paper].mean() < 110  # as dark as ink in plain gray
    assert out[on_paper].min() >= 200  # paper once lifted
    assert (out[~seal] == luma[~seal]).all()  # black print and the purple pen keep their gray
    print_ink = unstamped < 80  # the print, under the seal too, stays ink
    assert (out[print_ink] < 128).mean() > 0.97


def test_a_page_without_red_is_gray_as_before():
    img = _signed(seal=(20, 20, 20))
    assert np.array_equal(np.asarray(red_seal.gray(img)), np.asarray(img.convert("L")))
    gray = img.convert("L")
    assert red_seal.gray(gray) is gray


def test_the_name_under_a_seal_reads():
    # in plain gray the ring's letters and strokes are read into the name; lifted, it reads clean
    page = red_seal.gray(_signed())
    text = ocr.ocr_image(page, Settings()).text
    assert "Nguyễn Hoàng Giang" in text and "CHỦ TỊCH" in text
    assert "ỦY BAN" not in text

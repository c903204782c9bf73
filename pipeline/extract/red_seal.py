"""A colour page to gray with its red seal lifted off the text.

Signed Vietnamese documents carry a red seal over the signer's title and name, a "dấu treo" over
the issuer of an attached plan, and red "KHẨN" / "HỎA TỐC" stamps beside the number. In plain gray
(luma: 0.3 R + 0.6 G + 0.1 B) a seal red of (200, 40, 50) is 99, as dark as ink: Tesseract reads
the ring's letters as words glued to the text under them, and the ring's strokes look like the
rules of a table (`ocr.cells`). Its red channel is light (200), while black print and blue or
purple pen stay dark in it. So a pixel whose red stands well above its green and blue takes its
red value, and every other pixel keeps its luma: black text printed under the seal stays black,
a scan without red is gray exactly as before.

On the 11 real signed scans of `../shared/real-docs`, 5 first pages carry a seal (about 1 % of the
page red); none has red handwriting. A number or day written in red ink would be lifted with the
seal: not seen on any real document we hold, and a cost we accept for the seal.
"""

from __future__ import annotations

from PIL import Image, ImageChops

# Red over the larger of green and blue, at which a pixel is seal ink (0..255). On the real signed
# scans a seal's ink stands up to 240-246 above and its anti-aliased fringe 20-60 (light in luma
# already); paper, black print and the purple pen of the handwritten numbers stand 0-6 above.
RED_DOMINANCE = 60
# Share of a page's pixels (checked on an 8x smaller copy) that must be seal red before the
# page is converted pixel by pixel: a scan of black print on white costs one check (~8 ms).
RED_SHARE = 0.0005


def gray(img: Image.Image) -> Image.Image:
    """`img` in gray ("L"), seal-red pixels lifted to their red value (see the module doc)."""
    if img.mode == "L":
        return img
    if img.mode != "RGB":
        img = img.convert("RGB")
    out = img.convert("L")
    small = img.reduce(8) if min(img.size) >= 64 else img
    if _red_mask(small).histogram()[255] < RED_SHARE * small.width * small.height:
        return out
    out.paste(img.getchannel("R"), mask=_red_mask(img))
    return out


def _red_mask(img: Image.Image) -> Image.Image:
    """255 where red stands `RED_DOMINANCE` above both green and blue, else 0."""
    r, g, b = img.split()
    dominance = ImageChops.subtract(r, ImageChops.lighter(g, b))  # clipped at 0
    return dominance.point(lambda v: 255 if v > RED_DOMINANCE else 0)

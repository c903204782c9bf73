"""The two-column header band, ink-cut regions, and the composite reading with word boxes back in page pixels (extract/ocr/regions.py, reading.py)."""


import numpy as np
from extract_fixtures import render_page

from pipeline.core.config import Settings
from pipeline.core.normalize import fold
from pipeline.extract import ocr
from pipeline.extract.ocr import reading


def test_header_columns_come_out_as_separate_blocks(page):
    p = ocr.ocr_image(page, Settings())
    for line in p.text.splitlines():
        folded = fold(line)
        assert not ("uy ban" in folded and "cong hoa" in folded), line
        assert not ("so:" in folded and "ngay" in folded), line
    body = next(w for w in p.words if w.text.startswith("ỦY"))
    motto = next(w for w in p.words if w.text.startswith("CỘNG"))
    assert body.block != motto.block and body.line != motto.line
    # boxes are page pixels: the motto sits in the right half, the issuing body in the left
    assert motto.left > p.width * 0.45 > body.left
    assert body.top < p.height * 0.1 and motto.top < p.height * 0.1
    lines = p.text.splitlines()
    assert lines.index(next(ln for ln in lines if "ỦY BAN" in ln)) < lines.index(
        next(ln for ln in lines if "CỘNG HÒA" in ln)) < lines.index(next(ln for ln in lines if "KẾ HOẠCH" in ln))


def test_header_regions_only_for_two_column_headers(page):
    assert len(ocr.header_regions(page)) == 3
    plain = render_page(header=False)
    assert len(ocr.header_regions(plain)) == 1

def test_words_carry_boxes_and_lines(page):
    p = ocr.ocr_image(page, Settings())
    assert p.width == page.width and p.height == page.height
    assert p.words and all(0 <= w.conf <= 1 for w in p.words)
    assert all(0 <= w.left < p.width and 0 <= w.top < p.height for w in p.words)
    assert len(p.image_hash) == 16

def test_regions_are_cut_to_their_ink_and_lose_no_words(page):
    gray = page.convert("L")
    regions = ocr.header_regions(gray)
    assert len(regions) == 3
    left, right, rest = (r.box for r in regions)
    assert left[2] <= right[0]  # the columns keep their cut
    assert rest[2] - rest[0] < gray.width and rest[3] - rest[1] < gray.height  # blank paper left out
    whole = reading.ocr_regions(gray, [ocr.Region((0, 0, *gray.size))], gray, Settings().ocr)[0]
    cut = reading.ocr_regions(gray, regions, gray, Settings().ocr)[0]
    assert {w.text for w in whole if w.conf > 0.8} <= {w.text for w in cut}
    assert ocr.page_regions(np.zeros((100, 70), dtype=bool), 0.5, (140, 200)) == [ocr.Region((0, 0, 140, 200))]

"""The header reader on 730 real published headers (tests/data/real_headers.yaml), as text
(born-digital: the words as the page gives them) and printed then scanned (rendered in two
fonts, at two resolutions, skewed and speckled, read by the real OCR path).

The corpus is split: the reader was tuned on `tune`; `measure` is only measured. The floors pin
what the reader reaches on each, so a regression shows; the figures print with -s.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from extract_fixtures import degrade
from PIL import Image, ImageDraw, ImageFont
from real_headers import FIELDS, field_ok, load, meta_fields, scored, title_ok_strict

from pipeline.core.fonts import font_path
from pipeline.read.metadata import parse_metadata
from samples.render import wrap_words

# Reached when written (born-digital and scanned, tune / measure; 730 records since 2026-12-07: each
# collection moved the figures; the ninth's records pulled the scanned tune half down, 0.982 → 0.979 type,
# 0.963 → 0.956 title, with its damaged forms and flattened pages; the twelfth's 18 OCR'd tax letters and
# stamped circulars, numbers and titles damaged past reading, pulled every half down again; the
# line-level stress rules of the 29th session raised born-digital measure symbol and title to 0.910 / 0.900).
BORN_DIGITAL_FLOOR = {
    "tune": {"doc_type": 0.97, "symbol": 0.96, "date": 0.99, "title": 0.95},
    "measure": {"doc_type": 0.95, "symbol": 0.91, "date": 0.97, "title": 0.90},
}
SCANNED_FLOOR = {
    "tune": {"doc_type": 0.97, "symbol": 0.95, "date": 0.97, "title": 0.94},
    "measure": {"doc_type": 0.95, "symbol": 0.88, "date": 0.96, "title": 0.88},
}


def figures(docs: list[dict], read) -> tuple[dict[str, float], list[tuple]]:
    ok = {f: 0 for f in FIELDS}
    n = {f: 0 for f in FIELDS}
    misses = []
    for d in docs:
        got = read(d)
        for f in FIELDS:
            if not scored(f, d["truth"]):
                continue
            n[f] += 1
            if field_ok(f, d["truth"][f], got[f]):
                ok[f] += 1
            else:
                misses.append((d["id"], f, d["truth"][f], got[f]))
    return {f: round(ok[f] / n[f], 3) for f in FIELDS if n[f]}, misses


def strict_titles(docs: list[dict], read) -> float:
    """The title figure under the real-docs scorer's stricter rule (`title_ok_strict`), printed beside ours."""
    scored_docs = [d for d in docs if scored("title", d["truth"])]
    return round(sum(title_ok_strict(d["truth"]["title"], read(d)["title"]) for d in scored_docs) / len(scored_docs), 3)


@pytest.mark.parametrize("split", ["tune", "measure"])
def test_born_digital_real_headers(split):
    docs = load(split)
    res, misses = figures(docs, lambda d: meta_fields(parse_metadata(d["text"])))
    strict = strict_titles(docs, lambda d: meta_fields(parse_metadata(d["text"])))
    print(f"\nreal headers, born-digital, {split} ({len(docs)} documents): {res}; title by the real-docs scorer's "
          f"rule: {strict}")
    low = {f: v for f, v in res.items() if v < BORN_DIGITAL_FLOOR[split][f]}
    assert not low, (low, misses if split == "tune" else len(misses))


# ---- printed and scanned ----------------------------------------------------------------------

LOOKS = [("dejavu-serif", 300, 0.8, 0.002), ("liberation-serif", 200, -1.2, 0.003),
         ("dejavu-serif", 200, 1.5, 0.001), ("liberation-serif", 300, -0.5, 0.002)]


@lru_cache(maxsize=16)
def _font(key: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(key), px)


def render_header(text: str, font: str, dpi: int) -> Image.Image:
    """The header's lines printed on an A4 page: capitals centred, long lines wrapped."""
    s = dpi / 72
    page = Image.new("L", (round(595 * s), round(842 * s)), 255)
    draw = ImageDraw.Draw(page)
    f = _font(font, round(13 * s))
    left, width, y = 70 * s, 455 * s, 60 * s
    for line in text.splitlines()[:30]:
        line = line.strip()
        if not line:
            y += 6 * s
            continue
        for part in wrap_words(line, width, lambda t: draw.textlength(t, font=f)):
            w = draw.textlength(part, font=f)
            caps = sum(c.isupper() for c in part) >= 0.8 * max(1, sum(c.isalpha() for c in part))
            x = left + (width - w) / 2 if caps and w < width * 0.9 else left
            draw.text((x, y), part, font=f, fill=25)
            y += 19 * s
            if y > 800 * s:
                return page
    return page


@pytest.mark.slow
@pytest.mark.parametrize("split", ["tune", "measure"])
def test_scanned_real_headers(config, split):
    from pipeline.extract.ocr import ocr_pages

    docs = load(split)
    loaders = []
    for i, d in enumerate(docs):
        font, dpi, skew, noise = LOOKS[i % len(LOOKS)]
        loaders.append(lambda d=d, font=font, dpi=dpi, skew=skew, noise=noise, i=i:
                       degrade(render_header(d["text"], font, dpi), skew=skew, noise=noise, seed=i))
    pages = ocr_pages(loaders, config.settings)
    by_id = {d["id"]: p.text for d, p in zip(docs, pages, strict=True)}
    res, misses = figures(docs, lambda d: meta_fields(parse_metadata(by_id[d["id"]])))
    strict = strict_titles(docs, lambda d: meta_fields(parse_metadata(by_id[d["id"]])))
    print(f"\nreal headers, printed and scanned, {split} ({len(docs)} documents): {res}; title by the real-docs "
          f"scorer's rule: {strict}")
    low = {f: v for f, v in res.items() if v < SCANNED_FLOOR[split][f]}
    assert not low, (low, misses if split == "tune" else len(misses))

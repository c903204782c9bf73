"""One Tesseract reading of a page: its regions stacked in one composite image, the words mapped back
to page pixels and numbered page-wide, and how good a reading is (`readable`, `better`)."""

from __future__ import annotations

from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.model import Word
from pipeline.core.normalize import normalize_text
from pipeline.extract.ocr import tesseract
from pipeline.extract.ocr.regions import Region, header_regions
from pipeline.extract.ocr.tesseract import estimated_dpi

_PAD = 24  # white margin around and between stacked regions


def compose(img: Image.Image, regions: list[Region]) -> tuple[Image.Image, list[tuple[int, Region]]]:
    """Stack the regions vertically; returns the composite and each region's y offset in it."""
    crops = [img.crop(r.box) for r in regions]
    width = max(c.width for c in crops) + 2 * _PAD
    height = sum(c.height for c in crops) + _PAD * (len(crops) + 1)
    out = Image.new("L", (width, height), 255)
    offsets = []
    y = _PAD
    for crop, region in zip(crops, regions, strict=True):
        out.paste(crop, (_PAD, y))
        offsets.append((y, region))
        y += crop.height + _PAD
    return out, offsets


def ocr_variant(variant: Image.Image, page_img: Image.Image, ocr: OcrSettings) -> tuple[list[Word], str]:
    """OCR `variant` (the page, or a cleaned/rescaled copy of it) with the header split; word
    boxes in pixels of `page_img`."""
    return ocr_regions(variant, header_regions(variant), page_img, ocr)


def ocr_regions(variant: Image.Image, regions: list[Region], page_img: Image.Image, ocr: OcrSettings
                ) -> tuple[list[Word], str]:
    """One Tesseract process over `regions` of `variant` stacked in one composite: the words (boxes
    in pixels of `page_img`, of which `variant` may be a rescaled copy) and the text."""
    composite, offsets = compose(variant, regions)
    words, text = words_and_text(tesseract.image_data(composite, ocr, dpi=estimated_dpi(variant)), offsets)
    f = variant.width / page_img.width
    if abs(f - 1.0) > 1e-6:
        for w in words:
            w.left, w.top = int(w.left / f), int(w.top / f)
            w.width, w.height = int(w.width / f), int(w.height / f)
    return words, text


def words_and_text(data: dict, offsets: list[tuple[int, Region]] | None = None) -> tuple[list[Word], str]:
    """Tesseract's words (`image_data`) and text: blocks separated by a blank line, lines by a newline, blocks
    and lines numbered in reading order. With `offsets` (`compose`'s), the boxes are mapped back from the
    composite to page pixels, regions in order; without, they stay in the pixels of the image read."""
    items = []
    for i, raw in enumerate(data["text"]):
        text = normalize_text(raw or "")
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if offsets is None:
            ridx, left, top = 0, data["left"][i], data["top"][i]
        else:
            cy = data["top"][i] + data["height"][i] / 2
            ridx = max(j for j, (y0, _) in enumerate(offsets) if cy >= y0 - _PAD / 2 or j == 0)
            y0, region = offsets[ridx]
            left = data["left"][i] - _PAD + region.box[0]
            top = data["top"][i] - y0 + region.box[1]
        key_block = (ridx, data["block_num"][i])
        key_line = (ridx, data["block_num"][i], data["par_num"][i], data["line_num"][i])
        items.append((key_block, key_line, data["word_num"][i], text, conf, left, top, data["width"][i], data["height"][i]))
    block_ids: dict = {}
    line_ids: dict = {}
    words: list[Word] = []
    for kb, kl, _, text, conf, left, top, width, height in items:
        block_ids.setdefault(kb, len(block_ids) + 1)
        line_ids.setdefault(kl, len(line_ids) + 1)
        words.append(Word(text=text, conf=round(conf / 100.0, 4), left=int(left), top=int(top),
                          width=int(width), height=int(height), block=block_ids[kb], line=line_ids[kl]))
    return words, text_of(words)


def text_of(words: list[Word]) -> str:
    """Page text from words in reading order: blocks separated by a blank line, lines by a newline."""
    parts: list[str] = []
    prev_block = prev_line = None
    for w in words:
        if prev_block is not None and w.block != prev_block:
            parts.append("\n\n")
        elif prev_line is not None and w.line != prev_line:
            parts.append("\n")
        elif parts:
            parts.append(" ")
        parts.append(w.text)
        prev_block, prev_line = w.block, w.line
    return normalize_text("".join(parts))


def readable(words: list[Word]) -> int:
    return sum(1 for w in words if w.conf >= 0.5 and sum(c.isalnum() for c in w.text) >= 2)


def mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def better(words: list[Word], than: list[Word]) -> bool:
    """More readable words read more confidently (the product: garbage from a page OCR'd upside
    down scores low on both)."""
    return readable(words) * mean_conf(words) > readable(than) * mean_conf(than)

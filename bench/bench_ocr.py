"""Cost of the OCR path against raw Tesseract, orientation/skew accuracy, throughput on 2 cores.

1. Per page: `pipeline.ocr.ocr_image` (orientation + deskew + header split + OCR + hash) vs the
   plain `tesseract page.png stdout -l vie` CLI on the same upright images; the ratio is the
   overhead of what the pipeline adds.
2. Orientation and skew: accuracy and milliseconds of `detect_orientation` (projection
   profiles) on pages turned 0/90/180/270 and skewed ±3.5°, against Tesseract OSD's cost.
3. Throughput: `ocr_pages` with `settings.ocr.workers` threads, pages per minute.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_ocr.py [--pages 6]

The machine is shared: run it when it is otherwise idle, or read the ratio rather than seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import pytesseract  # noqa: E402
from extract_fixtures import degrade, render_table_page  # noqa: E402
from ocr_languages import make_pages  # noqa: E402

from pipeline.config import Settings  # noqa: E402
from pipeline.ocr import detect_orientation, ocr_image, ocr_pages  # noqa: E402


def bench_vs_cli(pages, settings: Settings, workdir: Path) -> None:
    ours, raw = [], []
    for i, (img, _, _) in enumerate(pages):
        png = workdir / f"p{i}.png"
        img.save(png)
        t = time.perf_counter()
        subprocess.run(["tesseract", str(png), "stdout", "-l", settings.ocr.languages], check=True,
                       capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        raw.append(time.perf_counter() - t)
        t = time.perf_counter()
        ocr_image(img, settings)
        ours.append(time.perf_counter() - t)
    r, o = sum(raw) / len(raw), sum(ours) / len(ours)
    print(f"OCR path vs raw tesseract CLI ({len(pages)} pages, one at a time):")
    print(f"  raw tesseract {r:.2f} s/page, OCR path {o:.2f} s/page, ratio {o / r:.2f}")


def bench_orientation(pages, n: int = 24) -> None:
    rnd = random.Random(3)
    ok = 0
    skew_err = []
    cost = []
    osd_cost = []
    osd_ok = 0
    table = render_table_page()
    for i in range(n):
        # the clean page (the skew applied here is the truth); every third one a ruled table
        img = table if i % 3 == 2 else pages[i % len(pages)][2]
        turn = (0, 90, 180, 270)[i % 4]
        skew = round(rnd.uniform(-3.5, 3.5), 1)
        turned = degrade(img, rotate=turn, skew=skew, noise=0.003, seed=i)
        t = time.perf_counter()
        o = detect_orientation(turned, osd_fallback=False)
        cost.append(time.perf_counter() - t)
        ok += o.rotation == turn
        skew_err.append(abs(o.skew - skew))
        if i < 8:
            t = time.perf_counter()
            osd = pytesseract.image_to_osd(turned, config="--psm 0", output_type=pytesseract.Output.DICT)
            osd_cost.append(time.perf_counter() - t)
            osd_ok += osd["rotate"] == turn
    print(f"Orientation/skew by projection profiles on {n} pages, a third of them ruled tables"
          " (turned 0/90/180/270, skew ±3.5°):")
    print(f"  rotation correct {ok}/{n}; skew error mean {sum(skew_err) / n:.2f}°, max {max(skew_err):.2f}°;"
          f" {1000 * sum(cost) / n:.0f} ms/page")
    print(f"  Tesseract OSD for comparison: {osd_ok}/{len(osd_cost)} correct,"
          f" {1000 * sum(osd_cost) / len(osd_cost):.0f} ms/page")


def bench_throughput(pages, settings: Settings) -> None:
    loaders = [(lambda im=img: im.copy()) for img, _, _ in pages]
    t = time.perf_counter()
    ocr_pages(loaders, settings)
    elapsed = time.perf_counter() - t
    print(f"Throughput with {settings.ocr.workers} workers: {len(pages)} pages in {elapsed:.1f} s ="
          f" {60 * len(pages) / elapsed:.1f} pages/min")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6)
    args = ap.parse_args()
    pages = make_pages(args.pages)
    settings = Settings()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        bench_vs_cli(pages, settings, Path(tmp))
    bench_orientation(pages)
    bench_throughput(pages, settings)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

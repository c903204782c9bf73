"""Cost of the OCR path against raw Tesseract, orientation/skew accuracy, throughput on 2 cores.

1. Per page: `pipeline.extract.ocr.ocr_image` (paper crop, noise check, orientation, deskew, header
   split, regions cut to their ink, OCR with word boxes, table gate and cell re-reads, page hash)
   against the plain `tesseract page.png stdout -l vie` command on the same images, one page at a
   time, in the same run; the ratio is what the pipeline adds. Two page sets:
   - generated: scan-like pages (200 dpi, skew ±2°, light noise), text over the top half;
   - sample: every scanned or photographed page of `samples/inbox` as extraction renders it
     (300 dpi), full pages, score tables among them.
2. At full load: both sets again with `settings.ocr.workers` pages at once, our path
   (`ocr_pages`) against that many raw `tesseract` processes: pages per minute on 2 cores.
3. Orientation and skew: accuracy and milliseconds of `detect_orientation` (projection
   profiles) on pages turned 0/90/180/270 and skewed ±3.5°, against Tesseract OSD's cost.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_ocr.py [--pages 8] [--sample-pages 24]

The machine is shared: run it when it is otherwise idle, or read the ratios rather than seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import pytesseract  # noqa: E402
from extract_fixtures import degrade, render_table_page  # noqa: E402
from ocr_languages import make_pages  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

from pipeline.core.config import Settings  # noqa: E402
from pipeline.extract import pdf_text  # noqa: E402
from pipeline.extract.ocr import detect_orientation, ocr_image, ocr_pages  # noqa: E402
from pipeline.extract.sniff import sniff  # noqa: E402
from pipeline.inbox.quarantine import Refused  # noqa: E402


def sample_pages(limit: int, settings: Settings) -> list[Image.Image]:
    """The sample inbox's scanned and photographed pages as extraction hands them to OCR."""
    inbox = ROOT / "samples" / "inbox"
    if not inbox.is_dir():
        subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(inbox),
                        "--truth", str(ROOT / "samples" / "ground_truth.json")], cwd=ROOT,
                       check=True, capture_output=True)
    images = []
    for path in sorted(p for p in inbox.rglob("*") if p.is_file()):
        kind = sniff(path)
        if kind == "pdf":
            try:
                count = pdf_text.open_check(path, settings)
            except Refused:  # the inbox's damaged and encrypted files
                continue
            layer = pdf_text.read_text_layer(path, settings, count)
            missing = [i for i, page in enumerate(layer.pages) if page is None]
            if missing:
                renderer = pdf_text.PdfRenderer(path, settings.ocr.dpi, settings.ocr.max_image_pixels)
                images += [renderer.render(i) for i in missing]
                renderer.close()
        elif kind in ("jpeg", "png", "tiff"):
            with Image.open(path) as img:
                images.append(ImageOps.exif_transpose(img).convert("L"))
    step = max(1, len(images) // limit) if limit else 1
    return images[::step][:limit] if limit else images


def bench_vs_cli(name: str, images: list[Image.Image], settings: Settings, workdir: Path) -> tuple[float, float]:
    """Seconds a page, one page at a time: (raw tesseract, OCR path)."""
    ours, raw = [], []
    for i, img in enumerate(images):
        png = workdir / f"{name}{i}.png"
        img.save(png)
        t = time.perf_counter()
        _raw_tesseract(png, settings)
        raw.append(time.perf_counter() - t)
        t = time.perf_counter()
        ocr_image(img, settings)
        ours.append(time.perf_counter() - t)
    r, o = sum(raw) / len(raw), sum(ours) / len(ours)
    print(f"  {name:<9} {len(images):>3} pages  raw tesseract {r:.2f} s/page  OCR path {o:.2f} s/page"
          f"  ratio {o / r:.2f}")
    return r, o


def _raw_tesseract(png: Path, settings: Settings) -> None:
    subprocess.run(["tesseract", str(png), "stdout", "-l", settings.ocr.languages], check=True,
                   capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def bench_loaded(name: str, images: list[Image.Image], settings: Settings, workdir: Path) -> None:
    pngs = [workdir / f"{name}{i}.png" for i in range(len(images))]
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=settings.ocr.workers) as pool:
        list(pool.map(lambda p: _raw_tesseract(p, settings), pngs))
    raw = time.perf_counter() - t
    loaders = [(lambda im=img: im.copy()) for img in images]
    t = time.perf_counter()
    ocr_pages(loaders, settings)
    ours = time.perf_counter() - t
    print(f"  {name:<9} {len(images):>3} pages  raw tesseract {60 * len(images) / raw:.1f} pages/min"
          f"  OCR path {60 * len(images) / ours:.1f} pages/min  ratio (time) {ours / raw:.2f}")


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=8, help="generated pages")
    ap.add_argument("--sample-pages", type=int, default=24, help="sample inbox pages (0: all)")
    args = ap.parse_args()
    settings = Settings()
    generated = [img for img, _, _ in make_pages(args.pages)]
    sets = {"generated": generated, "sample": sample_pages(args.sample_pages, settings)}
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        print("OCR path vs raw tesseract CLI, one page at a time:")
        totals = [bench_vs_cli(name, images, settings, Path(tmp)) for name, images in sets.items()]
        n = [len(images) for images in sets.values()]
        raw = sum(r * k for (r, _), k in zip(totals, n, strict=True)) / sum(n)
        ours = sum(o * k for (_, o), k in zip(totals, n, strict=True)) / sum(n)
        print(f"  all       {sum(n):>3} pages  raw tesseract {raw:.2f} s/page  OCR path {ours:.2f} s/page"
              f"  ratio {ours / raw:.2f}")
        print(f"At full load, {settings.ocr.workers} pages at once:")
        for name, images in sets.items():
            bench_loaded(name, images, settings, Path(tmp))
    bench_orientation(make_pages(6))
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

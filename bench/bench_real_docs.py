"""Header reading on the real signed documents of ../shared/real-docs, beside the peer system, and
what reading signed headers costs against raw Tesseract.

1. Accuracy: the whole pipeline (run_sequential) over the 13 files; the set's own `score.py`
   prints per-field accuracy (overall, scanned, born-digital, hand-written number) with the peer's
   figures beside ours where it has them.
2. Cost: every scanned page 1 of the set, rendered in colour: `red_seal.gray` and
   `pipeline.extract.ocr.ocr_image` (which also finds the header's blanks and re-reads handwritten
   digits) against `tesseract page.png stdout -l vie` on the same images, one page at a time, in
   the same run. The first page of a process also trains
   the digit reader (a few seconds, once): reported apart, not in the ratio.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_real_docs.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
REAL_DOCS = ROOT.parent / "shared" / "real-docs"


def accuracy() -> None:
    from pipeline.core.config import load_config
    from pipeline.run.runner import run_sequential

    with tempfile.TemporaryDirectory() as tmp:
        unit = Path(tmp) / "inbox" / "Xa Vinh Thanh"
        unit.mkdir(parents=True)
        for pdf in sorted((REAL_DOCS / "files").glob("*.pdf")):
            shutil.copyfile(pdf, unit / pdf.name)
        t0 = time.monotonic()
        run_sequential(Path(tmp) / "inbox", "2025", Path(tmp) / "out", Path(tmp) / "state", load_config())
        print(f"pipeline over {len(list(unit.iterdir()))} files: {time.monotonic() - t0:.1f} s\n")
        subprocess.run([sys.executable, str(REAL_DOCS / "score.py"), str(REAL_DOCS / "truth.json"),
                        str(Path(tmp) / "out" / "draft.json")], check=False)


def cost() -> None:
    import pypdfium2 as pdfium

    from pipeline.core.config import load_config
    from pipeline.extract import red_seal
    from pipeline.extract.ocr import blanks, ocr_image

    settings = load_config().settings
    t0 = time.monotonic()
    blanks.classifier()
    train = time.monotonic() - t0
    images = []
    for pdf in sorted((REAL_DOCS / "files").glob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        if doc[0].get_textpage().count_chars() > 200:
            continue  # born-digital: no OCR
        images.append(doc[0].render(scale=settings.ocr.dpi / 72).to_pil())  # in colour, as scanned
    # Two baselines: raw Tesseract on the page as scanned (colour), and on its plain gray (luma)
    # copy, the stricter one (Tesseract's own work on the colour page includes the seal).
    raw = {"colour": 0.0, "gray": 0.0}
    ours = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, img in enumerate(images):
            for kind, page in (("colour", img), ("gray", img.convert("L"))):
                path = Path(tmp) / f"p{i}-{kind}.png"
                page.save(path)
                t = time.monotonic()
                subprocess.run(["tesseract", str(path), "stdout", "-l", "vie"], capture_output=True, check=True)
                raw[kind] += time.monotonic() - t
            t = time.monotonic()
            ocr_image(red_seal.gray(img), settings)  # the page to gray (seal lifted) counts as ours
            ours += time.monotonic() - t
    n = len(images)
    print(f"| page set | raw `tesseract`, colour page | raw, gray page | OCR path (seal lifted, blank re-reads) "
          f"| ratio to colour | ratio to gray |\n|---|---|---|---|---|---|\n"
          f"| {n} real signed scans, page 1, {settings.ocr.dpi} dpi | {raw['colour'] / n:.2f} s/page | "
          f"{raw['gray'] / n:.2f} s/page | {ours / n:.2f} s/page | **{ours / raw['colour']:.2f}x** | "
          f"**{ours / raw['gray']:.2f}x** |")
    print(f"\ndigit reader training, once per process: {train:.1f} s")


def main() -> None:
    if not (REAL_DOCS / "truth.json").is_file():
        print(f"skipped: the real signed documents are not at {REAL_DOCS}")
        return
    accuracy()
    print()
    cost()


if __name__ == "__main__":
    main()

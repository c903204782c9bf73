"""Real headers printed and scanned coarser than the scanned-header test prints them: 150 dpi (or `--dpi`), saved
as JPEG at quality 50 (or `--quality`), as an office's e-mailed scan or a copier's "small file" setting makes them.

Each record of the real-header corpus (tests/data/real_headers.yaml) is printed one line under another in the
scanned-header test's looks (tests/read/test_real_headers.py: two serif faces, skew, speckle), at that resolution,
then JPEG-compressed in gray, read by the pipeline's OCR path and scored. The tune half by default; `--measure`
prints the measure half's figures (tests/data/real_headers.md: never tuned on). Asserts nothing. About 2.5 minutes
a half on two cores.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_lowres_headers.py [--measure] [--dpi 150] [--quality 50]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from extract_fixtures import degrade  # noqa: E402
from PIL import Image  # noqa: E402
from real_headers import load, meta_fields  # noqa: E402
from test_real_headers import LOOKS, figures, render_header  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402
from pipeline.extract.ocr import ocr_pages  # noqa: E402
from pipeline.read.metadata import parse_metadata  # noqa: E402


def coarse_page(text: str, i: int, dpi: int, quality: int) -> Image.Image:
    """The header printed in the test's look `i` at `dpi`, JPEG-compressed in gray at `quality`."""
    font, _, skew, noise = LOOKS[i % len(LOOKS)]
    page = degrade(render_header(text, font, dpi), skew=skew, noise=noise, seed=i).convert("L")
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--quality", type=int, default=50)
    args = ap.parse_args()
    split = "measure" if args.measure else "tune"
    docs = load(split)
    loaders = [lambda d=d, i=i: coarse_page(d["text"], i, args.dpi, args.quality) for i, d in enumerate(docs)]
    pages = ocr_pages(loaders, load_config().settings)
    text = {d["id"]: p.text for d, p in zip(docs, pages, strict=True)}
    res, misses = figures(docs, lambda d: meta_fields(parse_metadata(text[d["id"]])))
    print(f"real headers, {split} ({len(docs)}), printed at {args.dpi} dpi, JPEG quality {args.quality}: {res}")
    if split == "tune":
        for m in misses:
            print("  ", m)


if __name__ == "__main__":
    main()

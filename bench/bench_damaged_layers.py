"""Real headers behind a damaged text layer: what the header reader got from the layer, and what it gets now
that extraction reads such a page by OCR (`pipeline/extract/legibility.py`).

Each record of the real-header corpus (tests/data/real_headers.yaml) is printed on an A4 page the way the
scanned-header test prints it (tests/read/test_real_headers.py: two fonts, 200 or 300 dpi, a little skew
and speckle), and written as a PDF whose invisible text layer holds the same lines with their letters lost
the way a font without Vietnamese's precomposed letters loses them (every letter outside Latin-1 and
`ĐƯƠĂĨŨ` dropped: `C NG HOÀ XÃ H I CH NGHĨA VI T NAM`), or every non-ASCII letter unmapped (`(cid:123)`).
Per field: correct when the layer is trusted as it is (the reader on the damaged text) against correct
through `extract_file` and `classify_document` now (over a scan, the layer's digits fill what OCR could not
read: `pipeline/read/crosscheck.py`); and how many pages were judged damaged. The tune half by default; `--measure`
prints the measure half's figures only (tests/data/real_headers.md). Asserts nothing.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_damaged_layers.py [--measure] [--limit N] [--cid]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from extract_fixtures import degrade, lose_letters, sandwich_pdf, unmap_letters  # noqa: E402
from real_headers import FIELDS, field_ok, load, meta_fields, scored  # noqa: E402
from test_real_headers import LOOKS, render_header  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.model import TextSource  # noqa: E402
from pipeline.extract.files import extract_file  # noqa: E402
from pipeline.extract.legibility import drop_unmapped  # noqa: E402
from pipeline.read.classify import classify_document  # noqa: E402
from pipeline.read.metadata import parse_metadata  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cid", action="store_true", help="unmapped glyphs instead of lost letters")
    args = ap.parse_args()
    settings = load_config().settings
    docs = load("measure" if args.measure else "tune")
    if args.limit:
        docs = docs[: args.limit]
    damage = unmap_letters if args.cid else lose_letters
    ok_before = dict.fromkeys(FIELDS, 0)
    ok_now = dict.fromkeys(FIELDS, 0)
    n = dict.fromkeys(FIELDS, 0)
    ocred = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, d in enumerate(docs):
            font, dpi, skew, noise = LOOKS[i % len(LOOKS)]
            image = degrade(render_header(d["text"], font, dpi), skew=skew, noise=noise, seed=i)
            lines = [damage(line) for line in d["text"].splitlines()[:30]]
            pdf = Path(tmp) / f"{d['id']}.pdf"
            sandwich_pdf(pdf, image, lines)
            before = meta_fields(parse_metadata(drop_unmapped("\n".join(lines))))
            ef = extract_file(pdf, pdf.name, settings)
            page = ef.documents[0].pages[0] if ef.documents else None
            ocred += bool(page and page.source == TextSource.OCR)
            now = meta_fields(classify_document(ef.documents[0]).meta) if ef.documents else dict.fromkeys(FIELDS)
            for f in FIELDS:
                if scored(f, d["truth"]):
                    n[f] += 1
                    ok_before[f] += field_ok(f, d["truth"][f], before[f])
                    ok_now[f] += field_ok(f, d["truth"][f], now[f])
    half = "measure" if args.measure else "tune"
    print(f"{len(docs)} real headers ({half}) behind a text layer with "
          f"{'unmapped glyphs' if args.cid else 'lost letters'}; {time.perf_counter() - start:.0f} s")
    print(f"pages read by OCR: {ocred}/{len(docs)}")
    print(f"{'field':10}{'layer trusted':>18}{'now':>18}")
    for f in FIELDS:
        print(f"{f:10}{ok_before[f] / n[f]:>12.3f} ({ok_before[f]:>3}){ok_now[f] / n[f]:>12.3f} ({ok_now[f]:>3})")


if __name__ == "__main__":
    main()

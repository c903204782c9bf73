"""Nightly re-run and memory: the real `kiemchung run` (Prefect flow) as a subprocess.

    .venv/bin/python bench/bench_incremental.py [--files 1000] [--pages 2000] [--scans 100]

1. Re-run on an unchanged inbox of N files (DOCX and text PDFs, plus a few scanned pages):
   first run vs second run wall time (target: second < 5 % of first) and the second run's
   extraction and OCR counts (target: zero, read from draft.json's accounting).
2. Peak memory (max RSS of the run process, kernel ru_maxrss) on an inbox of ~P text-PDF pages
   (target: < 1.5 GB).
Prints a table; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.core.fonts import font_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONT = font_path("dejavu-serif")
UNITS = ["Xa Vinh Thanh", "TT Phu Loc", "Xa Thanh Tri", "Xa Thanh Tan", "Xa Tuan Tuc", "Xa Chau Hung",
         "Xa Lam Tan", "Xa Vinh Loi", "TT Hung Loi", "Xa Lam Kiet"]
TITLES = ["Kế hoạch cải cách hành chính năm 2018", "Báo cáo kết quả kiểm soát thủ tục hành chính",
          "Kế hoạch đào tạo, bồi dưỡng CBCC năm 2018", "Báo cáo công tác CCHC quý I năm 2018",
          "Quyết định ban hành Quy chế chi tiêu nội bộ", "Báo cáo tình hình thi hành pháp luật"]


def _page_lines(i: int, title: str, page: int) -> list[str]:
    return ["ỦY BAN NHÂN DÂN XÃ", f"Số: {i % 90 + 1:02d}/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", f"ngày {i % 27 + 1} tháng {i % 12 + 1} năm 2018", title.upper(),
            f"Trang {page}: nội dung báo cáo số {i}, thực hiện nhiệm vụ cải cách hành chính của đơn vị.",
            "Ủy ban nhân dân xã triển khai thực hiện các nội dung theo kế hoạch của huyện."]


def make_inbox(root: Path, files: int, pages_per_pdf: int = 1, scans: int = 0) -> int:
    """Write `files` documents (half DOCX, half text PDF) plus `scans` image-only pages; returns pages."""
    from docx import Document
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    pages = 0
    for i in range(files):
        unit = root / UNITS[i % len(UNITS)]
        unit.mkdir(parents=True, exist_ok=True)
        title = f"{TITLES[i % len(TITLES)]} ({i})"
        if i % 2 == 0 and pages_per_pdf == 1:
            doc = Document()
            for line in _page_lines(i, title, 1):
                doc.add_paragraph(line)
            doc.save(unit / f"vb_{i:05d}.docx")
            pages += 1
        else:
            c = canvas.Canvas(str(unit / f"vb_{i:05d}.pdf"))
            c.setFont("DejaVuSerif", 11)
            for p in range(pages_per_pdf):
                for j, line in enumerate(_page_lines(i, title, p + 1)):
                    c.drawString(60, 780 - 18 * j, line)
                c.showPage()
                pages += 1
            c.save()
    font = ImageFont.truetype(FONT, 36)
    for k in range(scans):
        img = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        d = ImageDraw.Draw(img)
        for j, line in enumerate(_page_lines(10_000 + k, TITLES[k % len(TITLES)], 1)):
            d.text((140, 160 + 70 * j), line, font=font, fill=0)
        unit = root / UNITS[k % len(UNITS)]
        unit.mkdir(parents=True, exist_ok=True)
        img.save(unit / f"scan_{k:03d}.png")
        pages += 1
    return pages


def run_once(inbox: Path, out: Path, state: Path) -> tuple[float, dict, int]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("KIEMCHUNG_DB_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.run.cli", "run", "--inbox", str(inbox), "--period", "2018",
                           "--out", str(out), "--state", str(state), "--no-progress"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"run failed: {proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, max over children so far
    draft = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    return seconds, draft["accounting"], max(before, after)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--scans", type=int, default=100)
    ap.add_argument("--pages", type=int, default=2000, help="pages of the memory inbox")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kc-bench-") as tmp:
        tmp = Path(tmp)
        pages = make_inbox(tmp / "inbox", args.files, scans=args.scans)
        first, acc1, _ = run_once(tmp / "inbox", tmp / "out1", tmp / "state")
        second, acc2, _ = run_once(tmp / "inbox", tmp / "out2", tmp / "state")
        rows.append(("first run", f"{args.files + args.scans} files, {pages} pages", f"{first:.1f} s",
                     f"extracted {acc1['extracted']}, OCR pages {acc1['ocr_pages']}"))
        rows.append(("re-run, unchanged", "same inbox", f"{second:.1f} s",
                     f"extracted {acc2['extracted']} (OCR calls {0 if acc2['extracted'] == 0 else 'some'}), "
                     f"cache hits {acc2['cache_hits']}, units reused {acc2.get('units_reused', 0)}"))
        rows.append(("ratio re-run / first", "target < 5 %", f"{100 * second / first:.1f} %", ""))
    with tempfile.TemporaryDirectory(prefix="kc-bench-mem-") as tmp:
        tmp = Path(tmp)
        per_pdf = 20
        pages = make_inbox(tmp / "inbox", max(1, args.pages // per_pdf), pages_per_pdf=per_pdf)
        seconds, acc, _ = run_once(tmp / "inbox", tmp / "out", tmp / "state")
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows.append(("peak memory", f"{pages} text-PDF pages", f"{peak_kib / 1024:.0f} MB",
                     f"target < 1536 MB; run {seconds:.1f} s"))
    width = [max(len(str(r[i])) for r in rows) for i in range(4)]
    print("| measure | input | value | notes |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, width, strict=True)) + " |")


if __name__ == "__main__":
    main()

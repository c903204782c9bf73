"""Which Tesseract language reads commune documents best: `vie`, `vie+eng` or `Vietnamese`.

Renders Vietnamese administrative pages with PIL (DejaVu Serif and Liberation Serif, the
two-column header, a title, body lines), degrades them like scans (blur, salt and pepper, a
slight skew), runs the real OCR path (`pipeline.extract.ocr.ocr_image`) with each language and prints the
character error rate (Levenshtein over NFC text, whitespace collapsed) and seconds per page.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_languages.py [--pages 6]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from extract_fixtures import (  # noqa: E402
    BODY,
    HEADER_LEFT,
    HEADER_RIGHT,
    LIBERATION,
    LIBERATION_BOLD,
    SERIF,
    SERIF_BOLD,
    degrade,
    render_page,
)
from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.core.config import Settings  # noqa: E402
from pipeline.extract.ocr import ocr_image  # noqa: E402

MORE_BODY = [
    "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2018;",
    "Quyết định kiện toàn Ban chỉ đạo cải cách hành chính xã Vĩnh Thành;",
    "Tổ chức kiểm tra công vụ đối với cán bộ, công chức tại Ủy ban nhân dân xã.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%; trễ hạn 3 hồ sơ (1,5%).",
    "Thực hiện cơ chế một cửa, một cửa liên thông theo Quyết định số 09/2015/QĐ-TTg.",
    "Ứng dụng công nghệ thông tin, sử dụng hộp thư điện tử công vụ trong trao đổi văn bản.",
    "Khảo sát sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính.",
    "Đề nghị Ủy ban nhân dân huyện Thạnh Trị xem xét, hỗ trợ kinh phí năm 2019.",
]
TITLES = [["KẾ HOẠCH", "Cải cách hành chính năm 2018"], ["BÁO CÁO", "Kết quả công tác cải cách hành chính quý I"],
          ["QUYẾT ĐỊNH", "Về việc kiện toàn Ban chỉ đạo cải cách hành chính"]]


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def photocopy(img, seed: int):
    """A poor copy: 150 dpi, blurred, speckled, JPEG-compressed."""
    import io

    from PIL import Image, ImageFilter

    small = img.resize((img.width * 3 // 4, img.height * 3 // 4), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
    small = degrade(small, noise=0.01, seed=seed)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=40)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def make_pages(n: int, seed: int = 7, hard: bool = False) -> list[tuple]:
    """(scan-like image, its text, the upright clean page) for n generated pages."""
    rnd = random.Random(seed)
    pages = []
    for i in range(n):
        body = rnd.sample(BODY + MORE_BODY, 9)
        title = TITLES[i % len(TITLES)]
        font, bold = (SERIF, SERIF_BOLD) if i % 2 == 0 else (LIBERATION, LIBERATION_BOLD)
        clean = render_page(title=title, body=body, font=font, bold=bold, font_px=rnd.choice([30, 34, 38]))
        img = degrade(clean, skew=round(rnd.uniform(-2, 2), 1), noise=rnd.choice([0.0, 0.003, 0.006]), seed=i)
        if hard:
            img = photocopy(img, seed=i)
        truth = _clean("\n".join(HEADER_LEFT + HEADER_RIGHT + title + body))
        pages.append((img, truth, clean))
    return pages


def cer(ocr_text: str, truth: str) -> float:
    return Levenshtein.distance(_clean(ocr_text), truth) / max(1, len(truth))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--languages", default="vie,vie+eng,Vietnamese")
    args = ap.parse_args()
    tiers = {"scan": make_pages(args.pages), "photocopy": make_pages(args.pages, hard=True)}
    rows = []
    for lang in args.languages.split(","):
        s = Settings()
        s.ocr.languages = lang
        result = [lang]
        secs = []
        for pages in tiers.values():
            errs = []
            for img, truth, _ in pages:
                t = time.perf_counter()
                page = ocr_image(img, s)
                secs.append(time.perf_counter() - t)
                errs.append(cer(page.text, truth))
            result += [sum(errs) / len(errs), max(errs)]
        rows.append((*result, sum(secs) / len(secs)))
    print(f"{args.pages} generated pages per tier, OMP_THREAD_LIMIT=1, load average {os.getloadavg()[0]:.1f}")
    print("scan = 200 dpi, DejaVu/Liberation Serif, skew ±2°, light noise; photocopy = same at 150 dpi,"
          " blurred, 1% speckle, JPEG q40")
    print("| language   | CER scan | worst | CER photocopy | worst | s/page |")
    print("|------------|----------|-------|---------------|-------|--------|")
    for lang, m1, w1, m2, w2, sec in rows:
        print(f"| {lang:<10} | {m1:>8.2%} | {w1:>5.1%} | {m2:>13.2%} | {w2:>5.1%} | {sec:>6.2f} |")


if __name__ == "__main__":
    main()

"""Real headers printed in two columns, the way real pages set them, then scanned and read.

The scanned-header test (tests/read/test_real_headers.py) prints each record of the real-header corpus
one line under another. A real page sets the issuer over its number in the left column and the motto over
the place-date line in the right one, a letter's "V/v …" under its number; OCR then reads the two columns as
blocks, in either order, and the motto's last line sits a line above the place-date line. Here each record
whose number and place-date lines can be found before its type word is printed so (12 pt, columns 200 and
290 points wide, the rest full width under them), in the scanned-header test's looks (two fonts, 200 or 300
dpi, skew, speckle), OCR'd by the pipeline's OCR path, read, and scored beside the same records read from the
test's one-column print (OCR'd here too). Records whose published text does not give those lines in that order
are left out (their count is printed). `--tight`: 13 pt on 15 pt, a narrower left column. `--styled`: Decree
30/2020's faces, the issuing body, motto, type word and summary bold, the place-date line italic, short rules
under the issuing body, the motto and the summary. `--font NAME`: every page in that face (its bold and italic
or oblique in the styled print) instead of the looks' two serif faces, e.g. `liberation-sans`, `dejavu-sans`
(a sans-serif face: OCR reads a letter's "V/v" as "V#w", "VWw", a number's slash as "!").

The tune half by default; `--measure` prints the measure half's figures only (tests/data/real_headers.md).
Asserts nothing. About 4 minutes a half on two cores.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_two_column_headers.py [--measure] [--tight] [--styled] [--font NAME]
        [--limit N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from extract_fixtures import degrade  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from real_headers import load, meta_fields  # noqa: E402
from test_real_headers import LOOKS, _font, figures, render_header  # noqa: E402

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.fonts import FONTS  # noqa: E402
from pipeline.core.normalize import fold_keep  # noqa: E402
from pipeline.extract.ocr import ocr_pages  # noqa: E402
from pipeline.read.dates import dates_with_pos  # noqa: E402
from pipeline.read.doctypes import detect_doc_type  # noqa: E402
from pipeline.read.header import MOTTO_START, is_decor  # noqa: E402
from pipeline.read.metadata import parse_metadata  # noqa: E402
from pipeline.read.symbols import SYMBOL_AFTER_SO  # noqa: E402
from samples.render import wrap_words  # noqa: E402

_NUMBER_LINE = re.compile(r"^S[ốô]\s*:")
_MOTTO_LINE = re.compile(r"cong hoa|chu nghia|doc lap|hanh phuc")


def columns(text: str) -> tuple[list[str], list[str], list[str]] | None:
    """(left column, right column, the rest) of a header, or None when its number line or place-date line
    is not found above its type word. The place-date line may run over two lines ("…, ngày" / "13 tháng …")."""
    lines = [line.strip() for line in text.split("\n")]
    type_at = next((i for i, s in enumerate(lines[:20]) if detect_doc_type(s) and s.isupper()), 99)
    number = next((i for i, s in enumerate(lines[:15]) if SYMBOL_AFTER_SO.match(s) or _NUMBER_LINE.match(s)), None)
    date = next((i for i, s in enumerate(lines[:15]) if i < type_at and re.search(r"ng[àa]y", s)
                 and (dates_with_pos(s) or (i + 1 < len(lines) and "tháng" in lines[i + 1]))), None)
    if number is None or date is None or number > type_at:
        return None
    last = max(number, date + (0 if dates_with_pos(lines[date]) else 1))
    left: list[str] = []
    right: list[str] = []
    for i, s in enumerate(lines[:last + 1]):
        if not s or is_decor(s):
            continue
        f = fold_keep(s).lower()
        place_date = i == date or (date < i <= last and i > number)
        (right if place_date or MOTTO_START.search(f) or _MOTTO_LINE.search(f) else left).append(s)
    return left, right, [s for s in lines[last + 1:] if s]


# (font size, line pitch, left column width, right column width) in points: the look of most pages, and
# a page set tight (Word's single spacing at 13 pt, a narrower left column).
LAYOUTS = {"regular": (12, 17, 200, 290), "tight": (13, 15, 170, 300)}


# Body openers under a summary: where Decree 30's bold summary ends (folded).
_BODY_OPENER = re.compile(r"^(?:can cu|thuc hien|kinh gui|theo de nghi|xet|dieu 1|chuong i|i\.|phan i)\b")


def _styled(font: str, role: str) -> str:
    """The face Decree 30/2020 prints a header line in: the issuing body, the motto, the type word and the summary
    bold, the place-date line italic, the parent body, the number and the body regular."""
    if role.startswith("bold"):
        return f"{font}-bold"
    if role == "italic":
        return f"{font}-italic" if f"{font}-italic" in FONTS else f"{font}-oblique"  # DejaVu Sans's slanted face
    return font


def render_two_columns(parts: tuple[list[str], list[str], list[str]], font: str, dpi: int,
                       layout: str = "regular", styled: bool = False) -> Image.Image:
    """An A4 page: the left and right columns side by side, each line centred, then the rest full width.
    `styled`: the faces and rules of a real page (Decree 30/2020): the issuing body (the left column's last
    line above the number), the motto, the type word (2 points bigger) and the summary bold, the place-date line
    italic, a short rule under the issuing body, the motto and the summary."""
    left, right, rest = parts
    size, pitch, left_w, right_w = LAYOUTS[layout]
    s = dpi / 72
    page = Image.new("L", (round(595 * s), round(842 * s)), 255)
    draw = ImageDraw.Draw(page)

    def face(role: str, bigger: int = 0) -> object:
        return _font(_styled(font, role) if styled else font, round((size + bigger) * s))

    def rule(x_mid: float, width: float, y: float) -> float:
        """A rule under the line that ends at `y`, and the space a page leaves around it: the next line's y."""
        draw.line([(x_mid - width / 2, y + 2 * s), (x_mid + width / 2, y + 2 * s)], fill=25, width=max(1, round(s)))
        return y + 7 * s

    def column(lines: list[tuple[str, str]], x0: float, width: float, y: float) -> float:
        for line, role in lines:
            f = face(role)
            for part in wrap_words(line, width * s, lambda t, f=f: draw.textlength(t, font=f)):
                w = draw.textlength(part, font=f)
                draw.text((x0 * s + (width * s - w) / 2, y), part, font=f, fill=25)
                y += pitch * s
            if styled and role == "bold-ruled":
                y = rule(x0 * s + width * s / 2, width * s / 3, y)
        return y

    number_at = next((i for i, t in enumerate(left) if _NUMBER_LINE.match(t) or SYMBOL_AFTER_SO.match(t)), len(left))
    left_roles = [(t, "bold-ruled" if i == number_at - 1 else "bold" if 0 < i < number_at else "regular")
                  for i, t in enumerate(left)]
    date_at = max((i for i, t in enumerate(right) if re.search(r"ng[àa]y", t)), default=len(right))
    right_roles = [(t, "italic" if i >= date_at else "bold-ruled" if i == date_at - 1 else "bold")
                   for i, t in enumerate(right)]
    y = max(column(left_roles, 50, left_w, 50 * s), column(right_roles, 555 - right_w, right_w, 50 * s)) + 12 * s
    type_at = next((i for i, t in enumerate(rest) if detect_doc_type(t) and t.isupper()), None)
    in_summary = False
    for i, line in enumerate(rest[:25]):
        opener = bool(_BODY_OPENER.match(fold_keep(line).lower()))
        if styled and in_summary and opener:
            y = rule(297.5 * s, 120 * s, y)
        in_summary = styled and type_at is not None and i >= type_at and not opener and (in_summary or i == type_at)
        f = face("bold", 2 if i == type_at else 0) if in_summary else face("regular")
        for part in wrap_words(line, 470 * s, lambda t, f=f: draw.textlength(t, font=f)):
            w = draw.textlength(part, font=f)
            caps = sum(c.isupper() for c in part) >= 0.8 * max(1, sum(c.isalpha() for c in part))
            draw.text((60 * s + (470 * s - w) / 2 if caps or in_summary else 60 * s, y), part, font=f, fill=25)
            y += pitch * s
            if y > 800 * s:
                return page
    return page


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--tight", action="store_true", help="13 pt on 15 pt, a 170-point left column")
    ap.add_argument("--font", choices=("liberation-sans", "dejavu-sans", "liberation-serif", "dejavu-serif"),
                    help="one face for every page instead of the looks' two serif faces")
    ap.add_argument("--styled", action="store_true", help="Decree 30's faces: bold issuer, motto, type word and "
                    "summary, italic place-date line, rules under them")
    args = ap.parse_args()
    split = "measure" if args.measure else "tune"
    every = load(split)
    docs = [d for d in every if columns(d["text"])][: args.limit or None]
    settings = load_config().settings
    looks = [LOOKS[i % len(LOOKS)] for i in range(len(docs))]
    if args.font:
        looks = [(args.font, *look[1:]) for look in looks]
    layout = "tight" if args.tight else "regular"
    two = ocr_pages([lambda d=d, k=k, i=i: degrade(render_two_columns(columns(d["text"]), k[0], k[1], layout, args.styled),
                                                     skew=k[2], noise=k[3], seed=i)
                     for i, (d, k) in enumerate(zip(docs, looks, strict=True))], settings)
    one = ocr_pages([lambda d=d, k=k, i=i: degrade(render_header(d["text"], k[0], k[1]), skew=k[2], noise=k[3], seed=i)
                     for i, (d, k) in enumerate(zip(docs, looks, strict=True))], settings)
    read_two = {d["id"]: meta_fields(parse_metadata(p.text)) for d, p in zip(docs, two, strict=True)}
    read_one = {d["id"]: meta_fields(parse_metadata(p.text)) for d, p in zip(docs, one, strict=True)}
    res_one, _ = figures(docs, lambda d: read_one[d["id"]])
    res_two, misses = figures(docs, lambda d: read_two[d["id"]])
    print(f"{split}: {len(docs)} of {len(every)} records laid out in two columns ({layout}"
          f"{', styled' if args.styled else ''}{', ' + args.font if args.font else ''})")
    print(f"  one column : {res_one}")
    print(f"  two columns: {res_two}")
    if split == "tune":
        for m in misses:
            print("   ", m[0], m[1], "| want", str(m[2])[:70], "| got", str(m[3])[:90])


if __name__ == "__main__":
    main()

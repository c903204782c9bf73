"""The header reader on the real-header corpus's TUNE records laid out the ways other pages and PDFs lay them
out: every line re-wrapped in a narrower column (30, 60, 80 characters), the indentation dropped, the summary
put in capitals or in lower case; the number and the day written into the template's dotted blanks, the type
word and the authority under the summary in the case they were typed (a style printed them in capitals), a
footnote's mark after the number; the header down to the place-date line on one line, or the whole head down to
its first body line; the type word run on into the summary's first line, or left out (its doc_type then counts
as lost by construction: the page no longer says it); every line a markdown table's row; the place-date line
without "ngày" ("Hà Nội, 05 tháng 10 năm 2007") or with the day in figures ("ngày 05/10/2007"); the two header
columns read row by row, the type word letter-spaced, the number spaced ("Số: 36 / KH - UBND"), a gazette's running
head above, "KHẨN" under the number, a signature box's text first, the number's slash read as a letter ("Số: 36
IKH-UBND"), the date's words with other marks ("ngảy 30 thảng 9 nãm 2026"). Counts the fields
read right as published and wrong in the new look, and lists them (the records and what was read), to find rules
that hold for a layout, not for one page.

Only the tune half is used: the measure half is never looked at record by record (tests/data/real_headers.md).
Asserts nothing.

    .venv/bin/python bench/stress_real_headers.py [w30 w60 w80 dedent caps_title lower_title blanks typed_case footnote
    typed_authority oneline oneline_all type_joined no_type md_table
    no_day_word day_in_figures by_row letter_spaced number_spaced gazette_head urgent signature_box_first
    slash_as_stroke date_words_marked]
"""

from __future__ import annotations

import itertools
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from real_headers import FIELDS, field_ok, load, meta_fields, scored  # noqa: E402

from pipeline.read.metadata import parse_metadata  # noqa: E402
from pipeline.read.symbols import SYMBOL_AFTER_SO  # noqa: E402


def rewrap(text: str, width: int) -> str:
    """Every line longer than `width` broken at spaces, its indentation kept."""
    out = []
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if len(line.strip()) <= width:
            out.append(line)
        else:
            out += [" " * indent + piece for piece in textwrap.wrap(line.strip(), width)]
    return "\n".join(out)


def dedent(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


# Lines made only of these words are a broken type word ("QUYẾT" / "ĐỊNH"), not the summary.
_TYPE_SYLLABLES = {"quyết", "định", "kế", "hoạch", "báo", "cáo", "nghị", "chỉ", "thị", "thông", "tờ", "trình", "quy",
                   "chế", "hướng", "dẫn", "tư", "công", "văn", "biên", "bản", "chương", "kết", "luận", "đề", "án"}


def recase_summary(text: str, title: str | None, recase: Callable[[str, bool], str]) -> str:
    """The summary's lines (the run of lines under the number whose text is in the labelled title, not a
    type word) re-cased by `recase(line, first)`."""
    wanted = " ".join((title or "").split()).casefold()
    out, state = [], "before"
    for line in text.split("\n"):
        words = " ".join(line.split()).casefold()
        if state == "before" and re.search(r"\bs[oố]\b", words):
            state = "number"
        inside = bool(wanted) and len(words) >= 2 and words in wanted
        if state == "number" and inside and not set(words.split()) <= _TYPE_SYLLABLES:
            out.append(recase(line, True))
            state = "in"
            continue
        if state == "in" and inside:
            out.append(recase(line, False))
            continue
        if state == "in":
            state = "after"
        out.append(line)
    return "\n".join(out)


def _lower(line: str, first: bool) -> str:
    lead = line[: len(line) - len(line.lstrip())]
    body = line.strip().lower()
    return lead + (body[:1].upper() + body[1:] if first else body)


# The number line and the place-date line as the page prints them (the tune records' own).
_NUMBER_LINE = re.compile(r"^(?P<lead>\s*S[ốô]\s*:\s*)(?P<num>\d{1,5})(?P<rest>\s*/\S+)(?P<tail>.*)$")
_DATE_LINE = re.compile(r"(?P<lead>ngày\s+)(?P<d>\d{1,2})(?P<mid>\s+tháng\s+)(?P<m>\d{1,2})(?=\s+năm\s+\d{4})", re.IGNORECASE)
_TYPE_WORD_LINE = re.compile(r"^\s*(?:QUYẾT ĐỊNH|KẾ HOẠCH|BÁO CÁO|NGHỊ QUYẾT|THÔNG BÁO|CHỈ THỊ|TỜ TRÌNH|THÔNG TƯ|"
                             r"HƯỚNG DẪN|BIÊN BẢN|QUY CHẾ|QUY ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN)\s*$")


# The issuing authority's line under a summary ("ỦY BAN NHÂN DÂN TỈNH …", "BỘ TRƯỞNG BỘ …").
_AUTHORITY_LINE = re.compile(r"^\s*(?:CHỦ TỊCH\s+)?(?:[UỦ][YỶ] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BỘ TRƯỞNG|THỦ TƯỚNG CHÍNH PHỦ|"
                             r"GIÁM ĐỐC)\b.*$")


def typed_authority(d: dict) -> str:
    """The authority's line after the summary in the case it was typed ("Ủy ban nhân dân tỉnh Nghệ An")."""
    title = " ".join((d["truth"].get("title") or "").split()).casefold()
    lines = d["text"].split("\n")
    for i, line in enumerate(lines[:40]):
        if i > 4 and _AUTHORITY_LINE.match(line) and " ".join(line.split()).casefold() not in title:
            lines[i] = line.strip().capitalize()
            break
    return "\n".join(lines)


def on_first_line(text: str, rx: re.Pattern[str], rewrite: Callable[[re.Match[str]], str]) -> str:
    """`text` with the first line `rx` finds in re-written by `rewrite` (the whole text unchanged when none)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = rx.search(line)
        if m:
            lines[i] = line[: m.start()] + rewrite(m) + line[m.end():]
            break
    return "\n".join(lines)


def in_blanks(text: str) -> str:
    """The number and the day written into the template's dotted blanks ("Số: 36…/KH-UBND", "ngày …05… tháng 3")."""
    text = on_first_line(text, _NUMBER_LINE, lambda m: f"{m['lead']}{m['num']}…{m['rest']}{m['tail']}")
    return on_first_line(text, _DATE_LINE, lambda m: f"{m['lead']}…{m['d']}…{m['mid']}{m['m']}")


_PLACE_DATE_LINE = re.compile(r"ng[àa]y\b.*th[áa]ng", re.IGNORECASE)


def _first(lines: list[str], rx: re.Pattern[str], *, search: bool = False, start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if (rx.search if search else rx.match)(lines[i])), None)


# The body's first line: what a page flattening the whole head runs on to.
_BODY_LINE = re.compile(r"\s*(?:Căn cứ|Thực hiện|Kính gửi|Xét|Theo)\b")


def on_one_line_through(text: str, rx: re.Pattern[str], *, search: bool = False) -> str:
    """Every line down to the first that `rx` finds, on one line (a page or a PDF layer that dropped the breaks: down
    to the place-date line, or the whole head down to its first body line, as tune h021 and h089 were published)."""
    lines = text.split("\n")
    end = _first(lines, rx, search=search)
    if end is None:
        return text
    return " ".join(line.strip() for line in lines[: end + 1]) + "\n" + "\n".join(lines[end + 1:])


def type_word_dropped(text: str) -> str:
    """The type word's own line left out (a page that dropped it, as 53 of the corpus's 677 were published)."""
    lines = text.split("\n")
    k = _first(lines, _TYPE_WORD_LINE)
    return text if k is None else "\n".join(lines[:k] + lines[k + 1:])


_DAY_MONTH_YEAR = re.compile(r"ng[àa]y\s*(\d{1,2})\s*th[áa]ng\s*(\d{1,2})\s*n[ăa]m\s*(\d{4})")


def type_word_joined(text: str) -> str:
    """The type word and the summary's first line on one line ("QUYẾT ĐỊNH Về việc …", a PDF layer's run)."""
    lines = text.split("\n")
    k = _first(lines, _TYPE_WORD_LINE)
    if k is None or k + 1 >= len(lines) or not lines[k + 1].strip():
        return text
    lines[k: k + 2] = [lines[k].strip() + " " + lines[k + 1].strip()]
    return "\n".join(lines)


_MOTTO_LINE = re.compile(r"\s*\**\s*C[ỘO]NG H[ÒO]A", re.IGNORECASE)
_SO_LINE = re.compile(r"\s*\**\s*S[ốỐô]\s*[:.]?", re.IGNORECASE)


def columns_by_row(text: str) -> str:
    """The issuer's column and the motto's read row by row, as a PDF's text layer gives a header set in a two-column
    table ("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI …" / "Số: 36/KH-UBND  Xuân Tín, ngày …"); records whose lines are not
    issuer, motto, number and place-date in that order are left as they are."""
    lines = text.split("\n")
    m = _first(lines[:15], _MOTTO_LINE)
    n = _first(lines[:20], _SO_LINE)
    p = _first(lines[:20], _PLACE_DATE_LINE, search=True, start=(m or 0) + 1)
    if not m or n is None or p is None or n > p:
        return text
    left = [line.strip() for i, line in enumerate(lines[:m]) if i != n]
    right = [line.strip() for i, line in enumerate(lines[m:p], m) if i != n]
    rows = [f"{a}  {b}".strip() for a, b in itertools.zip_longest(left, right, fillvalue="")]
    return "\n".join([*rows, f"{lines[n].strip()}  {lines[p].strip()}", *lines[p + 1:]])


def letter_spaced(m: re.Match[str]) -> str:
    """"Q U Y Ế T   Đ Ị N H": a type word set with expanded character spacing, as a text layer gives it."""
    return "   ".join(" ".join(word) for word in m.group(0).split())


def after_number(text: str, line: str) -> str:
    """`line` right under the number's line ("KHẨN" stamped beside it)."""
    lines = text.split("\n")
    k = _first(lines[:25], _SO_LINE)
    return text if k is None else "\n".join([*lines[: k + 1], line, *lines[k + 1:]])


# "ngày", "tháng", "năm" with the marks Tesseract may give their a ("ngảy 30 thảng 9 nãm 2026").
_MARKED = {"ngày": "ngảy", "tháng": "thảng", "năm": "nãm"}
_DATE_WORD_MARKS = re.compile("|".join(_MARKED))


# The number's slash as OCR reads it on a scan: a stroke letter ("Số: 36 IKH-UBND", EasyOCR's "1906 ISGDĐT-CTrTT").
_SLASH_AFTER_NUMBER = re.compile(r"(S[ốỐô]\s*[:.]?\s*\d{1,5})\s*/\s*(?=[A-ZĐ])")


_SIGNATURE_BOX = ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Nam\nEmail: ubnd@quangnam.gov.vn\nCơ quan: Tỉnh Quảng Nam\n"
                  "Thời gian ký: 03.02.2021 16:20:11 +07:00")


LOOKS: dict[str, Callable[[dict], str]] = {
    "w30": lambda d: rewrap(d["text"], 30),
    "w60": lambda d: rewrap(d["text"], 60),
    "w80": lambda d: rewrap(d["text"], 80),
    "dedent": lambda d: dedent(d["text"]),
    "caps_title": lambda d: recase_summary(d["text"], d["truth"].get("title"), lambda s, _first: s.upper()),
    "lower_title": lambda d: recase_summary(d["text"], d["truth"].get("title"), _lower),
    "blanks": lambda d: in_blanks(d["text"]),
    "typed_case": lambda d: on_first_line(d["text"], _TYPE_WORD_LINE, lambda m: m.group(0).capitalize()),
    "footnote": lambda d: on_first_line(d["text"], SYMBOL_AFTER_SO, lambda m: m.group(0) + "¹"),
    "typed_authority": typed_authority,
    "oneline": lambda d: on_one_line_through(d["text"], _PLACE_DATE_LINE, search=True),
    "oneline_all": lambda d: on_one_line_through(d["text"], _BODY_LINE),
    "type_joined": lambda d: type_word_joined(d["text"]),
    "no_type": lambda d: type_word_dropped(d["text"]),
    "no_day_word": lambda d: _DAY_MONTH_YEAR.sub(lambda m: f"{m[1]} tháng {m[2]} năm {m[3]}", d["text"], count=1),
    "day_in_figures": lambda d: _DAY_MONTH_YEAR.sub(lambda m: f"ngày {m[1]}/{m[2]}/{m[3]}", d["text"], count=1),
    "md_table": lambda d: "\n".join(f"| {line.strip()} |" if line.strip() else line for line in d["text"].split("\n")),
    "by_row": lambda d: columns_by_row(d["text"]),
    "letter_spaced": lambda d: on_first_line(d["text"], _TYPE_WORD_LINE, lambda m: letter_spaced(m)),
    "number_spaced": lambda d: on_first_line(d["text"], _NUMBER_LINE, lambda m: (
        f"{m['lead']}{m['num']} / {m['rest'].strip().lstrip('/').replace('-', ' - ', 1)}{m['tail']}")),
    "gazette_head": lambda d: "CÔNG BÁO/Số 45 + 46/Ngày 15-01-2016                    3\n" + d["text"],
    "urgent": lambda d: after_number(d["text"], "KHẨN"),
    "signature_box_first": lambda d: _SIGNATURE_BOX + "\n" + d["text"],
    "slash_as_stroke": lambda d: _SLASH_AFTER_NUMBER.sub(r"\1 I", d["text"], count=1),
    "date_words_marked": lambda d: _DATE_WORD_MARKS.sub(lambda m: _MARKED[m.group(0)], d["text"], count=3),
}


def main() -> None:
    names = [a for a in sys.argv[1:] if a in LOOKS] or list(LOOKS)
    tune = load("tune")
    base = {d["id"]: meta_fields(parse_metadata(d["text"])) for d in tune}
    for name in names:
        lost = []
        for d in tune:
            got = meta_fields(parse_metadata(LOOKS[name](d)))
            for f in FIELDS:
                want = d["truth"][f]
                if scored(f, d["truth"]) and field_ok(f, want, base[d["id"]][f]) and not field_ok(f, want, got[f]):
                    lost.append((d["id"], f, str(want)[:80], str(got[f])[:100]))
        by_field = {f: sum(1 for row in lost if row[1] == f) for f in FIELDS}
        print(f"{name}: {len(lost)} fields right as published and wrong in this look {by_field}")
        for hid, f, want, got in lost:
            print(f"   {hid} {f}: want {want!r}, got {got!r}")


if __name__ == "__main__":
    main()

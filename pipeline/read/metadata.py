"""Administrative metadata of a Vietnamese official document, read from its first page's text.

The layout is that of Nghị định 30/2020/NĐ-CP (and the older Thông tư 01/2011): a two-column
header — issuing body over the symbol ("Số: 05/KH-UBND") on the left, the national motto over
the place-date line on the right — then the type word (KẾ HOẠCH, BÁO CÁO, …) and the summary
(trích yếu), or for a letter a "V/v …" subject under the symbol. The text reaches us in three
shapes: DOCX paragraphs (header table cell by cell or row by row), a PDF text layer (both
columns glued on one line) and OCR (columns as separate blocks, accents and digits garbled).
So every search runs on an accent-folded copy of the same length as the original, and the
header is first cut into its column fragments before anything is read from it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.core.i18n import _
from pipeline.core.model import DocMeta, FieldSource
from pipeline.core.normalize import VI_UPPER, fold_keep, nfc
from pipeline.read.dates import (
    BLANK_DATE,
    CITED_DATE,
    MONTH_YEAR,
    PARTIAL_DATE,
    date_of_another,
    dates_with_pos,
    parse_year,
)
from pipeline.read.digits import digits_in_folded
from pipeline.read.doctypes import (
    LETTER_LEAD,
    LETTER_SUBJECT,
    ND30_CODES,
    TOKEN_FIX,
    bare_type_word,
    detect_doc_type,
)
from pipeline.read.header import (
    BODY_START,
    MOTTO_START,
    citation_note_lines,
    ends_header,
    header_lines,
    is_caps,
    is_decor,
    is_motto,
    place_alone,
    place_date_start,
    split_fragments,
)
from pipeline.read.issuer import issuer_from, place_of
from pipeline.read.periods import parse_period
from pipeline.read.symbols import (
    BLANK_SYMBOL,
    DASH_SYMBOL,
    JOINT_DASH_SYMBOL,
    PARTY_SYMBOL,
    SYMBOL_AFTER_SO,
    SYMBOL_BARE,
    SYMBOL_NO_SLASH,
    build_dash,
    build_joint_dash,
    build_party,
    build_symbol,
    normalize_symbol,
    slash_restored,
)
from pipeline.read.title import collect_title, summary_without_type_word


def place_date_month(text: str) -> tuple[int, int] | None:
    """(year, month) printed on the place-date line when its day is blank or unreadable
    ("Quảng Ngãi, ngày    tháng 01 năm 2025" -> (2025, 1)); None when that line is not found."""
    for s in header_lines(text)[:25]:
        f = digits_in_folded(fold_keep(s))
        if ends_header(s, f):
            break
        if "ng" in f and (m := MONTH_YEAR.search(f)) and 1 <= int(m.group(1)) <= 12:
            return int(m.group(2)), int(m.group(1))
    return None


@dataclass
class _Header:
    """The header zone's lines (as printed and folded) and where each field was found on them."""

    lines: list[str]
    folded: list[str]
    gaps: set[int]  # lines after a paragraph break
    notes: set[int] = field(default_factory=set)  # lines of an attachment's "(Ban hành kèm theo …)" note
    sym_idx: int | None = None
    date_idx: int | None = None
    title_idx: int | None = None
    symbol_type: str | None = None  # the type code the symbol carries ("CV" for a letter's)
    title_type: str | None = None  # the type word the title opens with
    party: bool = False  # a party document's "Số 97-QĐ/TW" (number-type/issuer)
    authority: str | None = None  # the issuer a gazette's heading names ("CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ …")


def parse_metadata(text: str) -> DocMeta:
    """Issuer, type, symbol, number, date, place, title, period and year of a document.

    `text` is the document's first page (more pages do no harm: only the header zone is read for
    the header fields). Each field has its reader below, in the order they depend on each other:
    the symbol and date lines first (the title and issuer are read around them).
    """
    meta = DocMeta()
    gaps: set[int] = set()
    lines = header_lines(text, gaps=gaps)
    folded = [fold_keep(s) for s in lines]
    h = _Header(lines, folded, gaps, citation_note_lines(folded))
    _read_symbol(h, meta)
    _read_date(h, meta)
    if h.sym_idx is None or h.date_idx is None:
        _header_in_text_box(text, meta, want_symbol=h.sym_idx is None, want_date=h.date_idx is None)
    _read_title(h, meta)
    _gazette_heading(h, meta)
    _read_issuer(h, meta)
    _decide_type(h, meta)
    if meta.title:
        meta.period = parse_period(meta.title)
        meta.year = parse_year(meta.title)
    _future_year(meta, dt.date.today())
    return meta


# The official gazette's heading of an older document, printed where a header would be: the type word, then
# "CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 12/1998/CT-TTG NGÀY 21 THÁNG 3 NĂM 1998 VỀ CÔNG TÁC …" in capitals, wrapped
# anywhere. Its number and date are the document's own (no "Số:" line or place-date line is printed) and what
# follows the date is the summary; the issuer's "CỦA …" is no part of it.
_GAZETTE_HEADING = re.compile(r"cua\s+(?P<who>(?:(?!\bso\b).){2,120}?)\s+so\s*:?\s*(?=\d)")
# Lines of the heading read after the type word's: it stops at the first line not in capitals (the body).
GAZETTE_HEADING_LINES = 6


def _gazette_heading(h: _Header, meta: DocMeta) -> None:
    """The number, date and summary of a gazette's heading (`_GAZETTE_HEADING`), when the header gave no number
    or date but on the heading's lines (its "… NGÀY 21" / "THÁNG 3 NĂM 1998 VỀ …" wrapped is read as a date line,
    and the summary then lost its first line)."""
    t = next((i for i, s in enumerate(h.lines[:3]) if bare_type_word(s)), None)
    if t is None:
        return
    end = t + 1
    while end < min(len(h.lines), t + 1 + GAZETTE_HEADING_LINES) and is_caps(h.lines[end]):
        end += 1
    if any(k is not None and not t < k < end for k in (h.sym_idx, h.date_idx)):
        return
    joined = " ".join(s.strip() for s in h.lines[t + 1: end])
    folded = fold_keep(joined)  # as long as `joined`: its positions are the printed text's
    m = _GAZETTE_HEADING.match(folded)
    sm = SYMBOL_BARE.match(joined, m.end()) if m else None
    built = build_symbol(sm) if sm else None
    if built is None:
        return
    rest, rest_folded = joined[sm.end():], folded[sm.end():]
    if not re.match(r"\s*[,.]?\s*ngay\b", rest_folded):
        return  # the number alone, no "NGÀY" after it: a citation's
    meta.symbol, h.symbol_type, meta.number = built
    h.sym_idx = h.date_idx = t + 1
    h.authority = joined[m.start("who"): m.end("who")].strip()
    found = dates_with_pos(rest)
    if found and found[0][1] <= len(" NGÀY "):
        meta.date, summary = found[0][0], rest[found[0][2]:]
    else:  # "NGÀY 21 THÁNG 33 NĂM 1998" (OCR): no date, and the summary from its "VỀ"
        meta.date = None
        meta.unread["date"] = _("the gazette heading's date could not be read")
        about = re.search(r"\bve\b", rest_folded)
        summary = rest[about.start():] if about else ""
    summary = summary.lstrip(" ,.;:-–")
    if summary:
        lines = [h.lines[t], summary, *h.lines[end:]]
        meta.title = collect_title(lines, [fold_keep(s) for s in lines], 0, skip=set())


# Digits OCR mistakes for one another in a printed year ("2023" read "2028", "2013" read "2018").
_YEAR_DIGIT_CONFUSIONS = {"0": "689", "1": "7", "3": "8", "5": "6", "6": "058", "7": "1", "8": "0369", "9": "08"}


def _future_year(meta: DocMeta, today: dt.date) -> None:
    """A date after today is a misread year. The title's year ("… năm 2023") corrects it when one
    OCR-confusable digit of the year turns it into that year; else the date is unread, with why."""
    if meta.date is None or meta.date <= today:
        return
    read = str(meta.date.year)
    fits = {read[:k] + c + read[k + 1:] for k in (2, 3) for c in _YEAR_DIGIT_CONFUSIONS.get(read[k], "")}
    if meta.year is not None and str(meta.year) in fits and meta.year <= today.year:
        try:
            meta.date = meta.date.replace(year=meta.year)
        except ValueError:  # 29 February
            meta.date = None
        else:
            meta.sources["date"] = FieldSource(where="header", confidence=0.6, note=_(
                "the year was read as {read}, after today; {year}, the title's year, differs by one digit OCR confuses").format(
                read=read, year=meta.year))
            return
    meta.date = None
    meta.unread["date"] = _("the place-date line's year was read as {read}, after today: a misread digit").format(read=read)


# Latin letters Vietnamese never prints, which OCR makes of a capital under a mark or a speck
# ("616/NÑQ-HĐND"): in a symbol they are their base letter.
_NOT_VIETNAMESE = str.maketrans("ÑñÇçÄäËëÏïÖöÜüÅåØøŃńŇňŠšŽž", "NnCcAaEeIiOoUuAaOoNnNnSsZz")


def _read_symbol(h: _Header, meta: DocMeta) -> None:
    """The first "Số: …" line of the header (a party's "Số 12-BC/ĐU", a lost slash, a draft's blank
    number), else a bare symbol on a short header line before the body."""
    lines, folded = h.lines, h.folded
    for i, s in enumerate(lines[:25]):
        if i in h.notes:
            continue
        if ends_header(s, folded[i]) and not folded[i].lstrip(" -–•+*").startswith("kinh gui"):
            # the body's "Thông tư" / "số 15/2020/TT-BGDĐT ngày …" wrapped at "số" is a citation; a letter's
            # number may still come after its addressees (the left column read last)
            break
        s = slash_restored(s.translate(_NOT_VIETNAMESE))
        m = SYMBOL_AFTER_SO.search(s)
        # "Số:" opens the fragment; "Quyết định số 599/QĐ-UBND" inside a sentence is a citation.
        built = build_symbol(m) if m and m.start() <= 2 else None
        if built is None and (pm := PARTY_SYMBOL.match(s)):
            built = build_party(pm)
            h.party = built is not None
        if built is None and (nm := SYMBOL_NO_SLASH.match(s)):
            built = build_symbol(nm)
        if built is None and (jm := JOINT_DASH_SYMBOL.match(s)):
            built = build_joint_dash(jm)
        if built is None and (dm := DASH_SYMBOL.match(s)):
            built = build_dash(dm)
        if built:
            meta.symbol, h.symbol_type, meta.number = built
            h.sym_idx = i
            return
        bm = BLANK_SYMBOL.match(s)
        if bm:
            code = bm.group("code").replace("Ð", "Đ")
            code = TOKEN_FIX.get(code.upper(), code)
            h.symbol_type, h.sym_idx = (code if code in ND30_CODES else "CV"), i
            printed = normalize_symbol("1/" + s[bm.start("code"):bm.end()].strip())
            meta.symbol_code = printed[2:] if printed.startswith("1/") else None
            return
    for i, s in enumerate(lines[:15]):
        if ends_header(s, folded[i]):
            return  # the body's citations ("Căn cứ Quyết định số 79/QĐ-UBND …") are never the document's
        m = SYMBOL_BARE.search(s := s.translate(_NOT_VIETNAMESE))  # "15/2022/ÑQ-HĐND", its "Số:" lost (h729)
        if (m and len(s) < 60 and not BODY_START.match(folded[i]) and i not in h.notes
                and not _cited_symbol(lines, folded, i, m.start()) and (built := build_symbol(m))):
            meta.symbol, h.symbol_type, meta.number = built
            h.sym_idx = i
            return


# "Nghị định số", "Quyết định số" … before a symbol on its line: a citation. A bare "Số" is the
# document's own number label, which a flattened header puts after its issuer ("UBND XÃ A Số 12/KH-UBND").
_CITING_TYPE = (r"\b(?:quyet dinh|nghi dinh|nghi quyet|thong tu|ke hoach|cong van|chi thi|bao cao|thong bao|luat|"
                r"phap lenh|van ban|to trinh|huong dan|quy che|quy dinh)\s+so")
_CITING_SO = _CITING_TYPE + r"\s*$"
# … or a sentence that names the type without "số" ("- Thực hiện theo Thông tư" / "06/2010/TT-BGDĐT ngày …"),
# never the type word's own line in capitals
_CITING_NAME = _CITING_TYPE.removesuffix(r"\s+so") + r"\s*$"
# "Công văn số 1581/CT-TTHT của Cục Thuế … ngày 23/09/2014": a date after a document named with its number
# (a citation, a page's running title, a gazette's heading) yields to a place-date line below it.
_NAMED_DOCUMENT = re.compile(_CITING_TYPE + r"\s*:?\s*\d")


def _cited_symbol(lines: list[str], folded: list[str], i: int, start: int) -> bool:
    """A bare symbol (at `start` of line i) is a cited document's when before it "số" ends the line above
    ("… Quyết định số" / "16/2016/QĐ-UBND", a summary wrapped before the number), a sentence ends there with a
    type word ("… theo Thông tư" / "06/2010/TT-BGDĐT"), a type word with or without "số" stands before it on
    its line ("… của Nghị định số 108/2015/NĐ-CP", "Căn cứ công văn 167/SGD&ĐT-VP"), or when its date is
    followed by "của …" ("16/2016/QĐ-UBND ngày 09/5/2016 của UBND Thành phố"); a document's own number and
    date never are."""
    prev = lines[i - 1].strip() if i > 0 else ""
    return bool((i > 0 and re.search(_CITING_SO, folded[i - 1].strip()))
                or (len(prev.split()) > 2 and not prev.isupper() and re.search(_CITING_NAME, folded[i - 1].strip()))
                or re.search(_CITING_SO, folded[i][:start])
                or (not lines[i][:start].isupper() and re.search(_CITING_NAME, folded[i][:start]))
                or date_of_another(lines[i]))


# Lines above or around a header that carry another date than the document's: the gazette's running
# head ("CÔNG BÁO/Số 281/Ngày 21-05-2026"), a signing or copying stamp ("Giờ ký: 03/07/2025 15:32:39",
# "SAO Y …"), a received stamp ("ĐẾN NGÀY 20/10/2010", "CÔNG VĂN ĐẾN").
# ("378/Ngày 04-3-2024": the gazette's "CÔNG BÁO/Số 377 +" wrapped before its issue's date)
_OTHER_DATE_LINE = re.compile(r"^(?:cong bao\b|gio ky\b|thoi gian ky\b|ngay ky\b|ky boi\b|sao y\b|den ngay\b|"
                              r"ngay den\b|cong van den\b|\d{1,4}\s*/\s*ngay\b)")


# A clock time right after a date: a timestamp (signature box, received stamp).
_CLOCK_AFTER = re.compile(r"^\s*,?\s*(?:lúc\s*)?\d{1,2}:\d{2}")


_YEAR_ALONE = re.compile(r"n\s?[aă]\s?m\s*(?:19|20)\d\d")
# A line that ends on the month, or on the month's word and a blank (folded, OCR's digits fixed)
_ENDS_ON_MONTH = re.compile(r"t\s?h\s?a\s?n\s?g\s*(?:\d{1,2}|[.…_]*)\s*$")


def _read_date(h: _Header, meta: DocMeta) -> None:
    """The place-date line ("Vĩnh Thành, ngày 10 tháng 01 năm 2018") of the header zone. A bare
    numeric date ("28/4/2010" above the issuer: a filing note), or one after a document named with its
    number (`_NAMED_DOCUMENT`), counts only when no place-date line follows."""
    bare: tuple[int, dt.date] | None = None
    named: tuple[int, dt.date] | None = None
    for i, s in enumerate(h.lines[:25]):
        f = h.folded[i]
        if ends_header(s, f):
            # past the header: a date in "Căn cứ …" / "Thực hiện …" is a citation's, never the document's; but
            # OCR may read a letter's right column (the motto, the place-date line) after the left one's "Kính gửi"
            if bare is None and named is None:
                _date_under_motto(h, meta, i)
            break
        if i in h.notes or _OTHER_DATE_LINE.match(f.strip()):
            continue
        found = dates_with_pos(s)
        if (not found and len(s) < 120 and i + 1 < len(h.lines)
                and (re.search(r"\bnam\s*$", f) or PARTIAL_DATE.search(digits_in_folded(f)))  # "ngày 2l" (21, italic)
                and re.search(r"ng\s?[aà]\s?[yv]\b", f)):
            # "… ngày 05 tháng 11 năm" / "2010 …", "Hà Nội, ngày 02" / "tháng 12 năm 2003 QUYẾT …": the
            # rest of the place-date line wrapped onto the next line (a flattened header, OCR's line breaks)
            found = [hit for hit in dates_with_pos(s + " " + h.lines[i + 1]) if hit[1] < len(s)]
        if not found and len(s) < 120 and _ENDS_ON_MONTH.search(digits_in_folded(f)) and (year_at := next(
                (k for k in (i + 1, i + 2) if k < len(h.lines) and _YEAR_ALONE.fullmatch(h.lines[k].strip())), None)):
            # The place-date line broken before its year ("…, ngày 15 tháng 8" / "năm 2006"), the year on the next
            # line or, OCR having read the right column's last words onto the left column's line, after the number
            # ("Số: 122/2006/QĐ-UBND" / "năm 2006")
            found = [hit for hit in dates_with_pos(f"{s} {h.lines[year_at]}") if hit[1] < len(s)]
            if not found and year_at == i + 1 and BLANK_DATE.search(digits_in_folded(f"{f} {h.folded[i + 1]}")):
                # "Lào Cai, ngày       tháng" / "năm 2026": the blanks' spaces broke it; read whole, it ends on the year's
                f, i = f"{f} {h.folded[i + 1]}", i + 1
        if not found and len(s) < 80 and BLANK_DATE.search(digits_in_folded(f)):
            h.date_idx = i  # the place-date line, its day left blank: no date, and no other line's
            meta.place = place_of(s, f)
            if (m := MONTH_YEAR.search(digits_in_folded(f))) and 1 <= int(m.group(1)) <= 12:
                meta.blank_day_month = f"{int(m.group(2)):04d}-{int(m.group(1)):02d}"
            return
        if not found or (found[0][1] > 45 and len(s) > 70):
            continue  # a date inside a sentence is the body's, not the header's
        if i == h.sym_idx and not re.search(r"ng\s?[aà]\s?[yv]", f):
            continue
        if _CLOCK_AFTER.match(s[found[0][2]:]):
            continue  # "ký: 07.01.2020 16:33": a signature's or a stamp's time, never a place-date line's
        before = s[:found[0][1]]
        if not before.strip() and i > 0 and i - 1 != h.sym_idx and re.search(r"\bng\s?[aà]?\s?[yv]\s*$", h.folded[i - 1]):
            # "… số 16/2016/QĐ-UBND ngày" / "09/5/2016": a citation wrapped before its date (the document's own
            # "Số: …" line above its date is not one)
            before = h.lines[i - 1]
        if CITED_DATE.search(before) or date_of_another(s, found[0][2]):
            # "… Quyết định số 16/2016/QĐ-UBND ngày 09/5/2016", "ngày 28 tháng 10 năm 2015 của Chính phủ":
            # the cited document's date
            continue
        if not re.search(r"ng\s?[aà]?\s?[yv]\b", f) and len(s.split()) <= 2:
            bare = bare or (i, found[0][0])
            continue
        if _NAMED_DOCUMENT.search(f[:found[0][1]]):
            named = named or (i, found[0][0])
            continue
        meta.date = found[0][0]
        h.date_idx = i
        meta.place = place_of(s, f)
        return
    if named is not None or bare is not None:
        h.date_idx, meta.date = named or bare


# How far past "Kính gửi" the right column's motto may come, in lines (the addressees run a few).
MOTTO_AFTER_ADDRESSEE = 10


def _date_under_motto(h: _Header, meta: DocMeta, end: int) -> None:
    """The place-date line right under the national motto when OCR read that column after the header's end
    (a letter whose left column, "Số", "V/v …", ran long, then "Kính gửi: …"): "Độc lập - Tự do - Hạnh phúc"
    / "Hà Nội, ngày 17 tháng 01 năm 2018". Only a line with its place before "ngày", one or two lines under
    the motto: a body's dates are never there."""
    window = range(end + 1, min(len(h.lines), end + MOTTO_AFTER_ADDRESSEE + 1))
    mottos = [j for j in window if is_motto(h.folded[j].strip())]
    if not mottos:
        return
    # under the motto's last line: OCR may read the issuer's lines between the motto's ("CỘNG HOÀ …" / "TỈNH LÀO
    # CAI" / "Độc lập - Tự do - Hạnh phúc"), and the number line between the motto and the place-date line
    for k in range(mottos[-1] + 1, min(len(h.lines), mottos[-1] + 3)):
        s, f = h.lines[k], h.folded[k]
        if (number := SYMBOL_AFTER_SO.match(s)) is not None:
            # "Số: 9387 /UBND-KT Lào Cai, ngày 15 tháng 9 năm 2026": the two columns' last lines read as one
            s, f = s[number.end():], fold_keep(s[number.end():])
        found = dates_with_pos(s)
        if found and (place := place_of(s, f)) and not CITED_DATE.search(s[:found[0][1]]):
            meta.date, h.date_idx, meta.place = found[0][0], k, place
            return


def _letter_type_word(lines: list[str], folded: list[str], i: int) -> bool:
    """A letter that prints "CÔNG VĂN" in capitals before its subject, on the line ("CÔNG VĂN Về việc …")
    or on the next one: letters usually print no type word, and "công văn" inside a line is a word."""
    f = folded[i].strip()
    if not (f.startswith("cong van") and is_caps(" ".join(lines[i].split()[:2]))):
        return False
    rest = f[len("cong van"):].strip(" :.-")
    nxt = folded[i + 1].strip() if i + 1 < len(folded) else ""
    return bool(LETTER_SUBJECT.match(rest) if rest else LETTER_SUBJECT.match(nxt))


_TYPE_WORD_COLON = re.compile(r"^(\S+(?: \S+){0,3}?)\s*:\s+(\S.*)$")


def _read_title(h: _Header, meta: DocMeta) -> None:
    """The type-word line after the header fragments and the summary under it, or a letter's "V/v"
    subject; failing both, a summary printed without its type word under the place-date line."""
    lines, folded = h.lines, h.folded
    skip = {h.sym_idx, h.date_idx}
    if h.date_idx and place_alone(lines[h.date_idx - 1].strip()) and folded[h.date_idx].lstrip().startswith("ng"):
        # "Hà Nội," / "ngày 04 tháng 05 năm 2013": the place OCR read apart from its date (tune h377 at 150 dpi, a
        # table row's cell after a letter's subject) is no line of the subject
        skip.add(h.date_idx - 1)
    above: int | None = None  # a letter's subject above the number and place-date lines
    for i, s in enumerate(lines[:30]):
        f = folded[i].strip()
        if i in skip or is_motto(f) or is_decor(s):
            continue
        code = detect_doc_type(s)
        if code == "CV" and _letter_type_word(lines, folded, i):
            h.title_idx, h.title_type = i, code
            break
        if code and (code != "CV" or LETTER_SUBJECT.match(f)):
            # A type word must open a short line in capitals, or be the V/v subject of a letter.
            if code == "CV" and _above_number_and_date(h, i) and h.sym_idx is not None and h.date_idx is not None:
                # a printed page's running title ("Công văn số 1581/CT-TTHT …" / "v/v giá tính thuế …")
                # above the header: a letter prints its own subject under its number
                above = i if above is None else above
                continue
            if code == "CV" or is_caps(s.split(" ", 2)[0] + " " + (s.split(" ", 2)[1] if " " in s else "")):
                h.title_idx, h.title_type = i, code
                break
            if bare_type_word(s) and not s.rstrip().endswith(":") and not _above_number_and_date(h, i):
                # "Quyết định" alone under the number and date: a DOCX or web page that printed it in capitals by
                # its style ("All Caps") keeps the case it was typed in ("QUYẾT ĐỊNH:" opening a body has its colon)
                h.title_idx, h.title_type = i, code
                break
        if BODY_START.match(f) and not _above_number_and_date(h, i):
            if re.match(r"^[-+*•]\S", s.strip()) and any(bare_type_word(t) and is_caps(t) for t in lines[i + 1:i + 3]):
                # "+Số hồ sơ LA:" (a stamp's line, tune h403 at 150 dpi), then "QUYẾT ĐỊNH": a speck glued to a line,
                # no body's bullet ("- Các sở, ban, ngành;" has its space)
                continue
            break  # the body: no title follows (a speck OCR read as "- " before the issuer is no body)
    if h.title_idx is None and above is not None:
        h.title_idx, h.title_type = above, "CV"
    if h.title_idx is not None:
        meta.title = collect_title(lines, folded, h.title_idx, skip=skip, gaps=h.gaps)
        if meta.title and (m := _TYPE_WORD_COLON.match(meta.title)) and bare_type_word(m.group(1)):
            meta.title = f"{m.group(1)} {m.group(2)}"  # "Kế hoạch: Thực hiện …" on one line: the colon is no title's
    elif h.sym_idx is not None and h.date_idx is not None:
        j = summary_without_type_word(lines, folded, max(h.sym_idx, h.date_idx) + 1)
        if j is not None:
            meta.title = collect_title(lines, folded, j, skip=skip, gaps=h.gaps, summary_only=True)
    if meta.title is None and h.sym_idx is not None:
        meta.title = _inline_subject(h)


# A letter's subject inside a line: a header flattened onto one or two lines (a web preview, OCR of a
# tight page) reads "… năm 2010 V/v báo cáo nhanh … Kính gửi: …".
# "V/v" in any of OCR's readings (`LETTER_LEAD`), and inside a line also "V/vd" or, the v lost, "V/:" and
# "V/ hướng dẫn".
_INLINE_SUBJECT = re.compile(rf"(?<![^\W\d_])(?:V\s*/\s*v[a-z]?\b|(?:{LETTER_LEAD})(?![^\W\d_])|V\s*/(?=\s*:|\s+[a-zà-ỹđ]))"
                             r"\.?\s*:?\s*(?P<subject>.{8,300}?)"
                             r"(?=\s*(?:Kính\s+gửi|Kinh\s+gui|Căn\s+cứ)\b|$)", re.IGNORECASE | re.DOTALL)
def _inline_subject(h: _Header) -> str | None:
    """The "V/v …" subject inside the header's lines (up to "Kính gửi"), when no line holds it alone."""
    start = min(k for k in (h.sym_idx, h.date_idx) if k is not None)
    text = " ".join(h.lines[start:start + 4])[:2000]  # a header, not a whole page flattened
    m = _INLINE_SUBJECT.search(text)
    if m is None:
        return None
    subject = m.group("subject").split("|", 1)[0]  # a table cell's border ends it
    # a place-date that follows it ("… với cách mạng Hà Nội, ngày 03 tháng 06"): the next cell's
    subject = subject[: p - 1] if (p := place_date_start(subject)) is not None else subject
    subject = re.sub(r"\s+", " ", subject).strip(" .;:,\"'`")
    return ("V/v " + subject) if len(subject) >= 8 else None


def _above_number_and_date(h: _Header, i: int) -> bool:
    """Line `i` comes before both the number and the place-date line that were found: the header's
    top, where no body begins."""
    found = [k for k in (h.sym_idx, h.date_idx) if k is not None]
    return bool(found) and i < min(found)


def _read_issuer(h: _Header, meta: DocMeta) -> None:
    """The left column's lines above the symbol (or above the title when there is none); a gazette's heading
    names its issuer instead."""
    if h.authority:
        meta.issuer = issuer_from([h.authority])
        return
    if h.sym_idx is not None:
        stop = h.sym_idx
    else:
        stop = h.title_idx if h.title_idx is not None else min(len(h.lines), 4)
    issuer_lines = []
    for i in range(stop):
        s, f = h.lines[i], h.folded[i].strip()
        if i == h.date_idx or is_motto(f) or is_decor(s) or MOTTO_START.search(f):
            continue
        if BODY_START.match(f) or len(s) > 80:
            continue
        issuer_lines.append(s)
    meta.issuer = issuer_from(issuer_lines[-4:])


def _decide_type(h: _Header, meta: DocMeta) -> None:
    """The symbol's type code wins (a QĐ carrying a "QUY CHẾ" title is a decision); a letter-shaped
    symbol yields to a type word, since communes also number plans "05/UBND". A type found in a
    text-box header (`_header_in_text_box`) stands when neither says one."""
    if h.party and h.symbol_type == "QĐ" and h.title_type == "QyĐ":
        meta.doc_type = "QyĐ"  # the Party numbers its regulations (quy định) "-QĐ/TW" as its decisions
    elif h.title_type == "CV" and h.symbol_type in ("CT", "TT"):
        # "Số: 1581/CT-TTHT" over "V/v giá tính thuế …" and no type word: a tax department's (Cục Thuế)
        # or an inspectorate's (Thanh tra) letter; a directive or a circular prints its type word
        meta.doc_type = "CV"
    elif (h.title_type, h.symbol_type) in (("TTLT", "TT"), ("NQLT", "NQ")):
        meta.doc_type = h.title_type  # "Số: 4/TT-LB" under "THÔNG TƯ LIÊN BỘ": the type word says the circular is joint
    elif h.title_type == "TTr" and h.symbol_type == "TT":
        meta.doc_type = "TTr"  # "Số: 312/TT-Tr-…" under "TỜ TRÌNH": the submission's code written in two pieces
    elif h.title_type == "QĐ" and h.symbol_type not in (None, "CV", "QĐ"):
        # "QUYẾT ĐỊNH" printed over a symbol of another type ("55/2007/CT-UBND"): a clerk reused a code;
        # a decision is not named one by mistake (the reverse, a QĐ over a "QUY CHẾ" title, is above).
        meta.doc_type = "QĐ"
    elif h.symbol_type and h.symbol_type != "CV":
        meta.doc_type = h.symbol_type
    elif h.title_type:
        meta.doc_type = h.title_type
    elif h.symbol_type == "CV":
        meta.doc_type = "CV"


def _header_in_text_box(text: str, meta: DocMeta, want_symbol: bool, want_date: bool) -> None:
    """A header drawn in text boxes reaches us after the body (DOCX shapes): look for its "Số:" line
    and its place-date line anywhere, taking only lines shaped like them."""
    for raw in nfc(text).splitlines()[40:]:
        for frag in split_fragments(raw):
            frag = frag.strip()
            if want_symbol:
                m = SYMBOL_AFTER_SO.match(frag)
                if m and (built := build_symbol(m)):
                    meta.symbol, code, meta.number = built
                    meta.doc_type = meta.doc_type or code
                    want_symbol = False
                    continue
            if want_date:
                m = re.match(rf"^([{VI_UPPER}][^,\d]{{1,40}}),\s*ng", frag)
                if m and not BODY_START.match(fold_keep(frag)) and not fold_keep(frag).startswith("hom nay"):
                    found = dates_with_pos(frag)
                    if found:
                        meta.date, meta.place = found[0][0], m.group(1).strip()
                        want_date = False

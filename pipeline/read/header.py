"""The header zone of a document's first page, cut into lines the way the page prints them.

The text reaches us in three shapes: DOCX paragraphs (header table cell by cell or row by row), a
PDF text layer (both columns glued on one line) and OCR (columns as separate blocks). Here a line
is cut into its column fragments and broken pieces are rejoined; and each line is classified:
the national motto, a decorative rule, the body's first words, the issuing authority."""

from __future__ import annotations

import re
from functools import cache

from pipeline.core.normalize import VI_UPPER, fold, fold_keep, nfc
from pipeline.core.signboxes import box_lines
from pipeline.core.syllables import is_syllable, join_letter_spacing
from pipeline.core.vocabulary import vocabulary
from pipeline.read.casing import is_caps
from pipeline.read.dates import ANY_A, DATE_GAPS, PARTIAL_DATE, dates_with_pos, word_date
from pipeline.read.doctypes import TYPE_HEADS, bare_type_word, detect_doc_type
from pipeline.read.symbols import BLANK_SYMBOL, INNER_SO, STROKE_FOR_SLASH, SYMBOL_AFTER_SO, SYMBOL_NO_SLASH

# "(Kèm theo Kế hoạch số 09/KH-UBND ngày …)", "(Ban hành kèm theo Quyết định số …)": an attachment
# names its parent document; that symbol and date are the parent's, not the attachment's.
CITATION_NOTE = re.compile(r"^\(|^(?:ban hanh )?kem theo\b")


def citation_note_lines(folded: list[str], limit: int = 25) -> set[int]:
    """The header lines that belong to an attachment's note, "(Ban hành kèm theo Quyết định số 59/QĐ-UBND
    / Ngày 22 tháng / 7 năm 2021 của …)": from its opening line to the line that closes the bracket
    (at most four lines on), so a date or number broken onto the note's next lines is the parent's too."""
    out: set[int] = set()
    i = 0
    while i < min(len(folded), limit):
        f = folded[i].strip()
        if CITATION_NOTE.match(f):
            out.add(i)
            if f.startswith("(") and ")" not in f:
                for j in range(i + 1, min(len(folded), i + 5)):
                    out.add(j)
                    if ")" in folded[j]:
                        i = j
                        break
        i += 1
    return out


MOTTO_START = re.compile(r"c\s?[o0]\s?n\s?g\s*h\s?[o0]\s?a\s*x\s?a\s*h\s?[o0]\s?i|d\s?[o0]\s?c\s*l\s?a\s?p\s*[-,.]?\s*t\s?u\s*d\s?[o0]"
                         # "Độc lập - Tự - Hạnh phúc": a damaged copy lost a word, the motto's ends stand
                         r"|d\s?[o0]\s?c\s*l\s?a\s?p\W{1,4}\w{0,3}\W{1,4}h\s?a\s?n\s?h\s*p\s?h\s?u\s?c")


_MOTTO_WORDS = re.compile(r"cong hoa|chu nghia|viet nam|doc lap|tu do|hanh phuc|xa hoi chu nghia")


_MOTTO_END = re.compile(r"viet\s*nam|hanh\s*phuc")


_DECOR = re.compile(r"^[\s\-_=~*.·•oO0()\[\]|]*$")


# A section's number opening a line ("I. MỤC ĐÍCH", "2) …").
_SECTION_NUMBER = r"(?:\d{1,2}|[ivx]{1,4})\s*[.)]"
SECTION_NUMBER_START = re.compile(rf"^{_SECTION_NUMBER}")

# Lines that can only be body text, even right under a bare type word.
_STRONG_BODY = (
    r"can cu|kinh gui|hom nay|vao luc|vao hoi|chuong\s+[ivx\d]|phan\s+(?:[ivx]+|\d+|thu)\b|stt\b|tt\s|"
    # a report's or a plan's sections: "A. KẾT QUẢ ĐẠT ĐƯỢC", "B. Phương hướng …", "MỤC ĐÍCH, YÊU CẦU" unnumbered
    r"[a-e]\.\s+[^\W\d_]|muc dich,?\s*(?:va\s+)?yeu cau$|"
    rf"dieu\s\d|{_SECTION_NUMBER}\s+\D|[a-d]\s*\)|[-+*•]|noi nhan|xet de nghi|"
    r"thanh phan\s*(?:gom|tham)|dia diem\s*:|thoi gian\s*:"
)


STRONG_BODY_START = re.compile(rf"^(?:{_STRONG_BODY})")


# Openings of a first body paragraph (also possible openings of a title: only used past the title); "Thi
# hành …" is the older documents' "Thực hiện …". "Để …" (in order to) folds like "Đề …": "Đề án …" goes on a subject
# ("V/v một số lưu ý khi xây dựng và trình" / "Đề án sắp xếp ĐVHC …").
BODY_START = re.compile(rf"^(?:{_STRONG_BODY}|thuc hien\b|thi hanh\b|nham\s|de\s(?!an\b)|theo\s|tren co so|muc\s|"
                        r"ve viec thuc hien)")


# The opening words of a body: the header zone (number, place-date line) is over.
HEADER_END = re.compile(r"^(?:[-–•+*]\s*)?(?:can cu\b|thuc hien\b|kinh gui\b|theo de nghi\b|xet de nghi\b|hom nay\b)")


def ends_header(line: str, folded: str) -> bool:
    """Whether a line opens the body (`HEADER_END`). In lower case it goes on a subject a narrow column
    wrapped ("V/v hướng dẫn" / "thực hiện một số quy định tại"): a body's paragraph opens in capitals."""
    return bool(HEADER_END.match(folded.strip())) and not re.sub(r"^[-–•+*]\s*", "", line.strip())[:1].islower()


AUTHORITY = re.compile(
    # "ÙỦY BAN …": OCR read the capital Ủ twice, once with the wrong mark (tune h347 at 300 dpi); "GHỦ TỊCH": its C
    # as G (h269 at 200 dpi); "ÚY-BAN": a speck between its words (h283 at 150 dpi)
    r"^(?:[cg]hu tich|u?uy[ -]ban nhan dan|ubnd|truong|giam doc|ban chi dao|hoi dong|dang uy|pho chu tich|bo truong|vien truong|"
    r"thu truong|thu tuong|u?uy[ -]ban thuong vu|ban thuong vu|ban chap hanh|chanh van phong|tong cuc truong|cuc truong|"
    r"tong giam doc|ban thuong truc|thuong truc hoi dong nhan dan|thuong truc hdnd|ban quan ly|"
    # heads of courts, schools, the State Bank, audit and inspection; the Government and the Assembly as a whole
    # line (a summary's "… của Thủ tướng" / "Chính phủ" dangles: `title._dangles`). Not "bí thư" nor "chủ
    # nhiệm": a summary's "… đồng chí / Bí thư …", "… của Ban / Chủ nhiệm …" wrap there.
    r"chanh an|hieu truong|thong doc|tong kiem toan|tong thanh tra|chanh thanh tra|"
    r"chinh phu$|quoc hoi(?:$|\s+nuoc\b))"
)


ORG_START = re.compile(
    r"^(?:uy ban|ubnd|hoi dong|hdnd|dang uy|dang bo|ban |ban$|phong |van phong|so |cong an|mat tran|doan |"
    r"hoi |to |tram |truong |chi bo|bo phan|cong ty|trung tam|chi cuc|ky niem)"
)


PLACE_WORD = re.compile(r"^(?:xa|thi tran|tt\.?|huyen|tinh|phuong|thanh pho|thi xa|quan)\b")


def split_fragments(line: str) -> list[str]:
    """Cut a header line where the two columns were glued: before the motto, after it, and after a symbol."""
    # Wide spacing inside a date or after "Số:" is typing, not a column gap.
    line = DATE_GAPS.sub(lambda m: m.group(1) + " " + m.group(2), line)
    frags = [p for p in re.split(r"\t|\s{3,}|\s\|\s", line) if p.strip()]
    out: list[str] = []
    for frag in frags:
        pending = [frag.strip()]
        while pending:
            s = pending.pop(0)
            f = fold_keep(s)
            m = MOTTO_START.search(f)
            if m and m.start() > 0:
                pending[:0] = [s[: m.start()].strip(), s[m.start():].strip()]
                continue
            if m and m.start() == 0:
                e = _MOTTO_END.search(f)
                if e and e.end() < len(s) and s[e.end():].strip(" -–"):
                    pending[:0] = [s[: e.end()].strip(), s[e.end():].strip(" -–").strip()]
                    continue
            inner = INNER_SO.search(s)
            if inner and inner.start() > 0:
                # "ỦY BAN NHÂN DÂN XÃ A Số: 02/UBND-VP V/v …": a DOCX header cell's paragraphs run together.
                pending[:0] = [s[: inner.start()].strip(), s[inner.start():].strip()]
                continue
            cut = _flattened_cut(s)
            if cut:
                pending[:0] = [s[:cut].strip(), s[cut:].strip()]
                continue
            sm = SYMBOL_AFTER_SO.search(s) or SYMBOL_NO_SLASH.match(s) or BLANK_SYMBOL.match(s)
            # (the number may be labelled with the type: "Nghị quyết số: 105/2025/UBTVQH15 NGHỊ QUYẾT …"; a
            # citation, "Thông tư số 05/2013/TT-BLĐTBXH ngày …", has no colon)
            if sm and (sm.start() == 0 or (bare_type_word(s[: sm.start()].strip())
                                           and re.match(r"\S{2,3}\s*:", s[sm.start():]))) \
                    and sm.end() < len(s) and s[sm.end():].strip():
                rest = s[sm.end():].strip()
                pending[:0] = [s[: sm.end()].strip(), rest]
                continue
            if s:
                out.append(s)
    return out


# A whole header on one line (a PDF text layer, a page that dropped the breaks): "… ngày 09 tháng 10 năm
# 2018 QUYẾT ĐỊNH BAN HÀNH … NHÀ NƯỚC ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG Căn cứ Luật …".
_DATE_THEN_CAPS = re.compile(rf"(?i:n\s?[{ANY_A}]\s?m)\s*(?:19|20)\d\d\s+(?=[{VI_UPPER}]{{2,}}\s+[{VI_UPPER}]{{2,}})")
# The addressees' "Kính gửi" never goes on a header's line: what comes before it is the subject or the date.
_ADDRESSEES_IN_LINE = re.compile(r"\s(?=Kính gửi\s*:?)")
# and an attachment's note after its summary: "KẾ HOẠCH … NĂM 2024 (Ban hành kèm theo Quyết định số …)"
_BODY_IN_LINE = re.compile(r"\s(?=(?:Căn cứ|Thực hiện|Xét đề nghị|Theo đề nghị)\s|\((?:[Bb]an hành\s+)?[Kk]èm theo\s)")
_AUTHORITY_IN_LINE = re.compile(
    r"(?<=\s)(?:CHỦ TỊCH\s+)?(?:[UỦ][YỶ] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BỘ TRƯỞNG|THỦ TƯỚNG CHÍNH PHỦ|TỔNG GIÁM ĐỐC|"
    r"[UỦ][YỶ] BAN THƯỜNG VỤ QUỐC HỘI|GIÁM ĐỐC)\b")
# Words after which an authority's name is the summary's object, not the issuer that ends it:
# "… NỘI QUY KỲ HỌP HỘI ĐỒNG NHÂN DÂN TỈNH", "ĐẠI BIỂU / THƯỜNG TRỰC / TRÌNH HỘI ĐỒNG NHÂN DÂN"; and
# "HỘI ĐỒNG BỘ TRƯỞNG" is one name (the Council of Ministers), not a "BỘ TRƯỞNG" after a summary.
_LINKING = {"CỦA", "VÀ", "CÁC", "VỚI", "GIỮA", "CHO", "TẠI", "THUỘC", "CHỦ", "TỊCH", "TRƯỞNG",
            "HỌP", "BIỂU", "TRỰC", "TRÌNH", "ĐỒNG"}


# The place-date line run on after other text: "V/v … năm 2014 Hà Nội, ngày 29 tháng 12 năm 2014" (a page that
# flattened a letter's header row by row: the number's cell with the subject under it, then the date's cell).
# (a comma, or OCR's semicolon for it: "|.Hà Nội; ngày 15 tháng 11 năm 2013", tune h379 at 150 dpi)
_COMMA_DAY = re.compile(rf"\s*[,;]\s*(?:ng[{ANY_A}]y[\s\d.…_]*th[{ANY_A}]ng\b|\d{{1,2}}\s*th[{ANY_A}]ng\b|"
                        rf"ng[{ANY_A}]y\s*\d{{1,2}}/\d{{1,2}}/(?:19|20)\d\d)")
# a place's words are written in title case ("Hà Nội", "Phan Rang-Tháp Chàm", "TP. Hồ Chí Minh"); up to five
PLACE_WORDS_MAX = 5


# and what follows a place-date line on its line: "Đồng Xoài, ngày 20 tháng 3 năm 2012. THÔNG BÁO Về việc …",
# "Lai Châu, ngày tháng năm 2025 # QUYẾT ĐỊNH …" (a line that opens with its place and ends at the year)
_PLACE_DATE_THEN = re.compile(rf"^([^,]{{2,40}}),\s*(?:(?:ng[{ANY_A}]y)?[\s\d.…_]*th[{ANY_A}]ng[\s\d.…_]*n[{ANY_A}]m\s*"
                              rf"(?:19|20)\d\d|ng[{ANY_A}]y\s*\d{{1,2}}/\d{{1,2}}/(?:19|20)\d\d)\b[.,;:]?(?=\s+\S)")


_DRAFT_THEN = re.compile(r"(?:DỰ THẢO|Dự thảo)(?:\s*(?:\d+|\(?lần\s*\d+\)?))?\s+(?=\S)")


def _place_word(word: str) -> bool:
    if word in ("TP.", "Tp.", "TP", "Tp"):
        return True
    return all(p[:1].isupper() and p.isalpha() and (len(p) == 1 or p[1:].islower()) for p in word.split("-"))


def _is_place(text: str) -> bool:
    """Whether a text is a place as a place-date line writes it: one to PLACE_WORDS_MAX title-case words."""
    words = text.split()
    return 0 < len(words) <= PLACE_WORDS_MAX and all(map(_place_word, words))


def _place_date_end(s: str) -> int | None:
    """Where a fragment that opens with a place-date line goes on past its year (None: it does not)."""
    m = _PLACE_DATE_THEN.match(s)
    return m.end() if m and _is_place(m.group(1)) else None


_CODE_THEN_PLACE = re.compile(r"/[A-ZĐ]{2,}(?:-[A-ZĐ]{1,})*-([A-ZĐ][^\W\d_]+)$")


def place_date_start(s: str) -> int | None:
    """Where a place-date line that follows other text on the same line starts (its place's first word)."""
    for m in _COMMA_DAY.finditer(s):
        words = s[: m.start()].split(" ")
        k = len(words)
        while k > 0 and len(words) - k < PLACE_WORDS_MAX and _place_word(bare := words[k - 1].lstrip(_SPECK_MARKS)):
            k -= 1
            if bare != words[k]:
                break  # "-Hà Nội, ngày …": a speck before the place is the line's start, no text before it
        if k < len(words) and k >= 2 and fold_keep(" ".join(words[k - 2:k])).lower() == "thanh pho":
            k -= 2  # "Thành phố Hồ Chí Minh, ngày …"
        if (k < len(words) and k >= 2 and (glued := _CODE_THEN_PLACE.search(words[k - 1]))
                and _place_word(glued.group(1))):
            # "Số: 2496 /UBND-KT-Lào Cai, ngày …" (tune h573 at 200 dpi): the number's code glued to the place by OCR
            return len(" ".join(words[: k - 1])) + 1 + glued.start(1)
        if k == len(words) or k == 0 or not any(c.isalnum() for c in " ".join(words[:k])):
            continue  # no place before the comma, or nothing before the place
        start = len(" ".join(words[:k])) + 1
        # "… tổ chức tại Hà Nội, ngày …" is a sentence about a place, not the document's place-date
        if fold_keep(words[k - 1]).lower() in {"tai", "o", "den", "tu"}:
            continue
        return start
    return None


def _flattened_cut(s: str) -> int | None:
    """Where a header flattened onto one line breaks: before a place-date line that follows other text;
    after the place-date line's year when a type word in capitals follows; before the body's "Căn cứ …";
    before the issuing authority that ends a summary in capitals ("… NHÀ NƯỚC | ỦY BAN NHÂN DÂN THÀNH
    PHỐ HẢI PHÒNG"). None: no such break."""
    if (p := place_date_start(s)) is not None or (p := _place_date_end(s)) is not None:
        return p
    if len(s) < 40:
        return None
    if (d := _DRAFT_THEN.match(s)) and detect_doc_type(s[d.end():]):
        return d.end()  # "DỰ THẢO 2 THÔNG TƯ QUY ĐỊNH …": a draft's mark, then the type word
    m = _DATE_THEN_CAPS.search(s)
    if m and word_date(s[: m.end()]) and detect_doc_type(s[m.end():]):
        return m.end()
    # A fragment that opens with a type word in capitals ("QUYẾT ĐỊNH Ban hành …") holds a title, whatever its case.
    # (a markdown copy's "# " or a speck may come first: "# QUYẾT ĐỊNH Về việc …")
    head = " ".join(s.lstrip(f"{_SPECK_MARKS}# ").split()[:2])
    titled = bool(detect_doc_type(head)) and is_caps(head)
    # the first past the type word: a summary may open "Thực hiện …" ("KẾ HOẠCH Thực hiện … (Kèm theo …)")
    b = next((m for m in _BODY_IN_LINE.finditer(s) if m.start() > 20), None)
    if b and (titled or is_caps(s[: b.start()])):
        return b.start()
    if (a := _ADDRESSEES_IN_LINE.search(s)) and a.start() > 20:
        return a.start()  # "V/v giá tính thuế TTĐB Kính gửi: Công ty …"
    if (titled or is_caps(s)) and len(s) > 60 and (a := authority_at_end(s, after=30)) is not None:
        return a
    # a rule drawn under the summary, and what follows it ("… thuộc quận Hải An ------ ỦY BAN NHÂN DÂN …")
    if r := _RULE_IN_LINE.search(s):
        if r.start() > 0:
            return r.start()
        if s[r.end():].strip():
            return r.end()
    return _authority_after_summary(s)


# A rule's dashes (not a template's "____" blank, nor dots).
_RULE_IN_LINE = re.compile(r"[-–—=~]{4,}")
AUTHORITY_TAIL_MIN_WORDS = 3


def _authority_after_summary(s: str) -> int | None:
    """Where the issuing authority's line in capitals starts after a summary in lower case run on with it: "…
    trên địa bàn tỉnh Lào Cai năm 2026 GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI" (a head flattened onto one line)."""
    words = list(re.finditer(r"\S+", s))
    k = len(words)
    while k > 0 and words[k - 1].group() == words[k - 1].group().upper() and not re.search(r"\d", words[k - 1].group()):
        k -= 1
    tail = s[words[k].start():] if k < len(words) else ""
    if k < 3 or len(re.findall(r"\w*[^\W\d_]\w*", tail)) < AUTHORITY_TAIL_MIN_WORDS:
        return None
    if not any(c.islower() for c in s[: words[k].start()]):
        return None
    folded = fold_keep(tail).lower()
    return words[k].start() if AUTHORITY.match(folded) or ORG_START.match(folded) else None


def authority_at_end(s: str, after: int = 0) -> int | None:
    """Where the issuing authority that ends a line in capitals starts, past character `after`: "…
    TỈNH VĨNH PHÚC ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC" (a summary and its authority flattened onto one
    line). Only the line's last authority name is one; an object of the summary ("… CỦA ỦY BAN NHÂN
    DÂN TỈNH") follows a linking word."""
    for a in reversed(list(_AUTHORITY_IN_LINE.finditer(s))):
        before = s[: a.start()].rstrip()
        prev = before.rsplit(" ", 1)[-1] if " " in before else before
        linked = prev in _LINKING and (prev != "ĐỒNG" or before.endswith("HỘI ĐỒNG"))  # "… TỈNH LÂM ĐỒNG ỦY BAN …" is not
        if a.start() > after and not before.endswith((",", "-", "–")) and not linked and is_caps(s[a.start():]):
            return a.start()
        break
    return None


def _rejoined(raw: list[str]) -> list[str]:
    """Lines a web page or a narrow column wrapped, joined back: the place-date line over two or
    three lines ("Kon Tum, ngày 25" / "tháng 01 năm 2024"), "Số:" alone over its symbol, a
    type word broken in two ("QUYẾT" / "ĐỊNH") and the body's "Căn" / "cứ …"."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        nxt = raw[i + 1].strip() if i + 1 < len(raw) else ""
        f = fold_keep(line).strip()
        # An OCR block break may fall inside the place-date line ("Sóc Trăng, ngày" / "" / "27 tháng …").
        skip = 1 if not nxt and i + 2 < len(raw) and raw[i + 2].strip() else 0
        date_next = raw[i + 1 + skip].strip() if i + 1 + skip < len(raw) else ""
        date_next = re.sub(r"^[|¦]+\s*", "", date_next)  # "| 2010": a table's rule OCR read before the wrapped year
        if date_next and PARTIAL_DATE.search(f) and re.search(r"\bng\s?a\s?y\b", f) and not dates_with_pos(line) \
                and len(line) < 60 and len(date_next) < 40:
            joined = f"{line.rstrip().rstrip(' |')} {date_next}"  # "ngày 21 |": a speck, or a table's rule
            third = raw[i + 2 + skip].strip() if i + 2 + skip < len(raw) else ""
            if not word_date(joined) and re.fullmatch(r"(?:n\s?[aă]?\s?m\s*)?(?:19|20)\d\d", fold_keep(third)):
                joined, i = f"{joined} {third}", i + 1  # "Yên Bái, ngày 21 tháng 6 năm" / "2019"; "… tháng 11" / "năm 2018"
            if word_date(joined):
                out.append(joined)
                i += 2 + skip
                continue
        if nxt and re.search(r"\d\s*/\s*(?:\d{4}/)?[A-ZĐa-zđ]+(?:[-–][A-ZĐa-zđ0-9]+)*[-–]$", line.rstrip()) and re.match(r"^[A-ZĐ]{2,}", nxt):
            out.append(line.rstrip() + nxt)  # "Số: 23/2007/QĐ-" / "BLĐTBXH", "…/NQLT-UBTVQH15-CP-" / "ĐCTUBTWMTTQVN": a narrow cell broke the symbol at a hyphen
            i += 2
            continue
        if nxt and re.fullmatch(r"s\s?[oô0ó6]\s*[:.]?", f) and re.match(rf"^[0-9OoIl|]{{1,5}}(?:\s*[/-]|{STROKE_FOR_SLASH})", nxt):
            out.append(f"{line.strip()} {nxt}")  # "Số:" / "80/NQ-CP", or "80 INQ-CP" (its slash read as a letter)
            i += 2
            continue
        if nxt and re.search(r"\bs\s?[oô0ó6]\s*[:.]?\s*\d{1,5}\s*$", f) and re.match(r"^[/-]\s?[A-ZĐ]{2,}", nxt):
            out.append(f"{line.rstrip()} {nxt}")  # "… Số : 2917" / "/SGDĐT-VP …": the line broke before the code
            i += 2
            continue
        if date_next and f in TYPE_HEADS and is_caps(line) and len(date_next.split()) <= 2 and is_caps(date_next) \
                and detect_doc_type(f"{line.strip()} {date_next}") and not detect_doc_type(line):
            out.append(f"{line.strip()} {date_next}")  # "QUYẾT" / "ĐỊNH", a blank line between them too
            i += 2 + skip
            continue
        if (date_next and line.rstrip().endswith(",") and re.match(r"\d{1,2}\s*th[áa]ng\s*\d{1,2}\s*n[ăa]m", date_next)
                and _is_place(line.strip().rstrip(","))):
            out.append(f"{line.strip()} {date_next}")  # "Vinh," / "15 tháng 10 năm 2009": a place-date line without "ngày"
            i += 2 + skip
            continue
        if date_next and f == "can" and line.strip()[:1] in "Cc" and re.match(r"(?i)^cứ\b", date_next):
            out.append(f"{line.strip()} {date_next}")  # "Căn" / "cứ Hiến pháp …": the body's opening word broken
            i += 2 + skip
            continue
        out.append(line)
        i += 1
    return out


# A digital signature's stamp printed across the margin, turned 90°, comes out of a PDF's text
# layer as a run of two- and three-character lines between the header's own ("yễ", "-N", "22",
# "1/", "56", "8:"): the signing time's characters one by one. That many crumbs are the stamp's;
# a header has none (a lone "Số:" or year line is one, and is kept).
STAMP_CRUMB_CHARS = 3
STAMP_CRUMBS = 4


def _without_stamp_crumbs(raw: list[str]) -> list[str]:
    def crumb(line: str) -> bool:
        s = line.strip()
        return 0 < len(s.replace(" ", "")) <= STAMP_CRUMB_CHARS and not re.fullmatch(r"(?i)s[oôố6]\s*[:.]?", s)
    if sum(crumb(line) for line in raw) < STAMP_CRUMBS:
        return raw
    return [line for line in raw if not crumb(line)]


# A page that puts a blank line between nearly all its lines marks no paragraph break with one.
UNIFORM_GAPS_MIN_LINES = 6
UNIFORM_GAPS_SHARE = 0.6


# Markup a converter or a web page leaves around a header's words (markdown emphasis and headings,
# HTML tags): "**QUYẾT ĐỊNH**", "### QUYẾT ĐỊNH", "Số : *44* DN-UBND", "ngày _16_ tháng _4_", "<div …>".
# Layout and emphasis tags a converter wrote; active content ("<script>", "<iframe>" …) is no layout: it
# stays in the text, which is shown as text.
_HTML_TAG = re.compile(r"</?(?!(?:script|style|iframe|object|embed|svg|math|form|input|textarea|link|meta|base)\b)"
                       r"[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,120})?/?>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_STARS = re.compile(r"(?<!\S)\*+(?=\S)|(?<=\S)\*+(?!\S)")
_MD_UNDERSCORES = re.compile(r"(?<!\S)_([^\s_]+)_(?!\S)")


_MD_CELL_BORDERS = re.compile(r"^\s*\|(?=\s|$)|(?<=\s)\|\s*$")


def without_markup(line: str) -> str:
    """The line without markdown or HTML markup; a line of asterisks (a rule) is left alone."""
    s = _HTML_TAG.sub("", line.replace("\\*", "*"))
    s = _MD_HEADING.sub("", s)
    s = _MD_CELL_BORDERS.sub("", s)  # a markdown table's row: "| ỦY BAN NHÂN DÂN |", "| Căn cứ Luật … |"
    if s.strip(" *"):
        s = _MD_STARS.sub("", s)
    return _MD_UNDERSCORES.sub(r"\1", s)


# The marks OCR reads off specks, a seal's or a rule's edge, around a line's words ("¬ ._... KẾ HOẠCH _")
_SPECK_MARKS = r"-_~.,'\"|*•;`+ˆ^¬„‹›"
# A lone speck after a line's words: punctuation, or the l / I / | of a vertical stroke
_TRAILING_SPECKS = re.compile(rf"(?:\s+(?:[{_SPECK_MARKS}]+|[lI|]))+\s*$")


def place_alone(text: str) -> bool:
    """Whether a fragment is the place of a place-date line OCR read apart from its date ("-_Bình Định," under
    "ngày 29 tháng 5 năm 2018"): a place and its comma; a speck before it made it a body's bullet."""
    return text.endswith(",") and _is_place(text[:-1])


# A token OCR reads off the speckle around a big bold type word: marks, a number of one or two digits, one letter
# or two without an accent ("- £ \"KẾ HOẠCH + + -~", "ˆ-¿ ^ KẾ HOẠCH ^ 2 -", "TH, HƯỚNG DẪN", "- 5 - NGHỊ QUYẾT").
# A section's numbering ("A.", "II.") is no crumb. Spacing modifier letters (ˆ, ˇ) are marks here.
OCR_MARK = r"(?:[^\w]|[_\u02b0-\u02ff])"  # one mark OCR reads off a speck (the title's crumbs use it too)
# (two letters apart in a rule's marks, "_ò_-___ờ__": a bold summary's rule read with the type word, tune h133)
_CRUMB_TOKEN = re.compile(rf"(?![A-Z]{{1,3}}\.$)(?:{OCR_MARK}+|\d{{1,2}}{OCR_MARK}*|{OCR_MARK}*(?:[A-Za-z]{{1,2}}|[^\W\d_]){OCR_MARK}*"
                          rf"|{OCR_MARK}+[^\W\d_]{OCR_MARK}+[^\W\d_]{OCR_MARK}+)")


# At most this many tokens on a type word's line read with crumbs, and no crumb longer than this.
CRUMBS_AROUND_TYPE_WORD_MAX = 12
CRUMB_MAX_CHARS = 12


def type_word_among_crumbs(line: str) -> str | None:
    """The type word in capitals a line holds between OCR's crumbs (`_CRUMB_TOKEN`), else None: the line is that
    word alone, or nothing but it and crumbs. The fewest crumbs are cut: "KE" of an unaccented "KE HOẠCH" is one."""
    tokens = line.split()
    if len(tokens) > CRUMBS_AROUND_TYPE_WORD_MAX or any(len(t) > CRUMB_MAX_CHARS for t in tokens):
        return None  # a type word's line with the speckle around it is short (the search below is quadratic)
    for one_letter_off in (False, True):  # a type word as printed before one OCR misread by a letter
        for i in range(len(tokens)):
            if i and not _CRUMB_TOKEN.fullmatch(tokens[i - 1]):
                break
            for j in range(len(tokens), i, -1):
                if j < len(tokens) and not _CRUMB_TOKEN.fullmatch(tokens[j]):
                    break
                word = re.sub(rf"^{OCR_MARK}+|{OCR_MARK}+$", "", " ".join(tokens[i:j]))
                if word != line and word and is_caps(word) and bare_type_word(word, one_letter_off):
                    return word
    return None


# Capitals a header writes that are no syllable: the acronyms of its bodies and places
_HEADER_ACRONYMS = frozenset({"ubnd", "hdnd", "mttq", "tp", "hcm", "tw", "bch", "xhcn", "chxhcn", "dcsvn", "tncs", "cchc",
                              "tthc"})


def _seal_noise(line: str) -> bool:
    """What OCR makes of a seal's ring or a signature's strokes: a line of several letter runs, not one of them
    a Vietnamese syllable or a header's acronym, with no digit or slash ("- TC VN IAG" over a printed signature
    box). Such a line, opening with a dash, read as a body's first bullet and ended the header above the type word."""
    if re.search(r"[\d/]", line):
        return False
    runs = re.findall(r"[^\W\d_]+", line)
    if len(runs) < 2:
        return False
    folded = [fold_keep(r) for r in runs]
    return not any(f in _HEADER_ACRONYMS or (len(f) >= 2 and is_syllable(f)) for f in folded)


@cache
def _heading_syllables() -> frozenset[str]:
    """The syllables of the vocabulary's type names, title words and terms: what a letter-spaced heading
    most likely spells where its letters split two ways ("BAN HÀNH", not "BA NHÀNH")."""
    v = vocabulary()
    texts = [t.name for t in v.document_types] + [w for t in v.document_types for w in t.title_words]
    texts += [*v.abbreviations.values(), *v.whole_terms, *v.other_activities]
    return frozenset(w for t in texts for w in re.findall(r"[^\W\d_]+", fold(t)))


# The marks of urgency and secrecy stamped under the number (Decree 30/2020, Appendix I: "HỎA TỐC",
# "THƯỢNG KHẨN", "KHẨN"; "MẬT", "TỐI MẬT", "TUYỆT MẬT"), alone on their line or boxed: no header line (a
# header without its type word took "Khẩn" for its title)
_PRIORITY_MARK = re.compile(r"^\W*(?:hoa toc|thuong khan|khan|mat|toi mat|tuyet mat)\W*$")


# A legacy font's tone marks set apart from their letters ("thiêt hai ̀ ̣ ̣ do lũ lụt"): NFC cannot join them back.
_DETACHED_MARKS = re.compile(r"(?<!\S)[\u0300-\u036f]+(?!\S)")


_SPECK_IN_SYMBOL = re.compile(r"(\d/|/[A-Za-zĐđ]{1,10}[-/])['‘’`´]+(?=[A-ZĐ])")


def header_lines(text: str, limit: int = 40, gaps: set[int] | None = None) -> list[str]:
    """The header zone's lines cut into column fragments; `gaps` collects the indexes of lines
    that follow a blank line (a paragraph or OCR block break)."""
    lines: list[str] = []
    blank_before = False
    # the header zone's lines only: the rest of the page is never read here
    raws = [join_letter_spacing(without_markup(_DETACHED_MARKS.sub("", line.replace("\u00a0", " "))), _heading_syllables())
            for line in nfc(text).splitlines()[: limit * 3]]
    for k in box_lines(raws):  # a signature box or the gazette's stamp printed on the page: no header line
        raws[k] = ""
    raws = ["" if _seal_noise(line) else line for line in raws]
    for raw in _rejoined(_without_stamp_crumbs(raws)):
        if not raw.strip():
            blank_before = True
            continue
        if gaps is not None and blank_before:
            gaps.add(len(lines))
        blank_before = False
        for frag in split_fragments(raw):
            frag = re.sub(r"[ \u00a0]+", " ", frag).strip()
            # A fraction slash or a division slash for the slash, or OCR's two ("Số: 19/⁄2025/NQ-HĐND", "V⁄v")
            frag = re.sub(r"(?<=\d)\s*/\s*/\s*(?=\w)", "/", frag.replace("⁄", "/").replace("∕", "/"))
            # a speck OCR read as a quote inside a symbol, after its slash or its code's hyphen ("12/1998/CT-'TTG"):
            # the symbol stopped at it
            frag = _SPECK_IN_SYMBOL.sub(r"\1", _SPECK_IN_SYMBOL.sub(r"\1", frag))  # twice: matches overlap
            # a sans-serif slash read "!" after the number ("Số: 1277!BGDĐT-QLCL")
            frag = re.sub(r"^(S\S{0,2}\s*[:.]?\s*\d{1,5})\s*!\s*(?=[A-ZĐ]{2})", r"\1/", frag)
            # Specks OCR reads before a line ("- BÁO CÁO", "-_ Lâm Tân, ngày …") hide what the line is.
            # Several specks may precede it, spaced: "_ _ KẾ HOẠCH", "*+*QUYẾT ĐỊNH**".
            # Trailing asterisks are a markdown copy's emphasis or specks, never a header's words.
            frag = re.sub(r"\s*\*+$", "", frag)
            bare = re.sub(rf"^(?:[{_SPECK_MARKS}#:]+\s*)+", "", frag)  # "#": a markdown heading's, mid-line
            if bare != frag and bare and (
                detect_doc_type(bare) or dates_with_pos(bare) or SYMBOL_AFTER_SO.match(bare)
                or MOTTO_START.match(fold_keep(bare)) or (is_caps(bare) and AUTHORITY.match(fold_keep(bare)))
                or place_alone(bare)
            ):
                frag = bare
            # and after a type word, where a seal's or a stamp's edge leaves a speck ("TỜ TRÌNH l", "CHỈ THỊ -")
            if is_caps(frag) and (bare := _TRAILING_SPECKS.sub("", frag)) != frag and bare_type_word(bare):
                frag = bare
            elif (word := type_word_among_crumbs(frag)) is not None:
                frag = word
            if frag and not _PRIORITY_MARK.match(fold(frag)):
                lines.append(frag)
        if len(lines) >= limit:
            break
    if gaps is not None and len(lines) >= UNIFORM_GAPS_MIN_LINES and len(gaps) >= UNIFORM_GAPS_SHARE * len(lines):
        gaps.clear()  # a blank line after nearly every line (a DOCX's or a web page's paragraphs): no break
    return lines


def is_motto_line(f: str) -> bool:
    """A whole motto line or two of its words: under a title, where one motto word ("Cộng sản Việt
    Nam", "… xã hội") is part of a name and not the right column's motto."""
    return len(f) < 60 and (bool(MOTTO_START.search(f)) or len(set(_MOTTO_WORDS.findall(f))) >= 2)


# The party's heading, where a state document prints the motto ("ĐẢNG CỘNG SẢN VIỆT NAM", alone on its line).
PARTY_HEADING = re.compile(r"^dang\s*cong\s*san\s*viet\s*nam$")


def is_motto(f: str) -> bool:
    """The national motto or a piece of it. One motto word in a longer line is a title's or a
    name's ("… xã hội chuyển hóa …", "Hội Liên hiệp Phụ nữ Việt Nam"), not the motto."""
    if len(f) >= 60:
        return False
    words = set(_MOTTO_WORDS.findall(f))
    return bool(MOTTO_START.search(f)) or len(words) >= 2 or (len(words) == 1 and len(f) < 25)


def is_decor(s: str) -> bool:
    """A rule, an ornament or specks: no word and no number ("-----", "o0o", "+ *%%", "¿")."""
    return (bool(_DECOR.match(s)) or bool(re.fullmatch(r"[-_=\s]*o\s*0?o\s*[-_=\s]*", s.lower()))
            or not any(c.isalnum() for c in s))

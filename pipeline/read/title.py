"""The title (trích yếu): the type word's line and the summary under it, or a letter's "V/v" subject,
up to the body, the issuing authority's line or a rule; all-caps lines in sentence case."""

from __future__ import annotations

import itertools
import re

from pipeline.core.normalize import VI_LOWER, VI_UPPER, fold, fold_keep, nfc
from pipeline.core.syllables import is_syllable
from pipeline.read.casing import caps_words, sentence_case_caps
from pipeline.read.dates import CITED_DATE, dates_with_pos
from pipeline.read.doctypes import (
    LETTER_LEAD,
    LETTER_LEAD_NO_V,
    LETTER_SUBJECT,
    TYPE_NAMES,
    bare_type_word,
    detect_doc_type,
    leading_type_word,
    type_word_spelled,
)
from pipeline.read.header import (
    AUTHORITY,
    BODY_START,
    HEADER_END,
    OCR_MARK,
    ORG_START,
    PARTY_HEADING,
    SECTION_NUMBER_START,
    STRONG_BODY_START,
    authority_at_end,
    is_caps,
    is_decor,
    is_motto,
    is_motto_line,
)
from pipeline.read.periods import restore_quarter_numerals
from pipeline.read.symbols import SYMBOL_AFTER_SO


def _title_piece(s: str, first: bool) -> str:
    """One line of a title for joining: all-caps lines go sentence case; a continuation's capital drops."""
    if is_caps(s):
        return sentence_case_caps(s, first_upper=first)
    if first:
        return s
    w = s.split(" ", 1)[0]
    core = w.strip("(\"'")
    nxt = s.split(" ", 2)[1] if " " in s else ""
    if nxt[:1].isupper() and nxt[1:] == nxt[1:].lower() and nxt.upper() != nxt:
        return s  # "Nhâm Dần-năm 2022 …", "Quảng Ngãi …": two capitalised words are a name
    if core.lower() == "v/v":
        return s  # a letter's subject keeps its "V/v" under a type word ("CÔNG VĂN" / "V/v …")
    if core and core.upper() != core and core[:1].isupper() and core[1:] == core[1:].lower():
        # "Cải cách" continuing "KẾ HOẠCH" → "cải cách"; a name (UBND, Vĩnh Thành) rarely opens a title.
        return s[: len(w) - len(core)] + core[:1].lower() + core[1:] + s[len(w):]
    return s


# Words of the title so far that recase a line in capitals with it: a place or a term number broken over two lines
# ("… NỘI VỤ TỈNH" / "PHÚ THỌ", "… TỈNH PHÚ" / "THỌ", "… KHÓA" / "XV") keeps its name's case.
CONTEXT_WORDS = 3


def _caps_continued(before: str, s: str) -> str:
    """A line in capitals that goes on a summary in capitals, recased after the summary's last words (`CONTEXT_WORDS`)."""
    lead = before.split()[-CONTEXT_WORDS:]
    if not lead:
        return _title_piece(s, first=False)
    cased = sentence_case_caps(" ".join(w.upper() for w in lead) + " " + s, first_upper=False).split(" ")
    if len(cased) != len(lead) + len(s.split(" ")) or fold(" ".join(cased[:len(lead)])) != fold(" ".join(lead)):
        return _title_piece(s, first=False)
    return " ".join(cased[len(lead):])


# How a trích yếu opens when the page (or its web copy) dropped the type word above it.
_SUMMARY_OPENING = re.compile(r"^(?:ve\s|viec\s|ban hanh\b|phe duyet\b|quy dinh\b|thanh lap\b|kien toan\b|giao\b|"
                              r"dieu chinh\b|sua doi\b|bai bo\b|cong nhan\b|huong dan\b|trien khai\b)")


def _lower_run(lines: list[str], j: int) -> int:
    """The length of line j with the lines in lower case it wraps on to (a narrow column breaks a body's sentence
    every 30 characters: "Trong suốt thời kỳ kháng" / "chiến, …")."""
    return len(" ".join(itertools.takewhile(lambda t: t.strip() and not is_caps(t), lines[j:j + 3])))


def summary_without_type_word(lines: list[str], folded: list[str], start: int) -> int | None:
    """The line under the number and place-date lines that is a trích yếu with no type word above it
    ("BAN HÀNH QUY ĐỊNH VỀ …", "VỀ DỰ TOÁN NGÂN SÁCH …"), when the body's "Căn cứ …" follows within a
    few lines; None when that line is anything else (the body, a salutation, the issuing authority). "VIỆC BAN
    HÀNH …" opens one whose "VỀ" OCR lost with the type word."""
    for j in range(start, min(len(lines), start + 3)):
        s, f = lines[j], folded[j].strip()
        if is_motto(f) or is_decor(s) or _crumbs_line(s) or _DRAFT_MARK.match(f):
            continue
        # "THỰC HIỆN CHƯƠNG TRÌNH …" in capitals is a plan's summary; in lower case, a body's opening
        caps_plan = is_caps(s) and len(s.split()) >= 4 and f.startswith("thuc hien ")
        opens_body = bool(HEADER_END.match(f) or BODY_START.match(f)) and not caps_plan
        # any other line in capitals ("RÀ SOÁT, ĐÁNH GIÁ THỦ TỤC HÀNH CHÍNH NĂM 2024 …") only right above the body
        # (its first word may stand alone, a narrow column's: "PHÁT" / "TRIỂN HẠ TẦNG SỐ TRÊN ĐỊA BÀN …")
        whole = f"{s} {lines[j + 1]}" if len(s.split()) <= 2 and j + 1 < len(lines) and is_caps(lines[j + 1]) else s
        caps_line = (is_caps(s) and len(whole.split()) >= 5 and not whole.rstrip().endswith(":")
                     and not ORG_START.match(fold_keep(whole).lower()) and not (_SUMMARY_OPENING.match(f) or caps_plan))
        # "VỀ" / "VIỆC BAN HÀNH …": a column that wrapped the summary after its first word
        wrapped_ve = f == "ve" and is_caps(s) and j + 1 < len(lines) and is_caps(lines[j + 1]) and len(lines[j + 1]) >= 12
        if not is_caps(s) and _lower_summary_above_body(lines, folded, j):
            return j
        if (opens_body or _authority(s, f) or not (_SUMMARY_OPENING.match(f + " ") or caps_plan or caps_line)
                or (len(whole) < 12 and not wrapped_ve)):
            return None
        end = None  # the body's opening line below
        for k in range(j + 1, min(len(lines), j + 14)):
            if HEADER_END.match(folded[k].strip()):
                end = k
                break
            if (k >= j + 7 and not is_caps(lines[k]) and not _SESSION.match(folded[k].strip())
                    and any(c.isalpha() for c in lines[k])):
                break  # past seven lines, only the summary's, the authority's and its session's capitals go on
        # a sentence of the body under it (and under the summary's other lines in capitals)
        at = next((k for k in range(j + 1, min(len(lines), j + 5))
                   if not is_decor(lines[k]) and not is_caps(lines[k])), None)
        caps_summary = caps_plan or caps_line or (is_caps(whole) and bool(_SUMMARY_OPENING.match(fold_keep(whole).lower())))
        body_next = caps_summary and at is not None and _lower_run(lines, at) >= 40
        if caps_line:
            # the body's "Căn cứ …" under capitals only, or its first sentence right under the summary
            # ("MỘT SỐ GIẢI PHÁP CẤP BÁCH …" / "Trong những năm qua, …")
            if end is not None and all(is_caps(lines[k]) or is_decor(lines[k]) for k in range(j + 1, end)):
                return j
            return j if body_next and end in (None, at) and _spelled(whole) else None
        return j if end is not None or body_next else None
    return None


# A draft's mark between the place-date line and the summary: "(Dự thảo)", "DỰ THẢO"
_DRAFT_MARK = re.compile(r"^\(?\s*du thao\s*\)?$")
LOWER_SUMMARY_CHARS = (12, 300)
SPELLED_SYLLABLES = 0.7  # a name or a numeral of a real summary is no syllable ("Festival … lần thứ II")


def _spelled(text: str) -> bool:
    """Whether at least SPELLED_SYLLABLES of a text's words spell Vietnamese syllables: not a legacy font's text
    that lost letters ("QUY T NNH V VI € PHÊ DUY T"), where no summary can be told from the rest."""
    words = re.findall(r"[^\W\d_]+", fold(text))
    return sum(map(is_syllable, words)) >= SPELLED_SYLLABLES * len(words)


_CITES_NUMBER = re.compile(r"\bso\s*\d|\d+/\S*[a-z]{2}")
_SECTION = re.compile(r"^(?:[ivx]+|[a-d\d])\s*[.)\-]\s")


def _lower_summary_above_body(lines: list[str], folded: list[str], j: int) -> bool:
    """Whether line `j` (not in capitals) and the lines it wraps on to are a summary whose type word the page left
    out, right under the number and the place-date line: a short block, then the body's "Căn cứ …" (or its first
    section, or a rule drawn under the summary). "Tổ chức giải Cờ tướng mừng Đảng …" / "Căn cứ …". A block that
    opens like a body ("Thực hiện công tác bầu cử …") is one only when it cites no document and "Căn cứ" follows."""
    s, f = lines[j], folded[j].strip()
    if not s[:1].isupper() or _authority(s, f) or re.match(r"^(?:kinh gui|v\s*/\s*v|ve\s)", f):
        return False
    end = j + 1
    while end < min(len(lines), j + 3) and lines[end][:1].islower():
        end += 1  # the summary's wrapped lines
    block = " ".join(lines[j:end])
    if not (LOWER_SUMMARY_CHARS[0] <= len(block) <= LOWER_SUMMARY_CHARS[1]) or block.rstrip()[-1:] in ":;,":
        return False
    if not _spelled(block):
        return False
    k = end
    while k < len(lines) and is_decor(lines[k]):
        k += 1
    if k >= len(lines):
        return False
    below = folded[k].strip()
    if HEADER_END.match(f) or BODY_START.match(f):
        return below.startswith("can cu") and not _CITES_NUMBER.search(fold_keep(block).lower())
    if _authority(lines[k], below) and is_caps(lines[k]) and _before_body(lines, folded, k):
        return True  # "Quy định cơ quan tiếp nhận hồ sơ …" / "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" / "Căn cứ …"
    return bool(below.startswith(("can cu", "thuc hien", "theo de nghi", "xet de nghi", "kinh gui")) or _SECTION.match(below)
                or (k > end and not is_caps(lines[k])))


# The line under an HĐND's name: its term and session ("KHÓA XIII KỲ HỌP THỨ 20", a broken "KH" /
# "ÓA XVIII, KỲ HỌP THỨ 4"), and the session's dates in brackets ("(Từ ngày 08 đến 10/12/2015)").
_SESSION = re.compile(r"^(?:kh\s*o\s*a\b|kh$|oa\s+[xvil]+\b|ky hop\b|\((?:tu |cac )?ngay\b)")


def _opens_body(f: str) -> bool:
    """Whether a (folded, stripped) line opens the body under an authority: "Căn cứ …", "Theo đề nghị …", "Xét …"."""
    return bool(HEADER_END.match(f) or f.startswith(("theo de nghi", "xet ")))


def _before_body(lines: list[str], folded: list[str], j: int) -> bool:
    """Whether the lines from `j` on are one short block in capitals (the authority's name, over one
    to three lines, and an HĐND's term and session) and then the body: its "Căn cứ …", or any
    sentence in lower case (a page may cut its first word: "n cứ Luật …")."""
    if _dangles(lines[j]):
        return False  # "… CỦA" / "THỦ TƯỚNG CHÍNH PHỦ VỀ": the summary goes on, no authority ends in "về"
    names = 0
    for k in range(j, min(len(lines), j + 6)):
        f = folded[k].strip()
        if _opens_body(f):
            return k > j
        if k > j and (_SESSION.match(f) or is_decor(lines[k])):
            continue  # the session line under a council; a rule drawn under the authority
        if not is_caps(lines[k] if k > j else lines[k].split("(", 1)[0]):
            return k > j and len(lines[k]) >= 20 and not lines[k].startswith("(")
        names += 1
        if names > 3:
            return False  # more capitals than an authority's name: the summary goes on
    return False


_LEVEL_LIST = re.compile(r"^(?:\S+\s){1,4}(?:xa|phuong|huyen|tinh|quan|thi xa|thi tran|thanh pho)\s*,")


# "các" before a level or a kind of body: many bodies ("UBND CÁC XÃ", "HĐND CÁC CẤP", "CÁC SỞ, BAN, NGÀNH")
_PLURAL_BODIES = re.compile(r"\bcac\s+(?:cap|xa|phuong|huyen|tinh|quan|thi xa|thi tran|thanh pho|so|ban|nganh|bo|"
                            r"don vi|co quan|dia phuong|hoi|doan the|to chuc)\b")


def _authority(s: str, f: str) -> bool:
    """An issuing authority's line ("CHỦ TỊCH …", "ỦY BAN NHÂN DÂN …", "TRƯỞNG BAN …"); folded,
    "TRƯỜNG" (a school, "môi trường" broken over two lines) reads like "TRƯỞNG" (head of …)."""
    if not AUTHORITY.match(f) or _PLURAL_BODIES.search(f) or re.search(r"\btren dia ban\b", f) or _LEVEL_LIST.match(f):
        # "… ĐẠI BIỂU / HỘI ĐỒNG NHÂN DÂN CÁC CẤP", "UBND XÃ, PHƯỜNG, THỊ TRẤN TRÊN ĐỊA BÀN …": plural,
        # the summary's; an issuer is one body ("TRƯỞNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH …" is one)
        return False
    return not f.startswith("truong") or nfc(s).lstrip().lower().startswith("trưởng")


def _colon_speck(s: str, first_caps: bool) -> bool:
    """Whether the colon ending a title line is a speck OCR read, not a label's: after a long line, a
    year, a line that goes on a sentence ("an" / "toàn :"), a word no sentence ends with ("VỐN GIỮA :"), or a long
    line of a summary in capitals."""
    spaced = bool(re.search(r"\s:$", s))
    return ((spaced and (len(s.split()) > 5 or bool(re.search(r"\d", s)) or s[:1].islower() or _dangles(s.rstrip(" :"))))
            or (first_caps and is_caps(s) and len(s.split()) > 5)
            # "NÂNG - :" (tune h625 bold in a sans-serif face): a dash and a colon after a word, marks of a rule's edge
            or (first_caps and is_caps(s) and bool(re.search(r"\s[-–]\s*:$", s))))


def _body_under(lines: list[str], folded: list[str], j: int) -> bool:
    """Whether the body opens right under line `j` (past an HĐND's session line and rules): "Căn cứ …",
    "Theo đề nghị …", "Xét …"."""
    for k in range(j + 1, min(len(lines), j + 4)):
        f = folded[k].strip()
        if _SESSION.match(f) or is_decor(lines[k]) or not f:
            continue
        return _opens_body(f)
    return False


def _authority_ahead(lines: list[str], folded: list[str], j: int) -> bool:
    """Whether the issuing authority, then the body, follow within a few short lines from `j`: the
    lines between are still the summary ("… của Nhóm Châu" / "Á -" / "Thái Bình Dương …" / "THỦ
    TƯỚNG CHÍNH PHỦ" / "Căn cứ …")."""
    for k in range(j + 1, min(len(lines), j + 4)):
        s, f = lines[k], folded[k].strip()
        if HEADER_END.match(f) or BODY_START.match(f) or len(s) > 75:
            return False
        if is_caps(s) and _authority(s, f) and _before_body(lines, folded, k):
            return True
    return False


# How far a title may run: lines (a 400-character trích yếu in a narrow column takes 15), and the
# length under which a lower-case summary still goes on past its fifth line.
TITLE_MAX_LINES = 18
TITLE_SHORT_CHARS = 160


# Words a summary line can end with but an authority's name cannot: the summary goes on below.
# and the first half of a name that never ends there: "… của Thủ tướng" / "Chính phủ" (an authority's "BỘ TRƯỞNG
# PHỦ THỦ TƯỚNG" does end there), "… đồng chí" / "Bí thư …"
_DANGLING = re.compile(r"(?:^|\s)(?:cua|ve|va|cho|tai|tren|voi|theo|doi voi|nham|trong|thuoc|den|giua|cac|"
                       r"cua thu tuong|dong chi)$")
_DANGLING_ACCENTED = re.compile(r"(?:^|\s)(?:của|về|và|cho|tại|trên|với|theo|đối với|nhằm|trong|thuộc|đến|giữa|các|"
                                r"của thủ tướng|đồng chí)$")


def _dangles(text: str) -> bool:
    """Whether a line ends in a word a summary goes on after (`_DANGLING`). A last word read with accents
    is compared with them: "… THU HÚT NHÂN TÀI" does not end in "tại"."""
    t = nfc(text).lower().strip(" _-.,;")
    if re.search(r"\btiep theo$", fold(t)):
        return False  # "… VÀ NHỮNG NĂM TIẾP THEO": "following", not the preposition "theo"
    last = t.rsplit(" ", 1)[-1]
    if fold(last) != last:
        return bool(_DANGLING_ACCENTED.search(t))
    return bool(_DANGLING.search(fold(t)))


# An article or clause a summary cites ("Điều 22 Luật …", "khoản 3 Điều 5"): its number has no stop after it,
# as a body's "Điều 1." has.
_CITED_ARTICLE = re.compile(r"^(?:dieu|khoan|chuong|muc)\s+\d+\s+(?![.:)])")


def _authority_ends_line(lines: list[str], folded: list[str], j: int, s: str) -> int | None:
    """Where the issuing authority starts inside a summary's line in capitals, when the body (or the
    authority's wrapped rest, then the body) follows: "… TỈNH VĨNH PHÚC ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC"
    / "Căn cứ …"."""
    if not is_caps(s) or (cut := authority_at_end(s)) is None:
        return None
    rest = s[cut:]
    view, fview = [*lines[:j], rest, *lines[j + 1:]], [*folded[:j], fold_keep(rest), *folded[j + 1:]]
    return cut if len(rest.split()) <= 10 and _before_body(view, fview, j) else None


# A narrow column's line: a summary wrapped in a column this wide or less, not a body's full-width line.
NARROW_LINE_CHARS = 60


def _sentence_goes_on(last: str, s: str) -> bool:
    """Whether line `s` goes on the sentence of the summary's `last` line: it opens in lower case after no full stop
    or colon, or it follows a word no sentence ends with ("… Luật Thi đua, khen thưởng và" / "Nghị định số …"). A
    body's paragraph opens with a capital after the summary's end."""
    last = last.strip()
    return (s[:1].islower() and not last.endswith((".", ":"))) or _dangles(last)


def _narrow_column_ends_ahead(lines: list[str], folded: list[str], j: int, limit: int) -> bool:
    """Whether the lines from `j` are a narrow column's, none ending a sentence, up to what clearly ends a
    summary ("Kính gửi", "Căn cứ" / "Thực hiện", a rule): a long summary wrapped in a narrow column, which
    goes on past the fifth line whatever its case."""
    for k in range(j, min(len(lines), limit)):
        s, f = lines[k].strip(), folded[k].strip()
        if k > j and (HEADER_END.match(f) or is_decor(s)):
            return True
        if len(s) > NARROW_LINE_CHARS or s.endswith((".", ":", ";")):
            return False
    return False


def _goes_on_after_stop(lines: list[str], j: int, caps_summary: bool) -> bool:
    """A summary's line ending in ";" (or in a speck read as " .") goes on when the next line does not
    open anything new: it starts in lower case, or it is in capitals under a summary in capitals and
    names no authority."""
    if j + 1 >= len(lines):
        return False
    nxt = lines[j + 1].strip()
    if nxt[:1].islower():
        return True
    f = fold_keep(nxt).strip()
    nxt_folded = " ".join(fold(nxt).split())
    word = leading_type_word(nxt_folded)
    if word and re.match(r"^(?:so\s*)?\d", nxt_folded[len(word):].strip()):
        return True  # "… 98/2007/QĐ-BNN ngày 03/12/2007;" / "Quyết định số 118/2008/QĐ-BNN …": a list of cited documents
    return (caps_summary and is_caps(nxt) and not _authority(nxt, f) and not detect_doc_type(nxt)
            and not BODY_START.match(f) and not SECTION_NUMBER_START.match(f))


# A document's number in a summary ("34-NQ/TU", "108/2015/NĐ-CP", folded).
_CITED_NUMBER = re.compile(r"\d+\s*[-/]\s*(?:\d{4}\s*/\s*)?[a-z]{2,}")


def _cites_undated(parts: list[str]) -> bool:
    """Whether the summary's last lines name a document by its number with no date after it yet: a
    "ngày …" line under "… Nghị quyết số 34-NQ/TU của Tỉnh uỷ Lào Cai" is that document's date."""
    tail = fold(" ".join(parts[-2:]))
    found = list(_CITED_NUMBER.finditer(tail))
    return bool(found) and not dates_with_pos(tail[found[-1].end():])


def _issuer_clause(parts: list[str]) -> bool:
    """Whether the title so far is the older form's type word and who issues it, in capitals: "QUYẾT ĐỊNH
    CỦA UBND TỈNH LÀO" / "CAI", "QUYẾT ĐỊNH" / "CỦA ỦY BAN NHÂN DÂN TỈNH GIA LAI" — no summary yet."""
    head = " ".join(fold(" ".join(parts)).split())
    word = leading_type_word(head)
    if not word or word == head:
        return False
    rest = head[len(word) + 1:].strip()
    # a joint circular's type word is followed by its ministries ("THÔNG TƯ LIÊN BỘ" / "LAO ĐỘNG - … - TÀI CHÍNH")
    joint = detect_doc_type(parts[0]) in ("TTLT", "NQLT") and head.startswith(("thong tu lien", "nghi quyet lien"))
    return ((rest.startswith("cua ") or joint) and len(rest.split()) <= 12 and not _dangles(parts[-1]))


def _subject_under_issuer(parts: list[str], s: str, f: str, caps_so_far: bool) -> bool:
    """The older form's subject: under a type word and who issues it (in capitals, `caps_so_far`), a line
    in lower case ("Ban hành bản quy định …"), or one in capitals opening a subject ("VỀ VIỆC …"), is the
    summary."""
    if not caps_so_far or len(parts) > 4 or not _issuer_clause(parts):
        return False
    return not is_caps(s) or bool(LETTER_SUBJECT.match(f) or re.match(r"^(?:ve |ban hanh|phe duyet)", f))


# A letter's "V/v" in any of OCR's readings (`LETTER_LEAD`) is written "V/v", as the flattened letter's subject
# is (`metadata._INLINE_SUBJECT`); a printed "V/v" or "V/V", "Vv" and "Về việc" are kept as printed.
_OCR_LETTER_LEAD = re.compile(rf"^(\s*[\"“‘']?\s*)(?!V\s*/\s*v)(?:{LETTER_LEAD}|{LETTER_LEAD_NO_V})(?=\s|:)",
                              re.IGNORECASE)


# A rule: three rule characters in a row, or the "o0o" ornament; a lone "?" or "~" is a speck.
_RULE = re.compile(r"[-_=~.*–—]{3,}|o\s*0\s*o", re.IGNORECASE)


def _ocr_junk(s: str) -> bool:
    """A line OCR made of a seal's or a rule's edge: mostly marks, few letters or digits ("~- --_- - s-",
    "^~^ ? -~' T2? va T*A xế 1+ ~"). A title line is letters and digits but for its punctuation; a form's
    dotted blanks ("Về……………") are no marks."""
    marks = re.sub(r"[\s.…_]", "", s)
    return len(marks) >= 3 and sum(c.isalnum() for c in marks) < 0.5 * len(marks) and not is_decor(s)


# OCR's crumbs of a seal, a rule or speckle read as words: a token of marks only ("+", ".~", "^", a spacing
# modifier letter "ˆ"), one consonant letter ("x", "g"), or digits and lower-case letters run together ("1xx",
# "1g"; a code such as "5G", "H5N1" or "F0" is in capitals). A title's own dash or quotes alone, or ampersand, is
# none; a quote among marks is one ('+"').
_CRUMB = re.compile(rf"^(?:(?![-–]$)(?![\"“”'‘’]+$)(?:(?!&){OCR_MARK})+|[b-df-hj-np-tv-zđB-DF-HJ-NP-TV-ZĐ])$")


def _is_crumb(token: str) -> bool:
    """Whether a token (its closing stop off) is one of OCR's crumbs (`_CRUMB`, or digits run with lower case)."""
    t = token.strip(".,;:")
    return not t or bool(_CRUMB.match(t)) or (t.isalnum() and any(c.isdigit() for c in t) and any(c.islower() for c in t))


# A line holding this many crumbs, this share of its words, is OCR's noise, whatever words it holds too
# ("x xa .~ ..3 .. LAO can TA ai g" between "QUYẾT ĐỊNH" and "Về việc ban hành …").
CRUMBS_MIN, CRUMBS_SHARE = 3, 0.35
# A word: two letters or more and nothing else but a closing stop. A line of five tokens or more with fewer
# words and numbers than this share is noise too (".1L^- c_1^ 1. - ˆ \" ~...= _1. + 1.").
WORDS_SHARE = 0.25
_WORD = re.compile(r"[^\W\d_]{2,}[.,;:]?")


def _crumbs_line(s: str) -> bool:
    """A line of OCR's crumbs (`_is_crumb`) among a few short words it read off the same speckle, or of tokens that
    are no words: a short one with a mark and no word ("2 ~ ˆ", "_- B8"; a range's "- 2025" has its year), a
    long one with hardly a word."""
    words = s.split()
    if len(words) == 1 and _CRUMB.match(words[0].strip("\"'“”‘’`")) and words[0][:1] in "\"'“”‘’`":
        return True  # '"b' (tune h083 in a sans-serif face): a consonant or a mark under a quote, alone on its line
    if len(words) == 1 and _is_crumb(words[0]) and not any(c.isdigit() for c in s) and not is_decor(s):
        return True  # one crumb alone on its line ("ˆ^", "x", "¬" under a type word in a sans-serif face); a rule is no crumb
    crumbs = sum(_is_crumb(w) for w in words)
    if crumbs >= CRUMBS_MIN and crumbs >= CRUMBS_SHARE * len(words):
        return True
    real = sum(bool(_WORD.fullmatch(w)) for w in words)
    if len(words) >= 2 and real == 0 and crumbs and not re.search(r"\d{3}", s):
        return True
    numbers = sum(bool(re.fullmatch(r"\d+[.,;:]?", w)) for w in words)  # a year, a count: a title's own
    return len(words) >= 5 and real + numbers < WORDS_SHARE * len(words)


def _speck_word(s: str) -> bool:
    """A word of three letters at most, not in capitals, alone on its line inside a summary in capitals ("PHÂN" /
    "La" / "CẤP THẨM QUYỀN …"): OCR's reading of a speck between two of its lines."""
    return len(s.split()) == 1 and len(s.strip(".,;:")) <= 3 and any(c.isalpha() for c in s) and not is_caps(s)


# Words of OCR's misreading of a summary's first word under its type word ("ray xế 19" for "THỰC"): at most this many.
MISREAD_WORDS = 3


def _misread_first_words(s: str, after: list[str]) -> bool:
    """A few words in lower case between a type word in capitals and a summary in capitals ("KẾ HOẠCH" / "ray xế
    19" / "HIỆN QUYẾT ĐỊNH SỐ 856/QĐ-TTg …"): OCR's reading of the summary's first word off a speck. A summary
    opens with a capital, and one set in capitals does not switch to lower case for its first line."""
    nxt = next((t for t in after if t.strip()), "")
    return (s[:1].islower() and len(s.split()) <= MISREAD_WORDS and is_caps(nxt) and len(nxt.split()) >= 3
            and not is_decor(nxt))


# A summary that opens with the rule or guidance it lays down (folded).
_LAYS_DOWN = re.compile(r"^(?:quy dinh|huong dan|quy che)\b")


# A ministry, a department or its office opening a line in capitals: an issuing body, never a letter's subject.
_MINISTRY_OR_DEPARTMENT = re.compile(r"^(?:bo|tong cuc|cuc|chi cuc|so|vu)\s")


def _repeats_issuer(folded: list[str], idx: int, f: str) -> bool:
    """Whether a line in capitals under a summary names a body as one of the header's own lines above the type word
    does (the issuing body's name, "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI" / "PHẠM, …", wrapped the same way): the
    authority line. A place alone ("TỈNH HOÀ BÌNH", the issuer's second line) may end a summary."""
    return len(f) >= 12 and bool(ORG_START.match(f) or AUTHORITY.match(f)) and any(folded[k].strip() == f for k in range(idx))


# How many lines past the line that cut a letter's subject its rest may come, and how long a line of the narrow
# column that holds it is at most.
RESUME_WITHIN, RESUME_LINE_CHARS = 14, 70


def _header_block_line(s: str, f: str) -> bool:
    """A line of the header's other column or of its number and place-date lines, as OCR reads them between a
    letter's subject lines: the motto, a place-date line, a "Số:" line, an issuing body in capitals, a rule,
    crumbs, nothing."""
    return (not s or is_decor(s) or is_motto_line(f) or is_motto(f) or f.strip(" .-") == "phuc"
            or bool(SYMBOL_AFTER_SO.match(s)) or is_caps(s)
            or _crumbs_line(s) or bool(dates_with_pos(s) and re.search(r"\bng\s?a\s?y\b", f)))


def _subject_resumed(lines: list[str], folded: list[str], stop: int, skip: set[int | None],
                     dangling: bool = False) -> list[str]:
    """The rest of a letter's subject that OCR read after the header's other column: the left column's
    "V/v hướng dẫn thực", then the motto and the place-date line (and "Kính gửi:" glued to it), then "hiện một số
    quy định tại Điều 22 Luật" / "BHYT" (a page's two columns read as blocks). The rest opens in lower case,
    right after those lines, before any addressee; empty when there is none. After a subject that `dangling` ends
    on a word no sentence ends with ("… hành chính tỉnh và" / "Cảng hàng không quốc tế Long", tune h349 set in a
    sans-serif face), it may open with a name's capital, in a line not in capitals that opens no body."""
    limit = min(len(lines), stop + RESUME_WITHIN)
    k, passed = stop, False
    while k < limit:
        s, f = lines[k].strip(), folded[k].strip()
        if m := re.search(r"kinh\s?gui\b\s*:?", f):  # "kKính gửi": a speck glued
            if f[m.end():].strip():
                return []  # the addressee: the subject has ended
        elif not (k in skip or _header_block_line(s, f)):
            break
        k, passed = k + 1, True
    opening = re.sub(r"^[-_~`.‹›\s]+", "", lines[k])[:1] if k < limit else ""
    named = (dangling and opening.isupper() and not is_caps(lines[k]) and not BODY_START.match(folded[k].strip())
             and not _authority(lines[k].strip(), folded[k].strip()))
    if (not passed or k >= limit or not (opening.islower() or named)
            or re.match(r"^\S+(?:\s\S+)?:", lines[k].strip())):
        return []  # no line in lower case there, or a label ("kKính gửi: …")
    out: list[str] = []
    for s, f in zip(lines[k:limit], folded[k:limit], strict=True):
        s = s.strip()
        if (not s or len(s) > RESUME_LINE_CHARS or re.search(r"kinh\s?gui\b", f) or re.match(r"^[-–+•*]\s", s)
                or SYMBOL_AFTER_SO.match(s)):
            break
        out.append(re.sub(r"^[-_~`.‹›]+\s*", "", s) if not out else s)
        if s.endswith((".", ";")):
            break
    return out


def collect_title(lines: list[str], folded: list[str], idx: int, skip: set[int | None],
                   gaps: set[int] | None = None, summary_only: bool = False) -> str | None:
    """The title from line `idx` on: the type word's line and the summary under it, or (with
    `summary_only`) a summary whose type word the page does not print."""
    first = lines[idx]
    f0 = folded[idx].strip()
    is_letter = bool(LETTER_SUBJECT.match(f0))
    # A type word alone on its line ("KẾ HOẠCH"): whatever follows is the summary.
    bare = bare_type_word(first)
    if not is_letter and not is_caps(first):
        # "KẾ HOẠCH Cải cách hành chính năm 2018" on one line: the type word in capitals, then the summary.
        m = re.match(r"^(\S+\s+\S+)\s+(.*)$", first)
        if m and is_caps(m.group(1)) and detect_doc_type(m.group(1)):
            first = _title_piece(m.group(1), first=True) + " " + _title_piece(m.group(2), first=False)
    if is_letter:
        first = _OCR_LETTER_LEAD.sub(lambda m: m.group(1) + "V/v", first, count=1)
    parts = [first if is_letter else _title_piece(first, first=True)]
    # The type word as the type's own word when OCR misread it on a line it read with accents; a line read
    # without any accent ("KE HOACH CAI CACH …") stays as it was read.
    code = detect_doc_type(first) if fold(first) != first.lower() else None
    if code in TYPE_NAMES and bare:
        parts[0] = type_word_spelled(first) or TYPE_NAMES[code]  # "BẢO CÁO" (OCR) is "Báo cáo"
    elif code in TYPE_NAMES and not is_letter and is_caps(first):
        # "BIỂN BẢN LÀM VIỆC" (a wrong accent on the type word before its summary): the rest as read
        name = TYPE_NAMES[code]
        words = parts[0].split(" ")
        k = len(name.split(" "))
        if fold(" ".join(words[:k])) == fold(name) and " ".join(words[:k]) != name:
            parts[0] = " ".join([name, *words[k:]])
    first_caps = is_caps(first)
    cont_mixed = False
    stop = None  # the line that ended the title, if one did
    for j in range(idx + 1, min(len(lines), idx + TITLE_MAX_LINES + 1)):
        stop = j
        if j in skip:
            if is_letter and re.search(r"\bkinh gui\b", folded[j]):
                break  # "Hà Nội, ngày 13 tháng 02 năm 2017 Kính gửi: Cục …": the addressee comes after the subject
            continue
        s, f = lines[j], folded[j].strip()
        if (j >= idx + 6 and sum(len(p) for p in parts) >= TITLE_SHORT_CHARS
                and not (first_caps and not cont_mixed and is_caps(s)) and not _authority_ahead(lines, folded, j)
                and not _narrow_column_ends_ahead(lines, folded, j, idx + TITLE_MAX_LINES + 1)
                and not _sentence_goes_on(parts[-1], s)):
            # past five lines only a summary in capitals goes on (a narrow column wraps it often),
            # or one still short: a narrow column wraps a lower-case one too, or one whose issuing
            # authority and body's "Căn cứ" come within a few short lines, or a sentence that has not ended
            break
        # A speck or rule end OCR read before a title line ("_ Tuyên truyền …") is not its text; a
        # hyphen is left alone: it opens a body bullet, which must still end the title.
        # "-- DƯƠNG NĂM 2013": two dashes before a line in capitals are a speck, no rule (three) nor the wrapped dash
        # "-_ TÁC" (a wrapped word under a speck, tune h055 at 200 dpi): dashes, then a mark no bullet is made of
        spot = re.match(rf"^[_|~`.<>‹›]+\s+(?=\w)|^-+[_|~`<>‹›][-_|~`.<>‹›]*\s+(?=\w)|^-(?=[{VI_LOWER}])|^--\s+(?=[{VI_UPPER}])", s)  # "-và đại biểu …": a speck glued
        if not spot and len(parts) >= 2 and not re.search(r"[.;:]$", parts[-1].strip()):
            # "… phòng, chống" / "- rửa tiền, …": no bullet is in lower case
            spot = m if (m := re.match(r"^[-–]\s+", s)) and s[m.end():m.end() + 1].islower() else None
        if not spot and len(parts) == 1 and bare and is_caps(s):
            spot = re.match(r"^-\s+(?=\w)", s)  # "NGHỊ QUYẾT" / "- THÔNG QUA QUY …": no bullet opens a summary
        if spot:
            s, f = s[spot.end():], f[spot.end():].strip()
        # A speck OCR reads as a quote glued to the body's first word ("'Căn cứ …") hides it.
        f = f.lstrip("'\"`‘’ ") if re.match(r"^['`‘’]\w", f) else f
        if len(parts) >= 2 and re.search(r"\w[-–]$", parts[-1]) and not is_decor(s):
            # "… SỐ 13/2018/QĐ-" / "UBND NGÀY 27 …": a column that broke a symbol or a word at its
            # hyphen; the line goes on with it whatever it looks like.
            parts[-1] += _title_piece(s, first=False) if not is_letter else s
            cont_mixed = cont_mixed or (not is_caps(s) and any(c.isalpha() for c in s))
            continue
        if (first_caps and not cont_mixed and is_caps(s) and re.match(r"^[-–]\s+\w", s)
                and len(parts) >= (1 if summary_only else 2) and not re.search(r"[.;:]$", parts[-1].strip())):
            # "… KINH TẾ" / "- XÃ HỘI TỈNH CÀ MAU …": a summary in capitals wrapped before its dash; a
            # bullet of the body is not in capitals
            parts.append(_title_piece(s, first=False))
            continue
        if ((is_decor(s) and not _RULE.search(s)) or _ocr_junk(s) or _crumbs_line(s)
                or (first_caps and not cont_mixed and len(parts) >= 2 and _speck_word(s))):
            continue  # a speck ("?", "~") or junk OCR read off a seal's or a rule's edge between two title lines
        if is_decor(s):
            # A rule under the title closes it, unless nothing followed a bare type word yet; a
            # summary that opened on the first line (no type word, or on the type word's line) has.
            if len(parts) > 1 or not bare:
                break
            continue
        # Under a bare type word ("KẾ HOẠCH") the next line is the title even when it opens like a
        # body sentence ("Thực hiện công tác CCHC năm 2018").
        under_bare = len(parts) == 1 and not is_letter and bare
        if under_bare and first_caps and _misread_first_words(s, lines[j + 1:j + 3]):
            continue
        body = STRONG_BODY_START if under_bare or not s[:1].isupper() or is_caps(s) else BODY_START
        if body.match(f) and f.startswith("nham ") and not s.lower().startswith("nhằm"):
            pass  # "Nhâm Dần" (a year's name) folds like "nhằm" (in order to), which opens a body
        elif _CITED_ARTICLE.match(f) and _dangles(parts[-1]):
            pass  # "… một số quy định tại" / "Điều 22 Luật BHYT": an article the summary cites, not "Điều 1." of a body
        elif len(parts) >= 2 and re.match(r"^[-–]\s*\d", s) and re.search(r"\d$", parts[-1]):
            pass  # "… GIAI ĐOẠN 2021" / "- 2030, …": a range the line broke, not a bullet of the body
        elif (is_motto_line(f) or body.match(f) or (PARTY_HEADING.match(f) and is_caps(s) and not _dangles(parts[-1]))
              or (f.startswith("ngay") and dates_with_pos(s) and not is_caps(s)
                  and not CITED_DATE.search(parts[-1]) and not _cites_undated(parts))):
            # the party's heading in capitals ends a letter's subject, as the motto does
            # ("… Nghị định số 108/2015/NĐ-CP" / "ngày 28 tháng 10 năm 2015 của Chính phủ": the cited
            # document's date goes on the summary)
            break  # a date line in capitals ("NGÀY 27 THÁNG 4 NĂM 2018 CỦA …") is a cited document's, in the summary
        subject_next = _subject_under_issuer(parts, s, f, first_caps and not cont_mixed)
        if gaps and j in gaps and len(parts) >= 2 and len(s) > 60 and not is_caps(s) and not s[:1].islower():
            break  # a full-width line after a paragraph break: the body's first sentence (one in lower case goes on)
        if s.endswith(":"):
            if _colon_speck(s, first_caps) or (is_letter and s[:1].islower()) or re.search(r"\bn[aă]m:$", f):
                # ("… NSNN 03 năm:" / "2020-2022", tune h363 at 150 dpi: a year follows "năm", never a label's colon)
                # a letter's subject going on in lower case ("thương và Nghị định số 69/2018/NĐ-CP:") is no label
                s = re.sub(r"(?:(?<=[^\W\d_])\s[-–])?[\s:]*$", "", s)  # no part of the title, and lets "- ĐOẠN 2022-2025" go on
            elif not under_bare:
                break  # a label ("Thành phần:")
        if is_letter and (re.match(r"^.{0,12}\bkinh gui\b", f) or SYMBOL_AFTER_SO.match(s)):
            break  # the addressee, specks OCR read before it too ("öa rổ ] Kính gửi: …")
        if re.match(r"^\S+(?:\s\S+)?:\s", s) and not (first_caps and not cont_mixed and is_caps(s)):
            break  # "Thành phần gồm: …", "Kính gửi: …": a label, not a title ("NGUỒN VỐN: …" in a summary is)
        if s.startswith("(") and re.match(r"^\((?:ban hanh|kem theo)", f):
            break  # "(Ban hành kèm theo Quyết định số …)" under an attached regulation's title
        if caps_words(s) >= 2 and (cont_mixed or (not first_caps and not is_letter)) and _authority(s, f):
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" after a decision's subject
        if summary_only and caps_words(s) >= 2 and _authority(s, f):
            break  # the issuing authority under a summary that has no type word above it
        if ((len(parts) >= 2 or not bare) and _authority(s, f) and is_caps(s.split("(", 1)[0])
                and not _dangles(lines[j - 1]) and _before_body(lines, folded, j)):
            break  # "ỦY BAN NHÂN DÂN TỈNH KON TUM" / "BỘ TRƯỞNG BỘ NỘI VỤ", then "Căn cứ …": the issuing authority
        if ((len(parts) >= 2 or not bare) and not is_caps(s) and s[:1].isupper() and len(s.split()) <= 10
                and _authority(s, f) and not _dangles(lines[j - 1]) and _body_under(lines, folded, j)):
            break  # "Ủy ban nhân dân tỉnh Nghệ An", then "Căn cứ …": the authority a style printed in capitals
        if caps_words(s) >= 2 and cont_mixed:
            break
        if (is_letter and not first_caps and is_caps(s) and caps_words(s) >= 2
                and (_authority(s, f) or ORG_START.match(f) or _MINISTRY_OR_DEPARTMENT.match(f))):
            break  # "V/v hướng dẫn về công tác quản" / "BỘ CÔNG THƯƠNG": the issuer's column, read between the subject's lines
        if len(s) > 420 or (s.endswith((".", ";", ":")) and len(s) > 90 and not (first_caps and is_caps(s))
                            and not (under_bare and not body.match(f))):
            # a long sentence ending in a stop is the body; a summary in capitals may end in a period,
            # and so may a whole summary on one line under its type word (a web page's paragraph)
            break
        if (len(parts) >= 2 and len(s) > 70 and s[:1].isupper() and not is_caps(s) and not subject_next
                and not _dangles(parts[-1])):
            # a full-width sentence after a complete summary: the body (its opening word misread); a summary
            # whose line ends "… tại" / "… của" is not complete ("… tại" / "Thông báo số 26/TB-VP.UBND …")
            break
        if ((len(parts) >= 2 or summary_only) and first_caps and not cont_mixed and not is_letter and not is_caps(s)
                and _lower_run(lines, j) > 25 and s[:1].isupper() and not subject_next):
            break  # a summary printed in capitals does not go on in lower case: that line is the body's
        if (len(parts) >= 2 and first_caps and not cont_mixed and is_caps(s) and not _dangles(parts[-1])
                and _repeats_issuer(folded, idx, f)):
            break  # the issuing body's name again, under the summary: the authority, wrapped as the issuer was
        if not is_caps(s) and any(c.isalpha() for c in s):
            cont_mixed = True  # ("2021-2025”" alone on a line has no case)
        # A line in capitals inside a summary in lower case is a name or an acronym the column broke
        # off ("… của Nhóm Châu" / "Á -"), kept as printed.
        keep = is_letter or (cont_mixed and is_caps(s) and len(s.split()) <= 3)
        if first_caps and not cont_mixed and not is_letter and (cut := _authority_ends_line(lines, folded, j, s)):
            parts.append(_title_piece(s[:cut], first=False))
            break
        # (not after a type word alone on its line: "THÔNG TƯ LIÊN BỘ" / "LAO ĐỘNG - …" names no ministry)
        caps_run = (first_caps and not cont_mixed and not is_letter and is_caps(s) and not keep
                    and not (bare and len(parts) == 1))
        parts.append(s if keep else _caps_continued(parts[-1], s) if caps_run else _title_piece(s, first=False))
        if s.endswith((".", ";")):
            # "… BAN BÍ THƯ TRUNG ." / "ƯƠNG ĐẢNG …", "… SỞ TƯ." / "PHÁP, …": a speck OCR read, spaced,
            # or at a line's end inside a summary in capitals that goes on in capitals
            # or glued to a word the next line goes on in lower case ("… phát triển khoa." / "học, công nghệ …": tune
            # h489 at 200 dpi; an abbreviation's stop, "TP.", is followed by a name in capitals)
            speck = bool(re.search(r"\s\.$", s) or (s.endswith(".") and first_caps and not cont_mixed and is_caps(s))
                         or (re.search(r"[^\W\d_]{2}\.$", s) and lines[j + 1:j + 2] and lines[j + 1].strip()[:1].islower()))
            if (s.endswith(";") or speck) and _goes_on_after_stop(lines, j, first_caps and not cont_mixed):
                # "… THỊ XÃ, THÀNH PHỐ;" / "UBND XÃ, PHƯỜNG …": a list inside the summary
                parts[-1] = parts[-1].rstrip(" .") if speck else parts[-1]
                continue
            if not (re.search(r"\s[.;]$", s) and _dangles(s.rstrip(" .;"))):
                break  # a stop ends the title
            parts[-1] = parts[-1].rstrip(" .;")  # a speck after a word no title ends with ("VỀ ." / "VIỆC …")
    else:
        stop = None
    last = parts[-1].strip()
    if is_letter and stop is not None and (not re.search(r"[.;:!?]$", last) or _dangles(last)):
        # a subject cut by the header's other column, OCR having read the page's columns as blocks
        if rest := _subject_resumed(lines, folded, stop, skip, dangling=_dangles(last)):
            parts[-1] = parts[-1].rstrip(" .")
            parts += rest
    if bare and len(parts) >= 2 and not is_letter and _LAYS_DOWN.match(" ".join(fold(parts[1]).split())):
        # "THÔNG TƯ" / "Quy định chế độ báo cáo …", "NGHỊ QUYẾT" / "Quy định mức chi …": the summary names the
        # rule or guidance the document lays down; "Thông tư quy định …" would say a type twice. The type stays
        # in `doc_type`. ("Thông báo kết luận …", "Kế hoạch tổ chức …" keep theirs: one kind of document.)
        parts = parts[1:]
        parts[0] = parts[0].strip()[:1].upper() + parts[0].strip()[1:]
    title = " ".join(p.strip() for p in parts if p.strip())
    # a speck OCR read as a word ("GIỚI _" / "THIỆU", "ĐẾN NĂM 2025 _ˆ" / "NGUỒN VỐN"): marks no title prints alone;
    # one left in a long title costs it whole with a scorer's difflib ratio (its autojunk), not one character
    title = re.sub(r"(?<=\s)[_~|ˆ^`¬*#•·°]+(?=\s|$)", "", title)
    title = re.sub(r"(?<=[^\W\d_])[:;]['‘’`]+(?=[^\W\d_])", " ", title)  # "CÔNG:'TÁC" (tune h721): no title's colon
    title = re.sub(r"\s+[-–]$", "", re.sub(r"\s+", " ", title)).strip(" .;:")  # "… Long Thành -": a speck's dash
    if title.endswith(('"', "”")) and title.count('"') + title.count("“") + title.count("”") == 1:
        title = title[:-1].rstrip()  # the closing quote of a quoted subject whose opening one was a speck's
    title = restore_quarter_numerals(title)
    return title or None

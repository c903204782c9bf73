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

import bisect
import datetime as dt
import re
from functools import lru_cache

from pipeline.core.model import DocMeta
from pipeline.core.normalize import fold, nfc
from pipeline.read.digits import digit_table, digits_in_folded
from pipeline.read.periods import parse_period, restore_quarter_numerals

# ---- folding that keeps positions ------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f if len(f) == 1 else c.lower()


def fold_keep(text: str) -> str:
    """Accent-folded lower case, character for character: indexes of the fold are indexes of the text."""
    return "".join(_fold_char(c) for c in text)


# ---- document type codes --------------------------------------------------------------------

# Type codes of Nghị định 30/2020 (appendix III) plus DS and CV that communes use. Only the first
# code token of a symbol can be a type; anything else there (UBND, VP) is the issuer: a letter.
_ND30_CODES = {
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
    "TTr", "HĐ", "CĐ", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "DS", "CV", "TTg", "TT", "KL", "TTLT",
}

# Type words of the title line, folded, longest first so "quyet dinh" never yields "quy che".
_TYPE_WORDS: list[tuple[str, str]] = [
    ("quyet dinh", "QĐ"),
    ("ke hoach", "KH"),
    ("bao cao", "BC"),
    ("bien ban", "BB"),
    ("thong bao", "TB"),
    ("to trinh", "TTr"),
    ("danh sach", "DS"),
    ("quy che", "QC"),
    ("cong van", "CV"),
    ("chuong trinh", "CTr"),
    ("huong dan", "HD"),
    ("nghi quyet", "NQ"),
    ("chi thi", "CT"),
    ("quy dinh", "QyĐ"),
    ("phuong an", "PA"),
    ("giay moi", "GM"),
    ("thong tu", "TT"),
    ("ket luan", "KL"),
    ("de an", "ĐA"),
]
# OCR-tolerant folded forms of the type words, allowing one dropped/odd letter inside.
_TYPE_WORD_RES = [
    (re.compile(r"^\s*" + r"\s*".join(re.escape(ch) if ch != " " else r"\s*" for ch in w) + r"(?![a-z])"), code)
    for w, code in _TYPE_WORDS
]

# Symbol token spellings that OCR or a keyboard without Vietnamese produces.
_TOKEN_FIX = {
    "QD": "QĐ", "HDND": "HĐND", "TTR": "TTr", "CTR": "CTr", "QYD": "QyĐ", "QYĐ": "QyĐ",
    "BCD": "BCĐ", "TTG": "TTg", "HD": "HD", "GUQ": "GUQ",
    # No body signs "DU": it is the Đảng ủy's "ĐU" with the stroke lost (OCR, a keyboard without Đ).
    "DU": "ĐU",
}

# ---- symbols --------------------------------------------------------------------------------

_NUM = r"[0-9OoIl|]{1,5}"
_TOK_ANY = r"[A-Za-zĐđÐ&]{1,10}"
_TOK_UP = r"(?:TTr|CTr|QyĐ|TTg|[A-ZĐÐ&]{1,10})"
_SEP = r"(?:\s*[-._–]{1,2}\s*)"
# Between later code tokens a slash too: joint and party symbols ("01/QCPH/UBND-UBMTTQ").
_SEP_LATER = r"(?:\s*[-._–]{1,2}\s*|/(?=[A-ZĐ]))"


# The end of a symbol: no letter or digit follows. An underscore may: OCR reads the rule under the
# issuing body, or a speck, glued to the symbol ("03/KH-UBND__ Châu Hưng, ngày …"), and `\w`
# counting "_" as a letter cut that symbol back to "03/KH".
_END = r"(?![^\W_])"


def _symbol_re(tok: str, num: str = _NUM) -> str:
    return (
        rf"(?P<num>{num}[a-zA-Z]?)\s*/\s*(?:(?P<yr>(?:19|20)[0-9Oo]{{2}})\s*/\s*)?"
        rf"(?P<code>{tok}(?:{_SEP_LATER}{tok}\d{{0,3}}){{0,4}}){_END}"
    )


# After "Số": OCR makes it "S6", "S0", "Sô", "So"; the symbol may be lower-cased by OCR.
_SO_PREFIX = r"(?<![\w])s\s?[oôốồơớờ0-9ó]\s*[:;.,]?\s*"
# Right after "Số", OCR may split the number's digits ("Số: 3 1/BC-UBND"); nowhere else is that read as one number.
_NUM_AFTER_SO = rf"(?:\d \d{{1,3}}(?=\s*/)|{_NUM})"
_SYMBOL_AFTER_SO = re.compile(_SO_PREFIX + _symbol_re(_TOK_ANY, _NUM_AFTER_SO), re.IGNORECASE)
_SYMBOL_BARE = re.compile(r"(?<![\w/])" + _symbol_re(_TOK_UP))
# "Số: 05 UBND-VP": OCR lost the slash; only after "Số" and with a hyphenated code in capitals.
_SYMBOL_NO_SLASH = re.compile(
    "(?i:" + _SO_PREFIX + ")" + rf"(?P<num>{_NUM})\s+(?P<yr>)(?P<code>{_TOK_UP}(?:{_SEP}{_TOK_UP}){{1,3}}){_END}"
)

# An unsigned draft's "Số:     /KH-UBND": the number is filled in at signing, the type code is there.
_BLANK_SYMBOL = re.compile(
    "(?i:" + _SO_PREFIX + rf")[.…_ ]*/\s*(?P<code>{_TOK_UP})(?:{_SEP}{_TOK_UP}){{0,4}}{_END}"
)
# "…, ngày     tháng 12 năm 2018" (folded): the day is written in by hand at signing.
_BLANK_DATE = re.compile(r"\bng\s?a\s?y[\s.…_]*t\s?h\s?a\s?n\s?g\s*(?:\d{1,2}|[.…_]*)\s*n\s?a\s?m\s*(?:19|20)\d\d\b")
# "(Kèm theo Kế hoạch số 09/KH-UBND ngày …)", "(Ban hành kèm theo Quyết định số …)": an attachment
# names its parent document; that symbol and date are the parent's, not the attachment's.
_CITATION_NOTE = re.compile(r"^\(|^(?:ban hanh )?kem theo\b")

# Party documents number the other way round: "Số 12-BC/ĐU" (number-type/issuer).
_PARTY_SYMBOL = re.compile(
    _SO_PREFIX + rf"(?P<num>{_NUM})\s*-\s*(?P<code>{_TOK_ANY})\s*/\s*(?P<org>{_TOK_ANY}(?:\s*[-/.]\s*{_TOK_ANY}){{0,3}}){_END}",
    re.IGNORECASE,
)


def _build_party(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    num = _fix_digits(m.group("num"))
    if not re.search(r"\d", num):
        return None
    code = _TOKEN_FIX.get(m.group("code").upper().replace("Ð", "Đ"), m.group("code").upper().replace("Ð", "Đ"))
    org = re.sub(r"\s+", "", m.group("org")).upper().replace("Ð", "Đ")
    org = re.sub(r"[^-/.]+", lambda t: _TOKEN_FIX.get(t.group(0), t.group(0)), org)
    return f"{num}-{code}/{org}", (code if code in _ND30_CODES else None), num


def _fix_digits(s: str) -> str:
    return s.translate(digit_table("OoIl|"))


def _build_symbol(m: re.Match[str]) -> tuple[str, str | None, str] | None:
    """(normalized symbol, type code or None, number) from a symbol match."""
    num = _fix_digits(m.group("num")).replace(" ", "")
    if not re.search(r"\d", num):
        return None
    raw_code = m.group("code").replace("Ð", "Đ").replace("đ", "Đ")
    parts = re.split(r"(\s*[-._–]{1,2}\s*|/)", raw_code)
    tokens = [p.upper() for p in parts[::2]]
    seps = [p.strip() for p in parts[1::2]]
    tokens = [_TOKEN_FIX.get(t, t) for t in tokens]
    if not tokens or not tokens[0]:
        return None
    code = tokens[0]
    if code not in _ND30_CODES and re.sub(r"(.)\1+", r"\1", code) in _ND30_CODES:
        # OCR doubles a letter ("QĐĐ", "KHH"); no type code has a doubled letter but TTr, TTg
        code = tokens[0] = re.sub(r"(.)\1+", r"\1", code)
    out = code
    for i, (sep, tok) in enumerate(zip(seps, tokens[1:], strict=False)):
        # The separator after the first token is a hyphen (OCR reads it as '.'); later dots are real
        # ("QĐ-CT.UBND": the Chairman of the People's Committee).
        out += ("/" if sep == "/" else "." if (i > 0 and "." in sep) else "-") + tok
    yr = m.group("yr")
    head = f"{num}/" + (f"{_fix_digits(yr)}/" if yr else "")
    type_code = code if code in _ND30_CODES else ("CV" if len(tokens) >= 1 else None)
    return head + out, type_code, num


def parse_symbol(text: str) -> tuple[str, str] | None:
    """The document symbol of a text (header line or citation) and its type code.

    "Số: 05 / KH - UBND" → ("05/KH-UBND", "KH"); "45/UBND-VP" (no type code) → ("45/UBND-VP", "CV").
    A "Số:" symbol is preferred over a bare one.
    """
    text = nfc(text)
    for rx in (_SYMBOL_AFTER_SO, _SYMBOL_BARE):
        for m in rx.finditer(text):
            built = _build_symbol(m)
            if built:
                return built[0], built[1]
    return None


def find_symbols(text: str) -> list[tuple[str, int, int]]:
    """Every symbol cited in a text, normalized, with its span: for evidence cells and body citations."""
    text = nfc(text)
    found: list[tuple[str, int, int]] = []
    # Spans taken by earlier patterns, sorted and disjoint, so their ends increase too: the only one
    # a match can overlap is the last starting before the match ends (a bisect, not a scan of every
    # span: a table of thousands of symbols made that quadratic). One pattern's own matches never
    # overlap each other.
    starts: list[int] = []
    ends: list[int] = []
    for rx in (_SYMBOL_AFTER_SO, _SYMBOL_BARE):
        new: list[tuple[int, int]] = []
        for m in rx.finditer(text):
            i = bisect.bisect_left(starts, m.end()) - 1
            if i >= 0 and m.start() < ends[i]:
                continue
            built = _build_symbol(m)
            if built:
                found.append((built[0], m.start("num"), m.end()))
                new.append((m.start(), m.end()))
        spans = sorted([*zip(starts, ends, strict=True), *new])
        starts, ends = [a for a, _ in spans], [b for _, b in spans]
    return sorted(found, key=lambda x: x[1])


def normalize_symbol(s: str) -> str:
    """The canonical spelling of a symbol for comparisons: '05 / kh.ubnd' → '05/KH-UBND'."""
    s = nfc(s or "").strip()
    m = _SYMBOL_AFTER_SO.search(s) or re.compile(_symbol_re(_TOK_ANY)).search(s)
    if m:
        built = _build_symbol(m)
        if built:
            return built[0]
    # NFC again: dropping a space can put a combining mark on a letter ('ngày \u0300' → 'NGÀỲ').
    return nfc(re.sub(r"\s+", "", s).upper().replace("Ð", "Đ"))


def symbol_key(s: str) -> str:
    """Looser key: normalized symbol without leading zeros of the number ('05/KH-UBND' ~ '5/KH-UBND')."""
    n = normalize_symbol(s)
    return re.sub(r"^0+(?=\d)", "", n)


# ---- dates ----------------------------------------------------------------------------------

# On the folded text with OCR digit fixes: "ngay 10 thang 01 nam 2018", "ngàv", "2O18".
_DATE_WORDS = re.compile(
    r"n\s?g\s?[aà]\s?[yvu]?\s*[.:,]?\s*(\d ?\d|\d)\s*[,.]?\s*"
    r"t\s?h\s?[aáuo]\s?n\s?g\s*[.:,]?\s*(\d ?\d|\d)\s*[,.]?\s*"
    r"n\s?[aă]\s?m\s*[.:,]?\s*(\d{4})"
)
_DATE_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])")


def _valid_date(d: str, m: str, y: str) -> dt.date | None:
    try:
        date = dt.date(int(y), int(m.replace(" ", "")), int(d.replace(" ", "")))
    except ValueError:
        return None
    return date if 1990 <= date.year <= 2100 else None


def dates_with_pos(text: str) -> list[tuple[dt.date, int, int]]:
    folded = digits_in_folded(fold_keep(nfc(text)))
    out: list[tuple[dt.date, int, int]] = []
    for m in _DATE_WORDS.finditer(folded):
        d = _valid_date(m.group(1), m.group(2), m.group(3))
        if d:
            out.append((d, m.start(), m.end()))
    for m in _DATE_NUMERIC.finditer(folded):
        if any(a <= m.start() < b for _, a, b in out):
            continue
        d = _valid_date(m.group(1), m.group(3), m.group(4))
        if d:
            out.append((d, m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def parse_date(text: str) -> dt.date | None:
    """The first valid date of a text: 'ngày 10 tháng 01 năm 2018', '10/01/2018', '10-01-2018'."""
    found = dates_with_pos(text)
    return found[0][0] if found else None


# ---- years ----------------------------------------------------------------------------------

_YEAR_NUM = re.compile(r"\bnam\s*((?:19|20)\d\d)\b")


def parse_year(text: str | None) -> int | None:
    """The year a title is about: 'năm 2018' → 2018."""
    if not text:
        return None
    m = _YEAR_NUM.search(digits_in_folded(fold_keep(nfc(text))))
    return int(m.group(1)) if m else None


# ---- header lines ---------------------------------------------------------------------------

_MOTTO_START = re.compile(r"c\s?[o0]\s?n\s?g\s*h\s?[o0]\s?a\s*x\s?a\s*h\s?[o0]\s?i|d\s?[o0]\s?c\s*l\s?a\s?p\s*[-,.]?\s*t\s?u\s*d\s?[o0]")
_MOTTO_WORDS = re.compile(r"cong hoa|chu nghia|viet nam|doc lap|tu do|hanh phuc|xa hoi chu nghia")
_MOTTO_END = re.compile(r"viet\s*nam|hanh\s*phuc")
_DECOR = re.compile(r"^[\s\-_=~*.·•oO0()\[\]|]*$")
_PLACE_DATE = re.compile(
    r"(?:^|\s)([^\s,\d].{0,40}?)\s*,?\s*(?:n\s?g\s?[aà]\s?[yvu]?\s*[.:]?\s*)?"
    r"(?:[\d.…_ ]*\s*t\s?h\s?[auo]\s?n\s?g|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-])"
)
# Lines that can only be body text, even right under a bare type word.
_STRONG_BODY = (
    r"can cu|kinh gui|hom nay|vao luc|chuong\s+[ivx\d]|phan\s+(?:[ivx]+|\d+|thu)\b|stt\b|tt\s|"
    r"dieu\s\d|(?:\d{1,2}|[ivx]{1,4})\s*[.)]\s+\D|[a-d]\s*\)|[-+*•]|noi nhan|xet de nghi|"
    r"thanh phan\s*(?:gom|tham)|dia diem\s*:|thoi gian\s*:"
)
_STRONG_BODY_START = re.compile(rf"^(?:{_STRONG_BODY})")
# Openings of a first body paragraph (also possible openings of a title: only used past the title).
_BODY_START = re.compile(rf"^(?:{_STRONG_BODY}|thuc hien\b|nham\s|de\s|theo\s|tren co so|muc\s|ve viec thuc hien)")
# The opening words of a body: the header zone (number, place-date line) is over.
_HEADER_END = re.compile(r"^(?:can cu\b|thuc hien\b|kinh gui\b|theo de nghi\b|xet de nghi\b|hom nay\b)")
_AUTHORITY = re.compile(
    r"^(?:chu tich|uy ban nhan dan|ubnd|truong|giam doc|ban chi dao|hoi dong|dang uy|pho chu tich|bo truong|"
    r"thu truong|thu tuong|uy ban thuong vu|ban thuong vu|ban chap hanh|chanh van phong|tong cuc truong|cuc truong)"
)
_ORG_START = re.compile(
    r"^(?:uy ban|ubnd|hoi dong|hdnd|dang uy|dang bo|ban |ban$|phong |van phong|so |cong an|mat tran|doan |"
    r"hoi |to |tram |truong |chi bo|bo phan|cong ty|trung tam|chi cuc|ky niem)"
)
_PLACE_WORD = re.compile(r"^(?:xa|thi tran|tt\.?|huyen|tinh|phuong|thanh pho|thi xa|quan)\b")


_DATE_GAPS = re.compile(
    r"(ng[àa][yv]|th[áa]ng|n[ăa]m|\d|s[ốo6]\s?:)[ \u00a0]{2,}(\d|/|th[áa]ng|n[ăa]m)", re.IGNORECASE
)


# A symbol, then "ngày", right before a date: the date is that cited document's.
_CITED_DATE = re.compile(r"\d\s*/\s*[\w/.-]*[A-ZĐ]{2,}[\w/.-]*\s*,?\s*(?:ng\S{1,3}\s*)?$")
_INNER_SO = re.compile(r"(?<=\s)S[ốốôo6][ \t]?[:.]?[ \t]*[0-9OolI|]{1,5}\s*[/-]\s*[A-ZĐ]")


def _split_fragments(line: str) -> list[str]:
    """Cut a header line where the two columns were glued: before the motto, after it, and after a symbol."""
    # Wide spacing inside a date or after "Số:" is typing, not a column gap.
    line = _DATE_GAPS.sub(lambda m: m.group(1) + " " + m.group(2), line)
    frags = [p for p in re.split(r"\t|\s{3,}|\s\|\s", line) if p.strip()]
    out: list[str] = []
    for frag in frags:
        pending = [frag.strip()]
        while pending:
            s = pending.pop(0)
            f = fold_keep(s)
            m = _MOTTO_START.search(f)
            if m and m.start() > 0:
                pending[:0] = [s[: m.start()].strip(), s[m.start():].strip()]
                continue
            if m and m.start() == 0:
                e = _MOTTO_END.search(f)
                if e and e.end() < len(s) and s[e.end():].strip(" -–"):
                    pending[:0] = [s[: e.end()].strip(), s[e.end():].strip(" -–").strip()]
                    continue
            inner = _INNER_SO.search(s)
            if inner and inner.start() > 0:
                # "ỦY BAN NHÂN DÂN XÃ A Số: 02/UBND-VP V/v …": a DOCX header cell's paragraphs run together.
                pending[:0] = [s[: inner.start()].strip(), s[inner.start():].strip()]
                continue
            sm = _SYMBOL_AFTER_SO.search(s) or _SYMBOL_NO_SLASH.match(s) or _BLANK_SYMBOL.match(s)
            if sm and sm.start() == 0 and sm.end() < len(s) and s[sm.end():].strip():
                rest = s[sm.end():].strip()
                pending[:0] = [s[: sm.end()].strip(), rest]
                continue
            if s:
                out.append(s)
    return out


# First syllables of the type words: "QUYẾT" alone on a line may be a type word broken in two.
_TYPE_HEADS = frozenset(w.split()[0] for w, _code in _TYPE_WORDS)
_PARTIAL_DATE = re.compile(r"ng\s?a\s?y\s*\d{0,2}\s*$|t\s?h\s?a\s?n\s?g\s*\d{0,2}\s*(?:n\s?a\s?m\s*)?$")


def _word_date(text: str) -> bool:
    return bool(_DATE_WORDS.search(digits_in_folded(fold_keep(text))))


def _rejoined(raw: list[str]) -> list[str]:
    """Lines a web page or a narrow column wrapped, joined back: the place-date line over two or
    three lines ("Kon Tum, ngày 25" / "tháng 01 năm 2024"), "Số:" alone over its symbol, and a
    type word broken in two ("QUYẾT" / "ĐỊNH")."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        nxt = raw[i + 1].strip() if i + 1 < len(raw) else ""
        f = fold_keep(line).strip()
        if nxt and _PARTIAL_DATE.search(f) and re.search(r"\bng\s?a\s?y\b", f) and not dates_with_pos(line) \
                and len(line) < 60 and len(nxt) < 40:
            joined = f"{line.rstrip()} {nxt}"
            third = raw[i + 2].strip() if i + 2 < len(raw) else ""
            if not _word_date(joined) and re.fullmatch(r"(?:19|20)\d\d", third):
                joined, i = f"{joined} {third}", i + 1  # "Yên Bái, ngày 21 tháng 6 năm" / "2019"
            if _word_date(joined):
                out.append(joined)
                i += 2
                continue
        if nxt and re.fullmatch(r"s\s?[oô0ó6]\s*[:.]?", f) and re.match(r"^[0-9OoIl|]{1,5}\s*/", nxt):
            out.append(f"{line.strip()} {nxt}")
            i += 2
            continue
        if nxt and f in _TYPE_HEADS and _is_caps(line) and len(nxt.split()) <= 2 and _is_caps(nxt) \
                and detect_doc_type(f"{line.strip()} {nxt}") and not detect_doc_type(line):
            out.append(f"{line.strip()} {nxt}")
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _header_lines(text: str, limit: int = 40, gaps: set[int] | None = None) -> list[str]:
    """The header zone's lines cut into column fragments; `gaps` collects the indexes of lines
    that follow a blank line (a paragraph or OCR block break)."""
    lines: list[str] = []
    blank_before = False
    for raw in _rejoined(nfc(text).splitlines()[: limit * 3]):
        if not raw.strip():
            blank_before = True
            continue
        if gaps is not None and blank_before:
            gaps.add(len(lines))
        blank_before = False
        for frag in _split_fragments(raw):
            frag = re.sub(r"[ \u00a0]+", " ", frag).strip()
            # Specks OCR reads before a line ("- BÁO CÁO", "-_ Lâm Tân, ngày …") hide what the line is.
            # Several specks may precede it, spaced: "_ _ KẾ HOẠCH".
            bare = re.sub(r"^(?:[-_~.,'\"|*•:;`]+\s*)+", "", frag)
            if bare != frag and bare and (
                detect_doc_type(bare) or dates_with_pos(bare) or _SYMBOL_AFTER_SO.match(bare)
                or _MOTTO_START.match(fold_keep(bare))
            ):
                frag = bare
            if frag:
                lines.append(frag)
        if len(lines) >= limit:
            break
    return lines


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_motto(f: str) -> bool:
    """The national motto or a piece of it. One motto word in a longer line is a title's or a
    name's ("… xã hội chuyển hóa …", "Hội Liên hiệp Phụ nữ Việt Nam"), not the motto."""
    if len(f) >= 60:
        return False
    words = set(_MOTTO_WORDS.findall(f))
    return bool(_MOTTO_START.search(f)) or len(words) >= 2 or (len(words) == 1 and len(f) < 25)


def _is_decor(s: str) -> bool:
    return bool(_DECOR.match(s)) or bool(re.fullmatch(r"[-_=\s]*o\s*0?o\s*[-_=\s]*", s.lower()))


# ---- casing -----------------------------------------------------------------------------------

_KEEP_UPPER = {
    "UBND", "HĐND", "CCHC", "TTHC", "VBQPPL", "QPPL", "CBCC", "CBCCVC", "CNTT", "PBGDPL", "ĐTBD",
    "PAKN", "DVC", "DVCTT", "KT-XH", "QLCL", "TCVN", "ISO", "MTTQ", "BCĐ", "TN&TKQ", "TN&TRKQ", "VN",
    "I", "II", "III", "IV", "V", "VI", "HU", "ĐU", "CT", "TT", "NĐ-CP", "TW", "BCH",
}
_PLACE_LEAD = {"xã", "huyện", "tỉnh", "phường", "quận", "trấn", "xa", "huyen", "tinh", "phuong", "quan", "tran"}
# Words that never open or continue a place name: after "xã" they mean a level, not a name.
_NOT_A_NAME = {
    "trên", "địa", "bàn", "và", "các", "của", "thuộc", "có", "được", "trong", "năm", "với", "để", "về",
    "theo", "phường", "thị", "xã", "huyện", "tỉnh", "quận", "cấp", "đến", "giai", "đoạn", "tại", "đạt",
}
_OLD_TONE = {"uỷ": "ủy", "Uỷ": "Ủy", "UỶ": "ỦY", "hoà": "hòa", "Hoà": "Hòa", "HOÀ": "HÒA", "thuỷ": "thủy"}


def _modern(s: str) -> str:
    for a, b in _OLD_TONE.items():
        s = re.sub(rf"(?<!\w){a}(?!\w)" if len(a) > 2 else a, b, s)
    return s


def _sentence_case_caps(s: str, first_upper: bool) -> str:
    """An all-caps phrase in the writer's words, sentence case: acronyms and place names kept."""
    words = s.split(" ")
    out: list[str] = []
    place_left = 0
    for i, w in enumerate(words):
        core = w.strip(",.;:()\"'")
        if core.upper() in _KEEP_UPPER or any(ch.isdigit() for ch in core) or "/" in core:
            out.append(w)
            place_left = 0
            continue
        low = w.lower()
        if place_left > 0 and low.strip(",.;:") in _NOT_A_NAME:
            place_left = 0  # "cấp xã, phường, thị trấn trên địa bàn": a list of levels, no name follows
        if place_left > 0:
            out.append(low[:1].upper() + low[1:])
            place_left -= 1
        elif i == 0 and first_upper:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        if low.strip(",.") in _PLACE_LEAD and not low.endswith((",", ";")):
            place_left = 2
        elif low.strip(",.") in ("phòng", "sở", "phong", "so") and i + 1 < len(words):
            place_left = 1  # "Phòng Nội vụ", "Sở Tài chính"
    return " ".join(out)


_ORG_NAMES = [("uy ban nhan dan", "ỦY BAN NHÂN DÂN"), ("hoi dong nhan dan", "HỘI ĐỒNG NHÂN DÂN"), ("dang uy", "ĐẢNG ỦY")]


def _issuer_case(s: str) -> str:
    s = _modern(s)
    f = fold_keep(s)
    for folded, name in _ORG_NAMES:
        # OCR's "ỦY BẠN NHÂN DẪN": the body's name is known, only its accents were misread.
        if f.startswith(folded) and s[: len(folded)].upper() != name and _is_caps(s[: len(folded)]):
            s = name + s[len(folded):]
    if not _is_caps(s):
        return s
    return _sentence_case_caps(s, first_upper=True)


def _title_piece(s: str, first: bool) -> str:
    """One line of a title for joining: all-caps lines go sentence case; a continuation's capital drops."""
    if _is_caps(s):
        return _sentence_case_caps(s, first_upper=first)
    if first:
        return s
    w = s.split(" ", 1)[0]
    core = w.strip("(\"'")
    nxt = s.split(" ", 2)[1] if " " in s else ""
    if nxt[:1].isupper() and nxt[1:] == nxt[1:].lower() and nxt.upper() != nxt:
        return s  # "Nhâm Dần-năm 2022 …", "Quảng Ngãi …": two capitalised words are a name
    if core and core.upper() != core and core[:1].isupper() and core[1:] == core[1:].lower():
        # "Cải cách" continuing "KẾ HOẠCH" → "cải cách"; a name (UBND, Vĩnh Thành) rarely opens a title.
        return s[: len(w) - len(core)] + core[:1].lower() + core[1:] + s[len(w):]
    return s


# ---- the parser ---------------------------------------------------------------------------------


def detect_doc_type(text: str) -> str | None:
    """Type code from a title line's type word (folded, OCR-tolerant): 'KẾ HOẠCH …' → 'KH'."""
    f = fold_keep(nfc(text)).strip()
    for rx, code in _TYPE_WORD_RES:
        if rx.match(f):
            return code
    if re.match(r"^\s*(?:v\s*[/|\\l1]\s*v|ve\s+v)\b|^\s*ve viec\b", f):
        return "CV"
    return None


_INNER_ORG = re.compile(
    r"(?<!\bva )(?<!& )(?<!\bvan )(?<!phong )(?<=\s)(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|dang uy|phong|van phong|"
    r"ban chi dao|cong an|mat tran)\b"
)


def _issuer_from(lines: list[str]) -> str | None:
    cand = [s for s in lines if s]
    if not cand:
        return None
    folded = [fold_keep(s).strip(" .") for s in cand]
    start = 0
    for i, f in enumerate(folded):
        if _ORG_START.match(f) and not (i > 0 and _PLACE_WORD.match(f)):
            start = i
    parts = cand[start:]
    issuer = " ".join(p.strip(" -–_") for p in parts).strip()
    issuer = re.sub(r"\s+", " ", issuer)
    # "UBND HUYỆN THẠNH TRỊ UBND XÃ THẠNH TÂN" (a DOCX cell's two paragraphs run together): the body
    # named last is the issuer, the one before is its parent.
    inner = [m.start() for m in _INNER_ORG.finditer(fold_keep(issuer)) if m.start() > 0]
    if inner:
        issuer = issuer[inner[-1]:]
    return _issuer_case(issuer) if issuer else None


def _place_of(s: str, f: str) -> str | None:
    """The place of a place-date line ('Vĩnh Thành, ngày …'); `f` is the line folded."""
    pm = _PLACE_DATE.search(digits_in_folded(f))
    if not pm:
        return None
    place = s[pm.start(1): pm.end(1)].strip(" ,.-")
    place = re.sub(r"^(?:s\S{0,2}\s*:?\s*\S+/\S+\s*)", "", place, flags=re.IGNORECASE).strip(" ,")
    if place and not re.search(r"\d", place) and len(place.split()) <= 6 and place[:1].isupper():
        return _issuer_case(place) if _is_caps(place) else place
    return None


_MONTH_YEAR = re.compile(r"t\s?h\s?[aáuo]\s?n\s?g\s*(\d{1,2})\s*n\s?[aă]\s?m\s*((?:19|20)\d\d)")


def place_date_month(text: str) -> tuple[int, int] | None:
    """(year, month) printed on the place-date line when its day is blank or unreadable
    ("Quảng Ngãi, ngày    tháng 01 năm 2025" -> (2025, 1)); None when that line is not found."""
    for s in _header_lines(text)[:25]:
        f = digits_in_folded(fold_keep(s))
        if _HEADER_END.match(f):
            break
        if "ng" in f and (m := _MONTH_YEAR.search(f)) and 1 <= int(m.group(1)) <= 12:
            return int(m.group(2)), int(m.group(1))
    return None


def parse_metadata(text: str) -> DocMeta:
    """Issuer, type, symbol, number, date, place, title, period and year of a document.

    `text` is the document's first page (more pages do no harm: only the header zone is read for
    the header fields).
    """
    meta = DocMeta()
    gaps: set[int] = set()
    lines = _header_lines(text, gaps=gaps)
    folded = [fold_keep(s) for s in lines]

    sym_idx = date_idx = title_idx = None
    symbol_type: str | None = None
    # Symbol: the first "Số: …" line of the header, else a bare symbol on a short header line.
    for i, s in enumerate(lines[:25]):
        if _CITATION_NOTE.match(folded[i]):
            continue
        m = _SYMBOL_AFTER_SO.search(s)
        # "Số:" opens the fragment; "Quyết định số 599/QĐ-UBND" inside a sentence is a citation.
        if m and m.start() <= 2 and (built := _build_symbol(m)):
            meta.symbol, symbol_type, meta.number = built
            sym_idx = i
            break
        pm = _PARTY_SYMBOL.match(s)
        if pm and (built := _build_party(pm)):
            meta.symbol, symbol_type, meta.number = built
            sym_idx = i
            break
        nm = _SYMBOL_NO_SLASH.match(s)
        if nm and (built := _build_symbol(nm)):
            meta.symbol, symbol_type, meta.number = built
            sym_idx = i
            break
        bm = _BLANK_SYMBOL.match(s)
        if bm:
            code = bm.group("code").replace("Ð", "Đ")
            code = _TOKEN_FIX.get(code.upper(), code)
            symbol_type, sym_idx = (code if code in _ND30_CODES else "CV"), i
            break
    if sym_idx is None:
        for i, s in enumerate(lines[:15]):
            if _HEADER_END.match(folded[i]):
                break  # the body's citations ("Căn cứ Quyết định số 79/QĐ-UBND …") are never the document's
            m = _SYMBOL_BARE.search(s)
            if (m and len(s) < 60 and not _BODY_START.match(folded[i]) and not _CITATION_NOTE.match(folded[i])
                    and (built := _build_symbol(m))):
                meta.symbol, symbol_type, meta.number = built
                sym_idx = i
                break

    # Date: the place-date line ("Vĩnh Thành, ngày 10 tháng 01 năm 2018") of the header zone.
    for i, s in enumerate(lines[:25]):
        f = folded[i]
        if _HEADER_END.match(f):
            break  # past the header: a date in "Căn cứ …" / "Thực hiện …" is a citation's, never the document's
        if _CITATION_NOTE.match(f):
            continue
        found = dates_with_pos(s)
        if not found and len(s) < 80 and _BLANK_DATE.search(digits_in_folded(f)):
            date_idx = i  # the place-date line, its day left blank: no date, and no other line's
            meta.place = _place_of(s, f)
            break
        if not found or (found[0][1] > 45 and len(s) > 70):
            continue  # a date inside a sentence is the body's, not the header's
        if i == sym_idx and not re.search(r"ng\s?[aà]\s?[yv]", f):
            continue
        if _CITED_DATE.search(s[:found[0][1]]):
            continue  # "… Quyết định số 16/2016/QĐ-UBND ngày 09/5/2016": the cited document's date
        meta.date = found[0][0]
        date_idx = i
        meta.place = _place_of(s, f)
        break

    if sym_idx is None or date_idx is None:
        _header_in_text_box(text, meta, want_symbol=sym_idx is None, want_date=date_idx is None)

    # Title: the type-word line after the header fragments, or a letter's "V/v" subject.
    title_type: str | None = None
    for i, s in enumerate(lines[:30]):
        f = folded[i].strip()
        if i == sym_idx or i == date_idx or _is_motto(f) or _is_decor(s):
            continue
        code = detect_doc_type(s)
        if code and (code != "CV" or re.match(r"^\s*(?:v\s*[/|\\l1]\s*v|ve\s+v|ve viec)\b", f)):
            # A type word must open a short line in capitals, or be the V/v subject of a letter.
            if code == "CV" or _is_caps(s.split(" ", 2)[0] + " " + (s.split(" ", 2)[1] if " " in s else "")):
                title_idx, title_type = i, code
                break
        if _BODY_START.match(f):
            break
    if title_idx is not None:
        meta.title = _collect_title(lines, folded, title_idx, skip={sym_idx, date_idx}, gaps=gaps)
    elif sym_idx is not None and date_idx is not None:
        j = _summary_without_type_word(lines, folded, max(sym_idx, date_idx) + 1)
        if j is not None:
            meta.title = _collect_title(lines, folded, j, skip={sym_idx, date_idx}, gaps=gaps, summary_only=True)

    # Issuer: the left column's lines above the symbol (or above the title when there is none).
    stop = sym_idx if sym_idx is not None else (title_idx if title_idx is not None else min(len(lines), 4))
    issuer_lines = []
    for i in range(stop):
        s, f = lines[i], folded[i].strip()
        if i == date_idx or _is_motto(f) or _is_decor(s) or _MOTTO_START.search(f):
            continue
        if _BODY_START.match(f) or len(s) > 80:
            continue
        issuer_lines.append(s)
    meta.issuer = _issuer_from(issuer_lines[-4:])

    # Type: the symbol's type code wins (a QĐ carrying a "QUY CHẾ" title is a decision); a letter-
    # shaped symbol yields to a type word, since communes also number plans "05/UBND".
    if symbol_type and symbol_type != "CV":
        meta.doc_type = symbol_type
    elif title_type:
        meta.doc_type = title_type
    elif symbol_type == "CV":
        meta.doc_type = "CV"
    if meta.title:
        meta.period = parse_period(meta.title)
        meta.year = parse_year(meta.title)
    return meta


def _caps_words(s: str) -> int:
    """Words in capitals that are not acronyms ('CHỦ TỊCH' 2, 'ISO 9001:2008' 0)."""
    n = 0
    for w in s.split():
        core = w.strip(",.;:()\"'")
        letters = [c for c in core if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and core.upper() not in _KEEP_UPPER:
            n += 1
    return n


_TYPE_NAMES = {
    "QĐ": "Quyết định", "KH": "Kế hoạch", "BC": "Báo cáo", "BB": "Biên bản", "TB": "Thông báo",
    "TTr": "Tờ trình", "DS": "Danh sách", "QC": "Quy chế", "CTr": "Chương trình", "HD": "Hướng dẫn",
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "QyĐ": "Quy định", "PA": "Phương án", "GM": "Giấy mời",
}


def _header_in_text_box(text: str, meta: DocMeta, want_symbol: bool, want_date: bool) -> None:
    """A header drawn in text boxes reaches us after the body (DOCX shapes): look for its "Số:" line
    and its place-date line anywhere, taking only lines shaped like them."""
    for raw in nfc(text).splitlines()[40:]:
        for frag in _split_fragments(raw):
            frag = frag.strip()
            if want_symbol:
                m = _SYMBOL_AFTER_SO.match(frag)
                if m and (built := _build_symbol(m)):
                    meta.symbol, code, meta.number = built
                    meta.doc_type = meta.doc_type or code
                    want_symbol = False
                    continue
            if want_date:
                m = re.match(r"^([A-ZĐÀ-Ỹ][^,\d]{1,40}),\s*ng", frag)
                if m and not _BODY_START.match(fold_keep(frag)) and not fold_keep(frag).startswith("hom nay"):
                    found = dates_with_pos(frag)
                    if found:
                        meta.date, meta.place = found[0][0], m.group(1).strip()
                        want_date = False


# How a trích yếu opens when the page (or its web copy) dropped the type word above it.
_SUMMARY_OPENING = re.compile(r"^(?:ve\s|ban hanh\b|phe duyet\b|quy dinh\b|thanh lap\b|kien toan\b|giao\b|"
                              r"dieu chinh\b|sua doi\b|bai bo\b|cong nhan\b|huong dan\b|trien khai\b)")


def _summary_without_type_word(lines: list[str], folded: list[str], start: int) -> int | None:
    """The line under the number and place-date lines that is a trích yếu with no type word above it
    ("BAN HÀNH QUY ĐỊNH VỀ …", "VỀ DỰ TOÁN NGÂN SÁCH …"), when the body's "Căn cứ …" follows within a
    few lines; None when that line is anything else (the body, a salutation, the issuing authority)."""
    for j in range(start, min(len(lines), start + 3)):
        s, f = lines[j], folded[j].strip()
        if _is_motto(f) or _is_decor(s):
            continue
        if (_HEADER_END.match(f) or _BODY_START.match(f) or _AUTHORITY.match(f) or not _SUMMARY_OPENING.match(f)
                or len(s) < 12):
            return None
        ends = [k for k in range(j + 1, min(len(lines), j + 8)) if _HEADER_END.match(folded[k].strip())]
        return j if ends else None
    return None


def _before_body(lines: list[str], folded: list[str], j: int) -> bool:
    """Whether the lines from `j` on are one short block in capitals and then the body's
    "Căn cứ …" (the authority's name, over one to three lines, ends the decision's preamble)."""
    for k in range(j, min(len(lines), j + 4)):
        f = folded[k].strip()
        if _HEADER_END.match(f) or f.startswith("theo de nghi") or f.startswith("xet "):
            return k > j
        if not _is_caps(lines[k]):
            return False
    return False


def _collect_title(lines: list[str], folded: list[str], idx: int, skip: set[int | None],
                   gaps: set[int] | None = None, summary_only: bool = False) -> str | None:
    """The title from line `idx` on: the type word's line and the summary under it, or (with
    `summary_only`) a summary whose type word the page does not print."""
    first = lines[idx]
    f0 = folded[idx].strip()
    is_letter = bool(re.match(r"^(?:v\s*[/|\\l1]\s*v|ve\s+v|ve viec)\b", f0))
    # A type word alone on its line ("KẾ HOẠCH"): whatever follows is the summary.
    bare = any(re.fullmatch(rx.pattern + r"[\s.:]*", f0) for rx, _code in _TYPE_WORD_RES)
    if not is_letter and not _is_caps(first):
        # "KẾ HOẠCH Cải cách hành chính năm 2018" on one line: the type word in capitals, then the summary.
        m = re.match(r"^(\S+\s+\S+)\s+(.*)$", first)
        if m and _is_caps(m.group(1)) and detect_doc_type(m.group(1)):
            first = _title_piece(m.group(1), first=True) + " " + _title_piece(m.group(2), first=False)
    parts = [first if is_letter else _title_piece(first, first=True)]
    if bare and (code := detect_doc_type(first)) in _TYPE_NAMES and fold(first) != first.lower():
        parts[0] = _TYPE_NAMES[code]  # "BẢO CÁO" (OCR) is "Báo cáo"; "KE HOACH" stays as OCR read it
    first_caps = _is_caps(first)
    cont_mixed = False
    for j in range(idx + 1, min(len(lines), idx + 6)):
        if j in skip:
            continue
        s, f = lines[j], folded[j].strip()
        # A speck or rule end OCR read before a title line ("_ Tuyên truyền …") is not its text; a
        # hyphen is left alone: it opens a body bullet, which must still end the title.
        spot = re.match(r"^[_|~`]+\s+(?=\w)", s)
        if spot:
            s, f = s[spot.end():], f[spot.end():].strip()
        if _is_decor(s):
            if len(parts) > 1 or not is_letter:
                # A rule under the title closes it, unless nothing followed the type word yet.
                if len(parts) > 1:
                    break
            continue
        # Under a bare type word ("KẾ HOẠCH") the next line is the title even when it opens like a
        # body sentence ("Thực hiện công tác CCHC năm 2018").
        under_bare = len(parts) == 1 and not is_letter and bare
        body = _STRONG_BODY_START if under_bare or not s[:1].isupper() or _is_caps(s) else _BODY_START
        if body.match(f) and f.startswith("nham ") and not s.lower().startswith("nhằm"):
            pass  # "Nhâm Dần" (a year's name) folds like "nhằm" (in order to), which opens a body
        elif _is_motto(f) or body.match(f) or f.startswith("ngay") and dates_with_pos(s):
            break
        if gaps and j in gaps and len(parts) >= 2 and len(s) > 60 and not _is_caps(s):
            break  # a full-width line after a paragraph break: the body's first sentence
        if s.endswith(":") and not under_bare:
            break
        if is_letter and (f.startswith("kinh gui") or _SYMBOL_AFTER_SO.match(s)):
            break
        if re.match(r"^\S+(?:\s\S+)?:\s", s):
            break  # "Thành phần gồm: …", "Kính gửi: …": a label, not a title
        if s.startswith("(") and re.match(r"^\((?:ban hanh|kem theo)", f):
            break  # "(Ban hành kèm theo Quyết định số …)" under an attached regulation's title
        if _caps_words(s) >= 2 and (cont_mixed or (not first_caps and not is_letter)) and _AUTHORITY.match(f):
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" after a decision's subject
        if summary_only and _caps_words(s) >= 2 and _AUTHORITY.match(f):
            break  # the issuing authority under a summary that has no type word above it
        if len(parts) >= 2 and _AUTHORITY.match(f) and _is_caps(s) and _before_body(lines, folded, j):
            break  # "ỦY BAN NHÂN DÂN TỈNH KON TUM" / "BỘ TRƯỞNG BỘ NỘI VỤ", then "Căn cứ …": the issuing authority
        if _caps_words(s) >= 2 and cont_mixed:
            break
        if len(s) > 420 or (s.endswith((".", ";", ":")) and len(s) > 90):
            break
        if len(parts) >= 2 and len(s) > 70 and s[:1].isupper() and not _is_caps(s):
            break  # a full-width sentence after a complete summary: the body (its opening word misread)
        if not _is_caps(s):
            cont_mixed = True
        parts.append(_title_piece(s, first=False) if not is_letter else s)
        if s.endswith((".", ";")):
            break
    title = " ".join(p.strip() for p in parts if p.strip())
    title = re.sub(r"\s+", " ", title).strip(" .;:")
    title = restore_quarter_numerals(title)
    return title or None

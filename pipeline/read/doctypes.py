"""Document types: the Nghị định 30/2020 type codes a symbol carries and the type words a title
line opens with ("KẾ HOẠCH" → KH), OCR-tolerant, and the spellings OCR and keyboards give the codes."""

from __future__ import annotations

import re

from pipeline.core.normalize import fold_keep, nfc

# Type codes of Nghị định 30/2020 (appendix III) plus DS and CV that communes use. Only the first
# code token of a symbol can be a type; anything else there (UBND, VP) is the issuer: a letter.
ND30_CODES = {
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
TYPE_WORD_RES = [
    (re.compile(r"^\s*" + r"\s*".join(re.escape(ch) if ch != " " else r"\s*" for ch in w) + r"(?![a-z])"), code)
    for w, code in _TYPE_WORDS
]


# Symbol token spellings that OCR or a keyboard without Vietnamese produces.
TOKEN_FIX = {
    "QD": "QĐ", "HDND": "HĐND", "TTR": "TTr", "CTR": "CTr", "QYD": "QyĐ", "QYĐ": "QyĐ",
    "BCD": "BCĐ", "TTG": "TTg", "HD": "HD", "GUQ": "GUQ",
    # No body signs "DU": it is the Đảng ủy's "ĐU" with the stroke lost (OCR, a keyboard without Đ).
    "DU": "ĐU",
}


# First syllables of the type words: "QUYẾT" alone on a line may be a type word broken in two.
TYPE_HEADS = frozenset(w.split()[0] for w, _code in _TYPE_WORDS)


def detect_doc_type(text: str) -> str | None:
    """Type code from a title line's type word (folded, OCR-tolerant): 'KẾ HOẠCH …' → 'KH'."""
    f = fold_keep(nfc(text)).strip()
    for rx, code in TYPE_WORD_RES:
        if rx.match(f):
            return code
    if re.match(r"^\s*(?:v\s*[/|\\l1]\s*v|ve\s+v)\b|^\s*ve viec\b", f):
        return "CV"
    return None


TYPE_NAMES = {
    "QĐ": "Quyết định", "KH": "Kế hoạch", "BC": "Báo cáo", "BB": "Biên bản", "TB": "Thông báo",
    "TTr": "Tờ trình", "DS": "Danh sách", "QC": "Quy chế", "CTr": "Chương trình", "HD": "Hướng dẫn",
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "QyĐ": "Quy định", "PA": "Phương án", "GM": "Giấy mời",
}

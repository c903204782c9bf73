"""Capitals written back as the writer's words: an all-caps title or issuer in sentence case, with
acronyms (UBND, CCHC), Roman numerals and place names kept."""

from __future__ import annotations

import re

_KEEP_UPPER = {
    "UBND", "HĐND", "CCHC", "TTHC", "VBQPPL", "QPPL", "CBCC", "CBCCVC", "CNTT", "PBGDPL", "PBGD", "PBPL", "ĐTBD",
    "PAKN", "DVC", "DVCTT", "KT-XH", "QLCL", "TCVN", "ISO", "MTTQ", "BCĐ", "TN&TKQ", "TN&TRKQ", "VN", "NSNN", "NSĐP",
    "I", "II", "III", "IV", "V", "VI", "HU", "ĐU", "CT", "TT", "NĐ-CP", "TW", "BCH",
}


_PLACE_LEAD = {"xã", "huyện", "tỉnh", "phường", "quận", "trấn", "phố", "xa", "huyen", "tinh", "phuong", "quan", "tran"}


# Words that never open or continue a place name: after "xã" they mean a level, not a name.
_NOT_A_NAME = {
    "trên", "địa", "bàn", "và", "các", "của", "thuộc", "có", "được", "trong", "năm", "với", "để", "về",
    "theo", "phường", "thị", "xã", "huyện", "tỉnh", "quận", "cấp", "đến", "giai", "đoạn", "tại", "đạt",
    "hội",  # "KINH TẾ - XÃ HỘI": society, not a commune named Hội
}


# A Roman numeral after the words that number with one ("KHÓA XVI", "ĐẠI HỘI XIII", "LẦN THỨ IX"); the
# same letters elsewhere may be a word ("XI MĂNG").
_ROMAN = re.compile(r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_NUMBERED_BY_ROMAN = {"khóa", "khoá", "thứ", "hội", "quý", "chương", "phần", "mục", "kỳ", "lần", "đợt", "cấp"}

# Names that keep their capitals whatever surrounds them (Nghị định 30/2020, appendix I, II.2).
_PROPER_NAMES = [("việt nam", "Việt Nam"), ("quốc hội", "Quốc hội"), ("chính phủ", "Chính phủ"),
                 ("mặt trận tổ quốc", "Mặt trận Tổ quốc")]


def sentence_case_caps(s: str, first_upper: bool) -> str:
    """An all-caps phrase in the writer's words, sentence case: acronyms, Roman numerals, place
    names and the state's proper names kept."""
    words = s.split(" ")
    out: list[str] = []
    place_left = 0
    for i, w in enumerate(words):
        core = w.strip(",.;:()\"'")
        roman = (i > 0 and bool(_ROMAN.fullmatch(core))
                 and words[i - 1].strip(",.;:()").lower() in _NUMBERED_BY_ROMAN)
        if core.upper() in _KEEP_UPPER or roman or any(ch.isdigit() for ch in core) or "/" in core:
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
    text = " ".join(out)
    for low, name in _PROPER_NAMES:
        text = re.sub(rf"(?<!\w){low}(?!\w)", name, text)
    return text


def is_caps(s: str) -> bool:
    """Whether a line is printed in capitals: at least 0.8 of its letters upper case."""
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def caps_words(s: str) -> int:
    """Words in capitals that are not acronyms ('CHỦ TỊCH' 2, 'ISO 9001:2008' 0)."""
    n = 0
    for w in s.split():
        core = w.strip(",.;:()\"'")
        letters = [c for c in core if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and core.upper() not in _KEEP_UPPER:
            n += 1
    return n

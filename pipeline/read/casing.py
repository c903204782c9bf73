"""Capitals written back as the writer's words: an all-caps title or issuer in sentence case, with
acronyms (UBND, CCHC), Roman numerals and place names kept."""

from __future__ import annotations

_KEEP_UPPER = {
    "UBND", "HĐND", "CCHC", "TTHC", "VBQPPL", "QPPL", "CBCC", "CBCCVC", "CNTT", "PBGDPL", "PBGD", "PBPL", "ĐTBD",
    "PAKN", "DVC", "DVCTT", "KT-XH", "QLCL", "TCVN", "ISO", "MTTQ", "BCĐ", "TN&TKQ", "TN&TRKQ", "VN", "NSNN", "NSĐP",
    "I", "II", "III", "IV", "V", "VI", "HU", "ĐU", "CT", "TT", "NĐ-CP", "TW", "BCH",
}


_PLACE_LEAD = {"xã", "huyện", "tỉnh", "phường", "quận", "trấn", "xa", "huyen", "tinh", "phuong", "quan", "tran"}


# Words that never open or continue a place name: after "xã" they mean a level, not a name.
_NOT_A_NAME = {
    "trên", "địa", "bàn", "và", "các", "của", "thuộc", "có", "được", "trong", "năm", "với", "để", "về",
    "theo", "phường", "thị", "xã", "huyện", "tỉnh", "quận", "cấp", "đến", "giai", "đoạn", "tại", "đạt",
    "hội",  # "KINH TẾ - XÃ HỘI": society, not a commune named Hội
}


def sentence_case_caps(s: str, first_upper: bool) -> str:
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

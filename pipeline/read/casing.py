"""Capitals written back as the writer's words: an all-caps title or issuer in sentence case, with
acronyms (UBND, CCHC), Roman numerals and place names kept."""

from __future__ import annotations

import re

from pipeline.core.normalize import fold

_KEEP_UPPER = {
    "UBND", "HĐND", "CCHC", "TTHC", "VBQPPL", "QPPL", "CBCC", "CBCCVC", "CNTT", "PBGDPL", "PBGD", "PBPL", "ĐTBD",
    "PAKN", "DVC", "DVCTT", "KT-XH", "QLCL", "TCVN", "ISO", "MTTQ", "BCĐ", "TN&TKQ", "TN&TRKQ", "VN", "NSNN", "NSĐP",
    "I", "II", "III", "IV", "V", "HU", "ĐU", "CT", "TT", "NĐ-CP", "TW", "BCH",
}
# "VI" is not kept whatever surrounds it: it is also a word ("VI PHẠM", "PHẠM VI"); after a word that
# numbers ("KHÓA VI") the Roman numeral rule keeps it.


_PLACE_LEAD = {"xã", "huyện", "tỉnh", "phường", "quận", "trấn", "phố"}
# ... as a page without its accents prints them; only there: "quan" is also a word ("QUAN HỆ CÔNG TÁC", "CƠ QUAN NHÀ
# NƯỚC" were recased "quan Hệ Công tác", "cơ quan Nhà Nước"), and so is "xa"
_PLACE_LEAD_UNACCENTED = {"xa", "huyen", "tinh", "phuong", "quan", "tran"}


# Words that never open or continue a place name: after "xã" they mean a level, not a name.
_NOT_A_NAME = {
    "trên", "địa", "bàn", "và", "các", "của", "thuộc", "có", "được", "trong", "năm", "với", "để", "về",
    "theo", "phường", "thị", "xã", "huyện", "tỉnh", "quận", "cấp", "đến", "giai", "đoạn", "tại", "đạt",
    "hội",  # "KINH TẾ - XÃ HỘI": society, not a commune named Hội
    "khóa", "khoá", "nhiệm", "thực", "ban", "lần", "đợt", "quý", "tháng",
}

# Place names longer than the two syllables a place word is allowed ("tỉnh Thừa Thiên Huế",
# "thành phố Hồ Chí Minh"): a closed set of provinces and cities, so listed rather than guessed.
_LONG_PLACES = ["thừa thiên huế", "bà rịa - vũng tàu", "bà rịa-vũng tàu", "hồ chí minh",
                "phan rang - tháp chàm", "phan rang-tháp chàm"]

# "Phòng" and "Sở" open an office's name only before an office's field ("Phòng Nội vụ", "Sở Tài
# chính", "Bộ Nội vụ"); elsewhere they are words ("phòng, chống", "phòng cháy", "cơ sở dữ liệu",
# "cán bộ công chức", "toàn bộ tài sản").
_OFFICE_HEAD = {"phòng", "sở", "bộ"}
_OFFICE_FIELD = {
    "nội", "tài", "tư", "giáo", "văn", "lao", "y", "kinh", "quản", "nông", "thanh", "công", "dân", "tổ",
    "kế", "xây", "giao", "khoa", "thông", "ngoại", "du", "quốc", "tiếp",
}
_NOT_AN_OFFICE_AFTER = {"cán", "toàn", "đồng", "cơ", "sơ", "chi", "đảng", "một", "từng", "căn", "trụ", "văn",
                        "giải", "tổng", "bộ", "cục", "nhất"}

# A Roman numeral after the words that number with one ("KHÓA XVI", "ĐẠI HỘI XIII", "LẦN THỨ IX"); the
# same letters elsewhere may be a word ("XI MĂNG").
_ROMAN = re.compile(r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_NUMBERED_BY_ROMAN = {"khóa", "khoá", "thứ", "hội", "quý", "chương", "phần", "mục", "kỳ", "lần", "đợt", "cấp", "đoạn"}

# Names that keep their capitals whatever surrounds them (Nghị định 30/2020, appendix I, II.2): the
# state's and the Party's bodies and offices. Longest first, so the longer name wins.
_PROPER_NAMES = [
    ("ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội"),
    ("uỷ ban thường vụ quốc hội", "Uỷ ban Thường vụ Quốc hội"),
    ("ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    ("ban bí thư trung ương đảng", "Ban Bí thư Trung ương Đảng"),
    ("ban bí thư trung ương", "Ban Bí thư Trung ương"), ("ban bí thư", "Ban Bí thư"),
    ("thủ tướng chính phủ", "Thủ tướng Chính phủ"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"), ("uỷ ban nhân dân", "Uỷ ban nhân dân"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("chủ tịch nước", "Chủ tịch nước"), ("bộ chính trị", "Bộ Chính trị"),
    ("việt nam", "Việt Nam"), ("quốc hội", "Quốc hội"), ("chính phủ", "Chính phủ"),
]
# "Đảng" is the Party ("của Đảng", "Đảng ủy", "Đảng bộ xã"); "đảng viên" is a member, lower case.
_PARTY = re.compile(r"(?<!\w)đảng(?!\w)(?! viên)")


def _name_word(w: str) -> str:
    """A word of a name: first letter up, and after a hyphen too ("Rịa-Vũng")."""
    return "-".join(p[:1].upper() + p[1:] for p in w.lower().split("-"))


def sentence_case_caps(s: str, first_upper: bool) -> str:
    """An all-caps phrase in the writer's words, sentence case: acronyms, Roman numerals, place
    names, offices and the state's proper names kept."""
    words = s.split(" ")
    out: list[str] = []
    place_left = 0
    unaccented = fold(s) == s.lower()
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
            out.append(_name_word(w))
            place_left -= 1
        elif i == 0 and first_upper:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        bare = low.strip(",.")
        if low.endswith((",", ";", ":")) or place_left > 0:
            continue
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if bare in _PLACE_LEAD or (unaccented and bare in _PLACE_LEAD_UNACCENTED):
            rest = " ".join(words[i + 1:i + 6]).lower()
            long_name = next((n for n in _LONG_PLACES if rest.startswith(n)), None)
            place_left = len(long_name.split(" ")) if long_name else 2
        elif (bare in _OFFICE_HEAD and nxt in _OFFICE_FIELD
              and (i == 0 or words[i - 1].lower() not in _NOT_AN_OFFICE_AFTER)):
            out[-1] = low[:1].upper() + low[1:]  # "Phòng Nội vụ", "Sở Tài chính"
            place_left = 1
    text = " ".join(out)
    for low, name in _PROPER_NAMES:
        text = re.sub(rf"(?<!\w){low}(?!\w)", name, text, flags=re.IGNORECASE)
    return _PARTY.sub("Đảng", text)


# A heading printed in capitals may hold a few lower-case letters (an acronym's "TTg", OCR's misread capital).
CAPS_SHARE = 0.8


def is_caps(s: str, share: float = CAPS_SHARE) -> bool:
    """Whether a line is printed in capitals: at least `share` of its letters upper case (none: it is not)."""
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= share * len(letters)


def caps_words(s: str) -> int:
    """Words in capitals that are not acronyms or symbols ('CHỦ TỊCH' 2, 'ISO 9001:2008' 0, '71/2007/QĐ-BNN' 0)."""
    n = 0
    for w in s.split():
        core = w.strip(",.;:()\"'")
        if any(c.isdigit() for c in core):
            continue  # a document's number ("98/2007/QĐ-BNN") in a summary's list of cited documents
        letters = [c for c in core if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and core.upper() not in _KEEP_UPPER:
            n += 1
    return n

"""Vietnamese typed in pre-Unicode fonts: TCVN3 (ABC, `.VnTime`/`.VnTimeH`) and VNI (`VNI-Times`).

Such documents store one byte per glyph of a legacy font; read as Unicode they come out as
"Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi" (VNI). They are recognized
by font name (DOCX run fonts, PDF font names) or, lacking that, by character statistics, and
converted back to Unicode with the complete tables below.

TCVN3 maps single bytes 0xA1-0xFE to letters. A `.VnTimeH`-style font ("H" = hoa, upper case)
draws every byte as the capital form, so its text converts with the same table and is then
upper-cased. VNI writes a base letter followed by a mark byte ("aù" = á, "aä" = ậ) and some
letters as one byte ("ñ" = đ, "ô" = ơ, "ö" = ư).

Convert before `normalize_text`: TCVN3 "ư" is byte 0xAD (a soft hyphen in Latin-1), which
normalization would strip as an invisible character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TCVN3 = "TCVN3"
VNI = "VNI"

# byte (as the Latin-1 character Word/PDF readers show) -> Unicode, for the lower-case fonts
_TCVN3_PAIRS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
TCVN3_TO_UNICODE = {chr(b): u for b, u in _TCVN3_PAIRS.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
# Unicode -> TCVN3 (lower-case font); upper-case letters with tone marks only exist in the H fonts
UNICODE_TO_TCVN3 = {u: c for c, u in TCVN3_TO_UNICODE.items()}

_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HATTED_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):
        def case(s: str, up: bool = upper) -> str:
            return s.upper() if up else s

        for base in "aeouy":  # i takes its tones as single bytes (below)
            for mark, tone in _VNI_TONES.items():
                table[case(base) + case(mark)] = unicodedata.normalize("NFC", case(base) + tone)
        for base in "aeo":  # â ê ô: base + "â", with a tone: base + one of á à å ã ä
            table[case(base) + case("â")] = unicodedata.normalize("NFC", case(base) + "\u0302")
            for mark, tone in _VNI_HATTED_TONES.items():
                table[case(base) + case(mark)] = unicodedata.normalize("NFC", case(base) + "\u0302" + tone)
        table[case("a") + case("ê")] = case("ă")  # ă: "aê", with a tone: "a" + é è ú ü ë
        for mark, tone in _VNI_BREVE_TONES.items():
            table[case("a") + case(mark)] = unicodedata.normalize("NFC", case("a") + "\u0306" + tone)
        for base, letter in (("ô", "ơ"), ("ö", "ư")):  # ơ ư are one byte; their tones follow
            table[case(base)] = case(letter)
            for mark, tone in _VNI_TONES.items():
                table[case(base) + case(mark)] = unicodedata.normalize("NFC", case(letter) + tone)
        table[case("ñ")] = case("đ")
        # i with a tone is one byte: í ì æ ó ò; ỵ is î
        for char, uni in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
            table[case(char)] = case(uni)
    return table


_VNI_FULL = _build_vni()
UNICODE_TO_VNI: dict[str, str] = {}
for _k, _v in sorted(_VNI_FULL.items(), key=lambda kv: len(kv[0])):
    UNICODE_TO_VNI.setdefault(_v, _k)  # shortest spelling: ỵ is "î", not "yï"
VNI_TO_UNICODE = {k: v for k, v in _VNI_FULL.items() if k != v}  # í and ì read as themselves
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# Characters a Unicode Vietnamese (or French/English) text hardly ever holds but TCVN3 is full of.
# (French/German letters such as ç ë ï ü are left out: they would make "naïve façade" TCVN3.)
_TCVN3_TELLTALE = set("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßåæ÷øþ")
_VNI_PAIR_RE = re.compile("[aeouyAEOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[ñÑ]")
_UNICODE_VIET = re.compile("[\u1ea0-\u1ef9ơưăđƠƯĂĐ]")

_TCVN3_FONT = re.compile(r"^(?:[A-Z]{6}\+)?\.?Vn[A-Z0-9]", re.IGNORECASE)
_TCVN3_UPPER_FONT = re.compile(r"^(?:[A-Z]{6}\+)?\.?Vn[A-Za-z0-9 ]*?H(?:$|[-, ]|Bold|Italic)")
_VNI_FONT = re.compile(r"^(?:[A-Z]{6}\+)?VNI[-_ ]", re.IGNORECASE)


def font_encoding(font_name: str | None) -> str | None:
    """TCVN3 for `.VnTime`, `.VnTimeH`, `.VnArial`…; VNI for `VNI-Times`…; None otherwise."""
    if not font_name:
        return None
    name = font_name.strip()
    if _VNI_FONT.match(name):
        return VNI
    if _TCVN3_FONT.match(name):
        return TCVN3
    return None


def is_upper_font(font_name: str | None) -> bool:
    """`.VnTimeH`, `.VnArialH`, `.VnTimeH-Bold`: the capital-only TCVN3 fonts."""
    return bool(font_name and _TCVN3_UPPER_FONT.match(font_name.strip()))


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    out = text.translate(_TCVN3_TABLE)
    return out.upper() if upper else out


def vni_to_unicode(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def unicode_to_tcvn3(text: str) -> str:
    """Inverse of `tcvn3_to_unicode` for text the lower-case fonts can hold (tests build inputs
    with it). Upper-case text for a `.VnTimeH` font: encode `text.lower()`."""
    return "".join(UNICODE_TO_TCVN3.get(c, c) for c in unicodedata.normalize("NFC", text))


def unicode_to_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def convert(text: str, encoding: str, upper: bool = False) -> str:
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, upper=upper)
    if encoding == VNI:
        return vni_to_unicode(text)
    return text


def detect(text: str) -> str | None:
    """TCVN3, VNI or None from character statistics alone (for text without font names).

    Text already holding Unicode Vietnamese letters is never called legacy; otherwise the share
    of TCVN3 telltale characters, or of VNI letter+mark pairs, among letters decides."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 20:
        return None
    if len(_UNICODE_VIET.findall(text)) > 0.005 * letters:
        return None
    tcvn = sum(1 for c in text if c in _TCVN3_TELLTALE)
    pairs = _VNI_PAIR_RE.findall(text)
    vni = len(pairs)
    # French and Spanish hold a few such pairs ("où", "naïve", "ñ"); VNI text holds many kinds
    if vni >= 0.03 * letters and vni >= tcvn and len(set(pairs)) >= 5:
        return VNI
    if tcvn >= 0.03 * letters:
        return TCVN3
    return None


def dominant(encodings: Iterable[str | None]) -> str | None:
    """The legacy encoding most segments used (None when none did)."""
    counts: dict[str, int] = {}
    for e in encodings:
        if e:
            counts[e] = counts.get(e, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None

"""Vietnamese text normalization, used by every stage.

NFC on entry; accent folding (đ→d) so that "Thạnh Trị", "Thanh Tri" and "THANH TRỊ" meet;
the standard administrative abbreviations expanded (CCHC → cải cách hành chính) so that a title
written either way matches the catalog; spacing and hyphen clean-up. Every function is idempotent:
normalizing twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.core.vocabulary import vocabulary

# The abbreviations of Vietnamese administrative writing (config/vocabulary.yaml). Longest first at use.
ABBREVIATIONS: dict[str, str] = vocabulary().abbreviations

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Old-style tone placement (hoà, thuỷ) vs new (hòa, thủy): both occur; fold to the new style.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Only at the end of a syllable: "hoà" → "hòa", but "hoạch" keeps its tone where it is.
_OLD_TONE_RE = re.compile("(?<!q)(?:" + "|".join(_OLD_TONES) + r")(?!\w)", re.IGNORECASE)


def _vietnamese_letters() -> str:
    """Every lower-case letter Vietnamese writes: a-z, đ and each vowel with each tone."""
    vowels = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301", "\u0309",
                                                                                   "\u0303", "\u0323")]
    return "".join(sorted(set("abcdefghijklmnopqrstuvwxyzđ" + "".join(vowels))))


# Regular-expression classes of the lower-case and capital letters Vietnamese writes. Not the range "à-ỹ": the
# Latin Extended blocks interleave the cases ("Ư", "Ờ" fall inside it), so "TRƯỜNG" would hold lower-case letters.
VI_LOWER = _vietnamese_letters()
VI_UPPER = VI_LOWER.upper()


def nfc(text: str) -> str:
    """NFC, invisible characters removed, dashes and quotes unified. Idempotent."""
    if not text:
        return ""
    # Invisible characters go first: a zero-width space between a letter and its combining mark
    # ('A\u200b\u0300') would otherwise keep them apart through NFC and leave a non-NFC result.
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return text.translate(_DASHES).translate(_QUOTES)


def clean_spacing(text: str) -> str:
    """Collapse runs of spaces inside lines, strip line ends, drop blank-line runs beyond one."""
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def normalize_text(text: str) -> str:
    """The entry normalization of any extracted text: NFC + clean spacing."""
    return clean_spacing(nfc(text))


def modern_tones(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        new = _OLD_TONES[m.group(0).lower()]
        return new.upper() if m.group(0).isupper() else new

    return _OLD_TONE_RE.sub(repl, text)


class _NonspacingMarks(dict):
    """str.translate table deleting every nonspacing mark (category Mn): each code point's category
    is looked up once, then the translation runs at C speed (whole documents go through here)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = value
        return value


_DROP_MARKS = _NonspacingMarks()


def strip_accents(text: str) -> str:
    """The one accent folding: 'Đ' → 'D', 'đ' → 'd', every nonspacing mark dropped, case kept
    ('Thạnh Trị' → 'Thanh Tri'). No other normalization (dashes, quotes stay as they are)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_DROP_MARKS))


def fold(text: str) -> str:
    """Accent-folded lower case: 'Thạnh Trị' → 'thanh tri', 'Đ' → 'd' (`nfc`, then `strip_accents`)."""
    return strip_accents(nfc(text)).lower()


def accented_share(text: str) -> float:
    """The share of letters carrying a Vietnamese accent or 'đ' (0.0 when there are no letters).
    Vietnamese prose runs at 0.3-0.5; English, or Latin text in other languages, near 0; text in other
    scripts (no Latin letters that fold) at 0 as well, since a folded CJK character is itself."""
    text = nfc(text)
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    plain = strip_accents("".join(letters))
    return sum(1 for a, b in zip(letters, plain, strict=True) if a != b) / len(letters)


def _abbrev_pattern() -> re.Pattern[str]:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    alts = "|".join(re.escape(k) for k in keys)
    # Case-insensitive but whole-token: "CCHC" and "cchc", not "cchcx"; '&' and '-' are part of tokens.
    return re.compile(rf"(?<![\w&-])(?:{alts})(?![\w&])", re.IGNORECASE)


_ABBREV_RE = _abbrev_pattern()
_ABBREV_LOOKUP = {k.lower(): v for k, v in ABBREVIATIONS.items()}
_ABBREV_LOOKUP.update({fold(k): v for k, v in ABBREVIATIONS.items()})  # "DTBD" as OCR reads "ĐTBD"
_ABBREV_RE_FOLDED = re.compile(
    r"(?<![\w&-])(?:" + "|".join(re.escape(fold(k)) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])",
    re.IGNORECASE,
)


def expand_abbreviations(text: str) -> str:
    """'Kế hoạch CCHC năm 2018' → 'Kế hoạch cải cách hành chính năm 2018'. Idempotent."""
    text = _ABBREV_RE.sub(lambda m: _ABBREV_LOOKUP[m.group(0).lower()], text)
    return _ABBREV_RE_FOLDED.sub(lambda m: _ABBREV_LOOKUP.get(m.group(0).lower(), m.group(0)), text)


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def for_matching(text: str) -> str:
    """Accented form for fuzzy matching: NFC, modern tones, abbreviations expanded, lower case,
    punctuation to spaces, single spaces."""
    text = expand_abbreviations(modern_tones(nfc(text)))
    text = _PUNCT.sub(" ", text.lower())
    # An abbreviation glued to punctuation ('KH-UBND', 'a&CCHC') is a whole token only now that the
    # punctuation is a space: expand again, or a second pass would (and 'TN&TKQ', expanded whole in
    # the first pass, is already gone). The expansions bring their own punctuation ('kinh tế - xã hội').
    text = _PUNCT.sub(" ", expand_abbreviations(text))
    return " ".join(text.split())


def folded_for_matching(text: str) -> str:
    """Accent-folded form for matching text whose accents OCR lost or a clerk never typed."""
    return fold(for_matching(text))


def match_forms(text: str) -> tuple[str, str]:
    """Both forms at once: (accented, folded)."""
    accented = for_matching(text)
    return accented, fold(accented)


# ---- folding that keeps positions ------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f if len(f) == 1 else c.lower()


def fold_keep(text: str) -> str:
    """Accent-folded lower case, character for character: indexes of the fold are indexes of the text."""
    return "".join(_fold_char(c) for c in text)

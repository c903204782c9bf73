"""Document types: the Nghị định 30/2020 type codes a symbol carries and the type words a title
line opens with ("KẾ HOẠCH" → KH), OCR-tolerant, and the spellings OCR and keyboards give the codes."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from pipeline.core.normalize import fold, fold_keep, nfc
from pipeline.core.vocabulary import vocabulary
from pipeline.read.casing import is_caps

# Type codes of Nghị định 30/2020 (appendix III) plus DS and CV that communes use (config/vocabulary.yaml).
# Only the first code token of a symbol can be a type; anything else there (UBND, VP) is the issuer: a letter.
ND30_CODES: frozenset[str] = vocabulary().codes

# Type words of the title line, folded, longest first so a shorter word never takes a longer one's line.
_TYPE_WORDS: list[tuple[str, str]] = sorted(
    ((" ".join(fold(w).split()), t.code) for t in vocabulary().document_types for w in t.title_words),
    key=lambda wc: -len(wc[0]))


# Each type word as the vocabulary writes it, by its folded form ("thong tu lien bo" → "thông tư liên bộ").
_SPELLED = {" ".join(fold(w).split()): nfc(w) for t in vocabulary().document_types for w in t.title_words}


def type_word_spelled(text: str) -> str | None:
    """The type word a line holds alone, written as the vocabulary writes it (first letter capital): OCR's
    "BẢO CÁO" is "Báo cáo", and "THÔNG TƯ LIÊN BỘ" stays a "liên bộ" though its code is TTLT's."""
    w = _SPELLED.get(" ".join(fold(text).strip(" .:*_-").split()))
    return w[:1].upper() + w[1:] if w else None


def leading_type_word(folded: str) -> str | None:
    """The longest type word (folded) a folded line opens with: "thong tu lien bo" of "thong tu lien bo lao dong …"."""
    return next((w for w, _code in _TYPE_WORDS if folded == w or folded.startswith(w + " ")), None)


# OCR-tolerant folded forms of the type words, allowing one dropped/odd letter inside.
TYPE_WORD_RES = [
    (re.compile(r"^\s*" + r"\s*".join(re.escape(ch) if ch != " " else r"\s*" for ch in w) + r"(?![a-z])"), code)
    for w, code in _TYPE_WORDS
]


# A type word printed in capitals that OCR misread by one letter ("QLUYÉT ĐỊNH" on a faint
# photocopy, "QUYÊT ĐINH" is folded away already): taken when the word is this long, so that no two
# type words are one letter apart ("quy dinh" and "quyet dinh" are two).
FUZZY_TYPE_MIN = 8
_FUZZY_TYPE_WORDS = [(w.replace(" ", ""), len(w.split()), code) for w, code in _TYPE_WORDS
                     if len(w.replace(" ", "")) >= FUZZY_TYPE_MIN]


def _one_off(s: str, word: str) -> bool:
    return Levenshtein.distance(s, word, score_cutoff=1) <= 1


def _one_letter_off(f: str) -> str | None:
    """The type of a folded line that opens with a long type word one letter off."""
    tokens = f.split()
    for word, n, code in _FUZZY_TYPE_WORDS:
        for k in (n - 1, n, n + 1):  # OCR may split or glue a syllable
            if 0 < k <= len(tokens) and _one_off("".join(tokens[:k]), word):
                return code
    return None


# A line in capitals that is nothing but a type word one letter off ("CHỈ JHỊ"): the shorter type words too, no
# two of which are one letter apart either; a line's opening (`_one_letter_off`) needs the longer ones.
BARE_FUZZY_TYPE_MIN = 6
_BARE_FUZZY_TYPE_WORDS = [(w.replace(" ", ""), code) for w, code in _TYPE_WORDS
                          if len(w.replace(" ", "")) >= BARE_FUZZY_TYPE_MIN]


def _bare_one_letter_off(text: str, f: str) -> str | None:
    """The type of a line in capitals (`f` folded) that is nothing but a type word one letter off ("CHỈ JHỊ")."""
    if not is_caps(text):
        return None
    compact = "".join(f.strip(" .:").split())
    return next((code for w, code in _BARE_FUZZY_TYPE_WORDS if _one_off(compact, w)), None)


def bare_type_word(text: str, one_letter_off: bool = True) -> bool:
    """Whether a line is a type word and nothing else ("KẾ HOẠCH"; with `one_letter_off`, "QLUYÉT ĐỊNH", "CHỈ JHỊ" in
    capitals too)."""
    f = fold_keep(nfc(text)).strip()
    if any(re.fullmatch(rx.pattern + r"[\s.:]*", f) for rx, _code in TYPE_WORD_RES):
        return True
    return one_letter_off and _bare_one_letter_off(text, f) is not None


# Symbol token spellings that OCR or a keyboard without Vietnamese produces (config/vocabulary.yaml).
TOKEN_FIX: dict[str, str] = vocabulary().symbol_token_spellings


# First syllables of the type words: "QUYẾT" alone on a line may be a type word broken in two.
TYPE_HEADS = frozenset(w.split()[0] for w, _code in _TYPE_WORDS)


# A letter's "V/v" (về việc) as typed and as OCR reads it: "V|v", "Vlv", "V1v", "VIv", "Viv", "VW" with or
# without its slash; in a narrow column "VXv", "V#v", "V⁄v" (a fraction slash); in a sans-serif face "V/w",
# "V#W", "V!v", "VWw"; on a 150 dpi JPEG copy "Wv" (no Vietnamese word). The one spelling list for every
# reader of a letter's subject (case-insensitive).
LETTER_LEAD = r"V\s*[/|\\l1iIX#⁄!]\s*[vw]|VW[vw]?\s*/?|Wv"
# ... and with its v lost before the subject's first word: "V# triển khai …", "V⁄ một số lưu ý …".
LETTER_LEAD_NO_V = r"V\s*[/#⁄%](?=\s+[^\W\d_])"  # "V% hỗ trợ …" (tune h377 at 150 dpi)

# A letter's subject line (folded): "V/v …" in any of those spellings, "Vv …", "Về việc …", a quote before
# it ("\"Vv chế độ …\"").
LETTER_SUBJECT = re.compile(rf"^\s*[\"“‘']?\s*(?:(?:{LETTER_LEAD}|vv|ve\s+v|ve viec)\b|{LETTER_LEAD_NO_V})", re.IGNORECASE)


def detect_doc_type(text: str) -> str | None:
    """Type code from a title line's type word (folded, OCR-tolerant): 'KẾ HOẠCH …' → 'KH'."""
    f = fold_keep(nfc(text)).strip()
    for rx, code in TYPE_WORD_RES:
        if rx.match(f):
            return code
    if LETTER_SUBJECT.match(f):
        return "CV"
    return (_one_letter_off(f) or _bare_one_letter_off(text, f)) if is_caps(text) else None


# How a title names each type, sentence case ("BẢO CÁO" read by OCR is written back "Báo cáo").
TYPE_NAMES: dict[str, str] = vocabulary().names

"""The issuing body (left column, above the number) and the place of the place-date line."""

from __future__ import annotations

import re

from pipeline.core.normalize import fold_keep, modern_tones
from pipeline.read.casing import sentence_case_caps
from pipeline.read.digits import digits_in_folded
from pipeline.read.header import ORG_START, PLACE_WORD, is_caps

_PLACE_DATE = re.compile(
    r"(?:^|\s)([^\s,\d].{0,40}?)\s*,?\s*(?:n\s?g\s?[aà]\s?[yvu]?\s*[.:]?\s*)?"
    r"(?:[\d.…_ ]*\s*t\s?h\s?[auo]\s?n\s?g|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-])"
)


_ORG_NAMES = [("uy ban nhan dan", "ỦY BAN NHÂN DÂN"), ("hoi dong nhan dan", "HỘI ĐỒNG NHÂN DÂN"), ("dang uy", "ĐẢNG ỦY")]


def _issuer_case(s: str) -> str:
    s = modern_tones(s)
    f = fold_keep(s)
    for folded, name in _ORG_NAMES:
        # OCR's "ỦY BẠN NHÂN DẪN": the body's name is known, only its accents were misread.
        if f.startswith(folded) and s[: len(folded)].upper() != name and is_caps(s[: len(folded)]):
            s = name + s[len(folded):]
    if not is_caps(s):
        return s
    return sentence_case_caps(s, first_upper=True)


_INNER_ORG = re.compile(
    r"(?<!\bva )(?<!& )(?<!\bvan )(?<!phong )(?<=\s)(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|dang uy|phong|van phong|"
    r"ban chi dao|cong an|mat tran)\b"
)


def issuer_from(lines: list[str]) -> str | None:
    cand = [s for s in lines if s]
    if not cand:
        return None
    folded = [fold_keep(s).strip(" .") for s in cand]
    start = 0
    for i, f in enumerate(folded):
        if ORG_START.match(f) and not (i > 0 and PLACE_WORD.match(f)):
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


def place_of(s: str, f: str) -> str | None:
    """The place of a place-date line ('Vĩnh Thành, ngày …'); `f` is the line folded."""
    pm = _PLACE_DATE.search(digits_in_folded(f))
    if not pm:
        return None
    place = s[pm.start(1): pm.end(1)].strip(" ,.-")
    place = re.sub(r"^(?:s\S{0,2}\s*:?\s*\S+/\S+\s*)", "", place, flags=re.IGNORECASE).strip(" ,")
    if place and not re.search(r"\d", place) and len(place.split()) <= 6 and place[:1].isupper():
        return _issuer_case(place) if is_caps(place) else place
    return None

"""One cell of the score table: a score ('4,5', OCR 'O' → 0), a criterion code ('1.1.', 'II')."""

from __future__ import annotations

import re

from pipeline.core.normalize import nfc
from pipeline.read.digits import digit_table

_SCORE = re.compile(r"(?<![\d.,])(\d{1,3})(?:\s?[.,]\s?(\d{1,2}))?(?![\d])")


def parse_score(cell: str | None) -> float | None:
    """A score cell as a number: '4', '4,5', '4.5', '0,25đ', OCR 'O' → 0, 'l' → 1; '-', '' → None."""
    if not cell:
        return None
    s = nfc(cell).strip()

    def fix(m: re.Match[str]) -> str:
        return m.group(0).translate(digit_table("OolI|"))

    # Letters that OCR reads for digits, only where they stand as (part of) a number token.
    s = re.sub(r"(?<![A-Za-zÀ-ỹ])[0-9OolI|]+(?:[.,][0-9OolI|]+)?(?![A-Za-zÀ-ỹ])", fix, s)
    m = _SCORE.search(s)
    if not m:
        return None
    value = float(m.group(1) + ("." + m.group(2) if m.group(2) else ""))
    return value if value <= 100 else None


ROMAN_CELL = re.compile(r"^\s*([IVX]{1,4})\s*[.):]?\s*$")


_NUM_CODE = re.compile(r"^\s*([0-9Il|O]{1,2}(?:\s?[.,]\s?[0-9Il|O]{1,2}){0,3})\s*[.,:)]?(?=\s|$)")


ENUM = re.compile(r"^\s*(?:[a-zđ]\s*[).]|[-+*•–]|\(\s*[a-z0-9]{1,2}\s*\))\s*", re.IGNORECASE)


def code_parts(text: str) -> list[str] | None:
    m = _NUM_CODE.match(text)
    if not m:
        return None
    raw = m.group(1).translate(digit_table("Il|O"))
    parts = [p for p in re.split(r"\s?[.,]\s?", raw) if p]
    if not all(p.isdigit() for p in parts):
        return None
    return [str(int(p)) for p in parts]


def split_leading_code(name: str) -> tuple[str, str]:
    """'1.1. Kế hoạch CCHC' → ('1.1', 'Kế hoạch CCHC'); 'II. CẢI CÁCH' → ('II', 'CẢI CÁCH')."""
    m = re.match(r"^\s*((?:[0-9Il|]{1,2}(?:\s?[.,]\s?[0-9]{1,2}){0,3})|[IVX]{1,4})\s*[.,:)]?\s+(?=\S)", name)
    if m and (re.search(r"\d", m.group(1)) or re.fullmatch(r"[IVX]{1,4}", m.group(1))):
        return m.group(1), name[m.end():]
    return "", name

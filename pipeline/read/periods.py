"""Reporting periods: which of the catalog's periods (Q1, H1, Q3, Y) a title names.

The one home of period detection: the header reader (`DocMeta.period`), matching (a periodic
item needs its period; period words are left out of the title score) and dedupe (two reports of
different periods are never copies) all ask here.

The catalog's reporting periods are the four deadlines a commune reports at: quý I (March),
6 tháng (June), 9 tháng / quý III (September), năm (December). A report titled "quý II" is written
in June, when the 6-month report is due, and is taken as it; "quý IV" is written with the year's.
"6 tháng cuối năm" names none of the four (it is the second half's plan or review): no period.
OCR misreads of the Roman numerals are read through ("quý l", "quý TII", "quý IHI").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.normalize import fold, nfc
from pipeline.read.digits import digits_in_folded

# Roman quarter numerals as OCR reads them: I as l, 1, |, ! or T ("quý TII" for "quý III"),
# and the middle I of III as H ("quý IHI").
_RI = r"[il1|!th]"
_QUARTER = re.compile(
    rf"\bquy\s*(iv|[il1|]\s?v|{_RI}\s?{_RI}\s?{_RI}|{_RI}\s?{_RI}|[il1|]|[1-4]|mot|hai|ba|bon)(?![a-z0-9])"
)
# Clerks pad the count as they pad days: "06 tháng đầu năm", "09 tháng".
_MONTHS = re.compile(r"\b(0?6|sau|0?9|chin|12|muoi hai)\s*thang(?:\s*(dau|cuoi)\s*nam)?")
_YEAR = re.compile(r"\bnam\s*(?:19|20)\d\d\b|\bca\s*nam\b|\bhang\s*nam\b|\bnam\s*$")
_QUARTER_PERIOD = {1: "Q1", 2: "H1", 3: "Q3", 4: "Y"}
_WORD_NUMBER = {"mot": 1, "hai": 2, "ba": 3, "bon": 4}
# "quý I" written back in capitals where OCR or a clerk put l, 1 or T (the title shown to reviewers).
_QUARTER_IN_TITLE = re.compile(r"(?i)\b(qu[ýy])\s+([IiLl1|!T]{1,3}|[IiLl1|]V)(?![\w])")


def _quarter_number(tok: str) -> int:
    tok = tok.replace(" ", "")
    if tok in _WORD_NUMBER:
        return _WORD_NUMBER[tok]
    if tok in ("iv", "4") or tok.endswith("v"):
        return 4
    if tok.isdigit():
        return int(tok)
    return len(tok)  # i / ii / iii with l, 1, T or H misread for i


def period_spans(folded: str) -> list[tuple[int, int, str | None]]:
    """(start, end, period) of every period expression in an accent-folded lower-case text, in
    order; `period` is None for a span that names none of the four ("6 tháng cuối năm")."""
    f = digits_in_folded(folded)  # same length: offsets hold
    spans: list[tuple[int, int, str | None]] = []
    for m in _QUARTER.finditer(f):
        spans.append((m.start(), m.end(), _QUARTER_PERIOD.get(_quarter_number(m.group(1)))))
    for m in _MONTHS.finditer(f):
        count, half = m.group(1).lstrip("0"), m.group(2)
        if count in ("6", "sau"):
            period = None if half == "cuoi" else "H1"
        elif count in ("9", "chin"):
            period = "Q3"
        else:
            period = "Y"
        spans.append((m.start(), m.end(), period))
    return sorted(spans)


def parse_period(title: str | None) -> str | None:
    """The reporting period a title names: the first period expression's ("6 tháng đầu năm, phương
    hướng 6 tháng cuối năm" is H1), else Y when it is about a year ("năm 2018", "cả năm")."""
    if not title:
        return None
    f = fold(nfc(title))
    spans = period_spans(f)
    if spans:
        return spans[0][2]
    return "Y" if _YEAR.search(digits_in_folded(f)) else None


def period_syllables(syllables: Sequence[str]) -> frozenset[str]:
    """The syllables of a folded title that only say its period (matching leaves them to the
    period rule)."""
    out: set[str] = set()
    spans = period_spans(" ".join(syllables))
    pos = 0
    for syl in syllables:
        end = pos + len(syl)
        if any(a < end and pos < b for a, b, _p in spans):
            out.add(syl)
        pos = end + 1
    return frozenset(out)


def _fix_quarter(m: re.Match[str]) -> str:
    """'quý TII' / 'quý l' (OCR) → 'quý III' / 'quý I'."""
    tok = m.group(2)
    if tok.isdigit():
        return m.group(0)  # "quý 1" is how the writer put it
    roman = "IV" if tok.upper().endswith("V") else "I" * len(tok)
    return f"{m.group(1)} {roman}"


def restore_quarter_numerals(title: str) -> str:
    """A title's quarter written back in Roman capitals ("quý l" → "quý I")."""
    return _QUARTER_IN_TITLE.sub(_fix_quarter, title)

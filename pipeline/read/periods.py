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

import datetime as dt
import re
from collections.abc import Sequence

from pipeline.core.i18n import _
from pipeline.core.normalize import fold, nfc
from pipeline.read.digits import digits_in_folded

# Roman quarter numerals as OCR reads them: I as l, 1, |, ! or T ("quý TII" for "quý III"),
# and the middle I of III as H ("quý IHI").
_RI = r"[il1|!th]"
_QUARTER = re.compile(
    rf"\bquy\s*(iv|[il1|]\s?v|{_RI}\s?{_RI}\s?{_RI}|{_RI}\s?{_RI}|[il1|]|[1-4]|mot|hai|ba|bon)(?![a-z0-9])"
    # a text layer that lost the space before "năm" ("quý 1năm 2023")
    r"|\bquy\s*([1-4])(?=nam\b)"
)
# Clerks pad the count as they pad days: "06 tháng đầu năm", "09 tháng". "3 tháng đầu năm" is quarter I (the first
# three months only: "3 tháng cuối năm" is the year's end).
_MONTHS = re.compile(r"\b(0?3|ba|0?6|sau|0?9|chin|12|muoi hai)\s*thang(?:\s*(dau|cuoi)\s*nam)?")
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
        spans.append((m.start(), m.end(), _QUARTER_PERIOD.get(_quarter_number(m.group(1) or m.group(2)))))
    for m in _MONTHS.finditer(f):
        count, half = m.group(1).lstrip("0"), m.group(2)
        if count in ("3", "ba"):
            if half != "dau":
                continue  # "3 tháng" alone is a duration ("trong 3 tháng"), not a period
            period = "Q1"
        elif count in ("6", "sau"):
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


# When each period's report is written: from the period's last month to a few weeks after it.
_WRITTEN = {"Q1": ((3, 1), (4, 20)), "H1": ((6, 1), (7, 20)), "Q3": ((9, 1), (10, 20)), "Y": ((11, 15), (12, 31))}


def _written_in(period: str | None, date: dt.date) -> bool:
    if period not in _WRITTEN:
        return False
    (m0, d0), (m1, d1) = _WRITTEN[period]
    return (m0, d0) <= (date.month, date.day) <= (m1, d1)


def period_by_date_over_numeral(folded: str, date: dt.date | None) -> tuple[str, str] | None:
    """(period, reason) when the title's quarter numeral is most likely an OCR slip of one I
    ("quý II" read from a printed "quý III") because the document is dated when the neighbouring
    period's report is written and not when the numeral's own is; None when the numeral stands.
    Only a bare Roman numeral can slip; "6 tháng", "9 tháng" and digits are taken as written."""
    if date is None:
        return None
    f = digits_in_folded(folded)
    m = _QUARTER.search(f)
    if not m or m.group(1) is None or not re.fullmatch(r"[il1|!th ]{1,3}", m.group(1)):
        return None
    n = _quarter_number(m.group(1))
    spans = period_spans(folded)
    if not spans or spans[0][0] != m.start():
        return None  # another period expression comes first: it is the title's period
    own = _QUARTER_PERIOD.get(n)
    if _written_in(own, date):
        return None
    for other in (n - 1, n + 1):
        period = _QUARTER_PERIOD.get(other)
        if period and _written_in(period, date):
            roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
            return period, _("the title reads quý {read}, taken as quý {taken}: the report is dated {date}, when "
                             "the {period} report is written, not the {own} one (OCR drops or adds an I)").format(
                read=roman[n], taken=roman[other], date=date.strftime("%d/%m/%Y"), period=period, own=own)
    return None


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

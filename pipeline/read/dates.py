"""Dates as Vietnamese documents print them ("ngày 10 tháng 01 năm 2018", "10/01/2018"), read on an
accent-folded copy with OCR's letters-for-digits repaired; a day left blank for the signer's hand;
a date that belongs to a cited document; the year a title is about."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.core.normalize import fold_keep, nfc
from pipeline.read.digits import digits_in_folded

# "…, ngày     tháng 12 năm 2018" (folded): the day is written in by hand at signing.
BLANK_DATE = re.compile(r"\bng\s?a\s?[yvw][\s.…_]*t\s?h\s?a\s?n\s?g\s*(?:\d{1,2}|[.…_]*)\s*n\s?a\s?m\s*(?:19|20)\d\d\b")


# On the folded text with OCR digit fixes: "ngay 10 thang 01 nam 2018", "ngày mùng 5", "ngàv", "ngàW" (the y's
# tail under a pen day), "2O18", a speck before a number ("tháng ‹ 9"); "ng�y … th�ng" (U+FFFD:
# a page served in the wrong encoding lost the accented vowel); "ng y 16th ng 12", "ngy 16 thng 12" (OCR lost it).
_SPECK = r"[.:,‹›<>'`|-]?"  # one mark between a date word and its number ("tháng-9" on a 150 dpi copy)
# ... or a curly quote: the mark a day may carry before "tháng" or before the line breaks
_DAY_MARK = rf"(?:[‘’]|{_SPECK})"
# The dots of a printed blank ("Số: ……/KH-UBND", "ngày …… tháng"), which a number or day typed or written into it
# keeps around it ("Số: 36…/KH-UBND", "ngày …05… tháng 3"): at most a dozen.
BLANK_DOTS = r"[.…_]"
_FILL = BLANK_DOTS + "{0,12}"
_DATE_WORDS = re.compile(
    # "ïgày" (OCR at 150 dpi, JPEG): the n of "ngày" misread as any letter; tháng and năm follow still; after the day
    # a comma, a quote or a speck ("ngày 26 › tháng 12": a 200 dpi copy's dust); "nuày": its g read as u (tune h223
    # in a sans-serif face)
    rf"[a-z]?\s?[gu]\s?(?:[aà\ufffd]\s?[yvuw]?|\s?[yv])\s*(?:m[uo]ng\s+)?{_SPECK}\s*{_FILL}\s*(\d ?\d|\d)\s*{_FILL}{_DAY_MARK}\s*"
    # "Hháng": OCR's t; "12-năm", "01:năm", "8'năm": a mark glued between the month and "năm"
    rf"[th]\s?h\s?(?:[aáuo\ufffd]|\s)?\s?n\s?g\s*{_SPECK}\s*{_FILL}\s*(\d ?\d|\d)\s*{_FILL}[,.:'’`-]?\s*"
    # "nm": a PDF whose font lost the ă; "nămn", "nămi": OCR's letter after it; "hăm": its n read as h; "22018": OCR
    # doubled a digit; "20 24": OCR split
    # the year
    # the year's last 1 read as a bracket ("năm 202]", a page turned 5.5°); "năm-2023", "năm'2025" (specks, tune h499 at
    # 150 dpi, h443 at 120 dpi)
    rf"[nh]\s?[aă]?\s?m(?:[ni](?=\s*\d))?\s*[.:,'’`-]?\s*{_FILL}\s*(\d{{4,5}}|(?:19|20) \d\d(?!\d)|(?:19|20)\d\](?!\d))"
)


_DATE_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])")
# A place-date line that left out "ngày": "Hà Nội, 05 tháng 3 năm 2020" (the day right after the place's comma)
# ... or with its "ngày" garbled into a short token ("Hòa Bình, \"y 20 tháng 6", "Hà Nội, phy 09 tháng 01": tune h121 and
# h489 at 150 dpi)
_DATE_AFTER_PLACE = re.compile(r"(?<=,)\s*(?:[^\s\d]{1,4}\s+)?(\d{1,2})\s*t\s?h\s?a\s?n\s?g\s*(\d{1,2})\s*n\s?[aă]\s?m\s*"
                               r"((?:19|20)\d\d)\b")


# Documents of the Government Council and the Council of Ministers (1945 on) are still cited and
# published; an earlier year on a place-date line is a misreading.
_FIRST_YEAR = 1945


def _day_or_month(token: str, most: int) -> int:
    """'1 0' is 10 (OCR split it); '5 5', more than a month or a day can be, is one 5 OCR read twice
    ('tháng 5 5 năm 2026')."""
    joined = int(token.replace(" ", ""))
    parts = token.split()
    if joined > most and len(parts) == 2 and parts[0] == parts[1]:
        return int(parts[0])
    return joined


def _valid_date(d: str, m: str, y: str) -> dt.date | None:
    y = y.replace(" ", "").replace("]", "1")
    if len(y) == 5:  # "22018": OCR doubled a digit; the one plausible four-digit year inside it
        years = {y[k:k + 4] for k in (0, 1) if 1990 <= int(y[k:k + 4]) <= 2100}  # OCR: recent years only
        if len(years) != 1:
            return None
        y = years.pop()
    try:
        date = dt.date(int(y), _day_or_month(m, 12), _day_or_month(d, 31))
    except ValueError:
        return None
    return date if _FIRST_YEAR <= date.year <= 2100 else None


def dates_with_pos(text: str) -> list[tuple[dt.date, int, int]]:
    folded = digits_in_folded(fold_keep(nfc(text)))
    out: list[tuple[dt.date, int, int]] = []
    for m in _DATE_WORDS.finditer(folded):
        d = _valid_date(m.group(1), m.group(2), m.group(3))
        if d:
            out.append((d, m.start(), m.end()))
    for m in _DATE_NUMERIC.finditer(folded):
        if any(a <= m.start() < b for _, a, b in out):
            continue
        d = _valid_date(m.group(1), m.group(3), m.group(4))
        if d:
            out.append((d, m.start(), m.end()))
    for m in _DATE_AFTER_PLACE.finditer(folded):
        if not any(a <= m.start(1) < b for _, a, b in out) and (d := _valid_date(m.group(1), m.group(2), m.group(3))):
            out.append((d, m.start(1), m.end()))
    return sorted(out, key=lambda x: x[1])


def parse_date(text: str) -> dt.date | None:
    """The first valid date of a text: 'ngày 10 tháng 01 năm 2018', '10/01/2018', '10-01-2018'."""
    found = dates_with_pos(text)
    return found[0][0] if found else None


_YEAR_NUM = re.compile(r"\bnam\s*((?:19|20)\d\d)\b")


def parse_year(text: str | None) -> int | None:
    """The year a title is about: 'năm 2018' → 2018."""
    if not text:
        return None
    m = _YEAR_NUM.search(digits_in_folded(fold_keep(nfc(text))))
    return int(m.group(1)) if m else None


# The a of "ngày", "tháng", "năm" with any mark OCR may give it ("ngảy 30 thảng 9 nãm 2026"): a class's letters.
ANY_A = "aàáảãạăằắẳẵặâầấẩẫậ"
DATE_GAPS = re.compile(
    rf"(ng[{ANY_A}][yv]|th[{ANY_A}]ng|n[{ANY_A}]m|\d{_FILL}|s[ốo6]\s?:)[ \u00a0]{{2,}}"
    rf"(\d|{_FILL}/|th[{ANY_A}]ng|n[{ANY_A}]m)", re.IGNORECASE
)


# A symbol, then "ngày", right before a date: the date is that cited document's.
CITED_DATE = re.compile(r"\d\s*/\s*[\w/.-]*[A-ZĐ]{2,}[\w/.-]*\s*,?\s*(?:ng\S{1,3}\s*)?$")


def latest_cited_date(text: str) -> tuple[dt.date, str] | None:
    """The latest date the text gives a document it cites by number ("… số 79/QĐ-UBND ngày 19/02/2021"), with the
    citation as written: a document is never dated before a document it cites."""
    best: tuple[dt.date, str] | None = None
    for date, start, end in dates_with_pos(text):
        before = text[max(0, start - 80):start]
        m = CITED_DATE.search(before)
        if m and (best is None or date > best[0]):
            number = re.search(r"\S*$", before[: m.start() + 1])  # the cited number's whole token
            best = (date, " ".join((before[number.start():] + text[start:end]).split()))
    return best


def date_of_another(text: str, date_end: int | None = None) -> bool:
    """Whether a date on the line is followed by "của …" ("ngày 09/5/2016 của UBND Thành phố", "ngày 28
    tháng 10 năm 2015 của Chính phủ"): a cited document's, never the line's own. `date_end`: only the
    date ending there; else any date on the line."""
    folded = digits_in_folded(fold_keep(nfc(text)))
    ends = [date_end] if date_end is not None else [e for _d, _s, e in dates_with_pos(text)]
    return any(re.match(r"\s*\bcua\b", folded[e:]) for e in ends)


# the day's speck before the line breaks: a quote, a stroke, a colon ("Hòa Bình, ngày 16 :", tune h035 at 150 dpi)
PARTIAL_DATE = re.compile(rf"ng\s?a\s?y\s*\d{{0,2}}\s*{_DAY_MARK}\s*$|t\s?h\s?a\s?n\s?g\s*\d{{0,2}}\s*(?:n\s?a\s?m\s*)?$")


def word_date(text: str) -> bool:
    return bool(_DATE_WORDS.search(digits_in_folded(fold_keep(text))))


MONTH_YEAR = re.compile(r"t\s?h\s?[aáuo]\s?n\s?g\s*(\d{1,2})\s*n\s?[aă]\s?m\s*((?:19|20)\d\d)")

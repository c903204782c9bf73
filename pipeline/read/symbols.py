"""Symbol keys for comparing two documents' symbols ("số, ký hiệu"), OCR-tolerant.

`metadata.normalize_symbol` gives a symbol's canonical spelling ('05 / kh.ubnd' → '05/KH-UBND');
`symbol_key` (here) is the looser key that matching (citations) and dedupe (vetoes) compare:
accents folded, upper case, spaces, dots and underscores gone, letters OCR reads for digits turned
into those digits in the number part, leading zeros dropped ('O5 / KH.UBND' → '5/KH-UBND').
"""

from __future__ import annotations

import re

from pipeline.core.normalize import fold
from pipeline.read.digits import digit_table
from pipeline.read.metadata import normalize_symbol

SYMBOL_JUNK = re.compile(r"[\s._]+")
# Letters OCR reads for digits in a symbol's number part (upper case: the key is upper-cased).
SYMBOL_NUMBER_DIGITS = digit_table("ODQILZSGB")


def symbol_key(symbol: str) -> str:
    """normalize_symbol (the shared spelling) then an OCR-tolerant key: accents folded, spaces and
    dots gone, O/I/L... read as digits in the number part, leading zeros dropped."""
    s = normalize_symbol(symbol) or symbol
    s = SYMBOL_JUNK.sub("", fold(s).upper()).replace("\\", "/")
    head, sep, tail = s.partition("/")
    head = head.translate(SYMBOL_NUMBER_DIGITS).lstrip("0") or head
    return head + sep + tail

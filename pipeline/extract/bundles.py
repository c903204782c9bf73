"""Split a multi-document file (a "bundle": one scan of several documents) at motto-header pages.

Every Vietnamese administrative document opens with the national motto, "CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", in its header. A page whose top carries it starts a
new document. OCR garbles the motto (lost accents, broken letters), so it is looked for fuzzily
in accent-folded text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.core.model import Page
from pipeline.core.normalize import fold

MOTTO_COUNTRY = "cong hoa xa hoi chu nghia viet nam"
MOTTO_SLOGAN = "doc lap tu do hanh phuc"
_TOP_LINES = 12  # the header: a two-column header comes out as up to ~8 lines
_TOP_CHARS = 600
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _top_lines(text: str) -> list[str]:
    lines = [" ".join(_NON_WORD.sub(" ", fold(ln)).split()) for ln in text.splitlines()]
    return [ln for ln in lines if ln][:_TOP_LINES]


def motto_score(text: str) -> tuple[float, float, float]:
    """Fuzzy scores 0..100 in the top of `text`: (country line anywhere, slogan line anywhere,
    country line on a line of its own — at most 1.6 times the motto's length)."""
    lines = _top_lines(text)
    top = " ".join(lines)[:_TOP_CHARS]
    if not top:
        return 0.0, 0.0, 0.0
    own = [ln for ln in lines if len(ln) <= 1.6 * len(MOTTO_COUNTRY)]
    alone = max((fuzz.partial_ratio(MOTTO_COUNTRY, ln) for ln in own), default=0.0)
    return fuzz.partial_ratio(MOTTO_COUNTRY, top), fuzz.partial_ratio(MOTTO_SLOGAN, top), alone


def starts_document(text: str) -> bool:
    """True when the page's top carries the national motto.

    The slogan ("Độc lập - Tự do - Hạnh phúc") is enough on its own; the country line is not,
    since body text cites "nước Cộng hòa xã hội chủ nghĩa Việt Nam": it must stand on a line of
    its own, or come with a roughly read slogan."""
    country, slogan, alone = motto_score(text)
    return slogan >= 85 or (country >= 85 and slogan >= 60) or alone >= 88


def split_bundle(pages: Sequence[Page]) -> list[tuple[int, int]]:
    """Page-number ranges (first, last), inclusive, one per document. Page 1 always starts one."""
    if not pages:
        return []
    starts = [pages[0].number] + [p.number for p in pages[1:] if starts_document(p.text)]
    ends = [s - 1 for s in starts[1:]] + [pages[-1].number]
    return list(zip(starts, ends, strict=True))

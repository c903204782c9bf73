"""The real-header corpus (tests/data/real_headers.yaml) and how a reading of it is scored.

730 headers of real published documents (decisions, resolutions, plans, directives, letters …,
communes to ministries, 1961-2026), as their pages print them, labelled by hand; half to tune on,
half only to measure (tests/data/real_headers.md). Fields are compared the way the real-docs
scorer compares them (../shared/real-docs/score.py): symbol and type after NFC, casefold and
space removal; the date as ISO; the title by difflib ratio >= 0.9 after casefold, with and
without its leading type word (on both sides) and "V/v" read as "về việc". `title_ok_strict` is the
real-docs scorer's own rule, stricter: one leading type word of its sixteen dropped from each side, if
there is one, and one comparison.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "real_headers.yaml"
FIELDS = ("doc_type", "symbol", "date", "title")
TITLE_RATIO = 0.90
_TYPE_WORDS = ("quyết định", "kế hoạch", "báo cáo", "chỉ thị", "nghị quyết", "quy chế", "quy định", "thông báo",
               "tờ trình", "công văn", "biên bản", "hướng dẫn", "chương trình", "đề án", "phương án", "danh sách",
               "thông tư", "kết luận", "thông tư liên tịch", "nghị định")
# The corpus codes a "Quy định" QyĐ (Nghị định 30's code); so does the reader.


def load(split: str | None = None) -> list[dict]:
    docs = yaml.safe_load(DATA.read_text(encoding="utf-8"))["documents"]
    return [d for d in docs if split is None or d["split"] == split]


def _nfc(s) -> str:
    return unicodedata.normalize("NFC", str(s or ""))


def _code(s) -> str:
    s = _nfc(s).casefold()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\s+", "", s)
    return re.sub(r"^(số|so)[:.]?", "", s)


def _titles(s) -> set[str]:
    """A title as written and without its leading type word (the longest that fits). Both forms,
    because a trích yếu may itself open with a type word ("QUY ĐỊNH VỀ …" under "THÔNG TƯ",
    "HƯỚNG DẪN …" under "THÔNG TƯ LIÊN TỊCH"): stripping it from one side only compared
    "quy định về …" with "về …"."""
    s = re.sub(r"\s+", " ", _nfc(s)).strip().casefold()
    s = re.sub(r"^v/v\.?\s*:?\s*", "về việc ", s)
    out = {s}
    for w in sorted(_TYPE_WORDS, key=len, reverse=True):
        if s.startswith(w + " "):
            out.add(re.sub(r"^v/v\.?\s*:?\s*", "về việc ", s[len(w) + 1:]))
            break
    return out


# ../shared/real-docs/score.py's type words: no "thông tư", "nghị định", "kết luận".
_SCORER_TYPE_WORDS = _TYPE_WORDS[:16]


def _scorer_title(s) -> str:
    s = re.sub(r"\s+", " ", _nfc(s)).strip().casefold()
    s = re.sub(r"^v/v\.?\s*:?\s*", "về việc ", s)
    for w in _SCORER_TYPE_WORDS:
        if s.startswith(w + " "):
            s = s[len(w) + 1:]
            break
    return re.sub(r"^v/v\.?\s*:?\s*", "về việc ", s)


def title_ok_strict(want, got) -> bool:
    """A title scored as ../shared/real-docs/score.py scores it (see the module's doc)."""
    if want in (None, ""):
        return got in (None, "")
    return got not in (None, "") and difflib.SequenceMatcher(None, _scorer_title(got), _scorer_title(want)).ratio() >= TITLE_RATIO


def field_ok(field: str, want, got) -> bool:
    if want in (None, ""):
        return got in (None, "")
    if got in (None, ""):
        return False
    if field in ("doc_type", "symbol"):
        return _code(got) == _code(want)
    if field == "date":
        return str(got)[:10] == str(want)[:10]
    return any(difflib.SequenceMatcher(None, g, w).ratio() >= TITLE_RATIO
               for g in _titles(got) for w in _titles(want))


def scored(field: str, truth: dict) -> bool:
    """Whether a record counts for a field: a blank symbol ("/TB-UBND", number left blank) and a
    type the page dropped are the reader's to leave null, and are scored as such."""
    want = truth.get(field)
    if field == "symbol" and want and (str(want).lstrip().startswith("/") or not re.match(r"^\s*\S*\d", str(want))):
        return False  # the number was blank on the page: the corpus keeps the printed code only
    return field != "doc_type" or want is not None


def meta_fields(meta) -> dict:
    return {"doc_type": meta.doc_type, "symbol": meta.symbol,
            "date": meta.date.isoformat() if meta.date else None, "title": meta.title}

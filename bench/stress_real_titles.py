"""Matching on the real-title corpus's TUNE titles written the ways real lists write them: in capitals, folded
(no accents, lower case), abbreviated (CCHC, TTHC, UBND …), with a commune's place and year, in citation
form ("Kế hoạch số 12/KH-UBND ngày … của UBND xã … về …"), with one space lost ("côngtác"), as the summary alone
(the type word left out; the type known from the number), with "về việc" after the type word, in real places
whose names fold like catalog words ("huyện Bảo Lâm", "xã Cao Minh"), of a department named last ("… của Sở Thông
tin và Truyền thông"). Counts clean titles that lose their items and
titles (clean or negative) that gain a wrong one, and lists them, to find rules that hold for a way of
writing, not for one title. Typed titles by default; `--ocr` reads them as OCR'd (the lower threshold).

Only the tune half is used: the measure half is never looked at title by title (tests/data/README.md).
Asserts nothing.

    .venv/bin/python bench/stress_real_titles.py [--ocr]
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.model import TextSource  # noqa: E402
from pipeline.core.normalize import ABBREVIATIONS, fold  # noqa: E402
from pipeline.decide.matching import match_document  # noqa: E402
from tests.decide.test_real_titles import as_document, load_corpus  # noqa: E402

_TYPE_CODES = {"Kế hoạch": "KH", "Báo cáo": "BC", "Quyết định": "QĐ", "Thông báo": "TB", "Biên bản": "BB",
               "Quy chế": "QC", "Danh sách": "DS", "Tờ trình": "TTr"}


def citation_form(title: str) -> str | None:
    for word, code in _TYPE_CODES.items():
        if title.lower().startswith(word.lower() + " "):
            return f"{word} số 12/{code}-UBND ngày 05/01/2024 của UBND xã Vĩnh Thành về {title[len(word) + 1:]}"
    return None


def summary_only(title: str) -> str | None:
    """The trích yếu without its type word, first letter capitalised: a header whose type word was left out or
    lost, a register that stores the summary only (the type is still known, from the number's code)."""
    for word in _TYPE_CODES:
        if title.lower().startswith(word.lower() + " "):
            rest = title[len(word) + 1:].lstrip()
            return rest[:1].upper() + rest[1:]
    return None


def about(title: str) -> str | None:
    """"về việc" after the type word ("Quyết định về việc ban hành Quy chế …"), as most decisions print it."""
    for word in _TYPE_CODES:
        rest = title[len(word) + 1:]
        if title.lower().startswith(word.lower() + " ") and not rest.lower().startswith(("về", "v/v")):
            return f"{title[:len(word)]} về việc {rest}"
    return None


def in_place(title: str, place: str) -> str:
    return title.rstrip(". ") + " trên địa bàn " + place


def of_body(title: str, body: str) -> str:
    return title.rstrip(". ") + " " + body


def abbreviate(title: str) -> str:
    for short, long in ABBREVIATIONS.items():
        title = re.sub(long, short, title, flags=re.IGNORECASE)
    return title


def glued(title: str) -> str | None:
    """One space lost, as a PDF's text layer loses it: the first two words of the title's second half glued."""
    words = title.split()
    if len(words) < 4:
        return None
    k = len(words) // 2
    return " ".join([*words[:k], words[k] + words[k + 1], *words[k + 2:]])


LOOKS: dict[str, Callable[[str], str | None]] = {
    "capitals": str.upper,
    "folded": fold,
    "abbreviated": abbreviate,
    "with a place": lambda t: t.rstrip(". ") + " trên địa bàn xã Vĩnh Thành năm 2024",
    "citation form": citation_form,
    "glued": glued,
    "summary only": summary_only,
    "về việc": about,
    # real places whose names are catalog syllables folded ("Bảo" like "báo", "Lâm" like "làm", "Cao Minh", "Công Chính")
    **{f"in {place}": functools.partial(in_place, place=place)
       for place in ("huyện Bảo Lâm", "xã Cao Minh", "xã Công Chính, huyện Nông Cống", "xã Phục Linh")},
    # the body the document is of or at, named last, as a department's register lists it; their names hold catalog
    # words ("thông tin", "truyền", "kế hoạch", "HĐND")
    **{body: functools.partial(of_body, body=body)
       for body in ("của Sở Thông tin và Truyền thông", "tại Sở Kế hoạch và Đầu tư", "của Văn phòng HĐND và UBND huyện",
                    "của Thanh tra huyện", "của Phòng Tài chính - Kế hoạch huyện")},
}


def main() -> None:
    cfg = load_config()
    ocr = "--ocr" in sys.argv

    def items(rec: dict, title: str) -> set[str]:
        doc = as_document(dict(rec, title=title))
        if ocr:
            doc.pages[0].source = doc.provenance.source = TextSource.OCR
        return {m.item for m in match_document(doc, cfg.catalog, cfg.settings)}

    recs = [r for r in load_corpus() if r["split"] == "tune" and r["kind"] in ("clean", "negative")]
    base = {r["id"]: items(r, r["title"]) for r in recs}
    print(f"{len(recs)} tune titles (clean and negative), read as {'OCR' if ocr else 'typed text'}")
    for name, look in LOOKS.items():
        lost, wrong = [], []
        for r in recs:
            title = look(r["title"])
            if not title or title == r["title"]:
                continue
            got, labelled = items(r, title), set(r["items"])
            if labelled and labelled <= base[r["id"]] and not labelled <= got:
                lost.append((r["id"], sorted(labelled), sorted(got), title))
            if got - labelled - base[r["id"]]:
                wrong.append((r["id"], sorted(labelled), sorted(got), title))
        print(f"{name}: {len(lost)} clean titles lose their items, {len(wrong)} gain a wrong one")
        for tid, want, got, title in lost + wrong:
            print(f"   {tid} want {want} got {got}: {title[:120]}")


if __name__ == "__main__":
    main()

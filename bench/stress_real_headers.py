"""The header reader on the real-header corpus's TUNE records laid out the ways other pages and PDFs lay them
out: every line re-wrapped in a narrower column (30, 60, 80 characters), the indentation dropped, the summary
put in capitals or in lower case. Counts the fields read right as published and wrong in the new look, and
lists them (the records and what was read), to find rules that hold for a layout, not for one page.

Only the tune half is used: the measure half is never looked at record by record (tests/data/real_headers.md).
Asserts nothing.

    .venv/bin/python bench/stress_real_headers.py [w30 w60 w80 dedent caps_title lower_title]
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from real_headers import FIELDS, field_ok, load, meta_fields, scored  # noqa: E402

from pipeline.read.metadata import parse_metadata  # noqa: E402


def rewrap(text: str, width: int) -> str:
    """Every line longer than `width` broken at spaces, its indentation kept."""
    out = []
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if len(line.strip()) <= width:
            out.append(line)
        else:
            out += [" " * indent + piece for piece in textwrap.wrap(line.strip(), width)]
    return "\n".join(out)


def dedent(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


# Lines made only of these words are a broken type word ("QUYẾT" / "ĐỊNH"), not the summary.
_TYPE_SYLLABLES = {"quyết", "định", "kế", "hoạch", "báo", "cáo", "nghị", "chỉ", "thị", "thông", "tờ", "trình", "quy",
                   "chế", "hướng", "dẫn", "tư", "công", "văn", "biên", "bản", "chương", "kết", "luận", "đề", "án"}


def recase_summary(text: str, title: str | None, recase: Callable[[str, bool], str]) -> str:
    """The summary's lines (the run of lines under the number whose text is in the labelled title, not a
    type word) re-cased by `recase(line, first)`."""
    wanted = " ".join((title or "").split()).casefold()
    out, state = [], "before"
    for line in text.split("\n"):
        words = " ".join(line.split()).casefold()
        if state == "before" and re.search(r"\bs[oố]\b", words):
            state = "number"
        inside = bool(wanted) and len(words) >= 2 and words in wanted
        if state == "number" and inside and not set(words.split()) <= _TYPE_SYLLABLES:
            out.append(recase(line, True))
            state = "in"
            continue
        if state == "in" and inside:
            out.append(recase(line, False))
            continue
        if state == "in":
            state = "after"
        out.append(line)
    return "\n".join(out)


def _lower(line: str, first: bool) -> str:
    lead = line[: len(line) - len(line.lstrip())]
    body = line.strip().lower()
    return lead + (body[:1].upper() + body[1:] if first else body)


LOOKS: dict[str, Callable[[dict], str]] = {
    "w30": lambda d: rewrap(d["text"], 30),
    "w60": lambda d: rewrap(d["text"], 60),
    "w80": lambda d: rewrap(d["text"], 80),
    "dedent": lambda d: dedent(d["text"]),
    "caps_title": lambda d: recase_summary(d["text"], d["truth"].get("title"), lambda s, _first: s.upper()),
    "lower_title": lambda d: recase_summary(d["text"], d["truth"].get("title"), _lower),
}


def main() -> None:
    names = [a for a in sys.argv[1:] if a in LOOKS] or list(LOOKS)
    tune = load("tune")
    base = {d["id"]: meta_fields(parse_metadata(d["text"])) for d in tune}
    for name in names:
        lost = []
        for d in tune:
            got = meta_fields(parse_metadata(LOOKS[name](d)))
            for f in FIELDS:
                want = d["truth"][f]
                if scored(f, d["truth"]) and field_ok(f, want, base[d["id"]][f]) and not field_ok(f, want, got[f]):
                    lost.append((d["id"], f, str(want)[:80], str(got[f])[:100]))
        by_field = {f: sum(1 for row in lost if row[1] == f) for f in FIELDS}
        print(f"{name}: {len(lost)} fields right as published and wrong in this look {by_field}")
        for hid, f, want, got in lost:
            print(f"   {hid} {f}: want {want!r}, got {got!r}")


if __name__ == "__main__":
    main()

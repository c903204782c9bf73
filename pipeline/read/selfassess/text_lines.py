"""A score table whose cells reached us as plain text lines (a text PDF whose table was not
detected): the numbers at the line's end in the header's order."""

from __future__ import annotations

import re

from pipeline.core.config import Catalog
from pipeline.core.model import SelfAssessment
from pipeline.core.normalize import fold_keep, nfc
from pipeline.read.selfassess.cells import parse_score
from pipeline.read.selfassess.columns import MAX, SELF
from pipeline.read.selfassess.ocr_words import header_roles_count
from pipeline.read.selfassess.rows import (
    DEFAULT_NAME_THRESHOLD,
    State,
    finish,
    is_total,
    new_state,
    read_tables_into,
    take_row,
)

_LINE_CODE = re.compile(r"^\s*((?:\d{1,2}(?:\s?[.,]\s?\d{1,2}){1,2})|[IVX]{1,4}|\d{1,2})\s*[.,:)]?\s+(?=\S)")


_SCORE_TOKEN = re.compile(r"^(?:\d{1,2}(?:[.,]\d{1,2})?|[Ol]|[Ol][.,]\d{1,2})$")


def _numeric_order(header: str) -> list[str]:
    """Order of the MAX and SELF columns in a text header line."""
    f = fold_keep(nfc(header))
    pos = {}
    # A wrapped header comes out as "Điểm tối Điểm tự Tài liệu … đa chấm": the first words decide.
    m = re.search(r"toi\s*da|diem\s*toi\b|diem\s*chuan|thang\s*diem|diem\s*quy\s*dinh", f)
    if m:
        pos[MAX] = m.start()
    m = re.search(r"tu\s*cham|tu\s*danh\s*gia|diem\s*tu\b", f)
    if m:
        pos[SELF] = m.start()
    return sorted(pos, key=pos.get) or [MAX, SELF]


def _split_line(rest: str, order: list[str]) -> tuple[str, dict[str, float | None], str]:
    toks = [t for t in rest.split() if t != "|"]
    n = len(order)
    for want in (n, 1) if n > 1 else (1,):
        for i in range(1, len(toks) - want + 1):
            run = toks[i : i + want]
            if all(_SCORE_TOKEN.match(t) for t in run):
                after = toks[i + want] if i + want < len(toks) else ""
                if _SCORE_TOKEN.match(after):
                    continue
                fa = fold_keep(after)
                if re.match(r"^(thang|nam|quy|ngay|ngay|lan|%|diem|gio)\b", fa) and want == 1:
                    continue
                name = " ".join(toks[:i])
                evid = " ".join(toks[i + want :])
                vals = [parse_score(t) for t in run]
                if want == n:
                    return name, dict(zip(order, vals, strict=True)), evid
                return name, {SELF: vals[0]}, evid
    return rest, {}, ""


def read_text_lines(text: str, catalog: Catalog, name_threshold: float = DEFAULT_NAME_THRESHOLD) -> SelfAssessment:
    """Fallback for a table that reached us as lines: 'code name max self evidence' per line."""
    st = new_state(catalog, name_threshold)
    read_lines_into(st, text)
    return finish(st)


def read_lines_into(st: State, text: str) -> bool:
    lines = nfc(text).splitlines()
    hi = next((i for i, ln in enumerate(lines) if len(ln) < 250 and (
        header_roles_count(ln) >= 3 or (header_roles_count(ln) == 2 and not ln.rstrip().endswith((".", ":", ";")))
    )), None)
    if hi is None:
        return False
    if lines[hi].count("|") >= 2:
        # A DOCX table flattened to "1.1 | Kế hoạch CCHC năm | 4 | 4 | …" lines: its cells are still there.
        rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines[hi:] if "|" in ln]
        return read_tables_into(st, [rows])
    order = _numeric_order(" ".join(lines[hi : hi + 3]))
    pending: list[str] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        code, rest = pending[0], " ".join(pending[1:])
        rest = re.sub(r"-\s+(?=[A-ZĐ])", "-", rest)
        if is_total(rest, code):
            # "Tổng cộng 100 93": the numbers in the header's order (the maximum may be 100).
            nums = [parse_score(x) for x in re.findall(r"\d{1,3}(?:[.,]\d{1,2})?", rest)]
            vals = dict(zip(order, nums, strict=False)) if len(nums) >= len(order) else {SELF: nums[-1] if nums else None}
            take_row(st, code, rest, vals.get(MAX), vals.get(SELF), "", [code, rest])
            pending = None
            return
        name, vals, evid = _split_line(rest, order)
        take_row(st, code, name, vals.get(MAX), vals.get(SELF), evid or "", [code, rest])
        pending = None

    for ln in lines[hi + 1 :]:
        if pending is not None and pending[0] == "" and is_total(pending[1], ""):
            break  # the total closes the table; "Tổng số điểm tự chấm: 93/100" below is prose
        s = ln.strip().strip("|").strip()
        if not s:
            continue
        if re.match(r"^\(?\d\)?(\s+\(?\d\)?){2,}$", s):
            continue  # column numbering "(1) (2) (3) …"
        if re.match(r"^(?:noi nhan|tm\.|chu tich|nguoi lap)", fold_keep(s)):
            break
        m = _LINE_CODE.match(s)
        if m or is_total(s, ""):
            flush()
            pending = [m.group(1) if m else "", s[m.end():] if m else s]
        elif pending is not None:
            pending.append(s)
    flush()
    return True

"""The columns of a score table, recognized by their header words, never by position: provinces'
forms order and name them differently (and add "Điểm thẩm định", "Ghi chú" …)."""

from __future__ import annotations

import re

from pipeline.core.normalize import fold_keep, nfc
from pipeline.core.vocabulary import COLUMN_ROLES, vocabulary
from pipeline.read.selfassess.cells import ROMAN_CELL, code_parts

CODE, NAME, MAX, SELF, EVID, OTHER = "code", "name", "max", "self", "evidence", "other"


# The roles' header words (config/vocabulary.yaml, `score_table_columns`), over the folded header.
_WORDS = {role: vocabulary().column_pattern(role) for role in COLUMN_ROLES}
_SELF_MARK = re.compile(r"tu\s*cham")  # "Điểm tự chấm (huyện thẩm định)" is still the unit's own


def _role_of(header: str) -> str | None:
    f = " ".join(fold_keep(nfc(header)).replace("\n", " ").split())
    if not f:
        return None
    if _WORDS["other"].search(f) and not _SELF_MARK.search(f):
        return OTHER
    if _WORDS["self"].search(f):
        return SELF
    if _WORDS["max"].search(f):
        return MAX
    if _WORDS["evidence"].search(f):
        return EVID
    if _WORDS["code_whole"].fullmatch(f):
        return CODE
    if _WORDS["name"].search(f):
        return NAME
    if _WORDS["max_whole"].fullmatch(f):
        return MAX
    return None


def assign_roles(headers: list[str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    taken: set[str] = set()
    raw = [_role_of(h) for h in headers]
    # "Điểm" alone is the maximum only if another column is the self-score.
    for i, r in enumerate(raw):
        if r is None or r == OTHER:
            continue
        if r == EVID:
            roles[i] = EVID  # several evidence/notes columns are all read
            continue
        if r in taken:
            continue
        roles[i] = r
        taken.add(r)
    if SELF not in taken:
        # Forms that say "Điểm đạt" / "Điểm đánh giá" for the unit's own score.
        for i, h in enumerate(headers):
            f = " ".join(fold_keep(nfc(h)).split())
            if i not in roles and raw[i] is None and _WORDS["self_fallback"].search(f):
                roles[i] = SELF
                break
    return roles


def is_numbering_row(cells: list[str]) -> bool:
    vals = [c.strip().strip("()[]") for c in cells if c.strip()]
    if len(vals) < 3 or not all(v.isdigit() for v in vals):
        return False
    nums = [int(v) for v in vals]
    return nums == list(range(nums[0], nums[0] + len(nums)))


def _header_text(cells: list[str]) -> str:
    """A column's header over several rows; a vertically merged cell repeats its text: keep it once."""
    out: list[str] = []
    for c in cells:
        c = (c or "").strip()
        if c and (not out or out[-1] != c):
            out.append(c)
    return " ".join(out)


def _spread(short: list[str], below: list[str], width: int) -> list[str]:
    """A header row with horizontally merged cells (given once) laid on `width` grid columns: the
    merged cell is the one over the sub-headers of the row below ('Điểm' over 'Tối đa', 'Tự chấm')."""
    k = width - len(short)
    if k <= 0 or not short:
        return short
    best, best_score = short + [""] * k, -1
    for j in range(len(short)):
        cand = short[: j + 1] + [short[j]] * k + short[j + 1 :]
        score = sum(
            1 for c in range(width)
            if (c < len(below) and below[c].strip()) == (j <= c <= j + k)
        )
        if score > best_score:
            best, best_score = cand, score
    return best


def find_header(rows: list[list[str]]) -> tuple[int, dict[int, str]] | None:
    """(index of the first data row, column roles) of a table whose header is in its first rows."""
    best: tuple[tuple[int, int], int, dict[int, str]] | None = None
    for start in range(min(6, len(rows))):
        if sum(1 for c in rows[start] if c.strip()) < 2:
            continue  # a title row merged across the table
        for k in (1, 2, 3):
            block = rows[start : start + k]
            if len(block) < k:
                break
            width = max(len(r) for r in block)
            grid = [_spread(r, block[i + 1] if i + 1 < k else [], width) for i, r in enumerate(block)]
            headers = [_header_text([r[c] for r in grid if c < len(r)]) for c in range(width)]
            roles = assign_roles(headers)
            vals = set(roles.values())
            if SELF in vals and (NAME in vals or CODE in vals):
                key = (len(vals), -k)
                if best is None or key > best[0]:
                    best = (key, start + k, roles)
        if best is not None:
            break  # the first row that opens a header
    if best is None:
        return None
    end, roles = best[1], best[2]
    while end < len(rows) and is_numbering_row(rows[end]):
        end += 1
    return end, roles


def fit(cells: list[str], width: int) -> list[str]:
    """A data row with merged cells (fewer than the header's) on the header's columns: a row that
    opens with a code keeps its left cells; 'Tổng cộng' merged over STT and name keeps its numbers
    under the number columns."""
    if len(cells) >= width:
        return cells
    first = (cells[0] if cells else "").strip()
    if first and (ROMAN_CELL.match(first) or code_parts(first)):
        return cells + [""] * (width - len(cells))
    return [""] * (width - len(cells)) + cells

"""A scanned score table rebuilt from OCR words with boxes: lines, then columns from the gaps and the
ruled lines, then cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from pipeline.core.model import Word
from pipeline.core.normalize import fold_keep, nfc
from pipeline.read.selfassess.cells import split_leading_code
from pipeline.read.selfassess.columns import CODE, MAX, NAME, SELF, assign_roles

_JUNK = re.compile(r"^[|\[\]{}_—–\-=:;.,'\"`~!]+$")


_RULE_CHARS = "|[]{}!"


def _clean_words(words: list[Word]) -> tuple[list[Word], list[float]]:
    """Words without the table rules OCR glued to them ('|Tiêu'), and the x of every rule seen."""
    out: list[Word] = []
    rules: list[float] = []
    for w in words:
        t = w.text.strip()
        if not t or w.conf < 0:
            continue
        if _JUNK.match(t):
            if "|" in t or t in ("[", "]", "!"):
                rules.append(w.left + w.width / 2)
            continue
        left, right = float(w.left), float(w.left + w.width)
        per_char = w.width / max(1, len(t))
        if t[0] in _RULE_CHARS:
            rules.append(left)
            kept = t.lstrip(_RULE_CHARS)
            left += per_char * (len(t) - len(kept))
            t = kept
        if t and t[-1] in "|[]{}":
            rules.append(right)
            kept = t.rstrip("|[]{}")
            right -= per_char * (len(t) - len(kept))
            t = kept
        if t:
            # The box shrinks to the letters kept: "đa|" boxed up to the rule would reach over it
            # and merge two columns' headers ("Điểm tối đa", "Điểm tự chấm") into one.
            out.append(w.model_copy(update={"text": t, "left": round(left), "width": max(1, round(right - left))}))
    return out, rules


def _rule_positions(rules: list[float], tol: float) -> list[float]:
    """x of the vertical rules seen on at least two lines."""
    xs = sorted(rules)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= tol:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [sum(c) / len(c) for c in clusters if len(c) >= 2]


def _lines_of(ws: list[Word]) -> list[list[Word]]:
    if not ws:
        return []
    h = median(w.height for w in ws) or 1
    ws = sorted(ws, key=lambda w: (w.top + w.height / 2, w.left))
    lines: list[list[Word]] = []
    centers: list[float] = []
    for w in ws:
        cy = w.top + w.height / 2
        if lines and abs(cy - centers[-1]) <= 0.55 * h:
            lines[-1].append(w)
            n = len(lines[-1])
            centers[-1] = centers[-1] + (cy - centers[-1]) / n
        else:
            lines.append([w])
            centers.append(cy)
    for ln in lines:
        ln.sort(key=lambda w: w.left)
    return lines


def _line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


_HEADER_VOCAB = set(
    "stt tt ma so tieu chi thanh phan noi dung linh vuc diem toi da tu cham danh gia tai lieu kiem chung "
    "ghi chu chuan quy dinh thang xac dinh cua giai trinh van ban minh tham don vi ket qua".split()
)


def header_roles_count(text: str) -> int:
    f = fold_keep(nfc(text))
    n = 0
    for rx in (r"tu\s*cham|tu\s*danh\s*gia", r"toi\s*da|diem\s*chuan", r"kiem\s*chung|tai\s*lieu|ghi\s*chu",
               r"\bstt\b|\btt\b", r"tieu\s*chi|noi\s*dung|linh\s*vuc"):
        n += bool(re.search(rx, f))
    return n


def _vocab_word(tok: str) -> bool:
    """A header word, or header words OCR glued together in a narrow cell ("tựđánh", "tốiđa")."""
    if tok in _HEADER_VOCAB:
        return True
    return any(tok[:i] in _HEADER_VOCAB and _vocab_word(tok[i:]) for i in range(2, len(tok) - 1))


def _vocab_only(line: list[Word]) -> bool:
    """A line of header words only (a wrapped header cell's next line: "tối đa", "đánh giá").

    A speck or a rule OCR reads as a one- or two-letter word ("đẦ", "ˆ") does not make the line a
    data row: short strangers are tolerated while the header words outnumber them. A data row
    always carries a longer word or a number."""
    toks = [fold_keep(nfc(w.text)).strip(".,:;()/'\"`‘’-_") for w in line]
    toks = [t for t in toks if t]
    known = [t for t in toks if _vocab_word(t)]
    strangers = [t for t in toks if not _vocab_word(t)]
    return bool(known) and len(strangers) < len(known) and all(
        len(t) <= 2 and not any(ch.isdigit() for ch in t) for t in strangers)


def _groups(words: list[Word], gap: float, rules: list[float]) -> list[list[Word]]:
    """Header words merged into column phrases: overlapping in x or closer than `gap`, never across a rule."""
    ws = sorted(words, key=lambda w: w.left)
    groups: list[list[Word]] = []
    right = -1e9
    for w in ws:
        crosses = any(right <= x <= w.left + 2 for x in rules)
        if groups and w.left <= right + gap and not (crosses and w.left > right - 2):
            groups[-1].append(w)
            right = max(right, w.left + w.width)
        else:
            groups.append([w])
            right = w.left + w.width
    return groups


def _boundaries(groups: list[list[Word]], data: list[Word], rules: list[float]) -> list[float]:
    """x of the border between neighbouring columns: a rule between their headers, else the
    emptiest vertical strip between them."""
    bounds: list[float] = []
    for g1, g2 in zip(groups, groups[1:], strict=False):
        r1 = max(w.left + w.width for w in g1)
        l2 = min(w.left for w in g2)
        c1 = (min(w.left for w in g1) + r1) / 2
        c2 = (l2 + max(w.left + w.width for w in g2)) / 2
        between = [x for x in rules if r1 - 2 <= x <= l2 + 2]
        if between:
            bounds.append(between[0])
            continue
        lo, hi = int(c1), int(c2)
        if hi <= lo:
            bounds.append((r1 + l2) / 2)
            continue
        mid = (r1 + l2) / 2
        best_x, best = mid, None
        step = max(1, (hi - lo) // 200)
        for x in range(lo, hi + 1, step):
            cover = sum(1 for w in data if w.left <= x <= w.left + w.width)
            key = (cover, abs(x - mid))
            if best is None or key < best:
                best, best_x = key, x
        bounds.append(float(best_x))
    return bounds


@dataclass
class OcrLayout:
    """Columns of a scanned table: header texts, their roles and the x borders between them."""

    headers: list[str]
    roles: dict[int, str]
    bounds: list[float]


def words_to_rows(words: list[Word], layout: OcrLayout | None = None) -> tuple[list[list[str]], OcrLayout | None]:
    """Rows of cells from a scanned table's OCR words (header row first) and the column layout.

    Lines are found by vertical position; columns by the header phrases' positions, the border
    between two columns being the emptiest strip between their headers. A line with nothing in the
    number/score columns continues the row above (wrapped names and evidence). A page without a
    header (the table goes on) is cut with the previous page's `layout`.
    """
    clean, rule_marks = _clean_words(words)
    lines = _lines_of(clean)
    if not lines:
        return [], layout
    hgt = median(w.height for ln in lines for w in ln) or 1
    tops = [min(w.top for w in ln) for ln in lines]
    rules = _rule_positions(rule_marks, tol=0.5 * hgt)
    found: tuple[OcrLayout, int] | None = None
    for hi, ln in enumerate(lines):
        if header_roles_count(_line_text(ln)) < 2:
            continue
        first, last = hi, hi
        while first > 0 and tops[first] - tops[first - 1] < 2.2 * hgt and _vocab_only(lines[first - 1]):
            first -= 1
        while last + 1 < len(lines) and tops[last + 1] - tops[last] < 2.2 * hgt and _vocab_only(lines[last + 1]):
            last += 1
        head_words = [w for h in lines[first : last + 1] for w in h]
        groups = _groups(head_words, gap=0.7 * hgt, rules=rules)
        # Words in reading order: by the header line they were found on, then left to right. Their
        # tops are no guide: "đánh" (accents) starts higher than "tự" on the same line, and a
        # rounded top/height put it a line earlier ("Điểm đánh tự giá": the self column unseen).
        line_of = {id(w): k for k, h in enumerate(lines[first : last + 1]) for w in h}
        headers = [" ".join(w.text for w in sorted(g, key=lambda w: (line_of[id(w)], w.left))) for g in groups]
        roles = assign_roles(headers)
        # A sentence naming "tự chấm điểm" and "nội dung" is one phrase, not three columns.
        if len(groups) < 3 or SELF not in roles.values() or not ({NAME, CODE} & set(roles.values())):
            continue
        bounds = _boundaries(groups, [w for h in lines[last + 1 :] for w in h], rules)
        found = (OcrLayout(headers=headers, roles=roles, bounds=bounds), last)
        break
    if found is not None:
        layout, last = found
        data_lines = lines[last + 1 :]
    elif layout is None:
        return [], None
    else:
        data_lines = lines
    n = len(layout.headers)

    def col_of(w: Word) -> int:
        cx = w.left + w.width / 2
        return sum(1 for b in layout.bounds if cx > b)

    roles = layout.roles
    anchor_cols = [i for i, r in roles.items() if r in (CODE, MAX, SELF)]
    name_col = next((i for i, r in roles.items() if r == NAME), None)
    rows: list[list[str]] = [list(layout.headers)]
    for ln in data_lines:
        cells = [""] * n
        for w in ln:
            c = col_of(w)
            cells[c] = (cells[c] + " " + w.text).strip()
        starts_code = name_col is not None and bool(split_leading_code(cells[name_col])[0])
        if len(rows) > 1 and not any(cells[i] for i in anchor_cols) and not starts_code:
            prev = rows[-1]
            for i, c in enumerate(cells):
                if c:
                    prev[i] = (prev[i] + "\n" + c).strip()
            continue
        rows.append(cells)
    return rows, layout

"""The unit's self-assessment report: recognizing it and reading its score table.

The table ("Bảng tự chấm điểm") has one row per area and sub-criterion: number, name, maximum,
self-score, cited evidence. It reaches us three ways: as cell rows (DOCX tables, pdfplumber
tables: `Page.tables`), as OCR words with boxes (scans: `Page.words`) and, when a text PDF's
table was not detected, as plain lines. All three become rows of cells, and one row reader ties
them to catalog codes. Columns are recognized by their header words, never by position, because
provinces' forms order and name them differently (and add "Điểm thẩm định", "Ghi chú" …).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from statistics import median

from rapidfuzz import fuzz

from pipeline.core.config import Catalog
from pipeline.core.model import Document, SelfAssessment, SelfScoreRow, TextSource, Word
from pipeline.core.normalize import fold_keep, match_forms, nfc
from pipeline.read.dates import dates_with_pos
from pipeline.read.digits import digit_table
from pipeline.read.symbols import find_symbols

DEFAULT_NAME_THRESHOLD = 80.0

CODE, NAME, MAX, SELF, EVID, OTHER = "code", "name", "max", "self", "evidence", "other"

# ---- recognizing the report -------------------------------------------------------------------

_SELF_WORDS = re.compile(r"tu\s*cham|tu\s*danh\s*gia|tu\s*xac\s*dinh|tu\s*cham\s*diem")
_INDEX_WORDS = re.compile(r"chi\s*so|cai\s*cach\s*hanh\s*chinh|cchc|par\s*index")


def _header_has_self_column(text: str) -> bool:
    f = fold_keep(text)
    return bool(re.search(r"diem\s*tu\s*cham|tu\s*cham\s*diem|diem\s*tu\s*danh\s*gia|tu\s*danh\s*gia", f)) and bool(
        re.search(r"tieu\s*chi|noi\s*dung|linh\s*vuc|stt|\btt\b", f)
    )


def looks_like_self_assessment(doc: Document) -> bool:
    """A 'Báo cáo tự chấm điểm / tự đánh giá … Chỉ số CCHC' or a document carrying its score table.

    Only the title and table headers count: a district report mentions "tự chấm điểm Chỉ số CCHC"
    in its body, and a plan "triển khai tự đánh giá" is a plan (KH), not the report.
    """
    title = doc.meta.title or ""
    if not title and doc.pages:
        title = " ".join(doc.pages[0].text.splitlines()[:14])
    ft = fold_keep(nfc(title))
    if doc.meta.doc_type not in ("KH", "QĐ", "TB", "TTr", "CV") or not doc.meta.doc_type:
        if _SELF_WORDS.search(ft) and (_INDEX_WORDS.search(ft) or re.search(r"\bdiem\b", ft)):
            return True
    for page in doc.pages:
        for table in page.tables:
            head = " ".join(" ".join(r) for r in table.rows[:3])
            if _header_has_self_column(head):
                return True
    for page in doc.pages[:3]:
        for line in page.text.splitlines():
            if len(line) < 200 and _header_has_self_column(line):
                return True
    return False


# ---- cells -------------------------------------------------------------------------------------

_SCORE = re.compile(r"(?<![\d.,])(\d{1,3})(?:\s?[.,]\s?(\d{1,2}))?(?![\d])")


def parse_score(cell: str | None) -> float | None:
    """A score cell as a number: '4', '4,5', '4.5', '0,25đ', OCR 'O' → 0, 'l' → 1; '-', '' → None."""
    if not cell:
        return None
    s = nfc(cell).strip()

    def fix(m: re.Match[str]) -> str:
        return m.group(0).translate(digit_table("OolI|"))

    # Letters that OCR reads for digits, only where they stand as (part of) a number token.
    s = re.sub(r"(?<![A-Za-zÀ-ỹ])[0-9OolI|]+(?:[.,][0-9OolI|]+)?(?![A-Za-zÀ-ỹ])", fix, s)
    m = _SCORE.search(s)
    if not m:
        return None
    value = float(m.group(1) + ("." + m.group(2) if m.group(2) else ""))
    return value if value <= 100 else None


_ROMAN_CELL = re.compile(r"^\s*([IVX]{1,4})\s*[.):]?\s*$")
_NUM_CODE = re.compile(r"^\s*([0-9Il|O]{1,2}(?:\s?[.,]\s?[0-9Il|O]{1,2}){0,3})\s*[.,:)]?(?=\s|$)")
_ENUM = re.compile(r"^\s*(?:[a-zđ]\s*[).]|[-+*•–]|\(\s*[a-z0-9]{1,2}\s*\))\s*", re.IGNORECASE)


def _code_parts(text: str) -> list[str] | None:
    m = _NUM_CODE.match(text)
    if not m:
        return None
    raw = m.group(1).translate(digit_table("Il|O"))
    parts = [p for p in re.split(r"\s?[.,]\s?", raw) if p]
    if not all(p.isdigit() for p in parts):
        return None
    return [str(int(p)) for p in parts]


def _split_leading_code(name: str) -> tuple[str, str]:
    """'1.1. Kế hoạch CCHC' → ('1.1', 'Kế hoạch CCHC'); 'II. CẢI CÁCH' → ('II', 'CẢI CÁCH')."""
    m = re.match(r"^\s*((?:[0-9Il|]{1,2}(?:\s?[.,]\s?[0-9]{1,2}){0,3})|[IVX]{1,4})\s*[.,:)]?\s+(?=\S)", name)
    if m and (re.search(r"\d", m.group(1)) or re.fullmatch(r"[IVX]{1,4}", m.group(1))):
        return m.group(1), name[m.end():]
    return "", name


# ---- column roles --------------------------------------------------------------------------------


def _role_of(header: str) -> str | None:
    f = " ".join(fold_keep(nfc(header)).replace("\n", " ").split())
    if not f:
        return None
    if re.search(r"tham\s*dinh|huyen|phuc\s*tra|doan\s*kiem\s*tra|hoi\s*dong", f) and not re.search(r"tu\s*cham", f):
        return OTHER
    if re.search(r"tu\s*cham|tu\s*danh\s*gia|tu\s*xac\s*dinh|diem\s*tu\b", f):
        return SELF
    if re.search(r"toi\s*da|diem\s*chuan|thang\s*diem|diem\s*quy\s*dinh|diem\s*so\s*quy|chuan", f):
        return MAX
    if re.search(r"kiem\s*chung|tai\s*lieu|ghi\s*chu|giai\s*trinh|van\s*ban|minh\s*chung|can\s*cu", f):
        return EVID
    if re.fullmatch(r"(?:s\s*o\s*)?(?:stt|tt|ma|ma\s*so|so\s*tt|so|ma\s*tieu\s*chi)[.:]?", f):
        return CODE
    if re.search(r"tieu\s*chi|noi\s*dung|linh\s*vuc|chi\s*so|ten|yeu\s*cau", f):
        return NAME
    if re.fullmatch(r"diem(\s*so)?", f):
        return MAX
    return None


def _assign_roles(headers: list[str]) -> dict[int, str]:
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
            if i not in roles and raw[i] is None and re.search(r"diem\s*dat|dat\s*duoc|diem\s*danh\s*gia", f):
                roles[i] = SELF
                break
    return roles


def _is_numbering_row(cells: list[str]) -> bool:
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


def _find_header(rows: list[list[str]]) -> tuple[int, dict[int, str]] | None:
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
            roles = _assign_roles(headers)
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
    while end < len(rows) and _is_numbering_row(rows[end]):
        end += 1
    return end, roles


def _fit(cells: list[str], width: int) -> list[str]:
    """A data row with merged cells (fewer than the header's) on the header's columns: a row that
    opens with a code keeps its left cells; 'Tổng cộng' merged over STT and name keeps its numbers
    under the number columns."""
    if len(cells) >= width:
        return cells
    first = (cells[0] if cells else "").strip()
    if first and (_ROMAN_CELL.match(first) or _code_parts(first)):
        return cells + [""] * (width - len(cells))
    return [""] * (width - len(cells)) + cells


# ---- tying rows to the catalog ---------------------------------------------------------------------


@dataclass
class _Target:
    code: str
    area: str
    forms: list[tuple[str, str]]


@dataclass
class _State:
    catalog: Catalog
    threshold: float
    targets: list[_Target]
    area_forms: list[tuple[str, tuple[str, str]]]
    codes: set[str]
    area_codes: set[str]
    rows: dict[str, SelfScoreRow] = field(default_factory=dict)
    children: dict[str, list[float]] = field(default_factory=dict)
    area: str | None = None
    current: str | None = None
    roman_areas: bool = False
    total: float | None = None
    area_totals: dict[str, float] = field(default_factory=dict)


def _new_state(catalog: Catalog, threshold: float) -> _State:
    targets = []
    for area in catalog.areas:
        for c in area.criteria:
            names = [c.name] + [i.title for i in c.items if len(i.title) >= 15]
            targets.append(_Target(c.code, area.code, [match_forms(n) for n in names]))
    area_forms = []
    for a in catalog.areas:
        for n in filter(None, (a.name, a.report_name)):
            area_forms.append((a.code, match_forms(n)))
    return _State(
        catalog=catalog,
        threshold=threshold,
        targets=targets,
        area_forms=area_forms,
        codes={c.code for c in catalog.criteria()},
        area_codes={a.code for a in catalog.areas},
    )


def _similarity(text: tuple[str, str], target: tuple[str, str]) -> float:
    best = 0.0
    for a, b in ((text[0], target[0]), (text[1], target[1])):
        if not a or not b:
            continue
        s = max(fuzz.ratio(a, b), 0.95 * fuzz.token_sort_ratio(a, b))
        if len(b.split()) >= 3:
            # All the catalog name's words inside a longer row name ("Công khai đầy đủ, kịp thời TTHC").
            s = max(s, 0.9 * fuzz.token_set_ratio(a, b))
        if len(a) >= len(b) * 0.9:
            # A row name often wraps the catalog's name in more words ("Xây dựng, ban hành kế hoạch …").
            s = max(s, 0.92 * fuzz.partial_ratio(b, a))
        best = max(best, s)
    return best


def _match_name(name: str, st: _State) -> tuple[str | None, float]:
    clean = _ENUM.sub("", name).strip()
    if len(clean) < 4:
        return None, 0.0
    forms = match_forms(clean)
    scored = []
    for t in st.targets:
        s = max(_similarity(forms, f) for f in t.forms)
        if st.area and t.area == st.area:
            s += 2.0  # a row under area 3 is more likely one of 3.x
        scored.append((s, t.code))
    scored.sort(reverse=True)
    best, code = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= st.threshold and best - second >= 1.5:
        return code, best
    return None, best


def _match_area_scored(name: str, st: _State) -> tuple[str | None, float]:
    forms = match_forms(_ENUM.sub("", name).strip())
    best = max(((_similarity(forms, f), code) for code, f in st.area_forms), default=(0.0, None))
    return (best[1], best[0]) if best[0] >= max(st.threshold, 85) else (None, best[0])


def _match_area(name: str, st: _State) -> str | None:
    return _match_area_scored(name, st)[0]


def _is_total(name: str, code_text: str) -> bool:
    f = fold_keep(nfc(f"{code_text} {name}")).strip()
    return bool(re.match(r"^(?:tong\s*(?:cong|so|diem|cong\s*diem)?|cong)\b", f)) and len(f) < 60


def _cited(text: str) -> tuple[list[str], list[dt.date | None]]:
    text = re.sub(r"-\s*\n\s*", "-", nfc(text or ""))
    text = re.sub(r"/\s*\n\s*", "/", text)
    text = text.replace("\n", " ")
    found = find_symbols(text)
    symbols: list[str] = []
    dates: list[dt.date | None] = []
    for k, (sym, _start, end) in enumerate(found):
        nxt = found[k + 1][1] if k + 1 < len(found) else len(text)
        window = text[end : min(nxt, end + 60)]
        ds = dates_with_pos(window)
        if sym in symbols:
            continue
        symbols.append(sym)
        dates.append(ds[0][0] if ds else None)
    return symbols, dates


def _record(st: _State, code: str, name: str, mx: float | None, sc: float | None, evid: str, raw: list[str]) -> None:
    cited, dates = _cited(evid)
    row = st.rows.get(code)
    if row is None:
        st.rows[code] = SelfScoreRow(
            code=code, name=name or None, max=mx, self_score=sc, cited=cited, cited_dates=dates, raw=raw
        )
        return
    # The same code twice (a header repeated after a page break, a wrapped row): fill what is missing.
    row.max = row.max if row.max is not None else mx
    row.self_score = row.self_score if row.self_score is not None else sc
    for s, d in zip(cited, dates, strict=True):
        if s not in row.cited:
            row.cited.append(s)
            row.cited_dates.append(d)
    row.raw.extend(c for c in raw if c)


def _attach(st: _State, name: str, sc: float | None, evid: str, raw: list[str]) -> None:
    """A row without its own code (sub-item, wrapped line): evidence and points go to the current code."""
    if st.current is None:
        return
    if sc is not None:
        st.children.setdefault(st.current, []).append(sc)
    row = st.rows[st.current]
    cited, dates = _cited(evid)
    for s, d in zip(cited, dates, strict=True):
        if s not in row.cited:
            row.cited.append(s)
            row.cited_dates.append(d)
    if name and row.self_score is None and sc is None and not cited and row.name:
        row.name = f"{row.name} {name}".strip()
    row.raw.extend(c for c in raw if c)


_CODE_SPECKS = "-_~'\"`‘’.,:;|!¬ "


def _clean_code(code_text: str) -> str:
    """The code cell without what OCR adds around a code in a ruled cell: a rule end or speck
    before or after it ("-1.6", "1.4-", "'2.1") and a dot read as a colon between its digits
    ("2:1."). Without this the row falls back on its name alone, which a short or reworded name
    ("Công tác tuyên truyền CCHC") does not carry to the catalog."""
    s = code_text.strip().lstrip(_CODE_SPECKS).rstrip(_CODE_SPECKS.replace(".", "").replace(",", ""))
    if not s:
        return code_text.strip()  # a bullet "-" in the code column stays one: the row has no code
    if re.fullmatch(r"\d{1,2}\s?:\s?\d{1,2}[.,]?", s):
        s = s.replace(":", ".")
    return s


def _take_row(st: _State, code_text: str, name: str, mx: float | None, sc: float | None, evid: str,
              raw: list[str]) -> None:
    code_text = _clean_code(nfc(code_text or ""))
    name = " ".join(nfc(name or "").split())
    if not code_text:
        code_text, name = _split_leading_code(name)
    if _is_total(name, code_text):
        if sc is not None and st.total is None:
            st.total = sc
        st.current = None
        return
    roman = _ROMAN_CELL.match(code_text)
    parts = None if roman else _code_parts(code_text)
    if roman:
        st.roman_areas = True
        area = _roman_to_int(roman.group(1))
        st.area = str(area) if str(area) in st.area_codes else _match_area(name, st)
        st.current = None
        if st.area and sc is not None:
            st.area_totals[st.area] = sc
        return
    if parts and len(parts) >= 2:
        code = ".".join(parts[:2])
        if code in st.codes:
            if len(parts) == 2:
                _record(st, code, name, mx, sc, evid, raw)
                st.current, st.area = code, parts[0]
            else:
                # "1.3.1 Báo cáo quý I": a sub-item of 1.3.
                if code not in st.rows:
                    _record(st, code, "", None, None, "", [])
                st.current = code
                _attach(st, name, sc, evid, raw)
            return
    if parts and len(parts) == 1:
        by_name, _ = _match_name(name, st) if name else (None, 0.0)
        if by_name and (st.roman_areas or _match_area(name, st) is None):
            _record(st, by_name, name, mx, sc, evid, raw)
            st.current = by_name
            return
        if st.roman_areas and st.area and f"{st.area}.{parts[0]}" in st.codes:
            code = f"{st.area}.{parts[0]}"
            _record(st, code, name, mx, sc, evid, raw)
            st.current = code
            return
        if parts[0] in st.area_codes and not st.roman_areas:
            st.area, st.current = parts[0], None
            if sc is not None:
                st.area_totals[parts[0]] = sc
            return
    # No usable number ("a)", "-", blank, unknown code): the name decides, else it belongs above.
    by_name, crit_score = _match_name(name, st) if name else (None, 0.0)
    area, area_score = _match_area_scored(name, st) if name and not _ENUM.match(name) else (None, 0.0)
    area_max = next((a.max for a in st.catalog.areas if a.code == area), None)
    if area and area_score >= crit_score and (mx is None or mx == area_max):
        st.area, st.current = area, None
        if sc is not None:
            st.area_totals[area] = sc
        return
    if by_name and by_name not in st.rows:
        _record(st, by_name, name, mx, sc, evid, raw)
        st.current = by_name
        st.area = st.catalog.area_of(by_name).code
        return
    _attach(st, name, sc, evid, raw)


def _roman_to_int(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10}
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = vals[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _take_cells(st: _State, cells: list[str], roles: dict[int, str]) -> None:
    if not any(c.strip() for c in cells) or _is_numbering_row(cells):
        return
    by_role: dict[str, list[str]] = {}
    for i, c in enumerate(cells):
        r = roles.get(i)
        if r:
            by_role.setdefault(r, []).append(c or "")
    code_text = " ".join(by_role.get(CODE, [])).strip()
    name = " ".join(by_role.get(NAME, [])).strip()
    if NAME not in by_role and CODE in by_role:
        # No name column recognized: the widest unassigned text cell is the name.
        rest = [c for i, c in enumerate(cells) if i not in roles]
        name = max(rest, key=len, default="")
    mx = parse_score(" ".join(by_role.get(MAX, [])))
    sc = parse_score(" ".join(by_role.get(SELF, [])))
    evid = "\n".join(by_role.get(EVID, []))
    if EVID not in by_role:
        evid = name
    _take_row(st, code_text, name, mx, sc, evid, [c or "" for c in cells])


def _finish(st: _State) -> SelfAssessment:
    for code, pts in st.children.items():
        row = st.rows.get(code)
        if row is not None and row.self_score is None and pts:
            row.self_score = round(sum(pts), 2)
    total = st.total
    if total is None and st.area_totals and set(st.area_totals) == st.area_codes:
        total = round(sum(st.area_totals.values()), 2)
    if total is None and st.rows and set(st.rows) == st.codes:
        scores = [r.self_score for r in st.rows.values()]
        if all(s is not None for s in scores):
            total = round(sum(scores), 2)
    return SelfAssessment(rows=dict(sorted(st.rows.items(), key=lambda kv: _code_key(kv[0]))), total=total)


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


# ---- tables from cells -----------------------------------------------------------------------------


def read_table_rows(tables: list[list[list[str]]], catalog: Catalog,
                    name_threshold: float = DEFAULT_NAME_THRESHOLD) -> SelfAssessment:
    """Read score rows from tables of cells; a table without a header continues the previous one."""
    st = _new_state(catalog, name_threshold)
    _read_tables_into(st, tables)
    return _finish(st)


def _read_tables_into(st: _State, tables: list[list[list[str]]]) -> bool:
    roles: dict[int, str] | None = None
    width = 0
    used = False
    for rows in tables:
        rows = [[nfc(c or "") for c in r] for r in rows]
        found = _find_header(rows)
        if found:
            start, roles = found
            width = max(len(r) for r in rows[:start]) if start else max(len(r) for r in rows)
        elif roles is not None:
            start = 0  # the table goes on after a page break
        else:
            continue
        used = True
        for r in rows[start:]:
            _take_cells(st, _fit(r, width), roles)
    return used


# ---- tables from OCR words ---------------------------------------------------------------------------

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


def _header_roles_count(text: str) -> int:
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
        if _header_roles_count(_line_text(ln)) < 2:
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
        roles = _assign_roles(headers)
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
        starts_code = name_col is not None and bool(_split_leading_code(cells[name_col])[0])
        if len(rows) > 1 and not any(cells[i] for i in anchor_cols) and not starts_code:
            prev = rows[-1]
            for i, c in enumerate(cells):
                if c:
                    prev[i] = (prev[i] + "\n" + c).strip()
            continue
        rows.append(cells)
    return rows, layout


# ---- tables from plain text lines --------------------------------------------------------------------

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
    st = _new_state(catalog, name_threshold)
    _read_lines_into(st, text)
    return _finish(st)


def _read_lines_into(st: _State, text: str) -> bool:
    lines = nfc(text).splitlines()
    hi = next((i for i, ln in enumerate(lines) if len(ln) < 250 and (
        _header_roles_count(ln) >= 3 or (_header_roles_count(ln) == 2 and not ln.rstrip().endswith((".", ":", ";")))
    )), None)
    if hi is None:
        return False
    if lines[hi].count("|") >= 2:
        # A DOCX table flattened to "1.1 | Kế hoạch CCHC năm | 4 | 4 | …" lines: its cells are still there.
        rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines[hi:] if "|" in ln]
        return _read_tables_into(st, [rows])
    order = _numeric_order(" ".join(lines[hi : hi + 3]))
    pending: list[str] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        code, rest = pending[0], " ".join(pending[1:])
        rest = re.sub(r"-\s+(?=[A-ZĐ])", "-", rest)
        if _is_total(rest, code):
            # "Tổng cộng 100 93": the numbers in the header's order (the maximum may be 100).
            nums = [parse_score(x) for x in re.findall(r"\d{1,3}(?:[.,]\d{1,2})?", rest)]
            vals = dict(zip(order, nums, strict=False)) if len(nums) >= len(order) else {SELF: nums[-1] if nums else None}
            _take_row(st, code, rest, vals.get(MAX), vals.get(SELF), "", [code, rest])
            pending = None
            return
        name, vals, evid = _split_line(rest, order)
        _take_row(st, code, name, vals.get(MAX), vals.get(SELF), evid or "", [code, rest])
        pending = None

    for ln in lines[hi + 1 :]:
        if pending is not None and pending[0] == "" and _is_total(pending[1], ""):
            break  # the total closes the table; "Tổng số điểm tự chấm: 93/100" below is prose
        s = ln.strip().strip("|").strip()
        if not s:
            continue
        if re.match(r"^\(?\d\)?(\s+\(?\d\)?){2,}$", s):
            continue  # column numbering "(1) (2) (3) …"
        if re.match(r"^(?:noi nhan|tm\.|chu tich|nguoi lap)", fold_keep(s)):
            break
        m = _LINE_CODE.match(s)
        if m or _is_total(s, ""):
            flush()
            pending = [m.group(1) if m else "", s[m.end():] if m else s]
        elif pending is not None:
            pending.append(s)
    flush()
    return True


# ---- the whole document ----------------------------------------------------------------------------------


def parse_self_assessment(doc: Document, catalog: Catalog,
                          name_threshold: float = DEFAULT_NAME_THRESHOLD) -> SelfAssessment:
    """The score table of a self-assessment report, per catalog sub-criterion code.

    Cell tables (DOCX, text PDF) come first; scanned pages are regrouped from their OCR words;
    when neither yields a row, the text lines are read.
    """
    st = _new_state(catalog, name_threshold)
    tables: list[list[list[str]]] = []
    layout: OcrLayout | None = None
    for page in doc.pages:
        if page.tables:
            tables.extend(t.rows for t in page.tables)
        elif page.source == TextSource.OCR and page.words:
            rows, layout = words_to_rows(page.words, layout)
            if rows:
                tables.append(rows)
    _read_tables_into(st, [t for t in tables if t])
    if not st.rows:
        st = _new_state(catalog, name_threshold)
        _read_lines_into(st, doc.text)
    return _finish(st)

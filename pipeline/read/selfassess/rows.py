"""Rows of cells tied to the catalog's codes: by the code cell, else by the name (fuzzy), with the
area headings, totals and sub-rows a province's form adds; the read rows become a `SelfAssessment`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.core.config import Catalog
from pipeline.core.model import SelfAssessment, SelfScoreRow
from pipeline.core.normalize import fold_keep, match_forms, nfc
from pipeline.read.dates import dates_with_pos
from pipeline.read.selfassess.cells import ENUM, ROMAN_CELL, code_parts, parse_score, split_leading_code
from pipeline.read.selfassess.columns import CODE, EVID, MAX, NAME, SELF, find_header, fit, is_numbering_row
from pipeline.read.symbols import find_symbols

DEFAULT_NAME_THRESHOLD = 80.0


@dataclass
class _Target:
    code: str
    area: str
    forms: list[tuple[str, str]]


@dataclass
class State:
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


def new_state(catalog: Catalog, threshold: float) -> State:
    targets = []
    for area in catalog.areas:
        for c in area.criteria:
            names = [c.name] + [i.title for i in c.items if len(i.title) >= 15]
            targets.append(_Target(c.code, area.code, [match_forms(n) for n in names]))
    area_forms = []
    for a in catalog.areas:
        for n in filter(None, (a.name, a.report_name)):
            area_forms.append((a.code, match_forms(n)))
    return State(
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


def _match_name(name: str, st: State) -> tuple[str | None, float]:
    clean = ENUM.sub("", name).strip()
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


def _match_area_scored(name: str, st: State) -> tuple[str | None, float]:
    forms = match_forms(ENUM.sub("", name).strip())
    best = max(((_similarity(forms, f), code) for code, f in st.area_forms), default=(0.0, None))
    return (best[1], best[0]) if best[0] >= max(st.threshold, 85) else (None, best[0])


def _match_area(name: str, st: State) -> str | None:
    return _match_area_scored(name, st)[0]


def is_total(name: str, code_text: str) -> bool:
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


def _record(st: State, code: str, name: str, mx: float | None, sc: float | None, evid: str, raw: list[str]) -> None:
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


def _attach(st: State, name: str, sc: float | None, evid: str, raw: list[str]) -> None:
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


def take_row(st: State, code_text: str, name: str, mx: float | None, sc: float | None, evid: str,
              raw: list[str]) -> None:
    code_text = _clean_code(nfc(code_text or ""))
    name = " ".join(nfc(name or "").split())
    if not code_text:
        code_text, name = split_leading_code(name)
    if is_total(name, code_text):
        if sc is not None and st.total is None:
            st.total = sc
        st.current = None
        return
    roman = ROMAN_CELL.match(code_text)
    parts = None if roman else code_parts(code_text)
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
    area, area_score = _match_area_scored(name, st) if name and not ENUM.match(name) else (None, 0.0)
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


def _take_cells(st: State, cells: list[str], roles: dict[int, str]) -> None:
    if not any(c.strip() for c in cells) or is_numbering_row(cells):
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
    take_row(st, code_text, name, mx, sc, evid, [c or "" for c in cells])


def finish(st: State) -> SelfAssessment:
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


def read_table_rows(tables: list[list[list[str]]], catalog: Catalog,
                    name_threshold: float = DEFAULT_NAME_THRESHOLD) -> SelfAssessment:
    """Read score rows from tables of cells; a table without a header continues the previous one."""
    st = new_state(catalog, name_threshold)
    read_tables_into(st, tables)
    return finish(st)


def read_tables_into(st: State, tables: list[list[list[str]]]) -> bool:
    roles: dict[int, str] | None = None
    width = 0
    used = False
    for rows in tables:
        rows = [[nfc(c or "") for c in r] for r in rows]
        found = find_header(rows)
        if found:
            start, roles = found
            width = max(len(r) for r in rows[:start]) if start else max(len(r) for r in rows)
        elif roles is not None:
            start = 0  # the table goes on after a page break
        else:
            continue
        used = True
        for r in rows[start:]:
            _take_cells(st, fit(r, width), roles)
    return used

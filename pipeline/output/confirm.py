"""Confirm a reviewed workbook: read the reviewers' columns back, refuse anything doubtful, record.

`confirm_sheet` opens the workbook with `data_only=False` (a formula is seen as a formula, never as
its cached value), checks everything against the hidden `_meta` sheet and the catalog, and collects
*all* problems before refusing (`SheetRejected`, one message per problem naming sheet, row and
value). A sheet that passes is recorded with `Store.add_confirmation` as a new version: every score
with the reviewer, the time and the draft score it replaced (the audit trail). Nothing is overwritten:
confirming again adds version 2, 3, ...

The evidence changes column (K) holds the reviewer's attach/detach decisions as text (`+d7 -d3`, or the
words `thêm d7 bỏ d3`); each id is checked against the unit's documents in the stored draft, and the
decisions are recorded with `Store.add_evidence_decisions` (source "workbook"): the next run's matching
learns from them (the `reviewer` rule).
"""

from __future__ import annotations

import getpass
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from pipeline.core.config import Config
from pipeline.core.i18n import LANGUAGES, _, current_language, set_language
from pipeline.core.model import Draft
from pipeline.core.normalize import fold
from pipeline.output.cells import fmt_number, unescape_text
from pipeline.output.sheet import (
    COL_ADJUST,
    COL_CODE,
    COL_EVIDENCE,
    COL_FILES,
    COL_FLAGS,
    COL_NOTE,
    COL_SCORE,
    FIRST_ROW,
    META_SCORES_COL,
    META_SHEET,
    META_UNITS_COL,
    draft_fingerprint,
    draft_reference,
    locked_digest,
)

if TYPE_CHECKING:  # the store is the run's; outputs only receive one
    from pipeline.run.store import Store

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # file:, http:, C: (drive), \\?\ handled apart


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    value: object
    message: str

    def __str__(self) -> str:
        where = _("sheet “{sheet}”").format(sheet=self.sheet)
        if self.row is not None:
            where += ", " + _("row {row}").format(row=self.row)
        return f"{where}: {self.message}"


class SheetRejected(ValueError):
    """The workbook cannot be confirmed; `problems` lists every reason (sheet, row, value)."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path, self.problems = str(path), problems
        head = _("The sheet {path} was not confirmed ({n} problems):").format(path=path, n=len(problems))
        super().__init__("\n".join([head] + [f"- {p}" for p in problems]))


@dataclass(frozen=True)
class Change:
    unit: str
    code: str
    old: float | None  # the draft score (or the previous confirmation's score)
    new: float
    note: str | None = None


@dataclass(frozen=True)
class EvidenceChange:
    """A reviewer's decision read from the evidence changes column: `document` of `unit` is (attach)
    or is not (detach) evidence of `code`."""

    unit: str
    code: str
    action: str  # "attach" | "detach"
    document: str


@dataclass
class ReviewedSheet:
    rows: list[dict]  # one per (unit, code), as `read_sheet` returns them
    evidence: list[EvidenceChange] = field(default_factory=list)
    draft: Draft | None = None  # the stored draft the sheet was written from, when found


@dataclass
class ConfirmResult:
    period: str
    version: int
    reviewer: str
    sheet_sha256: str
    scores: int  # number of (unit, code) scores recorded
    changes: list[Change] = field(default_factory=list)  # against the draft the sheet was written from
    since_previous: list[Change] = field(default_factory=list)  # against the previous confirmation
    evidence: list[EvidenceChange] = field(default_factory=list)  # attach/detach decisions recorded


def _is_formula(cell) -> bool:
    v = cell.value
    return cell.data_type == "f" or isinstance(v, ArrayFormula | DataTableFormula) or (
        isinstance(v, str) and v.startswith("="))


def _unsafe_path(text: str) -> bool:
    """True when a path leaves the inbox: absolute, drive/UNC/URL, `~`, or any `..` segment."""
    p = text.strip()
    if not p:
        return False
    if p.startswith(("/", "\\", "~")) or _SCHEME.match(p) or PureWindowsPath(p).is_absolute():
        return True
    parts = PurePosixPath(p.replace("\\", "/")).parts
    return any(part == ".." for part in parts)


def _rows_having(ws, column: int, min_row: int = 1) -> list[int]:
    """Rows with a value in `column`, from the cells that exist: a stray value typed at row 1 048 576
    must not make us create a million empty cells (ws.cell/iter_rows would)."""
    return sorted(r for (r, c), cell in ws._cells.items()
                  if c == column and r >= min_row and cell.value is not None and str(cell.value).strip())


def _read_meta(wb, path: Path, problems: list[Problem]) -> dict | None:
    if META_SHEET not in wb.sheetnames:
        problems.append(Problem(path.name, None, None, _(
            "this is not a workbook written by kiemchung (hidden sheet “_meta” missing)")))
        return None
    ws = wb[META_SHEET]
    kv = {}
    for r in _rows_having(ws, 1):
        key, value = ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value
        kv[str(key)] = unescape_text(str(value)) if value is not None else None
    units = []  # (sheet title, unit, folder)
    for r in _rows_having(ws, META_UNITS_COL, 2):
        units.append(tuple(unescape_text(v) if isinstance(v, str) else v
                           for v in (ws.cell(row=r, column=META_UNITS_COL + j).value for j in range(3))))
    scores: dict[tuple[str, str], tuple] = {}  # (sheet, code) -> (self, draft, locked digest)
    for r in _rows_having(ws, META_SCORES_COL, 2):
        row = [ws.cell(row=r, column=META_SCORES_COL + j).value for j in range(6)]
        self_score = float(row[3]) if isinstance(row[3], int | float) else None
        draft_score = float(row[4]) if isinstance(row[4], int | float) else None
        scores[(unescape_text(str(row[0])), str(row[1]))] = (self_score, draft_score, row[5])
    return {"kv": kv, "units": units, "scores": scores}


def _reference_from(drafts: Iterable[Draft], kv: dict, config: Config) -> tuple[dict | None, bool, Draft | None]:
    """The reference rows of the stored draft the workbook was written from: (reference, any_draft,
    that draft)."""
    wanted = kv.get("draft_fingerprint")
    lang = kv.get("language") if kv.get("language") in LANGUAGES else None
    before = current_language()
    any_draft = False
    try:
        if lang:
            set_language(lang)  # evidence cells were rendered in the sheet's language
        for draft in drafts:
            any_draft = True
            ref = draft_reference(draft, config)
            if wanted and draft_fingerprint(ref) == wanted:
                return ref, True, draft
    finally:
        set_language(before)
    return None, any_draft, None


def _unsafe_token(token: str) -> bool:
    """A path-looking word of free text that leaves the inbox (`/etc/x`, `C:/x`, `file://`, `a/../b`)."""
    t = token.strip("\"'()[]<>,;")
    if t.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", t) or re.match(r"^[A-Za-z][\w+.-]*://", t):
        return True
    return ".." in PurePosixPath(t.replace("\\", "/")).parts


def read_sheet(path: Path, period: str, config: Config, draft: Draft | Iterable[Draft] | None = None) -> list[dict]:
    """The reviewed scores of a workbook, one dict per (unit, code): unit, code, max, self_score,
    draft_score, score, note. Raises `SheetRejected` listing every problem found (see `read_reviewed`)."""
    return read_reviewed(path, period, config, draft).rows


_ATTACH_WORDS = frozenset({"+", "them", "add", "attach", "co"})
_DETACH_WORDS = frozenset({"-", "bo", "xoa", "remove", "detach", "khong"})
_ADJUST_SPLIT = re.compile(r"[\s,;]+")
_ADJUST_TOKEN = re.compile(r"^([+-]?)(d\d+)$", re.IGNORECASE)


def parse_adjustment(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The evidence changes typed in column K: ([(action, document id)], [tokens not understood]).

    `+d7` attaches d7, `-d3` removes d3; the words `thêm`/`add` and `bỏ`/`xóa`/`remove` set the action of
    the ids after them (`thêm d7 d9 bỏ d3`); an id with neither sign nor word is attached."""
    out: list[tuple[str, str]] = []
    bad: list[str] = []
    current = "attach"
    for raw in _ADJUST_SPLIT.split(fold(str(text)).strip()):
        if not raw:
            continue
        if raw in _ATTACH_WORDS:
            current = "attach"
            continue
        if raw in _DETACH_WORDS:
            current = "detach"
            continue
        m = _ADJUST_TOKEN.match(raw)
        if not m:
            bad.append(raw)
            continue
        sign, doc = m.groups()
        action = "attach" if sign == "+" else "detach" if sign == "-" else current
        out.append((action, doc.lower()))
    return out, bad


def read_reviewed(path: Path, period: str, config: Config,
                  draft: Draft | Iterable[Draft] | None = None) -> ReviewedSheet:
    """The reviewed scores and evidence changes of a workbook. Raises `SheetRejected` listing every
    problem found.

    `draft`: the draft the workbook was written from, or candidates (e.g. every stored draft of the
    period, newest first): the one whose fingerprint the workbook carries is the trusted reference for
    draft scores and locked cells; when candidates exist and none matches, the sheet is refused. Without
    any, the workbook's own `_meta` copy is the reference (it still catches slips, not forgery)."""
    path = Path(path)
    problems: list[Problem] = []
    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:  # any unreadable file is one clear refusal
        raise SheetRejected(path, [Problem(path.name, None, None, _(
            "the file cannot be opened as an Excel workbook ({error})").format(error=type(exc).__name__))]) from exc
    meta = _read_meta(wb, path, problems)
    if meta is None:
        raise SheetRejected(path, problems)
    kv = meta["kv"]
    if kv.get("period") != str(period):
        problems.append(Problem(META_SHEET, None, kv.get("period"), _(
            "the workbook is for period {found}, not {period}").format(found=kv.get("period"), period=period)))
    if kv.get("catalog") != config.catalog.id:
        problems.append(Problem(META_SHEET, None, kv.get("catalog"), _(
            "the workbook was written for catalog {found}, the configuration uses {catalog}").format(
            found=kv.get("catalog"), catalog=config.catalog.id)))

    candidates = [draft] if isinstance(draft, Draft) else (draft or [])
    reference, any_draft, source_draft = _reference_from(candidates, kv, config)
    if reference is None:
        if any_draft and not problems:
            problems.append(Problem(META_SHEET, None, kv.get("draft_fingerprint"), _(
                "the workbook matches no draft of period {period} stored by the run: its hidden data was "
                "edited, or it comes from another installation").format(period=period)))
        title_unit = {t: u for t, u, _f in meta["units"]}
        reference = {(title_unit.get(t), code): v for (t, code), v in meta["scores"].items()}

    configured = {u.name for u in config.units.units}
    meta_units = {unit for _t, unit, _f in meta["units"]}
    for unit in sorted({u for u, _c in reference} - meta_units - {None}):
        problems.append(Problem(META_SHEET, None, unit, _(
            "the sheet of unit “{unit}” is missing (renamed or deleted)").format(unit=unit)))
    expected_titles = {title for title, _unit, _folder in meta["units"]}
    known_sheets = expected_titles | {META_SHEET, kv.get("summary_sheet")}
    for name in wb.sheetnames:
        if name not in known_sheets:
            problems.append(Problem(name, None, name, _(
                "unknown sheet: it is not one of the units this workbook was written for")))

    crits = {c.code: c for c in config.catalog.criteria()}
    area_codes = {a.code for a in config.catalog.areas}
    unit_docs = {u.unit: {d.id: d for d in u.documents}
                 for u in (source_draft.units if source_draft is not None else []) if u.unit}
    rows: list[dict] = []
    evidence: list[EvidenceChange] = []
    for title, unit, _folder in meta["units"]:
        if unit not in configured:
            problems.append(Problem(title, None, unit, _("unknown unit “{unit}” (not in the configuration)").format(
                unit=unit)))
        if title not in wb.sheetnames:
            problems.append(Problem(title, None, title, _(
                "the sheet of unit “{unit}” is missing (renamed or deleted)").format(unit=unit)))
            continue
        ws = wb[title]
        a1 = unescape_text(ws.cell(row=1, column=1).value)
        if a1 != unit:
            problems.append(Problem(title, 1, a1, _("cell A1 should name the unit “{unit}”, found “{found}”").format(
                unit=unit, found=a1)))
        seen: dict[str, int] = {}
        for r in _rows_having(ws, COL_CODE, FIRST_ROW):
            code = ws.cell(row=r, column=COL_CODE).value
            code = fmt_number(code) if isinstance(code, int | float) else str(code).strip()
            if code in area_codes:
                continue
            if code not in crits:
                problems.append(Problem(title, r, code, _("unknown sub-criterion code “{code}”").format(code=code)))
                continue
            if code in seen:
                problems.append(Problem(title, r, code, _(
                    "sub-criterion {code} appears twice (rows {first} and {row})").format(
                    code=code, first=seen[code], row=r)))
                continue
            seen[code] = r
            crit = crits[code]
            score = _check_score(ws, title, r, code, crit.max, problems)
            note_cell = ws.cell(row=r, column=COL_NOTE)
            if _is_formula(note_cell):
                problems.append(Problem(title, r, note_cell.value, _(
                    "{code}, column {col}: a formula ({value}) where a note belongs").format(
                    code=code, col=get_column_letter(COL_NOTE), value=note_cell.value)))
            self_score, draft_score, digest = reference.get((unit, code), (None, None, None))
            _check_locked(ws, title, r, code, digest, problems)
            evidence += _check_adjustment(ws, title, r, unit, code, unit_docs.get(unit) if source_draft is not None else None,
                                          problems)
            note = note_cell.value
            rows.append({"unit": unit, "code": code, "max": crit.max, "self_score": self_score,
                         "draft_score": draft_score, "score": score,
                         "note": str(note).strip() if note is not None and str(note).strip() else None})
        for code in crits:
            if code not in seen:
                problems.append(Problem(title, None, code, _(
                    "the row of sub-criterion {code} is missing (deleted?)").format(code=code)))
    if problems:
        raise SheetRejected(path, problems)
    return ReviewedSheet(rows, evidence, source_draft)


def _check_adjustment(ws, title: str, r: int, unit: str, code: str, docs: dict[str, dict] | None,
                      problems: list[Problem]) -> list[EvidenceChange]:
    """The evidence changes of one row, each id checked against the unit's documents (`docs`: the stored
    draft's; None when the workbook's draft is not in the store, so nothing can be checked)."""
    cell = ws.cell(row=r, column=COL_ADJUST)
    col = get_column_letter(COL_ADJUST)
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if _is_formula(cell):
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: Excel read “{value}” as a formula; type the document ids as text, e.g. "
            "+d7 -d3 (or: thêm d7 bỏ d3)").format(code=code, col=col, value=value)))
        return []
    changes, bad = parse_adjustment(unescape_text(str(value)))
    for token in bad:
        problems.append(Problem(title, r, token, _(
            "{code}, column {col}: “{token}” is not a document id; write e.g. +d7 to attach document d7 and "
            "-d3 to remove d3").format(code=code, col=col, token=token)))
    if docs is None:
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: evidence changes need the run's draft in the store (run kiemchung with "
            "the same --state, then review the workbook it writes)").format(code=code, col=col)))
        return []
    out: list[EvidenceChange] = []
    actions: dict[str, str] = {}
    for action, doc in changes:
        if doc not in docs:
            known = sorted(docs, key=lambda i: int(i[1:]) if i[1:].isdigit() else 0)
            problems.append(Problem(title, r, doc, _(
                "{code}, column {col}: this unit has no document {doc} (its documents: {known})").format(
                code=code, col=col, doc=doc, known=", ".join(known) or "—")))
            continue
        if actions.get(doc, action) != action:
            problems.append(Problem(title, r, doc, _(
                "{code}, column {col}: document {doc} is both attached and removed").format(
                code=code, col=col, doc=doc)))
            continue
        if doc in actions:
            continue
        if action == "attach" and docs[doc].is_self_assessment:
            problems.append(Problem(title, r, doc, _(
                "{code}, column {col}: document {doc} is the self-assessment report, not evidence").format(
                code=code, col=col, doc=doc)))
            continue
        actions[doc] = action
        out.append(EvidenceChange(unit, code, action, doc))
    return out


def evidence_rows(changes: list[EvidenceChange], draft: Draft, period: str, reviewer: str) -> list[dict]:
    """`Store.add_evidence_decisions` rows of the workbook's changes, with what the next runs compare:
    the document's title, type and symbol, and its file's content hash and first page."""
    rows = []
    for ch in changes:
        u = draft.unit(ch.unit)
        d = u.document(ch.document)
        sha = next((f.sha256 for f in u.files if f.path == d.file), None)
        rows.append({"period": str(period), "unit": ch.unit, "code": ch.code, "action": ch.action,
                     "document": ch.document, "file": d.file, "file_sha256": sha,
                     "first_page": d.first_page, "doc_type": d.doc_type, "symbol": d.symbol,
                     "title": d.title, "reviewer": reviewer, "source": "workbook"})
    return rows


def _check_score(ws, title: str, r: int, code: str, maximum: float, problems: list[Problem]) -> float | None:
    score_cell = ws.cell(row=r, column=COL_SCORE)
    col = get_column_letter(COL_SCORE)
    value = score_cell.value
    if _is_formula(score_cell):
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: a formula ({value}) where a score belongs; type the number").format(
            code=code, col=col, value=value)))
    elif value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(title, r, value, _("{code}, column {col}: the score is empty").format(
            code=code, col=col)))
    elif isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: “{value}” is not a number").format(code=code, col=col, value=value)))
    elif not math.isfinite(value) or not 0 <= value <= maximum:
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: score {value} is outside 0..{max}").format(
            code=code, col=col, value=fmt_number(value) if math.isfinite(value) else value,
            max=fmt_number(maximum))))
    elif abs(value * 2 - round(value * 2)) > 1e-9:
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: score {value} is not a multiple of 0.5").format(
            code=code, col=col, value=fmt_number(value))))
    else:
        return float(value)
    return None


def _check_locked(ws, title: str, r: int, code: str, digest: str | None, problems: list[Problem]) -> None:
    """Evidence paths must stay inside the inbox; the locked cells must be as written."""
    files = unescape_text(ws.cell(row=r, column=COL_FILES).value)
    evidence = unescape_text(ws.cell(row=r, column=COL_EVIDENCE).value)
    bad = [(COL_FILES, line) for line in str(files or "").splitlines() if _unsafe_path(line)]
    bad += [(COL_EVIDENCE, tok) for tok in str(evidence or "").split() if _unsafe_token(tok)]
    values = [ws.cell(row=r, column=c).value for c in range(1, COL_FLAGS + 1)]  # K is editable: not digested
    edited = digest is not None and locked_digest(values) != digest
    if bad and (edited or digest is None):
        col, value = bad[0]
        problems.append(Problem(title, r, value, _(
            "{code}, column {col}: the evidence path “{value}” points outside the inbox "
            "(absolute path or ..)").format(code=code, col=get_column_letter(col), value=value.strip())))
    elif edited:
        problems.append(Problem(title, r, None, _(
            "{code}: a locked cell (name, maximum, self-score, draft score, evidence, files or flags) was "
            "changed; only the reviewer's score and note may be edited").format(code=code)))


def confirm_sheet(sheet: Path, period: str, reviewer: str | None, store: Store, config: Config) -> ConfirmResult:
    """Validate a reviewed workbook and record it as the next confirmation version of `period`."""
    sheet = Path(sheet)
    # the trusted reference: the stored draft this sheet was written from (newest drafts first)
    reviewed = read_reviewed(sheet, period, config, store.iter_drafts(str(period)))
    rows = reviewed.rows
    reviewer = reviewer or _os_user()
    digest = hashlib.sha256(sheet.read_bytes()).hexdigest()
    previous = {(s.unit, s.code): s.score for s in store.confirmed_scores(str(period))}
    # read_reviewed only returns evidence changes when it found the stored draft; the scores and the
    # evidence decisions are one record (one transaction: a crash between them cannot split it)
    evidence = evidence_rows(reviewed.evidence, reviewed.draft, str(period), reviewer) if reviewed.evidence else []
    version = store.add_confirmation(str(period), reviewer, digest, rows, catalog=config.catalog.id, evidence=evidence)
    changes = [Change(r["unit"], r["code"], r["draft_score"], r["score"], r["note"]) for r in rows
               if r["draft_score"] is None or abs(float(r["draft_score"]) - r["score"]) > 1e-9]
    since = [Change(r["unit"], r["code"], previous.get((r["unit"], r["code"])), r["score"], r["note"])
             for r in rows if previous and (previous.get((r["unit"], r["code"])) is None
                                            or abs(previous[(r["unit"], r["code"])] - r["score"]) > 1e-9)]
    return ConfirmResult(str(period), version, reviewer, digest, len(rows), changes, since, reviewed.evidence)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"

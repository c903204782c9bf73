"""The reviewer workbook `OUT/draft_scores.xlsx`: a summary sheet and one sheet per unit.

Layout (what `confirm` reads back; keep the two in step):
- summary sheet: the district table like the seed report (Stt, Đơn vị, Tổng điểm, the eight areas as
  numbers formatted `x/max`, the `Tỷ lệ %` row, the class), then the folders that map to no unit;
- one sheet per unit: A1 = the unit name; header on row `HEADER_ROW`; then per area a subtotal row
  (column A = area code) followed by its sub-criteria (column A = code): max, self-score, draft score,
  the reviewer's score (column F, editable, prefilled with the draft, decimal 0..max, steps of 0.5)
  and note (column G, editable), evidence (with "có thể là" suggestions where evidence is missing),
  files, flags, and the evidence adjustment (column K, editable text: `+d7 -d3` attaches d7 and removes
  d3, see `pipeline.output.confirm.parse_adjustment`). Only F, G and K of criterion rows are unlocked;
  the sheet is protected (without a password: the protection prevents slips, `confirm` checks all);
- a hidden sheet `_meta`: period, catalog id, language, the unit sheets (sheet title, unit, folder),
  the draft scores and a digest of every row's locked cells, and the fingerprint of the draft the sheet
  was written from. `confirm` trusts none of it blindly: it finds the stored draft with that fingerprint
  and compares the locked cells against it (the `_meta` copy is only used when the store has no draft).

Every text from documents or folder names is escaped against formula injection (`pipeline.output.cells`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.config import Config
from pipeline.core.i18n import _, current_language
from pipeline.core.model import DocumentOut, Draft, Suggestion, UnitDraft
from pipeline.output.cells import as_number, cell_value, escape_text, file_label, fmt_number
from pipeline.output.summary import district_table

META_SHEET = "_meta"
FORMAT_VERSION = "1"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
# unit sheet columns (1-based)
COL_CODE, COL_NAME, COL_MAX, COL_SELF, COL_DRAFT, COL_SCORE, COL_NOTE, COL_EVIDENCE, COL_FILES, COL_FLAGS = range(1, 11)
# added at the end (the columns above keep their letters): the reviewer's evidence changes, as text
COL_ADJUST = 11
EDITABLE_COLUMNS = (COL_SCORE, COL_NOTE, COL_ADJUST)
LAST_COL = COL_ADJUST
# _meta blocks: key/value in A:B, units in D:F, draft scores in H:L
META_UNITS_COL = 4
META_SCORES_COL = 8

_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_AREA_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
_FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")
_EDIT_FILL = PatternFill("solid", fgColor="E2EFDA")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively, as Excel compares) sheet title of at most 31 chars."""
    base = _INVALID_TITLE.sub(" ", name)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Sheet"
    base = base[:31].rstrip()
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(title.casefold())
    return title


def _score_format(maximum: float) -> str:
    # the number stays numeric (sortable, summable); the display reads `20/25` like the report
    return f'General"/{fmt_number(maximum)}"'


def _put(ws: Worksheet, row: int, col: int, value: object, **style) -> None:
    cell = ws.cell(row=row, column=col, value=cell_value(value))
    for key, val in style.items():
        setattr(cell, key, val)


def _write_summary(ws: Worksheet, draft: Draft, config: Config) -> None:
    period = draft.period
    table = district_table(draft.units, config)
    ncols = 3 + len(table.columns) + 1
    _put(ws, 1, 1, _("Administrative Reform Index {period}: draft scores, {district}").format(
        period=period, district=config.units.district), font=_TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    _put(ws, 2, 1, _("Draft computed from the evidence; the reviewers' scores are entered on each unit's sheet."))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)

    h1, h2 = 4, 5
    fixed = [_("No."), _("Unit"), _("Total score")]
    for col, label in enumerate(fixed, start=1):
        _put(ws, h1, col, label, font=_BOLD, alignment=_CENTER, fill=_HEADER_FILL)
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    _put(ws, h1, 4, _("Score of each area"), font=_BOLD, alignment=_CENTER, fill=_HEADER_FILL)
    ws.merge_cells(start_row=h1, start_column=4, end_row=h1, end_column=3 + len(table.columns))
    for j, col in enumerate(table.columns):
        _put(ws, h2, 4 + j, col.name, font=_BOLD, alignment=_CENTER, fill=_HEADER_FILL)
    _put(ws, h1, ncols, _("Class"), font=_BOLD, alignment=_CENTER, fill=_HEADER_FILL)
    ws.merge_cells(start_row=h1, start_column=ncols, end_row=h2, end_column=ncols)

    row = h2 + 1
    for r in table.rows:
        _put(ws, row, 1, r.rank)
        _put(ws, row, 2, r.unit)
        _put(ws, row, 3, r.total, number_format=_score_format(table.total_max))
        for j, col in enumerate(table.columns):
            _put(ws, row, 4 + j, r.areas[col.code], number_format=_score_format(col.max))
        _put(ws, row, ncols, r.classification)
        row += 1
    if table.rows:
        _put(ws, row, 2, _("Rate %"), font=_BOLD)
        _put(ws, row, 3, as_number(table.rate["total"]), font=_BOLD)
        for j, col in enumerate(table.columns):
            _put(ws, row, 4 + j, as_number(table.rate[col.code]), font=_BOLD)
        row += 1
    for r in range(h1, row):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = _BOX
            if r > h2:
                cell.alignment = Alignment(horizontal="left" if c == 2 else "center", vertical="center")
    counts = [f"{label}: {n}" for label, n in table.class_counts if n]
    if counts:
        _put(ws, row + 1, 2, _("Units per class") + ": " + "; ".join(counts))
        row += 2

    unmapped = [u for u in draft.units if not u.unit]
    if unmapped:
        row += 1
        _put(ws, row, 1, _("Folders that match no configured unit (not scored)"), font=_BOLD)
        row += 1
        # file and error get merged spans: the summary's narrow score columns would cut them off
        spans = ((_("Folder"), 2, 2), (_("File"), 4, 7), (_("Status"), 8, 8), (_("Error"), 9, 11))
        for label, first, last in spans:
            _put(ws, row, first, label, font=_BOLD, fill=_HEADER_FILL)
            if last > first:
                ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        row += 1
        for u in unmapped:
            for f in u.files or [None]:  # a folder without files still gets its row
                cells = (u.folder, f.path, f.status, f.error) if f is not None else (u.folder, None, None, None)
                for value, (_label, first, last) in zip(cells, spans, strict=True):
                    _put(ws, row, first, value)
                    if last > first:
                        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
                row += 1

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 10
    for j in range(len(table.columns)):
        ws.column_dimensions[get_column_letter(4 + j)].width = 14
    ws.column_dimensions[get_column_letter(ncols)].width = 11
    ws.row_dimensions[h2].height = 62
    ws.freeze_panes = ws.cell(row=h2 + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _evidence_lines(ids: list[str], docs: dict[str, DocumentOut]) -> tuple[list[str], list[str]]:
    evidence, files = [], []
    for doc_id in ids:
        d = docs.get(doc_id)
        if d is None:
            evidence.append(doc_id)
            continue
        pages = f"{d.first_page}–{d.last_page}" if d.last_page != d.first_page else str(d.first_page)
        parts = [p for p in (d.symbol, d.title, d.date) if p]
        parts.append(_("p. {pages}").format(pages=pages))
        evidence.append(f"{doc_id}: " + " — ".join(str(p) for p in parts))
        if d.file and file_label(d.file) not in files:
            files.append(file_label(d.file))
    return evidence, files


def suggestion_lines(suggestions: list[Suggestion], docs: dict[str, DocumentOut]) -> list[str]:
    """"có thể là" lines of a sub-criterion without evidence: never counted, only shown."""
    out = []
    for sg in suggestions:
        d = docs.get(sg.document)
        what = " — ".join(str(p) for p in (d.symbol, d.title) if p) if d is not None else ""
        out.append(_("may be: {doc} ({what}) — {why}").format(doc=sg.document, what=what or "?", why=sg.why))
    return out


def _join(lines: list[str]) -> str | None:
    # each line escaped on its own would still leave later lines harmless: only the cell start runs
    return "\n".join(lines) if lines else None


def _flags_by_criterion(unit: UnitDraft) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in unit.flags:
        if f.criterion:
            out.setdefault(f.criterion, []).append(f.message or f.code)
    return out


def criterion_row_values(unit: UnitDraft, crit, docs: dict[str, DocumentOut],
                         flags_by_crit: dict[str, list[str]]) -> list:
    """The cells A..J of one sub-criterion row exactly as written (escaped); F = the draft score."""
    c = next((x for x in unit.criteria if x.code == crit.code), None)
    self_score = c.self_score if c is not None else None
    draft_score = float(c.draft_score) if c is not None else 0.0
    evidence, files = _evidence_lines(c.documents if c is not None else [], docs)
    # suggestions share the evidence cell: a draft without any renders exactly as before
    evidence += suggestion_lines(c.suggestions if c is not None else [], docs)
    # a match a reviewer's earlier decision removed: said, so the document does not just vanish
    evidence += [_("not counted: {doc} — {why}").format(doc=d.id, why=d.vetoed[crit.code])
                 for d in docs.values() if crit.code in d.vetoed]
    values = [crit.code, crit.name, as_number(crit.max),
              as_number(self_score) if self_score is not None else None, as_number(draft_score),
              as_number(draft_score), None, _join(evidence), _join(files),
              _join(["• " + str(m) for m in flags_by_crit.get(crit.code, [])])]
    return [cell_value(v) for v in values]


LOCKED_COLUMNS = (COL_NAME, COL_MAX, COL_SELF, COL_DRAFT, COL_EVIDENCE, COL_FILES, COL_FLAGS)


def locked_digest(row: list) -> str:
    """A digest of the locked cells of a row (`row` = values of columns A..J), numbers canonical."""
    parts = []
    for col in LOCKED_COLUMNS:
        v = row[col - 1] if col - 1 < len(row) else None
        parts.append("" if v is None else fmt_number(v) if isinstance(v, int | float) and not isinstance(v, bool)
                     else str(v))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def draft_reference(draft: Draft, config: Config) -> dict[tuple[str, str], tuple[float | None, float, str]]:
    """(unit, code) -> (self score, draft score, locked digest) as the workbook of `draft` shows them.

    Evidence text is rendered in the current language: call it in the language the sheet was written in."""
    ref = {}
    for unit in draft.units:
        if not unit.unit:
            continue
        docs = {d.id: d for d in unit.documents}
        flags = _flags_by_criterion(unit)
        for crit in config.catalog.criteria():
            row = criterion_row_values(unit, crit, docs, flags)
            self_score = row[COL_SELF - 1]
            ref[(unit.unit, crit.code)] = (None if self_score is None else float(self_score),
                                              float(row[COL_DRAFT - 1]), locked_digest(row))
    return ref


def draft_fingerprint(reference: dict) -> str:
    """One digest of a draft's reference rows: which stored draft a workbook was written from."""
    lines = sorted(f"{u}\x1f{c}\x1f{s}\x1f{d}\x1f{g}" for (u, c), (s, d, g) in reference.items())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _write_unit(ws: Worksheet, unit: UnitDraft, config: Config,
                reviewed: dict[tuple[str, str], tuple[float, str | None]] | None = None) -> list[tuple]:
    """Write one unit sheet; returns (code, max, self, draft, locked digest) rows for `_meta`.
    `reviewed`: (unit, code) -> (score, note) of the latest confirmation, prefilled into the editable
    columns instead of the draft score (a workbook written after decisions shows them)."""
    docs = {d.id: d for d in unit.documents}
    crits = {c.code: c for c in unit.criteria}
    flags_by_crit = _flags_by_criterion(unit)

    _put(ws, 1, 1, unit.unit, font=_TITLE)
    _put(ws, 2, 1, _("Folder") + ": " + unit.folder + "   —   " + _("Self-assessment report")
         + ": " + (unit.self_assessment or _("not found")))
    summary = _("Self-assessed total: {self_total} — draft total: {draft_total} — class: {cls}").format(
        self_total=fmt_number(unit.self_total) or "—", draft_total=fmt_number(unit.draft_total),
        cls=unit.classification or "—")
    _put(ws, 3, 1, summary)
    _put(ws, 3, 8, _("Edit only the green columns: reviewer's score (steps of 0.5), note, and evidence "
                     "changes (+d7 attaches document d7, -d3 removes d3)."), font=_BOLD)

    headers = [_("Code"), _("Criterion"), _("Max"), _("Self-score"), _("Draft score"), _("Reviewer's score"),
               _("Reviewer's note"), _("Evidence (symbol — title — date)"), _("Files"), _("Flags"),
               _("Evidence changes")]
    for col, label in enumerate(headers, start=1):
        _put(ws, HEADER_ROW, col, label, font=_BOLD, alignment=_CENTER, fill=_HEADER_FILL, border=_BOX)
    ws.cell(row=HEADER_ROW, column=COL_SCORE).comment = Comment(
        _("Score from 0 to the maximum, in steps of 0.5 (e.g. 2.5)."), "kiemchung")
    ws.cell(row=HEADER_ROW, column=COL_ADJUST).comment = Comment(
        _("Document ids of this unit (d1, d2, … as in the Evidence column): +d7 = d7 is evidence of this "
          "sub-criterion, -d3 = d3 is not. Several at once: +d7 +d9 -d3. Confirm records them; the next run "
          "learns from them."), "kiemchung")

    validations: dict[float, DataValidation] = {}
    meta_rows: list[tuple] = []
    row = FIRST_ROW
    area_rows: list[int] = []
    for area in config.catalog.areas:
        area_row, first = row, row + 1
        area_rows.append(area_row)
        row += 1
        self_sum, any_self, draft_sum = 0.0, False, 0.0
        for crit in area.criteria:
            c = crits.get(crit.code)
            self_score = c.self_score if c is not None else None
            draft_score = float(c.draft_score) if c is not None else 0.0
            any_self = any_self or self_score is not None
            self_sum += float(self_score or 0.0)
            draft_sum += draft_score
            values = criterion_row_values(unit, crit, docs, flags_by_crit)
            prior = (reviewed or {}).get((unit.unit, crit.code))
            if prior is not None:  # editable cells only: the locked digest is unchanged
                values[COL_SCORE - 1] = as_number(prior[0])
                values[COL_NOTE - 1] = cell_value(prior[1]) if prior[1] else None
            crit_flags = flags_by_crit.get(crit.code, [])
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=value)
                cell.border, cell.alignment = _BOX, _WRAP
                if crit_flags and col not in EDITABLE_COLUMNS:
                    cell.fill = _FLAG_FILL
            adjust = ws.cell(row=row, column=COL_ADJUST)
            adjust.border, adjust.alignment = _BOX, _WRAP
            # text format: Excel would read a typed "+d7" as the formula =+D7
            adjust.number_format = "@"
            for col in EDITABLE_COLUMNS:
                ws.cell(row=row, column=col).protection = _UNLOCKED
                ws.cell(row=row, column=col).fill = _EDIT_FILL
            dv = validations.get(crit.max)
            if dv is None:
                dv = DataValidation(
                    type="decimal", operator="between", formula1="0", formula2=fmt_number(crit.max),
                    allow_blank=False, showErrorMessage=True, showInputMessage=True,
                    errorTitle=_("Score out of range")[:32],
                    error=_("Enter a number from 0 to {max}, in steps of 0.5.").format(max=fmt_number(crit.max)),
                    promptTitle=_("Reviewer's score")[:32],
                    prompt=_("From 0 to {max}, steps of 0.5.").format(max=fmt_number(crit.max)),
                )
                validations[crit.max] = dv
                ws.add_data_validation(dv)
            dv.add(ws.cell(row=row, column=COL_SCORE))
            meta_rows.append((crit.code, crit.max, self_score, draft_score, locked_digest(values)))
            row += 1
        last = row - 1
        area_values = [area.code, area.name, as_number(area.max), as_number(self_sum) if any_self else None,
                       as_number(draft_sum), f"=SUM({get_column_letter(COL_SCORE)}{first}:"
                       f"{get_column_letter(COL_SCORE)}{last})"]
        for col in range(1, LAST_COL + 1):
            value = area_values[col - 1] if col <= len(area_values) else None
            cell = ws.cell(row=area_row, column=col)
            # the subtotal formula is ours: written raw, never escaped
            cell.value = value if col == COL_SCORE else cell_value(value)
            cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _AREA_FILL, _BOX, _WRAP

    total_row = row
    score_col = get_column_letter(COL_SCORE)
    _put(ws, total_row, COL_NAME, _("Total"), font=_BOLD)
    _put(ws, total_row, COL_MAX, as_number(config.catalog.total), font=_BOLD)
    _put(ws, total_row, COL_DRAFT, unit.draft_total, font=_BOLD)
    if unit.self_total is not None:
        _put(ws, total_row, COL_SELF, unit.self_total, font=_BOLD)
    ws.cell(row=total_row, column=COL_SCORE, value="=" + "+".join(f"{score_col}{r}" for r in area_rows))
    ws.cell(row=total_row, column=COL_SCORE).font = _BOLD
    for col in range(1, LAST_COL + 1):
        ws.cell(row=total_row, column=col).border = _BOX
        ws.cell(row=total_row, column=col).fill = _AREA_FILL

    # unit-level findings below the table: flags not tied to one sub-criterion, unreadable files
    row = total_row + 2
    unit_flags = [f for f in unit.flags if not f.criterion]
    bad_files = [f for f in unit.files if f.status != "processed"]
    if unit_flags or bad_files:
        _put(ws, row, COL_NAME, _("Findings for the whole unit"), font=_BOLD)
        row += 1
        for f in unit_flags:
            _put(ws, row, COL_NAME, f.message or f.code, alignment=_WRAP)
            _put(ws, row, COL_FILES, file_label(f.file), alignment=_WRAP)
            row += 1
        for f in bad_files:
            _put(ws, row, COL_NAME, f.error or f.status, alignment=_WRAP)
            _put(ws, row, COL_FILES, file_label(f.path), alignment=_WRAP)
            row += 1
    if unit.duplicate_groups:
        row += 1
        _put(ws, row, COL_NAME, _("Duplicate copies (one copy would do)"), font=_BOLD)
        row += 1
        for g in unit.duplicate_groups:
            others = [d for d in g.documents if d != g.keep]
            text = _("Keep {keep}; redundant: {others} ({pages} pages)").format(
                keep=g.keep, others=", ".join(others), pages=g.redundant_pages)
            _put(ws, row, COL_NAME, text, alignment=_WRAP)
            _put(ws, row, COL_FILES, _join([file_label(docs[d].file) for d in g.documents if d in docs]),
                 alignment=_WRAP)
            row += 1
    uploaded = [f for f in unit.files if f.source == "upload"]
    if uploaded:  # the second source: what the commune's clerks uploaded in the workspace
        row += 1
        _put(ws, row, COL_NAME, _("Files uploaded by the commune in the workspace"), font=_BOLD)
        row += 1
        for f in uploaded:
            ids = ", ".join(f.documents) or (f.error or f.status)
            _put(ws, row, COL_NAME, ids, alignment=_WRAP)
            _put(ws, row, COL_FILES, file_label(f.path), alignment=_WRAP)
            row += 1

    widths = {COL_CODE: 7, COL_NAME: 38, COL_MAX: 7, COL_SELF: 9, COL_DRAFT: 9, COL_SCORE: 11,
              COL_NOTE: 28, COL_EVIDENCE: 48, COL_FILES: 36, COL_FLAGS: 40, COL_ADJUST: 16}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    # explicit heights: LibreOffice does not grow wrapped rows of an xlsx on load
    for r in range(FIRST_ROW, total_row):
        lines = 1
        for col in (COL_NAME, COL_NOTE, COL_EVIDENCE, COL_FILES, COL_FLAGS):
            text = ws.cell(row=r, column=col).value
            if isinstance(text, str) and not text.startswith("="):
                chars = max(int(widths[col] * 1.1), 1)
                lines = max(lines, sum(max(1, -(-len(line) // chars)) for line in text.split("\n")))
        ws.row_dimensions[r].height = 15 * min(lines, 12)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=COL_MAX)
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.protection.sheet = True
    # reviewers may still resize rows/columns to read long evidence; everything else stays locked
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    return meta_rows


def _write_meta(ws: Worksheet, draft: Draft, config: Config, summary_title: str,
                units: list[tuple[str, UnitDraft, list]]) -> None:
    kv = [("kiemchung_workbook", FORMAT_VERSION), ("period", draft.period),
          ("catalog", config.catalog.id), ("summary_sheet", summary_title),
          ("district", config.units.district), ("generated", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
          ("language", current_language()),
          ("draft_fingerprint", draft_fingerprint(draft_reference(draft, config)))]
    for i, (key, value) in enumerate(kv, start=1):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=escape_text(value))
    for j, label in enumerate(("sheet", "unit", "folder")):
        ws.cell(row=1, column=META_UNITS_COL + j, value=label)
    for j, label in enumerate(("sheet", "code", "max", "self_score", "draft_score", "locked")):
        ws.cell(row=1, column=META_SCORES_COL + j, value=label)
    srow = 2
    for i, (title, unit, rows) in enumerate(units, start=2):
        for j, value in enumerate((title, unit.unit, unit.folder)):
            ws.cell(row=i, column=META_UNITS_COL + j, value=escape_text(value))
        for code, maximum, self_score, draft_score, digest in rows:
            for j, value in enumerate((escape_text(title), code, as_number(maximum),
                                       as_number(self_score) if self_score is not None else None,
                                       as_number(draft_score), digest)):
                ws.cell(row=srow, column=META_SCORES_COL + j, value=value)
            srow += 1
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def reviewed_scores(confirmed: list) -> dict[tuple[str, str], tuple[float, str | None]]:
    """(unit, code) -> (score, note) from `Store.confirmed_scores` rows (the latest confirmation)."""
    return {(c.unit, c.code): (float(c.score), c.note) for c in confirmed}


def write_workbook(draft: Draft, config: Config, path: Path,
                   reviewed: dict[tuple[str, str], tuple[float, str | None]] | None = None) -> Path:
    """Write the reviewer workbook for a draft; returns `path`. `reviewed`: (unit, code) ->
    (score, note) of the latest confirmation (`reviewed_scores`), prefilled in the reviewer's columns."""
    path = Path(path)
    wb = Workbook()
    summary = wb.active
    summary_title = _("Summary")[:31]
    summary.title = summary_title
    taken = {summary_title.casefold(), META_SHEET.casefold()}
    _write_summary(summary, draft, config)

    order = {u.name: i for i, u in enumerate(config.units.units)}
    scored = sorted((u for u in draft.units if u.unit), key=lambda u: (order.get(u.unit, len(order)), u.unit))
    written = []
    for unit in scored:
        title = sheet_title(unit.unit, taken)
        ws = wb.create_sheet(title)
        written.append((title, unit, _write_unit(ws, unit, config, reviewed)))
    _write_meta(wb.create_sheet(META_SHEET), draft, config, summary_title, written)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)  # a reviewer never opens a half-written workbook
    return path

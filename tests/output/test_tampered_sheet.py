"""Tampered reviewer workbooks: every edit outside the reviewer's two columns, every value that is not
a score, every path that leaves the inbox is refused (`SheetRejected`) with a message naming the
sheet and the row; nothing is recorded when a sheet is refused. Also: hostile workbook *files*
(XML entity bomb, ZIP bomb, not a workbook at all) are refused quickly, and document text that
looks like a formula is written as text.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from _seed import criterion_row as crit_row
from openpyxl import load_workbook

from pipeline.core.model import Draft
from pipeline.output.confirm import SheetRejected, confirm_sheet, read_sheet
from pipeline.output.sheet import (
    COL_CODE,
    COL_EVIDENCE,
    COL_FILES,
    COL_NOTE,
    COL_SCORE,
    META_SHEET,
    write_workbook,
)
from pipeline.run.store import Store

UNIT_A, UNIT_B = "Xã Vĩnh Thành", "TT Phú Lộc"



pytestmark = pytest.mark.usefixtures("english")




def small_draft(config, period: str = "2018", titles: list[str] | None = None) -> dict:
    """A two-unit draft.json dict: every criterion at half marks, one document per unit."""
    def unit(name: str, folder: str) -> dict:
        crits = [{"code": c.code, "max": c.max, "self_score": c.max, "draft_score": c.max / 2,
                  "documents": ["d1"] if c.code == "1.1" else [], "flags": []} for c in config.catalog.criteria()]
        docs = [{"id": "d1", "file": f"{folder}/ke hoach.pdf", "first_page": 1, "last_page": 2,
                 "doc_type": "KH", "symbol": "05/KH-UBND", "date": "2018-01-10",
                 "title": (titles or ["Kế hoạch cải cách hành chính năm 2018"])[0], "ocr": False,
                 "ocr_confidence": None, "criteria": ["1.1"], "match": {}, "duplicate_of": None}]
        for i, t in enumerate((titles or [])[1:], start=2):
            docs.append({**docs[0], "id": f"d{i}", "title": t, "symbol": t, "file": f"{folder}/{t}.docx"})
            crits[0]["documents"].append(f"d{i}")
        return {"unit": name, "folder": folder, "self_assessment": f"{folder}/tu cham.docx",
                "self_total": 100, "draft_total": 50, "classification": "Trung bình", "criteria": crits,
                "documents": docs, "files": [{"path": d["file"], "sha256": "0" * 64, "status": "processed",
                                              "error": None, "documents": [d["id"]]} for d in docs],
                "duplicate_groups": [], "flags": []}

    return {"period": period, "catalog": config.catalog.id,
            "units": [unit(UNIT_A, "xa vinh thanh"), unit(UNIT_B, "tt phu loc")]}


@pytest.fixture(scope="module")
def clean_sheet(config, tmp_path_factory) -> Path:
    return write_workbook(Draft.of(small_draft(config)), config, tmp_path_factory.mktemp("clean") / "draft_scores.xlsx")




def tampered(clean: Path, tmp_path: Path, edit) -> Path:
    wb = load_workbook(clean)
    edit(wb)
    out = tmp_path / "tampered.xlsx"
    wb.save(out)
    return out


def refused(path: Path, config, period: str = "2018") -> SheetRejected:
    with pytest.raises(SheetRejected) as exc:
        read_sheet(path, period, config)
    return exc.value


def test_the_clean_sheet_is_accepted(clean_sheet, config):
    rows = read_sheet(clean_sheet, "2018", config)
    assert len(rows) == 2 * len(config.catalog.criteria())
    assert all(r["score"] == r["draft_score"] for r in rows)


# ---- cell contents -----------------------------------------------------------------------------

SCORE_TAMPERS = {
    "formula": "=4",
    "formula_ref": "=SUM(C6:C7)",
    "formula_text": "=HYPERLINK(\"http://x\",\"4\")",
    "text": "bốn",
    "comma_decimal_text": "3,5",
    "above_max": 5,
    "negative": -1,
    "not_half_step": 1.3,
    "bool": True,
    "huge": 1e308,
    "empty": None,
    "date": __import__("datetime").datetime(2018, 1, 1),
}


@pytest.mark.parametrize("key", list(SCORE_TAMPERS))
def test_a_bad_score_cell_is_refused_naming_sheet_and_row(key, clean_sheet, config, tmp_path):
    value = SCORE_TAMPERS[key]
    row = {}

    def edit(wb):
        ws = wb[UNIT_A]
        row["r"] = crit_row(ws, "1.1")
        ws.cell(row=row["r"], column=COL_SCORE).value = value

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert len(exc.problems) == 1, exc.problems
    p = exc.problems[0]
    assert (p.sheet, p.row) == (UNIT_A, row["r"])
    assert UNIT_A in str(exc) and f"row {row['r']}" in str(exc) and "1.1" in str(exc)


def test_a_formula_in_the_note_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        wb[UNIT_B].cell(row=crit_row(wb[UNIT_B], "2.1"), column=COL_NOTE).value = '=WEBSERVICE("http://x")'

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert [(p.sheet, p.row) for p in exc.problems] == [(UNIT_B, crit_row(load_workbook(clean_sheet)[UNIT_B], "2.1"))]


OUTSIDE_PATHS = ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\system32", "\\\\server\\share\\x.pdf",
                 "file:///etc/passwd", "~/secret.pdf", "xa vinh thanh/../../../etc/shadow", "..\\..\\boot.ini",
                 "  /etc/passwd", "D:relative.pdf", "https://evil.example/x.pdf"]


@pytest.mark.parametrize("bad", OUTSIDE_PATHS)
def test_an_evidence_path_outside_the_inbox_is_refused(bad, clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[UNIT_A]
        ws.cell(row=crit_row(ws, "1.1"), column=COL_FILES).value = f"xa vinh thanh/ke hoach.pdf\n{bad}"

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert [(p.sheet, p.row) for p in exc.problems] == [(UNIT_A, crit_row(load_workbook(clean_sheet)[UNIT_A], "1.1"))]
    assert bad.strip() in str(exc)


def test_an_evidence_text_edited_to_a_path_outside_is_refused(clean_sheet, config, tmp_path):
    """Found here first (only the Files column was checked); fixed in confirm.py: a regression guard."""
    def edit(wb):
        ws = wb[UNIT_A]
        ws.cell(row=crit_row(ws, "1.1"), column=COL_EVIDENCE).value = "d1: /etc/passwd"

    refused(tampered(clean_sheet, tmp_path, edit), config)


# ---- rows --------------------------------------------------------------------------------------


def test_a_deleted_criterion_row_is_refused(clean_sheet, config, tmp_path):
    exc = refused(tampered(clean_sheet, tmp_path, lambda wb: wb[UNIT_A].delete_rows(crit_row(wb[UNIT_A], "1.2"))),
                  config)
    assert any(p.sheet == UNIT_A and "1.2" in p.message for p in exc.problems)


def test_a_duplicated_criterion_row_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[UNIT_A]
        r = crit_row(ws, "1.1")
        ws.insert_rows(r + 1)
        for col in range(1, 11):
            ws.cell(row=r + 1, column=col).value = ws.cell(row=r, column=col).value
        ws.cell(row=r + 1, column=COL_SCORE).value = 4

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    r = crit_row(load_workbook(clean_sheet)[UNIT_A], "1.1")
    assert [(p.sheet, p.row) for p in exc.problems] == [(UNIT_A, r + 1)]
    assert "1.1" in str(exc)


def test_an_extra_row_with_an_unknown_code_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[UNIT_B]
        ws.cell(row=ws.max_row + 1, column=COL_CODE).value = "9.9"
        ws.cell(row=ws.max_row, column=COL_SCORE).value = 100

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert [p.sheet for p in exc.problems] == [UNIT_B] and exc.problems[0].row is not None
    assert "9.9" in str(exc)


def test_an_edited_code_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[UNIT_A]
        ws.cell(row=crit_row(ws, "1.1"), column=COL_CODE).value = "1.1 "  # stripped: fine
        ws.cell(row=crit_row(ws, "1.2"), column=COL_CODE).value = "1.3"  # now 1.3 twice and 1.2 missing

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    msgs = " | ".join(str(p) for p in exc.problems)
    assert "1.2" in msgs and "1.3" in msgs


# ---- sheets ------------------------------------------------------------------------------------


def test_a_renamed_unit_sheet_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        wb[UNIT_A].title = "Xã Vĩnh Thành (2)"

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    sheets = {p.sheet for p in exc.problems}
    assert {"Xã Vĩnh Thành (2)", UNIT_A} <= sheets


def test_a_deleted_unit_sheet_is_refused(clean_sheet, config, tmp_path):
    exc = refused(tampered(clean_sheet, tmp_path, lambda wb: wb.remove(wb[UNIT_B])), config)
    assert [p.sheet for p in exc.problems] == [UNIT_B]


def test_an_added_sheet_is_refused(clean_sheet, config, tmp_path):
    exc = refused(tampered(clean_sheet, tmp_path, lambda wb: wb.create_sheet("Xã Lâm Tân")), config)
    assert [p.sheet for p in exc.problems] == ["Xã Lâm Tân"]


def test_a_deleted_meta_sheet_is_refused(clean_sheet, config, tmp_path):
    exc = refused(tampered(clean_sheet, tmp_path, lambda wb: wb.remove(wb[META_SHEET])), config)
    assert "_meta" in str(exc)


def test_a_sheet_swapped_to_another_unit_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        wb[UNIT_A]["A1"] = UNIT_B

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert [(p.sheet, p.row) for p in exc.problems] == [(UNIT_A, 1)]


def test_another_periods_sheet_is_refused(config, tmp_path):
    sheet = write_workbook(Draft.of(small_draft(config, period="2017")), config, tmp_path / "2017.xlsx")
    exc = refused(sheet, config, period="2018")
    assert "2017" in str(exc) and "2018" in str(exc)


def test_a_meta_period_edited_to_another_period_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[META_SHEET]
        for r in range(1, 10):
            if ws.cell(row=r, column=1).value == "period":
                ws.cell(row=r, column=2).value = "2019"

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert "2019" in str(exc)


def test_another_catalogs_sheet_is_refused(clean_sheet, config, tmp_path):
    def edit(wb):
        ws = wb[META_SHEET]
        for r in range(1, 10):
            if ws.cell(row=r, column=1).value == "catalog":
                ws.cell(row=r, column=2).value = "2019-commune"

    exc = refused(tampered(clean_sheet, tmp_path, edit), config)
    assert "2019-commune" in str(exc)


def test_a_reviewer_cannot_hide_a_change_from_the_audit_trail(clean_sheet, config, tmp_path):
    """The audit trail's "draft score it replaced" must not come from the (reviewer-controlled) _meta
    sheet: found here first, fixed in confirm.py; a regression guard."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    store.save_draft("2018", small_draft(config))

    def edit(wb):
        ws = wb[UNIT_A]
        ws.cell(row=crit_row(ws, "1.1"), column=COL_SCORE).value = 4  # draft was 2
        meta = wb[META_SHEET]
        for r in range(2, meta.max_row + 1):
            if meta.cell(row=r, column=8).value == UNIT_A and str(meta.cell(row=r, column=9).value) == "1.1":
                meta.cell(row=r, column=12).value = 4

    res = confirm_sheet(tampered(clean_sheet, tmp_path, edit), "2018", "tester", store, config)
    changed = {(s.unit, s.code) for s in store.confirmed_scores("2018") if s.changed}
    assert (UNIT_A, "1.1") in changed and any(c.code == "1.1" for c in res.changes)


def test_a_refused_sheet_records_nothing(clean_sheet, config, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")

    def edit(wb):
        wb[UNIT_A].cell(row=crit_row(wb[UNIT_A], "1.1"), column=COL_SCORE).value = "=4"

    with pytest.raises(SheetRejected):
        confirm_sheet(tampered(clean_sheet, tmp_path, edit), "2018", "tester", store, config)
    assert store.confirmations("2018") == [] and store.confirmed_scores("2018") == []
    assert confirm_sheet(clean_sheet, "2018", "tester", store, config).version == 1


# ---- hostile workbook files ----------------------------------------------------------------------


def _rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, replace.get(info.filename, zin.read(info.filename)))
    return dst


def test_a_workbook_with_an_entity_bomb_is_refused_quickly(clean_sheet, config, tmp_path):
    from hostile_corpus import BILLION_LAUGHS

    bomb = BILLION_LAUGHS.replace(b"<w:document", b"<workbook").replace(b"</w:document>", b"</workbook>")
    path = _rezip(clean_sheet, tmp_path / "lol.xlsx", {"xl/workbook.xml": bomb})
    t = time.monotonic()
    exc = refused(path, config)
    assert time.monotonic() - t < 5
    assert "lol.xlsx" in str(exc)


def test_a_workbook_with_an_external_entity_does_not_read_the_file(clean_sheet, config, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BIMATNGOAIHOPTHU", encoding="utf-8")
    wb = zipfile.ZipFile(clean_sheet)
    sheet_xml = wb.read("xl/worksheets/sheet2.xml").decode()
    wb.close()
    body = sheet_xml.split("?>", 1)[1] if sheet_xml.startswith("<?xml") else sheet_xml
    # A1 (the unit name, an inline string) gets the entity: if it were resolved, the secret would be
    # in the cell and in the "A1 should name the unit" refusal
    xxe = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
           + body.replace("<t>", "<t>&e;", 1))
    path = _rezip(clean_sheet, tmp_path / "xxe.xlsx", {"xl/worksheets/sheet2.xml": xxe.encode()})
    try:
        rows = read_sheet(path, "2018", config)
    except SheetRejected as exc:
        assert "BIMATNGOAIHOPTHU" not in str(exc)
    else:
        assert "BIMATNGOAIHOPTHU" not in repr(rows)


def test_a_zip_bomb_workbook_is_refused_in_bounded_time(clean_sheet, config, tmp_path):
    # the sheet XML of unit A becomes 64 MiB of zeros (+64 KB on disk): not XML, refused, quickly
    path = _rezip(clean_sheet, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet2.xml": b"\0" * (64 << 20)})
    assert path.stat().st_size < clean_sheet.stat().st_size + 200_000
    t = time.monotonic()
    refused(path, config)
    assert time.monotonic() - t < 15


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04" + b"\0" * 100])
def test_a_file_that_is_no_workbook_is_refused(content, config, tmp_path):
    path = tmp_path / "draft_scores.xlsx"
    path.write_bytes(content)
    exc = refused(path, config)
    assert exc.problems and exc.problems[0].sheet == "draft_scores.xlsx"


@pytest.mark.slow
def test_a_stray_cell_at_the_last_row_is_handled_quickly(clean_sheet, config, tmp_path):
    """One value typed at row 1 048 576 (Ctrl+Down, a key): read_sheet once created every empty cell
    down to it (6 s, +220 MB per sheet). Found here first, fixed in confirm.py; a regression guard."""
    path = tampered(clean_sheet, tmp_path, lambda wb: wb[UNIT_A].cell(row=1_048_576, column=1, value="x"))
    t = time.monotonic()
    exc = refused(path, config)
    assert (exc.problems[0].sheet, exc.problems[0].row) == (UNIT_A, 1_048_576)
    assert time.monotonic() - t < 2


# ---- output safety: document text that looks like a formula ------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1", "=1+1", "\uff1dSUM(1)", "\t=1", "\r=1"]


def test_formula_like_document_text_is_written_as_text(config, tmp_path):
    path = write_workbook(Draft.of(small_draft(config, titles=FORMULAS)), config, tmp_path / "f.xlsx")
    wb = load_workbook(path)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # our own subtotal formulas only: =SUM(F..:F..) and =F5+F13+...
                    assert str(cell.value).startswith(("=SUM(F", "=F")), (ws.title, cell.coordinate, cell.value)
                    assert "HYPERLINK" not in str(cell.value) and "SUM(1)" not in str(cell.value)
                elif isinstance(cell.value, str) and any(f.strip() in cell.value for f in FORMULAS[:4]):
                    seen += 1
                    assert not cell.value.startswith(("=", "+", "-", "@")), (ws.title, cell.coordinate, cell.value)
    assert seen >= 4
    # and such a sheet still confirms: the escaping is transparent to confirm
    assert len(read_sheet(path, "2018", config)) == 2 * len(config.catalog.criteria())

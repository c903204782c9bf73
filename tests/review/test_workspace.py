"""Decisions in the workspace: scores validated, stale saves refused without loss, evidence decisions
recorded for the matcher, a unit's confirmation = the record `kiemchung confirm` makes, read by the
report and by a workbook exported afterwards; the pages show what the draft says."""

from __future__ import annotations

import re
from urllib.parse import quote

import review_state as rs
from docx import Document as DocxDocument
from openpyxl import load_workbook
from review_state import csrf_of

from pipeline.run.store import Store

UNIT_URL = "/p/2018/u/" + quote(rs.UNIT)


def _form(client, url: str = UNIT_URL) -> tuple[str, str]:
    page = client.get(url).text
    return csrf_of(page), re.search(r'name="version" value="(\d+)"', page).group(1)


def _save(client, code: str, score: str, note: str = "", version: str | None = None, action: str = "save"):
    csrf, current = _form(client)
    return client.post(UNIT_URL + "/score", data={"csrf": csrf, "version": version or current, "code": code,
                                                  "score": score, "note": note, "action": action},
                       follow_redirects=False)


def test_dashboard_shows_the_district_table_progress_and_flags(client):
    page = client.get("/p/2018").text
    assert rs.UNIT in page and rs.OTHER_UNIT in page
    assert "0/34" in page  # nothing reviewed yet
    assert "duplicate_copies × 1" in page and "missing_plan" in page
    _save(client, "1.1", "3.5")
    page = client.get("/p/2018").text
    assert "1/34" in page


def test_unit_page_rows_evidence_flags_and_flagged_first(client):
    page = client.get(UNIT_URL + "?open=1.1").text
    codes = re.findall(r'<tbody id="c-([\d.]+)"', page)
    assert len(codes) == 34 and codes[:2] == ["1.1", "1.2"]
    assert "Kế hoạch cải cách hành chính năm 2018" in page and "05/KH-UBND" in page
    assert "kế hoạch cải cách hành chính năm" in page  # the match's why
    flagged = client.get(UNIT_URL + "?flagged=1").text
    f_codes = re.findall(r'<tbody id="c-([\d.]+)" class="crit( flagged)?"', flagged)
    firsts = [bool(f) for _c, f in f_codes]
    assert firsts == sorted(firsts, reverse=True) and any(firsts) and not all(firsts)


def test_scores_are_validated(client):
    for bad in ("0.3", "99", "-1", "abc", "nan", ""):
        r = _save(client, "1.1", bad)
        assert r.status_code == 409, bad
        assert 'id="refused"' in r.text
    assert client.app.state.review.ws.edits("2018") == {}
    assert _save(client, "1.1", "2,5").status_code == 303  # a decimal comma is a number
    assert client.app.state.review.ws.edits("2018")[(rs.UNIT, "1.1")].score == 2.5


def test_a_stale_save_is_refused_and_nothing_is_lost(client, app):
    csrf, version = _form(client)
    assert _save(client, "1.1", "3", "first reviewer", version=version).status_code == 303
    r = _save(client, "1.1", "1", "second reviewer", version=version)  # the page was loaded before
    assert r.status_code == 409
    assert "Một người thẩm định khác đã sửa đơn vị này" in r.text  # Vietnamese by default
    edit = app.state.review.ws.edits("2018")[(rs.UNIT, "1.1")]
    assert (edit.score, edit.note) == (3.0, "first reviewer")


def test_evidence_decisions_are_recorded_for_the_matcher(client, state):
    page = client.get(UNIT_URL).text
    ref = re.search(r"([0-9a-f]{64}-d4)\b", page).group(1)
    csrf, version = _form(client)
    r = client.post(UNIT_URL + "/evidence", data={"csrf": csrf, "version": version, "code": "1.2",
                                                  "action": "attach", "doc": ref}, follow_redirects=False)
    assert r.status_code == 303
    csrf, version = _form(client)
    client.post(UNIT_URL + "/evidence", data={"csrf": csrf, "version": version, "code": "1.4",
                                              "action": "detach", "doc": ref})
    store = Store.for_state(state)
    rows = store.evidence_decisions("2018")
    store.close()
    assert [(d.code, d.action, d.document, d.source, d.reviewer) for d in rows] == [
        ("1.2", "attach", "d4", "workspace", rs.REVIEWER), ("1.4", "detach", "d4", "workspace", rs.REVIEWER)]
    d = rows[0]
    assert d.title.startswith("Kế hoạch tuyên truyền") and d.doc_type == "KH" and d.symbol == "12/KH-UBND"
    assert d.file == "Xa Vinh Thanh/ke_hoach_tuyen_truyen.pdf" and len(d.file_sha256) == 64 and d.first_page == 1
    page = client.get(UNIT_URL + "?open=1.2").text
    block = page.split('id="c-1.2"')[1].split("</tbody>")[0]
    assert "12/KH-UBND" in block  # shown as the row's evidence now


def test_confirming_a_unit_is_the_confirm_record_read_by_report_and_workbook(client, state, config, tmp_path):
    from pipeline.output.report import write_report
    from pipeline.output.sheet import COL_NOTE, COL_SCORE, reviewed_scores, write_workbook

    assert _save(client, "1.1", "3.5", "thiếu chữ ký").status_code == 303
    _save(client, "1.2", "", action="accept")
    csrf, version = _form(client)
    assert client.post(UNIT_URL + "/confirm", data={"csrf": csrf, "version": version},
                       follow_redirects=False).status_code == 303
    store = Store.for_state(state)
    try:
        confs = store.confirmations("2018")
        assert [(c.version, c.reviewer) for c in confs] == [(1, rs.REVIEWER)]
        scores = store.confirmed_scores("2018")
        assert {s.unit for s in scores} == {rs.UNIT} and len(scores) == 34
        row = next(s for s in scores if s.code == "1.1")
        assert (row.score, row.note, row.changed, row.draft_score) == (3.5, "thiếu chữ ký", True, 4.0)
        # a second unit confirmed later keeps the first unit's scores in the new version
        other = "/p/2018/u/" + quote(rs.OTHER_UNIT)
        csrf, version = _form(client, other)
        client.post(other + "/confirm", data={"csrf": csrf, "version": version})
        assert {s.unit for s in store.confirmed_scores("2018")} == {rs.UNIT, rs.OTHER_UNIT}
        assert next(s for s in store.confirmed_scores("2018") if s.code == "1.1" and s.unit == rs.UNIT).score == 3.5
        report = write_report("2018", store, config, tmp_path)
        text = "\n".join(c.text for t in DocxDocument(str(report)).tables for r in t.rows for c in r.cells)
        assert rs.UNIT in text
        draft = store.latest_draft("2018")
        book = write_workbook(draft, config, tmp_path / "wb.xlsx", reviewed_scores(store.confirmed_scores("2018")))
    finally:
        store.close()
    ws = load_workbook(book)[rs.UNIT]
    row = next(r for r in range(1, 80) if ws.cell(row=r, column=1).value == "1.1")
    assert ws.cell(row=row, column=COL_SCORE).value == 3.5 and ws.cell(row=row, column=COL_NOTE).value == "thiếu chữ ký"
    # the workspace's own export says the same
    r = client.get("/p/2018/workbook.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_viewer_boxes_the_matched_words_and_header_fields(client):
    page = client.get(UNIT_URL).text
    ref = re.search(r"([0-9a-f]{64}-d2)\b", page).group(1)
    doc = client.get(f"/p/2018/doc/{ref}").text
    # "kế hoạch cải cách hành chính năm": seven words, in the title and again in the body
    assert doc.count('class="box-match"') >= 7
    assert 'class="box-symbol"' in doc and 'class="box-date"' in doc
    assert doc.count('class="copy') == 2 and "bản được giữ" in doc  # the duplicate group, side by side
    # where each header field was read and how sure, in Vietnamese
    assert "Các trường được đọc từ đâu" in doc and "Số, ký hiệu" in doc and "đầu văn bản · độ tin cậy" in doc
    png = client.get(f"/p/2018/doc/{ref}/page/1.png")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    docx_ref = re.search(r"([0-9a-f]{64}-d1)\b", page).group(1)
    text = client.get(f"/p/2018/doc/{docx_ref}").text
    assert "<mark>" in text  # DOCX shown as text, the matched words highlighted


def test_users_add_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from pipeline.review.accounts import verify
    from pipeline.run.cli import app

    state = tmp_path / "st"
    r = CliRunner().invoke(app, ["users", "add", "bình", "--role", "reviewer", "--password-stdin",
                                 "--state", str(state)], input="một-mật-khẩu\n")
    assert r.exit_code == 0, r.output
    bad = CliRunner().invoke(app, ["users", "add", "x", "--role", "boss", "--password-stdin", "--state", str(state)],
                             input="một-mật-khẩu\n")
    assert bad.exit_code == 2
    store = Store.for_state(state)
    assert verify(store, "bình", "một-mật-khẩu").role == "reviewer"
    assert verify(store, "bình", "sai") is None
    store.close()


def test_vietnamese_by_default_english_by_choice(client):
    page = client.get("/p/2018").text
    assert "Đăng xuất" in page and "Bảng tổng hợp toàn huyện" in page
    r = client.post("/lang", data={"csrf": csrf_of(page), "lang": "en", "next": "/p/2018"}, follow_redirects=False)
    assert r.status_code == 303 and "HttpOnly" in r.headers["set-cookie"]
    page = client.get("/p/2018").text
    assert "Sign out" in page and "District table" in page


def test_the_next_runs_workbook_keeps_web_decisions_and_confirms_unchanged(client, state, config, tmp_path):
    from pipeline.output.confirm import confirm_sheet
    from pipeline.run import out_folder
    from pipeline.run.store import default_url

    _save(client, "1.1", "3.5", "thiếu chữ ký")
    csrf, version = _form(client)
    client.post(UNIT_URL + "/confirm", data={"csrf": csrf, "version": version})
    store = Store.for_state(state)
    try:
        draft = store.latest_draft("2018")
        _draft_path, sheet = out_folder.write_outputs(draft, config, tmp_path / "out", default_url(state))
        result = confirm_sheet(sheet, "2018", "clerk", store, config)  # the sheet is accepted as written
        latest = {(s.unit, s.code): s for s in store.confirmed_scores("2018")}
    finally:
        store.close()
    assert result.version == 2
    assert (latest[(rs.UNIT, "1.1")].score, latest[(rs.UNIT, "1.1")].note) == (3.5, "thiếu chữ ký")

"""The pre-submission check: commune clerks upload files for their one unit, see at once what each was
read as, which sub-criteria it supports, whether it repeats a document already submitted, and what the
unit still lacks; another unit's clerk sees nothing of it; the nightly run reads the uploads as a second
source of the unit."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import review_state as rs
from review_state import csrf_of, login
from starlette.testclient import TestClient

from pipeline.run import uploads as up
from pipeline.run.store import Store, Upload

PAGE = "/p/2018/uploads"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def clerks(state):
    rs.add_clerks(state)
    return state


def _client(app, name: str) -> TestClient:
    c = TestClient(app, raise_server_exceptions=False)
    assert login(c, name).status_code == 303
    return c


@pytest.fixture
def clerk(app, clerks):
    return _client(app, rs.CLERK)


def _upload(client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = None):
    if csrf is None:
        csrf = csrf_of(client.get(PAGE).text)
    return client.post(PAGE, data={"csrf": csrf}, files=[("files", (n, b)) for n, b in files],
                       follow_redirects=False)


def _rows(state) -> list[Upload]:
    store = Store.for_state(state)
    try:
        return up.uploads_of(store, "2018")
    finally:
        store.close()


@pytest.fixture
def three(tmp_path, built):
    return [(p.name, p.read_bytes()) for p in rs.upload_files(tmp_path / "up", built["inbox"])]


def test_a_clerk_lands_on_their_units_upload_page_and_nowhere_else(app, clerk):
    home = clerk.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].endswith("/uploads")
    page = clerk.get(PAGE)
    assert page.status_code == 200 and rs.UNIT in page.text and 'type="file"' in page.text
    # the reviewers' pages are not theirs
    for url in ("/p/2018", "/p/2018/u/" + rs.UNIT, "/p/2018/workbook.xlsx"):
        assert clerk.get(url, follow_redirects=False).status_code == 403, url


def test_uploads_are_read_checked_against_the_inbox_and_the_gaps_listed(app, clerk, clerks, three):
    assert _upload(clerk, three).status_code == 303
    app.state.review.reader.drain()
    rows = _rows(clerks)
    assert [(r.name, r.status, r.uploaded_by, r.unit) for r in rows] == [
        (name, "processed", rs.CLERK, rs.UNIT) for name, _b in three]
    page = _text(clerk.get(PAGE).text)
    # what each file was read as, and what it supports
    assert "Kế hoạch số 25/KH-UBND" in page and "ngày 05/02/2018" in page
    assert "Kế hoạch kiểm tra công tác cải cách hành chính năm 2018" in page
    assert "Báo cáo số 61/BC-UBND" in page
    # the repeat of the inbox's plan: "đã có", cite it
    assert ("Đã có: Kế hoạch số 05/KH-UBND (trong hộp hồ sơ: Xa Vinh Thanh/ke_hoach_cchc_2018.pdf) — không cần "
            "nộp lại; hãy dẫn chiếu.") in page
    assert page.count("Đã có:") == 1
    # what the unit still lacks: plans and periodic reports, with deadlines
    lacks = page.split("Còn thiếu")[1].split("Tệp đã tải lên")[0]
    assert "Kế hoạch ĐTBD CBCC (tiêu chí 6.1): chưa có" in lacks
    assert "Báo cáo CCHC năm (tiêu chí 1.3): chưa có; thời hạn 20/12/2018." in lacks
    # the uploaded 6-month report is no longer missing
    assert "6 tháng" not in lacks


def test_a_bad_file_gets_its_sentence_at_once_and_is_not_kept(app, clerk, clerks, state):
    r = _upload(clerk, [("bang_diem.txt", "không phải văn bản".encode()), ("rong.pdf", b"")])
    assert r.status_code == 303
    rows = _rows(clerks)
    assert [(r.status, r.error_code) for r in rows] == [("refused", "unsupported_type"), ("refused", "empty_file")]
    page = _text(clerk.get(r.headers["location"]).text)  # before any reading
    assert "hệ thống không đọc được" in page and "Tệp rỗng" in page
    assert not list((state / "uploads").glob("??/*"))  # refused bytes are not kept


def test_a_zip_is_opened_into_its_documents_within_limits(app, clerk, clerks, three):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in three[1:]:
            zf.writestr("ho so/" + name, data)
        zf.writestr("__MACOSX/._x", b"junk")
        zf.writestr("Thumbs.db", b"junk")
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z2:
            z2.writestr("a.pdf", three[0][1])
        zf.writestr("long_nhau.zip", inner.getvalue())
        zf.writestr("bom.pdf", b"%PDF-1.4\n" + b"0" * (8 << 20))  # 8 MB of zeros packs ~1000x
    assert _upload(clerk, [("ho_so_2018.zip", buf.getvalue())]).status_code == 303
    rows = {r.name: r for r in _rows(clerks)}
    assert set(rows) == {"ke_hoach_kiem_tra.pdf", "bao_cao_6_thang.docx", "long_nhau.zip", "bom.pdf"}
    assert {rows[n].archive for n in rows} == {"ho_so_2018.zip"}
    assert rows["ke_hoach_kiem_tra.pdf"].status == "pending"
    page = _text(clerk.get(PAGE).text)
    assert "Tệp ZIP nằm trong tệp ZIP không được mở" in page
    assert "có thể là tệp độc hại" in page
    assert rows["long_nhau.zip"].status == rows["bom.pdf"].status == "refused"


def test_too_many_files_and_too_large_requests_are_refused_whole(app, clerk, clerks, monkeypatch):
    import pipeline.review.app as web

    csrf = csrf_of(clerk.get(PAGE).text)
    monkeypatch.setattr(up, "MAX_FILES_PER_UPLOAD", 2)
    r = _upload(clerk, [(f"{i}.pdf", b"%PDF-1.4") for i in range(3)], csrf)
    assert r.status_code == 400 and "ít tệp hơn" in r.text and not _rows(clerks)
    monkeypatch.setattr(web, "MAX_UPLOAD_BYTES", 1000)
    r = _upload(clerk, [("a.pdf", b"%PDF-1.4" + b" " * 2000)], csrf)
    assert r.status_code == 413 and "quá lớn" in r.text and not _rows(clerks)


def test_another_units_clerk_cannot_see_or_fetch_and_forms_need_their_token(app, clerk, clerks, three):
    assert _upload(clerk, three[:1], csrf="wrong").status_code == 403
    assert not _rows(clerks)
    assert _upload(clerk, three[:1]).status_code == 303
    upload_id = _rows(clerks)[0].id
    assert clerk.get(f"/up/{upload_id}/file").content == three[0][1]
    other = _client(app, rs.OTHER_CLERK)
    page = other.get(PAGE).text
    assert rs.OTHER_UNIT in page and three[0][0] not in page
    assert other.get(PAGE + "?unit=" + rs.UNIT).text.count(three[0][0]) == 0  # the query names no unit for a clerk
    assert other.get(f"/up/{upload_id}/file").status_code == 404
    csrf = csrf_of(page)
    assert other.post(f"/up/{upload_id}/withdraw", data={"csrf": csrf}, follow_redirects=False).status_code == 404
    assert clerk.post(f"/up/{upload_id}/withdraw", data={"csrf": "forged"}, follow_redirects=False).status_code == 403
    assert _rows(clerks)[0].withdrawn_at is None
    # anonymous: nothing
    anon = TestClient(app, raise_server_exceptions=False)
    assert anon.get(f"/up/{upload_id}/file", follow_redirects=False).status_code in (303, 401)
    assert anon.get(PAGE, follow_redirects=False).status_code == 303
    # a reviewer sees the unit's uploads and may fetch them
    reviewer = _client(app, rs.REVIEWER)
    assert three[0][0] in reviewer.get(PAGE + "?unit=" + rs.UNIT).text
    assert reviewer.get(f"/up/{upload_id}/file").status_code == 200


def test_withdrawal_is_audited_and_closes_with_the_confirmation(app, clerk, clerks, three):
    _upload(clerk, three)
    app.state.review.reader.drain()
    first, *_rest = _rows(clerks)
    csrf = csrf_of(clerk.get(PAGE).text)
    assert clerk.post(f"/up/{first.id}/withdraw", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    row = _rows(clerks)[0]
    assert row.withdrawn_by == rs.CLERK and row.withdrawn_at is not None
    page = _text(clerk.get(PAGE).text)
    assert "đã rút lại lúc" in page and "Đã có:" not in page  # the repeat is gone with it
    # the reviewer confirms the unit: withdrawals and uploads close
    reviewer = _client(app, rs.REVIEWER)
    unit_url = "/p/2018/u/" + rs.UNIT
    html = reviewer.get(unit_url).text
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert reviewer.post(unit_url + "/confirm", data={"csrf": csrf_of(html), "version": version},
                         follow_redirects=False).status_code == 303
    second = _rows(clerks)[1]
    r = clerk.post(f"/up/{second.id}/withdraw", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 409 and "không thể rút" in _text(r.text)
    assert _rows(clerks)[1].withdrawn_at is None
    r = _upload(clerk, three[:1], csrf)
    assert r.status_code == 409 and "đã khóa tải lên" in _text(r.text)


def test_the_nightly_run_reads_the_uploads_as_a_second_source(app, clerk, clerks, three, built, config, tmp_path):
    from openpyxl import load_workbook

    from pipeline.run.runner import run_sequential

    _upload(clerk, three)
    app.state.review.reader.drain()
    withdrawn = _rows(clerks)[2]
    csrf = csrf_of(clerk.get(PAGE).text)
    clerk.post(f"/up/{withdrawn.id}/withdraw", data={"csrf": csrf})
    draft = run_sequential(built["inbox"], "2018", tmp_path / "out", clerks, config, lang="vi").to_json()
    unit = next(u for u in draft["units"] if u["unit"] == rs.UNIT)
    uploaded = {f["path"]: f for f in unit["files"] if f["source"] == "upload"}
    assert set(uploaded) == {f"@upload/{r.id}/{r.name}" for r in _rows(clerks)[:2]}
    assert all(f["source"] == "inbox" for f in unit["files"] if f["path"] not in uploaded)
    assert draft["accounting"]["uploads"] == 2
    assert draft["accounting"]["found"] == len(built["draft"]["accounting"]["ignored_files"]) + sum(
        len(u["files"]) for u in draft["units"])
    assert draft["accounting"]["extracted"] == 0  # read once, when uploaded
    # the repeat is a duplicate group of the run too; the inspection plan is evidence of its sub-criterion
    docs = {d["file"]: d for d in unit["documents"]}
    plan = docs[f"@upload/{_rows(clerks)[1].id}/ke_hoach_kiem_tra.pdf"]
    assert plan["criteria"] and plan["symbol"] == "25/KH-UBND"
    repeat = docs[f"@upload/{_rows(clerks)[0].id}/{three[0][0]}"]
    assert any(repeat["id"] in g["documents"] for g in unit["duplicate_groups"])
    # the sheet names the source
    ws = load_workbook(tmp_path / "out" / "draft_scores.xlsx")[rs.UNIT[:31]]
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "ke_hoach_kiem_tra.pdf (xã tải lên, số" in cells
    assert "Tệp do xã tải lên không gian thẩm định" in cells


def test_commune_accounts_are_bound_to_one_configured_unit(state, config):
    from pipeline.review.accounts import AccountError, add_user

    store = Store.for_state(state)
    units = [u.name for u in config.units.units]
    try:
        with pytest.raises(AccountError, match="gắn với đơn vị"):
            add_user(store, "x", "commune", rs.PASSWORD)
        with pytest.raises(AccountError, match="không phải đơn vị"):
            add_user(store, "x", "commune", rs.PASSWORD, "Xã Không Có", units)
        with pytest.raises(AccountError, match="Chỉ tài khoản của xã"):
            add_user(store, "x", "reviewer", rs.PASSWORD, rs.UNIT)
        add_user(store, "x", "commune", rs.PASSWORD, rs.UNIT, units)
    finally:
        store.close()


def test_cli_adds_a_commune_account_by_its_folder_spelling(state, tmp_path):
    from typer.testing import CliRunner

    from pipeline.run.cli import app as cli
    from pipeline.run.store import User

    r = CliRunner().invoke(cli, ["users", "add", "thu.ky", "--role", "commune", "--unit", "xa vinh thanh",
                                 "--password-stdin", "--state", str(state)], input=rs.PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    store = Store.for_state(state)
    try:
        with store.session() as s:
            assert s.get(User, "thu.ky").unit == rs.UNIT
    finally:
        store.close()


def test_a_clerk_switches_language_and_signs_out(app, clerk):
    csrf = csrf_of(clerk.get(PAGE).text)
    assert clerk.post("/lang", data={"csrf": csrf, "lang": "en", "next": PAGE}, follow_redirects=False).status_code == 303
    assert "Still missing" in clerk.get(PAGE).text
    assert clerk.post("/logout", data={"csrf": csrf}, follow_redirects=False).headers["location"] == "/login"
    assert clerk.get(PAGE, follow_redirects=False).status_code == 303  # signed out


def test_a_reviewer_downloads_a_units_feedback_letter_and_a_clerk_cannot(app, client, clerk, tmp_path):
    from letters_check import text_of

    url = "/p/2018/u/" + rs.UNIT + "/letter.docx"
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    (tmp_path / "l.docx").write_bytes(r.content)
    text = text_of(tmp_path / "l.docx")
    assert "Kính gửi: Ủy ban nhân dân xã Vĩnh Thành" in text and "05/KH-UBND" in text
    assert client.get("/p/2018/u/" + "Xã Không Có" + "/letter.docx").status_code == 404
    assert clerk.get(url, follow_redirects=False).status_code == 403


def test_a_withdrawn_upload_no_longer_counts_in_the_check(app, clerk, clerks, three):
    """The check is kept until its basis changes; a withdrawal changes it: the report the clerk took
    back is missing again."""
    _upload(clerk, three)
    app.state.review.reader.drain()

    def lacks() -> str:
        return _text(clerk.get(PAGE).text).split("Còn thiếu")[1].split("Tệp đã tải lên")[0]

    assert "6 tháng" not in lacks()
    report = _rows(clerks)[2]
    assert report.name == "bao_cao_6_thang.docx"
    clerk.post(f"/up/{report.id}/withdraw", data={"csrf": csrf_of(clerk.get(PAGE).text)})
    assert "6 tháng" in lacks()

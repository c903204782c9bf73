"""A small real state for the review workspace tests: text PDFs and a DOCX in two unit folders, run
through the real pipeline (`runner.run_sequential`, no OCR), a reviewer account added.

Shared by tests/review and bench/bench_review.py (imported by bare name: tests/ is on sys.path).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docx import Document as DocxDocument
from extract_fixtures import text_pdf

from pipeline.core.config import Config

REVIEWER, PASSWORD = "an.nguyen", "mật-khẩu-dài-2018"
ADMIN = "admin"
PERIOD = "2018"
UNIT = "Xã Vĩnh Thành"
OTHER_UNIT = "TT Phú Lộc"
# a title holding markup: the workspace must show it as text
SCRIPT_TITLE = "Báo cáo <script>alert(1)</script> kết quả cải cách hành chính quý I năm 2018"


def _header(symbol: str, place: str, day: int, month: int) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", "XÃ VĨNH THÀNH", f"Số: {symbol}",
            f"{place}, ngày {day:02d} tháng {month:02d} năm 2018"]


def make_inbox(inbox: Path) -> Path:
    unit, other = inbox / "Xa Vinh Thanh", inbox / "TT Phu Loc"
    unit.mkdir(parents=True)
    other.mkdir(parents=True)
    plan = _header("05/KH-UBND", "Vĩnh Thành", 15, 1) + [
        "KẾ HOẠCH", "Cải cách hành chính năm 2018",
        "Thực hiện chương trình cải cách hành chính của huyện, Ủy ban nhân dân xã ban hành",
        "kế hoạch cải cách hành chính năm 2018 như sau:", "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG"]
    text_pdf(unit / "ke_hoach_cchc_2018.pdf", [plan])
    shutil.copy(unit / "ke_hoach_cchc_2018.pdf", unit / "ke_hoach_cchc_2018_ban_sao.pdf")  # a duplicate
    propaganda = _header("12/KH-UBND", "Vĩnh Thành", 20, 1) + [
        "KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2018",
        "Nhằm nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính"]
    text_pdf(unit / "ke_hoach_tuyen_truyen.pdf", [propaganda])
    d = DocxDocument()
    for line in _header("30/BC-UBND", "Vĩnh Thành", 10, 4) + ["BÁO CÁO", SCRIPT_TITLE,
                                                             "Kết quả thực hiện công tác cải cách hành chính quý I."]:
        d.add_paragraph(line)
    d.save(str(unit / "bao_cao_quy_1.docx"))
    text_pdf(other / "ke_hoach_phu_loc.pdf", [["ỦY BAN NHÂN DÂN", "THỊ TRẤN PHÚ LỘC", "Số: 07/KH-UBND",
                                              "Phú Lộc, ngày 12 tháng 01 năm 2018", "KẾ HOẠCH",
                                              "Cải cách hành chính năm 2018"]])
    return inbox


def csrf_of(html: str) -> str:
    """The CSRF token of a page's first form."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, name: str = REVIEWER, password: str = PASSWORD):
    """Sign a Starlette TestClient in (the login form's own token first)."""
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": password, "next": "/"},
                       follow_redirects=False)


def build_state(base: Path, config: Config) -> dict:
    """Inbox, a completed run of period 2018 in base/state, and accounts; returns the paths."""
    from pipeline.review.accounts import add_user
    from pipeline.run.runner import run_sequential
    from pipeline.run.store import Store

    inbox = make_inbox(base / "inbox")
    state, out = base / "state", base / "out"
    draft = run_sequential(inbox, PERIOD, out, state, config, lang="vi").to_json()
    store = Store.for_state(state)
    add_user(store, REVIEWER, "reviewer", PASSWORD)
    add_user(store, ADMIN, "admin", PASSWORD)
    store.close()
    return {"inbox": inbox, "state": state, "out": out, "draft": draft}


# ---- commune clerks and their uploads (the pre-submission check) -------------------------------------

CLERK, OTHER_CLERK = "van.thu.vinhthanh", "van.thu.phuloc"


def add_clerks(state: Path) -> None:
    """A clerk of UNIT and one of OTHER_UNIT (commune accounts)."""
    from pipeline.review.accounts import add_user
    from pipeline.run.store import Store

    store = Store.for_state(state)
    try:
        add_user(store, CLERK, "commune", PASSWORD, UNIT)
        add_user(store, OTHER_CLERK, "commune", PASSWORD, OTHER_UNIT)
    finally:
        store.close()


def upload_files(folder: Path, inbox: Path) -> list[Path]:
    """Three files a clerk of UNIT uploads: the CCHC plan the inbox already holds (a repeat), a new
    inspection plan (PDF) and a quarterly report (DOCX)."""
    folder.mkdir(parents=True, exist_ok=True)
    repeat = folder / "KH_CCHC_2018_scan_lai.pdf"
    shutil.copy(inbox / "Xa Vinh Thanh" / "ke_hoach_cchc_2018.pdf", repeat)
    inspection = folder / "ke_hoach_kiem_tra.pdf"
    text_pdf(inspection, [_header("25/KH-UBND", "Vĩnh Thành", 5, 2) + [
        "KẾ HOẠCH", "Kiểm tra công tác cải cách hành chính năm 2018",
        "Thực hiện kế hoạch cải cách hành chính năm 2018, Ủy ban nhân dân xã ban hành kế hoạch kiểm tra",
        "công tác cải cách hành chính tại các bộ phận chuyên môn như sau:", "I. MỤC ĐÍCH, YÊU CẦU"]])
    report = folder / "bao_cao_6_thang.docx"
    d = DocxDocument()
    for line in _header("61/BC-UBND", "Vĩnh Thành", 15, 6) + [
            "BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2018",
            "Ủy ban nhân dân xã báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm."]:
        d.add_paragraph(line)
    d.save(str(report))
    return [repeat, inspection, report]

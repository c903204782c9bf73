"""One reviewer's session in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium with explicit paths: Selenium Manager never downloads anything): sign in, open a unit, open a
flagged sub-criterion, see the page image with the matched words boxed, change a score with a note,
confirm, and find the change in the DOCX report and the audit trail. Saves the README's two
screenshots (docs/img/)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
import review_state as rs
from docx import Document as DocxDocument

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian packages chromium and chromium-driver are not installed "
                              "(scripts/bootstrap.sh installs them)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app):
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # should Selenium Manager ever run, it must not download
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=vi", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_a_reviewer_changes_a_score_and_the_report_shows_it(server, browser, state, config, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pipeline.output.report import write_report
    from pipeline.run.store import Store

    b = browser
    b.get(server + "/")
    assert "/login" in b.current_url
    b.find_element(By.ID, "name").send_keys(rs.REVIEWER)
    b.find_element(By.ID, "password").send_keys(rs.PASSWORD)
    b.find_element(By.ID, "signin").click()
    assert b.find_element(By.ID, "district")
    b.find_element(By.LINK_TEXT, rs.UNIT).click()
    b.find_element(By.ID, "flagged-toggle").click()
    assert "flagged=1" in b.current_url

    # the first flagged sub-criterion that has evidence: 1.1 (the plan, sent twice)
    row = b.find_element(By.CSS_SELECTOR, "tbody#c-1\\.1")
    assert "flagged" in row.get_attribute("class")
    row.find_element(By.CSS_SELECTOR, "a.toggle").click()  # the row opens to its evidence
    assert "open=1.1" in b.current_url and "flagged=1" in b.current_url
    detail = b.find_element(By.ID, "d-1.1")
    assert detail.is_displayed()
    assert "05/KH-UBND" in detail.text
    IMG.mkdir(parents=True, exist_ok=True)
    b.execute_script("window.scrollTo(0, document.querySelector('h1').offsetTop - 10)")
    b.save_screenshot(str(IMG / "review_unit.png"))

    detail.find_element(By.CSS_SELECTOR, "a.doc-link").click()
    boxes = b.find_elements(By.CSS_SELECTOR, "svg.page-svg rect.box-match")
    assert len(boxes) >= 7
    assert b.find_elements(By.CSS_SELECTOR, "svg.page-svg rect.box-symbol")
    assert b.find_elements(By.CSS_SELECTOR, "svg.page-svg rect.box-date")
    # the page image itself was served and decoded (an <image> inside the SVG has a box when loaded)
    loaded = b.execute_script(
        "var i = document.querySelector('svg.page-svg image');"
        "return fetch(i.getAttribute('href')).then(r => r.ok && r.headers.get('content-type'));")
    assert loaded == "image/png"
    b.execute_script("window.scrollTo(0, document.querySelector('p.legend').offsetTop - 10)")
    b.save_screenshot(str(IMG / "review_viewer.png"))

    b.back()
    detail = b.find_element(By.ID, "d-1.1")
    score = detail.find_element(By.CSS_SELECTOR, "input.score-input")
    score.clear()
    score.send_keys("3.5")
    detail.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("Kế hoạch thiếu chữ ký")
    detail.find_element(By.CSS_SELECTOR, "button.save-score").click()
    # the save reloads the page: wait for the new one (the old row may still answer, then go stale)
    WebDriverWait(b, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "3.5" in d.find_element(By.CSS_SELECTOR, "tbody#c-1\\.1 td.score").text)
    b.find_element(By.ID, "confirm-unit").click()
    assert not b.find_elements(By.ID, "refused")

    store = Store.for_state(state)
    try:
        trail = [s for s in store.confirmed_scores("2018") if s.unit == rs.UNIT and s.code == "1.1"]
        assert [(s.draft_score, s.score, s.note, s.changed) for s in trail] == [(4.0, 3.5, "Kế hoạch thiếu chữ ký", True)]
        assert store.confirmations("2018")[-1].reviewer == rs.REVIEWER
        draft_total = next(u for u in store.latest_draft("2018").units if u.unit == rs.UNIT).draft_total
        report = write_report("2018", store, config, tmp_path)
    finally:
        store.close()
    rows = [[c.text for c in r.cells] for t in DocxDocument(str(report)).tables for r in t.rows]
    unit_row = next(r for r in rows if rs.UNIT in r)
    expected = f"{draft_total - 0.5:g}/100"
    assert expected in unit_row, (unit_row, expected)


def _sign_in(b, server: str, name: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    b.get(server + "/login")
    b.find_element(By.ID, "name").send_keys(name)
    b.find_element(By.ID, "password").send_keys(rs.PASSWORD)
    b.find_element(By.ID, "signin").click()
    WebDriverWait(b, 20).until(lambda d: "/login" not in d.current_url)


def test_a_commune_clerk_uploads_and_sees_the_repeat_and_the_missing_plan(server, browser, app, state, built,
                                                                          config, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pipeline.run.runner import run_sequential
    from pipeline.run.store import Store
    from pipeline.run.uploads import uploads_of

    rs.add_clerks(state)
    files = rs.upload_files(tmp_path / "up", built["inbox"])
    b = browser
    _sign_in(b, server, rs.CLERK)
    b.get(server + "/p/2018/uploads")  # the clerk lands on the current year; the test's inbox is 2018
    b.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in files))
    b.find_element(By.ID, "upload").click()
    # read in the background; the page refreshes itself until every file is read
    WebDriverWait(b, 90, poll_frequency=1, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "Đã có:" in d.find_element(By.ID, "uploads").text and "đang đọc" not in d.page_source)
    table = b.find_element(By.ID, "uploads").text
    assert "Đã có: Kế hoạch số 05/KH-UBND" in table and "không cần nộp lại" in table
    assert "Kế hoạch số 25/KH-UBND" in table and "Báo cáo số 61/BC-UBND" in table
    lacks = b.find_element(By.ID, "lacks").text
    assert "Kế hoạch ĐTBD CBCC (tiêu chí 6.1): chưa có" in lacks  # a missing plan
    IMG.mkdir(parents=True, exist_ok=True)
    b.save_screenshot(str(IMG / "uploads.png"))
    b.find_element(By.ID, "logout").click()
    WebDriverWait(b, 20).until(lambda d: "/login" in d.current_url)

    store = Store.for_state(state)
    try:
        rows = uploads_of(store, "2018")
    finally:
        store.close()
    assert [r.name for r in rows] == [p.name for p in files]
    # another commune's clerk: neither sees them nor fetches them
    _sign_in(b, server, rs.OTHER_CLERK)
    b.get(server + "/p/2018/uploads")
    assert rs.OTHER_UNIT in b.find_element(By.TAG_NAME, "h1").text
    assert not any(p.name in b.page_source for p in files)
    b.get(f"{server}/up/{rows[1].id}/file")
    assert "Không tìm thấy" in b.page_source

    # the next nightly run holds the uploads, with their source
    draft = run_sequential(built["inbox"], "2018", tmp_path / "out", state, config, lang="vi")
    unit = draft.unit(rs.UNIT)
    assert {f.path: f.source for f in unit.files if f.source == "upload"} == {
        f"@upload/{r.id}/{r.name}": "upload" for r in rows}

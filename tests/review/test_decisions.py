"""A decision is one store transaction (a crash half-way leaves nothing written), and the page data
the workspace keeps in memory is rebuilt after any write: this reviewer's, another reviewer's, or one
made outside the web app (`kiemchung confirm`, a new run)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import review_state as rs
from review_state import csrf_of, login
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.testclient import TestClient

from pipeline.review.accounts import add_user
from pipeline.review.workspace import Workspace
from pipeline.run.store import ReviewEdit, ReviewUnit, Store

UNIT_URL = "/p/2018/u/" + quote(rs.UNIT)
SECOND, SECOND_PASSWORD = "binh.tran", "mật-khẩu-thứ-hai"


def _form(client, url: str = UNIT_URL) -> tuple[str, str]:
    page = client.get(url).text
    return csrf_of(page), re.search(r'name="version" value="(\d+)"', page).group(1)


def _score_shown(client, code: str) -> str:
    block = client.get(UNIT_URL).text.split(f'id="c-{code}"')[1].split("</tbody>")[0]
    return re.search(r'<td class="score">([^<]*)</td>', block).group(1)


def _save(client, code: str, score: str, note: str = ""):
    csrf, version = _form(client)
    return client.post(UNIT_URL + "/score", data={"csrf": csrf, "version": version, "code": code,
                                                  "score": score, "note": note, "action": "save"},
                       follow_redirects=False)


def _written(state) -> dict:
    """What the store holds of the unit's decisions."""
    store = Store.for_state(state)
    try:
        with store.session() as s:
            unit = s.get(ReviewUnit, ("2018", rs.UNIT))
            edits = {e.code: e.score for e in s.scalars(select(ReviewEdit).where(ReviewEdit.unit == rs.UNIT))}
        return {"version": unit.version if unit else 0, "confirmed": unit.confirmed_version if unit else None,
                "edits": edits, "confirmations": [c.version for c in store.confirmations("2018")],
                "evidence": [(d.code, d.action, d.document) for d in store.evidence_decisions("2018")]}
    finally:
        store.close()


# ---- one transaction per decision ------------------------------------------------------------------


def test_a_confirmation_failing_half_way_writes_nothing(client, state, monkeypatch):
    assert _save(client, "1.1", "3.5", "thiếu chữ ký").status_code == 303
    before = _written(state)
    assert before["edits"] == {"1.1": 3.5} and before["confirmations"] == []

    def crash(self, s, period, unit, conf_version):  # the last step: after the version and the record
        raise RuntimeError("power cut")

    monkeypatch.setattr(Workspace, "_clear_edits", crash)
    csrf, version = _form(client)
    r = client.post(UNIT_URL + "/confirm", data={"csrf": csrf, "version": version}, follow_redirects=False)
    assert r.status_code == 500
    assert _written(state) == before  # no confirmation, the version not taken, the edit still pending
    monkeypatch.undo()
    # the reviewer can confirm again with the page they had: nothing was half-done
    r = client.post(UNIT_URL + "/confirm", data={"csrf": csrf, "version": version}, follow_redirects=False)
    assert r.status_code == 303
    after = _written(state)
    assert after["confirmations"] == [1] and after["edits"] == {} and after["version"] == before["version"] + 1


def test_an_evidence_decision_failing_half_way_writes_nothing(client, state):
    """The decision's record is refused by the database (no reviewer: NOT NULL) after the unit's
    version was taken in the same transaction: the version is not taken either."""
    ws = client.app.state.review.ws
    ref = re.search(r"([0-9a-f]{64}-d4)\b", client.get(UNIT_URL).text).group(1)
    before = _written(state)
    with pytest.raises(IntegrityError):
        ws.decide_evidence("2018", rs.UNIT, "1.2", before["version"], None, "attach", ref)
    assert _written(state) == before
    ws.decide_evidence("2018", rs.UNIT, "1.2", before["version"], rs.REVIEWER, "attach", ref)
    assert _written(state)["evidence"] == [("1.2", "attach", "d4")]


def test_a_score_failing_half_way_writes_nothing(client, state):
    ws = client.app.state.review.ws
    before = _written(state)
    with pytest.raises(IntegrityError):
        ws.save_score("2018", rs.UNIT, "1.1", before["version"], None, "3", None)
    assert _written(state) == before
    assert ws.save_score("2018", rs.UNIT, "1.1", before["version"], rs.REVIEWER, "3", None) == before["version"] + 1


# ---- the kept page data is rebuilt after every write ---------------------------------------------------


def test_the_unit_page_is_kept_until_something_is_written(client):
    ws = client.app.state.review.ws
    first = ws.unit_rows("2018", rs.UNIT)
    assert ws.unit_rows("2018", rs.UNIT) is first  # built once
    assert ws.dashboard("2018") is ws.dashboard("2018")
    assert _save(client, "1.1", "3.5").status_code == 303
    assert ws.unit_rows("2018", rs.UNIT) is not first


def test_a_save_shows_on_the_next_page_load(client):
    assert _score_shown(client, "1.1") == "—"
    dashboard = client.get("/p/2018").text
    assert _save(client, "1.1", "3.5", "thiếu chữ ký").status_code == 303
    assert _score_shown(client, "1.1") == "3.5"
    assert client.get("/p/2018").text != dashboard  # progress and table moved too
    csrf, version = _form(client)
    assert version == "1"


def test_another_reviewers_save_shows_on_my_next_page_load(client, app):
    add_user(app.state.review.store, SECOND, "reviewer", SECOND_PASSWORD)
    other = TestClient(app, raise_server_exceptions=False)
    assert login(other, SECOND, SECOND_PASSWORD).status_code == 303
    assert _score_shown(client, "1.1") == "—" and _score_shown(other, "1.1") == "—"  # both built and kept
    assert _save(other, "1.1", "2").status_code == 303
    assert _score_shown(client, "1.1") == "2"
    _csrf, version = _form(client)
    assert version == "1"  # my next save names their version, not a stale one


def test_writes_from_outside_the_app_show_on_the_next_page_load(client, state):
    """`kiemchung confirm` or a new run writes with its own store (another process): the page data is
    rebuilt from the store's stamp, not from what this process wrote."""
    assert _score_shown(client, "1.1") == "—"
    store = Store.for_state(state)
    try:
        draft = store.latest_draft("2018")
        crit = next(c for c in draft.unit(rs.UNIT).criteria if c.code == "1.1")
        store.add_confirmation("2018", "clerk", "0" * 64, [{
            "unit": rs.UNIT, "code": "1.1", "max": crit.max, "self_score": crit.self_score,
            "draft_score": crit.draft_score, "score": 1.5, "note": "từ bảng tính"}])
        assert _score_shown(client, "1.1") == "1.5"
        crit.name = "Tên mới của lần chạy sau"
        store.save_draft("2018", draft)
    finally:
        store.close()
    assert "Tên mới của lần chạy sau" in client.get(UNIT_URL).text


def test_a_kept_unit_page_carries_each_sessions_own_csrf_token(app):
    kept = app.state.review.unit_pages
    first, second = (TestClient(app, raise_server_exceptions=False) for _ in range(2))
    assert login(first).status_code == 303 and login(second).status_code == 303
    page_a, page_b = first.get(UNIT_URL).text, second.get(UNIT_URL).text
    csrf_a, csrf_b = csrf_of(page_a), csrf_of(page_b)
    assert csrf_a != csrf_b and csrf_a not in page_b and kept.csrf_placeholder not in page_b
    assert page_a.replace(csrf_a, "T") == page_b.replace(csrf_b, "T")  # rendered once, kept
    assert len(kept._pages) == 1
    version = re.search(r'name="version" value="(\d+)"', page_b).group(1)
    r = second.post(UNIT_URL + "/score", data={"csrf": csrf_b, "version": version, "code": "1.1", "score": "2",
                                               "note": "", "action": "save"}, follow_redirects=False)
    assert r.status_code == 303
    assert _score_shown(first, "1.1") == "2"  # the kept page was for the data before the save

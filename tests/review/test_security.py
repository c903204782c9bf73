"""The workspace's refusals: no session, no CSRF token, documents outside the period's draft or named
by a path, markup in a title, guessed passwords, tracebacks."""

from __future__ import annotations

import re
from urllib.parse import quote

import review_state as rs
from review_state import csrf_of, login

from pipeline.review.app import CSP, ROUTES

UNIT_URL = "/p/2018/u/" + quote(rs.UNIT)


def _concrete(path: str, ref: str) -> str:
    return (path.replace("{period}", "2018").replace("{unit}", quote(rs.UNIT)).replace("{ref}", ref)
            .replace("{n:int}", "1").replace("{id:int}", "1"))


def _a_ref(client) -> str:
    return re.search(r"([0-9a-f]{64}-d\d+)", client.get(UNIT_URL).text).group(1)


def test_every_route_needs_a_session(anon, client):
    ref = _a_ref(client)
    checked = 0
    for route in ROUTES:
        if route.path == "/login":
            continue
        url = _concrete(route.path, ref)
        for method in route.methods - {"HEAD"}:
            r = anon.request(method, url, follow_redirects=False, data={} if method == "POST" else None)
            if method == "GET" and not url.endswith(".png"):
                assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, url)
            else:
                assert r.status_code == 401, (method, url, r.status_code)
            checked += 1
    assert checked >= 10


def test_every_post_without_its_csrf_token_is_refused(client, anon):
    ref = _a_ref(client)
    for route in ROUTES:
        if "POST" not in route.methods:
            continue
        url = _concrete(route.path, ref)
        r = client.post(url, data={"version": "0", "code": "1.1", "score": "1", "action": "save", "doc": ref},
                        follow_redirects=False)
        assert r.status_code == 403, (url, r.status_code)
        r = client.post(url, data={"csrf": "forged", "version": "0", "code": "1.1"}, follow_redirects=False)
        assert r.status_code == 403, url
    # the login form too (double-submit token: the cookie and the field must agree)
    r = anon.post("/login", data={"name": rs.REVIEWER, "password": rs.PASSWORD}, follow_redirects=False)
    assert r.status_code == 403
    # nothing was recorded by the refused posts
    assert client.app.state.review.ws.edits("2018") == {}


def test_documents_of_another_period_or_named_by_a_path_are_not_found(client, state):
    from pipeline.run.store import Store

    ref = _a_ref(client)
    store = Store.for_state(state)
    draft = store.latest_draft("2018")
    other = draft.model_copy(update={"period": "2017", "units": [u for u in draft.units if u.unit != rs.UNIT]})
    store.save_draft("2017", other)
    store.close()
    assert client.get(f"/p/2018/doc/{ref}").status_code == 200
    assert client.get(f"/p/2017/doc/{ref}").status_code == 404
    assert client.get(f"/p/2017/doc/{ref}/page/1.png").status_code == 404
    for crafted in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", quote("Xa Vinh Thanh/ke_hoach_cchc_2018.pdf", safe=""),
                    "0" * 64 + "-d1", ref[:-1] + "9", ref + "%2F..%2F" + ref, ref.upper()):
        assert client.get(f"/p/2018/doc/{crafted}").status_code == 404, crafted
        assert client.get(f"/p/2018/doc/{crafted}/page/1.png").status_code == 404, crafted
    assert client.get(f"/p/2018/doc/{ref}/page/99.png").status_code == 404  # outside the document
    assert client.get("/p/..%2F2018").status_code == 404


def test_a_title_holding_markup_is_shown_as_text(client):
    unit = client.get(UNIT_URL + "?open=1.3").text
    assert "<script>alert(1)</script>" not in unit
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unit
    ref = re.search(r"/p/2018/doc/([0-9a-f]{64}-d1)\b", unit).group(1)
    doc = client.get(f"/p/2018/doc/{ref}").text
    assert "<script>alert" not in doc and "&lt;script&gt;alert(1)" in doc


def test_cookies_headers_and_no_traceback(anon, client, monkeypatch):
    page = anon.get("/login")
    assert page.headers["content-security-policy"] == CSP and "'unsafe-inline'" not in CSP
    r = login(anon)
    cookie = r.headers["set-cookie"]
    assert "kc_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")

    def boom(period):
        raise RuntimeError("secret detail /srv/state/store.sqlite")

    monkeypatch.setattr(client.app.state.review.ws, "dashboard", boom)
    r = client.get("/p/2018")
    assert r.status_code == 500
    assert "Traceback" not in r.text and "secret detail" not in r.text and "RuntimeError" not in r.text
    assert r.headers["content-security-policy"] == CSP


def test_logout_ends_the_session(client):
    assert client.get("/p/2018", follow_redirects=False).status_code == 200
    csrf = csrf_of(client.get("/p/2018").text)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/p/2018", follow_redirects=False).status_code == 303


def test_guessed_passwords_are_throttled(anon):
    for _ in range(5):
        assert login(anon, password="wrong-password").status_code == 401
    r = login(anon)  # the right password, too late
    assert r.status_code == 429
    assert "Traceback" not in r.text


def test_open_redirect_after_login_is_refused(anon):
    page = anon.get("/login")
    r = anon.post("/login", data={"csrf": csrf_of(page.text), "name": rs.REVIEWER, "password": rs.PASSWORD,
                                  "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/"
